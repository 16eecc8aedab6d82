package ir

import (
	"encoding/json"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/names"
)

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
	bySchema := map[*openapi3.Schema]*Variant{}
	refOf := map[*Variant]string{}
	for i, v := range list {
		if v == nil || v.Value == nil || isNullOnly(v.Value) {
			continue
		}
		ctx := goName + strconv.Itoa(i+1)
		if title := names.Pascal(v.Value.Title); title != "" {
			ctx = goName + title
		}
		tr := b.schemaType(v, ctx, fmt.Sprintf("%s/%s/%d", pointer, kw, i))
		vr := &Variant{Name: used.Take(variantName(tr)), Type: tr, Kinds: jsonKinds(v.Value), Check: b.checkRef(v, fmt.Sprintf("%s/%s/%d", pointer, kw, i))}
		if vr.Kinds == "o" || vr.Kinds == "oz" {
			vr.Required = requiredMembers(v.Value)
		} else if requiredOnly(v.Value) && len(s.Properties) > 0 {
			// anyOf: [{required: [a]}, {required: [b]}] beside properties:
			// the object with those members required.
			vr.Kinds = jsonKinds(&openapi3.Schema{Type: s.Type, Properties: s.Properties})
			vr.Required = requiredMembers(&openapi3.Schema{Required: v.Value.Required, Properties: s.Properties})
		}
		t.Variants = append(t.Variants, vr)
		if v.Ref != "" {
			refs[refKey(v.Ref)] = vr
			refOf[vr] = v.Ref
			if bySchema[v.Value] == nil {
				bySchema[v.Value] = vr
			}
		}
	}
	if d := s.Discriminator; d != nil && d.PropertyName != "" {
		t.Discriminator = d.PropertyName
		mapped := map[*Variant]bool{}
		for _, value := range sortedKeys(d.Mapping) {
			m := d.Mapping[value]
			if vr := b.mappedVariant(m.Ref, m.Value, refs, bySchema); vr != nil {
				vr.Values = append(vr.Values, value)
				mapped[vr] = true
				continue
			}
			b.warnOnce(pointer+"/discriminator/mapping/"+escapeToken(value),
				"discriminator mapping value %q names %s, which is not one of %s's %s variants: Value never returns it for that value", value, m.Ref, goName, kw)
		}
		for vr, ref := range refOf {
			if !mapped[vr] {
				vr.Values = append(vr.Values, ref[strings.LastIndexAny(ref, "/#")+1:])
			}
		}
	}
}

// mappedVariant is the variant a discriminator mapping entry names. The
// entry is a schema name or a reference written as its author liked
// ("./pets.yaml#/Cat" where oneOf says "pets.yaml#/Cat"), so it is matched
// by the schema it resolves to, not only by its text.
func (b *builder) mappedVariant(ref string, resolved *openapi3.Schema, refs map[string]*Variant, bySchema map[*openapi3.Schema]*Variant) *Variant {
	if !strings.Contains(ref, "/") && !strings.Contains(ref, "#") {
		ref = "#/components/schemas/" + ref
	}
	if vr := refs[refKey(ref)]; vr != nil {
		return vr
	}
	if resolved == nil {
		if name, ok := strings.CutPrefix(ref, "#/components/schemas/"); ok && b.t.Components != nil {
			if s := b.t.Components.Schemas[name]; s != nil {
				resolved = s.Value
			}
		}
	}
	if resolved == nil {
		return nil
	}
	return bySchema[resolved]
}

// refKey is a reference with its document path cleaned ("./a/../pets.yaml"
// is "pets.yaml"), so two spellings of one reference, written in the same
// document, compare equal.
func refKey(ref string) string {
	file, frag, _ := strings.Cut(ref, "#")
	if file != "" {
		file = path.Clean(file)
	}
	return file + "#" + frag
}

// constraintBranches reports an object whose oneOf/anyOf alternatives
// only constrain members it declares itself (status: completed requires
// conclusion): each inline, of no type but object, with no composition,
// items or additionalProperties schema, its properties all the parent's,
// and the members it requires the parent's too (anyOf: [{required: [a]},
// {required: [b]}]). Such an object is the parent's struct; the
// alternatives are rules its values follow, which the example honours
// (Type.Branch).
func constraintBranches(s *openapi3.Schema) bool {
	if len(s.Properties) == 0 || len(s.AllOf) > 0 || (len(s.OneOf) > 0) == (len(s.AnyOf) > 0) || s.Discriminator != nil {
		return false
	}
	for _, v := range append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...) {
		if v == nil || v.Ref != "" || v.Value == nil {
			return false
		}
		a := v.Value
		if (!a.Type.IsEmpty() && !a.Type.Is("object")) || len(a.AllOf)+len(a.OneOf)+len(a.AnyOf) > 0 || a.Not != nil ||
			a.Items != nil || a.AdditionalProperties.Schema != nil || len(a.Enum) > 0 {
			return false
		}
		for name := range a.Properties {
			if _, ok := s.Properties[name]; !ok {
				return false
			}
		}
		for _, name := range a.Required {
			if _, ok := s.Properties[name]; !ok {
				return false
			}
		}
	}
	return true
}

// firstBranch is what the first of the alternatives adds to its parent
// object (see constraintBranches): the members it requires and the
// constraints it puts on them.
func (b *builder) firstBranch(s *openapi3.Schema, pointer string) *Branch {
	list, kw := s.OneOf, "oneOf"
	if len(list) == 0 {
		list, kw = s.AnyOf, "anyOf"
	}
	a := list[0].Value
	br := &Branch{Required: append([]string(nil), a.Required...), Checks: map[string]*Constraints{}}
	for _, name := range sortedKeys(a.Properties) {
		if p := a.Properties[name]; p != nil && p.Value != nil {
			br.Checks[name] = b.check(p.Value, pointer+"/"+kw+"/0/properties/"+escapeToken(name))
		}
	}
	return br
}

// branchesDoc says in a sentence what constraintBranches' alternatives
// ask of a value, since the struct itself cannot.
func branchesDoc(s *openapi3.Schema) string {
	list, kw, how := s.OneOf, "oneOf", "exactly one"
	if len(list) == 0 {
		list, kw, how = s.AnyOf, "anyOf", "at least one"
	}
	var alts []string
	for _, v := range list {
		a := v.Value
		var parts []string
		for _, name := range sortedKeys(a.Properties) {
			if p := a.Properties[name].Value; p != nil && len(p.Enum) > 0 {
				vals := make([]string, len(p.Enum))
				for i, e := range p.Enum {
					vals[i] = fmt.Sprint(e)
				}
				parts = append(parts, name+" is "+strings.Join(vals, " or "))
			}
		}
		if len(a.Required) > 0 {
			parts = append(parts, "sets "+strings.Join(a.Required, ", "))
		}
		if len(parts) == 0 {
			parts = append(parts, "any value")
		}
		alts = append(alts, strings.Join(parts, " and "))
	}
	return fmt.Sprintf("A value must match %s of these alternatives (%s): %s.", how, kw, strings.Join(alts, "; "))
}

// requiredOnly reports a schema that only requires members (no type,
// properties or composition): an alternative of its parent object.
func requiredOnly(s *openapi3.Schema) bool {
	return len(s.Required) > 0 && s.Type.IsEmpty() && len(s.Properties) == 0 &&
		len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0 && len(s.Enum) == 0
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

// jsonKinds lists the JSON kinds a schema takes (see Variant.Kinds); ""
// when it does not say (or says something this check does not model).
func jsonKinds(s *openapi3.Schema) string {
	var types []string
	if s.Type != nil {
		types = append(types, s.Type.Slice()...)
	}
	if len(types) == 0 {
		if len(s.Properties) > 0 {
			types = []string{"object"}
		} else if len(s.AllOf) > 0 {
			for _, p := range s.AllOf {
				if p != nil && p.Value != nil {
					if k := jsonKinds(p.Value); k != "" {
						return k
					}
				}
			}
			return ""
		} else {
			return ""
		}
	}
	k := ""
	for _, t := range types {
		switch t {
		case "object":
			k += "o"
		case "array":
			k += "a"
		case "string":
			k += "s"
		case "number":
			k += "n"
		case "integer":
			k += "i"
		case "boolean":
			k += "b"
		case "null":
			k += "z"
		}
	}
	if s.Nullable && k != "" {
		k += "z"
	}
	return k
}

// requiredMembers lists an object schema's required members with what
// their values must be (see Variant.Required), allOf parts included, in
// the order the spec lists them.
func requiredMembers(s *openapi3.Schema) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 8 {
			return
		}
		for _, name := range s.Required {
			if seen[name] {
				continue
			}
			seen[name] = true
			rule := name
			if p := s.Properties[name]; p != nil && p.Value != nil {
				if len(p.Value.Enum) == 1 && !p.Value.Nullable {
					if b, err := json.Marshal(p.Value.Enum[0]); err == nil {
						rule = name + "=" + string(b)
					}
				} else if k := jsonKinds(p.Value); k != "" {
					rule = name + ":" + k
				}
			}
			out = append(out, rule)
		}
		for _, p := range s.AllOf {
			if p != nil {
				walk(p.Value, depth+1)
			}
		}
	}
	walk(s, 0)
	return out
}
