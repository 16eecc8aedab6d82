package ir

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

func (b *builder) enumType(goName, doc, pointer string, pos diag.Pos, s *openapi3.Schema) {
	base := &TypeRef{Kind: Builtin, Name: "string"}
	pt := primaryType(s)
	kinds := enumKinds(s.Enum)
	if pt == "" && len(kinds) == 1 {
		pt = kinds[0] // an untyped enum is typed by its values
	}
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
		// Object and array values cannot be Go constants: the values stay
		// documented and the type accepts any JSON value.
		b.diags.Warnf(pos, pointer, "enum of type %s: its values cannot be Go constants; the type is any (values: %s)", pt, clipValues(s.Enum))
		b.addType(&Type{Name: goName, Kind: Alias, Doc: doc, Pointer: pointer, Base: &TypeRef{Kind: Builtin, Name: "any"}})
		return
	}
	values := s.Enum
	if pt == "string" && !enumFits(kinds, pt) && !slices.Contains(kinds, "object") && !slices.Contains(kinds, "array") {
		// `type: string, enum: [1, yes]`: YAML read scalars the author
		// meant as strings; the wire carries the strings.
		values = make([]any, len(s.Enum))
		for i, v := range s.Enum {
			if v != nil {
				if _, ok := v.(string); !ok {
					v = fmt.Sprint(v)
				}
			}
			values[i] = v
		}
		b.diags.Warnf(pos, pointer, "enum of type string has values of type %s; reading them as strings (values: %s)", strings.Join(slices.DeleteFunc(slices.Clone(kinds), func(k string) bool { return k == "string" }), ", "), clipValues(s.Enum))
		kinds = []string{"string"}
	}
	if mixed := !enumFits(kinds, pt); mixed {
		of := "an untyped enum"
		if pt != "" {
			of = "type " + pt
		}
		b.diags.Warnf(pos, pointer, "enum mixes value types (%s) for %s: the type is any (values: %s)", strings.Join(kinds, ", "), of, clipValues(s.Enum))
		b.addType(&Type{Name: goName, Kind: Alias, Doc: doc, Pointer: pointer, Base: &TypeRef{Kind: Builtin, Name: "any"}})
		return
	}
	t := &Type{Name: goName, Kind: Enum, Doc: doc, Pointer: pointer, Base: base, Example: s.Example}
	seen := map[string]bool{}
	for _, v := range values {
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

// enumKinds lists the JSON types of an enum's non-null values, sorted:
// "integer" for integral numbers, "number" for the others.
func enumKinds(values []any) []string {
	set := map[string]bool{}
	for _, v := range values {
		switch x := v.(type) {
		case nil:
		case bool:
			set["boolean"] = true
		case string:
			set["string"] = true
		case float64:
			if x == math.Trunc(x) {
				set["integer"] = true
			} else {
				set["number"] = true
			}
		case map[string]any:
			set["object"] = true
		case []any:
			set["array"] = true
		default:
			set[fmt.Sprintf("%T", v)] = true
		}
	}
	kinds := make([]string, 0, len(set))
	for k := range set {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// enumFits reports whether values of kinds can all be constants of the
// enum type pt ("string", "integer", "boolean" or "": string).
func enumFits(kinds []string, pt string) bool {
	if pt == "" {
		pt = "string"
	}
	for _, k := range kinds {
		if k != pt {
			return false
		}
	}
	return true
}

// clipValues renders enum values for a message, at most a few.
func clipValues(values []any) string {
	var parts []string
	for i, v := range values {
		if i == 4 {
			parts = append(parts, fmt.Sprintf("and %d more", len(values)-i))
			break
		}
		b, err := json.Marshal(v)
		if err != nil {
			b = []byte(fmt.Sprint(v))
		}
		parts = append(parts, string(b))
	}
	return strings.Join(parts, ", ")
}
