package emit

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/atriumgen/atriumgen/generator/internal/ir"
)

// pageRulesRuntime is the runtime file only SDKs with rule-paged lists get.
const pageRulesRuntime = "pagerules.go"

// ruleOp is an operation paged by a paging rule (cursor, link, page,
// offset): it gets the same <Op>Iter and <Op>All as x-pagination.
type ruleOp struct {
	svc                *ir.Service
	op                 *ir.Operation
	iterName, allName  string
	limit, page, other *ir.Param // the limit parameter; the page, offset or cursor one
}

// rulePagedOps lists the rule-paged operations whose iterator names are
// free, in service and operation order.
func (g *gen) rulePagedOps() []*ruleOp {
	var out []*ruleOp
	for _, svc := range g.api.Services {
		taken := map[string]bool{}
		for _, op := range svc.Operations {
			taken[op.Name] = true
		}
		for _, op := range svc.Operations {
			p := op.Paging
			if p == nil || p.Style == ir.PageMeta || op.Result == nil || op.Result.Kind != "json" {
				continue
			}
			ro := &ruleOp{svc: svc, op: op, iterName: op.Name + "Iter", allName: op.Name + "All"}
			if taken[ro.iterName] || taken[ro.allName] {
				continue
			}
			if op.Params != nil {
				for _, f := range op.Params.Fields {
					switch f.GoName {
					case p.PerPageParam:
						ro.limit = f
					case p.PageParam, p.OffsetParam, p.CursorParam:
						ro.other = f
					}
				}
			}
			out = append(out, ro)
		}
	}
	return out
}

// rulePaging adds the iterators of rule-paged lists to the paging file.
func (g *gen) rulePaging(f *jen.File, ops []*ruleOp) {
	for _, ro := range ops {
		g.ruleIter(f, ro)
		g.allMethod(f, &pagedOp{svc: ro.svc, op: ro.op, iterName: ro.iterName, allName: ro.allName})
	}
}

// fieldValue assigns the value of a paging field of x (a string or bool;
// zero when nil or null) to the variable v, declared beforehand.
func fieldValue(v string, x *jen.Statement, f *ir.PageField) jen.Code {
	fx := x.Clone().Dot(f.Name)
	switch {
	case f.Pointer:
		return jen.If(jen.Id("p").Op(":=").Add(fx), jen.Id("p").Op("!=").Nil()).Block(jen.Id(v).Op("=").Op("*").Id("p"))
	case f.Wrapped:
		return jen.Id(v).Op("=").Add(fx).Dot("Value")
	}
	return jen.Id(v).Op("=").Add(fx)
}

func (g *gen) ruleIter(f *jen.File, ro *ruleOp) {
	op, p := ro.op, ro.op.Paging
	item := goType(p.Item)
	items := func() *jen.Statement {
		if p.ItemsField != "" {
			return jen.Id("res").Dot(p.ItemsField)
		}
		return jen.Id("res") // the body is the array, returned by value
	}
	var walk string
	switch p.Style {
	case ir.PageCursor:
		from := "the last item's " + fieldDoc(p.CursorFrom)
		if p.NextCursor != nil {
			from = "the page's " + fieldDoc(p.NextCursor)
		}
		walk = fmt.Sprintf("while the page's %s is true, the next request passes %s as params.%s", fieldDoc(p.HasMore), from, ro.other.GoName)
	case ir.PageLink:
		walk = `each next request follows the response's Link header (rel="next"), which must stay under the client's base URL`
	case ir.PageNumber:
		walk = fmt.Sprintf("params.%s counts pages from its value (1 when nil) until an empty page or one shorter than the page size", ro.other.GoName)
	case ir.PageOffset:
		walk = fmt.Sprintf("params.%s starts at its value (0 when nil) and grows by the items read, until an empty page or one shorter than the page size", ro.other.GoName)
	}
	if ro.limit != nil {
		walk += fmt.Sprintf(" (params.%s items per page)", ro.limit.GoName)
	}
	doc := fmt.Sprintf("%s returns an iterator over the items of every page of %s, fetched lazily: "+
		"one request per page, made when the loop reaches it; %s.\n\n"+
		"The iteration ends after the last page, when the loop breaks, or at the first error, "+
		"which is yielded (with a zero item) as the last element:\n\n"+
		"\tfor item, err := range %s.%s(ctx, ...) {\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\t...\n\t}",
		ro.iterName, op.Name, walk, g.serviceOn(ro.svc), ro.iterName)
	f.Add(comment(doc))
	hasParams := op.Params != nil
	call := func(params jen.Code, opts jen.Code) []jen.Code {
		args := []jen.Code{jen.Id("ctx")}
		for _, a := range op.Args {
			args = append(args, jen.Id(a.ArgName))
		}
		if op.Body != nil {
			args = append(args, jen.Id("body"))
		}
		if hasParams {
			args = append(args, params)
		}
		return append(args, opts)
	}
	f.Func().Params(jen.Id("s").Op("*").Id(ro.svc.TypeName)).Id(ro.iterName).ParamsFunc(func(pg *jen.Group) {
		pg.Id("ctx").Qual("context", "Context")
		for _, a := range op.Args {
			pg.Id(a.ArgName).Add(goType(a.Type))
		}
		if op.Body != nil {
			pg.Id("body").Add(bodyType(op))
		}
		if hasParams {
			pg.Id("params").Op("*").Id(op.Params.TypeName)
		}
		pg.Id("opts").Op("...").Id("RequestOption")
	}).Qual("iter", "Seq2").Types(item.Clone(), jen.Error()).BlockFunc(func(b *jen.Group) {
		if hasParams {
			b.Var().Id("base").Id(op.Params.TypeName)
			b.If(jen.Id("params").Op("!=").Nil()).Block(jen.Id("base").Op("=").Op("*").Id("params"))
		}
		limit := func(g *jen.Group) jen.Code {
			if ro.limit == nil {
				return jen.Lit(0)
			}
			g.Id("limit").Op(":=").Lit(0)
			g.If(jen.Id("q").Dot(ro.limit.GoName).Op("!=").Nil()).Block(
				jen.Id("limit").Op("=").Int().Call(jen.Op("*").Id("q").Dot(ro.limit.GoName)))
			return jen.Id("limit")
		}
		fail := func(zeros ...jen.Code) jen.Code {
			return jen.If(jen.Err().Op("!=").Nil().Op("||").Id("res").Op("==").Nil()).Block(jen.Return(append(zeros, jen.Err())...))
		}
		switch p.Style {
		case ir.PageCursor:
			cur := ro.other.GoName
			b.Id("first").Op(":=").Lit("")
			b.If(jen.Id("base").Dot(cur).Op("!=").Nil()).Block(jen.Id("first").Op("=").Op("*").Id("base").Dot(cur))
			b.Return(jen.Id("cursorPages").Call(jen.Id("first"), jen.Func().Params(jen.Id("cursor").String()).
				Params(jen.Index().Add(item.Clone()), jen.Bool(), jen.String(), jen.Error()).BlockFunc(func(fb *jen.Group) {
				fb.Id("q").Op(":=").Id("base")
				fb.If(jen.Id("cursor").Op("!=").Lit("")).Block(jen.Id("q").Dot(cur).Op("=").Op("&").Id("cursor"))
				fb.List(jen.Id("res"), jen.Id("_"), jen.Err()).Op(":=").Id("s").Dot(op.Name).Call(call(jen.Op("&").Id("q"), jen.Id("opts").Op("..."))...)
				fb.Add(fail(jen.Nil(), jen.False(), jen.Lit("")))
				fb.Var().Id("more").Bool()
				fb.Add(fieldValue("more", jen.Id("res"), p.HasMore))
				fb.Var().Id("next").String()
				if p.NextCursor != nil {
					fb.Add(fieldValue("next", jen.Id("res"), p.NextCursor))
				} else {
					fb.If(jen.Id("n").Op(":=").Len(items()), jen.Id("n").Op(">").Lit(0)).Block(
						fieldValue("next", items().Index(jen.Id("n").Op("-").Lit(1)), p.CursorFrom))
				}
				fb.Return(items(), jen.Id("more"), jen.Id("next"), jen.Nil())
			})))
		case ir.PageNumber:
			pg := ro.other
			b.Id("first").Op(":=").Lit(1)
			b.If(jen.Id("base").Dot(pg.GoName).Op("!=").Nil()).Block(
				jen.Id("first").Op("=").Int().Call(jen.Op("*").Id("base").Dot(pg.GoName)))
			b.Return(jen.Id("pages").Call(jen.Id("first"), jen.Func().Params(jen.Id("page").Int()).
				Params(jen.Index().Add(item.Clone()), jen.Id("pageInfo"), jen.Error()).BlockFunc(func(fb *jen.Group) {
				fb.Id("q").Op(":=").Id("base")
				fb.Id("q").Dot(pg.GoName).Op("=").Id("Ptr").Call(goType(pg.Type).Call(jen.Id("page")))
				fb.List(jen.Id("res"), jen.Id("_"), jen.Err()).Op(":=").Id("s").Dot(op.Name).Call(call(jen.Op("&").Id("q"), jen.Id("opts").Op("..."))...)
				fb.Add(fail(jen.Nil(), jen.Id("pageInfo").Values()))
				l := limit(fb)
				fb.Return(items(), jen.Id("pageInfo").Values(jen.Dict{jen.Id("perPage"): l}), jen.Nil())
			})))
		case ir.PageOffset:
			off := ro.other
			b.Id("first").Op(":=").Lit(0)
			b.If(jen.Id("base").Dot(off.GoName).Op("!=").Nil()).Block(
				jen.Id("first").Op("=").Int().Call(jen.Op("*").Id("base").Dot(off.GoName)))
			b.Return(jen.Id("offsetPages").Call(jen.Id("first"), jen.Func().Params(jen.Id("offset").Int()).
				Params(jen.Index().Add(item.Clone()), jen.Int(), jen.Error()).BlockFunc(func(fb *jen.Group) {
				fb.Id("q").Op(":=").Id("base")
				fb.Id("q").Dot(off.GoName).Op("=").Id("Ptr").Call(goType(off.Type).Call(jen.Id("offset")))
				fb.List(jen.Id("res"), jen.Id("_"), jen.Err()).Op(":=").Id("s").Dot(op.Name).Call(call(jen.Op("&").Id("q"), jen.Id("opts").Op("..."))...)
				fb.Add(fail(jen.Nil(), jen.Lit(0)))
				l := limit(fb)
				fb.Return(items(), l, jen.Nil())
			})))
		case ir.PageLink:
			b.Return(jen.Id("linkPages").Call(jen.Func().Params(jen.Id("next").String()).
				Params(jen.Index().Add(item.Clone()), jen.Qual("net/http", "Header"), jen.Error()).BlockFunc(func(fb *jen.Group) {
				params := jen.Op("&").Id("base")
				fb.Id("o").Op(":=").Id("opts")
				if hasParams {
					fb.Id("q").Op(":=").Op("&").Id("base")
					params = jen.Id("q")
				}
				nextBlock := []jen.Code{
					jen.List(jen.Id("withNext"), jen.Err()).Op(":=").Id("s").Dot("core").Dot("withNextPage").Call(jen.Lit(op.Server), jen.Id("next")),
					jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Nil(), jen.Err())),
					// The link holds the query: the operation adds none.
					jen.Id("o").Op("=").Append(jen.Id("opts").Index(jen.Op(":").Len(jen.Id("opts")).Op(":").Len(jen.Id("opts"))), jen.Id("withNext")),
				}
				if hasParams {
					nextBlock = append(nextBlock, jen.Id("q").Op("=").Nil())
				}
				fb.If(jen.Id("next").Op("!=").Lit("")).Block(nextBlock...)
				fb.List(jen.Id("res"), jen.Id("resp"), jen.Err()).Op(":=").Id("s").Dot(op.Name).Call(call(params, jen.Id("o").Op("..."))...)
				fb.Add(fail(jen.Nil(), jen.Nil()))
				fb.Return(items(), jen.Id("resp").Dot("Header"), jen.Nil())
			})))
		}
	})
}

func fieldDoc(f *ir.PageField) string {
	if f == nil {
		return ""
	}
	return f.Name
}
