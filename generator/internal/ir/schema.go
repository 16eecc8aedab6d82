package ir

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

// components claims a Go name for every component schema first (so that
// spec names win over generated inline names), then builds their bodies.
func (b *builder) components() {
	if b.t.Components == nil {
		return
	}
	b.twins = b.twinComponents()
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
	goName := b.typeNames.Take(b.typeName(specName, s, pointer))
	b.naming.specNames[goName] = specName
	tr := &TypeRef{Kind: Named, Name: goName}
	b.byRef[key] = tr
	if s == nil {
		b.errorf(b.doc.Pos(sref.Origin), pointer, "unresolved schema %q", key)
		return tr
	}
	// Components that are plain primitives or arrays become aliases so
	// they keep the behaviour (and methods) of the type they name.
	b.pending = append(b.pending, func() {
		if twin := b.byRef[b.twins[key]]; twin != nil {
			doc := docFor(goName, docOr(s.Description, goName+" is the "+specName+" schema.")) +
				"\n\nIt is " + twin.Name + ": the two schemas differ at most in nullability, title, description and example."
			b.addType(&Type{Name: goName, Kind: Alias, Doc: doc, Pointer: pointer, Base: &TypeRef{Kind: Named, Name: twin.Name}, Example: s.Example, Check: b.check(s, pointer)})
			return
		}
		if alias := b.aliasTarget(s, goName, pointer); alias != nil {
			b.addType(&Type{Name: goName, Kind: Alias, Doc: docFor(goName, docOr(s.Description, goName+" is the "+specName+" schema.")), Pointer: pointer, Base: alias, Example: s.Example, Check: b.check(s, pointer)})
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
	first := len(b.api.Types)
	defer func() {
		for _, t := range b.api.Types[first:] {
			if t.Name == goName {
				t.Check = b.check(s, pointer)
				return
			}
		}
	}()
	switch {
	case len(s.Enum) > 0:
		b.enumType(goName, doc, pointer, pos, s)
	case (len(s.OneOf) > 0 || len(s.AnyOf) > 0) && !constraintBranches(s):
		b.unionType(goName, doc, pointer, s)
	default:
		if m, i := soleAllOf(s); m != nil {
			// allOf: [X] alone (annotations aside): another name of X.
			base := b.schemaType(m, goName, fmt.Sprintf("%s/allOf/%d", pointer, i))
			b.addType(&Type{Name: goName, Kind: Alias, Doc: doc, Pointer: pointer, Base: base})
			return
		}
		props, required := b.flatten(s, pointer)
		if len(props) == 0 && s.AdditionalProperties.Schema != nil {
			elem := b.schemaType(s.AdditionalProperties.Schema, goName+"Value", pointer+"/additionalProperties")
			b.addType(&Type{Name: goName, Kind: Alias, Doc: doc, Pointer: pointer, Base: &TypeRef{Kind: Map, Elem: elem}})
			return
		}
		if len(props) == 0 && len(s.AllOf) == 0 && (s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has) {
			// A free-form object ({type: object}, additionalProperties:
			// true): its members, as an inline one is read; an empty
			// struct would drop them all.
			b.addType(&Type{Name: goName, Kind: Alias, Doc: doc, Pointer: pointer, Base: &TypeRef{Kind: Map, Elem: &TypeRef{Kind: Builtin, Name: "any"}}})
			return
		}
		t := &Type{Name: goName, Kind: Struct, Doc: doc, Pointer: pointer, Example: s.Example}
		b.addType(t)
		t.Fields = b.fields(goName, pointer, props, required)
		if constraintBranches(s) {
			t.Branch = b.firstBranch(s, pointer)
			t.Doc += "\n\n" + branchesDoc(s)
		}
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

// Literal renders an enum or default value as Go source: strings quoted,
// numbers in their shortest form.
func Literal(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) <= 1<<53 {
			// An integer as written (1000000, not 1e+06); past 2^53 a
			// float64 no longer holds every integer, and the exponent
			// form does not pretend to digits it lost.
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
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

// acceptsNull reports whether null is a valid instance of s: it is
// nullable, a oneOf/anyOf with a null variant, or has no type at all.
func acceptsNull(s *openapi3.Schema) bool {
	if isNullable(s) {
		return true
	}
	for _, v := range append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...) {
		if v != nil && v.Value != nil && acceptsNullOnly(v.Value) {
			return true
		}
	}
	return s.Type.IsEmpty() && len(s.Properties) == 0 && len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0 && s.Items == nil && s.AdditionalProperties.Schema == nil && len(s.Enum) == 0
}

func acceptsNullOnly(s *openapi3.Schema) bool { return isNullOnly(s) || s.Nullable }

// maxTypeName bounds the names of inline types, which grow with nesting
// (a field's type is named after its parent's): 3,000 nested objects
// would otherwise name types thousands of letters long and make the output
// quadratic in the depth.
const maxTypeName = 256

// capTypeName shortens an over-long inline type name to its start and
// end, which hold the root's and the innermost fields' names; Take keeps
// shortened names unique.
func capTypeName(name string) string {
	if len(name) <= maxTypeName {
		return name
	}
	return name[:maxTypeName/2] + name[len(name)-maxTypeName/2:]
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
	if m, i := soleAllOf(s); m != nil {
		return b.schemaType(m, ctxName, fmt.Sprintf("%s/allOf/%d", pointer, i))
	}
	if len(s.OneOf)+len(s.AnyOf) == 1 && len(s.AllOf) == 0 && len(s.Properties) == 0 && s.Type.IsEmpty() && s.Discriminator == nil {
		// A oneOf/anyOf of a single schema (Stripe's `anyOf: [$ref]`,
		// nullable) is that schema: no one-variant union.
		kw := "oneOf"
		list := s.OneOf
		if len(list) == 0 {
			kw, list = "anyOf", s.AnyOf
		}
		if list[0] != nil && list[0].Value != nil && !isNullOnly(list[0].Value) {
			return b.schemaType(list[0], ctxName, pointer+"/"+kw+"/0")
		}
	}
	if v := nonNullVariant(s); v != nil {
		kw, i := "oneOf", slices.Index(s.OneOf, v)
		if i < 0 {
			kw, i = "anyOf", slices.Index(s.AnyOf, v)
		}
		return b.schemaType(v, ctxName, fmt.Sprintf("%s/%s/%d", pointer, kw, i))
	}
	named := func() *TypeRef {
		top := b.topLevel
		b.topLevel = false
		base := names.Exported(ctxName, "Inline")
		specName := ctxName
		if short := capTypeName(base); short != base {
			base, specName = short, short
		}
		goName := b.typeNames.Take(base)
		tr := &TypeRef{Kind: Named, Name: goName}
		b.inline[s] = tr
		b.buildNamed(goName, specName, s, pointer)
		b.noteInline(tr, top)
		return tr
	}
	if m := scalarAllOf(s); m != nil {
		return b.schemaType(&openapi3.SchemaRef{Value: m}, ctxName, pointer)
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

// soleAllOf is the one schema an allOf stands for, and its index: a
// schema adding nothing but allOf: [X] (and annotations: a description
// member, a type X has too, as Mollie writes allOf: [$ref: id] beside
// type: string) is X. Nil otherwise.
func soleAllOf(s *openapi3.Schema) (*openapi3.SchemaRef, int) {
	if len(s.AllOf) == 0 || len(s.Properties) > 0 || len(s.OneOf)+len(s.AnyOf) > 0 || len(s.Enum) > 0 || s.Items != nil || s.AdditionalProperties.Schema != nil || s.Not != nil {
		return nil, 0
	}
	var sole *openapi3.SchemaRef
	at := 0
	for i, a := range s.AllOf {
		if a == nil || a.Value == nil {
			return nil, 0
		}
		if a.Ref == "" && annotationOnly(a.Value) {
			continue
		}
		if sole != nil {
			return nil, 0
		}
		sole, at = a, i
	}
	if sole == nil {
		return nil, 0
	}
	if !s.Type.IsEmpty() && primaryType(s) != primaryType(sole.Value) {
		return nil, 0
	}
	return sole, at
}

// annotationOnly reports whether s only documents (description, title,
// examples, deprecation, read/write-only, nullable): it constrains nothing.
func annotationOnly(s *openapi3.Schema) bool {
	return s.Type.IsEmpty() && len(s.Properties) == 0 && len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0 && s.Items == nil && s.Not == nil &&
		s.AdditionalProperties.Schema == nil && s.AdditionalProperties.Has == nil && len(s.Enum) == 0 && s.Format == "" && s.Pattern == "" &&
		s.Min == nil && s.Max == nil && s.MinLength == 0 && s.MaxLength == nil && s.MinItems == 0 && s.MaxItems == nil && len(s.Required) == 0 &&
		s.MultipleOf == nil && s.Const == nil && s.Discriminator == nil && s.ExclusiveMin.Value == nil && s.ExclusiveMax.Value == nil
}

// scalarAllOf is the one scalar schema an allOf of scalar schemas of one
// type (a string with a pattern and a nullable string; two integer
// ranges) stands for, its members' constraints merged: the tightest bounds
// and lengths, the one pattern, format, enum and multipleOf. Nil when s is
// not such an allOf or two members' constraints cannot be merged.
func scalarAllOf(s *openapi3.Schema) *openapi3.Schema {
	if len(s.AllOf) < 2 || len(s.Properties) > 0 || len(s.OneOf)+len(s.AnyOf) > 0 || s.Items != nil || s.Not != nil || s.AdditionalProperties.Schema != nil {
		return nil
	}
	m := &openapi3.Schema{Description: s.Description, Nullable: true}
	typ := ""
	parts := []*openapi3.Schema{s}
	for _, a := range s.AllOf {
		if a == nil || a.Value == nil {
			return nil
		}
		parts = append(parts, a.Value)
	}
	for i, p := range parts {
		if i > 0 && (len(p.AllOf)+len(p.OneOf)+len(p.AnyOf) > 0 || len(p.Properties) > 0 || p.Items != nil || p.Not != nil || p.AdditionalProperties.Schema != nil) {
			return nil
		}
		if p.ExclusiveMin.IsTrue() || p.ExclusiveMax.IsTrue() || p.ExclusiveMin.Value != nil || p.ExclusiveMax.Value != nil || p.Const != nil {
			return nil
		}
		if p.Type != nil && len(p.Type.Slice()) > 0 {
			ts := p.Type.Slice()
			if len(ts) != 1 || typ != "" && ts[0] != typ {
				return nil
			}
			typ = ts[0]
		}
		if i > 0 {
			m.Nullable = m.Nullable && isNullable(p)
		}
		merge := func(dst *string, v string) bool {
			if v != "" && *dst != "" && *dst != v {
				return false
			}
			if v != "" {
				*dst = v
			}
			return true
		}
		if !merge(&m.Format, p.Format) || !merge(&m.Pattern, p.Pattern) {
			return nil
		}
		if len(p.Enum) > 0 {
			if len(m.Enum) > 0 {
				return nil
			}
			m.Enum = p.Enum
		}
		if p.MultipleOf != nil {
			if m.MultipleOf != nil && *m.MultipleOf != *p.MultipleOf {
				return nil
			}
			m.MultipleOf = p.MultipleOf
		}
		if p.Min != nil && (m.Min == nil || *p.Min > *m.Min) {
			m.Min = p.Min
		}
		if p.Max != nil && (m.Max == nil || *p.Max < *m.Max) {
			m.Max = p.Max
		}
		m.MinLength = max(m.MinLength, p.MinLength)
		if p.MaxLength != nil && (m.MaxLength == nil || *p.MaxLength < *m.MaxLength) {
			m.MaxLength = p.MaxLength
		}
		if m.Example == nil {
			m.Example = p.Example
		}
	}
	switch typ {
	case "string", "integer", "number", "boolean":
	default:
		return nil
	}
	m.Type = &openapi3.Types{typ}
	return m
}
