package load

import (
	"strings"
	"testing"
)

// A Swagger 2.0 document is converted to OpenAPI 3.0; the warnings of
// what does not convert and of the loader's repairs name the 2.0
// document's lines and 2.0 pointers.
func TestSwagger2(t *testing.T) {
	spec := `swagger: "2.0"
info: {title: Pets, version: "1"}
host: api.example.com
basePath: /v1
schemes: [https]
consumes: [application/json]
produces: [application/json]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: tsv}
      responses:
        "200":
          schema: {type: array, items: {$ref: "#/definitions/Pet"}}
    post:
      operationId: addPet
      parameters:
        - {name: pet, in: body, required: true, schema: {$ref: "#/definitions/Pet"}}
      responses:
        "201": {description: created}
definitions:
  Pet:
    type: object
    properties:
      name: {type: string}
      tags: {type: array}
`
	doc, list := Data("pets.yaml", []byte(spec))
	if list.HasErrors() || doc == nil {
		t.Fatalf("want a converted document, got:\n%v", list)
	}
	if !doc.Swagger2() {
		t.Error("Swagger2() = false")
	}
	var got []string
	for _, w := range list.Warnings() {
		got = append(got, w.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`pets.yaml:13:11: /paths/~1pets/get/parameters/0: warning: collectionFormat tsv has no OpenAPI 3 equivalent`,
		`pets.yaml:15:9: /paths/~1pets/get/responses/200: warning: response has no description; using an empty one`,
		`pets.yaml:28:7: /definitions/Pet/properties/tags: warning: array schema has no items`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack\n%s\ngot:\n%s", want, all)
		}
	}
	if u := doc.T.Servers[0].URL; u != "https://api.example.com/v1" {
		t.Errorf("server = %q", u)
	}
	post := doc.T.Paths.Value("/pets").Post
	if post.RequestBody == nil || post.RequestBody.Value.Content["application/json"] == nil {
		t.Error("the body parameter did not become a JSON request body")
	}
	// A converted document's ir positions land in the 2.0 source too.
	if p := doc.Locate("/components/schemas/Pet/properties/name"); p.Line != 27 {
		t.Errorf("Locate(Pet.name) = %v, want line 27", p)
	}
}

// Minified JSON Swagger (the version is not at a line start) is detected.
func TestSwagger2JSON(t *testing.T) {
	spec := `{"swagger":"2.0","info":{"title":"T","version":"1"},"paths":{"/a":{"get":{"operationId":"a","responses":{"200":{"description":"ok"}}}}}}`
	doc, list := Data("a.json", []byte(spec))
	if list.HasErrors() || doc == nil || !doc.Swagger2() {
		t.Fatalf("got %v", list)
	}
}

func TestSwaggerOtherVersion(t *testing.T) {
	_, list := Data("a.yaml", []byte("swagger: \"1.2\"\ninfo: {title: T, version: \"1\"}\n"))
	if !list.HasErrors() || !strings.Contains(list.Error(), `unsupported Swagger version "1.2"`) {
		t.Fatalf("got %v", list)
	}
}

// A single-quoted version (`swagger: '2.0'`) is Swagger 2.0 too.
func TestSwagger2SingleQuoted(t *testing.T) {
	doc, list := Data("a.yaml", []byte("swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n"))
	if list.HasErrors() || doc == nil || !doc.Swagger2() {
		t.Fatalf("got %v", list)
	}
}

// An empty response (`default:` and nothing after it), which
// openapi2conv would crash on, is read as an empty response, warned.
func TestSwagger2EmptyResponse(t *testing.T) {
	spec := "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        200: {description: ok}\n        default:\n"
	doc, list := Data("a.yaml", []byte(spec))
	if list.HasErrors() || doc == nil {
		t.Fatalf("got %v", list)
	}
	want := "a.yaml:9:9: /paths/~1a/get/responses/default: warning: response is empty; reading it as a response without description or body"
	if !strings.Contains(list.Error(), want) {
		t.Errorf("warnings:\n%v\nwant:\n%s", list, want)
	}
}

// A body parameter given as a $ref to a global parameter keeps the media
// types its operation (or the document) consumes; openapi2conv alone
// makes it a */* body, which the SDK would send as untyped bytes.
func TestSwagger2RefBodyConsumes(t *testing.T) {
	spec := `swagger: "2.0"
info: {title: T, version: "1"}
consumes: [application/xml]
paths:
  /a:
    post:
      operationId: a
      consumes: [application/json]
      parameters: [{$ref: "#/parameters/thing"}]
      responses: {"200": {description: ok}}
  /b:
    post:
      operationId: b
      parameters: [{$ref: "#/parameters/thing"}]
      responses: {"200": {description: ok}}
parameters:
  thing: {name: thing, in: body, required: true, schema: {type: array, items: {type: string}}}
`
	doc, list := Data("a.yaml", []byte(spec))
	if list.HasErrors() || doc == nil {
		t.Fatalf("got %v", list)
	}
	for path, want := range map[string]string{"/a": "application/json", "/b": "application/xml"} {
		body := doc.T.Paths.Value(path).Post.RequestBody.Value
		if len(body.Content) != 1 || body.Content[want] == nil {
			t.Errorf("%s: request body content %v, want only %s", path, body.Content, want)
			continue
		}
		if s := body.Content[want].Schema.Value; s == nil || !s.Type.Is("array") || !body.Required {
			t.Errorf("%s: the body lost its schema or required: %+v", path, body)
		}
	}
}

// A Swagger 2.0 document that does not decode is refused at the element
// that does not, with the decoder's message without its wrappers: the
// decoders themselves name neither a line nor a path.
func TestSwagger2DecodeErrorsLocated(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"swagger: \"2.0\"\ninfo: {title: t, version: \"1\"}\npaths: {}\ndefinitions:\n  channel:\n    type: object\n    properties:\n      latest:\n        items:\n          - type: string\n",
			"spec.yaml:10:11: /definitions/channel/properties/latest/items: cannot load spec: cannot read Swagger 2.0 document: cannot unmarshal array into value of type openapi2.Schema"},
		{"swagger: \"2.0\"\ninfo: {title: t, version: \"1\"}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, type: string, required: \"yes\"}\n      responses: {\"200\": {description: ok}}\n",
			"spec.yaml:7:56: /paths/~1a/get/parameters/0/required: cannot load spec: cannot read Swagger 2.0 document: cannot unmarshal string into field Parameter.required of type bool"},
	} {
		_, list := Data("spec.yaml", []byte(tc.spec))
		if got := list.Error(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}
