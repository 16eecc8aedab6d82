package ir

import "testing"

// A response declared for a media range (*/*, application/*) with an
// object or array schema is decoded as JSON (a typed result, Accept
// application/json); a string schema under the same range stays bytes.
func TestStructuredRangeResponseIsJSON(t *testing.T) {
	api, _ := buildSpec(t, `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            '*/*':
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
  /pet:
    get:
      operationId: getPet
      responses:
        "200":
          description: ok
          content:
            application/*:
              schema: {$ref: '#/components/schemas/Pet'}
  /file:
    get:
      operationId: getFile
      responses:
        "200":
          description: ok
          content:
            '*/*':
              schema: {type: string, format: binary}
components:
  schemas:
    Pet:
      type: object
      properties: {name: {type: string}}
`)
	want := map[string]struct{ kind, media, typ string }{
		"listPets": {"json", "application/json", "[]Pet"},
		"getPet":   {"json", "application/json", "Pet"},
		"getFile":  {"binary", "*/*", ""},
	}
	var ops []*Operation
	for _, svc := range api.Services {
		ops = append(ops, svc.Operations...)
	}
	for _, op := range ops {
		w, ok := want[op.ID]
		if !ok {
			continue
		}
		delete(want, op.ID)
		r := op.Result
		typ := ""
		if r.Type != nil {
			typ = r.Type.String()
		}
		if r.Kind != w.kind || r.ContentType != w.media || op.Accept != w.media || typ != w.typ {
			t.Errorf("%s: kind %q media %q accept %q type %q, want %q %q %q", op.ID, r.Kind, r.ContentType, op.Accept, typ, w.kind, w.media, w.typ)
		}
	}
	if len(want) > 0 {
		t.Errorf("operations not found: %v", want)
	}
}
