package overlay

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	yaml "github.com/oasdiff/yaml3"
)

const spec = `openapi: 3.0.3
info:
  title: Pets
  version: "1"
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - {name: limit, in: query}
        - {name: internal, in: query, x-internal: true}
    post:
      operationId: createPet
  /pets/{id}:
    get:
      operationId: getPet
      x-internal: true
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
`

func write(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func applyOverlays(t *testing.T, overlays ...string) (map[string]any, string) {
	t.Helper()
	var files []string
	for i, o := range overlays {
		files = append(files, write(t, "o"+string(rune('0'+i))+".yaml", o))
	}
	out, list := Files("spec.yaml", []byte(spec), files)
	if list.HasErrors() {
		t.Fatal(list)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	return doc, list.Error()
}

func get(doc any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := doc.(map[string]any)
			doc = m[k]
		case int:
			s, _ := doc.([]any)
			if k >= len(s) {
				return nil
			}
			doc = s[k]
		}
	}
	return doc
}

func TestUpdateMergesAndAppends(t *testing.T) {
	doc, warnings := applyOverlays(t, `overlay: 1.0.0
info: {title: fixes, version: 1.0.0}
actions:
  - target: $.paths['/pets'].get
    update:
      x-go-name: List
      x-pagination: {style: cursor}
  - target: $.paths.*.*
    description: every operation gets a tag list entry
    update:
      x-seen: true
  - target: $.paths['/pets'].get.tags
    update: animals
  - target: $.components.schemas.Pet.properties
    update:
      name: {description: The name}
      age: {type: integer}
`)
	if warnings != "" {
		t.Errorf("warnings: %s", warnings)
	}
	if get(doc, "paths", "/pets", "get", "x-go-name") != "List" || get(doc, "paths", "/pets", "get", "x-pagination", "style") != "cursor" {
		t.Errorf("update not merged: %v", get(doc, "paths", "/pets", "get"))
	}
	for _, op := range [][]any{{"/pets", "get"}, {"/pets", "post"}, {"/pets/{id}", "get"}} {
		if get(doc, "paths", op[0], op[1], "x-seen") != true {
			t.Errorf("wildcard missed %v", op)
		}
	}
	if d := cmp.Diff([]any{"pets", "animals"}, get(doc, "paths", "/pets", "get", "tags")); d != "" {
		t.Errorf("append to a sequence: %s", d)
	}
	// Nested mappings merge: the type stays, the description is added.
	if get(doc, "components", "schemas", "Pet", "properties", "name", "type") != "string" ||
		get(doc, "components", "schemas", "Pet", "properties", "name", "description") != "The name" ||
		get(doc, "components", "schemas", "Pet", "properties", "age", "type") != "integer" {
		t.Errorf("nested merge: %v", get(doc, "components", "schemas", "Pet"))
	}
}

func TestRemoveWithFilters(t *testing.T) {
	doc, _ := applyOverlays(t, `overlay: 1.0.0
info: {title: strip internal, version: 1.0.0}
actions:
  - target: $..parameters[?@.x-internal == true]
    remove: true
  - target: $.paths.*[?(@.x-internal)]
    remove: true
  - target: $.paths['/pets'].post
    remove: true
`)
	params := get(doc, "paths", "/pets", "get", "parameters").([]any)
	if len(params) != 1 || get(params, 0, "name") != "limit" {
		t.Errorf("parameters: %v", params)
	}
	if get(doc, "paths", "/pets/{id}", "get") != nil || get(doc, "paths", "/pets", "post") != nil {
		t.Errorf("operations not removed: %v", get(doc, "paths"))
	}
	if get(doc, "paths", "/pets", "get", "operationId") != "listPets" {
		t.Errorf("removed too much")
	}
}

func TestSelect(t *testing.T) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(spec), &doc); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"$.paths['/pets'].get.operationId":                  "listPets",
		`$["paths"]["/pets/{id}"].get.operationId`:          "getPet",
		"$..operationId":                                    "listPets createPet getPet",
		"$.paths['/pets'].get.parameters[-1].name":          "internal",
		"$.paths['/pets'].get.parameters[0,1].name":         "limit internal",
		"$.paths.*[?@.operationId == 'getPet'].tags":        "",
		"$.paths.*[?@.operationId != 'getPet'].operationId": "listPets createPet",
		"$.paths.*[?@.tags && !@.x-internal].operationId":   "listPets",
		"$..[?@.in == 'query' || @.type == 'string'].name":  "limit internal",
		"$.nothing.here":                                    "",
	} {
		segs, err := parsePath(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		var got []string
		for _, m := range selectPath(doc.Content[0], segs) {
			got = append(got, m.node.Value)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s = %q, want %q", path, strings.Join(got, " "), want)
		}
	}
	for path, want := range map[string]string{
		"paths":         "a path starts with $",
		"$.paths[":      "want a quoted name",
		"$.paths['/a":   "unterminated string",
		"$[?x == 1]":    "a filter tests @",
		"$.a[?@.b == ]": "want a string, number",
		"$.a b":         `unexpected "b"`,
	} {
		if _, err := parsePath(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parsePath(%q) = %v, want %q", path, err, want)
		}
	}
}

// Problems in an overlay are located in it.
func TestErrorsLocated(t *testing.T) {
	for text, want := range map[string]string{
		"info: {title: a, version: b}\nactions: []\n": `:1:1: missing "overlay: 1.0.0"`,
		"overlay: 2.0.0\n":                            `:1:10: overlay "2.0.0": this generator applies Overlay 1.x`,
		"overlay: 1.0.0\ninfo: {title: a, version: b}\nactions:\n  - target: $.paths[\n    remove: true\n":       `:4:13: actions[0]: target "$.paths[": at character 9: want a quoted name`,
		"overlay: 1.0.0\ninfo: {title: a, version: b}\nactions:\n  - target: $.paths\n":                          `:4:5: actions[0]: has neither update nor remove: true`,
		"overlay: 1.0.0\ninfo: {title: a, version: b}\nactions:\n  - target: $.info.title\n    update: {a: 1}\n": `:5:13: actions[0]: the target is a scalar`,
		"overlay: 1.0.0\ninfo: {title: a, version: b}\nactons: []\n":                                             `:3:1: unknown overlay key "actons"`,
	} {
		f := write(t, "bad.yaml", text)
		_, list := Files("spec.yaml", []byte(spec), []string{f})
		if !list.HasErrors() || !strings.Contains(list.Error(), f+want) {
			t.Errorf("overlay %q:\n got %s\nwant %s%s", text, list.Error(), f, want)
		}
	}
	f := write(t, "o.yaml", "overlay: 1.0.0\ninfo: {title: a, version: b}\nactions:\n  - target: $.paths['/nope']\n    update: {x: 1}\n")
	_, list := Files("spec.yaml", []byte(spec), []string{f})
	if list.HasErrors() || !strings.Contains(list.Error(), f+`:4:13: warning: actions[0]: target $.paths['/nope'] selects nothing in the spec`) {
		t.Errorf("a target selecting nothing: %s", list.Error())
	}
}

// Descendant selection does not follow aliases, so a document of nested
// aliases (billion laughs) is walked in linear time.
func TestDescendantsSkipAliases(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 30; i++ {
		b.WriteString("a" + strconv.Itoa(i) + ": &a" + strconv.Itoa(i) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + strconv.Itoa(i-1))
		}
		b.WriteString("]\n")
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(b.String()), &doc); err != nil {
		t.Fatal(err)
	}
	segs, err := parsePath("$..*")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(selectPath(doc.Content[0], segs)); n > 1000 {
		t.Errorf("selected %d nodes: aliases were followed", n)
	}
}
