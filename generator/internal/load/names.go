package load

import (
	"fmt"
	"mime"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// checkNames refuses names the spec puts on the wire that their grammar
// does not allow: header and cookie parameter names, response and
// encoding header names and apiKey names sent in a header or cookie must
// be RFC 9110 tokens; media-type keys must be type/subtype media ranges,
// parameters allowed. Such a name could not be sent or matched anyway,
// and refusing it keeps line breaks and comment markers out of the
// generated code altogether (where they would only ever be escaped
// literals). The errors carry pointers only; the caller locates them.
func checkNames(t *openapi3.T) []diag.Diagnostic {
	c := &nameChecker{}
	if t.Components != nil {
		for _, name := range sortedKeys(t.Components.Parameters) {
			c.param(t.Components.Parameters[name], diag.Pointer("components", "parameters", name))
		}
		for _, name := range sortedKeys(t.Components.RequestBodies) {
			if rb := t.Components.RequestBodies[name]; rb != nil && rb.Value != nil {
				c.content(rb.Value.Content, diag.Pointer("components", "requestBodies", name, "content"))
			}
		}
		for _, name := range sortedKeys(t.Components.Responses) {
			c.response(t.Components.Responses[name], diag.Pointer("components", "responses", name))
		}
		for _, name := range sortedKeys(t.Components.SecuritySchemes) {
			s := t.Components.SecuritySchemes[name]
			if s != nil && s.Value != nil && s.Value.Type == "apiKey" && (s.Value.In == "header" || s.Value.In == "cookie") {
				c.token(s.Value.Name, diag.Pointer("components", "securitySchemes", name), "apiKey "+s.Value.In+" name")
			}
		}
	}
	if t.Paths != nil {
		for _, path := range t.Paths.InMatchingOrder() {
			item := t.Paths.Value(path)
			if item == nil {
				continue
			}
			base := diag.Pointer("paths", path)
			for i, p := range item.Parameters {
				c.param(p, base+"/parameters/"+strconv.Itoa(i))
			}
			ops := item.Operations()
			for _, method := range sortedKeys(ops) {
				op := ops[method]
				ptr := base + opPointer(method)
				for i, p := range op.Parameters {
					c.param(p, ptr+"/parameters/"+strconv.Itoa(i))
				}
				if op.RequestBody != nil && op.RequestBody.Value != nil {
					c.content(op.RequestBody.Value.Content, ptr+"/requestBody/content")
				}
				if op.Responses != nil {
					codes := op.Responses.Map()
					for _, code := range sortedKeys(codes) {
						c.response(codes[code], ptr+diag.Pointer("responses", code))
					}
				}
			}
		}
	}
	return c.errs
}

type nameChecker struct{ errs []diag.Diagnostic }

func (c *nameChecker) errorf(pointer, format string, args ...any) {
	c.errs = append(c.errs, diag.Diagnostic{Severity: diag.Error, Pointer: pointer, Msg: fmt.Sprintf(format, args...)})
}

func (c *nameChecker) token(name, pointer, what string) {
	if !IsToken(name) {
		c.errorf(pointer, "%s %q is not a valid header field name (RFC 9110 token: letters, digits and !#$%%&'*+-.^_`|~)", what, name)
	}
}

func (c *nameChecker) param(p *openapi3.ParameterRef, pointer string) {
	if p == nil || p.Value == nil {
		return
	}
	switch p.Value.In {
	case "header", "cookie":
		c.token(p.Value.Name, pointer, p.Value.In+" parameter")
	}
	c.content(p.Value.Content, pointer+"/content")
}

func (c *nameChecker) response(r *openapi3.ResponseRef, pointer string) {
	if r == nil || r.Value == nil {
		return
	}
	for _, name := range sortedKeys(r.Value.Headers) {
		c.token(name, pointer+diag.Pointer("headers", name), "response header")
	}
	c.content(r.Value.Content, pointer+"/content")
}

func (c *nameChecker) content(content openapi3.Content, pointer string) {
	for _, mt := range sortedKeys(content) {
		ptr := pointer + diag.Pointer(mt)
		if !IsMediaRange(mt) {
			c.errorf(ptr, "media type %q is not a valid media range (type/subtype, optionally with ;parameters, RFC 9110)", mt)
		}
		if m := content[mt]; m != nil {
			for _, prop := range sortedKeys(m.Encoding) {
				enc := m.Encoding[prop]
				if enc == nil {
					continue
				}
				if enc.ContentType != "" {
					for _, ct := range strings.Split(enc.ContentType, ",") {
						if !IsMediaRange(strings.TrimSpace(ct)) {
							c.errorf(ptr+diag.Pointer("encoding", prop, "contentType"), "encoding content type %q is not a valid media range", ct)
						}
					}
				}
				for _, h := range sortedKeys(enc.Headers) {
					c.token(h, ptr+diag.Pointer("encoding", prop, "headers", h), "encoding header")
				}
			}
		}
	}
}

// IsToken reports whether s is an RFC 9110 token (a header field name).
func IsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// IsMediaRange reports whether s is type/subtype (each a token, "*"
// allowed) with optional RFC 9110 parameters.
func IsMediaRange(s string) bool {
	base, params, _ := strings.Cut(s, ";")
	typ, sub, ok := strings.Cut(strings.TrimSpace(base), "/")
	if !ok || !IsToken(typ) || !IsToken(sub) {
		return false
	}
	if strings.TrimSpace(params) == "" {
		return !strings.Contains(s, ";") || strings.TrimSpace(params) == ""
	}
	_, _, err := mime.ParseMediaType(s)
	return err == nil
}
