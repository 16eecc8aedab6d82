package emit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/atriumgen/atriumgen/generator/internal/ir"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

// example is the usage snippet of one operation: the same statements are
// compiled and run in example_test.go and shown in the Markdown docs.
type example struct {
	Op       *ir.Operation
	Service  *ir.Service
	FuncName string     // ExampleMembersService_ReadMember
	Stmts    []jen.Code // the snippet, using client and ctx
	Snippet  string     // Stmts rendered as Go source
	Status   int        // status the example server answers with
	Media    string     // content type of the canned response
	Body     string     // canned response body
	Output   string     // expected output
}

func (g *gen) pkgPath() string {
	if g.api.ImportPath != "" {
		return g.api.ImportPath
	}
	return g.api.Package
}

// examples builds one example per operation.
func (g *gen) examples() ([]*example, error) {
	var out []*example
	for _, svc := range g.api.Services {
		for _, op := range svc.Operations {
			ex := g.example(svc, op)
			s, err := renderStmts(g.pkgPath(), g.api.Package, ex.Stmts)
			if err != nil {
				return nil, fmt.Errorf("example for %s: %w", op.Name, err)
			}
			ex.Snippet = s
			out = append(out, ex)
		}
	}
	return out, nil
}

func (g *gen) example(svc *ir.Service, op *ir.Operation) *example {
	ex := &example{Op: op, Service: svc, FuncName: "Example" + svc.TypeName + "_" + op.Name}
	args := []jen.Code{jen.Id("ctx")}
	for _, a := range op.Args {
		args = append(args, g.value(a.Type, a.Example, 0))
	}
	if op.Body != nil {
		v := g.value(op.Body.Type, nil, 0)
		if !op.Body.Required && !op.Body.Type.IsNilable() {
			v = g.ptrTo(op.Body.Type, v)
		}
		args = append(args, v)
	}
	if op.Params != nil {
		args = append(args, jen.Nil())
	}
	call := jen.Id("client").Dot(svc.Field).Dot(op.Name).Call(args...)
	r := op.Result
	ex.Status = 200
	switch {
	case len(r.Codes) > 0:
		ex.Status = r.Codes[0]
	case len(r.EmptyCodes) > 0:
		ex.Status = r.EmptyCodes[0]
	}
	fatal := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(jen.Err()))
	switch r.Kind {
	case "json":
		ex.Media = r.ContentType
		ex.Body = g.exampleJSON(r.Type)
		ex.Stmts = []jen.Code{
			jen.List(jen.Id("result"), jen.Id("resp"), jen.Err()).Op(":=").Add(call),
			fatal,
			jen.Qual("fmt", "Println").Call(jen.Id("resp").Dot("StatusCode"), jen.Id("result").Op("!=").Nil()),
		}
		ex.Output = fmt.Sprintf("%d true", ex.Status)
	case "binary", "text":
		ex.Media = r.ContentType
		ex.Body = "example body"
		ex.Stmts = []jen.Code{
			jen.List(jen.Id("stream"), jen.Id("resp"), jen.Err()).Op(":=").Add(call),
			fatal,
			jen.Defer().Id("stream").Dot("Close").Call(),
			jen.List(jen.Id("n"), jen.Err()).Op(":=").Qual("io", "Copy").Call(jen.Qual("io", "Discard"), jen.Id("stream")),
			fatal.Clone(),
			jen.Qual("fmt", "Println").Call(jen.Id("resp").Dot("StatusCode"), jen.Id("n")),
		}
		ex.Output = fmt.Sprintf("%d %d", ex.Status, len(ex.Body))
	default:
		ex.Stmts = []jen.Code{
			jen.List(jen.Id("resp"), jen.Err()).Op(":=").Add(call),
			fatal,
			jen.Qual("fmt", "Println").Call(jen.Id("resp").Dot("StatusCode")),
		}
		ex.Output = strconv.Itoa(ex.Status)
	}
	return ex
}

// renderStmts renders statements as gofmt'ed Go source without
// indentation, package names standing for import paths.
func renderStmts(pkgPath, pkg string, stmts []jen.Code) (string, error) {
	f := jen.NewFilePathName(pkgPath+"_snippet", "snippet")
	f.ImportName(pkgPath, pkg)
	f.Func().Id("snippet").Params().Block(stmts...)
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return "", err
	}
	src := buf.String()
	start := strings.Index(src, "func snippet() {\n")
	if start < 0 {
		return "", fmt.Errorf("rendered snippet has no body")
	}
	body := src[start+len("func snippet() {\n"):]
	body = body[:strings.LastIndex(body, "}")]
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "\t"))
	}
	return strings.Join(lines, "\n"), nil
}

// value is a Go expression of type t for examples: the spec's example
// when it has one, else a plain placeholder. Structs fill their required
// fields only.
func (g *gen) value(t *ir.TypeRef, example any, depth int) *jen.Statement {
	pkg := g.pkgPath()
	switch t.Kind {
	case ir.Slice:
		var elem any
		if xs, ok := example.([]any); ok && len(xs) > 0 {
			elem = xs[0]
		}
		if depth > 3 {
			return jen.Nil()
		}
		if nt := g.types[t.Elem.Name]; t.Elem.Kind == ir.Named && nt != nil && nt.Kind == ir.Struct {
			// Elide the element type, as gofmt -s would.
			obj, _ := elem.(map[string]any)
			return jen.Index().Add(qualType(pkg, t.Elem)).Values(jen.Values(g.structFields(nt, obj, depth+1)))
		}
		return jen.Index().Add(qualType(pkg, t.Elem)).Values(g.value(t.Elem, elem, depth+1))
	case ir.Map:
		return jen.Map(jen.String()).Add(qualType(pkg, t.Elem)).Values()
	case ir.Named:
		nt := g.types[t.Name]
		if nt == nil {
			return jen.Qual(pkg, t.Name).Values()
		}
		switch nt.Kind {
		case ir.Enum:
			if len(nt.Values) > 0 {
				return jen.Qual(pkg, nt.Values[0].Const)
			}
			return jen.Qual(pkg, t.Name).Call(g.value(nt.Base, example, depth))
		case ir.Alias:
			return g.value(nt.Base, firstNonNil(example, nt.Example), depth)
		case ir.Union:
			if len(nt.Variants) == 0 || depth > 3 {
				return jen.Qual(pkg, t.Name).Values()
			}
			// Set to its first variant, so the example sends no null.
			v := nt.Variants[0]
			var obj any
			if nt.Discriminator != "" && len(v.Values) > 0 {
				obj = map[string]any{nt.Discriminator: v.Values[0]}
			}
			return jen.Func().Params().Qual(pkg, t.Name).Block(
				jen.Var().Id("u").Qual(pkg, t.Name),
				jen.If(jen.Err().Op(":=").Id("u").Dot("From"+v.Name).Call(g.value(v.Type, obj, depth+1)), jen.Err().Op("!=").Nil()).Block(
					jen.Qual("log", "Fatal").Call(jen.Err())),
				jen.Return(jen.Id("u")),
			).Call()
		}
		if depth > 3 {
			return jen.Qual(pkg, t.Name).Values()
		}
		obj, _ := example.(map[string]any)
		return jen.Qual(pkg, t.Name).Values(g.structFields(nt, obj, depth))
	}
	switch t.Name {
	case "string":
		if s, ok := example.(string); ok {
			return jen.Lit(s)
		}
		return jen.Lit("string")
	case "bool":
		b, _ := example.(bool)
		return jen.Lit(b)
	case "int32", "int64":
		n, _ := example.(float64)
		return jen.Lit(int(n))
	case "float32", "float64":
		n, _ := example.(float64)
		return jen.Lit(n)
	case "Time":
		return jen.Qual("time", "Date").Call(jen.Lit(2024), jen.Qual("time", "January"), jen.Lit(2), jen.Lit(15), jen.Lit(4), jen.Lit(5), jen.Lit(0), jen.Qual("time", "UTC"))
	case "Date":
		return jen.Qual(t.Pkg, "Date").Values(jen.Dict{jen.Id("Time"): jen.Qual("time", "Date").Call(jen.Lit(2024), jen.Qual("time", "January"), jen.Lit(2), jen.Lit(0), jen.Lit(0), jen.Lit(0), jen.Lit(0), jen.Qual("time", "UTC"))})
	case "[]byte":
		return jen.Index().Byte().Call(jen.Lit("data"))
	case "Reader":
		return jen.Qual("strings", "NewReader").Call(jen.Lit("example"))
	}
	return jen.Nil()
}

// structFields fills the required fields of a struct literal.
func (g *gen) structFields(nt *ir.Type, obj map[string]any, depth int) jen.Dict {
	d := jen.Dict{}
	for _, f := range nt.Fields {
		if !f.Required || f.ReadOnly {
			continue
		}
		v := g.value(f.Type, firstNonNil(obj[f.JSONName], f.Example), depth+1)
		if f.Pointer {
			v = g.ptrTo(f.Type, v)
		}
		d[jen.Id(f.Name)] = v
	}
	return d
}

// ptrTo is a pointer to the example value v of type t: &T{...} for a
// composite literal, else Ptr(v), with T spelled out when v's own type
// would differ (an untyped constant for int32 or a named integer type, nil
// for any).
func (g *gen) ptrTo(t *ir.TypeRef, v *jen.Statement) *jen.Statement {
	pkg := g.pkgPath()
	ptr := jen.Qual(pkg, "Ptr")
	switch t.Kind {
	case ir.Slice, ir.Map:
		return ptr.Call(v)
	case ir.Named:
		nt := g.types[t.Name]
		switch {
		case nt == nil || nt.Kind == ir.Struct:
			return jen.Op("&").Add(v)
		case nt.Kind == ir.Enum || nt.Kind == ir.Union:
			return ptr.Call(v) // a typed constant, conversion or call
		}
		return ptr.Types(qualType(pkg, t)).Call(v)
	}
	switch t.Name {
	case "string", "bool", "float64", "Time", "Date", "[]byte":
		return ptr.Call(v)
	}
	return ptr.Types(qualType(pkg, t)).Call(v)
}

func qualType(pkg string, t *ir.TypeRef) *jen.Statement {
	switch t.Kind {
	case ir.Named:
		return jen.Qual(pkg, t.Name)
	case ir.Slice:
		return jen.Index().Add(qualType(pkg, t.Elem))
	case ir.Map:
		return jen.Map(jen.String()).Add(qualType(pkg, t.Elem))
	}
	return goType(t)
}

func firstNonNil(vs ...any) any {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

// exampleJSON is a response body for t built from the spec's examples:
// fields have their example or a placeholder. Nested objects stop at a
// small depth, so the body stays small on deeply linked schemas.
func (g *gen) exampleJSON(t *ir.TypeRef) string {
	var buf bytes.Buffer
	g.writeJSON(&buf, t, nil, 0)
	return buf.String()
}

const maxExampleDepth = 3

func writeAny(buf *bytes.Buffer, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte("null")
	}
	buf.Write(b)
}

func (g *gen) writeJSON(buf *bytes.Buffer, t *ir.TypeRef, example any, depth int) {
	if example != nil {
		writeAny(buf, example)
		return
	}
	switch t.Kind {
	case ir.Slice:
		if depth >= maxExampleDepth {
			buf.WriteString("[]")
			return
		}
		buf.WriteByte('[')
		g.writeJSON(buf, t.Elem, nil, depth+1)
		buf.WriteByte(']')
		return
	case ir.Map:
		buf.WriteString("{}")
		return
	case ir.Named:
		nt := g.types[t.Name]
		if nt == nil {
			buf.WriteString("null")
			return
		}
		switch nt.Kind {
		case ir.Enum:
			if len(nt.Values) > 0 {
				writeAny(buf, nt.Values[0].Value)
				return
			}
			g.writeJSON(buf, nt.Base, nil, depth)
			return
		case ir.Alias:
			g.writeJSON(buf, nt.Base, nt.Example, depth)
			return
		case ir.Union:
			if depth == 0 && len(nt.Variants) > 0 {
				// A whole body: null is not one (a DecodeError), so
				// the first variant's.
				g.writeJSON(buf, nt.Variants[0].Type, nil, depth)
				return
			}
			buf.WriteString("null") // an empty union encodes as null
			return
		}
		if nt.Example != nil {
			writeAny(buf, nt.Example)
			return
		}
		buf.WriteByte('{')
		n := 0
		for _, f := range nt.Fields {
			if f.WriteOnly || (depth >= maxExampleDepth && !f.Required) {
				continue
			}
			if n > 0 {
				buf.WriteByte(',')
			}
			n++
			writeAny(buf, f.JSONName)
			buf.WriteByte(':')
			if depth >= maxExampleDepth+2 {
				buf.WriteString("null") // a required cycle: cut it
				continue
			}
			g.writeJSON(buf, f.Type, f.Example, depth+1)
		}
		buf.WriteByte('}')
		return
	}
	switch t.Name {
	case "string":
		buf.WriteString(`"string"`)
	case "bool":
		buf.WriteString("false")
	case "int32", "int64", "float32", "float64":
		buf.WriteString("0")
	case "Time":
		buf.WriteString(`"2024-01-02T15:04:05Z"`)
	case "Date":
		buf.WriteString(`"2024-01-02"`)
	case "[]byte":
		buf.WriteString(`"ZGF0YQ=="`)
	default:
		buf.WriteString("null")
	}
}

// exampleFile is example_test.go: every snippet, run against a canned
// server so `go test` proves the documented code compiles and works.
func (g *gen) exampleFile(examples []*example) *jen.File {
	pkg := g.pkgPath()
	f := jen.NewFilePathName(pkg+"_test", g.api.Package+"_test")
	f.HeaderComment("// " + Header(g.api.SpecFile))
	f.ImportName(pkg, g.api.Package)
	f.ImportName("github.com/oapi-codegen/runtime/types", "types")
	f.Add(comment("exampleServer answers every request with one canned response."))
	f.Func().Id("exampleServer").Params(jen.Id("status").Int(), jen.List(jen.Id("contentType"), jen.Id("body")).String()).Op("*").Qual("net/http/httptest", "Server").Block(
		jen.Return(jen.Qual("net/http/httptest", "NewServer").Call(jen.Qual("net/http", "HandlerFunc").Call(
			jen.Func().Params(jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("_").Op("*").Qual("net/http", "Request")).Block(
				jen.If(jen.Id("contentType").Op("!=").Lit("")).Block(
					jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("Content-Type"), jen.Id("contentType")),
				),
				jen.Id("w").Dot("WriteHeader").Call(jen.Id("status")),
				jen.List(jen.Id("_"), jen.Id("_")).Op("=").Qual("io", "WriteString").Call(jen.Id("w"), jen.Id("body")),
			),
		))),
	)
	var args []jen.Code
	for _, a := range g.api.Auth {
		switch a.Kind {
		case "basic":
			args = append(args, jen.Lit(placeholder(a.ArgName)), jen.Lit(placeholder(a.ArgName2)))
		case "oauth2":
			args = append(args, jen.Func().Params(jen.Qual("context", "Context")).Params(jen.String(), jen.Error()).Block(
				jen.Return(jen.Lit(placeholder(a.ArgName)), jen.Nil())))
		default:
			args = append(args, jen.Lit(placeholder(a.ArgName)))
		}
	}
	sort.SliceStable(examples, func(i, j int) bool { return examples[i].FuncName < examples[j].FuncName })
	for _, ex := range examples {
		cargs := append(append([]jen.Code{}, args...), g.exampleCredentials(ex.Op)...)
		if g.api.BaseURLRequired {
			cargs = append([]jen.Code{jen.Id("server").Dot("URL")}, cargs...)
		} else {
			cargs = append(cargs, jen.Qual(pkg, "WithBaseURL").Call(jen.Id("server").Dot("URL")))
		}
		body := []jen.Code{
			jen.Id("server").Op(":=").Id("exampleServer").Call(jen.Lit(ex.Status), jen.Lit(ex.Media), jen.Lit(ex.Body)),
			jen.Defer().Id("server").Dot("Close").Call(),
			jen.Id("client").Op(":=").Qual(pkg, "NewClient").Call(cargs...),
			jen.Id("ctx").Op(":=").Qual("context", "Background").Call(),
			jen.Line(),
		}
		body = append(body, ex.Stmts...)
		body = append(body, comment("Output: "+ex.Output))
		f.Func().Id(ex.FuncName).Params().Block(body...)
		f.Line()
	}
	return f
}

// exampleCredentials are the With<Scheme> options, with placeholder
// values, that op's first satisfiable security alternative needs beyond
// the credentials NewClient takes.
func (g *gen) exampleCredentials(op *ir.Operation) []jen.Code {
	if op.NoAuth {
		return nil
	}
	reqs := op.Security
	if reqs == nil {
		reqs = g.api.Security
	}
	pkg := g.pkgPath()
	known := map[string]*ir.AuthArg{}
	for _, a := range g.api.Auth {
		known[a.Scheme] = nil // sent already
	}
	for _, a := range g.api.AuthOptions {
		known[a.Scheme] = a
	}
alternatives:
	for _, alt := range reqs {
		var opts []jen.Code
		for _, scheme := range alt {
			a, ok := known[scheme]
			if !ok {
				continue alternatives // a scheme the SDK cannot send
			}
			if a == nil {
				continue
			}
			name := placeholder(names.Camel(a.Scheme))
			switch a.Kind {
			case "basic":
				opts = append(opts, jen.Qual(pkg, a.Option).Call(jen.Lit("YOUR_USERNAME"), jen.Lit("YOUR_PASSWORD")))
			case "oauth2":
				opts = append(opts, jen.Qual(pkg, a.Option).Call(jen.Func().Params(jen.Qual("context", "Context")).Params(jen.String(), jen.Error()).Block(
					jen.Return(jen.Lit(name), jen.Nil()))))
			default:
				opts = append(opts, jen.Qual(pkg, a.Option).Call(jen.Lit(name)))
			}
		}
		return opts
	}
	return nil
}

// placeholder is the example value of a credential argument: apiKey →
// "YOUR_API_KEY".
func placeholder(arg string) string {
	var b strings.Builder
	for i, r := range arg {
		if r >= 'A' && r <= 'Z' && i > 0 && !(arg[i-1] >= 'A' && arg[i-1] <= 'Z') {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return "YOUR_" + strings.ToUpper(b.String())
}
