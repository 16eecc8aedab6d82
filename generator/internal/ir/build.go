package ir

import (
	"cmp"
	"fmt"
	"math"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/load"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

// Options steer the model.
type Options struct {
	Package    string   // Go package name
	ImportPath string   // import path of the generated package (for examples)
	Reserved   []string // exported names the runtime already uses
	// SkipUnsupported leaves out operations and fields the generator cannot
	// express, with a warning, instead of failing.
	SkipUnsupported bool
	// NullablePointers makes optional nullable fields plain pointers (nil
	// for both absent and null) instead of Nullable[T], for SDKs whose API
	// predates Nullable.
	NullablePointers bool
}

type builder struct {
	doc   *load.Document
	t     *openapi3.T
	opts  Options
	api   *API
	diags diag.List

	typeNames *names.Unique
	byRef     map[string]*TypeRef // "#/components/schemas/X" → named ref
	inline    map[*openapi3.Schema]*TypeRef
	pending   []func() // component bodies to fill after all names are claimed
	errSets   map[string]*ErrorSet
	problems  int // unsupported constructs met so far
	// binaryReaders makes format: binary strings io.Reader (multipart parts).
	binaryReaders bool
	rootURL       string // the root document as the loader names it in $ref paths
}

// Build turns a loaded document into the model. Diagnostics are sorted;
// when they hold errors the API must not be used.
func Build(doc *load.Document, opts Options) (*API, diag.List) {
	b := &builder{
		doc:       doc,
		t:         doc.T,
		opts:      opts,
		typeNames: names.NewUnique(opts.Reserved...),
		byRef:     map[string]*TypeRef{},
		inline:    map[*openapi3.Schema]*TypeRef{},
		errSets:   map[string]*ErrorSet{},
	}
	b.rootURL = doc.URL().String()
	b.api = &API{
		Package:    opts.Package,
		ImportPath: opts.ImportPath,
		SpecFile:   doc.File,
	}
	if info := b.t.Info; info != nil {
		b.api.Title = info.Title
		b.api.Version = info.Version
		b.api.Description = strings.TrimSpace(info.Description)
	}
	if len(b.t.Webhooks) > 0 {
		b.diags.Warnf(diag.Pos{}, "/webhooks", "webhooks are requests the API sends, not calls a client makes: %s not generated", strings.Join(sortedKeys(b.t.Webhooks), ", "))
	}
	b.servers()
	b.auth()
	b.components()
	b.operations()
	b.typeByName("") // build the bodies of schemas first met in operations
	sort.Slice(b.api.Types, func(i, j int) bool { return b.api.Types[i].Name < b.api.Types[j].Name })
	for i := range b.diags {
		if b.diags[i].Pos.Line == 0 {
			b.diags[i].Pos = doc.Locate(b.diags[i].Pointer)
		}
	}
	b.diags.Sort()
	return b.api, b.diags
}

func (b *builder) servers() {
	used := names.NewUnique()
	for i, s := range b.t.Servers {
		word := ""
		if f := strings.Fields(s.Description); len(f) > 0 {
			word = names.Pascal(f[0])
		}
		if word == "" {
			word = strconv.Itoa(i + 1)
		}
		u := s.URL
		srv := &Server{Const: used.Take("Server" + word), Description: strings.TrimSpace(s.Description)}
		args := names.NewUnique()
		for _, name := range PathVars(s.URL) {
			v := s.Variables[name]
			if v == nil || slices.ContainsFunc(srv.Vars, func(x *ServerVar) bool { return x.Name == name }) {
				continue
			}
			u = strings.ReplaceAll(u, "{"+name+"}", v.Default)
			srv.Vars = append(srv.Vars, &ServerVar{Name: name, ArgName: args.Take(names.Camel(name)), Default: v.Default, Enum: v.Enum, Doc: strings.TrimSpace(v.Description)})
		}
		srv.URL = strings.TrimSuffix(u, "/")
		if len(srv.Vars) > 0 {
			srv.Template = strings.TrimSuffix(s.URL, "/")
			srv.Func = b.typeNames.Take(srv.Const + "URL")
		}
		b.api.Servers = append(b.api.Servers, srv)
	}
}

// auth decides which credentials NewClient takes: the schemes of the
// top-level security requirement when there is exactly one (with
// alternatives none is required). Every other scheme gets a With<Scheme>
// option.
func (b *builder) auth() {
	if b.t.Components == nil {
		return
	}
	required := map[string]bool{}
	if len(b.t.Security) == 1 {
		for s := range b.t.Security[0] {
			required[s] = true
		}
	}
	argNames := names.NewUnique("opts")
	schemes := b.t.Components.SecuritySchemes
	for _, scheme := range sortedKeys(schemes) {
		ref := schemes[scheme]
		if ref == nil || ref.Value == nil {
			continue
		}
		s := ref.Value
		arg := &AuthArg{Scheme: scheme, Doc: strings.TrimSpace(s.Description)}
		switch {
		case s.Type == "apiKey":
			arg.Kind, arg.In, arg.Name = "apiKey", s.In, s.Name
		case s.Type == "http" && strings.EqualFold(s.Scheme, "bearer"):
			arg.Kind, arg.In, arg.Name = "bearer", "header", "Authorization"
		case s.Type == "http" && strings.EqualFold(s.Scheme, "basic"):
			arg.Kind, arg.In, arg.Name = "basic", "header", "Authorization"
		case s.Type == "oauth2" || s.Type == "openIdConnect":
			arg.Kind, arg.In, arg.Name = "oauth2", "header", "Authorization"
		default:
			b.diags.Warnf(b.doc.Pos(s.Origin), diag.Pointer("components", "securitySchemes", scheme),
				"security scheme %q (type %q) is not supported: supply it with WithHTTPClient and a RoundTripper", scheme, s.Type+" "+s.Scheme)
			continue
		}
		if arg.Doc == "" {
			arg.Doc = fmt.Sprintf("sent as the %s %s %q", arg.Kind, arg.In, arg.Name)
		}
		if !required[scheme] {
			arg.Option = b.typeNames.Take("With" + names.Exported(scheme, "Auth"))
			b.api.AuthOptions = append(b.api.AuthOptions, arg)
		} else {
			a := *arg
			switch a.Kind {
			case "basic":
				a.ArgName, a.ArgName2 = argNames.Take("username"), argNames.Take("password")
			default:
				a.ArgName = argNames.Take(names.Camel(scheme))
			}
			b.api.Auth = append(b.api.Auth, &a)
		}
	}
}

// components claims a Go name for every component schema first (so that
// spec names win over generated inline names), then builds their bodies.
func (b *builder) components() {
	if b.t.Components == nil {
		return
	}
	for _, name := range sortedKeys(b.t.Components.Schemas) {
		ref := "#/components/schemas/" + name
		b.declare(ref, name, b.t.Components.Schemas[name], diag.Pointer("components", "schemas", name))
	}
	for len(b.pending) > 0 {
		p := b.pending[0]
		b.pending = b.pending[1:]
		p()
	}
}

// declare reserves a named type for a component (or external) schema and
// queues its body.
func (b *builder) declare(key, specName string, sref *openapi3.SchemaRef, pointer string) *TypeRef {
	if tr, ok := b.byRef[key]; ok {
		return tr
	}
	s := sref.Value
	goName := b.typeNames.Take(names.Exported(specName, "Schema"))
	tr := &TypeRef{Kind: Named, Name: goName}
	b.byRef[key] = tr
	if s == nil {
		b.errorf(b.doc.Pos(sref.Origin), pointer, "unresolved schema %q", key)
		return tr
	}
	// Components that are plain primitives or arrays become aliases so
	// they keep the behaviour (and methods) of the type they name.
	b.pending = append(b.pending, func() {
		if alias := b.aliasTarget(s, goName, pointer); alias != nil {
			b.addType(&Type{Name: goName, Kind: Alias, Doc: docFor(goName, docOr(s.Description, goName+" is the "+specName+" schema.")), Pointer: pointer, Base: alias, Example: s.Example})
			return
		}
		b.buildNamed(goName, specName, s, pointer)
	})
	return tr
}

// refKey names the schema a $ref points at the same way whichever file
// the $ref is written in: "#/components/schemas/X" for the root
// document's components, else the resolved file URL and fragment.
func (b *builder) refKey(ref *openapi3.SchemaRef) string {
	u := ref.RefPath()
	if u == nil {
		return ref.Ref
	}
	// The file comes from the resolved path; the fragment as written
	// (kin-openapi escapes it again on recursive references).
	file := *u
	file.Fragment, file.RawFragment = "", ""
	frag := ""
	if i := strings.IndexByte(ref.Ref, '#'); i >= 0 {
		frag = ref.Ref[i:]
	}
	if file.String() == b.rootURL {
		return frag
	}
	return file.String() + frag
}

// aliasTarget returns the Go type a non-struct, non-enum schema stands for.
func (b *builder) aliasTarget(s *openapi3.Schema, name, pointer string) *TypeRef {
	if nonNullVariant(s) != nil {
		return b.schemaType(&openapi3.SchemaRef{Value: s}, name, pointer) // a nullable X is X
	}
	if len(s.Enum) > 0 || isObjectLike(s) || len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 {
		return nil
	}
	return b.schemaType(&openapi3.SchemaRef{Value: s}, name, pointer)
}

func isObjectLike(s *openapi3.Schema) bool {
	return s.Type.Is("object") || len(s.Properties) > 0 || (s.Type.IsEmpty() && s.AdditionalProperties.Schema != nil)
}

func (b *builder) addType(t *Type) { b.api.Types = append(b.api.Types, t) }

// buildNamed fills the body of a named type: struct, enum or map.
func (b *builder) buildNamed(goName, specName string, s *openapi3.Schema, pointer string) {
	doc := docFor(goName, docOr(s.Description, goName+" is the "+specName+" schema."))
	pos := b.doc.Pos(s.Origin)
	switch {
	case len(s.Enum) > 0:
		b.enumType(goName, doc, pointer, pos, s)
	case len(s.OneOf) > 0 || len(s.AnyOf) > 0:
		b.unionType(goName, doc, pointer, s)
	default:
		props, required := b.flatten(s, pointer)
		if len(props) == 0 && s.AdditionalProperties.Schema != nil {
			elem := b.schemaType(s.AdditionalProperties.Schema, goName+"Value", pointer+"/additionalProperties")
			b.addType(&Type{Name: goName, Kind: Alias, Doc: doc, Pointer: pointer, Base: &TypeRef{Kind: Map, Elem: elem}})
			return
		}
		t := &Type{Name: goName, Kind: Struct, Doc: doc, Pointer: pointer, Example: s.Example}
		b.addType(t)
		t.Fields = b.fields(goName, pointer, props, required)
		if len(props) > 0 {
			var extra *TypeRef
			switch ap := s.AdditionalProperties; {
			case ap.Schema != nil:
				extra = b.schemaType(ap.Schema, goName+"Value", pointer+"/additionalProperties")
			case ap.Has != nil && *ap.Has:
				extra = &TypeRef{Kind: Builtin, Name: "any"}
			case slices.ContainsFunc(props, func(p prop) bool { return !validTagName(p.name) }):
				extra = &TypeRef{Kind: Builtin, Name: "any"} // members no field can name
			}
			if extra != nil {
				taken := names.NewUnique()
				for _, f := range t.Fields {
					taken.Take(f.Name)
				}
				t.Extra, t.ExtraField = extra, taken.Take("AdditionalProperties")
			}
		}
	}
}

// unionType builds a oneOf/anyOf as a union: the raw JSON is kept and each
// variant gets typed accessors. A "null" alternative makes no variant.
func (b *builder) unionType(goName, doc, pointer string, s *openapi3.Schema) {
	list, kw := s.OneOf, "oneOf"
	if len(list) == 0 {
		list, kw = s.AnyOf, "anyOf"
	}
	t := &Type{Name: goName, Kind: Union, Doc: doc, Pointer: pointer, AnyOf: kw == "anyOf", Example: s.Example}
	b.addType(t)
	used := names.NewUnique()
	refs := map[string]*Variant{}
	for i, v := range list {
		if v == nil || v.Value == nil || isNullOnly(v.Value) {
			continue
		}
		ctx := goName + strconv.Itoa(i+1)
		if title := names.Pascal(v.Value.Title); title != "" {
			ctx = goName + title
		}
		tr := b.schemaType(v, ctx, fmt.Sprintf("%s/%s/%d", pointer, kw, i))
		vr := &Variant{Name: used.Take(variantName(tr)), Type: tr}
		t.Variants = append(t.Variants, vr)
		if v.Ref != "" {
			refs[v.Ref] = vr
		}
	}
	if d := s.Discriminator; d != nil && d.PropertyName != "" {
		t.Discriminator = d.PropertyName
		mapped := map[*Variant]bool{}
		for _, value := range sortedKeys(d.Mapping) {
			ref := d.Mapping[value].Ref
			if !strings.Contains(ref, "/") && !strings.Contains(ref, "#") {
				ref = "#/components/schemas/" + ref
			}
			if vr := refs[ref]; vr != nil {
				vr.Values = append(vr.Values, value)
				mapped[vr] = true
			}
		}
		for ref, vr := range refs {
			if !mapped[vr] {
				vr.Values = append(vr.Values, ref[strings.LastIndexAny(ref, "/#")+1:])
			}
		}
	}
}

// isNullOnly reports a schema allowing only null (type: "null").
func isNullOnly(s *openapi3.Schema) bool {
	return s.Type != nil && s.Type.Is("null")
}

// variantName names a union variant's accessors after its Go type.
func variantName(t *TypeRef) string {
	switch t.Kind {
	case Named:
		return t.Name
	case Slice:
		return variantName(t.Elem) + "List"
	case Map:
		return variantName(t.Elem) + "Map"
	}
	switch t.Name {
	case "[]byte":
		return "Bytes"
	case "any":
		return "Any"
	}
	return names.Exported(t.Name, "Value")
}

// nonNullVariant returns the only non-null alternative of a oneOf/anyOf
// like [{$ref: X}, {type: "null"}], the 3.1 spelling of a nullable X.
func nonNullVariant(s *openapi3.Schema) *openapi3.SchemaRef {
	if len(s.Properties) > 0 || len(s.AllOf) > 0 || (len(s.OneOf) > 0 && len(s.AnyOf) > 0) {
		return nil
	}
	var only *openapi3.SchemaRef
	n := 0
	for _, v := range append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...) {
		if v == nil || v.Value == nil {
			return nil
		}
		if isNullOnly(v.Value) {
			continue
		}
		only = v
		n++
	}
	if n != 1 || len(s.OneOf)+len(s.AnyOf) < 2 {
		return nil
	}
	return only
}

type prop struct {
	name string
	ref  *openapi3.SchemaRef
	ptr  string
}

// flatten merges allOf parts into one property list and required set.
func (b *builder) flatten(s *openapi3.Schema, pointer string) ([]prop, map[string]bool) {
	required := map[string]bool{}
	var props []prop
	seen := map[string]int{}
	var walk func(s *openapi3.Schema, pointer string, depth int)
	walk = func(s *openapi3.Schema, pointer string, depth int) {
		if s == nil || depth > 32 {
			return
		}
		for i, part := range s.AllOf {
			walk(part.Value, fmt.Sprintf("%s/allOf/%d", pointer, i), depth+1)
		}
		for _, r := range s.Required {
			required[r] = true
		}
		for _, name := range sortedKeys(s.Properties) {
			p := prop{name: name, ref: s.Properties[name], ptr: pointer + "/properties/" + escapeToken(name)}
			if i, ok := seen[name]; ok {
				props[i] = p
				continue
			}
			seen[name] = len(props)
			props = append(props, p)
		}
	}
	walk(s, pointer, 0)
	// Properties are in name order (kin-openapi keeps them in a map): the
	// same for YAML and JSON documents, and stable under reformatting.
	return props, required
}

func escapeToken(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

func (b *builder) fields(owner, pointer string, props []prop, required map[string]bool) []*Field {
	used := names.NewUnique()
	var out []*Field
	for _, p := range props {
		s := p.ref.Value
		if s == nil {
			continue
		}
		if !validTagName(p.name) {
			// Kept with the undeclared members (see buildNamed).
			b.diags.Warnf(diag.Pos{}, p.ptr, "property name %q cannot be a struct field (encoding/json cannot tag it); its value is kept in the additional properties", p.name)
			continue
		}
		goName := used.Take(names.Exported(p.name, "Field"))
		before := b.problems
		ft := b.schemaType(p.ref, owner+goName, p.ptr)
		if b.problems > before && b.opts.SkipUnsupported {
			continue // left out; goName stays taken
		}
		f := &Field{
			Name:       goName,
			JSONName:   p.name,
			Type:       ft,
			Required:   required[p.name],
			Nullable:   isNullable(s),
			ReadOnly:   s.ReadOnly,
			WriteOnly:  s.WriteOnly,
			Deprecated: s.Deprecated,
			Example:    s.Example,
		}
		switch {
		case f.Nullable && !f.Required && !b.opts.NullablePointers && !(ft.Kind == Builtin && ft.IsNilable()):
			// Optional and nullable: absent, null and a value all differ.
			f.Wrapped = true
			f.Omit = "omitzero"
		case ft.IsNilable():
			if !f.Required {
				f.Omit = "omitempty"
				if ft.Kind == Slice || ft.Kind == Map || ft.Name == "[]byte" {
					f.Omit = "omitzero" // nil is absent, an empty list is sent
				}
			}
		default:
			f.Pointer = !f.Required || f.Nullable
			if !f.Required {
				f.Omit = "omitempty"
			}
		}
		f.Doc = fieldDoc(f, s)
		out = append(out, f)
	}
	return out
}

func fieldDoc(f *Field, s *openapi3.Schema) string {
	d := docFor(f.Name, docOr(s.Description, fmt.Sprintf("%s is the %q field.", f.Name, f.JSONName)))
	var notes []string
	if f.Required {
		notes = append(notes, "required")
	}
	if f.Nullable {
		notes = append(notes, "may be null")
	}
	if f.ReadOnly {
		notes = append(notes, "read-only: sent by the server, ignored in requests")
	}
	if f.WriteOnly {
		notes = append(notes, "write-only: never returned by the server")
	}
	switch s.Format {
	case "", "date", "date-time", "byte", "binary", "int32", "int64", "float", "double":
		// expressed by the Go type
	default:
		notes = append(notes, "format "+s.Format)
	}
	if s.Default != nil {
		notes = append(notes, "default "+Literal(s.Default))
	}
	if f.Deprecated {
		d += "\n\nDeprecated: this field is deprecated in the API."
	}
	if len(notes) > 0 {
		d += " (" + strings.Join(notes, "; ") + ")"
	}
	return d
}

// Literal renders an enum or default value as Go source: strings quoted,
// numbers in their shortest form.
func Literal(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

func isNullable(s *openapi3.Schema) bool {
	if s.Nullable || (s.Type != nil && s.Type.Includes("null")) {
		return true
	}
	if nonNullVariant(s) != nil {
		return true
	}
	for _, v := range s.Enum {
		if v == nil {
			return true
		}
	}
	return false
}

// schemaType returns the Go type of a schema use; inline structs and enums
// become named types called ctxName.
func (b *builder) schemaType(ref *openapi3.SchemaRef, ctxName, pointer string) *TypeRef {
	if ref == nil || ref.Value == nil {
		return &TypeRef{Kind: Builtin, Name: "any"}
	}
	if ref.Ref != "" {
		key := b.refKey(ref)
		if strings.HasPrefix(key, "#/components/schemas/") {
			if tr, ok := b.byRef[key]; ok {
				return tr
			}
		}
		name := key[strings.LastIndexAny(key, "/#")+1:]
		return b.declare(key, strings.TrimSuffix(name, ".yaml"), ref, pointer)
	}
	s := ref.Value
	if tr, ok := b.inline[s]; ok {
		return tr
	}
	if len(s.AllOf) == 1 && len(s.Properties) == 0 && s.Type.IsEmpty() {
		return b.schemaType(s.AllOf[0], ctxName, pointer+"/allOf/0")
	}
	if v := nonNullVariant(s); v != nil {
		kw, i := "oneOf", slices.Index(s.OneOf, v)
		if i < 0 {
			kw, i = "anyOf", slices.Index(s.AnyOf, v)
		}
		return b.schemaType(v, ctxName, fmt.Sprintf("%s/%s/%d", pointer, kw, i))
	}
	named := func() *TypeRef {
		goName := b.typeNames.Take(names.Exported(ctxName, "Inline"))
		tr := &TypeRef{Kind: Named, Name: goName}
		b.inline[s] = tr
		b.buildNamed(goName, ctxName, s, pointer)
		return tr
	}
	if len(s.Enum) > 0 || len(s.AllOf) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		return named()
	}
	typ := primaryType(s)
	switch typ {
	case "object", "":
		if len(s.Properties) > 0 {
			return named()
		}
		if ap := s.AdditionalProperties.Schema; ap != nil {
			return &TypeRef{Kind: Map, Elem: b.schemaType(ap, ctxName+"Value", pointer+"/additionalProperties")}
		}
		if typ == "object" {
			return &TypeRef{Kind: Map, Elem: &TypeRef{Kind: Builtin, Name: "any"}}
		}
		return &TypeRef{Kind: Builtin, Name: "any"}
	case "array":
		return &TypeRef{Kind: Slice, Elem: b.schemaType(s.Items, ctxName+"Item", pointer+"/items")}
	case "string":
		switch s.Format {
		case "date-time":
			return &TypeRef{Kind: Builtin, Pkg: "time", Name: "Time"}
		case "date":
			return &TypeRef{Kind: Builtin, Pkg: "github.com/oapi-codegen/runtime/types", Name: "Date"}
		case "byte":
			return &TypeRef{Kind: Builtin, Name: "[]byte"}
		case "binary":
			if b.binaryReaders {
				return &TypeRef{Kind: Builtin, Pkg: "io", Name: "Reader"}
			}
		}
		return &TypeRef{Kind: Builtin, Name: "string"}
	case "integer":
		if s.Format == "int32" {
			return &TypeRef{Kind: Builtin, Name: "int32"}
		}
		return &TypeRef{Kind: Builtin, Name: "int64"}
	case "number":
		if s.Format == "float" {
			return &TypeRef{Kind: Builtin, Name: "float32"}
		}
		return &TypeRef{Kind: Builtin, Name: "float64"}
	case "boolean":
		return &TypeRef{Kind: Builtin, Name: "bool"}
	}
	return &TypeRef{Kind: Builtin, Name: "any"}
}

// primaryType is the schema's type without "null"; "" when absent or when
// several types are allowed.
func primaryType(s *openapi3.Schema) string {
	if s.Type == nil {
		return ""
	}
	var ts []string
	for _, t := range s.Type.Slice() {
		if t != "null" {
			ts = append(ts, t)
		}
	}
	if len(ts) == 1 {
		return ts[0]
	}
	return ""
}

func (b *builder) enumType(goName, doc, pointer string, pos diag.Pos, s *openapi3.Schema) {
	base := &TypeRef{Kind: Builtin, Name: "string"}
	pt := primaryType(s)
	isInt, isBool := pt == "integer", pt == "boolean"
	switch {
	case isInt:
		base.Name = "int64"
	case isBool:
		base.Name = "bool"
	case pt == "number":
		// Fractional enums are rare; the values stay documented, the type is a float64.
		b.addType(&Type{Name: goName, Kind: Alias, Doc: doc + fmt.Sprintf(" One of %v.", s.Enum), Pointer: pointer, Base: &TypeRef{Kind: Builtin, Name: "float64"}, Example: s.Example})
		return
	case pt != "string" && pt != "":
		b.unsupportedf(pos, pointer, "enum of type %s", pt)
		b.addType(&Type{Name: goName, Kind: Alias, Doc: doc, Pointer: pointer, Base: &TypeRef{Kind: Builtin, Name: "any"}})
		return
	}
	t := &Type{Name: goName, Kind: Enum, Doc: doc, Pointer: pointer, Base: base, Example: s.Example}
	seen := map[string]bool{}
	for _, v := range s.Enum {
		if v == nil {
			continue // null in a nullable enum is not a constant
		}
		var word string
		var val any
		switch x := v.(type) {
		case bool:
			if !isBool {
				b.unsupportedf(pos, pointer, "enum value %v in a %s enum", x, base.Name)
				continue
			}
			word, val = strconv.FormatBool(x), x
		case string:
			if isInt || isBool {
				b.errorf(pos, pointer, "enum value %q in an integer enum", x)
				continue
			}
			word, val = x, x
		case float64:
			if !isInt || x != math.Trunc(x) {
				b.unsupportedf(pos, pointer, "enum value %v", x)
				continue
			}
			n := int64(x)
			word, val = strconv.FormatInt(n, 10), n
			if n < 0 {
				word = "Minus" + strconv.FormatInt(-n, 10)
			}
		default:
			b.unsupportedf(pos, pointer, "enum value %v (%T)", v, v)
			continue
		}
		key := fmt.Sprint(val)
		if seen[key] {
			continue
		}
		seen[key] = true
		suffix := names.Pascal(word)
		if suffix == "" {
			suffix = "Empty"
		}
		t.Values = append(t.Values, EnumValue{Const: b.typeNames.Take(goName + suffix), Value: val})
	}
	b.addType(t)
}

var methods = []string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete, http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace}

func (b *builder) operations() {
	if b.t.Paths == nil {
		return
	}
	services := map[string]*Service{}
	paths := b.t.Paths.Map()
	for _, path := range sortedKeys(paths) {
		item := paths[path]
		for _, m := range methods {
			op := item.GetOperation(m)
			if op == nil {
				continue
			}
			tag := "Default"
			if len(op.Tags) > 0 && strings.TrimSpace(op.Tags[0]) != "" {
				tag = op.Tags[0]
			}
			ops := b.operation(path, m, item, op)
			if ops == nil {
				continue // skipped: unsupported
			}
			svc := services[tag]
			if svc == nil {
				svc = &Service{Tag: tag}
				services[tag] = svc
			}
			svc.Operations = append(svc.Operations, ops...)
		}
	}
	fieldNames := names.NewUnique("Client")
	for _, tag := range sortedKeys(services) {
		svc := services[tag]
		svc.Field = fieldNames.Take(names.Exported(tag, "Default"))
		svc.TypeName = b.typeNames.Take(svc.Field + "Service")
		svc.Doc = svc.TypeName + " calls the " + tag + " operations."
		for _, t := range b.t.Tags {
			if t.Name == tag && strings.TrimSpace(t.Description) != "" {
				svc.Doc = svc.TypeName + " calls the " + tag + " operations: " + strings.TrimSpace(t.Description)
			}
		}
		sort.Slice(svc.Operations, func(i, j int) bool { return svc.Operations[i].Name < svc.Operations[j].Name })
		methodNames := names.NewUnique()
		for _, o := range svc.Operations {
			o.Name = methodNames.Take(o.Name)
			o.Service = svc
			if o.Params != nil {
				o.Params.TypeName = b.typeNames.Take(o.Name + "Params")
			}
		}
		b.api.Services = append(b.api.Services, svc)
	}
	b.finishErrorSets()
}

// operation models one operation; a request body offered in several kinds
// of media type gives one Operation per kind. Nil when skipped.
func (b *builder) operation(path, method string, item *openapi3.PathItem, op *openapi3.Operation) []*Operation {
	pointer := diag.Pointer("paths", path, strings.ToLower(method))
	id := op.OperationID
	if id == "" {
		id = derivedID(method, path)
	}
	o := &Operation{
		ID:          id,
		Name:        names.Exported(id, "Call"),
		Method:      method,
		Path:        path,
		Summary:     strings.TrimSpace(op.Summary),
		Description: strings.TrimSpace(op.Description),
		Deprecated:  op.Deprecated,
		Pointer:     pointer,
		NoAuth:      op.Security != nil && len(*op.Security) == 0,
		Idempotent:  method != http.MethodPost && method != http.MethodPatch,
	}
	if len(op.Callbacks) > 0 {
		b.diags.Warnf(b.doc.Pos(op.Origin), pointer+"/callbacks", "callbacks are requests the API sends, not calls a client makes: %s not generated", strings.Join(sortedKeys(op.Callbacks), ", "))
	}
	before := b.problems
	b.params(o, item, op)
	bodies := b.bodies(o, op)
	if len(bodies) > 0 {
		o.Body = bodies[0]
	}
	b.responses(o, op)
	b.paging(o, op)
	if b.problems > before && b.opts.SkipUnsupported {
		b.api.Skipped = append(b.api.Skipped, method+" "+path)
		return nil
	}
	ops := []*Operation{o}
	for _, body := range bodies[min(1, len(bodies)):] {
		// Another request media type: the same call under its own name.
		alt := *o
		alt.Name = o.Name + "With" + names.Pascal(body.Kind)
		alt.Body = body
		if o.Params != nil {
			p := *o.Params
			alt.Params = &p
		}
		ops = append(ops, &alt)
	}
	return ops
}

// derivedID names an operation without operationId from its method and
// path: GET /users/{id}/pets → GetUsersIDPets.
func derivedID(method, path string) string {
	var b strings.Builder
	b.WriteString(names.Pascal(strings.ToLower(method)))
	for _, seg := range strings.Split(path, "/") {
		seg = strings.Trim(seg, "{}")
		b.WriteString(names.Pascal(seg))
	}
	return b.String()
}

func (b *builder) params(o *Operation, item *openapi3.PathItem, op *openapi3.Operation) {
	type key struct{ in, name string }
	var list []*openapi3.ParameterRef
	index := map[key]int{}
	for _, group := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, p := range group {
			if p == nil || p.Value == nil {
				continue
			}
			k := key{p.Value.In, p.Value.Name}
			if i, ok := index[k]; ok {
				list[i] = p
				continue
			}
			index[k] = len(list)
			list = append(list, p)
		}
	}
	argNames := names.NewUnique("ctx", "body", "params", "opts")
	fieldNames := names.NewUnique()
	var pathArgs, reqArgs, optional []*Param
	for i, pr := range list {
		p := pr.Value
		ptr := fmt.Sprintf("%s/parameters/%d", o.Pointer, i)
		if p.In == "header" {
			switch strings.ToLower(p.Name) {
			case "accept", "content-type", "authorization":
				continue // governed by the content and security sections
			}
		}
		schema, schemaPtr, isJSON := p.Schema, ptr+"/schema", false
		if schema == nil {
			for _, mt := range sortedKeys(p.Content) {
				if IsJSON(mt) && p.Content[mt] != nil && p.Content[mt].Schema != nil {
					schema, schemaPtr, isJSON = p.Content[mt].Schema, ptr+"/content/"+escapeToken(mt)+"/schema", true
					break
				}
			}
		}
		if schema == nil || schema.Value == nil {
			b.unsupportedf(b.doc.Pos(p.Origin), ptr, "parameter %q with content %s instead of schema", p.Name, strings.Join(sortedKeys(p.Content), ", "))
			continue
		}
		style, explode := paramStyle(p)
		param := &Param{
			Name:          p.Name,
			In:            p.In,
			Required:      p.Required || p.In == "path",
			Style:         style,
			Explode:       explode,
			AllowReserved: p.AllowReserved,
			JSON:          isJSON,
			Type:          b.schemaType(schema, o.Name+names.Exported(p.Name, "Param"), schemaPtr),
			Doc:           strings.TrimSpace(p.Description),
			Example:       firstExample(p.Example, schema.Value.Example),
			Pointer:       ptr,
		}
		param.GoName = fieldNames.Take(names.Exported(p.Name, "Param"))
		param.ArgName = argNames.Take(names.Camel(p.Name))
		switch {
		case p.In == "path":
			pathArgs = append(pathArgs, param)
		case param.Required:
			reqArgs = append(reqArgs, param)
		default:
			optional = append(optional, param)
		}
	}
	// Path arguments follow the order they appear in the path.
	sort.SliceStable(pathArgs, func(i, j int) bool {
		return strings.Index(o.Path, "{"+pathArgs[i].Name+"}") < strings.Index(o.Path, "{"+pathArgs[j].Name+"}")
	})
	for _, a := range pathArgs {
		if !strings.Contains(o.Path, "{"+a.Name+"}") {
			b.errorf(diag.Pos{}, a.Pointer, "path parameter %q does not appear in the path", a.Name)
		}
	}
	for _, seg := range PathVars(o.Path) {
		if !slices.ContainsFunc(pathArgs, func(p *Param) bool { return p.Name == seg }) {
			b.errorf(diag.Pos{}, o.Pointer, "path variable {%s} has no path parameter", seg)
		}
	}
	o.Args = append(pathArgs, reqArgs...)
	if len(optional) > 0 {
		o.Params = &Params{Fields: optional}
	}
}

// PathVars lists the names of a path template's parameters in order.
func PathVars(path string) []string {
	var out []string
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(path[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, path[i+1:i+j])
		path = path[i+j+1:]
	}
}

func paramStyle(p *openapi3.Parameter) (string, bool) {
	style := p.Style
	if style == "" {
		switch p.In {
		case "query", "cookie":
			style = "form"
		default:
			style = "simple"
		}
	}
	explode := style == "form"
	if p.Explode != nil {
		explode = *p.Explode
	}
	return style, explode
}

func firstExample(vs ...any) any {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

// IsJSON reports whether a media type carries JSON (application/json or any
// +json suffix).
func IsJSON(mt string) bool {
	mt = strings.ToLower(strings.TrimSpace(strings.Split(mt, ";")[0]))
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "text/json"
}

// Body kinds in order of preference: an operation's method takes the first
// its request body offers; each other kind gets a method of its own.
var bodyKinds = []string{"json", "form", "multipart", "text", "binary"}

// bodyKind classifies a request media type.
func bodyKind(mt string) string {
	base := strings.ToLower(strings.TrimSpace(strings.Split(mt, ";")[0]))
	switch {
	case IsJSON(base):
		return "json"
	case base == "application/x-www-form-urlencoded":
		return "form"
	case base == "multipart/form-data" || base == "multipart/mixed":
		return "multipart"
	case strings.HasPrefix(base, "text/"):
		return "text"
	}
	return "binary" // octet-stream, images, XML...: the caller's bytes
}

// bodies returns the operation's request bodies, one per kind, preferred
// first. Media types of the same kind after the first are not offered.
func (b *builder) bodies(o *Operation, op *openapi3.Operation) []*Body {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return nil
	}
	rb := op.RequestBody.Value
	ptr := o.Pointer + "/requestBody"
	byKind := map[string]string{}
	for _, mt := range sortedKeys(rb.Content) {
		if k := bodyKind(mt); byKind[k] == "" {
			byKind[k] = mt
		}
	}
	var out []*Body
	for _, kind := range bodyKinds {
		mt := byKind[kind]
		if mt == "" {
			continue
		}
		media := rb.Content[mt]
		if media == nil {
			media = &openapi3.MediaType{}
		}
		sptr := ptr + "/content/" + escapeToken(mt) + "/schema"
		body := &Body{ContentType: mt, Kind: kind, Required: rb.Required, Doc: strings.TrimSpace(rb.Description)}
		ctx := o.Name + "Request"
		if len(out) > 0 {
			ctx = o.Name + names.Pascal(kind) + "Request"
		}
		switch kind {
		case "json", "form":
			body.Type = b.schemaType(media.Schema, ctx, sptr)
			if kind == "form" && body.Type.Kind != Named && body.Type.Kind != Map {
				body.Type = &TypeRef{Kind: Map, Elem: &TypeRef{Kind: Builtin, Name: "any"}}
			}
		case "multipart":
			body.Type = b.multipartType(ctx, sptr, media.Schema)
			if body.Type == nil {
				continue
			}
			body.Required = true // a struct value; its fields say what is sent
		case "text":
			body.Type = &TypeRef{Kind: Builtin, Name: "string"}
			body.Required = true
		default:
			body.Type = &TypeRef{Kind: Builtin, Pkg: "io", Name: "Reader"}
		}
		out = append(out, body)
	}
	return out
}

// multipartType builds the struct of a multipart/form-data body: binary
// properties are io.Reader file parts.
func (b *builder) multipartType(ctx, pointer string, ref *openapi3.SchemaRef) *TypeRef {
	if ref == nil || ref.Value == nil {
		b.unsupportedf(diag.Pos{}, pointer, "multipart body without a schema")
		return nil
	}
	props, required := b.flatten(ref.Value, pointer)
	if len(props) == 0 {
		b.unsupportedf(b.doc.Pos(ref.Value.Origin), pointer, "multipart body without properties")
		return nil
	}
	goName := b.typeNames.Take(names.Exported(ctx, "Request"))
	t := &Type{Name: goName, Kind: Struct, Pointer: pointer,
		Doc: goName + " is a multipart/form-data request body: file parts are io.Readers (named after the reader's Name(), e.g. an *os.File, else the field)."}
	b.addType(t)
	b.binaryReaders = true
	t.Fields = b.fields(goName, pointer, props, required)
	b.binaryReaders = false
	return &TypeRef{Kind: Named, Name: goName}
}

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
					errs = append(errs, &ErrorResponse{Code: code, Type: b.schemaType(r.Content[mt].Schema, o.Name+"Error"+code, ptr)})
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
		switch {
		case IsJSON(mt):
			kind = "json"
			ctx := o.Name + "Response"
			if res.Kind != "none" {
				ctx += code
			}
			typ = b.schemaType(media.Schema, ctx, ptr+"/content/"+escapeToken(mt)+"/schema")
		case strings.HasPrefix(mt, "text/") && (media.Schema == nil || media.Schema.Value == nil || media.Schema.Value.Format != "binary"):
			kind = "text"
		default:
			kind = "binary"
		}
		switch {
		case res.Kind == "none":
			res.Kind, res.Type, res.ContentType = kind, typ, mt
			res.Doc = strings.TrimSpace(deref(r.Description))
		case res.Kind != kind:
			mixed = true
		}
		if typ != nil {
			i := slices.IndexFunc(variants, func(v *Variant) bool { return v.Type.String() == typ.String() })
			if i < 0 {
				i = len(variants)
				variants = append(variants, &Variant{Type: typ})
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
		res.ContentType = "*/*"
		res.Doc = "the body of whichever success status was returned (JSON or not); Content-Type tells which"
	case len(variants) > 1:
		res.Type = b.responseUnion(o, variants)
	}
	if len(errs) > 0 {
		o.ErrorSet = b.errorSet(errs)
	}
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
	b.addType(&Type{Name: goName, Kind: Union, Pointer: o.Pointer + "/responses", Variants: variants,
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

// paging reads the x-pagination extension:
//
//	x-pagination: {page: page, perPage: records_per_page, items: members, meta: pagination}
func (b *builder) paging(o *Operation, op *openapi3.Operation) {
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

func (b *builder) typeByName(name string) *Type {
	// Component bodies are built lazily; finish them first.
	for len(b.pending) > 0 {
		p := b.pending[0]
		b.pending = b.pending[1:]
		p()
	}
	return b.api.Type(name)
}

func (b *builder) errorf(pos diag.Pos, pointer, format string, args ...any) {
	b.diags.Errorf(pos, pointer, format, args...)
}

// unsupportedf records a construct the generator cannot express: an error,
// or with SkipUnsupported a warning (the caller leaves the operation out).
func (b *builder) unsupportedf(pos diag.Pos, pointer, format string, args ...any) {
	what := fmt.Sprintf(format, args...)
	b.problems++
	if b.opts.SkipUnsupported {
		b.diags.Warnf(pos, pointer, "unsupported %s: left out", what)
		return
	}
	b.diags.Errorf(pos, pointer, "unsupported %s", what)
}

func docOr(s, fallback string) string {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return fallback
}

// docFor makes a doc comment start with the identifier it documents, as Go
// doc conventions ask: "A financial account" → "Account is a financial
// account"; text already starting with the name is kept.
func docFor(name, desc string) string {
	desc = strings.TrimSpace(desc)
	if strings.HasPrefix(desc, name+" ") {
		return desc
	}
	first, rest, _ := strings.Cut(desc, " ")
	switch first {
	case "A", "An", "The":
		return name + " is " + strings.ToLower(first) + " " + rest
	}
	return name + ": " + desc
}

func sortedKeys[M ~map[string]V, V any](m M) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// validTagName reports whether encoding/json accepts name in a struct tag.
func validTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case unicode.IsLetter(c) || unicode.IsDigit(c):
		default:
			return false
		}
	}
	return true
}
