package ir

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/load"
)

// exampleSchemas are component schemas whose generated examples must
// validate (kin-openapi, formats included) in both directions.
const exampleSchemas = `
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Min1: {type: integer, minimum: 1}
    Min3Max5: {type: integer, minimum: 3, maximum: 5}
    ExclMin: {type: integer, minimum: 0, exclusiveMinimum: true}
    NegMax: {type: integer, maximum: -10}
    ExclNegMax: {type: number, maximum: -10, exclusiveMaximum: true}
    Mult: {type: integer, minimum: 7, multipleOf: 5}
    FloatMult: {type: number, minimum: 0.3, multipleOf: 0.25}
    UUID: {type: string, format: uuid}
    URI: {type: string, format: uri}
    Email: {type: string, format: email}
    Date: {type: string, format: date}
    DateTime: {type: string, format: date-time}
    IPv4: {type: string, format: ipv4}
    IPv6: {type: string, format: ipv6}
    Hostname: {type: string, format: hostname}
    Byte: {type: string, format: byte}
    MinLen: {type: string, minLength: 20}
    MaxLen: {type: string, maxLength: 3}
    Digits: {type: string, pattern: '^[0-9]{4,6}$'}
    Slug: {type: string, pattern: '^[a-z][a-z0-9-]*$', minLength: 10, maxLength: 12}
    Phone: {type: string, pattern: '^\+?[1-9]\d{1,14}$'}
    Alt: {type: string, pattern: '^(foo|bar)-\d+$'}
    Hex: {type: string, pattern: '^0x[0-9a-fA-F]{40}$'}
    Unanchored: {type: string, pattern: 'ab+c'}
    UpperClass: {type: string, pattern: '^[A-Z]{2}$'}
    BadExample: {type: string, format: uuid, example: "not-a-uuid"}
    GoodExample: {type: string, format: uuid, example: "00000000-0000-4000-8000-000000000000"}
    Color: {type: string, enum: [red, green]}
    Level: {type: integer, enum: [2, 4]}
    Tags: {type: array, items: {type: string, minLength: 3}, minItems: 2, uniqueItems: true}
    Bounded: {type: array, items: {type: integer, minimum: 5}, maxItems: 1}
    Labels: {type: object, additionalProperties: {type: string, format: email}, minProperties: 1}
    Pet:
      type: object
      required: [id, name, kind, tags, owner]
      properties:
        id: {type: string, format: uuid, readOnly: true}
        name: {type: string, minLength: 2, pattern: '^[A-Z]'}
        kind: {$ref: '#/components/schemas/Color'}
        tags: {$ref: '#/components/schemas/Tags'}
        age: {type: integer, minimum: 1}
        owner: {$ref: '#/components/schemas/Owner'}
        secret: {type: string, writeOnly: true, minLength: 8}
    Owner:
      type: object
      required: [email, since]
      properties:
        email: {type: string, format: email}
        since: {type: string, format: date}
        homepage: {type: string, format: uri}
    Node:
      type: object
      required: [value]
      properties:
        value: {type: integer, minimum: 1}
        next: {$ref: '#/components/schemas/Node'}
    Shape:
      oneOf:
        - $ref: '#/components/schemas/Circle'
        - $ref: '#/components/schemas/Square'
      discriminator:
        propertyName: type
        mapping: {circle: '#/components/schemas/Circle', square: '#/components/schemas/Square'}
    Circle:
      type: object
      required: [type, radius]
      properties:
        type: {type: string}
        radius: {type: number, exclusiveMinimum: true, minimum: 0}
    Square:
      type: object
      required: [type, side]
      properties:
        type: {type: string}
        side: {type: integer, minimum: 1}
    Input:
      anyOf:
        - {type: string, minLength: 5}
        - {type: array, items: {type: string}}
    Drawing:
      type: object
      required: [shape, input]
      properties:
        shape: {$ref: '#/components/schemas/Shape'}
        input: {$ref: '#/components/schemas/Input'}
        at: {type: string, format: date-time}
`

func buildExamples(t *testing.T, spec string) (*API, *load.Document, diag.List) {
	t.Helper()
	doc, diags := load.Data("spec.yaml", []byte(spec))
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	api, diags := Build(doc, Options{Package: "p"})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return api, doc, diags
}

// plain turns an example (UnionValues included) into plain JSON values.
func plain(t *testing.T, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExampleValuesValidate(t *testing.T) {
	api, doc, diags := buildExamples(t, exampleSchemas)
	ex := NewExamples(api, func(pos diag.Pos, pointer, msg string) { t.Errorf("%s: %s", pointer, msg) })
	n := 0
	for name, sref := range doc.T.Components.Schemas {
		var typ *Type
		for _, ty := range api.Types {
			if ty.Pointer == "/components/schemas/"+name {
				typ = ty
			}
		}
		if typ == nil {
			t.Errorf("%s: no type", name)
			continue
		}
		for _, dir := range []Direction{Request, Response} {
			v := plain(t, ex.Value(&TypeRef{Kind: Named, Name: typ.Name}, nil, dir))
			opt := openapi3.VisitAsRequest()
			if dir == Response {
				opt = openapi3.VisitAsResponse()
			}
			if err := sref.Value.VisitJSON(v, opt, openapi3.WithStringFormatValidators(formatValidators)); err != nil {
				t.Errorf("%s (direction %d): example %v does not validate: %v", name, dir, v, err)
			}
			n++
		}
	}
	if n < 60 {
		t.Fatalf("only %d examples checked", n)
	}
	// The invalid spec example is a located warning, the valid one is used.
	var warned bool
	for _, d := range diags.Warnings() {
		if d.Pointer == "/components/schemas/BadExample" && strings.Contains(d.Msg, "example does not match") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning for BadExample's invalid example: %v", diags)
	}
	if got := ex.Value(&TypeRef{Kind: Named, Name: "GoodExample"}, nil, Request); got != "00000000-0000-4000-8000-000000000000" {
		t.Errorf("GoodExample = %v, want the spec's example", got)
	}
	// Required members only in requests, read-only left out.
	pet := plain(t, ex.Value(&TypeRef{Kind: Named, Name: "Pet"}, nil, Request)).(map[string]any)
	if _, ok := pet["id"]; ok {
		t.Errorf("request Pet has the read-only id: %v", pet)
	}
	if _, ok := pet["age"]; ok {
		t.Errorf("request Pet has the optional age: %v", pet)
	}
	// A union is its first satisfiable variant, discriminator filled.
	shape := ex.Value(&TypeRef{Kind: Named, Name: "Shape"}, nil, Request).(UnionValue)
	if m := shape.Value.(map[string]any); shape.Variant != 0 || m["type"] != "circle" {
		t.Errorf("Shape = %#v, want the circle variant with type circle", shape)
	}
}

func TestPatternExample(t *testing.T) {
	ten := uint64(10)
	for _, tc := range []struct {
		pattern string
		min     uint64
		max     *uint64
	}{
		{`^[0-9]{4,6}$`, 0, nil},
		{`^[a-z]+$`, 8, &ten},
		{`^\d{3}-\d{2}-\d{4}$`, 0, nil},
		{`^(?:[A-Z]{3}|x)$`, 0, nil},
		{`^[^\s@]+@[^\s@]+\.[a-z]{2,}$`, 0, nil},
		{`^v\d+(\.\d+)*$`, 0, nil},
		{`[[:alpha:]]\w*`, 5, nil},
		{`^.{3}$`, 0, nil},
		{`^\p{L}+$`, 0, nil},
		{`^[A-Za-z0-9+/]+={0,2}$`, 4, nil},
	} {
		s, err := PatternExample(tc.pattern, tc.min, tc.max)
		if err != nil {
			t.Errorf("%s: %v", tc.pattern, err)
			continue
		}
		if ok := openapi3.NewRegexpFormatValidator(tc.pattern).Validate(s); ok != nil || uint64(len([]rune(s))) < tc.min || tc.max != nil && uint64(len(s)) > *tc.max {
			t.Errorf("%s: %q does not fit", tc.pattern, s)
		}
	}
	for _, bad := range []string{`^(?=a)b$`, `^(a)\1$`} {
		if _, err := PatternExample(bad, 0, nil); err == nil {
			t.Errorf("%s: no error for a pattern outside the subset", bad)
		}
	}
	three := uint64(3)
	if _, err := PatternExample(`^[a-z]{5}$`, 0, &three); err == nil {
		t.Errorf("no error for a pattern longer than maxLength")
	}
}

func TestUnsatisfiableWarns(t *testing.T) {
	spec := `
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x/{id}:
    get:
      operationId: getX
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, pattern: '^(?=a)b$'}}
        - {name: n, in: query, required: true, schema: {type: integer, minimum: 5, maximum: 3}}
      responses:
        "204": {description: ok}
`
	_, _, diags := buildExamples(t, spec)
	var msgs []string
	for _, d := range diags.Warnings() {
		msgs = append(msgs, d.String())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"parameters/0/schema", "pattern", "parameters/1/schema", "no integer satisfies"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q:\n%s", want, all)
		}
	}
}

func TestRequiredOnlyAlternatives(t *testing.T) {
	spec := `
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Reviewers:
      type: object
      properties:
        reviewers: {type: array, items: {type: string}}
        team: {type: string, enum: [core]}
      anyOf:
        - required: [reviewers]
        - required: [team]
`
	api, doc, _ := buildExamples(t, spec)
	ex := NewExamples(api, nil)
	v := plain(t, ex.Value(&TypeRef{Kind: Named, Name: "Reviewers"}, nil, Request))
	if err := doc.T.Components.Schemas["Reviewers"].Value.VisitJSON(v); err != nil {
		t.Errorf("example %v does not validate: %v", v, err)
	}
	if m, _ := v.(map[string]any); m == nil || m["reviewers"] == nil {
		t.Errorf("example %v lacks the first alternative's required member", v)
	}
}

func TestOneOfExampleUnambiguous(t *testing.T) {
	spec := `
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Labels:
      oneOf:
        - type: object
          properties:
            labels: {type: array, minItems: 1, items: {type: string}}
        - type: array
          minItems: 1
          items: {type: string}
        - type: object
          properties:
            labels: {type: array, minItems: 1, items: {type: object, required: [name], properties: {name: {type: string}}}}
`
	api, doc, _ := buildExamples(t, spec)
	ex := NewExamples(api, nil)
	uv := ex.Value(&TypeRef{Kind: Named, Name: "Labels"}, nil, Request).(UnionValue)
	if uv.Variant != 1 {
		t.Errorf("variant %d chosen, want 1 (the first whose value no other variant accepts)", uv.Variant)
	}
	if err := doc.T.Components.Schemas["Labels"].Value.VisitJSON(plain(t, uv)); err != nil {
		t.Errorf("example %v does not validate: %v", plain(t, uv), err)
	}
}

func TestExampleXML(t *testing.T) {
	spec := `
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      xml: {name: pet}
      required: [id, name, photoUrls, tags, owner]
      properties:
        id: {type: integer, minimum: 3, xml: {attribute: true}}
        name: {type: string, example: "R&D <dog>"}
        photoUrls:
          type: array
          xml: {wrapped: true}
          items: {type: string, format: uri, xml: {name: photoUrl}}
        tags:
          type: array
          items: {type: string, xml: {name: tag}}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      required: [email]
      properties:
        email: {type: string, format: email, xml: {name: mail}}
`
	api, _, _ := buildExamples(t, spec)
	ex := NewExamples(api, nil)
	ref := &TypeRef{Kind: Named, Name: "Pet"}
	got := ex.XML(ref, ex.Value(ref, nil, Request))
	want := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<pet id="3"><name>R&amp;D &lt;dog&gt;</name><owner><mail>user@example.com</mail></owner>` +
		`<photoUrls><photoUrl>https://example.com</photoUrl></photoUrls><tag>string</tag></pet>`
	if got != want {
		t.Errorf("XML =\n%s\nwant\n%s", got, want)
	}
}

func TestXMLBodyModel(t *testing.T) {
	for _, mt := range []string{"application/xml", "text/xml"} {
		spec := `
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    post:
      operationId: addPet
      requestBody:
        required: true
        content:
          ` + mt + `:
            schema: {$ref: '#/components/schemas/Pet'}
      responses:
        "204": {description: ok}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string, minLength: 3}
`
		api, _, _ := buildExamples(t, spec)
		body := api.Services[0].Operations[0].Body
		if body.XMLType == nil || body.XMLType.Name != "Pet" {
			t.Fatalf("%s: XMLType = %+v, want Pet", mt, body.XMLType)
		}
		if got := NewExamples(api, nil).XML(body.XMLType, body.Value); !strings.Contains(got, "<Pet><name>string</name></Pet>") {
			t.Errorf("%s: XML body %q", mt, got)
		}
	}
}

// TestExampleMustFitGoInt: an integer example kin-openapi accepts but the
// Go type cannot hold (Docker's pids limit, 2^64-1 for format uint64) is
// not used.
func TestExampleMustFitGoInt(t *testing.T) {
	for _, tc := range []struct {
		format string
		v      any
		ok     bool
	}{
		{"uint64", float64(18446744073709551615), false},
		{"", float64(1 << 62), true},
		{"int64", float64(-1 << 63), true},
		{"int32", float64(2147483647), true},
		{"int32", float64(2147483648), false},
		{"int32", float64(-2147483649), false},
	} {
		s := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeInteger}, Format: tc.format}
		if err := validateValue(s, tc.v, false); (err == nil) != tc.ok {
			t.Errorf("format %q, %v: err %v, want ok %v", tc.format, tc.v, err, tc.ok)
		}
	}
	// The warning names the Go type the value does not fit.
	s := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeInteger}, Format: "uint64"}
	if err := validateValue(s, float64(1<<64), false); err == nil || !strings.Contains(err.Error(), "does not fit int64, the Go type of a uint64 integer") {
		t.Errorf("uint64 2^64: err %v, want it to name int64", err)
	}
}

// A text/plain body whose schema is a scalar gets that scalar's example as
// its text (a uuid for format: uuid, 3 for minimum: 3), not a placeholder,
// and no Go type of its own.
func TestTextBodyExample(t *testing.T) {
	api, _ := buildSpec(t, `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /id:
    post:
      operationId: id
      requestBody: {content: {text/plain: {schema: {type: string, format: uuid}}}}
      responses: {"204": {description: ok}}
  /n:
    post:
      operationId: n
      requestBody: {content: {text/plain: {schema: {type: integer, minimum: 3}}}}
      responses: {"204": {description: ok}}
  /free:
    post:
      operationId: free
      requestBody: {content: {text/plain: {schema: {type: string, enum: [a]}}}}
      responses: {"204": {description: ok}}
`)
	want := map[string]any{"ID": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "N": "3", "Free": "a"}
	for _, svc := range api.Services {
		for _, op := range svc.Operations {
			if op.Body == nil || op.Body.Type.Name != "string" {
				t.Errorf("%s: body %+v, want a string", op.Name, op.Body)
				continue
			}
			if op.Body.Value != want[op.Name] {
				t.Errorf("%s: example body %#v, want %#v", op.Name, op.Body.Value, want[op.Name])
			}
		}
	}
	if len(api.Types) != 0 {
		t.Errorf("text bodies declared types: %v", api.Types)
	}
}

// An object whose oneOf alternatives only constrain its own members
// (GitHub's check run: status completed requires conclusion) is the
// object's struct, and its example satisfies the first alternative.
func TestConstraintOnlyAlternatives(t *testing.T) {
	spec := `
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    CheckRun:
      type: object
      required: [name, head_sha]
      properties:
        name: {type: string}
        head_sha: {type: string}
        status: {type: string, enum: [queued, in_progress, completed]}
        conclusion: {type: string, enum: [success, failure]}
      oneOf:
        - properties: {status: {enum: [completed]}}
          required: [status, conclusion]
          additionalProperties: true
        - properties: {status: {enum: [queued, in_progress]}}
          additionalProperties: true
`
	api, doc, _ := buildExamples(t, spec)
	ty := typeNamed(api, "CheckRun")
	if ty == nil || ty.Kind != Struct || len(ty.Fields) != 4 {
		t.Fatalf("CheckRun is %+v, want a struct of its four members", ty)
	}
	if want := "A value must match exactly one of these alternatives (oneOf): status is completed and sets status, conclusion; status is queued or in_progress."; !strings.Contains(ty.Doc, want) {
		t.Errorf("doc %q does not say %q", ty.Doc, want)
	}
	ex := NewExamples(api, nil)
	v := plain(t, ex.Value(&TypeRef{Kind: Named, Name: "CheckRun"}, nil, Request))
	if err := doc.T.Components.Schemas["CheckRun"].Value.VisitJSON(v); err != nil {
		t.Errorf("example %v does not validate: %v", v, err)
	}
	if m, _ := v.(map[string]any); m == nil || m["status"] != "completed" || m["conclusion"] == nil {
		t.Errorf("example %v does not satisfy the first alternative", v)
	}
}
