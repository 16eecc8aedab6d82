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

// An allOf of scalar schemas of one type is that scalar, its members'
// constraints merged (the tightest bounds, the one pattern and enum), so
// its example is a valid scalar, not {}; members of different types or
// conflicting patterns stay a named type.
func TestScalarAllOf(t *testing.T) {
	api, _ := buildSpec(t, `openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Holder:
      type: object
      required: [ip, small, mixed]
      properties:
        ip: {allOf: [{type: string, pattern: '^[0-9]+\.[0-9]+$'}, {type: string, nullable: true, maxLength: 9}]}
        small: {allOf: [{type: integer, minimum: -5}, {type: integer, minimum: -10, maximum: 5}]}
        kind: {allOf: [{type: string}, {type: string, enum: [foo, bar]}]}
        mixed: {allOf: [{type: string}, {type: integer}]}
        clash: {allOf: [{type: string, pattern: a}, {type: string, pattern: b}]}
`)
	h := typeNamed(api, "Holder")
	if h == nil {
		t.Fatal("no Holder")
	}
	fields := map[string]*Field{}
	for _, f := range h.Fields {
		fields[f.JSONName] = f
	}
	if f := fields["ip"]; f.Type.String() != "string" || f.Check == nil || f.Check.Pattern != `^[0-9]+\.[0-9]+$` || f.Check.MaxLength == nil || *f.Check.MaxLength != 9 {
		t.Errorf("ip: type %s, check %+v", f.Type, f.Check)
	}
	if f := fields["small"]; f.Type.String() != "int64" || f.Check == nil || *f.Check.Minimum != -5 || *f.Check.Maximum != 5 {
		t.Errorf("small: type %s, check %+v", f.Type, f.Check)
	}
	if f := fields["kind"]; f.Type.Kind != Named || typeNamed(api, f.Type.Name) == nil || typeNamed(api, f.Type.Name).Kind != Enum {
		t.Errorf("kind: type %s, want an enum", f.Type)
	}
	for _, name := range []string{"mixed", "clash"} {
		if f := fields[name]; f.Type.Kind != Named || typeNamed(api, f.Type.Name).Kind == Enum {
			t.Errorf("%s: type %s, want the allOf's own named type", name, f.Type)
		}
	}
	ex := NewExamples(api, nil)
	v, _ := ex.Value(&TypeRef{Kind: Named, Name: "Holder"}, nil, Request).(map[string]any)
	if v["ip"] == nil || v["small"] != float64(-5) && v["small"] != 0.0 {
		t.Errorf("example %v", v)
	}
}
