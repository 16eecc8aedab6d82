package ir

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
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
