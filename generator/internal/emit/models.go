package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/atriumgen/atriumgen/generator/internal/ir"
)

// modelsFile declares every named type of the model.
func (g *gen) modelsFile() *jen.File {
	f := g.newFile()
	for _, t := range g.api.Types {
		switch t.Kind {
		case ir.Struct:
			f.Add(comment(t.Doc))
			f.Type().Id(t.Name).StructFunc(func(s *jen.Group) {
				for _, fl := range t.Fields {
					s.Add(comment(fl.Doc))
					s.Id(fl.Name).Add(fieldType(fl)).Tag(map[string]string{"json": jsonTag(fl)})
				}
			})
		case ir.Enum:
			f.Add(comment(t.Doc + "\n\nValues the server adds later are kept as they are, not rejected."))
			f.Type().Id(t.Name).Add(goType(t.Base))
			if len(t.Values) > 0 {
				f.Comment(fmt.Sprintf("Known values of %s.", t.Name))
				f.Const().DefsFunc(func(d *jen.Group) {
					for _, v := range t.Values {
						d.Add(comment(fmt.Sprintf("%s is %s %#v.", v.Const, t.Name, v.Value)))
						d.Id(v.Const).Id(t.Name).Op("=").Add(lit(v.Value))
					}
				})
			}
		case ir.Alias:
			f.Add(comment(t.Doc))
			f.Type().Id(t.Name).Op("=").Add(goType(t.Base))
		}
	}
	return f
}

func fieldType(fl *ir.Field) *jen.Statement {
	if fl.Pointer {
		return jen.Op("*").Add(goType(fl.Type))
	}
	return goType(fl.Type)
}

func jsonTag(fl *ir.Field) string {
	if fl.Omit != "" {
		return fl.JSONName + "," + fl.Omit
	}
	return fl.JSONName
}

// lit renders a constant without a conversion (jennifer writes int64(5)
// for an int64).
func lit(v any) *jen.Statement {
	if n, ok := v.(int64); ok {
		return jen.Lit(int(n))
	}
	return jen.Lit(v)
}
