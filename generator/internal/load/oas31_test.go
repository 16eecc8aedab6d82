package load

import (
	"strings"
	"testing"
)

// OpenAPI 3.1 pieces kin-openapi's loader leaves to us: a path item $ref
// into components.pathItems loads without a warning about the section, a
// schema $ref inside a header's content is resolved, and `type: [T,
// 'null']` reads as a nullable T, with a bare YAML null too (warned).
func TestOpenAPI31Pieces(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /pets:
    $ref: '#/components/pathItems/Pets'
components:
  pathItems:
    Pets:
      get:
        operationId: listPets
        responses:
          "200":
            description: ok
            headers:
              X-Rate:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Rate'}
            content:
              application/json:
                schema: {type: [string, null]}
  schemas:
    Rate: {type: object, properties: {limit: {type: integer}}}
`
	doc, list := Data("spec.yaml", []byte(spec))
	if list.HasErrors() {
		t.Fatal(list)
	}
	want := `spec.yaml:4:3: /paths/~1pets/get/responses/200/content/application~1json/schema: warning: a bare YAML null in a type list; reading it as "null"`
	if list.Error() != want {
		t.Errorf("warnings:\n%v\nwant only:\n%s", list, want)
	}
	get := doc.T.Paths.Value("/pets").Get
	if get == nil {
		t.Fatal("the path item $ref did not resolve")
	}
	r := get.Responses.Value("200").Value
	if s := r.Headers["X-Rate"].Value.Content["application/json"].Schema; s.Value == nil || s.Value.Properties["limit"] == nil {
		t.Errorf("header content schema not resolved: %+v", s)
	}
	if ty := r.Content["application/json"].Schema.Value.Type; !ty.Includes("string") || !ty.Includes("null") {
		t.Errorf("type = %v, want [string null]", ty)
	}
}

// A 3.1 document may omit paths: no warning.
func TestOpenAPI31NoPaths(t *testing.T) {
	_, list := Data("spec.yaml", []byte("openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\nwebhooks: {}\n"))
	if len(list) != 0 {
		t.Errorf("got %v", list)
	}
}

// OpenAPI 3.2's media type $refs into components.mediaTypes are resolved;
// one naming no entry is an error.
func TestOpenAPI32MediaTypeRefs(t *testing.T) {
	spec := `openapi: 3.2.0
info: {title: T, version: "1"}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
  mediaTypes:
    Pets:
      description: a stream of pets
      itemSchema: {$ref: '#/components/schemas/Pet'}
paths:
  /pets:
    get:
      operationId: streamPets
      responses:
        "200":
          description: ok
          content:
            application/jsonl: {$ref: '#/components/mediaTypes/Pets'}
`
	doc, list := Data("spec.yaml", []byte(spec))
	if list.HasErrors() || len(list) != 0 {
		t.Fatalf("want no diagnostics, got:\n%v", list)
	}
	mt := doc.T.Paths.Value("/pets").Get.Responses.Value("200").Value.Content["application/jsonl"]
	if mt.ItemSchema == nil || mt.ItemSchema.Value == nil || mt.ItemSchema.Value.Properties["name"] == nil {
		t.Errorf("media type $ref not resolved: %+v", mt)
	}
	_, list = Data("spec.yaml", []byte(strings.Replace(spec, "mediaTypes/Pets'", "mediaTypes/Gone'", 1)))
	if !list.HasErrors() || !strings.Contains(list.Error(), `/paths/~1pets/get/responses/200/content/application~1jsonl: unresolvable $ref "#/components/mediaTypes/Gone"`) {
		t.Errorf("want a located unresolvable $ref, got:\n%v", list)
	}
}
