package srvruntime

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"

	oapi "github.com/oapi-codegen/runtime"
)

// partEncoding is the Encoding Object of one property of a form or
// multipart body, as the generator resolved it (see the client runtime's
// partEncoding, which this decodes the output of).
type partEncoding struct {
	Style         string
	Explode       bool
	AllowReserved bool
	ContentType   string
	Headers       []string
}

// formEncoding holds the encodings the spec gives, by JSON name; a
// property it does not name is sent by its content type (Style "").
type formEncoding map[string]partEncoding

func (f formEncoding) property(name string) partEncoding {
	return f[name]
}

// formPair is one key=value of a form or query string: the key split into
// its bracketed segments (a[b][0] is a, b, 0), each unescaped, and the
// value still escaped (a delimited list splits before unescaping).
type formPair struct {
	path []string
	raw  string
}

func (p formPair) value() string {
	v, err := url.QueryUnescape(p.raw)
	if err != nil {
		return p.raw
	}
	return v
}

// parseFormPairs splits a form or query string into pairs. A key holding
// literal brackets is split on them before its segments are unescaped, so
// an escaped bracket (%5B) inside a segment stays part of it; a key whose
// brackets are all escaped (as url.Values.Encode writes them) is split
// after unescaping.
func parseFormPairs(s string) ([]formPair, error) {
	var out []formPair
	for _, kv := range strings.Split(s, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		if !strings.Contains(k, "[") {
			uk, err := url.QueryUnescape(k)
			if err != nil {
				return nil, fmt.Errorf("invalid key %q: %v", k, err)
			}
			k = uk
			if !strings.Contains(k, "[") {
				out = append(out, formPair{path: []string{k}, raw: v})
				continue
			}
		}
		path, err := splitFormKey(k)
		if err != nil {
			return nil, err
		}
		out = append(out, formPair{path: path, raw: v})
	}
	return out, nil
}

// splitFormKey splits a[b][c] into a, b, c, unescaping each segment.
func splitFormKey(k string) ([]string, error) {
	i := strings.IndexByte(k, '[')
	segs := []string{k[:i]}
	rest := k[i:]
	for rest != "" {
		if rest[0] != '[' {
			return nil, fmt.Errorf("invalid key %q: text after ]", k)
		}
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return nil, fmt.Errorf("invalid key %q: unclosed [", k)
		}
		segs = append(segs, rest[1:j])
		rest = rest[j+1:]
	}
	for i, s := range segs {
		u, err := url.QueryUnescape(s)
		if err != nil {
			return nil, fmt.Errorf("invalid key %q: %v", k, err)
		}
		segs[i] = u
	}
	return segs, nil
}

// formNode is the tree of the pairs sharing a key prefix: a leaf holds a
// value, an inner node its children by segment, in first-seen order.
type formNode struct {
	leaf     *formPair
	children map[string]*formNode
	order    []string
}

func (n *formNode) insert(path []string, p formPair) error {
	if len(path) == 0 {
		if n.children != nil {
			return fmt.Errorf("key %s is both a value and an object", strings.Join(p.path, "."))
		}
		n.leaf = &p
		return nil
	}
	if n.leaf != nil && n.leaf.raw != "" {
		return fmt.Errorf("key %s is both a value and an object", strings.Join(p.path, "."))
	}
	n.leaf = nil
	if n.children == nil {
		n.children = map[string]*formNode{}
	}
	c := n.children[path[0]]
	if c == nil {
		c = &formNode{}
		n.children[path[0]] = c
		n.order = append(n.order, path[0])
	}
	return c.insert(path[1:], p)
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func isSliceType(t reflect.Type) bool {
	return t.Kind() == reflect.Slice && t.Elem().Kind() != reflect.Uint8
}

// deepValue is the JSON value of node for type t, the inverse of the
// client's deepObject encoding: children of a struct are its fields by
// JSON name (unknown ones go to its additional properties, if it keeps
// them), of a map its entries, of a slice its items by zero-based index;
// an empty leaf is an empty array or object for those types and null for
// the others, strings excepted; other leaves are read as formValue does.
// Types decoding themselves (unions, nullable wrappers) take the tree's
// untyped JSON.
func deepValue(t reflect.Type, n *formNode) (any, error) {
	t = deref(t)
	if n.children == nil {
		v := ""
		if n.leaf != nil {
			v = n.leaf.value()
		}
		if v == "" {
			switch {
			case isUnionType(t):
				// An empty object, array or string, as the union takes.
				for _, empty := range []string{"{}", "[]", `""`} {
					if acceptsJSON(t, []byte(empty)) {
						return json.RawMessage(empty), nil
					}
				}
				return nil, nil
			case isSliceType(t):
				return []any{}, nil
			case t.Kind() == reflect.Map || isObjectType(t):
				return map[string]any{}, nil
			case t.Kind() == reflect.String:
				return "", nil
			}
			return nil, nil
		}
		if isSliceType(t) {
			item, err := formValue(t.Elem(), v)
			if err != nil {
				return nil, err
			}
			return []any{item}, nil
		}
		return formValue(t, v)
	}
	switch {
	case isSliceType(t):
		idx := make([]int, 0, len(n.order))
		byIdx := map[int]*formNode{}
		for _, k := range n.order {
			i, err := strconv.Atoi(k)
			if err != nil || i < 0 || i >= 1<<16 {
				return nil, fmt.Errorf("array index %q", k)
			}
			idx = append(idx, i)
			byIdx[i] = n.children[k]
		}
		sort.Ints(idx)
		out := make([]any, 0, len(idx))
		for _, i := range idx {
			v, err := deepValue(t.Elem(), byIdx[i])
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			out = append(out, v)
		}
		return out, nil
	case t.Kind() == reflect.Map:
		out := map[string]any{}
		for _, k := range n.order {
			v, err := deepValue(t.Elem(), n.children[k])
			if err != nil {
				return nil, fmt.Errorf("[%s]: %w", k, err)
			}
			out[k] = v
		}
		return out, nil
	case isObjectType(t):
		out := map[string]any{}
		claimed := map[string]bool{}
		for _, f := range jsonFields(t) {
			c := n.children[f.name]
			if c == nil {
				continue
			}
			claimed[f.name] = true
			v, err := deepValue(f.t, c)
			if err != nil {
				return nil, fmt.Errorf("[%s]: %w", f.name, err)
			}
			out[f.name] = v
		}
		if elem := extraElem(t); elem != nil {
			for _, k := range n.order {
				if claimed[k] {
					continue
				}
				v, err := deepValue(elem, n.children[k])
				if err != nil {
					return nil, fmt.Errorf("[%s]: %w", k, err)
				}
				out[k] = v
			}
		}
		return out, nil
	}
	return untypedValue(n), nil
}

// untypedValue is the JSON of a tree without a Go type to guide it: a node
// whose children are 0..n-1 is an array, other inner nodes objects; a leaf
// is the JSON number or boolean it spells, else a string.
func untypedValue(n *formNode) any {
	if n.children == nil {
		if n.leaf == nil {
			return nil
		}
		v := n.leaf.value()
		if v == "true" || v == "false" {
			return v == "true"
		}
		if _, err := strconv.ParseFloat(v, 64); err == nil && json.Valid([]byte(v)) {
			return json.Number(v)
		}
		return v
	}
	isArray := true
	for i := range n.order {
		if n.children[strconv.Itoa(i)] == nil {
			isArray = false
			break
		}
	}
	if isArray {
		out := make([]any, len(n.order))
		for i := range n.order {
			out[i] = untypedValue(n.children[strconv.Itoa(i)])
		}
		return out
	}
	out := map[string]any{}
	for _, k := range n.order {
		out[k] = untypedValue(n.children[k])
	}
	return out
}

// splitDelimited splits a non-exploded value on its style's delimiter
// and unescapes the items.
func splitDelimited(raw, style string) []string {
	var parts []string
	switch style {
	case "spaceDelimited":
		raw = strings.NewReplacer("%20", " ", "+", " ").Replace(raw)
		parts = strings.Split(raw, " ")
	case "pipeDelimited":
		parts = strings.Split(strings.ReplaceAll(raw, "%7C", "|"), "|")
	default:
		parts = strings.Split(raw, ",")
	}
	for i, p := range parts {
		if u, err := url.QueryUnescape(p); err == nil {
			parts[i] = u
		}
	}
	return parts
}

// formDecoder turns the pairs of a form body into the JSON object of the
// body's type, the inverse of the client's encodeForm.
type formDecoder struct {
	byName  map[string][]formPair
	names   []string // first-seen order
	claimed map[string]bool
	enc     formEncoding
	// multipart: a property without a style is read by its content
	// (objects as JSON parts, arrays as repeated parts).
	multipart bool
}

func newFormDecoder(pairs []formPair, enc formEncoding) *formDecoder {
	d := &formDecoder{byName: map[string][]formPair{}, claimed: map[string]bool{}, enc: enc}
	for _, p := range pairs {
		n := p.path[0]
		if _, ok := d.byName[n]; !ok {
			d.names = append(d.names, n)
		}
		d.byName[n] = append(d.byName[n], p)
	}
	return d
}

// property is the JSON value of the property name of type t, and whether
// the form holds it.
func (d *formDecoder) property(name string, t reflect.Type, e partEncoding) (any, bool, error) {
	t = deref(t)
	ps := d.byName[name]
	deep := false
	for _, p := range ps {
		if len(p.path) > 1 {
			deep = true
		}
	}
	if !deep && len(ps) == 0 {
		if (isObjectType(t) || t.Kind() == reflect.Map) && e.Explode && e.Style != "" && e.Style != "deepObject" {
			return d.explodedObject(t)
		}
		if isUnionType(t) && e.Explode && e.Style != "" && e.Style != "deepObject" {
			return d.explodedUnion(t)
		}
		return nil, false, nil
	}
	d.claimed[name] = true
	if e.Style == "" && !deep && !isSliceType(t) {
		// By content type: JSON text for objects, unions and a JSON
		// contentType, the text for scalars ("" is null).
		v := ps[len(ps)-1].value()
		if v == "" && t.Kind() != reflect.String && t.Kind() != reflect.Interface {
			return nil, true, nil
		}
		if isJSONMedia(e.ContentType) && !json.Valid([]byte(v)) {
			return nil, false, fmt.Errorf("not JSON: %q", v)
		}
		rv, err := formValue(t, v)
		return rv, err == nil, err
	}
	if deep || e.Style == "deepObject" {
		root := &formNode{}
		for _, p := range ps {
			if err := root.insert(p.path[1:], p); err != nil {
				return nil, false, err
			}
		}
		v, err := deepValue(t, root)
		return v, err == nil, err
	}
	switch {
	case isSliceType(t):
		var items []string
		if e.Explode || e.Style == "" {
			for _, p := range ps {
				items = append(items, p.value())
			}
		} else {
			items = splitDelimited(ps[len(ps)-1].raw, e.Style)
		}
		if len(items) == 1 && items[0] == "" {
			return []any{}, true, nil
		}
		out := make([]any, 0, len(items))
		for _, s := range items {
			v, err := formValue(t.Elem(), s)
			if err != nil {
				return nil, false, err
			}
			out = append(out, v)
		}
		return out, true, nil
	case isObjectType(t) || t.Kind() == reflect.Map:
		raw := ps[len(ps)-1].raw
		if raw == "" {
			return map[string]any{}, true, nil
		}
		items := splitDelimited(raw, e.Style)
		if len(items)%2 != 0 {
			return nil, false, fmt.Errorf("an odd number of items in %q", raw)
		}
		root := &formNode{}
		for i := 0; i < len(items); i += 2 {
			if err := root.insert([]string{items[i]}, formPair{path: []string{name, items[i]}, raw: url.QueryEscape(items[i+1])}); err != nil {
				return nil, false, err
			}
		}
		v, err := deepValue(t, root)
		return v, err == nil, err
	}
	v := ps[len(ps)-1].value()
	if v == "" && isUnionType(t) {
		// An empty object, array or string, as the union takes (see
		// deepValue).
		ev, err := deepValue(t, &formNode{})
		return ev, err == nil, err
	}
	if v == "" && t.Kind() != reflect.String && t.Kind() != reflect.Interface {
		return nil, true, nil
	}
	if t.Kind() == reflect.Interface && len(ps) > 1 {
		out := make([]any, len(ps))
		for i, p := range ps {
			out[i] = p.value()
		}
		return out, true, nil
	}
	rv, err := formValue(t, v)
	if err != nil && isUnionType(t) && len(unionObjectFields(t)) > 0 {
		// Not a scalar variant: an object variant, name,value pairs
		// joined by the style's delimiter.
		if obj, oerr := d.delimitedObject(name, ps[len(ps)-1].raw, e.Style); oerr == nil {
			if b, merr := json.Marshal(obj); merr == nil && acceptsJSON(t, b) {
				return obj, true, nil
			}
		}
	}
	return rv, err == nil, err
}

// delimitedObject reads a non-exploded object, name,value pairs joined by
// style's delimiter, into the untyped JSON object of its members (values
// as strings).
func (d *formDecoder) delimitedObject(name, raw, style string) (map[string]any, error) {
	items := splitDelimited(raw, style)
	if len(items)%2 != 0 {
		return nil, fmt.Errorf("an odd number of items in %q", raw)
	}
	out := map[string]any{}
	for i := 0; i < len(items); i += 2 {
		out[items[i]] = items[i+1]
	}
	return out, nil
}

// explodedUnion reads a union sent in style form, exploded, holding an
// object variant: the client styles the variant it holds, so its members
// are keys of their own. The keys read are the members its object
// variants declare (unionObjectFields); a member no variant declares
// (additionalProperties) cannot be told from another parameter and is
// not read.
func (d *formDecoder) explodedUnion(t reflect.Type) (any, bool, error) {
	out := map[string]any{}
	for _, f := range unionObjectFields(t) {
		v, ok, err := d.property(f.name, f.t, partEncoding{Style: "form", Explode: true})
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", f.name, err)
		}
		if ok {
			out[f.name] = v
		}
	}
	return out, len(out) > 0, nil
}

// unionObjectFields are the members declared by the object variants of
// union type t (the arguments of its From<Variant> methods, in method
// order), by JSON name, each from the first variant declaring it.
func unionObjectFields(t reflect.Type) []jsonField {
	p := reflect.PointerTo(deref(t))
	var out []jsonField
	seen := map[string]bool{}
	for i := 0; i < p.NumMethod(); i++ {
		m := p.Method(i)
		if !strings.HasPrefix(m.Name, "From") || m.Type.NumIn() != 2 || m.Type.NumOut() != 1 {
			continue
		}
		vt := deref(m.Type.In(1))
		if !isObjectType(vt) {
			continue
		}
		for _, f := range jsonFields(vt) {
			if !seen[f.name] {
				seen[f.name] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// explodedObject reads an object sent in style form, exploded: its
// members are keys of their own (a struct's fields by JSON name; a map
// takes the keys no field claimed, so it is read last).
func (d *formDecoder) explodedObject(t reflect.Type) (any, bool, error) {
	if t.Kind() == reflect.Map {
		return nil, false, nil // see rest
	}
	out := map[string]any{}
	for _, f := range jsonFields(t) {
		v, ok, err := d.property(f.name, f.t, partEncoding{Style: "form", Explode: true})
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", f.name, err)
		}
		if ok {
			out[f.name] = v
		}
	}
	return out, len(out) > 0, nil
}

// object is the JSON object of a body of type t.
func (d *formDecoder) object(t reflect.Type) (map[string]any, error) {
	t = deref(t)
	obj := map[string]any{}
	var rest reflect.Type // the type of the members no field claims
	switch {
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		rest = t.Elem()
	case t.Kind() == reflect.Struct:
		var mapFields []jsonField
		for _, f := range jsonFields(t) {
			ft := deref(f.t)
			if pe := d.enc.property(f.name); ft.Kind() == reflect.Map && pe.Explode && pe.Style != "" && pe.Style != "deepObject" && len(d.byName[f.name]) == 0 {
				mapFields = append(mapFields, f)
				continue
			}
			v, ok, err := d.property(f.name, f.t, d.enc.property(f.name))
			if err != nil {
				return nil, fmt.Errorf("field %q: %w", f.name, err)
			}
			if ok {
				obj[f.name] = v
			}
		}
		rest = extraElem(t)
		if rest == nil && len(mapFields) > 0 {
			// An exploded map member: the keys no other field claimed.
			sub, err := d.rest(deref(mapFields[0].t).Elem())
			if err != nil {
				return nil, fmt.Errorf("field %q: %w", mapFields[0].name, err)
			}
			if len(sub) > 0 {
				obj[mapFields[0].name] = sub
			}
			return obj, nil
		}
	default:
		return nil, fmt.Errorf("a form body decodes into a struct, not %s", t)
	}
	if rest != nil {
		sub, err := d.rest(rest)
		if err != nil {
			return nil, err
		}
		for k, v := range sub {
			obj[k] = v
		}
	}
	return obj, nil
}

// rest reads the properties no field claimed as values of type elem.
func (d *formDecoder) rest(elem reflect.Type) (map[string]any, error) {
	out := map[string]any{}
	for _, name := range d.names {
		if d.claimed[name] {
			continue
		}
		v, ok, err := d.property(name, elem, d.enc.property(name))
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", name, err)
		}
		if ok {
			out[name] = v
		}
	}
	return out, nil
}

// isJSONMedia reports whether a media type carries JSON.
func isJSONMedia(mt string) bool {
	mt = strings.ToLower(strings.TrimSpace(strings.Split(mt, ";")[0]))
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// decodeForm is the JSON object of a form body s for type t.
func decodeForm(s string, t reflect.Type, enc formEncoding) (map[string]any, error) {
	pairs, err := parseFormPairs(s)
	if err != nil {
		return nil, err
	}
	return newFormDecoder(pairs, enc).object(t)
}

// queryValue is the JSON of the query parameter name for type t, styled
// as the client styles it (see formDecoder.property), and whether the
// query holds it.
func queryValue(rawQuery, name string, t reflect.Type, style string, explode bool) (json.RawMessage, bool, error) {
	pairs, err := parseFormPairs(rawQuery)
	if err != nil {
		return nil, false, err
	}
	d := newFormDecoder(pairs, nil)
	if style == "deepObject" {
		explode = true
	}
	v, ok, err := d.property(name, t, partEncoding{Style: style, Explode: explode})
	if err != nil || !ok {
		return nil, ok, err
	}
	b, err := json.Marshal(v)
	return b, true, err
}

// bindStyled binds a path, header or cookie parameter: objects and unions
// by their members' types (oapi-codegen/runtime binds an object's members
// as strings, so Point{x int} fails: TestObjectParamDiffersFromOapi),
// anything else with oapi-codegen/runtime.
func bindStyled[T any](style, name, raw string, dst *T, opts oapi.BindStyledParameterOptions) error {
	t := deref(reflect.TypeFor[T]())
	path := opts.ParamLocation == oapi.ParamLocationPath
	if oapiBinds(t) && t.Kind() != reflect.Map && !path {
		return oapi.BindStyledParameterWithOptions(style, name, raw, dst, opts)
	}
	unescape := func(s string) string { return s }
	if path {
		unescape = func(s string) string {
			if u, err := url.PathUnescape(s); err == nil {
				return u
			}
			return s
		}
	}
	var v any
	if isSliceType(t) {
		// Split before unescaping: an item's escaped "," (%2C) is not a
		// delimiter, which oapi-codegen/runtime, unescaping first, takes
		// it for.
		items := styledArray(style, name, raw, opts.Explode)
		out := make([]any, 0, len(items))
		for _, it := range items {
			rv, err := formValue(t.Elem(), unescape(it))
			if err != nil {
				return err
			}
			out = append(out, rv)
		}
		v = out
	} else if (path || t.Kind() == reflect.Interface) && !isObjectType(t) && t.Kind() != reflect.Map {
		// A scalar (or a union's scalar variant): unescaped after its
		// prefix is taken off, so an escaped "," or "." stays in the value.
		switch style {
		case "label":
			raw = strings.TrimPrefix(raw, ".")
		case "matrix":
			raw = strings.TrimPrefix(strings.TrimPrefix(raw, ";"), name+"=")
		}
		rv, err := formValue(t, unescape(raw))
		if err != nil {
			return err
		}
		v = rv
	} else if isUnionType(t) {
		// A union's scalar variant: its text.
		rv, err := formValue(t, unescape(strings.TrimLeft(raw, ".;")))
		if err != nil {
			return err
		}
		v = rv
	} else {
		node, err := styledObject(style, name, raw, opts.Explode, unescape)
		if err != nil {
			return err
		}
		if v, err = deepValue(t, node); err != nil {
			return err
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, dst)
}

// styledArray splits an array in style simple ("a,b"), label (".a.b",
// ".a,b") or matrix (";p=a;p=b", ";p=a,b") into its escaped items.
func styledArray(style, name, raw string, explode bool) []string {
	switch style {
	case "label":
		raw = strings.TrimPrefix(raw, ".")
		if explode {
			return strings.Split(raw, ".")
		}
	case "matrix":
		raw = strings.TrimPrefix(raw, ";")
		if explode {
			parts := strings.Split(raw, ";")
			for i, p := range parts {
				parts[i] = strings.TrimPrefix(p, name+"=")
			}
			return parts
		}
		raw = strings.TrimPrefix(raw, name+"=")
	}
	return strings.Split(raw, ",")
}

// styledObject reads an object in style simple, label or matrix: exploded,
// k=v pairs separated by ",", "." or ";"; otherwise k,v,k,v (after
// ";name=" in matrix).
func styledObject(style, name, raw string, explode bool, unescape func(string) string) (*formNode, error) {
	sep := ","
	switch style {
	case "label":
		raw = strings.TrimPrefix(raw, ".")
		if explode {
			sep = "."
		}
	case "matrix":
		raw = strings.TrimPrefix(raw, ";")
		if explode {
			sep = ";"
		} else {
			raw = strings.TrimPrefix(raw, name+"=")
		}
	}
	root := &formNode{}
	set := func(k, v string) error {
		k = unescape(k)
		return root.insert([]string{k}, formPair{path: []string{name, k}, raw: url.QueryEscape(unescape(v))})
	}
	parts := strings.Split(raw, sep)
	if explode {
		for _, p := range parts {
			k, v, ok := strings.Cut(p, "=")
			if !ok {
				return nil, fmt.Errorf("member %q without a value", p)
			}
			if err := set(k, v); err != nil {
				return nil, err
			}
		}
		return root, nil
	}
	if len(parts)%2 != 0 {
		return nil, fmt.Errorf("an odd number of items in %q", raw)
	}
	for i := 0; i < len(parts); i += 2 {
		if err := set(parts[i], parts[i+1]); err != nil {
			return nil, err
		}
	}
	return root, nil
}
