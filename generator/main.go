// Command generator turns an OpenAPI 3.0/3.1/3.2 or Swagger 2.0 document into a Go client.
// It is the atriumgen command (generator/cmd/atriumgen) under another
// name; both run package cli.
//
//	go run ./generator -config atriumgen.yaml
//	go run ./generator -spec spec/atrium.yaml -out generated/atrium -package atrium
//
// With -server-out it also writes a server package (http.Handler over a
// Service interface) that imports the client package for its models:
//
//	go run ./generator -spec spec/atrium.yaml -out generated/atrium -package atrium -server-out generated/atriumserver
//
// With -check it writes nothing and exits 1 with a diff when the files on
// disk are stale. Spec problems are printed one per line as
// file:line:col: /json/pointer: what is wrong, and exit 1.
//
//	go run ./generator diff -base OLD -head NEW [-format markdown|full|json|github] [-fail-on LEVEL]
//
// reports what a spec change does to clients and to the generated Go API;
// see package specdiff.
package main

//go:generate go run . -config ../atriumgen.yaml

import (
	"io"
	"os"

	"github.com/atriumgen/atriumgen/generator/internal/cli"
	"github.com/atriumgen/atriumgen/generator/internal/emit"
	"github.com/atriumgen/atriumgen/generator/internal/write"
)

func main() {
	cli.TuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command line (see package cli); tests call it directly.
func run(args []string, stdout, stderr io.Writer) int {
	return cli.Main("generator", args, stdout, stderr)
}

// toWrite is cli.ToWrite, for the tests.
func toWrite(files []emit.File) []write.File { return cli.ToWrite(files) }
