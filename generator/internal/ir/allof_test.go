package ir

import (
	"strings"
	"testing"
)

// Lossy allOf readings are warnings naming both places and the reading
// chosen: a property typed two ways, parts of two types, a schema that
// includes itself.
func TestAllOfConflicts(t *testing.T) {
	api, warns := buildSpec(t, `openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        foo: {type: string}
    Clash:
      allOf:
        - $ref: '#/components/schemas/A'
        - type: object
          properties:
            foo: {type: integer}
    Shapes:
      allOf:
        - type: object
          properties:
            bar: {type: string}
        - type: string
    Test:
      allOf:
        - $ref: '#/components/schemas/Test'
        - type: object
          properties:
            id: {type: string}
`)
	for _, want := range []string{
		`spec.yaml:15:13: /components/schemas/Clash/allOf/1/properties/foo: warning: allOf: property "foo" is integer here and string at /components/schemas/A/properties/foo (spec.yaml:9:9): no value satisfies both; using this one (integer)`,
		`/components/schemas/Shapes/allOf/1: warning: allOf: type string here and type object at /components/schemas/Shapes/allOf/0 (spec.yaml:18:11) cannot both hold; reading the schema as object`,
		`/components/schemas/Test/allOf/0: warning: allOf includes /components/schemas/Test (spec.yaml:`,
	} {
		if !strings.Contains(warns, want) {
			t.Errorf("warnings lack\n%s\ngot:\n%s", want, warns)
		}
	}
	if n := strings.Count(warns, `property "foo"`); n != 1 {
		t.Errorf("foo conflict warned %d times, want once:\n%s", n, warns)
	}
	if ty := typeNamed(api, "Test"); ty == nil || len(ty.Fields) != 1 || ty.Fields[0].JSONName != "id" {
		t.Errorf("Test = %+v, want the struct {id}", ty)
	}
}
