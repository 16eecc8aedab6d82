package ir

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

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
	onPath := map[*openapi3.Schema]string{} // the allOf chain being walked
	typeAt, typeWas := "", ""               // the first declared type and where
	var walk func(s *openapi3.Schema, pointer string, depth int)
	walk = func(s *openapi3.Schema, pointer string, depth int) {
		if s == nil || depth > 32 {
			return
		}
		onPath[s] = pointer
		defer delete(onPath, s)
		if t := primaryType(s); t != "" {
			if typeWas == "" {
				typeWas, typeAt = t, pointer
			} else if t != typeWas {
				b.warnOnce(pointer, "allOf: type %s here and type %s at %s cannot both hold; reading the schema as %s", t, typeWas, b.where(typeAt), typeWas)
			}
		}
		for i, part := range s.AllOf {
			partPtr := fmt.Sprintf("%s/allOf/%d", pointer, i)
			if ref, ok := strings.CutPrefix(part.Ref, "#"); ok && ref != "" {
				partPtr = ref
			}
			if at, loop := onPath[part.Value]; loop {
				b.warnOnce(fmt.Sprintf("%s/allOf/%d", pointer, i), "allOf includes %s, which contains this allOf: the cycle adds nothing and is ignored", b.where(at))
				continue
			}
			walk(part.Value, partPtr, depth+1)
		}
		for _, r := range s.Required {
			required[r] = true
		}
		for _, name := range sortedKeys(s.Properties) {
			p := prop{name: name, ref: s.Properties[name], ptr: pointer + "/properties/" + escapeToken(name)}
			if i, ok := seen[name]; ok {
				if was, now := propType(props[i].ref), propType(p.ref); was != "" && now != "" && was != now {
					b.warnOnce(p.ptr, "allOf: property %q is %s here and %s at %s: no value satisfies both; using this one (%s)", name, now, was, b.where(props[i].ptr), now)
				}
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

func propType(ref *openapi3.SchemaRef) string {
	if ref == nil || ref.Value == nil {
		return ""
	}
	return primaryType(ref.Value)
}

// where names a pointer and its position, for a message about two places.
func (b *builder) where(pointer string) string {
	if pos := b.doc.Locate(pointer); pos.Line > 0 {
		return pointer + " (" + pos.String() + ")"
	}
	return pointer
}

// warnOnce adds a located warning unless the same one was given: a schema
// is flattened once per use.
func (b *builder) warnOnce(pointer, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	key := pointer + "\x00" + msg
	if b.warned == nil {
		b.warned = map[string]bool{}
	}
	if b.warned[key] {
		return
	}
	b.warned[key] = true
	b.diags.Warnf(b.doc.Locate(pointer), pointer, "%s", msg)
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
		// x-go-name names the field when written on the property itself
		// (beside a $ref, or inline), not on a schema it refers to.
		ext := p.ref.Extensions
		if p.ref.Ref == "" {
			ext = s.Extensions
		}
		goName := used.Take(b.fieldName(owner, p.name, ext, p.ptr))
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
			Check:      b.checkRef(p.ref, p.ptr),
		}
		b.shape(f, ft)
		if ft.Kind == Named {
			b.namedFields = append(b.namedFields, namedField{f, s, b.inheritedDoc(p.ref, ft)})
		}
		f.Doc = fieldDoc(f, s, b.inheritedDoc(p.ref, ft))
		out = append(out, f)
	}
	return out
}

// shape decides how a field tells absent, null and a value apart. base is
// the Go type the field's type stands for: the type itself, or for a
// named alias the type it names (see settleNamedFields).
func (b *builder) shape(f *Field, base *TypeRef) {
	f.Pointer, f.Wrapped, f.Omit = false, false, ""
	switch {
	case f.Nullable && !f.Required && !b.opts.NullablePointers && !(f.Type.Kind == Builtin && f.Type.IsNilable()):
		// Optional and nullable: absent, null and a value all differ.
		f.Wrapped = true
		f.Omit = "omitzero"
	case base.IsNilable():
		if !f.Required {
			f.Omit = "omitempty"
			if base.Kind == Slice || base.Kind == Map || base.Name == "[]byte" {
				f.Omit = "omitzero" // nil is absent, an empty list is sent
			}
		}
	default:
		f.Pointer = !f.Required || f.Nullable
		if !f.Required {
			f.Omit = "omitempty"
		}
	}
}

// settleNamedFields shapes again, once every named type is built, the
// fields whose type is an alias of a slice, a map or another nilable
// type (Docker's PortMap = map[string][]PortBinding): such a field is
// the alias itself, nil when absent, like an inline map. As *PortMap a
// pointer to a nil map would be sent as null, which a non-nullable
// member must never be.
func (b *builder) settleNamedFields() {
	byName := make(map[string]*Type, len(b.api.Types))
	for _, t := range b.api.Types {
		byName[t.Name] = t
	}
	for _, nf := range b.namedFields {
		if base := aliasBase(byName, nf.f.Type); base != nil && base.IsNilable() {
			b.shape(nf.f, base)
			nf.f.Doc = fieldDoc(nf.f, nf.s, nf.inherited) // the notes follow the shape
		}
	}
	b.namedFields = nil
}

// aliasBase follows a named type through aliases to the type it stands
// for; nil when it names a struct, enum or union (or nothing).
func aliasBase(byName map[string]*Type, r *TypeRef) *TypeRef {
	seen := map[string]bool{}
	for r != nil && r.Kind == Named {
		t := byName[r.Name]
		if t == nil || t.Kind != Alias || seen[r.Name] {
			return nil
		}
		seen[r.Name] = true
		r = t.Base
	}
	return r
}

// namedField is a field of a named type with its schema, shaped again by
// settleNamedFields.
type namedField struct {
	f         *Field
	s         *openapi3.Schema
	inherited bool
}

// inheritedDoc reports whether a property's description is the one of the
// component schema it refers to, not its own: the named type's doc says
// it (GitHub's 20 fields of type NullableIntegration would each repeat its
// four sentences).
func (b *builder) inheritedDoc(ref *openapi3.SchemaRef, ft *TypeRef) bool {
	if ref.Ref == "" || ref.Value == nil || ref.Value.Description == "" || ft.Kind != Named || b.t.Components == nil {
		return false
	}
	token, ok := strings.CutPrefix(b.refKey(ref), "#/components/schemas/")
	if !ok {
		return false
	}
	target := b.t.Components.Schemas[strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")]
	return target != nil && target.Value != nil && target.Value.Description == ref.Value.Description
}

// fieldDoc is a field's doc: its own description (not one inherited from
// the named type it refers to), or a sentence naming its JSON member,
// then the notes its declaration does not already say. The package doc
// says once what the declaration does (emit's modelsDoc): a field is
// required when its tag has no omitempty or omitzero, and may be null
// when it is a Nullable[T], or a required pointer.
func fieldDoc(f *Field, s *openapi3.Schema, inherited bool) string {
	desc := s.Description
	if inherited {
		desc = "" // the field's type's doc says it
	}
	d := docFor(f.Name, docOr(desc, fmt.Sprintf("%s is the %q field.", f.Name, f.JSONName)))
	var notes []string
	if f.Nullable && !f.Wrapped && !(f.Required && f.Pointer) {
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
