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
	"github.com/atriumgen/atriumgen/generator/internal/roundtrip"
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

// TestRealWorld generates every real-world document (and the Atrium spec)
// into one temporary module, client and server (in the default mode:
// anything the generator cannot express fails the spec), then runs a single
// `go build`, `go vet` and `go test` over all of them and reports a table.
// The tests are each SDK's examples, every request and canned response
// validated against the spec (internal/exampletest; the calls that cannot
// be valid are listed in testdata/realworld/example_defects.golden), and
// each server's round-trip property test (random requests of every
// operation reach the Service as sent; see internal/roundtrip). Every spec
// must generate, build, vet, run its examples and round-trip.
// ATRIUMGEN_REALWORLD=regexp runs some specs; ATRIUMGEN_ROUNDTRIP_LOG=file
// keeps the go test output.
func TestRealWorld(t *testing.T) { realWorld(t, false) }

// TestRealWorldShareTypes is TestRealWorld with share-types: the shared
// enums, objects, unions and Params of every real-world document, client
// and server, build, vet, run their examples and round-trip too (the
// examples' requests are validated in the default mode only).
func TestRealWorldShareTypes(t *testing.T) { realWorld(t, true) }

func realWorld(t *testing.T, share bool) {
	if testing.Short() {
		t.Skip("builds ~80 generated SDKs, twice; skipped with -short")
	}
	skipUnderRace(t)
	root := t.TempDir()
	const modPath = "example.com/realworld"
	writeTempModule(t, root, modPath)

	validate := !share
	if validate {
		installExampleTest(t, root)
	}
	// ATRIUMGEN_REALWORLD=regexp picks some of the specs (by file name).
	only := regexp.MustCompile(os.Getenv("ATRIUMGEN_REALWORLD"))
	var rows []*realworldRow
	for _, spec := range append(realworldSpecs(t), filepath.Join("..", "spec", "atrium.yaml")) {
		if !only.MatchString(filepath.Base(spec)) {
			continue
		}
		row := &realworldRow{spec: filepath.Base(spec), pkg: realworldPackage(spec)}
		rows = append(rows, row)
		start := time.Now()
		res, err := pipeline.Run(pipeline.Config{
			Spec:          spec,
			Package:       row.pkg,
			ImportPath:    modPath + "/" + row.pkg,
			ServerPackage: row.pkg + "server",
			ShareTypes:    share,
		})
		row.gen = time.Since(start)
		if err != nil {
			row.err = err
			row.result = "generate FAIL"
			continue
		}
		row.skipped = len(res.API.Skipped)
		row.warn = len(res.Diags.Warnings())
		if !share && filepath.Dir(spec) == filepath.Join("testdata", "realworld") {
			checkRealworldWarnings(t, spec, res.Diags.Warnings().Error())
		} else if filepath.Base(spec) == "atrium.yaml" && len(res.Diags.Warnings()) > 0 {
			t.Errorf("spec/atrium.yaml has warnings (it is generated with -strict):\n%v", res.Diags.Warnings())
		}
		for _, s := range res.API.Services {
			row.ops += len(s.Operations)
		}
		if _, err := write.Dir(filepath.Join(root, row.pkg), toWrite(res.Files)); err != nil {
			t.Fatal(err)
		}
		if _, err := write.Dir(filepath.Join(root, row.pkg+"server"), toWrite(res.ServerFiles)); err != nil {
			t.Fatal(err)
		}
		if validate {
			writeExampleCheck(t, root, modPath, row.pkg, spec)
		}
		src, err := roundtrip.TestFile(res.API, roundtrip.Packages{
			Client: modPath + "/" + row.pkg, Server: modPath + "/" + row.pkg + "server", Driver: modPath + "/roundtrip", ServerName: row.pkg + "server",
		}, roundTripRuns, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, row.pkg+"server", "roundtrip_test.go"), src, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, f := range append(res.Files, res.ServerFiles...) {
			if strings.HasSuffix(f.Path, ".go") {
				row.lines += bytes.Count(f.Content, []byte("\n"))
			}
		}
	}

	writeDriver(t, root)

	buildOut, buildErr := goTool(root, "build", "./...")
	vetOut, vetErr := goTool(root, "vet", "./...")
	// Every example runs against its canned server, each request and
	// response validated against the spec (see internal/exampletest).
	// The servers' round-trip tests run in the same go test.
	testOut, testErr := goTool(root, "test", "-count=1", "./...")
	if f := os.Getenv("ATRIUMGEN_ROUNDTRIP_LOG"); f != "" {
		_ = os.WriteFile(f, []byte(testOut), 0o644) // the whole output, for reading failures
	}
	for _, row := range rows {
		if row.err != nil {
			continue
		}
		row.result = "ok"
		if buildErr != nil && mentions(buildOut, row.pkg) {
			row.result = "build FAIL"
		} else if vetErr != nil && mentions(vetOut, row.pkg) {
			row.result = "vet FAIL"
		} else if testErr != nil && testFailed(testOut, modPath+"/"+row.pkg) {
			row.result = "examples FAIL"
		} else if testErr != nil && testFailed(testOut, modPath+"/"+row.pkg+"server") {
			row.result = "round trip FAIL"
		}
	}
	if validate {
		checkExampleDefects(t, root, rows, only.String() == "")
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
	if testErr != nil {
		t.Errorf("go test: %v\n%s", testErr, clip(testOut))
	}
}

// skipUnderRace skips a corpus test in a -race binary (see
// race_on_test.go); `make test` runs the corpus in its own pass.
func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceDetector {
		t.Skip("corpus test: runs without -race (make test runs it in a second pass: go test -run '^TestRealWorld' ./generator/)")
	}
}

// testFailed reports whether go test output has package pkg failing.
func testFailed(out, pkg string) bool {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "FAIL" && f[1] == pkg {
			return true
		}
	}
	return false
}

// installExampleTest copies internal/exampletest into the temporary module.
func installExampleTest(t *testing.T, root string) {
	src, err := os.ReadFile(filepath.Join("internal", "exampletest", "exampletest.go"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "exampletest")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "exampletest.go"), src, 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeExampleCheck writes the spec as loaded (OpenAPI 3, Swagger 2.0
// converted) and a TestMain making the SDK's examples validate their calls.
func writeExampleCheck(t *testing.T, root, modPath, pkg, spec string) {
	specFile := exampleSpec(t, spec, nil, filepath.Join(root, pkg+".openapi.json"))
	src := fmt.Sprintf(`package %s_test

import (
	"fmt"
	"os"
	"testing"

	"%s/exampletest"
)

func TestMain(m *testing.M) {
	if err := exampletest.Install(%q, %q); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}
`, pkg, modPath, specFile, filepath.Join(root, pkg+".defects"))
	if err := os.WriteFile(filepath.Join(root, pkg, "zz_exampletest_test.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkExampleDefects compares the requests and responses of the corpus
// examples that do not validate with testdata/realworld/example_defects.golden,
// which names each with the reason (spec defects no valid call can avoid).
func checkExampleDefects(t *testing.T, root string, rows []*realworldRow, all bool) {
	var got []string
	for _, row := range rows {
		data, err := os.ReadFile(filepath.Join(root, row.pkg+".defects"))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			got = append(got, row.spec+": "+l)
		}
	}
	if !all {
		// Some specs only: the golden lists them all, so only show theirs.
		sort.Strings(got)
		t.Logf("failing example calls of the specs picked (%d):\n%s", len(got), strings.Join(got, "\n"))
		return
	}
	compareDefects(t, filepath.Join("testdata", "realworld", "example_defects.golden"), got)
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

// TestRealWorldSplit generates every real-world document (and the Atrium
// spec) with split-services, client and server, into one temporary module
// and vets it all (which type-checks each service package's examples):
// wherever ir puts a model (modelPackages), everything that names it (service
// code, other models, examples, the server) must find it there, on specs
// we did not write.
func TestRealWorldSplit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ~80 generated SDKs; skipped with -short")
	}
	skipUnderRace(t)
	root := t.TempDir()
	const modPath = "example.com/realworldsplit"
	writeTempModule(t, root, modPath)
	var pkgs []string
	for _, spec := range append(realworldSpecs(t), filepath.Join("..", "spec", "atrium.yaml")) {
		pkg := realworldPackage(spec)
		res, err := pipeline.Run(pipeline.Config{
			Spec:            spec,
			Package:         pkg,
			ImportPath:      modPath + "/" + pkg,
			ServerPackage:   pkg + "server",
			SplitServices:   true,
			SkipUnsupported: true,
		})
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(spec), err)
			continue
		}
		pkgs = append(pkgs, pkg)
		if _, err := write.Dir(filepath.Join(root, pkg), toWrite(res.Files)); err != nil {
			t.Fatal(err)
		}
		if _, err := write.Dir(filepath.Join(root, pkg+"server"), toWrite(res.ServerFiles)); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := goTool(root, "vet", "./..."); err != nil {
		t.Errorf("go vet of the split SDKs of %d specs failed: %v\n%s", len(pkgs), err, out)
	}
}
