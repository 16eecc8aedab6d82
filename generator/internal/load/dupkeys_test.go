package load

import (
	"strings"
	"testing"
)

// TestDuplicateKeys: a key given twice in a block mapping (as MX's Platform
// spec did: "disable_institution_search" twice in one schema) loads with a
// warning at the later key, whose value is used; positions after it are
// those of the file as written; a flow-style duplicate is still an error.
func TestDuplicateKeys(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Widget:
      type: object
      properties:
        disable_institution_search:
          type: integer
          description: the earlier one
        disable_institution_search:
          type: boolean
        size:
          type: array
`
	doc, diags := Data("spec.yaml", []byte(spec))
	if diags.HasErrors() {
		t.Fatalf("errors: %v", diags)
	}
	got := diags.Error()
	want := `spec.yaml:12:9: /components/schemas/Widget/properties/disable_institution_search: warning: key "disable_institution_search" is given twice (lines 9 and 12), which YAML forbids; using the later value, as JSON readers do`
	if !strings.Contains(got, want) {
		t.Errorf("warnings:\n%s\nwant one:\n%s", got, want)
	}
	// The array without items, after the blanked lines, keeps its line.
	if !strings.Contains(got, "spec.yaml:14:9: /components/schemas/Widget/properties/size: warning: array schema has no items") {
		t.Errorf("a later warning moved:\n%s", got)
	}
	p := doc.T.Components.Schemas["Widget"].Value.Properties["disable_institution_search"].Value
	if !p.Type.Is("boolean") || p.Description != "" {
		t.Errorf("property = %v %q, want the later (boolean) one", p.Type, p.Description)
	}

	flow := "openapi: 3.0.3\ninfo: {title: T, version: \"1\", title: U}\npaths: {}\n"
	if _, diags := Data("flow.yaml", []byte(flow)); !diags.HasErrors() {
		t.Errorf("a flow-style duplicate loaded: %v", diags)
	}
}
