package ir

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/load"
)

// A discriminator mapping names its schemas as it likes: the same schema
// in another file is "./pets.yaml#/Cat" in the mapping and
// "pets.yaml#/Cat" in oneOf, or a component by its bare name. Each entry
// gives its value to the variant it resolves to; an entry naming no
// variant is a located warning, never a silently lost value.
func TestDiscriminatorMappingMatchesTheSchema(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("pets.yaml", `Cat:
  type: object
  required: [petType]
  properties:
    petType: {type: string}
    meows: {type: boolean}
Dog:
  type: object
  required: [petType]
  properties:
    petType: {type: string}
    barks: {type: boolean}
`)
	spec := `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Bird:
      type: object
      required: [petType]
      properties:
        petType: {type: string}
    Fish:
      type: object
      properties:
        fins: {type: integer}
    Pet:
      oneOf:
        - $ref: 'pets.yaml#/Cat'
        - $ref: './pets.yaml#/Dog'
        - $ref: '#/components/schemas/Bird'
      discriminator:
        propertyName: petType
        mapping:
          cat: './pets.yaml#/Cat'
          dog: 'pets.yaml#/Dog'
          bird: Bird
          fish: '#/components/schemas/Fish'
`
	write("spec.yaml", spec)
	fishLine := strings.Count(spec[:strings.Index(spec, "fish: ")], "\n") + 1
	doc, list := load.File(filepath.Join(dir, "spec.yaml"))
	if list.HasErrors() {
		t.Fatal(list)
	}
	api, diags := Build(doc, Options{Package: "x"})
	if diags.HasErrors() {
		t.Fatalf("build: %v", diags)
	}
	pet := typeNamed(api, "Pet")
	if pet == nil || pet.Kind != Union {
		t.Fatalf("Pet is %+v, want a union", pet)
	}
	got := map[string][]string{}
	for _, v := range pet.Variants {
		got[v.Type.String()] = v.Values
	}
	want := map[string][]string{"Cat": {"cat"}, "Dog": {"dog"}, "Bird": {"bird"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("discriminator values by variant = %v, want %v", got, want)
	}
	warns := diags.Error()
	if !strings.Contains(warns, fmt.Sprintf("spec.yaml:%d:", fishLine)) || !strings.Contains(warns, `"fish"`) || !strings.Contains(warns, "Fish") {
		t.Errorf("want a located warning that mapping value \"fish\" names Fish, no variant of Pet; got:\n%s", warns)
	}
}
