package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/load"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
)

// generateInline runs the whole pipeline on an inline spec.
func generateInline(t *testing.T, spec string) *pipeline.Result {
	t.Helper()
	doc, diags := load.Data(filepath.Join("nonexistent-inline-dir", "spec.yaml"), []byte(spec))
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags.Errors())
	}
	res, err := pipeline.FromDocument(doc, pipeline.Config{Package: "inline", ImportPath: "example.com/inline", ServerPackage: "inlineserver"})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return res
}

// Finding 11 of issue 13: a method whose success schema allows null marks
// its request nullable (null decodes to a nil result); every other JSON
// method leaves it unset, so the runtime turns null into a DecodeError.
func TestNullableResultMarked(t *testing.T) {
	res := generateInline(t, `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /strict:
    get:
      operationId: strict
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
  /maybe:
    get:
      operationId: maybe
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/MaybeItem'}}}}
  /anything:
    get:
      operationId: anything
      responses:
        "200": {description: ok, content: {application/json: {schema: {}}}}
components:
  schemas:
    Item: {type: object, properties: {id: {type: string}}}
    MaybeItem: {type: object, nullable: true, properties: {id: {type: string}}}
`)
	var src string
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, ".go") {
			src += string(f.Content)
		}
	}
	for op, want := range map[string]bool{"Strict": false, "Maybe": true, "Anything": true} {
		i := strings.Index(src, ") "+op+"(ctx")
		if i < 0 {
			t.Fatalf("no method %s in\n%s", op, src)
		}
		body := src[i:]
		body = body[:strings.Index(body, "\n}\n")]
		if got := strings.Contains(body, "r.nullable = true"); got != want {
			t.Errorf("%s: r.nullable set = %v, want %v:\n%s", op, got, want, body)
		}
	}
}

// Finding 10 of issue 13: the server's body shapes list the members that
// may be null (required or holding a shape), so the runtime refuses null
// for every other required member.
func TestServerShapeListsNullableMembers(t *testing.T) {
	res := generateInline(t, `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /users:
    post:
      operationId: createUser
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Body'}}}
      responses: {"204": {description: ok}}
components:
  schemas:
    Body:
      type: object
      required: [user, note]
      properties:
        user: {$ref: '#/components/schemas/User'}
        note: {type: string, nullable: true}
        backup: {allOf: [{$ref: '#/components/schemas/User'}], nullable: true}
    User: {type: object, required: [id], properties: {id: {type: string}}}
`)
	var src string
	for _, f := range res.ServerFiles {
		src += string(f.Content)
	}
	for _, want := range []string{`nullable: []string{"backup", "note"}`, `required: []string{"note", "user"}`} {
		if !strings.Contains(src, want) {
			t.Errorf("server lacks %s:\n%s", want, src)
		}
	}
}

// A status the spec declares without content is passed to the decoder,
// which returns a nil result for it (runtime TestDeclaredEmptyStatusAndNoBody),
// for a result by pointer (after new(T)) and by value; 204 never needs it.
func TestDeclaredEmptyStatusesPassed(t *testing.T) {
	res := generateInline(t, `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /jobs:
    post:
      operationId: createJob
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Job'}}}}
        "202": {description: accepted, no body}
        "204": {description: nothing}
    get:
      operationId: listJobs
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Job'}}}}}
        "202": {description: accepted, no body}
components:
  schemas:
    Job: {type: object, properties: {id: {type: string}}}
`)
	var src string
	for _, f := range res.Files {
		src += string(f.Content)
	}
	for _, want := range []string{"return doJSON(s.core, r, new(Job), 202)\n", "return doJSONValue[[]Job](s.core, r, 202)\n"} {
		if !strings.Contains(src, want) {
			t.Errorf("no %q in the client", strings.TrimSpace(want))
		}
	}
}
