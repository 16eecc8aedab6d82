package load

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// resolveHeaderContent resolves the local schema $refs inside header
// `content` (a header described by a media type, not a schema), which the
// kin-openapi loader leaves unresolved. A $ref it cannot resolve stays as
// it is, for validation to report.
func resolveHeaderContent(t *openapi3.T) {
	r := &localResolver{t: t, seen: map[*openapi3.Schema]bool{}}
	headers := func(hs openapi3.Headers) {
		for _, name := range sortedKeys(hs) {
			if h := hs[name]; h != nil && h.Value != nil {
				for _, mt := range sortedKeys(h.Value.Content) {
					if m := h.Value.Content[mt]; m != nil {
						r.schema(m.Schema)
					}
				}
			}
		}
	}
	responses := func(rs map[string]*openapi3.ResponseRef) {
		for _, code := range sortedKeys(rs) {
			if resp := rs[code]; resp != nil && resp.Value != nil {
				headers(resp.Value.Headers)
			}
		}
	}
	if c := t.Components; c != nil {
		headers(c.Headers)
		responses(c.Responses)
	}
	if t.Paths == nil {
		return
	}
	for _, path := range sortedKeys(t.Paths.Map()) {
		item := t.Paths.Value(path)
		if item == nil {
			continue
		}
		ops := item.Operations()
		for _, m := range sortedKeys(ops) {
			if op := ops[m]; op.Responses != nil {
				responses(op.Responses.Map())
			}
		}
	}
}

type localResolver struct {
	t    *openapi3.T
	seen map[*openapi3.Schema]bool
}

func (r *localResolver) schema(ref *openapi3.SchemaRef) {
	if ref == nil {
		return
	}
	if ref.Value == nil {
		name, ok := strings.CutPrefix(ref.Ref, "#/components/schemas/")
		if !ok || r.t.Components == nil {
			return
		}
		name = strings.ReplaceAll(strings.ReplaceAll(name, "~1", "/"), "~0", "~")
		target := r.t.Components.Schemas[name]
		if target == nil || target.Value == nil {
			return
		}
		ref.Value = target.Value
		return // components are resolved already
	}
	s := ref.Value
	if r.seen[s] {
		return
	}
	r.seen[s] = true
	r.schema(s.Items)
	for _, name := range sortedKeys(s.Properties) {
		r.schema(s.Properties[name])
	}
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, x := range list {
			r.schema(x)
		}
	}
	r.schema(s.Not)
	r.schema(s.AdditionalProperties.Schema)
}

const mediaTypeRefPrefix = "#/components/mediaTypes/"

// resolveMediaTypeRefs resolves OpenAPI 3.2's media type $refs into
// components.mediaTypes, a section kin-openapi does not model (it keeps
// both the section and the $ref aside as unknown fields). A $ref naming no
// entry is an error.
func resolveMediaTypeRefs(t *openapi3.T) []diag.Diagnostic {
	var raw map[string]any
	if t.Components != nil {
		raw, _ = t.Components.Extensions["mediaTypes"].(map[string]any)
	}
	r := &localResolver{t: t, seen: map[*openapi3.Schema]bool{}}
	var errs []diag.Diagnostic
	content := func(c openapi3.Content, ptr string) {
		for _, mt := range sortedKeys(c) {
			m := c[mt]
			if m == nil {
				continue
			}
			ref, ok := m.Extensions["$ref"].(string)
			if !ok {
				continue
			}
			name, ok := strings.CutPrefix(ref, mediaTypeRefPrefix)
			body, found := raw[name]
			if !ok || !found {
				errs = append(errs, diag.Diagnostic{Pointer: ptr + diag.Pointer(mt), Msg: fmt.Sprintf("unresolvable $ref %q: want an entry of components.mediaTypes", ref)})
				continue
			}
			b, err := json.Marshal(body)
			var target openapi3.MediaType
			if err == nil {
				err = json.Unmarshal(b, &target)
			}
			if err != nil {
				errs = append(errs, diag.Diagnostic{Pointer: diag.Pointer("components", "mediaTypes", name), Msg: "invalid media type: " + err.Error()})
				continue
			}
			delete(target.Extensions, "description") // 3.2 documentation kin-openapi does not model
			r.schema(target.Schema)
			r.schema(target.ItemSchema)
			c[mt] = &target
		}
	}
	walkContent(t, content)
	if raw != nil {
		delete(t.Components.Extensions, "mediaTypes")
	}
	return errs
}

// walkContent calls f on every content map of the document (request
// bodies, responses, parameters, headers) with its pointer.
func walkContent(t *openapi3.T, f func(openapi3.Content, string)) {
	headers := func(hs openapi3.Headers, ptr string) {
		for _, name := range sortedKeys(hs) {
			if h := hs[name]; h != nil && h.Value != nil {
				f(h.Value.Content, ptr+diag.Pointer(name, "content"))
			}
		}
	}
	response := func(r *openapi3.ResponseRef, ptr string) {
		if r != nil && r.Value != nil {
			f(r.Value.Content, ptr+"/content")
			headers(r.Value.Headers, ptr+"/headers")
		}
	}
	params := func(ps openapi3.Parameters, ptr string) {
		for i, p := range ps {
			if p != nil && p.Value != nil {
				f(p.Value.Content, fmt.Sprintf("%s/%d/content", ptr, i))
			}
		}
	}
	if c := t.Components; c != nil {
		for _, name := range sortedKeys(c.RequestBodies) {
			if rb := c.RequestBodies[name]; rb != nil && rb.Value != nil {
				f(rb.Value.Content, diag.Pointer("components", "requestBodies", name, "content"))
			}
		}
		for _, name := range sortedKeys(c.Responses) {
			response(c.Responses[name], diag.Pointer("components", "responses", name))
		}
		headers(c.Headers, "/components/headers")
		for _, name := range sortedKeys(c.Parameters) {
			if p := c.Parameters[name]; p != nil && p.Value != nil {
				f(p.Value.Content, diag.Pointer("components", "parameters", name, "content"))
			}
		}
	}
	if t.Paths == nil {
		return
	}
	for _, path := range sortedKeys(t.Paths.Map()) {
		item := t.Paths.Value(path)
		if item == nil {
			continue
		}
		base := diag.Pointer("paths", path)
		params(item.Parameters, base+"/parameters")
		ops := item.Operations()
		for _, m := range sortedKeys(ops) {
			op := ops[m]
			ptr := base + opPointer(m)
			params(op.Parameters, ptr+"/parameters")
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				f(op.RequestBody.Value.Content, ptr+"/requestBody/content")
			}
			if op.Responses != nil {
				for _, code := range sortedKeys(op.Responses.Map()) {
					response(op.Responses.Value(code), ptr+diag.Pointer("responses", code))
				}
			}
		}
	}
}
