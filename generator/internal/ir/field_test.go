package ir

import (
	"path/filepath"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/load"
)

// fieldShape is how a field tells absent, null and a value apart.
type fieldShape struct {
	Pointer, Wrapped bool
	Omit             string
}

func shapeOf(t *testing.T, api *API, typ, field string) fieldShape {
	t.Helper()
	ty := typeNamed(api, typ)
	if ty == nil {
		t.Fatalf("no type %s", typ)
	}
	for _, f := range ty.Fields {
		if f.Name == field {
			return fieldShape{f.Pointer, f.Wrapped, f.Omit}
		}
	}
	t.Fatalf("%s has no field %s", typ, field)
	return fieldShape{}
}

// A field whose type $refs an alias of a map or a slice is the alias
// itself, nil when absent, like an inline map: Docker's HostConfig
// PortBindings ($ref PortMap, a map) was *PortMap, and a non-nil pointer
// to a nil map sent "PortBindings":null for a member that is not
// nullable. Nullable optional members stay Nullable[T]; the shape does
// not depend on whether the alias is built before or after the struct
// (HostConfig sorts before PortMap, Zoo after Alpha).
func TestNamedAliasFieldsAreNilable(t *testing.T) {
	api, _ := buildSpec(t, `swagger: "2.0"
info: {title: T, version: "1"}
paths: {}
definitions:
  HostConfig:
    type: object
    required: [Needed]
    properties:
      PortBindings: {$ref: '#/definitions/PortMap'}
      Needed: {$ref: '#/definitions/PortMap'}
      Names: {$ref: '#/definitions/Names'}
      Again: {$ref: '#/definitions/Again'}
      Loose: {$ref: '#/definitions/Loose'}
      Port: {$ref: '#/definitions/Port'}
      Binding: {$ref: '#/definitions/PortBinding'}
  PortMap:
    type: object
    additionalProperties:
      type: array
      x-nullable: true
      items: {$ref: '#/definitions/PortBinding'}
  PortBinding:
    type: object
    properties:
      HostPort: {type: string}
  Names:
    type: array
    items: {type: string}
  Again: {$ref: '#/definitions/Names'}
  Loose: {}
  Port: {type: integer}
`)
	for _, c := range []struct {
		field string
		want  fieldShape
	}{
		{"PortBindings", fieldShape{Omit: "omitzero"}},
		{"Needed", fieldShape{}},
		{"Names", fieldShape{Omit: "omitzero"}},
		{"Again", fieldShape{Omit: "omitzero"}},
		{"Loose", fieldShape{Omit: "omitempty"}},
		// Not nilable: pointers as before.
		{"Port", fieldShape{Pointer: true, Omit: "omitempty"}},
		{"Binding", fieldShape{Pointer: true, Omit: "omitempty"}},
	} {
		if got := shapeOf(t, api, "HostConfig", c.field); got != c.want {
			t.Errorf("HostConfig.%s = %+v, want %+v", c.field, got, c.want)
		}
	}

	const nullable = `openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Alpha:
      type: object
      properties:
        zoo: {$ref: '#/components/schemas/Zoo'}
        maybe:
          nullable: true
          allOf: [{$ref: '#/components/schemas/Zoo'}]
    Zoo:
      type: object
      nullable: true
      additionalProperties: {type: string}
`
	api, _ = buildSpec(t, nullable)
	for field, want := range map[string]fieldShape{
		"Zoo":   {Wrapped: true, Omit: "omitzero"}, // Zoo itself is nullable
		"Maybe": {Wrapped: true, Omit: "omitzero"},
	} {
		if got := shapeOf(t, api, "Alpha", field); got != want {
			t.Errorf("Alpha.%s = %+v, want %+v", field, got, want)
		}
	}
	doc, list := load.Data("spec.yaml", []byte(nullable))
	if list.HasErrors() {
		t.Fatal(list)
	}
	api, diags := Build(doc, Options{Package: "x", NullablePointers: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	// With -nullable-pointers a nullable map is the map, nil for absent
	// and null, as an inline nullable map is.
	if got, want := shapeOf(t, api, "Alpha", "Zoo"), (fieldShape{Omit: "omitzero"}); got != want {
		t.Errorf("nullable-pointers: Alpha.Zoo = %+v, want %+v", got, want)
	}
}

// No field of the corpus is a pointer to a type that has nil as its zero
// value (through aliases): such a pointer has two encodings of absence,
// one of them null.
func TestNoPointerToNilableAlias(t *testing.T) {
	specs, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "spec.yaml"))
	real, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "realworld", "swagger2-*.yaml"))
	specs = append(specs, real...)
	if len(specs) < 2 {
		t.Fatalf("corpus not found: %v", specs)
	}
	aliases := 0
	for _, spec := range specs {
		doc, list := load.File(spec)
		if list.HasErrors() {
			continue // refusal cases of the golden corpus
		}
		api, diags := Build(doc, Options{Package: "x"})
		if diags.HasErrors() {
			continue
		}
		byName := map[string]*Type{}
		for _, ty := range api.Types {
			byName[ty.Name] = ty
		}
		for _, ty := range api.Types {
			for _, f := range ty.Fields {
				if f.Type.Kind != Named {
					continue
				}
				base := aliasBase(byName, f.Type)
				if base == nil || !base.IsNilable() {
					continue
				}
				aliases++
				if f.Pointer {
					t.Errorf("%s: %s.%s is *%s, an alias of %s", spec, ty.Name, f.Name, f.Type.Name, base)
				}
			}
		}
	}
	if aliases == 0 {
		t.Error("no field of the corpus has a nilable alias type; the test checks nothing")
	}
}
