package load

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
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
