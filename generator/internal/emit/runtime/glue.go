// Package sdkruntime is the shared runtime of every generated client. The
// generator copies each file here except this one into the output package,
// unchanged except for the package clause, so a fix made here reaches every
// operation of every SDK at once. Generated methods are a few lines each
// over newRequest and the do functions.
//
// This file stands in for what the generated package defines around the
// runtime, so the runtime compiles and is tested on its own.
package sdkruntime

const sdkName = "sdkruntime"
