package load

import (
	"path/filepath"
	"strings"
	"testing"
)

const namesSpec = `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    post:
      parameters:
        - {name: HEADER, in: header, schema: {type: string}}
        - {name: COOKIE, in: cookie, schema: {type: string}}
        - {name: "any query name: fine", in: query, schema: {type: string}}
      security: [{key: []}]
      requestBody:
        content:
          REQMEDIA:
            schema: {type: object}
      responses:
        "200":
          description: ok
          headers:
            RESPHEADER: {schema: {type: string}}
          content:
            RESPMEDIA:
              schema: {type: object}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: SCHEMENAME}
`

func namesDoc(repl map[string]string) string {
	s := namesSpec
	for _, k := range []string{"HEADER", "COOKIE", "REQMEDIA", "RESPHEADER", "RESPMEDIA", "SCHEMENAME"} {
		v, ok := repl[k]
		if !ok {
			v = map[string]string{"HEADER": "X-Trace", "COOKIE": "session", "REQMEDIA": "application/json", "RESPHEADER": "X-Rate-Limit", "RESPMEDIA": "application/vnd.api+json; charset=utf-8", "SCHEMENAME": "X-Api-Key"}[k]
		}
		s = strings.Replace(s, k, v, 1)
	}
	return s
}

// Names the spec gives the wire (header and cookie names, media types,
// apiKey names) are checked against their grammar (RFC 9110 token,
// type/subtype media ranges), each refusal a located error naming the
// element and quoting the name.
func TestNamesValidated(t *testing.T) {
	if _, diags := Data(filepath.Join("nonexistent", "spec.yaml"), []byte(namesDoc(nil))); diags.HasErrors() {
		t.Fatalf("valid names refused: %v", diags.Errors())
	}
	for slot, c := range map[string]struct{ value, pointer string }{
		"HEADER":     {`"X-Key\n*/ func init() {} /*"`, "/paths/~1a/post/parameters/0"},
		"COOKIE":     {`"a b"`, "/paths/~1a/post/parameters/1"},
		"REQMEDIA":   {`"application/json\n*/ func init() {} /*"`, "/paths/~1a/post/requestBody/content/"},
		"RESPHEADER": {`"X:Y"`, "/paths/~1a/post/responses/200/headers/X:Y"},
		"RESPMEDIA":  {`"json"`, "/paths/~1a/post/responses/200/content/json"},
		"SCHEMENAME": {`"X-Key\n*/ func init() {} /*"`, "/components/securitySchemes/key"},
	} {
		_, diags := Data(filepath.Join("nonexistent", "spec.yaml"), []byte(namesDoc(map[string]string{slot: c.value})))
		if !diags.HasErrors() {
			t.Errorf("%s = %s accepted", slot, c.value)
			continue
		}
		errs := diags.Errors()
		found := false
		for _, d := range errs {
			if strings.HasPrefix(d.Pointer, c.pointer) && d.Pos.Line > 0 && strings.Contains(d.Msg, "not a valid") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s = %s: no located error at %s: %v", slot, c.value, c.pointer, errs)
		}
		if strings.Count(errs.Error(), "\n") != len(errs)-1 {
			t.Errorf("%s: a diagnostic spans lines: %q", slot, errs.Error())
		}
	}
}
