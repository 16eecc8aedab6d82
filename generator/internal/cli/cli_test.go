package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/emit"
)

const testSpec = "../../testdata/paging/spec.yaml"

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main("atriumgen", args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func tempModule(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/app\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// The starter config reproduces the defaults: generating through it gives
// the same files as -spec and -out alone, and a second run changes nothing.
func TestInitReproducesDefaults(t *testing.T) {
	dir := tempModule(t)
	spec, _ := filepath.Abs(testSpec)
	cfgFile := filepath.Join(dir, "atriumgen.yaml")
	code, stdout, stderr := runCLI(t, "init", "-config", cfgFile, "-out", filepath.Join(dir, "petsdk"), spec)
	if code != 0 {
		t.Fatalf("init: %d %s", code, stderr)
	}
	if !strings.Contains(stdout, "go:generate go tool atriumgen -config atriumgen.yaml") {
		t.Errorf("init does not print the go:generate line: %s", stdout)
	}
	if code, _, stderr := runCLI(t, "init", "-config", cfgFile, spec); code != 1 || !strings.Contains(stderr, "not overwritten") {
		t.Errorf("init overwrote its config: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "-config", cfgFile); code != 0 {
		t.Fatalf("generate with the starter config: %d %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "-spec", spec, "-out", filepath.Join(dir, "flags", "petsdk")); code != 0 {
		t.Fatalf("generate with flags: %d %s", code, stderr)
	}
	a, b := readDir(t, filepath.Join(dir, "petsdk")), readDir(t, filepath.Join(dir, "flags", "petsdk"))
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("config gave %d files, flags %d", len(a), len(b))
	}
	for name, text := range a {
		// Only the import path differs (the directory differs).
		if strings.ReplaceAll(text, "example.com/app/petsdk", "example.com/app/flags/petsdk") != b[name] {
			t.Errorf("%s differs between the starter config and the flags", name)
		}
	}
	code, stdout, _ = runCLI(t, "-config", cfgFile)
	if code != 0 || !strings.Contains(stdout, "up to date") || !strings.Contains(stdout, "nothing changed") {
		t.Errorf("second run: %d %q", code, stdout)
	}
}

// A flag given on the command line overrides the config's key; the rest of
// the config holds.
func TestFlagsOverrideConfig(t *testing.T) {
	dir := tempModule(t)
	spec, _ := filepath.Abs(testSpec)
	cfgFile := filepath.Join(dir, "c.yaml")
	src := "version: 1\nspec: " + spec + "\nout: sdk\npackage: fromconfig\n"
	if err := os.WriteFile(cfgFile, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "-config", cfgFile, "-package", "fromflag"); code != 0 {
		t.Fatal(stderr)
	}
	client, err := os.ReadFile(filepath.Join(dir, "sdk", "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(client), "package fromflag") {
		t.Errorf("the -package flag did not override the config")
	}
	// -check names the stale files.
	if err := os.WriteFile(filepath.Join(dir, "sdk", "client.go"), append(client, "// edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runCLI(t, "-config", cfgFile, "-package", "fromflag", "-check")
	if code != 1 || !strings.Contains(stdout, "stale: "+filepath.ToSlash(filepath.Join(dir, "sdk", "client.go"))+"\n") {
		t.Errorf("-check: %d %s", code, stdout)
	}
	code, stdout, _ = runCLI(t, "-config", cfgFile, "-package", "fromflag")
	if code != 0 || !strings.Contains(stdout, "1 of ") || !strings.Contains(stdout, "changed: client.go") {
		t.Errorf("regenerate: %d %s", code, stdout)
	}
}

func TestConfigErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(cfgFile, []byte("version: 1\nspec: x.yaml\nout: sdk\nnaming:\n  group-by: paths\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "-config", cfgFile)
	if code != 2 || !strings.Contains(stderr, cfgFile+`:5:13: naming.group-by: "paths": want tags, resources or tags-only`) {
		t.Errorf("%d %s", code, stderr)
	}
	code, _, stderr = runCLI(t, "-config", filepath.Join(dir, "missing.yaml"))
	if code != 2 || !strings.Contains(stderr, "cannot read config") {
		t.Errorf("%d %s", code, stderr)
	}
}

func TestPackageFromTitle(t *testing.T) {
	for title, want := range map[string]string{
		"Swagger Petstore - OpenAPI 3.0": "petstore",
		"MX Atrium API":                  "mxatrium",
		"Stripe API":                     "stripe",
		"":                               "client",
		"3D Secure":                      "dsecure",
		"Ünïcode":                        "ncode",
	} {
		if got := packageFromTitle(title); got != want {
			t.Errorf("packageFromTitle(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestModuleWarnings(t *testing.T) {
	files := []emit.File{{Path: "x.go", Content: []byte(`import "github.com/oapi-codegen/runtime"`)}}
	dir := t.TempDir()
	gomod := filepath.Join(dir, "go.mod")
	check := func(mod, want string) {
		t.Helper()
		if mod != "" {
			if err := os.WriteFile(gomod, []byte(mod), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got := strings.Join(moduleWarnings(filepath.Join(dir, "sdk"), "sdk", false, files), "\n")
		if want == "" && got != "" || !strings.Contains(got, want) {
			t.Errorf("go.mod %q: warnings %q, want %q", mod, got, want)
		}
	}
	// (the temp dir has no go.mod above it)
	check("", "no go.mod above")
	check("module m\n\ngo 1.26\n", "does not require: run go get github.com/oapi-codegen/runtime@"+emit.RuntimeVersion)
	check("module m\n\nrequire (\n\tgithub.com/oapi-codegen/runtime v1.1.0 // indirect\n)\n", "requires github.com/oapi-codegen/runtime v1.1.0; the generator is tested with "+emit.RuntimeVersion)
	check("module m\n\nrequire github.com/oapi-codegen/runtime "+emit.RuntimeVersion+"\n", "")
}

// The config's names win over x-go-name, which wins over derived names;
// naming keys that match nothing are warnings at their line.
func TestNamingPrecedence(t *testing.T) {
	dir := tempModule(t)
	spec := `openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /v1/widgets/{id}:
    get:
      operationId: GetWidgetsId
      x-go-name: Fetch
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
    delete:
      x-go-name: Remove
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
`
	if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := "version: 1\nspec: spec.yaml\nout: w\nnaming:\n  operations:\n    GetWidgetsId: Read\n  types:\n    nosuch: X\n"
	cfgFile := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "-config", cfgFile)
	if code != 0 {
		t.Fatal(stderr)
	}
	if want := cfgFile + `:8:13: warning: naming.types: "nosuch" matches no type of the spec`; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
	svc, err := os.ReadFile(filepath.Join(dir, "w", "widgets.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"func (s *WidgetsService) Read(", "func (s *WidgetsService) Remove("} {
		if !strings.Contains(string(svc), want) {
			t.Errorf("widgets.go lacks %s:\n%s", want, svc)
		}
	}
}

// A paging rule naming an operation exactly that does not fit is an error
// at the rule; a pattern matching nothing is a warning there; a styled
// x-pagination that does not fit is an error at the x-pagination.
func TestPagingRuleProblemsLocated(t *testing.T) {
	dir := tempModule(t)
	spec := `openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      parameters: [{name: after, in: query, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {type: string}}}}}}
  /other:
    get:
      operationId: listOther
      x-pagination: {style: cursor, items: data}
      responses: {'204': {description: ok}}
`
	if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := `version: 1
spec: spec.yaml
out: w
paging:
  - operations: [listThings]
    style: cursor
    items: data
    has-more: has_more
    cursor: after
    cursor-from: id
  - operations: ["GET /nothing/*"]
    style: page
    page: page
`
	cfgFile := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "-config", cfgFile)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stderr, "fits none") {
		t.Errorf("a rule already reported as an error is warned about again:\n%s", stderr)
	}
	for _, want := range []string{
		cfgFile + `:5:5: paging.0 (style cursor) does not fit GET /things: the response has no boolean field "has_more"`,
		cfgFile + `:11:5: warning: paging.1: operations GET /nothing/* match no operation of the spec`,
		`spec.yaml:15:7: /paths/~1other/get/x-pagination: x-pagination: style cursor needs hasMore (the boolean response field saying more items follow); style cursor needs cursor (the query parameter taking the next cursor); style cursor needs cursorFrom (the item field of the last item, e.g. id) or nextCursor (a response field)`,
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// Overlays named in the config (relative to it) are applied before
// loading: here one names an operation and declares how it pages.
func TestConfigOverlays(t *testing.T) {
	dir := tempModule(t)
	spec := `openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /v1/widgets:
    get:
      operationId: GetWidgets
      parameters: [{name: cursor, in: query, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  next: {type: string}
                  more: {type: boolean}
`
	ov := `overlay: 1.0.0
info: {title: widgets fixes, version: 1.0.0}
actions:
  - target: $.paths['/v1/widgets'].get
    update:
      x-go-name: Browse
      x-pagination: {style: cursor, items: items, hasMore: more, cursor: cursor, nextCursor: next}
`
	for name, text := range map[string]string{"api/spec.yaml": spec, "api/fixes.overlay.yaml": ov,
		"atriumgen.yaml": "version: 1\nspec: api/spec.yaml\noverlays: [api/fixes.overlay.yaml]\nout: w\n"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, stderr := runCLI(t, "-config", filepath.Join(dir, "atriumgen.yaml"))
	if code != 0 {
		t.Fatal(stderr)
	}
	paging, err := os.ReadFile(filepath.Join(dir, "w", "pagination.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(paging), "func (s *WidgetsService) BrowseIter(") {
		t.Errorf("the overlay's name and paging did not apply:\n%s", paging)
	}
}

// A relative server URL is warned at generation, and NewClient then takes
// the absolute base URL as its first argument.
func TestRelativeServerRequiresBaseURL(t *testing.T) {
	dir := tempModule(t)
	spec := "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nservers:\n  - url: /api/v3\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses: {'204': {description: ok}}\n"
	if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "-spec", filepath.Join(dir, "spec.yaml"), "-out", filepath.Join(dir, "api"))
	if code != 0 {
		t.Fatal(stderr)
	}
	if want := `/servers/0/url: warning: server URL "/api/v3" is relative: the client has no default base URL, so NewClient takes the API's absolute URL as its first argument`; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
	client, err := os.ReadFile(filepath.Join(dir, "api", "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(client), "func NewClient(baseURL string, opts ...Option) *Client {") || !strings.Contains(string(client), "newCore(baseURL,") {
		t.Errorf("NewClient does not require the base URL:\n%s", client)
	}
}

// diff -config applies the config's overlays (relative to the config).
func TestDiffConfig(t *testing.T) {
	dir := t.TempDir()
	fixture, _ := filepath.Abs("../../testdata/diff/breaking-operation-removed")
	ov := "overlay: 1.0.0\ninfo: {title: t, version: v}\nactions:\n  - target: $.paths.*[?@.operationId == 'deletePet']\n    remove: true\n"
	if err := os.WriteFile(filepath.Join(dir, "drop.yaml"), []byte(ov), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := "version: 1\nspec: " + fixture + "/head.yaml\nout: x\noverlays: [drop.yaml]\nnullable-pointers: true\n"
	if err := os.WriteFile(filepath.Join(dir, "atriumgen.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"diff", "-base", fixture + "/base.yaml", "-head", fixture + "/head.yaml"}
	if code, _, _ := runCLI(t, args...); code != 1 {
		t.Fatalf("without -config: exit %d, want 1", code)
	}
	if code, out, stderr := runCLI(t, append(args, "-config", filepath.Join(dir, "atriumgen.yaml"))...); code != 0 {
		t.Errorf("with -config: exit %d\n%s%s", code, out, stderr)
	}
}

// A spec with a defect the loader repairs generates by default, printing
// the located warning once; -strict (and `strict: true`) makes it an error
// and writes nothing.
func TestStrict(t *testing.T) {
	dir := tempModule(t)
	spec := filepath.Join(dir, "spec.yaml")
	src := "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        \"200\": {}\n"
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	const warning = "spec.yaml:8:9: /paths/~1a/get/responses/200: warning: response has no description; using an empty one"
	code, _, stderr := runCLI(t, "-spec", spec, "-out", filepath.Join(dir, "lenient"))
	if code != 0 || strings.Count(stderr, warning) != 1 {
		t.Fatalf("lenient: exit %d, want 0 and the warning once:\n%s", code, stderr)
	}
	code, _, stderr = runCLI(t, "-strict", "-spec", spec, "-out", filepath.Join(dir, "strict"))
	if code != 1 || !strings.Contains(stderr, "spec.yaml:8:9: /paths/~1a/get/responses/200: (strict) response has no description") {
		t.Fatalf("-strict: exit %d, want 1 and the warning as an error:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "strict")); !os.IsNotExist(err) {
		t.Errorf("-strict wrote output: %v", err)
	}
	cfg := filepath.Join(dir, "atriumgen.yaml")
	if err := os.WriteFile(cfg, []byte("version: 1\nspec: spec.yaml\nout: fromconfig\nstrict: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr = runCLI(t, "-config", cfg); code != 1 || !strings.Contains(stderr, "(strict)") {
		t.Fatalf("strict: true: exit %d, want 1:\n%s", code, stderr)
	}
}

// A Swagger 2.0 spec generates; the model's warnings name the 2.0
// document's lines and pointers, not the converted 3.0 ones.
func TestSwagger2Warnings(t *testing.T) {
	dir := tempModule(t)
	spec := filepath.Join(dir, "spec.yaml")
	src := `swagger: "2.0"
info: {title: T, version: "1"}
host: api.example.com
paths:
  /pets/{id}:
    delete:
      operationId: deletePet
      parameters:
        - {name: id, in: path, required: true, type: string}
      responses:
        "204":
          description: gone
          schema: {type: object}
`
	if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "-spec", spec, "-out", filepath.Join(dir, "pets"))
	want := "spec.yaml:13:11: /paths/~1pets~1{id}/delete/responses/204/schema: warning: a 204 response never has a body"
	if code != 0 || !strings.Contains(stderr, want) {
		t.Fatalf("exit %d, want 0 and a warning containing %q:\n%s", code, want, stderr)
	}
}

// diff -config models the SDK the config generates: its Go API section
// names what the SDK declares (naming overrides, shared types), and with
// split-services a model that moves between packages is a change of its
// import path.
func TestDiffConfigModelsTheSDK(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	spec := func(fooShared bool, petFields string) string {
		s := `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /foos/{id}:
    get:
      operationId: getFoo
      tags: [a]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: state, in: query, schema: {type: string, enum: [on, off]}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Foo'}}}}
  /pets:
    get:
      operationId: listPets
      tags: [b]
      parameters:
        - {name: state, in: query, schema: {type: string, enum: [on, off]}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
`
		if fooShared {
			s += `  /pets/foo:
    get:
      operationId: getPetFoo
      tags: [b]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Foo'}}}}
`
		}
		return s + `components:
  schemas:
    Foo:
      type: object
      properties: {x: {type: string}}
    Pet:
      type: object
      properties: {` + petFields + `}
`
	}
	base := write("base.yaml", spec(false, "name: {type: string}, age: {type: integer}"))
	head := write("head.yaml", spec(true, "age: {type: integer}"))
	wheres := func(cfg string) map[string]bool {
		t.Helper()
		c := write("atriumgen.yaml", "version: 1\nspec: head.yaml\nout: x\n"+cfg)
		code, out, stderr := runCLI(t, "diff", "-config", c, "-base", base, "-head", head, "-format", "json", "-allow-breaking")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var rep struct {
			Changes []struct {
				Section, Where string
				Breaking       bool
			} `json:"changes"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		got := map[string]bool{}
		for _, ch := range rep.Changes {
			if ch.Section == "goAPI" {
				got[ch.Where] = ch.Breaking
			}
		}
		return got
	}
	has := func(got map[string]bool, where string, breaking bool) {
		t.Helper()
		if b, ok := got[where]; !ok || b != breaking {
			t.Errorf("Go API changes %v: want %q (breaking %v)", got, where, breaking)
		}
	}

	got := wheres("naming:\n  types: {Pet: Animal}\n")
	has(got, "Animal.Name", true)
	if _, ok := got["Pet.Name"]; ok {
		t.Errorf("the report names Pet.Name, which the SDK does not declare: %v", got)
	}

	got = wheres("share-types: true\n")
	has(got, "(*BService).GetPetFoo", false)
	if len(got) != 2 || !got["Pet.Name"] {
		t.Errorf("share-types: %v; want Pet.Name removed and the method added, nothing else", got)
	}

	got = wheres("split-services: true\n")
	has(got, "a.Foo", true)   // Foo moves from package a ...
	has(got, "Foo", false)    // ... to the models package (now two services use it)
	has(got, "a.Foo.X", true) // its field goes with it
	has(got, "(*b.Service).GetPetFoo", false)
	has(got, "b.Pet.Name", true)          // Pet is b's alone
	has(got, "(*a.Service).GetFoo", true) // its result is another type now
}

// The summary counts the files written out of the package's, and the
// stale ones removed apart: never "128 of 62 files changed".
func TestWriteSummaryCountsRemovedApart(t *testing.T) {
	dir := tempModule(t)
	out := filepath.Join(dir, "api")
	big := "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n"
	for _, tag := range []string{"a", "b", "c", "d"} {
		big += "  /" + tag + ":\n    get:\n      operationId: get" + tag + "\n      tags: [" + tag + "]\n      responses: {\"204\": {description: none}}\n"
	}
	small := "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: geta\n      tags: [a]\n      responses: {\"204\": {description: none}}\n"
	spec := filepath.Join(dir, "spec.yaml")
	for i, src := range []string{big, small} {
		if err := os.WriteFile(spec, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runCLI(t, "-spec", spec, "-out", out)
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, code, stderr)
		}
		if i == 1 && !strings.Contains(stdout, "stale removed: ") {
			t.Errorf("second run: %q; want the written files counted apart from the stale ones removed", stdout)
		}
		var written, total int
		if _, err := fmt.Sscanf(stdout[strings.Index(stdout, ": ")+2:], "%d of %d files changed", &written, &total); err != nil || written > total {
			t.Errorf("run %d: %q: %d of %d", i, stdout, written, total)
		}
	}
}
