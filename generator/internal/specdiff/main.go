package specdiff

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

const usage = "usage: generator diff -base SPEC -head SPEC [-format markdown|json] [-allow-breaking] [-nullable-pointers] [-overlay FILE]...\n" +
	"  SPEC is a file or git:REV:path (path relative to the repository root)"

// Main runs `generator diff`. It exits 0 when nothing breaks (or
// -allow-breaking), 1 when a change breaks existing clients, 2 on a usage
// or load error.
func Main(args []string, stdout, stderr io.Writer) int {
	return run(args, stdout, stderr, "")
}

// run is Main with the directory git commands run in ("" for the current one).
func run(args []string, stdout, stderr io.Writer, gitDir string) int {
	fs := flag.NewFlagSet("generator diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	base := fs.String("base", "", "the spec before the change: a file or git:REV:path")
	head := fs.String("head", "", "the spec after the change: a file or git:REV:path")
	format := fs.String("format", "markdown", "report format: markdown or json")
	allow := fs.Bool("allow-breaking", false, "exit 0 even when a change is breaking")
	nullPtrs := fs.Bool("nullable-pointers", false, "model the Go API as generated with -nullable-pointers")
	var overlays overlayList
	fs.Var(&overlays, "overlay", "OpenAPI Overlay 1.0 document applied to both specs before comparing (repeatable; in order), as the generator applies it")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *base == "" || *head == "" || fs.NArg() > 0 || (*format != "markdown" && *format != "json") {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	rep, err := Compare(*base, *head, gitDir, *nullPtrs, overlays...)
	if err != nil {
		diag.Fprint(stderr, err)
		return 2
	}
	if *format == "json" {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteMarkdown(stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if rep.Summary.Breaking > 0 && !*allow {
		return 1
	}
	return 0
}

// Compare loads both specs (files or git:REV:path, git run in gitDir) and
// reports their differences; nullablePointers models the Go API as the
// generator's -nullable-pointers does.
func Compare(base, head, gitDir string, nullablePointers bool, overlays ...string) (rep *Report, err error) {
	defer func() {
		// A document shape the differ did not foresee is reported, never a crash.
		if r := recover(); r != nil {
			rep, err = nil, fmt.Errorf("%s → %s: internal error comparing the specs: %v", base, head, r)
		}
	}()
	b, cleanB, err := readSpec(base, gitDir, overlays...)
	defer cleanB()
	if err != nil {
		return nil, err
	}
	h, cleanH, err := readSpec(head, gitDir, overlays...)
	defer cleanH()
	if err != nil {
		return nil, err
	}
	rep = &Report{Base: base, Head: head, Changes: diffSpecs(b.doc.T, h.doc.T)}
	bAPI, errB := buildIR(b.doc, nullablePointers)
	hAPI, errH := buildIR(h.doc, nullablePointers)
	switch {
	case errB != nil:
		rep.GoAPINote = "Not compared: the generator cannot model the base spec: " + firstLine(errB)
	case errH != nil:
		rep.GoAPINote = "Not compared: the generator cannot model the head spec: " + firstLine(errH)
	default:
		rep.Changes = append(rep.Changes, diffGo(bAPI, hAPI)...)
	}
	rep.order()
	rep.count()
	return rep, nil
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// overlayList is the repeatable -overlay flag.
type overlayList []string

func (o *overlayList) String() string     { return strings.Join(*o, ",") }
func (o *overlayList) Set(s string) error { *o = append(*o, s); return nil }
