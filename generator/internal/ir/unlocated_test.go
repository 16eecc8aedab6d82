package ir

import (
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/load"
)

// TestUnlocated: a warning the model makes without a recorded origin is
// located (file:line) by default and left at its pointer with Unlocated.
func TestUnlocated(t *testing.T) {
	spec := []byte(`openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "204": {description: none}
webhooks:
  thingCreated:
    post:
      responses:
        "200": {description: ok}
`)
	doc, diags := load.Data("spec.yaml", spec)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, unlocated := range []bool{false, true} {
		_, diags := Build(doc, Options{Package: "api", SkipUnsupported: true, Unlocated: unlocated})
		var found bool
		for _, d := range diags {
			if d.Pointer != "/webhooks" {
				continue
			}
			found = true
			if located := d.Pos.Line > 0; located == unlocated {
				t.Errorf("Unlocated %v: webhooks warning at %v", unlocated, d.Pos)
			}
		}
		if !found {
			t.Fatalf("no webhooks warning: %v", diags)
		}
	}
}
