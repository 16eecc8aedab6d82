package ir

import (
	"fmt"
	"math"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

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
