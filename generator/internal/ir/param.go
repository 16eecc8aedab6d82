package ir

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

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
			b.unsupportedf(b.doc.Pos(p.Origin), ptr, "parameter %q with content %s instead of schema", p.Name, quoteList(sortedKeys(p.Content)))
			continue
		}
		if !isJSON && nestedArray(schema.Value) {
			// No style serializes an array of arrays (OpenAPI leaves it
			// undefined; Swagger 2.0's nested collectionFormat does not
			// convert): the parameter's value is sent as JSON text, as a
			// content: application/json parameter is.
			isJSON = true
			b.diags.Warnf(b.doc.Pos(p.Origin), ptr, "parameter %q is an array of arrays, which no parameter style serializes; it is sent as JSON text", p.Name)
		}
		style, explode := paramStyle(p)
		param := &Param{
			Name:          p.Name,
			In:            ParamIn(p.In),
			Required:      p.Required || p.In == "path",
			Style:         style,
			Explode:       explode,
			AllowReserved: p.AllowReserved,
			JSON:          isJSON,
			Type:          b.schemaType(schema, o.Name+names.Exported(p.Name, "Param"), schemaPtr),
			Doc:           strings.TrimSpace(p.Description),
			Example:       firstExample(p.Example, schema.Value.Example),
			Pointer:       ptr,
			Check:         b.checkRef(schema, schemaPtr),
		}
		if param.Check == nil && p.Example != nil {
			param.Check = &Constraints{Pointer: schemaPtr, Pos: b.doc.Pos(p.Origin)}
		}
		if p.Example != nil && schema.Value != nil {
			// The parameter's own example wins when it validates.
			if err := validateValue(schema.Value, p.Example, b.t.IsOpenAPI31OrLater()); err == nil {
				param.Check.Example = p.Example
			} else {
				b.diags.Warnf(b.doc.Pos(p.Origin), ptr+"/example", "example does not match its schema (%s); generated examples use a value derived from the schema", firstLine(err.Error()))
			}
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
			b.errorf(diag.Pos{}, o.Pointer, "path variable %q has no path parameter", "{"+seg+"}")
		}
	}
	o.Args = append(pathArgs, reqArgs...)
	if len(optional) > 0 {
		o.Params = &Params{Fields: optional}
	}
}

// nestedArray reports whether s is an array whose items are arrays.
func nestedArray(s *openapi3.Schema) bool {
	if s == nil || s.Type == nil || !s.Type.Is(openapi3.TypeArray) || s.Items == nil || s.Items.Value == nil {
		return false
	}
	it := s.Items.Value
	return it.Type != nil && it.Type.Is(openapi3.TypeArray)
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
