// Package srvruntime is the shared runtime of every generated server. The
// generator copies server.go and form.go into the server package as runtime_server.go and runtime_form.go,
// unchanged except for the package clause: routing, parameter binding,
// body decoding and validation, and result and error encoding live here,
// so generated operation handlers are a few lines each.
//
// This file stands in for what the generated package defines around the
// runtime, so the runtime compiles and is tested on its own.
package srvruntime

// serverName prefixes log messages.
const serverName = "srvruntime"

// Service is the generated interface with one method per operation.
type Service any
