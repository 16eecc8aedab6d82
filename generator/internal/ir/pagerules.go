package ir

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// ruleUse tallies what a config paging rule matched, for the warnings
// about rules that page nothing.
type ruleUse struct {
	matched, applied int
	why              string // why the first matched operation did not fit
}

// rulePaging marks o as paged by a paging rule: its x-pagination
// extension when that names a style, else the first config rule matching
// it whose shape fits. It reports whether a rule applied or was reported.
func (b *builder) rulePaging(o *Operation, op *openapi3.Operation) bool {
	if raw, ok := op.Extensions["x-pagination"]; ok {
		if m, ok := raw.(map[string]any); ok {
			if _, styled := m["style"]; styled {
				ptr := o.Pointer + "/x-pagination"
				r, err := ruleFromExtension(m)
				if err == "" {
					if p := CheckPagingRule(r, true); len(p) > 0 {
						err = strings.Join(p, "; ")
					}
				}
				if err != "" {
					b.errorf(diag.Pos{}, ptr, "x-pagination: %s", err)
					return true
				}
				if why := b.applyRule(o, r); why != "" {
					b.errorf(diag.Pos{}, ptr, "x-pagination (style %s) does not fit %s: %s", r.Style, o.Method+" "+o.Path, why)
				}
				return true
			}
		}
		return false // x-pagination's own page/perPage/items/meta form
	}
	if b.ruleUse == nil {
		b.ruleUse = make([]ruleUse, len(b.opts.Paging))
	}
	for i, r := range b.opts.Paging {
		exact, ok := r.matches(op.OperationID, o.Method, o.Path)
		if !ok {
			continue
		}
		b.ruleUse[i].matched++
		why := b.applyRule(o, r)
		if why == "" {
			b.ruleUse[i].applied++
			return true
		}
		if exact {
			b.errorf(r.Pos, "", "paging.%d (style %s) does not fit %s %s: %s", i, r.Style, o.Method, o.Path, why)
			b.ruleUse[i].applied++ // reported: no second warning about it
			return true
		}
		if b.ruleUse[i].why == "" {
			b.ruleUse[i].why = o.Method + " " + o.Path + ": " + why
		}
	}
	return false
}

// unusedPaging warns about config paging rules that paged no operation.
func (b *builder) unusedPaging() {
	for i, r := range b.opts.Paging {
		var u ruleUse
		if i < len(b.ruleUse) {
			u = b.ruleUse[i]
		}
		switch {
		case u.matched == 0:
			b.diags.Warnf(r.Pos, "", "paging.%d: operations %s match no operation of the spec", i, strings.Join(r.Operations, ", "))
		case u.applied == 0:
			b.diags.Warnf(r.Pos, "", "paging.%d matches %d operations and fits none (%s)", i, u.matched, u.why)
		}
	}
}

// matches reports whether the rule names the operation, and whether by an
// exact name (no *).
func (r PagingRule) matches(id, method, p string) (exact, ok bool) {
	for _, pat := range r.Operations {
		pat = strings.TrimSpace(pat)
		if !strings.Contains(pat, "*") {
			if pat == id && id != "" || pat == method+" "+p {
				return true, true
			}
			continue
		}
		if globRE(pat).MatchString(method+" "+p) || id != "" && globRE(pat).MatchString(id) {
			return false, true
		}
	}
	return false, false
}

func globRE(pat string) *regexp.Regexp {
	parts := strings.Split(pat, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
}

// ruleFromExtension reads x-pagination with a style: the config's keys in
// camelCase (hasMore, cursorFrom, nextCursor) or as in the config.
func ruleFromExtension(m map[string]any) (PagingRule, string) {
	r := PagingRule{Operations: []string{"(this operation)"}}
	fields := map[string]*string{
		"items": &r.Items, "hasMore": &r.HasMore, "has-more": &r.HasMore, "cursor": &r.Cursor,
		"cursorFrom": &r.CursorFrom, "cursor-from": &r.CursorFrom, "nextCursor": &r.NextCursor, "next-cursor": &r.NextCursor,
		"page": &r.Page, "offset": &r.Offset, "limit": &r.Limit,
	}
	for _, k := range sortedKeys(m) {
		v, isString := m[k].(string)
		if k == "style" {
			if !isString {
				return r, "style must be a string"
			}
			r.Style = PagingStyle(v)
			continue
		}
		f, known := fields[k]
		if !known {
			return r, fmt.Sprintf("unknown key %q", k)
		}
		if !isString {
			return r, fmt.Sprintf("%s must be a string", k)
		}
		*f = v
	}
	return r, ""
}

// CheckPagingRule lists what a paging rule lacks or has wrong, naming its
// keys as the config does (has-more) or, with camel, as x-pagination does
// (hasMore). It is the one check of both.
func CheckPagingRule(r PagingRule, camel bool) []string {
	key := func(k string) string {
		if !camel {
			return k
		}
		parts := strings.Split(k, "-")
		for i := 1; i < len(parts); i++ {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
		return strings.Join(parts, "")
	}
	var out []string
	if len(r.Operations) == 0 && !camel {
		out = append(out, `operations: name at least one operation ("GET /v1/*", an operationId)`)
	}
	need := func(v, k, what string) {
		if v == "" {
			out = append(out, "style "+string(r.Style)+" needs "+key(k)+" ("+what+")")
		}
	}
	switch r.Style {
	case PageCursor:
		need(r.HasMore, "has-more", "the boolean response field saying more items follow")
		need(r.Cursor, "cursor", "the query parameter taking the next cursor")
		if r.CursorFrom == "" && r.NextCursor == "" {
			out = append(out, "style cursor needs "+key("cursor-from")+" (the item field of the last item, e.g. id) or "+key("next-cursor")+" (a response field)")
		}
		if r.CursorFrom != "" && r.NextCursor != "" {
			out = append(out, "style cursor takes "+key("cursor-from")+" or "+key("next-cursor")+", not both")
		}
	case PageNumber:
		need(r.Page, "page", "the page-number query parameter")
	case PageOffset:
		need(r.Offset, "offset", "the item-offset query parameter")
	case PageLink:
	case PageMeta:
		out = append(out, "style: want cursor, link, page or offset")
	default:
		out = append(out, "style: "+strconv.Quote(string(r.Style))+": want cursor, link, page or offset")
	}
	return out
}

// applyRule sets o.Paging from r when the operation's shape fits, else
// says why not.
func (b *builder) applyRule(o *Operation, r PagingRule) string {
	p := &Paging{Style: r.Style}
	res := o.Result
	if res == nil || res.Kind != "json" || res.Type == nil {
		return "no JSON response"
	}
	var result *Type
	if r.Items == "" {
		if res.Type.Kind != Slice {
			return "items is not given and the response is not an array"
		}
		p.Item = res.Type.Elem
	} else {
		if res.Type.Kind != Named {
			return "the response is not an object"
		}
		result = b.typeByName(res.Type.Name)
		if result == nil || result.Kind != Struct {
			return "the response is not an object"
		}
		f := fieldByJSON(result, r.Items)
		if f == nil || f.Type.Kind != Slice || f.Pointer || f.Wrapped {
			return fmt.Sprintf("the response has no array field %q", r.Items)
		}
		p.ItemsField, p.Item = f.Name, f.Type.Elem
	}
	param := func(wire, want string) (string, string) {
		if wire == "" {
			return "", ""
		}
		if o.Params != nil {
			for _, f := range o.Params.Fields {
				if f.Name == wire && f.In == InQuery {
					if !typeIs(f.Type, want) {
						return "", fmt.Sprintf("query parameter %q is not %s", wire, want)
					}
					return f.GoName, ""
				}
			}
		}
		return "", fmt.Sprintf("no optional query parameter %q", wire)
	}
	resultField := func(wire, want string) (*PageField, string) {
		if result == nil {
			return nil, fmt.Sprintf("the response is not an object with %q", wire)
		}
		f := fieldByJSON(result, wire)
		if f == nil || !typeIs(f.Type, want) {
			return nil, fmt.Sprintf("the response has no %s field %q", want, wire)
		}
		return &PageField{Name: f.Name, Pointer: f.Pointer, Wrapped: f.Wrapped}, ""
	}
	var why string
	if r.Limit != "" {
		if p.PerPageParam, why = param(r.Limit, "integer"); why != "" {
			return why
		}
	}
	switch r.Style {
	case PageCursor:
		if p.CursorParam, why = param(r.Cursor, "string"); why != "" {
			return why
		}
		if p.HasMore, why = resultField(r.HasMore, "boolean"); why != "" {
			return why
		}
		if r.NextCursor != "" {
			if p.NextCursor, why = resultField(r.NextCursor, "string"); why != "" {
				return why
			}
		} else {
			item := b.typeByName(p.Item.Name)
			if p.Item.Kind != Named || item == nil || item.Kind != Struct {
				return "the items are not objects, so cursor-from names no field"
			}
			f := fieldByJSON(item, r.CursorFrom)
			if f == nil || !typeIs(f.Type, "string") {
				return fmt.Sprintf("the items have no string field %q", r.CursorFrom)
			}
			p.CursorFrom = &PageField{Name: f.Name, Pointer: f.Pointer, Wrapped: f.Wrapped}
		}
	case PageNumber:
		if p.PageParam, why = param(r.Page, "integer"); why != "" {
			return why
		}
	case PageOffset:
		if p.OffsetParam, why = param(r.Offset, "integer"); why != "" {
			return why
		}
	case PageLink:
		if o.Method != "GET" {
			return "a next-page link is followed with GET"
		}
		for _, a := range o.Args {
			if a.In == InQuery {
				return fmt.Sprintf("the required query parameter %q would be sent twice with the next link", a.Name)
			}
		}
	}
	o.Paging = p
	return ""
}

func fieldByJSON(t *Type, wire string) *Field {
	for _, f := range t.Fields {
		if f.JSONName == wire {
			return f
		}
	}
	return nil
}

// typeIs reports whether a builtin type is of the JSON kind want.
func typeIs(t *TypeRef, want string) bool {
	if t == nil || t.Kind != Builtin || t.Pkg != "" {
		return false
	}
	switch want {
	case "string":
		return t.Name == "string"
	case "boolean":
		return t.Name == "bool"
	case "integer":
		switch t.Name {
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
			return true
		}
	}
	return false
}
