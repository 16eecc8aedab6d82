package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
	"github.com/atriumgen/atriumgen/generator/internal/write"
)

// realworldSpecs lists the documents of testdata/realworld (see SOURCES.md
// there), sorted by name.
func realworldSpecs(t testing.TB) []string {
	var specs []string
	for _, pat := range []string{"*.yaml", "*.yml", "*.json"} {
		m, err := filepath.Glob(filepath.Join("testdata", "realworld", pat))
		if err != nil {
			t.Fatal(err)
		}
		specs = append(specs, m...)
	}
	if len(specs) == 0 {
		t.Fatal("no specs under testdata/realworld")
	}
	sort.Strings(specs)
	return specs
}

// realworldPackage turns a spec file name into a Go package name.
func realworldPackage(spec string) string {
	base := strings.TrimSuffix(filepath.Base(spec), filepath.Ext(spec))
	var b strings.Builder
	for _, r := range strings.ToLower(base) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		s = "api" + s
	}
	return s
}

type realworldRow struct {
	spec, pkg          string
	ops, skipped, warn int
	lines              int
	gen                time.Duration
	err                error
	result             string
}

// TestRealWorld generates every real-world document into one temporary
// module, client and server (in the default mode: anything the generator
// cannot express fails the spec), then runs a single `go build` and `go vet`
// over all of them and reports a table. Every spec must generate, build and
// vet.
func TestRealWorld(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ~70 generated SDKs; skipped with -short")
	}
	root := t.TempDir()
	const modPath = "example.com/realworld"
	writeTempModule(t, root, modPath)

	var rows []*realworldRow
	for _, spec := range realworldSpecs(t) {
		row := &realworldRow{spec: filepath.Base(spec), pkg: realworldPackage(spec)}
		rows = append(rows, row)
		start := time.Now()
		res, err := pipeline.Run(pipeline.Config{
			Spec:          spec,
			Package:       row.pkg,
			ImportPath:    modPath + "/" + row.pkg,
			ServerPackage: row.pkg + "server",
		})
		row.gen = time.Since(start)
		if err != nil {
			row.err = err
			row.result = "generate FAIL"
			continue
		}
		row.skipped = len(res.API.Skipped)
		row.warn = len(res.Diags.Warnings())
		checkRealworldWarnings(t, spec, res.Diags.Warnings().Error())
		for _, s := range res.API.Services {
			row.ops += len(s.Operations)
		}
		if _, err := write.Dir(filepath.Join(root, row.pkg), toWrite(res.Files)); err != nil {
			t.Fatal(err)
		}
		if _, err := write.Dir(filepath.Join(root, row.pkg+"server"), toWrite(res.ServerFiles)); err != nil {
			t.Fatal(err)
		}
		for _, f := range append(res.Files, res.ServerFiles...) {
			if strings.HasSuffix(f.Path, ".go") {
				row.lines += bytes.Count(f.Content, []byte("\n"))
			}
		}
	}

	buildOut, buildErr := goTool(root, "build", "./...")
	vetOut, vetErr := goTool(root, "vet", "./...")
	for _, row := range rows {
		if row.err != nil {
			continue
		}
		row.result = "ok"
		if buildErr != nil && mentions(buildOut, row.pkg) {
			row.result = "build FAIL"
		} else if vetErr != nil && mentions(vetOut, row.pkg) {
			row.result = "vet FAIL"
		}
	}

	var tab strings.Builder
	w := tabwriter.NewWriter(&tab, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "spec\toperations\tskipped\twarnings\tGo lines\tgeneration\tresult\t")
	total := 0
	for _, r := range rows {
		total += r.lines
		fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%s\t%s\t\n", r.spec, r.ops, r.skipped, r.warn, r.lines, r.gen.Round(time.Millisecond), r.result)
	}
	w.Flush()
	t.Logf("real-world corpus (%d specs, %d generated lines):\n%s", len(rows), total, tab.String())

	for _, r := range rows {
		if r.err != nil {
			t.Errorf("%s: %v", r.spec, r.err)
		}
	}
	if buildErr != nil {
		t.Errorf("go build: %v\n%s", buildErr, clip(buildOut))
	}
	if vetErr != nil {
		t.Errorf("go vet: %v\n%s", vetErr, clip(vetOut))
	}
}

// checkRealworldWarnings compares a spec's warnings with its golden file,
// testdata/realworld/warnings/<spec>.txt (-update rewrites it), so a new
// warning on a real document is a visible diff.
func checkRealworldWarnings(t *testing.T, spec, warnings string) {
	t.Helper()
	if warnings != "" {
		warnings += "\n"
	}
	golden := filepath.Join(filepath.Dir(spec), "warnings", filepath.Base(spec)+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(warnings), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Errorf("%s: %v (run with -update to record the warnings)", spec, err)
		return
	}
	if d := cmp.Diff(string(want), warnings); d != "" {
		t.Errorf("%s: warnings changed (-want +got; -update records them):\n%s", spec, d)
	}
}

// writeTempModule makes dir a module requiring what this module requires,
// so the generated packages resolve their imports from the module cache.
func writeTempModule(t testing.TB, dir, modPath string) {
	gomod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	gosum, err := os.ReadFile(filepath.Join("..", "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	mod := regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(gomod, []byte("module "+modPath))
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), mod, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644); err != nil {
		t.Fatal(err)
	}
}

func goTool(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// mentions reports whether go tool output names package pkg of the
// temporary module.
func mentions(out, pkg string) bool {
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, pkg+"/") || strings.HasPrefix(line, "./"+pkg+"/") ||
			strings.HasSuffix(line, "/"+pkg) || strings.Contains(line, "/"+pkg+" ") {
			return true
		}
	}
	return false
}

func clip(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "\n..."
	}
	return s
}
