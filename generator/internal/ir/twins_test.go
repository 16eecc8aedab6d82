package ir

import (
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/load"
)

const twinsSpec = `openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: getPet
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/holder'}
components:
  schemas:
    holder:
      type: object
      required: [pet, maybe]
      properties:
        pet: {$ref: '#/components/schemas/pet'}
        maybe: {$ref: '#/components/schemas/nullable-pet'}
        other: {$ref: '#/components/schemas/nullable-pet31'}
        kind: {$ref: '#/components/schemas/kind', description: The holder's kind.}
        species: {$ref: '#/components/schemas/species'}
        near: {$ref: '#/components/schemas/near-pet'}
    pet:
      title: Pet
      description: A pet.
      type: object
      properties:
        name: {type: string}
        tags: {type: object, properties: {color: {type: string}}}
    nullable-pet:
      title: Pet
      description: A pet, or null.
      nullable: true
      type: object
      properties:
        name: {type: string}
        tags: {type: object, properties: {color: {type: string}}}
    nullable-pet31:
      type: [object, "null"]
      properties:
        name: {type: string}
        tags: {type: object, properties: {color: {type: string}}}
    near-pet:
      type: object
      properties:
        name: {type: string}
        tags: {type: object, properties: {colour: {type: string}}}
    kind: {type: string, enum: [cat, dog]}
    species: {type: string, enum: [cat, dog], description: What a pet is.}
`

func buildTwins(t *testing.T, share bool) *API {
	t.Helper()
	doc, diags := load.Data("spec.yaml", []byte(twinsSpec))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	api, diags := Build(doc, Options{Package: "x", ShareTypes: share})
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return api
}

// With -share-types a component schema that is another but for
// nullability, title, description and example is an alias of it, its
// doc its own; its uses keep their name and read nullability from the
// schema they refer to. A schema one word apart, and enums of the same
// values, stay types of their own. Without -share-types nothing changes.
func TestTwinComponentsAreAliases(t *testing.T) {
	api := buildTwins(t, true)
	for _, name := range []string{"NullablePet", "NullablePet31"} {
		ty := typeNamed(api, name)
		if ty == nil || ty.Kind != Alias || ty.Base.Kind != Named || ty.Base.Name != "Pet" {
			t.Fatalf("%s = %+v, want an alias of Pet", name, ty)
		}
	}
	if d := typeNamed(api, "NullablePet").Doc; !strings.HasPrefix(d, "NullablePet is a pet, or null.") || !strings.Contains(d, "It is Pet") {
		t.Errorf("NullablePet doc = %q", d)
	}
	for _, name := range []string{"NearPet", "Kind", "Species"} {
		if ty := typeNamed(api, name); ty == nil || ty.Kind == Alias {
			t.Errorf("%s = %+v, want a type of its own", name, ty)
		}
	}
	if typeNamed(api, "NullablePetTags") != nil {
		t.Errorf("the twin's inline types are built: %v", typeNames(api))
	}
	h := typeNamed(api, "Holder")
	want := map[string]string{"Pet": "Pet false", "Maybe": "NullablePet true", "Other": "NullablePet31 true"}
	for _, f := range h.Fields {
		if w, ok := want[f.Name]; ok {
			if got := f.Type.String() + " " + map[bool]string{true: "true", false: "false"}[f.Nullable]; got != w {
				t.Errorf("field %s: %s, want %s", f.Name, got, w)
			}
		}
	}

	// A description beside a $ref (3.1) is the field's own; one it
	// inherits from the type it refers to is the type's doc only.
	for _, f := range h.Fields {
		switch f.Name {
		case "Kind":
			if f.Doc != "Kind is the holder's kind." {
				t.Errorf("Kind doc = %q", f.Doc)
			}
		case "Species":
			if f.Doc != `Species is the "species" field.` {
				t.Errorf("Species doc = %q", f.Doc)
			}
		}
	}

	plain := buildTwins(t, false)
	for _, name := range []string{"NullablePet", "NullablePet31"} {
		if ty := typeNamed(plain, name); ty == nil || ty.Kind != Struct {
			t.Errorf("without -share-types %s = %+v, want its own struct", name, ty)
		}
	}
}

// A field's doc leaves out what its declaration says (required: no omit
// in its tag; may be null: a Nullable[T] or a required pointer) and a
// description it only inherits from the named type it refers to; it
// keeps what the declaration cannot say.
func TestFieldDocSaysWhatTheDeclarationDoesNot(t *testing.T) {
	doc, diags := load.Data("spec.yaml", []byte(`openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    owner:
      description: Who owns a pet.
      type: object
      properties:
        name: {type: string}
    pet:
      type: object
      required: [id, owner, gone, tags]
      properties:
        id: {type: string, description: The pet's id.}
        link: {type: string, format: uri}
        nick: {type: string, nullable: true}
        gone: {type: string, nullable: true}
        owner: {$ref: '#/components/schemas/owner'}
        tags: {type: array, nullable: true, items: {type: string}}
`))
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	for _, ptrs := range []bool{false, true} {
		api, diags := Build(doc, Options{Package: "x", NullablePointers: ptrs})
		if diags.HasErrors() {
			t.Fatal(diags.Error())
		}
		want := map[string]string{
			"ID":    "ID is the pet's id.",
			"Link":  `Link is the "link" field. (format uri)`,
			"Nick":  `Nick is the "nick" field.`,
			"Gone":  `Gone is the "gone" field.`,
			"Owner": `Owner is the "owner" field.`,
			"Tags":  `Tags is the "tags" field. (may be null)`, // required: a nil slice is sent as null, which []string does not say
		}
		if ptrs {
			want["Nick"] += " (may be null)" // *string omitempty: nil is absent
		}
		for _, f := range typeNamed(api, "Pet").Fields {
			if f.Doc != want[f.Name] {
				t.Errorf("nullable pointers %v: %s doc = %q, want %q", ptrs, f.Name, f.Doc, want[f.Name])
			}
		}
	}
}
