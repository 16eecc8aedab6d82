package load

import (
	"strings"
	"testing"
)

func TestNormalizeRepairsCommonDefects(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: T, version: ""}
paths:
  /a/{id}/{extra}:
    get:
      operationId: getA
      parameters:
        - {name: gone, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array}
`
	doc, list := Data("spec.yaml", []byte(spec))
	if list.HasErrors() || doc == nil {
		t.Fatalf("want repaired document, got %v", list)
	}
	var msgs []string
	for _, w := range list.Warnings() {
		msgs = append(msgs, w.String())
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{
		`/info/version: warning: info.version is empty`,
		`/paths/~1a~1{id}~1{extra}/get/responses/200/content/application~1json/schema: warning: array schema has no items`,
		`path parameter "gone" is not in the path template`,
		`path parameter "id" is not declared`,
		`path parameter "extra" is not declared`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
	if !strings.Contains(got, "spec.yaml:") {
		t.Errorf("warnings are not located:\n%s", got)
	}
	op := doc.T.Paths.Value("/a/{id}/{extra}").Get
	if n := len(op.Parameters); n != 2 {
		t.Errorf("got %d parameters, want id and extra", n)
	}
	if s := op.Responses.Value("200").Value.Content["application/json"].Schema.Value; s.Items == nil {
		t.Error("array items not filled in")
	}
}
