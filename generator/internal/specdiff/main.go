package specdiff

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/ir"
)

const usage = "usage: generator diff -base SPEC -head SPEC [-format markdown|full|json|github] [-fail-on LEVEL] [-allow-breaking]\n" +
	"                      [-budget N] [-report FILE] [-full-report FILE]... [-link URL] [-config FILE]\n" +
	"                      [-nullable-pointers] [-share-types] [-split-services] [-overlay FILE]...\n" +
	"  SPEC is a file or git:REV:path (path relative to the repository root)\n" +
	"  LEVEL is breaking (default), potentially-breaking, non-breaking (any change) or none"

// Main runs `generator diff`. It exits 1 when a change is at or above the
// -fail-on level (breaking by default; none with -allow-breaking), 0
// otherwise, and 2 on a usage or load error.
func Main(args []string, stdout, stderr io.Writer) int {
	return run(args, stdout, stderr, "", Model{})
}

// MainWith is Main modelling the Go API as m says (the generator's config);
// the flags given still override its switches.
func MainWith(args []string, stdout, stderr io.Writer, m Model) int {
	return run(args, stdout, stderr, "", m)
}

// Model is how the compared SDK is generated: the options that decide its
// Go names, types and packages. The Go API section models the SDK with
// them, so it names what the SDK declares.
type Model struct {
	NullablePointers bool
	ShareTypes       bool
	SplitServices    bool
	Naming           ir.Naming
	Paging           []ir.PagingRule
}

// run is Main with the directory git commands run in ("" for the current
// one) and the model of the SDK the flags start from.
func run(args []string, stdout, stderr io.Writer, gitDir string, m Model) int {
	fs := flag.NewFlagSet("generator diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, usage)
		fs.PrintDefaults()
	}
	base := fs.String("base", "", "the spec before the change: a file or git:REV:path")
	head := fs.String("head", "", "the spec after the change: a file or git:REV:path")
	format := fs.String("format", "markdown", "stdout format: markdown (the short report, within -budget), full (every change in Markdown), json (every change), github (GitHub Actions annotations at the changed spec lines)")
	failOn := fs.String("fail-on", "breaking", "exit 1 when a change is at this level or above: breaking, potentially-breaking, non-breaking, or none")
	allow := fs.Bool("allow-breaking", false, "exit 0 whatever changed (same as -fail-on none)")
	budget := fs.Int("budget", DefaultBudget, "most characters of the short Markdown report; what does not fit is counted and left to the full report")
	short := fs.String("report", "", "also write the short Markdown report to this file (for a pull-request comment)")
	var fulls fileList
	fs.Var(&fulls, "full-report", "also write the full report to this file: JSON when it ends in .json, else Markdown (repeatable; for CI artifacts)")
	link := fs.String("link", "", "make head locations links: URL prefix of the head revision's files, e.g. https://github.com/OWNER/REPO/blob/SHA/")
	fs.BoolVar(&m.NullablePointers, "nullable-pointers", m.NullablePointers, "model the Go API as generated with -nullable-pointers")
	fs.BoolVar(&m.ShareTypes, "share-types", m.ShareTypes, "model the Go API as generated with -share-types")
	fs.BoolVar(&m.SplitServices, "split-services", m.SplitServices, "model the Go API as generated with -split-services (a model moving between packages is a change of its import path)")
	var overlays fileList
	fs.Var(&overlays, "overlay", "OpenAPI Overlay 1.0 document applied to both specs before comparing (repeatable; in order), as the generator applies it")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	switch {
	case *base == "" || *head == "" || fs.NArg() > 0:
		fmt.Fprintln(stderr, usage)
		return 2
	case *format != "markdown" && *format != "full" && *format != "json" && *format != "github":
		fmt.Fprintf(stderr, "-format %q: want markdown, full, json or github\n%s\n", *format, usage)
		return 2
	case *budget < 2000:
		fmt.Fprintf(stderr, "-budget %d: want at least 2000 characters\n", *budget)
		return 2
	}
	threshold, never := Breaking, *allow
	if *failOn == "none" {
		never = true
	} else if l, err := ParseLevel(*failOn); err != nil {
		fmt.Fprintf(stderr, "-fail-on: %v, or none\n", err)
		return 2
	} else {
		threshold = l
	}
	rep, err := Compare(*base, *head, gitDir, m, overlays...)
	if err != nil {
		diag.Fprint(stderr, err)
		if *format == "github" {
			writeGitHubErrors(stdout, err, *head)
		}
		return 2
	}
	// The loader's warnings come first, located as generation prints them.
	for _, w := range rep.Warnings {
		fmt.Fprintln(stderr, w.String())
	}
	opts := MarkdownOptions{Budget: *budget, LinkPrefix: *link}
	if len(fulls) > 0 {
		opts.FullReport = fulls[0]
	}
	for _, f := range fulls {
		if err := writeFile(f, func(w io.Writer) error {
			if strings.HasSuffix(strings.ToLower(f), ".json") {
				return rep.WriteJSON(w)
			}
			return rep.WriteFull(w, *link)
		}); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
	}
	if *short != "" {
		if err := writeFile(*short, func(w io.Writer) error { return rep.WriteShort(w, opts) }); err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
	}
	switch *format {
	case "json":
		err = rep.WriteJSON(stdout)
	case "full":
		err = rep.WriteFull(stdout, *link)
	case "github":
		err = rep.WriteGitHub(stdout)
	default:
		err = rep.WriteShort(stdout, opts)
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if top, any := rep.Highest(); any && !never && top >= threshold {
		return 1
	}
	return 0
}

func writeFile(path string, render func(io.Writer) error) error {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		return err
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("cannot write report: %v", err)
	}
	return nil
}

// Compare loads both specs (files or git:REV:path, git run in gitDir) and
// reports their differences; m says how the SDK whose Go API is compared
// is generated.
//
// Each spec is loaded (and validated) once; the two loads run in
// parallel, and so do the two Go models and the spec comparison.
func Compare(base, head, gitDir string, m Model, overlays ...string) (rep *Report, err error) {
	return compare(base, head, gitDir, m, true, overlays...)
}

// compare is Compare, in parallel or (for the benchmark's baseline) one
// step after another.
func compare(base, head, gitDir string, m Model, parallel bool, overlays ...string) (rep *Report, err error) {
	defer func() {
		// A document shape the differ did not foresee is reported, never a crash.
		if r := recover(); r != nil {
			rep, err = nil, fmt.Errorf("%s → %s: internal error comparing the specs: %v", base, head, r)
		}
	}()
	var (
		sides    [2]*spec
		errs     [2]error
		cleanups [2]func()
		wg       sync.WaitGroup
	)
	goOrRun := func(f func()) {
		if parallel {
			wg.Go(f)
		} else {
			f()
		}
	}
	for i, name := range []string{base, head} {
		goOrRun(func() {
			errs[i] = guard(func() error {
				var err error
				sides[i], cleanups[i], err = readSpec(name, gitDir, overlays...)
				return err
			})
		})
	}
	wg.Wait()
	for _, c := range cleanups {
		if c != nil {
			defer c()
		}
	}
	for _, e := range errs {
		if e != nil {
			return nil, e
		}
	}
	b, h := sides[0], sides[1]
	var apis [2]*ir.API
	var irErrs [2]error
	for i, s := range sides {
		goOrRun(func() {
			irErrs[i] = guard(func() error {
				var err error
				apis[i], err = buildIR(s.doc, m)
				return err
			})
		})
	}
	var changes []Change
	specErr := guard(func() error {
		changes = diffSpecs(b.doc.T, h.doc.T)
		return nil
	})
	wg.Wait()
	if specErr != nil {
		return nil, fmt.Errorf("%s → %s: %v", base, head, specErr)
	}
	rep = &Report{Base: base, Head: head, Changes: changes}
	switch {
	case irErrs[0] != nil:
		rep.GoAPINote = "Not compared: the generator cannot model the base spec: " + firstLine(irErrs[0])
		explainGo(rep.Changes, nil, nil)
	case irErrs[1] != nil:
		rep.GoAPINote = "Not compared: the generator cannot model the head spec: " + firstLine(irErrs[1])
		explainGo(rep.Changes, nil, nil)
	default:
		explainGo(rep.Changes, apis[0], apis[1])
		rep.Changes = append(rep.Changes, diffGo(apis[0], apis[1])...)
	}
	rep.order()
	rep.locate(b, h)
	for _, side := range []struct {
		name string
		s    *spec
	}{{"base", b}, {"head", h}} {
		ws := slices.Clone(side.s.warnings)
		ws.Sort()
		for _, w := range ws {
			rep.Warnings = append(rep.Warnings, Warning{Side: side.name, Location: w.Pos.String(), Pointer: w.Pointer, Message: w.Msg,
				file: w.Pos.File, line: w.Pos.Line})
		}
	}
	rep.count()
	return rep, nil
}

// guard runs f, turning a panic into an error.
func guard(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error comparing the specs: %v", r)
		}
	}()
	return f()
}

// locate gives every change the file:line its pointer names: in head when
// the element is there, else in base (what was removed), else the nearest
// enclosing element in head. Annotations use head lines only.
func (r *Report) locate(b, h *spec) {
	bl, hl := newLocator(b.doc.Source), newLocator(h.doc.Source)
	for i := range r.Changes {
		c := &r.Changes[i]
		if c.Pointer == "" {
			continue
		}
		hLine, hExact := hl.find(c.Pointer)
		c.headFile, c.headLine = h.repoPath, hLine
		if hExact && hLine > 0 {
			c.Location, c.locHead = h.name+":"+strconv.Itoa(hLine), true
			continue
		}
		switch bLine, bExact := bl.find(c.Pointer); {
		case bExact && bLine > 0:
			c.Location = b.name + ":" + strconv.Itoa(bLine)
		case hLine > 0:
			c.Location, c.locHead = h.name+":"+strconv.Itoa(hLine), true
		}
	}
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// fileList is a repeatable file flag (-overlay, -full-report).
type fileList []string

func (o *fileList) String() string     { return strings.Join(*o, ",") }
func (o *fileList) Set(s string) error { *o = append(*o, s); return nil }
