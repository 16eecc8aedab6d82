package ir

import (
	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// paging reads the x-pagination extension:
//
//	x-pagination: {page: page, perPage: records_per_page, items: members, meta: pagination}
func (b *builder) paging(o *Operation, op *openapi3.Operation) {
	if b.rulePaging(o, op) {
		return // a paging rule: config, or x-pagination with a style
	}
	raw, ok := op.Extensions["x-pagination"]
	if !ok {
		return
	}
	ptr := o.Pointer + "/x-pagination"
	m, ok := raw.(map[string]any)
	if !ok {
		b.errorf(diag.Pos{}, ptr, "x-pagination must be an object with page, perPage, items and meta")
		return
	}
	get := func(k string) string {
		s, _ := m[k].(string)
		if s == "" {
			b.errorf(diag.Pos{}, ptr, "x-pagination.%s must name a parameter or response field", k)
		}
		return s
	}
	page, perPage, items, meta := get("page"), get("perPage"), get("items"), get("meta")
	if page == "" || perPage == "" || items == "" || meta == "" {
		return
	}
	p := &Paging{}
	findParam := func(wire string) string {
		if o.Params != nil {
			for _, f := range o.Params.Fields {
				if f.Name == wire && f.In == "query" {
					return f.GoName
				}
			}
		}
		b.errorf(diag.Pos{}, ptr, "x-pagination names %q, which is not an optional query parameter", wire)
		return ""
	}
	p.PageParam, p.PerPageParam = findParam(page), findParam(perPage)
	if o.Result.Kind != "json" || o.Result.Type == nil || o.Result.Type.Kind != Named {
		b.errorf(diag.Pos{}, ptr, "x-pagination needs a JSON object response")
		return
	}
	t := b.typeByName(o.Result.Type.Name)
	if t == nil {
		return
	}
	for _, f := range t.Fields {
		switch f.JSONName {
		case items:
			if f.Type.Kind != Slice {
				b.errorf(diag.Pos{}, ptr, "x-pagination.items %q is not an array", items)
				return
			}
			p.ItemsField, p.Item = f.Name, f.Type.Elem
		case meta:
			p.MetaField = f.Name
		}
	}
	if p.ItemsField == "" || p.MetaField == "" {
		b.errorf(diag.Pos{}, ptr, "x-pagination names response fields %q and %q; %s lacks one", items, meta, t.Name)
		return
	}
	if p.PageParam != "" && p.PerPageParam != "" {
		o.Paging = p
	}
}
