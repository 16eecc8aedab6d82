package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/atriumgen/atriumgen/generator/internal/ir"
)

// PagingFile is the generated file holding the iterators of paged lists.
const PagingFile = "pagination.go"

// pagedOp is a paged operation the emitter can walk: everything the
// iterator needs, resolved from the model.
type pagedOp struct {
	svc       *ir.Service
	op        *ir.Operation
	metaType  *ir.Type // the pagination object's type
	metaPtr   bool     // the response holds it by pointer
	iterName  string
	allName   string
	perPage   *ir.Param
	pageParam *ir.Param
}

// pageMetaFields maps the wire names of the pagination object's fields the
// iterator reads to the pageInfo field each fills.
var pageMetaFields = []struct{ json, info string }{
	{"current_page", "current"},
	{"per_page", "perPage"},
	{"total_pages", "totalPages"},
}

func isIntegerType(t *ir.TypeRef) bool {
	if t == nil || t.Kind != ir.Builtin || t.Pkg != "" {
		return false
	}
	switch t.Name {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return true
	}
	return false
}

// pagedOps lists the operations marked with x-pagination whose shape the
// iterator supports (integer page parameter, a struct pagination object,
// no name clash), in service and operation order.
func (g *gen) pagedOps() []*pagedOp {
	var out []*pagedOp
	for _, svc := range g.api.Services {
		names := map[string]bool{}
		for _, op := range svc.Operations {
			names[op.Name] = true
		}
		for _, op := range svc.Operations {
			p := op.Paging
			if p == nil || p.Style != ir.PageMeta || op.Params == nil || op.Result == nil || op.Result.Type == nil || op.Result.Kind != "json" {
				continue
			}
			po := &pagedOp{svc: svc, op: op, iterName: op.Name + "Iter", allName: op.Name + "All"}
			if names[po.iterName] || names[po.allName] {
				continue
			}
			for _, f := range op.Params.Fields {
				switch f.GoName {
				case p.PageParam:
					po.pageParam = f
				case p.PerPageParam:
					po.perPage = f
				}
			}
			if po.pageParam == nil || !isIntegerType(po.pageParam.Type) {
				continue
			}
			res := g.types[op.Result.Type.Name]
			if res == nil {
				continue
			}
			for _, f := range res.Fields {
				if f.Name == p.MetaField && f.Type.Kind == ir.Named {
					if t := g.types[f.Type.Name]; t != nil && t.Kind == ir.Struct {
						po.metaType, po.metaPtr = t, f.Pointer
					}
				}
			}
			if po.metaType == nil {
				continue
			}
			out = append(out, po)
		}
	}
	return out
}

// pagingFile declares, for every paged list operation, an iterator over
// all its items and a method collecting them, plus a pageInfo method on
// each pagination type.
func (g *gen) pagingFile(ops []*pagedOp) *jen.File {
	f := g.newFile()
	g.pagingInto(f, ops)
	return f
}

// pagingInto adds pagingFile's declarations for ops to f.
func (g *gen) pagingInto(f *jen.File, ops []*pagedOp) {
	seen := map[string]bool{}
	for _, po := range ops {
		if !seen[po.metaType.Name] {
			seen[po.metaType.Name] = true
			g.pageInfoMethod(f, po.metaType)
		}
	}
	for _, po := range ops {
		g.iterMethod(f, po)
		g.allMethod(f, po)
	}
}

// pageInfoMethod reads the pagination object's current_page, per_page and
// total_pages (when it has them as integers).
func (g *gen) pageInfoMethod(f *jen.File, t *ir.Type) {
	var sig *jen.Statement
	if g.api.SplitServices {
		// A service package cannot declare methods on the models.
		f.Add(comment(fmt.Sprintf("%s is what a %s says about its paged list, for the iterators.", pageInfoFunc(t), t.Name)))
		sig = f.Func().Id(pageInfoFunc(t)).Params(jen.Id("m").Op("*").Id(t.Name))
	} else {
		f.Add(comment(fmt.Sprintf("pageInfo is what a %s says about its paged list, for the iterators.", t.Name)))
		sig = f.Func().Params(jen.Id("m").Op("*").Id(t.Name)).Id("pageInfo").Params()
	}
	sig.Id("pageInfo").BlockFunc(func(b *jen.Group) {
		b.Var().Id("info").Id("pageInfo")
		b.If(jen.Id("m").Op("==").Nil()).Block(jen.Return(jen.Id("info")))
		for _, mf := range pageMetaFields {
			for _, fld := range t.Fields {
				if fld.JSONName != mf.json || !isIntegerType(fld.Type) {
					continue
				}
				v := jen.Id("m").Dot(fld.Name)
				set := []jen.Code{jen.Id("info").Dot(mf.info).Op("=").Int().Call(v.Clone())}
				if fld.Pointer {
					set = []jen.Code{jen.Id("info").Dot(mf.info).Op("=").Int().Call(jen.Op("*").Add(v.Clone()))}
				}
				if mf.info == "totalPages" {
					set = append(set, jen.Id("info").Dot("hasTotal").Op("=").True())
				}
				if fld.Pointer {
					b.If(v.Clone().Op("!=").Nil()).Block(set...)
				} else {
					for _, s := range set {
						b.Add(s)
					}
				}
			}
		}
		b.Return(jen.Id("info"))
	})
}

// pageInfoFunc is, split, the function reading a pagination type t.
func pageInfoFunc(t *ir.Type) string { return "pageInfoOf" + t.Name }

// pagedParams are the parameters of a paged operation's iterator: the
// operation's own.
func pagedParams(po *pagedOp) func(*jen.Group) {
	return func(p *jen.Group) {
		p.Id("ctx").Qual("context", "Context")
		for _, a := range po.op.Args {
			p.Id(a.ArgName).Add(goType(a.Type))
		}
		if po.op.Body != nil {
			p.Id("body").Add(bodyType(po.op))
		}
		p.Id("params").Op("*").Id(po.op.Params.TypeName)
		p.Id("opts").Op("...").Id("RequestOption")
	}
}

func pagedCallArgs(po *pagedOp, params jen.Code) []jen.Code {
	args := []jen.Code{jen.Id("ctx")}
	for _, a := range po.op.Args {
		args = append(args, jen.Id(a.ArgName))
	}
	if po.op.Body != nil {
		args = append(args, jen.Id("body"))
	}
	return append(args, params, jen.Id("opts").Op("..."))
}

func (g *gen) iterMethod(f *jen.File, po *pagedOp) {
	op, p := po.op, po.op.Paging
	item := goType(p.Item)
	perPage := "the server's default number of records"
	if po.perPage != nil {
		perPage = fmt.Sprintf("params.%s records (the server's default when nil)", po.perPage.GoName)
	}
	doc := fmt.Sprintf("%s returns an iterator over the %s of every page of %s, fetched lazily: "+
		"one request per page, made when the loop reaches it. It starts at page params.%s (1 when nil) "+
		"and asks for %s per page.\n\n"+
		"The iteration ends after the last page, when the loop breaks, or at the first error, "+
		"which is yielded (with a zero item) as the last element:\n\n"+
		"\tfor item, err := range %s.%s(ctx, ...) {\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\t...\n\t}",
		po.iterName, p.ItemsField, op.Name, po.pageParam.GoName, perPage, g.serviceOn(po.svc), po.iterName)
	f.Add(comment(doc))
	f.Func().Params(jen.Id("s").Op("*").Id(po.svc.TypeName)).Id(po.iterName).ParamsFunc(pagedParams(po)).
		Qual("iter", "Seq2").Types(item.Clone(), jen.Error()).BlockFunc(func(b *jen.Group) {
		b.Var().Id("base").Id(op.Params.TypeName)
		b.If(jen.Id("params").Op("!=").Nil()).Block(jen.Id("base").Op("=").Op("*").Id("params"))
		b.Id("first").Op(":=").Lit(1)
		b.If(jen.Id("base").Dot(p.PageParam).Op("!=").Nil()).Block(
			jen.Id("first").Op("=").Int().Call(jen.Op("*").Id("base").Dot(p.PageParam)))
		b.Return(jen.Id("pages").Call(jen.Id("first"), jen.Func().Params(jen.Id("page").Int()).
			Params(jen.Index().Add(item.Clone()), jen.Id("pageInfo"), jen.Error()).BlockFunc(func(fb *jen.Group) {
			fb.Id("q").Op(":=").Id("base")
			fb.Id("q").Dot(p.PageParam).Op("=").Id("Ptr").Call(goType(po.pageParam.Type).Call(jen.Id("page")))
			fb.List(jen.Id("res"), jen.Id("_"), jen.Err()).Op(":=").Id("s").Dot(op.Name).Call(pagedCallArgs(po, jen.Op("&").Id("q"))...)
			fb.If(jen.Err().Op("!=").Nil().Op("||").Id("res").Op("==").Nil()).Block(
				jen.Return(jen.Nil(), jen.Id("pageInfo").Values(), jen.Err()))
			if g.api.SplitServices {
				meta := jen.Id("res").Dot(p.MetaField)
				if !po.metaPtr {
					meta = jen.Op("&").Add(meta)
				}
				fb.Id("info").Op(":=").Id(pageInfoFunc(po.metaType)).Call(meta)
			} else {
				fb.Id("info").Op(":=").Id("res").Dot(p.MetaField).Dot("pageInfo").Call()
			}
			if po.perPage != nil && isIntegerType(po.perPage.Type) {
				fb.If(jen.Id("info").Dot("perPage").Op("==").Lit(0).Op("&&").Id("q").Dot(po.perPage.GoName).Op("!=").Nil()).Block(
					jen.Id("info").Dot("perPage").Op("=").Int().Call(jen.Op("*").Id("q").Dot(po.perPage.GoName)))
			}
			fb.Return(jen.Id("res").Dot(p.ItemsField), jen.Id("info"), jen.Nil())
		})))
	})
}

func (g *gen) allMethod(f *jen.File, po *pagedOp) {
	op, p := po.op, po.op.Paging
	items := p.ItemsField
	if items == "" {
		items = "items" // the response body is the array
	}
	f.Add(comment(fmt.Sprintf("%s returns the %s of every page of %s (see %s). On error it returns the items read so far and the error.",
		po.allName, items, op.Name, po.iterName)))
	f.Func().Params(jen.Id("s").Op("*").Id(po.svc.TypeName)).Id(po.allName).ParamsFunc(pagedParams(po)).
		Params(jen.Index().Add(goType(p.Item)), jen.Error()).Block(
		jen.Return(jen.Id("collect").Call(jen.Id("s").Dot(po.iterName).Call(pagedCallArgs(po, jen.Id("params"))...))),
	)
}
