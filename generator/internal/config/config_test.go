package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/atriumgen/atriumgen/generator/internal/config"
	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/ir"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
)

func TestDecode(t *testing.T) {
	src := `version: 1
spec: api/openapi.yaml
overlays: [fix.yaml, more.yaml]
out: sdk
nullable-pointers: true
naming:
  group-by: resources
  operations:
    GET /v1/balance: Balance.Get
paging:
  - operations: ["GET /v1/*"]
    style: cursor
    items: data
`
	var cfg pipeline.Config
	where, list := config.Decode("c.yaml", []byte(src), &cfg)
	if len(list) > 0 {
		t.Fatal(list)
	}
	want := pipeline.Config{
		Spec: "api/openapi.yaml", Overlays: []string{"fix.yaml", "more.yaml"}, Out: "sdk", NullablePointers: true,
		Naming: ir.Naming{GroupBy: "resources", Operations: map[string]string{"GET /v1/balance": "Balance.Get"}},
		Paging: []ir.PagingRule{{Operations: []string{"GET /v1/*"}, Style: ir.PageCursor, Items: "data", Pos: diag.Pos{File: "c.yaml", Line: 11, Col: 5}}},
	}
	if d := cmp.Diff(want, cfg); d != "" {
		t.Errorf("decoded (-want +got):\n%s", d)
	}
	if got := where["naming.operations.GET /v1/balance"]; got != (diag.Pos{File: "c.yaml", Line: 9, Col: 22}) {
		t.Errorf("position of the operation override = %v", got)
	}
}

// Every problem is an error at the line and column of the offending key or
// value.
func TestDecodeErrors(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"no version", "spec: a.yaml\n", `c.yaml:1:1: missing "version: 1" (the config format version)`},
		{"newer version", "version: 2\n", "c.yaml:1:10: version: this generator reads config version 1, not 2"},
		{"version not a number", "version: one\n", `c.yaml:1:10: version: want the integer 1, got "one"`},
		{"unknown key", "version: 1\nspecs: a.yaml\n", `c.yaml:2:1: config: unknown key "specs" (known: import, naming, nullable-pointers, out, overlays, package, paging, ref-root, server-out, server-package, share-types, skip-unsupported, spec, split-services, strict)`},
		{"unknown nested key", "version: 1\nnaming:\n  type: {a: B}\n", `c.yaml:3:3: naming: unknown key "type" (known: fields, group-by, operations, services, types)`},
		{"bool expected", "version: 1\nnullable-pointers: yes please\n", `c.yaml:2:20: nullable-pointers: want true or false, got "yes please"`},
		{"string expected", "version: 1\nout: [a, b]\n", "c.yaml:2:6: out: want a string, got a list"},
		{"list expected", "version: 1\noverlays: a.yaml\n", `c.yaml:2:11: overlays: want a list, got "a.yaml"`},
		{"duplicate key", "version: 1\nout: a\nout: b\n", `c.yaml:3:1: config: key "out" given twice`},
		{"duplicate map key", "version: 1\nnaming:\n  types:\n    a: A\n    a: B\n", `c.yaml:5:5: naming.types: key "a" given twice`},
		{"not a mapping", "- a\n", "c.yaml:1:1: the config must be a mapping of keys to values, not a list"},
		{"empty", "", `c.yaml:1:1: empty config: want at least "version: 1"`},
		{"syntax", "version: 1\nout: a\n  b: c\n", "c.yaml:3: mapping values are not allowed in this context"},
		{"paging item not a mapping", "version: 1\npaging: [cursor]\n", `c.yaml:2:10: paging.0: want a mapping of keys to values, got "cursor"`},
	} {
		var cfg pipeline.Config
		_, list := config.Decode("c.yaml", []byte(c.src), &cfg)
		if !list.HasErrors() {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if got := list.Error(); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestLoadResolvesPaths(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "spec")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(sub, "atriumgen.yaml")
	src := "version: 1\nspec: api.yaml\noverlays: [o.yaml, /abs/o.yaml]\nout: ../sdk\nserver-out: ../srv\npackage: sdk\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var cfg pipeline.Config
	if _, list := config.Load(file, &cfg); len(list) > 0 {
		t.Fatal(list)
	}
	want := pipeline.Config{
		Spec: filepath.Join(sub, "api.yaml"), Overlays: []string{filepath.Join(sub, "o.yaml"), "/abs/o.yaml"},
		Out: filepath.Join(dir, "sdk"), ServerOut: filepath.Join(dir, "srv"), Package: "sdk",
	}
	if d := cmp.Diff(want, cfg); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// Validation problems of decoded values are located at the value.
func TestValidateLocated(t *testing.T) {
	src := `version: 1
package: my-sdk
naming:
  group-by: paths
  operations:
    listPets: list pets
  fields:
    nodot: X
paging:
  - operations: [listPets]
    style: cursor
    has-more: has_more
`
	var cfg pipeline.Config
	where, list := config.Decode("c.yaml", []byte(src), &cfg)
	if len(list) > 0 {
		t.Fatal(list)
	}
	cfg.Where = where
	got := cfg.Validate().Error()
	want := strings.Join([]string{
		`c.yaml:2:10: package: "my-sdk" is not a valid Go package name`,
		`c.yaml:4:13: naming.group-by: "paths": want tags, resources or tags-only`,
		`c.yaml:6:15: naming.operations: "listPets": "list pets" is not an exported Go identifier (or Service.Method)`,
		`c.yaml:8:12: naming.fields: "nodot": want Schema.property`,
		`c.yaml:10:5: paging.0: style cursor needs cursor (the query parameter taking the next cursor)`,
		`c.yaml:10:5: paging.0: style cursor needs cursor-from (the item field of the last item, e.g. id) or next-cursor (a response field)`,
	}, "\n")
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}
