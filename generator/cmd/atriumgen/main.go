// Command atriumgen turns an OpenAPI document into a Go client (and,
// optionally, a server package).
//
// Install it as a tool of your module (Go 1.24+):
//
//	go get -tool github.com/atriumgen/atriumgen/generator/cmd/atriumgen@latest
//	go tool atriumgen init openapi.yaml > atriumgen.yaml
//	go tool atriumgen -config atriumgen.yaml
//
// or as a binary with go install …/generator/cmd/atriumgen@VERSION. The
// recommended recipe is a go:generate line beside the config:
//
//	//go:generate go tool atriumgen -config atriumgen.yaml
//
// `atriumgen diff -base OLD -head NEW` reports what a spec change does to
// clients; `atriumgen -version` prints the version. See the project README
// for every flag and config field.
package main

import (
	"os"

	"github.com/atriumgen/atriumgen/generator/internal/cli"
)

func main() {
	cli.TuneGC()
	os.Exit(cli.Main("atriumgen", os.Args[1:], os.Stdout, os.Stderr))
}
