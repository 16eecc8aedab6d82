package load

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// normalize repairs defects common in published real-world documents that
// would otherwise fail validation, each with a warning naming where:
//
//   - `type: array` without `items` gets `items: {}` (any element);
//   - an empty info.version becomes "unspecified";
//   - a {name} in a path template that the operation does not declare
//     becomes a required string path parameter, and a declared path
//     parameter missing from the template is dropped.
//
// The returned warnings carry pointers only; the caller locates them.
func normalize(t *openapi3.T) []diag.Diagnostic {
	n := &normalizer{
		seen:      map[*openapi3.Schema]bool{},
		seenParam: map[*openapi3.Parameter]bool{},
		seenResp:  map[*openapi3.Response]bool{},
		is31:      t.IsOpenAPI31OrLater(),
	}
	n.repairDocument(t)
	if t.Info != nil && t.Info.Version == "" {
		t.Info.Version = "unspecified"
		n.warn("/info/version", "info.version is empty; using \"unspecified\"")
	}
	if t.Components != nil {
		for _, name := range sortedKeys(t.Components.Schemas) {
			if !strings.HasPrefix(name, hoistPrefix) {
				n.schema(t.Components.Schemas[name], diag.Pointer("components", "schemas", name))
			}
		}
		for _, name := range sortedKeys(t.Components.Parameters) {
			n.param(t.Components.Parameters[name], diag.Pointer("components", "parameters", name))
		}
		for _, name := range sortedKeys(t.Components.RequestBodies) {
			if rb := t.Components.RequestBodies[name]; rb != nil && rb.Value != nil {
				n.content(rb.Value.Content, diag.Pointer("components", "requestBodies", name, "content"))
			}
		}
		for _, name := range sortedKeys(t.Components.Responses) {
			n.response(t.Components.Responses[name], diag.Pointer("components", "responses", name))
		}
		for _, name := range sortedKeys(t.Components.Headers) {
			if h := t.Components.Headers[name]; h != nil && h.Value != nil {
				n.schema(h.Value.Schema, diag.Pointer("components", "headers", name, "schema"))
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
				n.param(p, base+"/parameters/"+strconv.Itoa(i))
			}
			ops := item.Operations()
			for _, method := range sortedKeys(ops) {
				op := ops[method]
				ptr := base + opPointer(method)
				for i, p := range op.Parameters {
					n.param(p, ptr+"/parameters/"+strconv.Itoa(i))
				}
				if op.RequestBody != nil && op.RequestBody.Value != nil {
					n.content(op.RequestBody.Value.Content, ptr+"/requestBody/content")
				}
				if op.Responses != nil {
					for code, r := range op.Responses.Map() {
						n.response(r, ptr+diag.Pointer("responses", code))
					}
				}
				n.pathParams(path, item, op, ptr)
			}
		}
	}
	dropHoisted(t)
	sort.SliceStable(n.warns, func(i, j int) bool { return n.warns[i].Pointer < n.warns[j].Pointer })
	// Printed once: a repair reached through two paths is one warning.
	seen := map[[2]string]bool{}
	return slices.DeleteFunc(n.warns, func(d diag.Diagnostic) bool {
		k := [2]string{d.Pointer, d.Msg}
		dup := seen[k]
		seen[k] = true
		return dup
	})
}

type normalizer struct {
	seen      map[*openapi3.Schema]bool
	seenParam map[*openapi3.Parameter]bool
	seenResp  map[*openapi3.Response]bool
	is31      bool // OpenAPI 3.1 or later: JSON Schema 2020-12 keywords are valid
	warns     []diag.Diagnostic
}

func (n *normalizer) warn(pointer, msg string) {
	n.warns = append(n.warns, diag.Diagnostic{Severity: diag.Warning, Pointer: pointer, Msg: msg})
}

func (n *normalizer) param(p *openapi3.ParameterRef, ptr string) {
	if p == nil || p.Value == nil {
		return
	}
	if v := p.Value; v.In == openapi3.ParameterInCookie && v.Style == "cookie" && !n.seenParam[v] {
		// OpenAPI 3.2's cookie style: name=value pairs joined by "; ",
		// which form style writes the same for one value.
		n.seenParam[v] = true
		v.Style = openapi3.SerializationForm
		n.warn(ptr, fmt.Sprintf("cookie parameter %q: style cookie (OpenAPI 3.2) is read as form", v.Name))
	}
	n.schema(p.Value.Schema, ptr+"/schema")
	n.content(p.Value.Content, ptr+"/content")
}

func (n *normalizer) response(r *openapi3.ResponseRef, ptr string) {
	if r == nil || r.Value == nil {
		return
	}
	n.content(r.Value.Content, ptr+"/content")
	for _, name := range sortedKeys(r.Value.Headers) {
		if h := r.Value.Headers[name]; h != nil && h.Value != nil {
			n.schema(h.Value.Schema, ptr+diag.Pointer("headers", name, "schema"))
		}
	}
}

// mediaTypeFields are the Media Type Object's fields (3.0 to 3.2): a
// content key spelling one is that member written a level too high (Plaid
// writes content: {application/json: ..., examples: {}}), not a media type.
var mediaTypeFields = map[string]bool{
	"schema": true, "example": true, "examples": true, "encoding": true,
	"itemSchema": true, "prefixEncoding": true, "itemEncoding": true,
}

func (n *normalizer) content(c openapi3.Content, ptr string) {
	for _, mt := range sortedKeys(c) {
		if mediaTypeFields[mt] {
			delete(c, mt)
			n.warn(ptr+diag.Pointer(mt), fmt.Sprintf("content has a member %q, which is a field of a media type, not a media type: ignored", mt))
			continue
		}
		m := c[mt]
		if m == nil {
			// `application/json:` with no value: a media type without a
			// schema, as if written `{}`.
			m = &openapi3.MediaType{}
			c[mt] = m
		}
		n.schema(m.Schema, ptr+diag.Pointer(mt, "schema"))
	}
}

func (n *normalizer) schema(ref *openapi3.SchemaRef, ptr string) {
	n.schemaAt(ref, &lazyPointer{s: ptr})
}

// lazyPointer is a JSON pointer built only when a warning needs it:
// building every schema's pointer would cost time quadratic in nesting
// depth.
type lazyPointer struct {
	parent *lazyPointer
	s      string
}

func (p *lazyPointer) child(tokens ...string) *lazyPointer {
	return &lazyPointer{parent: p, s: diag.Pointer(tokens...)}
}

func (p *lazyPointer) String() string {
	var parts []string
	for ; p != nil; p = p.parent {
		parts = append(parts, p.s)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
	}
	return b.String()
}

func (n *normalizer) schemaAt(ref *openapi3.SchemaRef, ptr *lazyPointer) {
	if ref != nil && isHoistedRef(ref.Ref) {
		ref.Ref = "" // inline again (deep.go)
	}
	if ref == nil || ref.Value == nil || n.seen[ref.Value] {
		return
	}
	s := ref.Value
	n.seen[s] = true
	if s.Type != nil && s.Type.Is(openapi3.TypeArray) && s.Items == nil {
		s.Items = &openapi3.SchemaRef{Value: &openapi3.Schema{}}
		n.warn(ptr.String(), "array schema has no items; treating elements as any value")
	}
	n.schemaTypes(s, ptr)
	n.requiredOnce(s, ptr)
	if !n.is31 {
		n.schema30(s, ptr)
	} else {
		n.schema31(s, ptr)
	}
	n.schemaAt(s.Items, ptr.child("items"))
	for _, name := range sortedKeys(s.Properties) {
		n.schemaAt(s.Properties[name], ptr.child("properties", name))
	}
	for i, x := range s.AllOf {
		n.schemaAt(x, ptr.child("allOf", strconv.Itoa(i)))
	}
	for i, x := range s.OneOf {
		n.schemaAt(x, ptr.child("oneOf", strconv.Itoa(i)))
	}
	for i, x := range s.AnyOf {
		n.schemaAt(x, ptr.child("anyOf", strconv.Itoa(i)))
	}
	n.schemaAt(s.Not, ptr.child("not"))
	n.schemaAt(s.AdditionalProperties.Schema, ptr.child("additionalProperties"))
}

var templateParam = regexp.MustCompile(`\{([^{}]+)\}`)

// pathParams declares the path template parameters op leaves out.
func (n *normalizer) pathParams(path string, item *openapi3.PathItem, op *openapi3.Operation, ptr string) {
	inTemplate := map[string]bool{}
	for _, m := range templateParam.FindAllStringSubmatch(path, -1) {
		inTemplate[m[1]] = true
	}
	declared := map[string]bool{}
	for _, ps := range []*openapi3.Parameters{&item.Parameters, &op.Parameters} {
		kept := (*ps)[:0:0]
		for _, p := range *ps {
			if p != nil && p.Value != nil && p.Value.In == openapi3.ParameterInPath {
				if !inTemplate[p.Value.Name] {
					n.warn(ptr, fmt.Sprintf("path parameter %q is not in the path template; ignoring it", p.Value.Name))
					continue
				}
				declared[p.Value.Name] = true
			}
			kept = append(kept, p)
		}
		*ps = kept
	}
	for _, m := range templateParam.FindAllStringSubmatch(path, -1) {
		name := m[1]
		if declared[name] {
			continue
		}
		declared[name] = true
		op.Parameters = append(op.Parameters, &openapi3.ParameterRef{Value: &openapi3.Parameter{
			Name:     name,
			In:       openapi3.ParameterInPath,
			Required: true,
			Schema:   &openapi3.SchemaRef{Value: openapi3.NewStringSchema()},
		}})
		n.warn(ptr, fmt.Sprintf("path parameter %q is not declared; assuming a required string", name))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
