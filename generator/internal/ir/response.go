package ir

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

func (b *builder) responses(o *Operation, op *openapi3.Operation) {
	res := &Result{Kind: "none"}
	o.Result = res
	if op.Responses == nil {
		return
	}
	var errs []*ErrorResponse
	errorMedia := ""
	defer func() {
		o.Accept = res.ContentType
		if o.Accept == "" {
			o.Accept = errorMedia
		}
	}()
	var variants []*Variant
	mixed := false
	codes := sortedKeys(op.Responses.Map())
	// Without any 2xx response, a default response describes success too.
	defaultSuccess := !slices.ContainsFunc(codes, func(c string) bool { return strings.HasPrefix(c, "2") })
	for _, code := range codes {
		rr := op.Responses.Value(code)
		if rr == nil || rr.Value == nil {
			continue
		}
		r := rr.Value
		ptr := o.Pointer + "/responses/" + code
		res.declared = append(res.declared, strings.ToUpper(code))
		if strings.HasPrefix(code, "2") || code == "default" {
			for _, name := range sortedKeys(r.Headers) {
				if h := r.Headers[name]; h != nil && h.Value != nil && h.Value.Required {
					res.RequiredHeaders = append(res.RequiredHeaders, b.responseHeader(code, name, h.Value, ptr+"/headers/"+escapeToken(name)))
				}
			}
		}
		n, err := strconv.Atoi(code)
		success := err == nil && n >= 200 && n < 300
		if strings.EqualFold(code, "2XX") {
			n, success = 200, true
		}
		if code == "default" && defaultSuccess {
			if len(r.Content) == 0 {
				continue
			}
			n, success = 200, true
		}
		if !success {
			if strings.HasPrefix(code, "2") || strings.HasPrefix(code, "1") || strings.HasPrefix(code, "3") {
				continue
			}
			// 4xx, 5xx, ranges and default: error models.
			for _, mt := range sortedKeys(r.Content) {
				if IsJSON(mt) && r.Content[mt] != nil && r.Content[mt].Schema != nil {
					if errorMedia == "" {
						errorMedia = mt
					}
					b.topLevel = true
					errs = append(errs, &ErrorResponse{Code: code, Type: b.schemaType(r.Content[mt].Schema, o.Name+"Error"+code, ptr)})
					b.topLevel = false
					break
				}
			}
			continue
		}
		for _, h := range sortedKeys(r.Headers) {
			if !slices.Contains(res.Headers, h) {
				res.Headers = append(res.Headers, h)
			}
		}
		if len(r.Content) > 0 && (n == 204 || n == 205 || o.Method == "HEAD") {
			why := fmt.Sprintf("a %d response", n)
			if o.Method == "HEAD" {
				why = "a response to HEAD"
			}
			b.diags.Warnf(diag.Pos{}, ptr+"/content", "%s never has a body (RFC 9110): the declared content (%s) is ignored and no body is read", why, quoteList(sortedKeys(r.Content)))
			res.EmptyCodes = append(res.EmptyCodes, n)
			continue
		}
		if len(r.Content) == 0 {
			res.EmptyCodes = append(res.EmptyCodes, n)
			continue
		}
		mts := sortedKeys(r.Content)
		mt := mts[0]
		for _, m := range mts {
			if IsJSON(m) {
				mt = m
				break
			}
		}
		media := r.Content[mt]
		if media == nil {
			media = &openapi3.MediaType{}
		}
		var kind string
		var typ *TypeRef
		var chk *Constraints
		switch {
		case IsJSON(mt) || structuredRange(mt, media.Schema):
			kind = "json"
			ctx := o.Name + "Response"
			if res.Kind != "none" {
				ctx += code
			}
			b.topLevel = true
			typ = b.schemaType(media.Schema, ctx, ptr+"/content/"+escapeToken(mt)+"/schema")
			b.topLevel = false
			if media.Schema == nil || media.Schema.Value == nil || acceptsNull(media.Schema.Value) {
				res.Nullable = true
			}
			chk = b.checkRef(media.Schema, ptr+"/content/"+escapeToken(mt)+"/schema")
			if !IsJSON(mt) {
				// A range (*/*) with an object or array schema: the only
				// encoding of such a value the SDK can read is JSON, so
				// it asks for and decodes JSON (a server answering
				// application/json satisfies the range).
				mt = "application/json"
			}
		case strings.HasPrefix(mt, "text/") && (media.Schema == nil || media.Schema.Value == nil || media.Schema.Value.Format != "binary"):
			kind = "text"
		default:
			kind = "binary"
		}
		switch {
		case res.Kind == "none":
			res.Kind, res.Type, res.ContentType, res.Check = kind, typ, mt, chk
			res.Doc = strings.TrimSpace(deref(r.Description))
		case res.Kind != kind:
			mixed = true
		}
		if typ != nil {
			i := slices.IndexFunc(variants, func(v *Variant) bool { return v.Type.String() == typ.String() })
			if i < 0 {
				i = len(variants)
				variants = append(variants, &Variant{Type: typ, Check: chk})
			}
			variants[i].Values = append(variants[i].Values, code)
		}
		res.Codes = append(res.Codes, n)
	}
	switch {
	case mixed:
		// JSON and non-JSON success bodies: the caller gets the stream and
		// Response.Header's Content-Type says which.
		res.Kind, res.Type = "binary", nil
		res.FirstMedia, res.ContentType = res.ContentType, "*/*"
		res.Doc = "the body of whichever success status was returned (JSON or not); Content-Type tells which"
	case len(variants) > 1:
		res.Type = b.responseUnion(o, variants)
	}
	if len(errs) > 0 {
		o.ErrorSet = b.errorSet(errs)
	}
}

// structuredRange reports a media range (*/*, application/*) whose schema
// is structured (an object, an array or a composition of schemas), which
// only JSON can carry: such a response is decoded as JSON rather than
// handed over as bytes. A string schema (binary or text) stays bytes.
func structuredRange(mt string, s *openapi3.SchemaRef) bool {
	base := strings.ToLower(strings.TrimSpace(strings.Split(mt, ";")[0]))
	if base != "*/*" && base != "application/*" {
		return false
	}
	if s == nil || s.Value == nil {
		return false
	}
	v := s.Value
	if v.Type != nil {
		return v.Type.Is("object") || v.Type.Is("array")
	}
	return len(v.Properties) > 0 || v.Items != nil || len(v.AllOf) > 0 || len(v.OneOf) > 0 || len(v.AnyOf) > 0
}

// responseUnion is the result type of an operation whose success statuses
// return different JSON bodies: a union with one variant per body.
func (b *builder) responseUnion(o *Operation, variants []*Variant) *TypeRef {
	goName := b.typeNames.Take(o.Name + "Result")
	used := names.NewUnique()
	var lines []string
	for _, v := range variants {
		v.Name = used.Take(variantName(v.Type))
		lines = append(lines, fmt.Sprintf("status %s: As%s", strings.Join(v.Values, ", "), v.Name))
		v.Values = nil
	}
	b.addType(&Type{Name: goName, Kind: Union, Pointer: o.Pointer + "/responses", Variants: variants, ByStatus: true,
		Doc: fmt.Sprintf("%s is the body %s returns; which variant depends on the status (Response.StatusCode): %s.", goName, o.Name, strings.Join(lines, "; "))})
	return &TypeRef{Kind: Named, Name: goName}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// errorSet interns a status→model mapping so operations share decoders.
func (b *builder) errorSet(entries []*ErrorResponse) string {
	var sig strings.Builder
	for _, e := range entries {
		sig.WriteString(e.Code + "=" + e.Type.String() + ";")
	}
	if s, ok := b.errSets[sig.String()]; ok {
		return s.Name
	}
	s := &ErrorSet{Name: fmt.Sprintf("errorSet%d", len(b.errSets)+1), Entries: entries}
	b.errSets[sig.String()] = s
	b.api.ErrorSets = append(b.api.ErrorSets, s)
	return s.Name
}

func (b *builder) finishErrorSets() {
	slices.SortFunc(b.api.ErrorSets, func(x, y *ErrorSet) int { return cmp.Compare(x.Name, y.Name) })
}

// responseHeader is a required response header with what its example
// value is derived from: its schema, or its application/json content's.
// A schema that would need a type of its own (an inline object or enum)
// is not modelled; its value is then its example or first enum value, or
// none.
func (b *builder) responseHeader(code, name string, h *openapi3.Header, ptr string) *ResponseHeader {
	rh := &ResponseHeader{Code: code, Name: name}
	schema, sptr := h.Schema, ptr+"/schema"
	if schema == nil {
		for _, mt := range sortedKeys(h.Content) {
			if IsJSON(mt) && h.Content[mt] != nil {
				schema, sptr, rh.JSON = h.Content[mt].Schema, ptr+"/content/"+escapeToken(mt)+"/schema", true
				break
			}
		}
	}
	if schema == nil || schema.Value == nil {
		if rh.JSON {
			rh.Type = &TypeRef{Kind: Builtin, Name: "any"}
		}
		return rh
	}
	s := schema.Value
	switch ex := firstExample(h.Example, s.Example); {
	case ex != nil:
		rh.Value = ex
		return rh
	case len(s.Enum) > 0:
		rh.Value = s.Enum[0]
		return rh
	}
	plain := func(s *openapi3.Schema) bool {
		return len(s.Properties) == 0 && len(s.Enum) == 0 && len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0 && s.Not == nil && s.AdditionalProperties.Schema == nil
	}
	items := s.Items == nil || s.Items.Value != nil && s.Items.Value.Items == nil && (s.Items.Ref != "" || plain(s.Items.Value))
	if schema.Ref == "" && !(plain(s) && items) {
		return rh
	}
	rh.Type = b.schemaType(schema, "", sptr)
	rh.Check = b.checkRef(schema, sptr)
	return rh
}
