package emit

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/atriumgen/atriumgen/generator/internal/ir"
)

// modelsDoc is the package doc's paragraph on the models: what every
// field's and enum's declaration says, so that no doc repeats it (ir's
// fieldDoc leaves these notes out).
const modelsDoc = "In the models, a field whose json tag has no omitempty or omitzero is required, and one that is a Nullable[T] or a required pointer may be null; a field's doc notes what its declaration does not say, such as a format or a default. An enum type keeps a value the server adds later as it is instead of rejecting it."

// modelsFile declares every named type of the model; split, those a
// service package declares instead (ir.Type.Package) are left out.
func (g *gen) modelsFile() *jen.File {
	f := g.newFile()
	for _, t := range g.api.Types {
		if t.Package == "" {
			g.model(f, t)
		}
	}
	return f
}

// model declares t, with its methods and constants.
func (g *gen) model(f *jen.File, t *ir.Type) {
	switch t.Kind {
	case ir.Struct:
		f.Add(comment(t.Doc))
		f.Type().Id(t.Name).StructFunc(func(s *jen.Group) {
			for _, fl := range t.Fields {
				// A doc that only names the JSON member says what the
				// tag says: left out (a twentieth of Stripe's SDK).
				if fl.Doc != fmt.Sprintf("%s is the %q field.", fl.Name, fl.JSONName) {
					s.Add(comment(fl.Doc))
				}
				s.Id(fl.Name).Add(fieldType(fl)).Tag(map[string]string{"json": jsonTag(fl)})
			}
			if t.Extra != nil {
				s.Add(comment(t.ExtraField + " holds the members the schema does not declare; they are kept when decoding and sent when encoding."))
				s.Id(t.ExtraField).Map(jen.String()).Add(goType(t.Extra)).Tag(map[string]string{"json": "-"})
			}
		})
		if t.Extra != nil {
			extraMethods(f, t)
		}
	case ir.Union:
		unionType(f, t)
	case ir.Enum:
		f.Add(comment(t.Doc)) // modelsDoc says once that unknown values are kept
		f.Type().Id(t.Name).Add(goType(t.Base))
		if len(t.Values) > 0 {
			// One comment for the block: a comment per constant
			// would only repeat its line (a tenth of Stripe's SDK).
			f.Add(comment(fmt.Sprintf("Known values of %s: each constant is the value it is set to.", t.Name)))
			f.Const().DefsFunc(func(d *jen.Group) {
				for _, v := range t.Values {
					d.Id(v.Const).Id(t.Name).Op("=").Add(lit(v.Value))
				}
			})
		}
	case ir.Alias:
		f.Add(comment(t.Doc))
		if t.Defined {
			f.Type().Id(t.Name).Add(goType(t.Base)) // type Tree []Tree: as an alias it would refer to itself
		} else {
			f.Type().Id(t.Name).Op("=").Add(goType(t.Base))
		}
	}
}

// extraMethods keep a struct's additional properties through JSON.
func extraMethods(f *jen.File, t *ir.Type) {
	f.Add(comment(fmt.Sprintf("MarshalJSON encodes the declared fields and then %s.", t.ExtraField)))
	f.Func().Params(jen.Id("v").Id(t.Name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Type().Id("plain").Id(t.Name),
		jen.Return(jen.Id("marshalExtra").Call(jen.Id("plain").Call(jen.Id("v")), jen.Id("v").Dot(t.ExtraField))),
	)
	f.Add(comment(fmt.Sprintf("UnmarshalJSON decodes the declared fields and keeps the other members in %s.", t.ExtraField)))
	f.Func().Params(jen.Id("v").Op("*").Id(t.Name)).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().Block(
		jen.Type().Id("plain").Id(t.Name),
		jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("b"), jen.Parens(jen.Op("*").Id("plain")).Call(jen.Id("v"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Return(jen.Id("unmarshalExtra").CallFunc(func(g *jen.Group) {
			g.Id("b")
			g.Op("&").Id("v").Dot(t.ExtraField)
			for _, fl := range t.Fields {
				g.Lit(fl.JSONName)
			}
		})),
	)
}

// unionType declares a oneOf/anyOf: the raw JSON and typed accessors.
func unionType(f *jen.File, t *ir.Type) {
	var vs []string
	for _, v := range t.Variants {
		vs = append(vs, v.Name)
	}
	kind := "exactly one"
	if t.AnyOf {
		kind = "at least one"
	}
	f.Add(comment(t.Doc + "\n\n" + fmt.Sprintf("%s is a union: its JSON matches %s of %s. It keeps the JSON it was decoded from and encodes it back unchanged; Value tells which variant it holds; read it with the As methods, set it with the From methods.", t.Name, kind, strings.Join(vs, ", "))))
	// The JSON and its MarshalJSON, UnmarshalJSON and Raw methods come
	// from the runtime's unionJSON (runtime/union.go), one method set for
	// every union.
	f.Type().Id(t.Name).Struct(jen.Id("unionJSON"))
	recv := func(ptr bool) *jen.Statement {
		if ptr {
			return jen.Params(jen.Id("u").Op("*").Id(t.Name))
		}
		return jen.Params(jen.Id("u").Id(t.Name))
	}
	unionValueMethod(f, t)
	for _, v := range t.Variants {
		f.Add(comment(fmt.Sprintf("As%s decodes the union as %s.", v.Name, v.Type.String())))
		f.Func().Add(recv(false)).Id("As"+v.Name).Params().Params(jen.Id("v").Add(goType(v.Type)), jen.Err().Error()).Block(
			jen.Err().Op("=").Id("unionDecode").Call(jen.Id("u").Dot("raw"), jen.Op("&").Id("v")),
			jen.Return())
		if t.Discriminator != "" && len(v.Values) > 0 {
			f.Add(comment(fmt.Sprintf("From%s sets the union to v, with %q set to %q unless v sets it.", v.Name, t.Discriminator, v.Values[0])))
			f.Func().Add(recv(true)).Id("From" + v.Name).Params(jen.Id("v").Add(goType(v.Type))).Error().Block(
				jen.Return(jen.Id("unionSetTagged").Call(jen.Op("&").Id("u").Dot("raw"), jen.Id("v"), jen.Lit(t.Discriminator), jen.Lit(v.Values[0]))))
			continue
		}
		f.Add(comment(fmt.Sprintf("From%s sets the union to v.", v.Name)))
		f.Func().Add(recv(true)).Id("From" + v.Name).Params(jen.Id("v").Add(goType(v.Type))).Error().Block(
			jen.Return(jen.Id("unionSet").Call(jen.Op("&").Id("u").Dot("raw"), jen.Id("v"))))
	}
	if t.Discriminator == "" {
		return
	}
	f.Add(comment(fmt.Sprintf("Discriminator returns the %q property that names the variant.", t.Discriminator)))
	f.Func().Add(recv(false)).Id("Discriminator").Params().Params(jen.String(), jen.Error()).Block(
		jen.Return(jen.Id("unionDiscriminator").Call(jen.Id("u").Dot("raw"), jen.Lit(t.Discriminator))))
	f.Add(comment(fmt.Sprintf("ValueByDiscriminator decodes the union as the variant its %q property names.", t.Discriminator)))
	f.Func().Add(recv(false)).Id("ValueByDiscriminator").Params().Params(jen.Any(), jen.Error()).Block(
		jen.List(jen.Id("d"), jen.Err()).Op(":=").Id("u").Dot("Discriminator").Call(),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Switch(jen.Id("d")).BlockFunc(func(s *jen.Group) {
			for _, v := range t.Variants {
				if len(v.Values) == 0 {
					continue
				}
				s.CaseFunc(func(c *jen.Group) {
					for _, val := range v.Values {
						c.Lit(val)
					}
				}).Block(jen.Return(jen.Id("u").Dot("As" + v.Name).Call()))
			}
		}),
		jen.Return(jen.Nil(), jen.Id("unknownVariant").Call(jen.Lit(t.Name), jen.Lit(t.Discriminator), jen.Id("d"))),
	)
}

// unionValueMethod declares Value: the variant the union holds, by its
// discriminator or else the first variant whose JSON kind and required
// members match (runtime unionValue).
func unionValueMethod(f *jen.File, t *ir.Type) {
	how := "the first variant, in the order " + strings.Join(variantNames(t), ", ") + ", whose JSON kind and required members (names, kinds, constants) match"
	if t.Discriminator != "" {
		how = fmt.Sprintf("the variant its %q property names (when the property is absent: %s)", t.Discriminator, how)
	}
	f.Add(comment(fmt.Sprintf("Value decodes the union as the variant it holds: %s. It returns the variant's Go type, or an error when no variant matches or the union is not set.", how)))
	f.Func().Params(jen.Id("u").Id(t.Name)).Id("Value").Params().Params(jen.Any(), jen.Error()).Block(
		jen.Return(jen.Id("unionValue").CallFunc(func(g *jen.Group) {
			g.Id("u").Dot("raw")
			g.Lit(t.Name)
			g.Lit(t.Discriminator)
			for _, v := range t.Variants {
				g.Line().Id("unionVariant").CallFunc(func(a *jen.Group) {
					a.Parens(jen.Op("*").Add(goType(v.Type))).Call(jen.Nil())
					a.Lit(v.Kinds)
					if len(v.Values) == 0 {
						a.Nil()
					} else {
						a.Index().String().ValuesFunc(func(l *jen.Group) {
							for _, val := range v.Values {
								l.Lit(val)
							}
						})
					}
					for _, r := range v.Required {
						a.Lit(r)
					}
				})
			}
			g.Line()
		})))
}

func variantNames(t *ir.Type) []string {
	var vs []string
	for _, v := range t.Variants {
		vs = append(vs, v.Name)
	}
	return vs
}

func fieldType(fl *ir.Field) *jen.Statement {
	if fl.Wrapped {
		return jen.Id("Nullable").Types(goType(fl.Type))
	}
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
