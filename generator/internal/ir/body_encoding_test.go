package ir

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"

	"github.com/atriumgen/atriumgen/generator/internal/load"
)

func TestBodyEncoding(t *testing.T) {
	yes := true
	got := bodyEncoding(map[string]*openapi3.Encoding{
		"metadata": {Style: "deepObject", Explode: &yes},
		"file":     {ContentType: "image/png", Headers: openapi3.Headers{"X-Rate": nil, "X-A": nil}},
		"skip":     nil,
	})
	want := []*PropertyEncoding{
		{Property: "file", ContentType: "image/png", Headers: []string{"X-A", "X-Rate"}},
		{Property: "metadata", Style: "deepObject", Explode: &yes, Headers: []string{}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Error(d)
	}
}

func TestCarriesNothing(t *testing.T) {
	no, yes := false, true
	empty := &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"object"}, Properties: openapi3.Schemas{}, AdditionalProperties: openapi3.AdditionalProperties{Has: &no}}}
	for _, c := range []struct {
		name string
		s    *openapi3.SchemaRef
		want bool
	}{
		{"no properties, additionalProperties false", empty, true},
		{"allOf of empties", &openapi3.SchemaRef{Value: &openapi3.Schema{AllOf: openapi3.SchemaRefs{empty, empty}, AdditionalProperties: openapi3.AdditionalProperties{Has: &no}}}, true},
		{"free-form", &openapi3.SchemaRef{Value: &openapi3.Schema{Type: &openapi3.Types{"object"}}}, false},
		{"additionalProperties true", &openapi3.SchemaRef{Value: &openapi3.Schema{AdditionalProperties: openapi3.AdditionalProperties{Has: &yes}}}, false},
		{"a property", &openapi3.SchemaRef{Value: &openapi3.Schema{Properties: openapi3.Schemas{"a": empty}, AdditionalProperties: openapi3.AdditionalProperties{Has: &no}}}, false},
		{"no schema", nil, false},
	} {
		if got := carriesNothing(c.s); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// An object part whose encoding contentType the runtime cannot write (a
// nested multipart/form-data, XML) is decided here: sent as
// application/json, with a warning at the contentType; parts that can be
// written as declared keep their contentType.
func TestObjectPartsAsJSON(t *testing.T) {
	api, warns := buildSpec(t, `openapi: 3.2.0
info: {title: t, version: "1"}
paths:
  /up:
    put:
      operationId: up
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                nested: {type: object}
                addresses: {type: array, items: {type: object, properties: {street: {type: string}}}}
                grid: {type: array, items: {type: array, items: {type: integer}}}
                merged: {allOf: [{properties: {a: {type: string}}}]}
                doc: {type: object}
                note: {type: string}
                words: {type: array, items: {type: string}}
                styled: {type: object}
            encoding:
              nested:
                contentType: multipart/form-data
                encoding:
                  inner: {}
              addresses: {contentType: "application/xml; charset=utf-8"}
              grid: {contentType: text/csv}
              merged: {contentType: "text/plain, application/json"}
              doc: {contentType: application/merge-patch+json}
              note: {contentType: text/markdown}
              words: {contentType: text/plain}
              styled: {contentType: text/plain, style: form}
      responses:
        "204": {description: ok}
`)
	var body *Body
	for _, svc := range api.Services {
		for _, op := range svc.Operations {
			if op.Body != nil {
				body = op.Body
			}
		}
	}
	if body == nil {
		t.Fatal("no body")
	}
	got := map[string]string{}
	for _, pe := range body.Encoding {
		got[pe.Property] = pe.ContentType
	}
	want := map[string]string{
		"nested":    "application/json",
		"addresses": "application/json",
		"grid":      "application/json",
		"merged":    "application/json", // the runtime sends the first listed
		"doc":       "application/merge-patch+json",
		"note":      "text/markdown",
		"words":     "text/plain",
		"styled":    "text/plain",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("content types (-want +got):\n%s", d)
	}
	for _, p := range []string{"nested", "addresses", "grid", "merged"} {
		if !strings.Contains(warns, `/encoding/`+p+`/contentType: warning: multipart part "`+p+`": an object cannot be sent as`) {
			t.Errorf("no warning for %s in:\n%s", p, warns)
		}
	}
	if !strings.Contains(warns, "spec.yaml:23:17:") {
		t.Errorf("the nested part's warning is not at its contentType (23:17):\n%s", warns)
	}
	for _, p := range []string{"doc", "note", "words", "styled"} {
		if strings.Contains(warns, `part "`+p+`"`) {
			t.Errorf("warning for %s:\n%s", p, warns)
		}
	}
}

// A multipart body the generator cannot express (an anyOf, no properties)
// beside a JSON one: with -skip-unsupported only the multipart media type
// is left out, and the operation keeps its JSON body; without, it is the
// located error it always was.
func TestUnsupportedMultipartLeavesTheOtherBody(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /threads:
    post:
      operationId: createThread
      requestBody:
        required: true
        content:
          application/json:
            schema: {anyOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}
          multipart/form-data:
            schema: {anyOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}
      responses:
        "204": {description: none}
components:
  schemas:
    A: {type: object, properties: {name: {type: string}}}
    B: {type: object, properties: {title: {type: string}}}
`
	doc, list := load.Data("spec.yaml", []byte(spec))
	if list.HasErrors() {
		t.Fatal(list)
	}
	api, diags := Build(doc, Options{Package: "x", SkipUnsupported: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var ops []*Operation
	for _, svc := range api.Services {
		for _, o := range svc.Operations {
			if o.Path == "/threads" {
				ops = append(ops, o)
			}
		}
	}
	if len(ops) != 1 || ops[0].Body == nil || ops[0].Body.ContentType != "application/json" {
		t.Fatalf("POST /threads is %d methods (%+v); want one, with the JSON body", len(ops), ops)
	}
	if w := diags.Error(); !strings.Contains(w, "spec.yaml:13:13: /paths/~1threads/post/requestBody/content/multipart~1form-data/schema: warning: unsupported multipart body without properties: this media type is left out; the operation keeps its application/json body") {
		t.Errorf("warnings:\n%s", w)
	}
	if _, diags := Build(doc, Options{Package: "x"}); !diags.HasErrors() || !strings.Contains(diags.Error(), "unsupported multipart body without properties") {
		t.Errorf("without -skip-unsupported: %v; want the error", diags)
	}
}
