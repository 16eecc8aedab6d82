// Package cli is the generator's command line, shared by the atriumgen
// command (generator/cmd/atriumgen) and `go run ./generator`.
package cli

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/config"
	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/emit"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
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
			return runDiff(args[1:], stdout, stderr)
		case "init":
			return runInit(name, args[1:], stdout, stderr)
		case "version", "-version", "--version":
			fmt.Fprintf(stdout, "%s %s\n", name, Version())
			return 0
		}
	}
	var flagCfg pipeline.Config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fields := bindFlags(fs, reflect.ValueOf(&flagCfg).Elem())
	configFile := fs.String("config", "", "config file (YAML, version: 1) holding these options and more; flags given override it")
	check := fs.Bool("check", false, "write nothing; exit 1 naming the stale files, with a diff, when the output is stale")
	showVersion := fs.Bool("version", false, "print the generator's version and exit")
	usage := "usage: " + name + " -config FILE [flags]\n" +
		"       " + name + " -spec FILE -out DIR [-package NAME] [-server-out DIR [-server-package NAME]] [-check] [flags]\n" +
		"       " + name + " init [-config FILE] SPEC   (write a starter config)\n" +
		"       " + name + " diff -base OLD -head NEW [-overlay FILE]   (what a spec change does to clients)"
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *showVersion {
		fmt.Fprintf(stdout, "%s %s\n", name, Version())
		return 0
	}
	cfg := flagCfg
	if *configFile != "" {
		var fromFile pipeline.Config
		where, diags := config.Load(*configFile, &fromFile)
		for _, d := range diags {
			fmt.Fprintln(stderr, d.String())
		}
		if diags.HasErrors() {
			return 2
		}
		fromFile.Where = where
		override(fs, fields, &fromFile, &flagCfg)
		cfg = fromFile
	}
	if cfg.Spec == "" || cfg.Out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, usage)
		if *configFile != "" && fs.NArg() == 0 {
			fmt.Fprintf(stderr, "%s: the config needs spec and out (or -spec and -out)\n", *configFile)
		}
		return 2
	}
	if cfg.Package == "" {
		cfg.Package = filepath.Base(cfg.Out)
	}
	if cfg.ServerOut != "" && cfg.ServerPackage == "" {
		cfg.ServerPackage = filepath.Base(cfg.ServerOut)
	}
	if cfg.ServerOut != "" && filepath.Clean(cfg.ServerOut) == filepath.Clean(cfg.Out) {
		fmt.Fprintln(stderr, "-server-out must differ from -out")
		return 2
	}
	if cfg.ServerOut != "" {
		if err := write.Nested(cfg.Out, cfg.ServerOut); err != nil {
			fmt.Fprintln(stderr, "-out and -server-out: "+err.Error())
			return 2
		}
	}
	if cfg.ServerOut == "" && cfg.ServerPackage != "" {
		fmt.Fprintln(stderr, "-server-package needs -server-out")
		return 2
	}
	importGiven := cfg.ImportPath != ""
	if cfg.ImportPath == "" {
		cfg.ImportPath = pipeline.ImportPath(cfg.Out)
	}
	if diags := cfg.Validate(); len(diags) > 0 {
		for _, d := range diags {
			fmt.Fprintln(stderr, d.String())
		}
		if diags.HasErrors() {
			return 2
		}
	}
	res, err := pipeline.Run(cfg)
	if res != nil {
		for _, w := range res.Diags.Warnings() {
			fmt.Fprintln(stderr, w.String())
		}
	}
	if err != nil {
		diag.Fprint(stderr, err)
		return 1
	}
	for _, w := range moduleWarnings(cfg.Out, cfg.Package, importGiven, res.Files) {
		fmt.Fprintln(stderr, w)
	}
	outs := []output{{cfg.Out, ToWrite(res.Files)}}
	if cfg.ServerOut != "" {
		outs = append(outs, output{cfg.ServerOut, ToWrite(res.ServerFiles)})
	}
	if *check {
		stale := false
		var staleNames []string
		for _, o := range outs {
			d, err := write.Check(o.dir, o.files)
			if err != nil {
				fmt.Fprintln(stderr, err)
				return 1
			}
			if d != "" {
				fmt.Fprintf(stdout, "%s is stale; run the generator:\n%s", o.dir, d)
				stale = true
				staleNames = append(staleNames, staleFiles(o.dir, d)...)
			}
		}
		if stale {
			fmt.Fprintf(stdout, "stale: %s\n", strings.Join(staleNames, " "))
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
		// +1: the manifest write.Dir adds. changed holds the files it
		// removed too (stale ones), which are not among the files.
		generated := map[string]bool{write.ManifestName: true}
		for _, f := range o.files {
			generated[f.Path] = true
		}
		written, removed := 0, 0
		for _, c := range changed {
			if generated[c] {
				written++
			} else {
				removed++
			}
		}
		switch {
		case removed > 0:
			fmt.Fprintf(stdout, "%s: %d of %d files changed, %d stale removed: %s\n", o.dir, written, len(o.files)+1, removed, list(changed, 10))
		case len(changed) > 0:
			fmt.Fprintf(stdout, "%s: %d of %d files changed: %s\n", o.dir, len(changed), len(o.files)+1, list(changed, 10))
		default:
			fmt.Fprintf(stdout, "%s: up to date (%d files, nothing changed)\n", o.dir, len(o.files)+1)
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

// staleFiles reads the file names out of a write.Check report (its lines
// "missing: F", "stale: F (...)" and "extra: F (...)"), each joined to dir.
func staleFiles(dir, report string) []string {
	var out []string
	for _, line := range strings.Split(report, "\n") {
		for _, p := range []string{"missing: ", "stale: ", "extra: "} {
			if rest, ok := strings.CutPrefix(line, p); ok {
				f, _, _ := strings.Cut(rest, " ")
				out = append(out, filepath.ToSlash(filepath.Join(dir, f)))
			}
		}
	}
	return out
}

// list joins names with spaces, at most max of them, then "and N more".
func list(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, " ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:max], " "), len(names)-max)
}
