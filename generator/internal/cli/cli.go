// Package cli is the generator's command line, shared by the atriumgen
// command (generator/cmd/atriumgen) and `go run ./generator`.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/emit"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
	"github.com/atriumgen/atriumgen/generator/internal/specdiff"
	"github.com/atriumgen/atriumgen/generator/internal/write"
)

// Main runs the command named name (it is the name usage lines show) with
// args (without the program name) and returns the exit status: 0 done, 1
// a spec problem or stale output, 2 a usage error.
func Main(name string, args []string, stdout, stderr io.Writer) int {
	return run(name, args, stdout, stderr)
}

func run(name string, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "diff":
			return specdiff.Main(args[1:], stdout, stderr)
		case "version", "-version", "--version":
			fmt.Fprintf(stdout, "%s %s\n", name, Version())
			return 0
		}
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
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
		fmt.Fprintln(stderr, "usage: "+name+" -spec FILE -out DIR [-package NAME] [-server-out DIR [-server-package NAME]] [-check] [-skip-unsupported] [-nullable-pointers]")
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
	outs := []output{{*out, ToWrite(res.Files)}}
	if *serverOut != "" {
		outs = append(outs, output{*serverOut, ToWrite(res.ServerFiles)})
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

// ToWrite turns emitted files into files to write.
func ToWrite(files []emit.File) []write.File {
	out := make([]write.File, len(files))
	for i, f := range files {
		out[i] = write.File{Path: f.Path, Content: f.Content}
	}
	return out
}
