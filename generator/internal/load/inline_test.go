package load

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// $refs where OpenAPI allows none, as bundlers read them: an operation, a
// schema's properties, a description. The document loads as if they were
// written in place, the references inside them still resolve from where
// they were written, every other position stays where it was, and each
// kind is one located warning.
func TestMisplacedRefsInlined(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("description.yml", "intro: |\n  Welcome: the API.\n")
	write("resources/droplets/get.yml", `operationId: getDroplet
parameters:
  - $ref: '#/x-params/id'
responses:
  "200":
    description: ok
    content:
      application/json:
        schema:
          $ref: 'models/droplet.yml'
x-params:
  id: {name: droplet_id, in: path, required: true, schema: {type: integer}}
`)
	write("resources/droplets/models/droplet.yml", `type: object
properties:
  $ref: 'attributes.yml#/droplet'
`)
	write("resources/droplets/models/attributes.yml", `droplet:
  id: {type: integer}
  size: {$ref: '../../shared/size.yml'}
`)
	write("resources/shared/size.yml", "type: string\nenum: [s, m]\n")
	spec := `openapi: 3.0.3
info:
  title: T
  version: "1"
  description:
    $ref: 'description.yml#/intro'
paths:
  /droplets/{droplet_id}:
    get:
      $ref: 'resources/droplets/get.yml'
  /local: {get: {$ref: '#/x-ops/local'}, put: {$ref: '#/x-ops/put'}}
x-ops:
  local:
    operationId: local
    responses:
      "204": {description: none}
  put:
    operationId: putLocal
    responses:
      "204": {description: none}
components:
  schemas:
    Later:
      type: array
`
	write("spec.yaml", spec)
	doc, list := File(filepath.Join(dir, "spec.yaml"))
	if list.HasErrors() {
		t.Fatal(list)
	}
	op := doc.T.Paths.Value("/droplets/{droplet_id}").Get
	if op == nil || op.OperationID != "getDroplet" || len(op.Parameters) != 1 || op.Parameters[0].Value.Name != "droplet_id" {
		t.Fatalf("operation = %+v, want getDroplet with its parameter", op)
	}
	s := op.Responses.Value("200").Value.Content["application/json"].Schema.Value
	if s == nil || s.Properties["id"] == nil || s.Properties["size"] == nil || len(s.Properties["size"].Value.Enum) != 2 {
		t.Fatalf("response schema = %+v, want id and size (an enum read from ../../shared)", s)
	}
	if l := doc.T.Paths.Value("/local"); l.Get == nil || l.Get.OperationID != "local" || l.Put == nil || l.Put.OperationID != "putLocal" {
		t.Errorf("the local operation $refs (two on one line) were not read: %+v", l)
	}
	if d := doc.T.Info.Description; d != "Welcome: the API.\n" {
		t.Errorf("info.description = %q", d)
	}
	var got []string
	for _, w := range list.Warnings() {
		got = append(got, w.String())
	}
	all := strings.Join(got, "\n")
	laterLine := strings.Count(spec[:strings.Index(spec, "    Later:")], "\n") + 1
	for _, want := range []string{
		`spec.yaml:10:7: /paths/~1droplets~1{droplet_id}/get: warning: the operation is a $ref "resources/droplets/get.yml", which OpenAPI does not allow here (bundlers inline it): reading what it names in its place (and 2 more, read alike)`,
		`spec.yaml:6:5: /info/description: warning: the description is a $ref "description.yml#/intro"`,
		filepath.Join("resources", "droplets", "models", "droplet.yml") + `:3:3: /properties: warning: the properties are a $ref "attributes.yml#/droplet"`,
		// Positions past the inlined lines are where they were.
		"spec.yaml:" + strconv.Itoa(laterLine) + ":5: /components/schemas/Later: warning: array schema has no items",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings:\n%s\nwant one containing:\n%s", all, want)
		}
	}
	if strings.Count(all, "the operation is a $ref") != 1 {
		t.Errorf("want the operation $refs in one warning:\n%s", all)
	}
}

// A misplaced $ref the loader cannot read (outside the reference root) is
// left as written, with a warning naming why, and the loader's own report.
func TestMisplacedRefUnreadable(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "spec")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "op.yml"), []byte("operationId: x\nresponses: {\"204\": {description: none}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      $ref: '../op.yml'\n"
	if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	_, list := File(filepath.Join(dir, "spec.yaml"))
	if !strings.Contains(list.Error(), `spec.yaml:6:13: /paths/~1a/get: warning: the operation is a $ref "../op.yml", which OpenAPI does not allow here, and it cannot be read: reference`) ||
		!strings.Contains(list.Error(), "outside the reference root") {
		t.Errorf("diagnostics:\n%s", list.Error())
	}
}

// A referenced file that does not decode is named in the error, at its own
// line, not the root document's.
func TestExternalDecodeErrorNamesItsFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "models"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "models", "pet.yml"), []byte("type: object\nproperties:\n  name: {type: string}\nrequired: yes-please\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {$ref: 'models/pet.yml'}\n"
	if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	_, list := File(filepath.Join(dir, "spec.yaml"))
	want := filepath.Join(dir, "models", "pet.yml") + ":4"
	if !list.HasErrors() || !strings.HasPrefix(list.Error(), want) {
		t.Errorf("got:\n%s\nwant the error at %s", list.Error(), want)
	}
}

// Properties that are a $ref are expanded where they stand, so a chain of
// them that multiplies (each map naming ten that each name ten...) is cut
// off with a warning, not followed until memory runs out.
func TestMisplacedRefsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Big:\n      type: object\n      properties: {$ref: '#/x-levels/l0'}\nx-levels:\n")
	const levels = 12
	for l := 0; l < levels; l++ {
		b.WriteString("  l" + strconv.Itoa(l) + ":\n")
		for k := 0; k < 10; k++ {
			if l == levels-1 {
				b.WriteString("    p" + strconv.Itoa(k) + ": {type: string, description: " + strings.Repeat("x", 100) + "}\n")
				continue
			}
			b.WriteString("    p" + strconv.Itoa(k) + ": {type: object, properties: {$ref: '#/x-levels/l" + strconv.Itoa(l+1) + "'}}\n")
		}
	}
	_, list := Data("spec.yaml", []byte(b.String()))
	if !strings.Contains(list.Error(), "cannot be inlined: inlining would write more than 32 MiB") {
		t.Errorf("diagnostics:\n%.2000s", list.Error())
	}
}
