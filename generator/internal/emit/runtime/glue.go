// Package sdkruntime is the source of the runtime file copied into every
// generated SDK. Only runtime.go is copied; this file stands in for what
// the generated package defines around it, so the runtime compiles and is
// tested on its own.
package sdkruntime

const sdkName = "sdkruntime"
