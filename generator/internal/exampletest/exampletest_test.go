package exampletest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const spec = `
openapi: 3.0.3
info: {title: t, version: "1"}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
  schemas:
    Pet:
      type: object
      xml: {name: pet}
      required: [id, name]
      properties:
        id: {type: integer, minimum: 1, xml: {attribute: true}}
        name: {type: string}
        tags:
          type: array
          xml: {wrapped: true}
          items: {type: string, xml: {name: tag}}
security: [{key: []}]
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
        - {name: limit, in: query, required: true, schema: {type: integer, minimum: 1}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /tags/{tag}:
    get:
      security: [{}]
      parameters:
        - {name: tag, in: path, required: true, schema: {type: string, pattern: '^[a-z]+ [a-z]+$'}}
      responses:
        "204": {description: ok}
  /pets:
    post:
      security: [{}]
      requestBody:
        required: true
        content:
          application/xml:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        "204": {description: created}
`

func TestValidator(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "spec.yaml")
	if err := os.WriteFile(file, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	v, err := New(file)
	if err != nil {
		t.Fatal(err)
	}
	var reports []string
	v.Report = func(l string) { reports = append(reports, l) }
	v.Next = http.DefaultTransport
	answer := `{"id":1,"name":"Rex"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" || strings.HasPrefix(r.URL.Path, "/tags/") {
			w.WriteHeader(204)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(answer))
	}))
	defer srv.Close()
	client := &http.Client{Transport: v}
	do := func(method, path, body string, header ...string) []string {
		t.Helper()
		reports = nil
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return reports
	}
	const id = "/pets/3fa85f64-5717-4562-b3fc-2c963f66afa6"
	if r := do("GET", id+"?limit=1", "", "X-Key", "k"); len(r) != 0 {
		t.Errorf("valid call reported: %v", r)
	}
	for _, tc := range []struct {
		name, method, path, body string
		header                   []string
		want                     string
	}{
		{"bad uuid", "GET", "/pets/string?limit=1", "", []string{"X-Key", "k"}, `parameter "id" in path`},
		{"minimum", "GET", id + "?limit=0", "", []string{"X-Key", "k"}, `parameter "limit" in query`},
		{"no credentials", "GET", id + "?limit=1", "", nil, "security requirements failed"},
		{"unknown path", "GET", "/nope", "", nil, "no operation"},
		{"XML missing name", "POST", "/pets", `<pet id="1"></pet>`, []string{"Content-Type", "application/xml"}, `property "name" is missing`},
	} {
		r := do(tc.method, tc.path, tc.body, tc.header...)
		if len(r) == 0 || !strings.Contains(strings.Join(r, "\n"), tc.want) {
			t.Errorf("%s: reports %v, want one with %q", tc.name, r, tc.want)
		}
	}
	if r := do("POST", "/pets", `<?xml version="1.0"?><pet id="2"><name>Rex</name><tags><tag>a</tag></tags></pet>`, "Content-Type", "application/xml"); len(r) != 0 {
		t.Errorf("valid XML body reported: %v", r)
	}
	// A path parameter is validated unescaped, as a server reads it.
	if r := do("GET", "/tags/good%20dog", ""); len(r) != 0 {
		t.Errorf("escaped path parameter reported: %v", r)
	}
	answer = `{"id":0}`
	if r := do("GET", id+"?limit=1", "", "X-Key", "k"); len(r) == 0 || !strings.Contains(r[0], "response 200") {
		t.Errorf("invalid response not reported: %v", r)
	}
}
