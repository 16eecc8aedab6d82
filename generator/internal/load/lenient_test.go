package load

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestLenientRepairs loads one document per defect kin-openapi's
// validation rejects but a generator can interpret; each loads with one
// located warning stating the interpretation, and the repaired document
// carries it.
func TestLenientRepairs(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\n"
	ok := `{"200": {description: ok}}`
	tests := []struct {
		name, spec string
		want       string // the warning, as printed
		check      func(t *testing.T, doc *openapi3.T)
	}{
		{"response without description", head + "paths:\n  /a:\n    get:\n      operationId: a\n      responses:\n        \"200\": {}\n",
			`spec.yaml:8:9: /paths/~1a/get/responses/200: warning: response has no description; using an empty one`,
			func(t *testing.T, doc *openapi3.T) {
				if d := doc.Paths.Value("/a").Get.Responses.Value("200").Value.Description; d == nil || *d != "" {
					t.Errorf("description = %v, want empty", d)
				}
			}},
		{"const in 3.0", head + "paths: {}\ncomponents:\n  schemas:\n    K: {type: string, const: x}\n",
			`spec.yaml:6:5: /components/schemas/K: warning: const is OpenAPI 3.1; reading it as a one-value enum`,
			func(t *testing.T, doc *openapi3.T) {
				s := doc.Components.Schemas["K"].Value
				if len(s.Enum) != 1 || s.Enum[0] != "x" || s.Const != nil {
					t.Errorf("enum = %v const = %v, want [x] and none", s.Enum, s.Const)
				}
			}},
		{"server variable without default", head + "servers:\n  - url: https://{env}.example.com\n    variables:\n      env: {enum: [sandbox, prod]}\npaths: {}\n",
			`spec.yaml:6:7: /servers/0/variables/env: warning: server variable "env" has no default; using its first enum value "sandbox"`,
			func(t *testing.T, doc *openapi3.T) {
				if d := doc.Servers[0].Variables["env"].Default; d != "sandbox" {
					t.Errorf("default = %q", d)
				}
			}},
		{"parameter without schema", head + "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query}\n      responses: " + ok + "\n",
			`spec.yaml:7:12: /paths/~1a/get/parameters/0: warning: parameter "q" has neither schema nor content; reading it as a string`,
			func(t *testing.T, doc *openapi3.T) {
				s := doc.Paths.Value("/a").Get.Parameters[0].Value.Schema
				if s == nil || s.Value == nil || !s.Value.Type.Is(openapi3.TypeString) {
					t.Errorf("schema = %v, want a string", s)
				}
			}},
		{"empty paths", head,
			`spec.yaml: /paths: warning: paths is missing; the document has no operations`,
			func(t *testing.T, doc *openapi3.T) {
				if doc.Paths == nil || doc.Paths.Len() != 0 {
					t.Error("want an empty paths object")
				}
			}},
		{"missing info.title", "openapi: 3.0.3\ninfo:\n  version: \"1\"\npaths: {}\n",
			`spec.yaml:2:1: /info: warning: info.title is missing; using "untitled"`,
			func(t *testing.T, doc *openapi3.T) {
				if doc.Info.Title != "untitled" {
					t.Errorf("title = %q", doc.Info.Title)
				}
			}},
		{"operation without responses", head + "paths:\n  /a:\n    get:\n      operationId: a\n",
			`spec.yaml:5:5: /paths/~1a/get: warning: operation has no responses; assuming no response body`,
			func(t *testing.T, doc *openapi3.T) {
				if r := doc.Paths.Value("/a").Get.Responses; r == nil || r.Default() == nil || len(r.Default().Value.Content) != 0 {
					t.Error("want one default response without content")
				}
			}},
		{"duplicate operationId", head + "paths:\n  /a:\n    get: {operationId: list, responses: " + ok + "}\n  /b:\n    get: {operationId: list, responses: " + ok + "}\n  /c:\n    get: {operationId: list, responses: " + ok + "}\n",
			`/paths/~1b/get/operationId: warning: operationId "list" is also used by GET /a; renamed to "list_2"`,
			func(t *testing.T, doc *openapi3.T) {
				got := []string{doc.Paths.Value("/a").Get.OperationID, doc.Paths.Value("/b").Get.OperationID, doc.Paths.Value("/c").Get.OperationID}
				if strings.Join(got, " ") != "list list_2 list_3" {
					t.Errorf("operationIds = %v", got)
				}
			}},
		{"undefined security scheme", head + "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\nsecurity: [{nope: []}, {key: []}]\npaths:\n  /a:\n    get: {operationId: a, security: [{gone: []}], responses: " + ok + "}\n",
			`spec.yaml:6:12: /security/0: warning: security requirement names undefined security scheme "nope"; ignoring it`,
			func(t *testing.T, doc *openapi3.T) {
				if len(doc.Security) != 1 || doc.Security[0]["key"] == nil {
					t.Errorf("top-level security = %v, want [{key}]", doc.Security)
				}
				if s := doc.Paths.Value("/a").Get.Security; s == nil || len(*s) != 0 {
					t.Errorf("operation security = %v, want none required", s)
				}
			}},
		{"URI-template path", head + "paths:\n  /files/{path*}:\n    get:\n      operationId: a\n      parameters: [{name: path, in: path, required: true, schema: {type: string}}]\n      responses: " + ok + "\n",
			`spec.yaml:4:3: /paths/~1files~1{path*}: warning: path template "/files/{path*}" uses URI-template operators OpenAPI does not define; treating it as "/files/{path}"`,
			func(t *testing.T, doc *openapi3.T) {
				if doc.Paths.Value("/files/{path}") == nil || doc.Paths.Value("/files/{path*}") != nil {
					t.Error("path not rewritten")
				}
			}},
		{"path parameter not required", head + "paths:\n  /a/{id}:\n    get:\n      operationId: a\n      parameters: [{name: id, in: path, schema: {type: string}}]\n      responses: " + ok + "\n",
			`/paths/~1a~1{id}/get/parameters/0: warning: path parameter "id" is not marked required; treating it as required`,
			func(t *testing.T, doc *openapi3.T) {
				if !doc.Paths.Value("/a/{id}").Get.Parameters[0].Value.Required {
					t.Error("not required")
				}
			}},
		{"type list in 3.0", head + "paths: {}\ncomponents:\n  schemas:\n    N: {type: [string, 'null']}\n",
			`spec.yaml:6:5: /components/schemas/N: warning: a type list is OpenAPI 3.1; reading it as type "string" (nullable: true)`,
			func(t *testing.T, doc *openapi3.T) {
				s := doc.Components.Schemas["N"].Value
				if !s.Type.Is("string") || !s.Nullable {
					t.Errorf("type %v nullable %v", s.Type, s.Nullable)
				}
			}},
		{"example without value", "openapi: 3.2.0\ninfo: {title: T, version: \"1\"}\ncomponents:\n  examples:\n    zip:\n      summary: a zip\n      dataValue: {a: 1}\n",
			`/components/examples/zip: warning: example has no value or externalValue: ignored`,
			func(t *testing.T, doc *openapi3.T) {}},
		{"querystring parameter (3.2)", "openapi: 3.2.0\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: a\n      parameters:\n        - {name: page, in: query, schema: {type: integer}}\n        - name: filter\n          in: querystring\n          content: {application/x-www-form-urlencoded: {schema: {type: object}}}\n      responses: " + ok + "\n",
			`spec.yaml:9:11: /paths/~1a/get/parameters/1: warning: parameter "filter" is in: querystring (OpenAPI 3.2: the whole query string as one "application/x-www-form-urlencoded" value), not supported yet: left out, so the client sends no query string for it and the server does not bind it`,
			func(t *testing.T, doc *openapi3.T) {
				ps := doc.Paths.Value("/a").Get.Parameters
				if len(ps) != 1 || ps[0].Value.Name != "page" {
					t.Errorf("parameters = %v, want page only", ps)
				}
			}},
		{"querystring form object (3.2)", "openapi: 3.2.0\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: a\n      parameters:\n        - name: filter\n          in: querystring\n          content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {q: {type: string}, n: {type: integer}}}}}\n        - name: other\n          in: querystring\n          content: {application/x-www-form-urlencoded: {schema: {type: object, properties: {tags: {type: array, items: {type: string}}}}}}\n      responses: " + ok + "\n",
			// The form object is read as an exploded form query object, with
			// no warning; one with an array property is left out.
			`/paths/~1a/get/parameters/1: warning: parameter "other" is in: querystring`,
			func(t *testing.T, doc *openapi3.T) {
				ps := doc.Paths.Value("/a").Get.Parameters
				if len(ps) != 1 {
					t.Fatalf("parameters = %v, want filter only", ps)
				}
				v := ps[0].Value
				if v.Name != "filter" || v.In != "query" || v.Style != "form" || v.Explode == nil || !*v.Explode || v.Schema == nil || len(v.Content) != 0 {
					t.Errorf("filter = in %q style %q explode %v schema %v content %v", v.In, v.Style, v.Explode, v.Schema, v.Content)
				}
			}},
		{"querystring parameter by $ref, on a path item and a webhook (3.2)", "openapi: 3.2.0\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    parameters: [{$ref: '#/components/parameters/QS'}]\n    get:\n      operationId: a\n      responses: " + ok + "\nwebhooks:\n  hook:\n    post:\n      parameters: [{$ref: '#/components/parameters/QS'}]\n      responses: " + ok + "\ncomponents:\n  parameters:\n    QS: {name: qs, in: querystring, content: {text/plain: {schema: {type: string}}}}\n",
			`/webhooks/hook/post/parameters/0: warning: parameter "qs" is in: querystring (OpenAPI 3.2: the whole query string as one "text/plain" value), not supported yet`,
			func(t *testing.T, doc *openapi3.T) {
				if ps := doc.Paths.Value("/a").Parameters; len(ps) != 0 {
					t.Errorf("path item parameters = %v, want none", ps)
				}
				if ps := doc.Webhooks["hook"].Post.Parameters; len(ps) != 0 {
					t.Errorf("webhook parameters = %v, want none", ps)
				}
				if _, ok := doc.Components.Parameters["QS"]; ok {
					t.Error("components.parameters.QS kept")
				}
			}},
		{"required twice", head + "paths: {}\ncomponents:\n  schemas:\n    C:\n      type: object\n      properties: {id: {type: string}}\n      required:\n        - id\n        - id\n",
			`spec.yaml:11:11: /components/schemas/C/required/1: warning: required lists "id" twice; reading it once`,
			func(t *testing.T, doc *openapi3.T) {
				if r := doc.Components.Schemas["C"].Value.Required; len(r) != 1 || r[0] != "id" {
					t.Errorf("required = %v, want [id]", r)
				}
			}},
		{"boolean exclusiveMinimum in 3.1", "openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    R:\n      type: number\n      minimum: 0\n      exclusiveMinimum: true\n      maximum: 9\n      exclusiveMaximum: false\n",
			`spec.yaml:9:7: /components/schemas/R/exclusiveMinimum: warning: a boolean exclusiveMinimum is OpenAPI 3.0; reading it as exclusiveMinimum: 0 (minimum is exclusive)`,
			func(t *testing.T, doc *openapi3.T) {
				s := doc.Components.Schemas["R"].Value
				if v := s.ExclusiveMin.Value; v == nil || *v != 0 || s.Min != nil || s.ExclusiveMin.Bool != nil {
					t.Errorf("minimum %v, exclusiveMinimum %+v; want exclusiveMinimum: 0 alone", s.Min, s.ExclusiveMin)
				}
				if s.Max == nil || *s.Max != 9 || s.ExclusiveMax.Bool != nil || s.ExclusiveMax.Value != nil {
					t.Errorf("maximum %v, exclusiveMaximum %+v; want maximum 9, inclusive", s.Max, s.ExclusiveMax)
				}
			}},
		{"media type field in content", head + "paths:\n  /a:\n    post:\n      operationId: a\n      requestBody:\n        content:\n          application/json: {schema: {type: object}}\n          examples: {}\n      responses: " + ok + "\n",
			`spec.yaml:10:11: /paths/~1a/post/requestBody/content/examples: warning: content has a member "examples", which is a field of a media type, not a media type: ignored`,
			func(t *testing.T, doc *openapi3.T) {
				c := doc.Paths.Value("/a").Post.RequestBody.Value.Content
				if len(c) != 1 || c["application/json"] == nil {
					t.Errorf("content = %v, want application/json alone", c)
				}
			}},
		{"several types in 3.0", head + "paths: {}\ncomponents:\n  schemas:\n    F: {type: [object, \"null\", array]}\n    N: {type: \"null\"}\n",
			`spec.yaml:6:5: /components/schemas/F: warning: a type list is OpenAPI 3.1 and 3.0 cannot say "object", "array" alone; reading it as a schema of any type (nullable: true)`,
			func(t *testing.T, doc *openapi3.T) {
				for _, name := range []string{"F", "N"} {
					if s := doc.Components.Schemas[name].Value; s.Type != nil || !s.Nullable {
						t.Errorf("%s: type %v nullable %v; want any type, nullable", name, s.Type, s.Nullable)
					}
				}
			}},
		{"tuple items", head + "paths: {}\ncomponents:\n  schemas:\n    M:\n      type: object\n      properties:\n        latest: {items: [{type: string}, {type: integer}]}\n        kept: {type: array, items: {type: string}, example: {items: [1, 2]}}\n",
			`spec.yaml:9:18: /components/schemas/M/properties/latest/items: warning: items is a list of 2 schemas (JSON Schema draft 4 tuples), which OpenAPI does not allow: reading it as items of any type`,
			func(t *testing.T, doc *openapi3.T) {
				p := doc.Components.Schemas["M"].Value.Properties
				if it := p["latest"].Value.Items; it == nil || it.Value == nil || it.Value.Type != nil {
					t.Errorf("latest items = %+v, want an empty schema", it)
				}
				if ex, ok := p["kept"].Value.Example.(map[string]any); !ok || len(ex["items"].([]any)) != 2 {
					t.Errorf("an example's data was rewritten: %#v", p["kept"].Value.Example)
				}
			}},
		{"cookie style (3.2)", "openapi: 3.2.0\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      operationId: a\n      parameters: [{name: sid, in: cookie, style: cookie, schema: {type: string}}]\n      responses: " + ok + "\n",
			`/paths/~1a/get/parameters/0: warning: cookie parameter "sid": style cookie (OpenAPI 3.2) is read as form`,
			func(t *testing.T, doc *openapi3.T) {
				if st := doc.Paths.Value("/a").Get.Parameters[0].Value.Style; st != "form" {
					t.Errorf("style = %q", st)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, list := Data("spec.yaml", []byte(tt.spec))
			if list.HasErrors() || doc == nil {
				t.Fatalf("want a repaired document, got:\n%v", list)
			}
			var got []string
			for _, w := range list.Warnings() {
				got = append(got, w.String())
			}
			if !strings.Contains(strings.Join(got, "\n"), tt.want) {
				t.Errorf("warnings:\n%s\nwant one containing:\n%s", strings.Join(got, "\n"), tt.want)
			}
			tt.check(t, doc.T)
		})
	}
}

// A defect kin-openapi's validation finds in a shared schema is reported
// once, at the schema, not once per operation that reaches it.
func TestValidationOncePerPlace(t *testing.T) {
	spec := `openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /a:
    get: {operationId: a, responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/S"}}}}}}
  /b:
    get: {operationId: b, responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/S"}}}}}}
  /c:
    get: {operationId: c, responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/S"}}}}}}
components:
  schemas:
    S:
      type: object
      $recursiveRef: "#"
`
	_, list := Data("spec.yaml", []byte(spec))
	var got []string
	for _, w := range list {
		got = append(got, w.String())
	}
	if len(got) != 1 || !strings.Contains(got[0], "/components/schemas/S: warning: unknown field(s) $recursiveRef: ignored") {
		t.Errorf("diagnostics:\n%s\nwant the one warning, at the component", strings.Join(got, "\n"))
	}
}

// A repair reached through several references is one warning.
func TestLenientWarnsOnce(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get: {operationId: a, responses: {"200": {$ref: "#/components/responses/R"}}}
  /b:
    get: {operationId: b, responses: {"200": {$ref: "#/components/responses/R"}}}
components:
  responses:
    R: {content: {application/json: {schema: {type: string, const: x}}}}
`
	_, list := Data("spec.yaml", []byte(spec))
	if list.HasErrors() {
		t.Fatal(list)
	}
	n := 0
	for _, w := range list.Warnings() {
		if strings.Contains(w.Msg, "no description") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("got %d description warnings, want 1:\n%v", n, list)
	}
}

// What cannot be interpreted stays an error.
func TestLenientKeepsErrors(t *testing.T) {
	for name, spec := range map[string]string{
		"unresolvable ref": "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n    get:\n      responses: {\"200\": {$ref: \"#/components/responses/Missing\"}}\n",
		"unparseable":      "openapi: 3.0.3\ninfo: [\n",
	} {
		if _, list := Data("spec.yaml", []byte(spec)); !list.HasErrors() {
			t.Errorf("%s: want an error, got %v", name, list)
		}
	}
}

// Unknown fields, unknown type names and server URL variables that do not
// match their declarations are read with a warning.
func TestLenientFieldsTypesServers(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: T, version: "1"}
servers:
  - url: https://{tenant}.example.com
    variables:
      region: {default: eu}
paths:
  /a:
    get:
      operationId: a
      responses:
        "200":
          description: ok
          application/json:
            schema: {type: string}
components:
  schemas:
    N: {type: int}
    W: {type: whatever}
`
	doc, list := Data("spec.yaml", []byte(spec))
	if list.HasErrors() {
		t.Fatal(list)
	}
	got := list.Error()
	for _, want := range []string{
		`spec.yaml:9:5: /paths/~1a/get: warning: unknown field(s) application/json: ignored`,
		`spec.yaml:18:5: /components/schemas/N: warning: unknown type "int"; reading it as "integer"`,
		`/components/schemas/W: warning: unknown type "whatever"; the schema accepts any value`,
		`spec.yaml:4:5: /servers/0/url: warning: server URL variable {tenant} is not declared`,
		`spec.yaml:6:7: /servers/0/variables/region: warning: server variable "region" is not used in the URL; ignoring it`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("warnings lack %q:\n%s", want, got)
		}
	}
	if !doc.T.Components.Schemas["N"].Value.Type.Is("integer") || doc.T.Components.Schemas["W"].Value.Type != nil {
		t.Error("types not repaired")
	}
}

// A parameter pointer under an operation counts the path item's parameters
// first (the builder's index): it is located as such, not as the
// operation's own list in the document says.
func TestLocateCombinedParameterIndex(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    parameters:
      - {name: p, in: query, schema: {type: string}}
    get:
      operationId: a
      parameters:
        - {name: q0, in: query, schema: {type: string}}
        - {name: q1, in: query, schema: {type: string}}
        - {name: q2, in: query, schema: {type: string}}
      responses: {"204": {description: none}}
`
	doc, list := Data("spec.yaml", []byte(spec))
	if list.HasErrors() {
		t.Fatal(list)
	}
	// Index 2: p, q0, q1 — q1, on line 11.
	if pos := doc.Locate("/paths/~1a/get/parameters/2"); pos.Line != 11 {
		t.Errorf("parameters/2 located at line %d, want 11 (q1)", pos.Line)
	}
}
