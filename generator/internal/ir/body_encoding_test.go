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
