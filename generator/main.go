// Command generator turns an OpenAPI 3.0/3.1 document into a Go client.
//
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
//	go run ./generator diff -base OLD -head NEW [-format json] [-allow-breaking]
//
// reports what a spec change does to clients and to the generated Go API;
// see package specdiff.
package main

//go:generate go run . -spec ../spec/atrium.yaml -out ../generated/atrium -package atrium -nullable-pointers -server-out ../generated/atriumserver -server-package atriumserver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/emit"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
	"github.com/atriumgen/atriumgen/generator/internal/specdiff"
	"github.com/atriumgen/atriumgen/generator/internal/write"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "diff" {
		return specdiff.Main(args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("generator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	spec := fs.String("spec", "", "OpenAPI 3.0/3.1 document (YAML or JSON)")
	out := fs.String("out", "", "output directory of the Go package")
	pkg := fs.String("package", "", "Go package name (default: base name of -out)")
	importPath := fs.String("import", "", "import path of the output package (default: from the nearest go.mod)")
	check := fs.Bool("check", false, "write nothing; exit 1 with a diff when the output is stale")
	skip := fs.Bool("skip-unsupported", false, "leave out, with a warning, operations and fields using constructs the generator cannot express")
	nullPtrs := fs.Bool("nullable-pointers", false, "make optional nullable fields *T (nil for absent and null) instead of Nullable[T]")
	serverOut := fs.String("server-out", "", "output directory of the server package (default: no server)")
	serverPkg := fs.String("server-package", "", "Go package name of the server (default: base name of -server-out)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *spec == "" || *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: generator -spec FILE -out DIR [-package NAME] [-server-out DIR [-server-package NAME]] [-check] [-skip-unsupported] [-nullable-pointers]")
		return 2
	}
	if *pkg == "" {
		*pkg = filepath.Base(*out)
	}
	if *serverOut != "" && *serverPkg == "" {
		*serverPkg = filepath.Base(*serverOut)
	}
	if *serverOut != "" && filepath.Clean(*serverOut) == filepath.Clean(*out) {
		fmt.Fprintln(stderr, "-server-out must differ from -out")
		return 2
	}
	if *serverOut != "" {
		if err := write.Nested(*out, *serverOut); err != nil {
			fmt.Fprintln(stderr, "-out and -server-out: "+err.Error())
			return 2
		}
	}
	if *serverOut == "" && *serverPkg != "" {
		fmt.Fprintln(stderr, "-server-package needs -server-out")
		return 2
	}
	if *importPath == "" {
		*importPath = pipeline.ImportPath(*out)
	}
	res, err := pipeline.Run(pipeline.Config{Spec: *spec, Package: *pkg, ImportPath: *importPath, SkipUnsupported: *skip, ServerPackage: *serverPkg, NullablePointers: *nullPtrs})
	if res != nil {
		for _, w := range res.Diags.Warnings() {
			fmt.Fprintln(stderr, w.String())
		}
	}
	if err != nil {
		var list diag.List
		if errors.As(err, &list) {
			for _, d := range list {
				fmt.Fprintln(stderr, d.String())
			}
		} else {
			fmt.Fprintln(stderr, err)
		}
		return 1
	}
	outs := []output{{*out, toWrite(res.Files)}}
	if *serverOut != "" {
		outs = append(outs, output{*serverOut, toWrite(res.ServerFiles)})
	}
	if *check {
		stale := false
		for _, o := range outs {
			d, err := write.Check(o.dir, o.files)
			if err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
			if d != "" {
				fmt.Fprintf(stdout, "%s is stale; run the generator:\n%s", o.dir, d)
				stale = true
			}
		}
		if stale {
			return 1
		}
		return 0
	}
	for _, o := range outs {
		// Every output is checked before the first one is written.
		if err := write.Preflight(o.dir, o.files); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	for _, o := range outs {
		changed, err := write.Dir(o.dir, o.files)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		if len(changed) > 0 {
			fmt.Fprintf(stdout, "%s: %d files updated\n", o.dir, len(changed))
		}
	}
	return 0
}

// output is one package directory and its files.
type output struct {
	dir   string
	files []write.File
}

func toWrite(files []emit.File) []write.File {
	out := make([]write.File, len(files))
	for i, f := range files {
		out[i] = write.File{Path: f.Path, Content: f.Content}
	}
	return out
}
