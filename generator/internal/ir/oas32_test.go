package ir

import (
	"strings"
	"testing"
)

// OpenAPI 3.2's QUERY method and additionalOperations are operations like
// the fixed ones, sent with their own method names.
func TestOpenAPI32Methods(t *testing.T) {
	api, _ := buildSpec(t, `openapi: 3.2.0
info: {title: T, version: "1"}
paths:
  /pets:
    query:
      operationId: searchPets
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
    additionalOperations:
      LINK:
        operationId: linkPets
        responses: {"204": {description: linked}}
`)
	got := map[string]string{}
	for _, s := range api.Services {
		for _, o := range s.Operations {
			got[o.Method] = o.Pointer
		}
	}
	want := map[string]string{
		"QUERY": "/paths/~1pets/query",
		"LINK":  "/paths/~1pets/additionalOperations/LINK",
	}
	for method, w := range want {
		if got[method] != w {
			t.Errorf("%s: got %q, want %q (all: %v)", method, got[method], w, got)
		}
	}
	if len(got) != 2 {
		t.Errorf("operations: %v", strings.Join(keys(got), ", "))
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
