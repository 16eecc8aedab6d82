package sdkruntime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	oapi "github.com/oapi-codegen/runtime"
)

// partEncoding is the Encoding Object of one property of a form or
// multipart body, as the generator resolved it from the spec (OpenAPI
// 3.1.2 §4.8.15): Style is form, spaceDelimited, pipeDelimited or
// deepObject when the spec gives a style, explode or allowReserved, and
// "" otherwise, when the value is sent by its content type (an object as
// JSON text, an array one item per key, a scalar as its text); Explode is
// the resolved explode; ContentType is the spec's contentType; Headers are
// the part headers a multipart part may carry.
type partEncoding struct {
	Style         string
	Explode       bool
	AllowReserved bool
	ContentType   string
	Headers       []string
}

// formEncoding holds the encodings the spec gives, by property name; a
// property it does not name is sent by its content type.
type formEncoding map[string]partEncoding

// property returns the encoding of the named property.
func (f formEncoding) property(name string) partEncoding {
	return f[name]
}

// formPairs accumulates the escaped key=value pairs of a form body or of a
// query parameter. Keys are built from segments: the first as it is, the
// others in brackets (a[b][0][c]); each segment is escaped, the brackets
// are not.
type formPairs []string

// escapeForm escapes a form or query value. allowReserved leaves RFC
// 3986's reserved characters as they are, except those reservedInForms
// lists (oapi-codegen/runtime leaves them all, so "1+1" arrives as "1 1"
// and "a&b" as two parameters: TestAllowReservedPlus).
func escapeForm(s string, allowReserved bool) string {
	e := oapi.DefaultQueryEncoder.EscapeQueryValue(s, allowReserved)
	if allowReserved {
		e = reservedInForms.Replace(e)
	}
	return e
}

// reservedInForms are the reserved characters a form or query still
// escapes under allowReserved (OpenAPI 3.1.2 §4.8.15.3.2): those with a
// meaning in application/x-www-form-urlencoded and those a query cannot
// hold.
var reservedInForms = strings.NewReplacer("&", "%26", "=", "%3D", "+", "%2B", "#", "%23", "[", "%5B", "]", "%5D")

func formKey(path []string) string {
	var b strings.Builder
	for i, seg := range path {
		if i == 0 {
			b.WriteString(escapeForm(seg, false))
			continue
		}
		b.WriteString("[" + escapeForm(seg, false) + "]")
	}
	return b.String()
}

// addRaw adds a pair whose value is already escaped.
func (p *formPairs) addRaw(path []string, escaped string) {
	*p = append(*p, formKey(path)+"="+escaped)
}

func (p *formPairs) add(path []string, value string, allowReserved bool) {
	p.addRaw(path, escapeForm(value, allowReserved))
}

// genericJSON encodes v as JSON and decodes it back as a generic value
// (map[string]any, []any, json.Number, string, bool or nil), so that
// every Go type, unions and nullable wrappers included, is encoded as the
// JSON body would carry it.
func genericJSON(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var g any
	if err := dec.Decode(&g); err != nil {
		return nil, err
	}
	return g, nil
}

// scalarText is the text of a JSON scalar: a string as it is, a number as
// its JSON text, true or false, and "" for null.
func scalarText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return false
	}
	return true
}

func sortedMembers(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// deep writes v in the deepObject convention: object members and array
// items (zero-based) become bracketed key segments at every depth; a
// scalar is the value of the key built so far; an empty object or array,
// and null, are an empty value.
func (p *formPairs) deep(path []string, v any, allowReserved bool) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			p.add(path, "", false)
			return
		}
		for _, k := range sortedMembers(x) {
			p.deep(append(path[:len(path):len(path)], k), x[k], allowReserved)
		}
	case []any:
		if len(x) == 0 {
			p.add(path, "", false)
			return
		}
		for i, e := range x {
			p.deep(append(path[:len(path):len(path)], strconv.Itoa(i)), e, allowReserved)
		}
	default:
		p.add(path, scalarText(v), allowReserved)
	}
}

// formDelimiter is what joins the items of a non-exploded array or object.
func formDelimiter(style string) string {
	switch style {
	case "spaceDelimited":
		return "%20"
	case "pipeDelimited":
		return "|"
	}
	return ","
}

// property writes one top-level property of a form body (or a query
// parameter) by its encoding:
//
//   - no style (see partEncoding): by content type, an object (or a JSON
//     contentType) as its JSON text, an array one pair per item (objects
//     as JSON text), a scalar as its text;
//   - deepObject: see deep;
//   - form, spaceDelimited, pipeDelimited: a scalar is name=value; an
//     array of scalars repeats name (explode) or joins its items with the
//     style's delimiter (",", "%20", "|"); an object of scalars sends its
//     members as keys of their own (explode) or joins name,value pairs;
//     an empty array or object is name=; a value holding nested objects or
//     arrays, which these styles cannot express, is written as deepObject.
func (p *formPairs) property(name string, v any, e partEncoding) {
	path := []string{name}
	if e.Style == "" {
		items := []any{v}
		if a, ok := v.([]any); ok && !isJSONMedia(e.ContentType) {
			items = a
			if len(a) == 0 {
				p.add(path, "", false)
			}
		}
		for _, item := range items {
			if isScalar(item) && !isJSONMedia(e.ContentType) {
				p.add(path, scalarText(item), false)
				continue
			}
			b, _ := json.Marshal(item)
			p.add(path, string(b), false)
		}
		return
	}
	if e.Style == "deepObject" {
		p.deep(path, v, e.AllowReserved)
		return
	}
	delim := formDelimiter(e.Style)
	switch x := v.(type) {
	case []any:
		for _, item := range x {
			if !isScalar(item) {
				p.deep(path, v, e.AllowReserved)
				return
			}
		}
		if len(x) == 0 {
			p.add(path, "", false)
			return
		}
		if e.Explode {
			for _, item := range x {
				p.add(path, scalarText(item), e.AllowReserved)
			}
			return
		}
		items := make([]string, len(x))
		for i, item := range x {
			items[i] = escapeForm(scalarText(item), e.AllowReserved)
		}
		p.addRaw(path, strings.Join(items, delim))
	case map[string]any:
		for _, m := range x {
			if !isScalar(m) {
				p.deep(path, v, e.AllowReserved)
				return
			}
		}
		if len(x) == 0 {
			p.add(path, "", false)
			return
		}
		keys := sortedMembers(x)
		if e.Explode {
			for _, k := range keys {
				p.add([]string{k}, scalarText(x[k]), e.AllowReserved)
			}
			return
		}
		items := make([]string, 0, 2*len(keys))
		for _, k := range keys {
			items = append(items, escapeForm(k, false), escapeForm(scalarText(x[k]), e.AllowReserved))
		}
		p.addRaw(path, strings.Join(items, delim))
	default:
		p.add(path, scalarText(v), e.AllowReserved)
	}
}

// isJSONMedia reports whether a media type carries JSON.
func isJSONMedia(mt string) bool {
	mt = strings.ToLower(strings.TrimSpace(strings.Split(mt, ";")[0]))
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// encodeForm encodes v (a struct or map, by its JSON names) as an
// application/x-www-form-urlencoded body: members in name order, each by
// its encoding (see formPairs.property). A nil value is an empty body.
func encodeForm(v any, enc formEncoding) ([]byte, error) {
	g, err := genericJSON(v)
	if err != nil {
		return nil, err
	}
	if g == nil {
		return []byte{}, nil
	}
	m, ok := g.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("a form body must be an object, not %T", g)
	}
	var p formPairs
	for _, k := range sortedMembers(m) {
		p.property(k, m[k], enc.property(k))
	}
	return []byte(strings.Join(p, "&")), nil
}
