package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/atriumgen/atriumgen/generator/internal/config"
	"github.com/atriumgen/atriumgen/generator/internal/emit"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
	"github.com/atriumgen/atriumgen/generator/internal/write"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/")

const module = "github.com/atriumgen/atriumgen"

// goldenCase is one directory of testdata/ holding spec.yaml (or spec.ref,
// a path relative to generator/ naming the spec), want/, and optionally
// flags (generator flags the case is generated with) and config.yaml (a
// generator config: naming, paging rules).
type goldenCase struct {
	name, dir, spec string
}

func goldenCases(t testing.TB) []goldenCase {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	for _, e := range entries {
		dir := filepath.Join("testdata", e.Name())
		spec := filepath.Join(dir, "spec.yaml")
		if ref, err := os.ReadFile(filepath.Join(dir, "spec.ref")); err == nil {
			spec = filepath.Clean(strings.TrimSpace(string(ref)))
		} else if _, err := os.Stat(spec); err != nil {
			continue
		}
		cases = append(cases, goldenCase{name: e.Name(), dir: dir, spec: spec})
	}
	return cases
}

// serverPackage is the server package name of a case, or "" when the
// case's flags file says -no-server.
func serverPackage(name, flags string) string {
	if strings.Contains(flags, "-no-server") {
		return ""
	}
	return name + "server"
}

// generateCase runs the pipeline and returns every output keyed by path
// relative to the case directory: the client package under want/ (the IR
// included as want/ir.json) and the server package under want_server/.
func generateCase(t testing.TB, c goldenCase) map[string]string {
	cfg := caseRunConfig(t, c, module+"/generator/testdata/"+c.name+"/want")
	res, err := pipeline.Run(cfg)
	if err != nil {
		t.Fatalf("%s: %v", c.name, err)
	}
	irJSON, err := json.MarshalIndent(res.API, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{"want/ir.json": string(irJSON) + "\n"}
	for _, f := range res.Files {
		out["want/"+f.Path] = string(f.Content)
	}
	for _, f := range res.ServerFiles {
		out["want_server/"+f.Path] = string(f.Content)
	}
	return out
}

// caseRunConfig is the configuration a case is generated with: its
// config.yaml and flags, its spec, and importPath for the client.
func caseRunConfig(t testing.TB, c goldenCase, importPath string) pipeline.Config {
	flags, _ := os.ReadFile(filepath.Join(c.dir, "flags"))
	cfg := caseConfig(t, c)
	cfg.Spec = c.spec
	cfg.Package = c.name
	cfg.ImportPath = importPath
	cfg.ServerPackage = serverPackage(c.name, string(flags))
	cfg.SkipUnsupported = strings.Contains(string(flags), "-skip-unsupported")
	cfg.NullablePointers = strings.Contains(string(flags), "-nullable-pointers")
	cfg.SplitServices = strings.Contains(string(flags), "-split-services")
	return cfg
}

// caseConfig reads the case's config.yaml, if any.
func caseConfig(t testing.TB, c goldenCase) pipeline.Config {
	var cfg pipeline.Config
	file := filepath.Join(c.dir, "config.yaml")
	if _, err := os.Stat(file); err != nil {
		return cfg
	}
	where, list := config.Load(file, &cfg)
	if list.HasErrors() {
		t.Fatalf("%s: %v", c.name, list)
	}
	cfg.Where = where
	return cfg
}

// goldenDirs are the output directories of a case.
var goldenDirs = []string{"want", "want_server"}

func readTree(t testing.TB, dir string) map[string]string {
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

// TestGolden regenerates every testdata case and compares IR, Go and
// Markdown with want/ and the server with want_server/. Run with -update to
// rewrite them (then read the diff).
func TestGolden(t *testing.T) {
	for _, c := range goldenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			got := generateCase(t, c)
			if *update {
				for _, d := range goldenDirs {
					for p, content := range readTree(t, filepath.Join(c.dir, d)) {
						if !handWritten(p, content) {
							if err := os.Remove(filepath.Join(c.dir, d, filepath.FromSlash(p))); err != nil {
								t.Fatal(err)
							}
						}
					}
				}
				for p, content := range got {
					full := filepath.Join(c.dir, filepath.FromSlash(p))
					if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := map[string]string{}
			for _, d := range goldenDirs {
				for p, content := range readTree(t, filepath.Join(c.dir, d)) {
					if !handWritten(p, content) {
						want[d+"/"+p] = content
					}
				}
			}
			for p := range want {
				if _, ok := got[p]; !ok {
					t.Errorf("%s: golden file no longer generated", p)
				}
			}
			for p, g := range got {
				w, ok := want[p]
				if !ok {
					t.Errorf("%s: generated but has no golden file (run with -update)", p)
					continue
				}
				if d := cmp.Diff(strings.Split(w, "\n"), strings.Split(g, "\n")); d != "" {
					t.Errorf("%s differs from golden (-want +got):\n%s", p, d)
				}
			}
		})
	}
}

// handWritten reports whether a file under want/ is a hand-written test
// kept next to the golden output (a _test.go file without the generated
// header); -update leaves those alone.
func handWritten(path, content string) bool {
	return strings.HasSuffix(path, "_test.go") && !strings.HasPrefix(content, "// Code generated")
}

// TestGoldenOutputsBuild proves the golden Go packages compile, pass vet
// and run their examples.
func TestGoldenOutputsBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds packages")
	}
	var pkgs []string
	for _, c := range goldenCases(t) {
		for _, d := range goldenDirs {
			if _, err := os.Stat(filepath.Join(c.dir, d)); err == nil {
				pkgs = append(pkgs, "./"+filepath.ToSlash(filepath.Join(c.dir, d))+"/...")
			}
		}
	}
	overlay, reports := exampleCheckOverlay(t)
	for _, args := range [][]string{
		append([]string{"vet"}, pkgs...),
		append([]string{"test", "-count=1"}, pkgs...),
		// The examples again, their calls validated (hand-written wire
		// tests send what they like on purpose).
		append([]string{"test", "-count=1", "-run=^Example", "-overlay=" + overlay}, pkgs...),
	} {
		cmd := exec.Command("go", args...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %s: %v\n%s", args[0], err, out)
		}
	}
	// Every example's request and canned response validate against the
	// case's spec (internal/exampletest), but for the defects the cases
	// hold on purpose, listed in testdata/example_defects.golden.
	var got []string
	for _, r := range reports {
		data, err := os.ReadFile(r.file)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			got = append(got, r.name+": "+l)
		}
	}
	compareDefects(t, filepath.Join("testdata", "example_defects.golden"), got)
}

type exampleReport struct{ name, file string }

// exampleCheckOverlay writes, for go test -overlay, a TestMain beside each
// golden client's examples that validates their calls against the case's
// spec (as loaded: overlays applied, Swagger 2.0 converted), reporting
// violations to a file per case; the testdata tree is not touched.
func exampleCheckOverlay(t *testing.T) (string, []exampleReport) {
	tmp := t.TempDir()
	replace := map[string]string{}
	var reports []exampleReport
	for _, c := range goldenCases(t) {
		want, err := filepath.Abs(filepath.Join(c.dir, "want"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(want, "example_test.go")); err != nil {
			continue
		}
		specFile := exampleSpec(t, c.spec, caseConfig(t, c).Overlays, filepath.Join(tmp, c.name+".openapi.json"))
		report := filepath.Join(tmp, c.name+".defects")
		src := fmt.Sprintf(`package %s_test

import (
	"fmt"
	"os"
	"testing"

	"%s/generator/internal/exampletest"
)

func TestMain(m *testing.M) {
	if err := exampletest.Install(%q, %q); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}
`, c.name, module, specFile, report)
		main := filepath.Join(tmp, c.name+"_main_test.go")
		if err := os.WriteFile(main, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		replace[filepath.Join(want, "zz_exampletest_test.go")] = main
		reports = append(reports, exampleReport{c.name, report})
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		t.Fatal(err)
	}
	overlay := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return overlay, reports
}

// TestGeneratedUpToDate regenerates the Atrium SDK and server in memory and
// compares them with the committed generated/atrium and generated/atriumserver.
func TestGeneratedUpToDate(t *testing.T) {
	out := filepath.Join("..", "generated", "atrium")
	serverOut := filepath.Join("..", "generated", "atriumserver")
	res, err := pipeline.Run(pipeline.Config{Spec: filepath.Join("..", "spec", "atrium.yaml"), Package: "atrium", ImportPath: pipeline.ImportPath(out), ServerPackage: "atriumserver", NullablePointers: true})
	if err != nil {
		t.Fatal(err)
	}
	for dir, files := range map[string][]emit.File{out: res.Files, serverOut: res.ServerFiles} {
		d, err := write.Check(dir, toWrite(files))
		if err != nil {
			t.Fatal(err)
		}
		if d != "" {
			t.Errorf("%s is stale; run make generate:\n%s", dir, d)
		}
	}
}

// TestDeterministic generates twice and compares byte for byte.
func TestDeterministic(t *testing.T) {
	for _, c := range goldenCases(t) {
		a, b := generateCase(t, c), generateCase(t, c)
		if d := cmp.Diff(a, b); d != "" {
			t.Errorf("%s: two runs differ:\n%s", c.name, d)
		}
	}
}

// TestBadSpecs runs the command on broken specs: each must exit 1 and
// print exactly the located lines in testdata/errors/<name>.want. A
// <name>-strict spec runs with -strict: its defect is otherwise a warning.
func TestBadSpecs(t *testing.T) {
	specs, err := filepath.Glob("testdata/errors/*.yaml")
	if err != nil || len(specs) == 0 {
		t.Fatalf("no bad specs: %v", err)
	}
	jsonSpecs, _ := filepath.Glob("testdata/errors/*.json") // located without loader origins
	specs = append(append(specs, jsonSpecs...), "testdata/errors/does-not-exist.yaml")
	for _, spec := range specs {
		ext := filepath.Ext(spec)
		name := strings.TrimSuffix(filepath.Base(spec), ext)
		t.Run(name, func(t *testing.T) {
			out := t.TempDir()
			var stdout, stderr bytes.Buffer
			args := []string{"-spec", spec, "-out", out, "-package", "x"}
			if strings.HasSuffix(name, "-strict") {
				args = append(args, "-strict") // a defect the default repairs with a warning
			}
			code := run(args, &stdout, &stderr)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			if entries, _ := os.ReadDir(out); len(entries) > 0 {
				t.Errorf("wrote %d entries into the output directory on a bad spec", len(entries))
			}
			wantFile := strings.TrimSuffix(spec, ext) + ".want"
			if *update {
				if err := os.WriteFile(wantFile, stderr.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(want), stderr.String()); d != "" {
				t.Errorf("stderr (-want +got):\n%s", d)
			}
			for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
				if !strings.HasPrefix(line, spec+":") {
					t.Errorf("line not located in %s: %q", spec, line)
				}
			}
		})
	}
}

func TestCheckFlag(t *testing.T) {
	out := t.TempDir()
	args := []string{"-spec", "testdata/paging/spec.yaml", "-out", out, "-package", "paging"}
	var stdout, stderr bytes.Buffer
	if code := run(append(args, "-check"), &stdout, &stderr); code != 1 {
		t.Fatalf("-check on an empty dir: exit %d, want 1", code)
	}
	if entries, _ := os.ReadDir(out); len(entries) > 0 {
		t.Fatal("-check wrote files")
	}
	if code := run(args, &stdout, &stderr); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr.String())
	}
	stdout.Reset()
	if code := run(append(args, "-check"), &stdout, &stderr); code != 0 {
		t.Fatalf("-check after generate: exit %d: %s", code, stdout.String())
	}
	if err := os.WriteFile(filepath.Join(out, "client.go"), []byte("// "+write.Marker+" x\npackage paging\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if code := run(append(args, "-check"), &stdout, &stderr); code != 1 || !strings.Contains(stdout.String(), "stale: client.go") {
		t.Fatalf("-check on an edited file: exit %d, output %q", code, stdout.String())
	}
}

// TestDocSnippetsCompile checks that every example in the Markdown docs is
// code that example_test.go compiles and runs: each ```go block under an
// "### Example" heading must appear there verbatim (indented one tab).
func TestDocSnippetsCompile(t *testing.T) {
	dir := filepath.Join("..", "generated", "atrium")
	examples, err := os.ReadFile(filepath.Join(dir, "example_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	docs, err := filepath.Glob(filepath.Join(dir, "docs", "*.md"))
	if err != nil || len(docs) == 0 {
		t.Fatalf("no docs: %v", err)
	}
	n := 0
	for _, doc := range docs {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(string(b), "### Example\n\n```go\n")
		for _, p := range parts[1:] {
			snippet := p[:strings.Index(p, "\n```")]
			indented := "\t" + strings.ReplaceAll(snippet, "\n", "\n\t")
			indented = strings.ReplaceAll(indented, "\n\t\n", "\n\n")
			if !strings.Contains(string(examples), indented) {
				t.Errorf("%s: example not in example_test.go:\n%s", doc, snippet)
			}
			n++
		}
	}
	if n != 48 {
		t.Errorf("found %d documented examples, want one per operation (48)", n)
	}
}

// TestSkipUnsupported: with -skip-unsupported an unsupported operation or
// field is left out with a located warning, and the rest is generated.
func TestSkipUnsupported(t *testing.T) {
	// Inside the module, so that the output can be vetted.
	out := testdataDir(t, "skipped-")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-spec", "testdata/errors/unsupported.yaml", "-out", out, "-package", "u", "-skip-unsupported", "-group-by", "tags-only"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := "testdata/errors/unsupported.yaml:10:11: /paths/~1search/get/parameters/0: warning: unsupported parameter \"filter\" with content \"application/xml\" instead of schema: left out\n" +
		"testdata/errors/unsupported.yaml:30:9: /components/schemas/Odd/properties/a,b: warning: property name \"a,b\" cannot be a struct field (encoding/json cannot tag it); its value is kept in the additional properties\n" +
		"testdata/errors/unsupported.yaml:31:9: /components/schemas/Odd/properties/shape: warning: enum of type array: its values cannot be Go constants; the type is any (values: [1,2])\n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
	if _, err := os.Stat(filepath.Join(out, "client.go")); err != nil {
		t.Errorf("client.go not generated: %v", err)
	}
	models, err := os.ReadFile(filepath.Join(out, "models.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(models), `json:"ok,omitempty"`) || strings.Contains(string(models), `"a,b`) || !strings.Contains(string(models), `json:"shape`) {
		t.Errorf("want fields ok and shape (any) kept and a,b in AdditionalProperties:\n%s", models)
	}
	svc, err := os.ReadFile(filepath.Join(out, "default.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(svc), ") Ping(") || strings.Contains(string(svc), "Search") {
		t.Errorf("want Ping generated and Search left out:\n%s", svc)
	}
	if testing.Short() {
		return
	}
	if b, err := exec.Command("go", "vet", "./"+filepath.ToSlash(out)).CombinedOutput(); err != nil {
		t.Errorf("the rest does not compile: %v\n%s", err, b)
	}
}

// TestWebhooksAndCallbacksNoted: webhooks and callbacks are left out of the
// client with a located note (webhooks are received by the server package's
// NewWebhookHandler, see testdata/webhooks/want_server); generation succeeds.
func TestWebhooksAndCallbacksNoted(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-spec", "testdata/webhooks/spec.yaml", "-out", t.TempDir(), "-package", "wh", "-import", "example.com/wh"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := "testdata/webhooks/spec.yaml:18:7: /paths/~1subscriptions/post/callbacks: warning: callbacks are requests the API sends, not calls a client makes: \"onEvent\" not generated\n" +
		"testdata/webhooks/spec.yaml:30:1: /webhooks: warning: webhooks are requests the API sends, not calls a client makes: \"newPet\", \"petDeleted\" left out of the client (a server package receives them: Webhooks, NewWebhookHandler)\n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
}

// TestServerBadRoutes: paths the server cannot route are located errors
// with -server-out, and with -skip-unsupported located warnings that leave
// the operations out of the server only.
func TestServerBadRoutes(t *testing.T) {
	spec := "testdata/servererrors/routes.yaml"
	out, serverOut := t.TempDir(), t.TempDir()
	args := []string{"-spec", spec, "-out", out, "-package", "routes", "-server-out", serverOut, "-server-package", "routesserver", "-group-by", "tags-only"}
	var stdout, stderr bytes.Buffer
	// Outside a module the client's import path must be given.
	if code := run(append(args, "-skip-unsupported"), &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "pass -import") {
		t.Fatalf("without -import outside a module: exit %d: %s", code, stderr.String())
	}
	stderr.Reset()
	args = append(args, "-import", "example.com/routes")
	if code := run(args, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, dir := range []string{out, serverOut} {
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			t.Errorf("wrote %d entries into %s on a bad spec", len(entries), dir)
		}
	}
	wantFile := strings.TrimSuffix(spec, ".yaml") + ".want"
	if *update {
		if err := os.WriteFile(wantFile, stderr.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(wantFile)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), stderr.String()); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		if !strings.HasPrefix(line, spec+":") {
			t.Errorf("line not located in %s: %q", spec, line)
		}
	}

	stderr.Reset()
	if code := run(append(args, "-skip-unsupported"), &stdout, &stderr); code != 0 {
		t.Fatalf("-skip-unsupported: exit %d: %s", code, stderr.String())
	}
	if got := strings.Count(stderr.String(), "warning: unsupported by the server"); got != strings.Count(string(want), "\n") {
		t.Errorf("-skip-unsupported warnings:\n%s", stderr.String())
	}
	server, err := os.ReadFile(filepath.Join(serverOut, "server.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(server), "serveGetOK") || strings.Contains(string(server), "serveGetFile") {
		t.Errorf("server.go should route getOK and leave getFile out")
	}
	client, err := os.ReadFile(filepath.Join(out, "default.go"))
	if err != nil || !strings.Contains(string(client), "GetFile") {
		t.Errorf("the client keeps every operation: %v", err)
	}
}

// TestNoBodyResponsesWarned: content declared on a 204 or on a HEAD
// response is a located warning; the operation reads no body.
func TestNoBodyResponsesWarned(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-spec", "testdata/responses/spec.yaml", "-out", t.TempDir(), "-package", "responses", "-import", "example.com/responses"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := "testdata/responses/spec.yaml:94:11: /paths/~1jobs~1{id}~1cancel/post/responses/204/content: warning: a 204 response never has a body (RFC 9110): the declared content (\"application/json\") is ignored and no body is read\n" +
		"testdata/responses/spec.yaml:105:11: /paths/~1jobs~1{id}~1cancel/head/responses/200/content: warning: a response to HEAD never has a body (RFC 9110): the declared content (\"application/json\") is ignored and no body is read\n"
	if stderr.String() != want {
		t.Errorf("stderr = %q, want %q", stderr.String(), want)
	}
}

// exampleSpec is the OpenAPI 3 document exampletest validates against: the
// spec itself when it is one (its relative $refs resolve beside it), else
// the spec as loaded (overlays applied, Swagger 2.0 converted) written to out.
func exampleSpec(t testing.TB, spec string, overlays []string, out string) string {
	doc, diags := pipeline.LoadSpec(spec, overlays)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(overlays) == 0 && !doc.Swagger2() {
		abs, err := filepath.Abs(spec)
		if err != nil {
			t.Fatal(err)
		}
		return abs
	}
	data, err := json.Marshal(doc.T)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExamplesCompile: example_test.go passes a named integer type, an
// int32 and an optional boolean body as values of their own types (not
// api.Ptr(0) for a named int, not &false), so go vet passes.
func TestExamplesCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet on a generated package")
	}
	out := testdataDir(t, "examplecompile-")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-spec", "testdata/examplecompile.yaml", "-out", out, "-package", "ex"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	ex, err := os.ReadFile(filepath.Join(out, "example_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ex.Ptr[ex.Count](", "ex.Ptr(false)"} {
		if !strings.Contains(string(ex), want) {
			t.Errorf("example_test.go lacks %s:\n%s", want, ex)
		}
	}
	if b, err := exec.Command("go", "vet", "./"+filepath.ToSlash(out)).CombinedOutput(); err != nil {
		t.Errorf("go vet: %v\n%s", err, b)
	}
}

// TestExampleResponseHeaders: the canned server of each example sends the
// required headers of the response its status is answered with (its own
// code's, else its range's, else default's), each with a value its schema
// accepts (JSON text for a content: application/json header); optional
// headers and those of other responses are left out.
func TestExampleResponseHeaders(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet on a generated package")
	}
	out := testdataDir(t, "exampleheaders-")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-spec", "testdata/exampleheaders.yaml", "-out", out, "-package", "ex"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	ex, err := os.ReadFile(filepath.Join(out, "example_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`func exampleServer(status int, contentType, body string, headers ...string) *httptest.Server {`,
		`exampleServer(200, "", "", "X-Count", "3", "X-Id", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "X-Json", "{\"id\":1}", "X-Kind", "big", "X-Tags", "string")`,
		`exampleServer(200, "", "", "X-Default", "stringxx")`,
		`exampleServer(204, "", "")`,
	} {
		if !strings.Contains(string(ex), want) {
			t.Errorf("example_test.go lacks %s:\n%s", want, ex)
		}
	}
	if b, err := exec.Command("go", "vet", "./"+filepath.ToSlash(out)).CombinedOutput(); err != nil {
		t.Errorf("go vet: %v\n%s", err, b)
	}
}

// testdataDir is a new directory under testdata, removed when the test
// ends: inside this module, so generated code there builds against it.
func testdataDir(t *testing.T, prefix string) string {
	t.Helper()
	dir, err := os.MkdirTemp("testdata", prefix)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// TestExampleVarsAvoidPackageNames: a package named like a variable of the
// examples (client, server, ctx, err, u...) is not shadowed by it: the
// examples vet and run, whatever -package says, single or split; and so
// do packages whose names or services' names the go tool treats apart
// (sdk beside internal/sdk, a service "Maintenance Windows" or "Vendor").
func TestExampleVarsAvoidPackageNames(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet and the examples of generated packages")
	}
	var pkgs []string
	for _, c := range []struct {
		pkg, spec string
		split     bool
	}{
		{"client", "testdata/unions/spec.yaml", false},
		{"server", "testdata/unions/spec.yaml", false},
		{"ctx", "testdata/bodies/spec.yaml", false},
		{"u", "testdata/unions/spec.yaml", false},
		{"err", "testdata/responses/spec.yaml", false},
		{"stream", "testdata/responses/spec.yaml", false},
		{"client", "testdata/split/spec.ref", true},
		// A models package named like the split runtime's import (sdk);
		// services named like build constraints and skipped directories.
		{"sdk", "testdata/split/spec.ref", true},
		{"plat", "testdata/platformnames.yaml", false},
		{"sdk", "testdata/platformnames.yaml", true},
	} {
		spec := c.spec
		if strings.HasSuffix(spec, ".ref") {
			b, err := os.ReadFile(spec)
			if err != nil {
				t.Fatal(err)
			}
			spec = filepath.Clean(strings.TrimSpace(string(b))) // relative to generator/
		}
		out := filepath.Join(testdataDir(t, "examplevars-"), c.pkg)
		args := []string{"-spec", spec, "-out", out, "-package", c.pkg, "-skip-unsupported"}
		if c.split {
			args = append(args, "-split-services")
		}
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.pkg, code, stderr.String())
		}
		pkgs = append(pkgs, "./"+filepath.ToSlash(out)+"/...")
		// ./... would pass over these, and the services in them.
		_ = filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor") {
				t.Errorf("%s: a service package in %s, which the go tool passes over", c.pkg, p)
			}
			return err
		})
	}
	for _, args := range [][]string{append([]string{"vet"}, pkgs...), append([]string{"test", "-count=1", "-run=^Example"}, pkgs...)} {
		if b, err := exec.Command("go", args...).CombinedOutput(); err != nil {
			t.Errorf("go %s: %v\n%s", args[0], err, b)
		}
	}
}

// TestServerImportsAvoidDeclaredNames: a client package, or a split
// service package, named like an identifier the server package declares
// (the runtime's api type; a serve<Op> function) is imported under an
// alias, so the server builds.
func TestServerImportsAvoidDeclaredNames(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet on generated packages")
	}
	var pkgs []string
	for _, c := range []struct {
		pkg, spec string
		split     bool
	}{
		{"api", "testdata/params/spec.yaml", false},
		{"servegetuser", "testdata/params/spec.yaml", false},
		{"plat", "testdata/platformnames.yaml", true}, // a service package api
	} {
		dir := testdataDir(t, "serverimports-")
		args := []string{"-spec", c.spec, "-out", filepath.Join(dir, c.pkg), "-package", c.pkg, "-server-out", filepath.Join(dir, "srv"), "-server-package", "srv"}
		if c.split {
			args = append(args, "-split-services")
		}
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 0 {
			t.Fatalf("%s: exit %d: %s", c.pkg, code, stderr.String())
		}
		pkgs = append(pkgs, "./"+filepath.ToSlash(dir)+"/...")
	}
	if b, err := exec.Command("go", append([]string{"vet"}, pkgs...)...).CombinedOutput(); err != nil {
		t.Errorf("go vet: %v\n%s", err, b)
	}
}
