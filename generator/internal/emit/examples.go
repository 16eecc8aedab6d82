package emit

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

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
	Headers  []string   // required response headers, name and value pairs
	Output   string     // expected output
}

func (g *gen) pkgPath() string {
	if g.api.ImportPath != "" {
		return g.api.ImportPath
	}
	return g.api.Package
}

// typePkg is the import path of the package declaring the model name:
// the models package, or split, the service package it belongs to
// (ir.Type.Package).
func (g *gen) typePkg(name string) string {
	if t := g.types[name]; t != nil && t.Package != "" {
		return g.pkgPath() + "/" + t.Package
	}
	return g.pkgPath()
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

// exampleVars are the variables an example (and the README, whose snippets
// are examples) declares.
var exampleVars = []string{"client", "ctx", "err", "n", "resp", "result", "server", "stream", "u"}

// exampleLocals names each example variable: itself, unless a package the
// examples import has that name (with -package client, "client :=
// client.NewClient(...)" would shadow the package the next line names),
// then its first letter, else the name with a number, whichever neither a
// package nor another variable has.
func exampleLocals(api *ir.API) map[string]string {
	pkgs := map[string]bool{api.Package: true}
	if api.SplitServices {
		for _, svc := range api.Services {
			pkgs[svc.Package] = true
		}
	}
	used := map[string]bool{}
	for _, v := range exampleVars {
		used[v] = true
	}
	out := map[string]string{}
	for _, v := range exampleVars {
		name := v
		if pkgs[v] {
			name = v[:1]
			for i := 2; pkgs[name] || used[name]; i++ {
				name = v + strconv.Itoa(i)
			}
			used[name] = true
		}
		out[v] = name
	}
	return out
}

// v is the example variable named name (see exampleLocals).
func (g *gen) v(name string) *jen.Statement {
	if n, ok := g.locals[name]; ok {
		return jen.Id(n)
	}
	panic("emit: " + name + " is not an example variable")
}

func (g *gen) example(svc *ir.Service, op *ir.Operation) *example {
	ex := &example{Op: op, Service: svc, FuncName: "Example" + svc.TypeName + "_" + op.Name}
	args := []jen.Code{g.v("ctx")}
	for _, a := range op.Args {
		args = append(args, g.value(a.Type, a.Value, 0))
	}
	if op.Body != nil {
		v := g.value(op.Body.Type, op.Body.Value, 0)
		if op.Body.XMLType != nil {
			v = jen.Lit(g.ex.XML(op.Body.XMLType, op.Body.Value))
			if op.Body.Type.Name == "Reader" {
				v = jen.Qual("strings", "NewReader").Call(v)
			}
		}
		if !op.Body.Required && !op.Body.Type.IsNilable() {
			v = g.ptrTo(op.Body.Type, v)
		}
		args = append(args, v)
	}
	if op.Params != nil {
		args = append(args, jen.Nil())
	}
	on := g.v("client").Dot(svc.Field)
	if g.api.SplitServices {
		on = jen.Qual(g.pkgPath()+"/"+svc.Package, svc.Ctor).Call(g.v("client"))
	}
	call := on.Dot(op.Name).Call(args...)
	r := op.Result
	ex.Status = 200
	switch {
	case len(r.Codes) > 0:
		ex.Status = r.Codes[0]
	case len(r.EmptyCodes) > 0:
		ex.Status = r.EmptyCodes[0]
	}
	for _, h := range r.HeadersFor(ex.Status) {
		if v, ok := headerText(h); ok {
			ex.Headers = append(ex.Headers, h.Name, v)
		}
	}
	fatal := jen.If(g.v("err").Op("!=").Nil()).Block(jen.Qual("log", "Fatal").Call(g.v("err")))
	switch r.Kind {
	case "json":
		ex.Media = r.ContentType
		ex.Body = exampleJSON(r)
		ex.Stmts = []jen.Code{
			jen.List(g.v("result"), g.v("resp"), g.v("err")).Op(":=").Add(call),
			fatal,
			jen.Qual("fmt", "Println").Call(g.v("resp").Dot("StatusCode"), g.v("result").Op("!=").Nil()),
		}
		ex.Output = fmt.Sprintf("%d true", ex.Status)
	case "binary", "text":
		ex.Media = concreteMedia(r.ContentType)
		if r.FirstMedia != "" {
			ex.Media = concreteMedia(r.FirstMedia)
		}
		ex.Body = "example body"
		ex.Stmts = []jen.Code{
			jen.List(g.v("stream"), g.v("resp"), g.v("err")).Op(":=").Add(call),
			fatal,
			jen.Defer().Add(g.v("stream")).Dot("Close").Call(),
			jen.List(g.v("n"), g.v("err")).Op(":=").Qual("io", "Copy").Call(jen.Qual("io", "Discard"), g.v("stream")),
			fatal.Clone(),
			jen.Qual("fmt", "Println").Call(g.v("resp").Dot("StatusCode"), g.v("n")),
		}
		ex.Output = fmt.Sprintf("%d %d", ex.Status, len(ex.Body))
	default:
		ex.Stmts = []jen.Code{
			jen.List(g.v("resp"), g.v("err")).Op(":=").Add(call),
			fatal,
			jen.Qual("fmt", "Println").Call(g.v("resp").Dot("StatusCode")),
		}
		ex.Output = strconv.Itoa(ex.Status)
	}
	return ex
}

// serverArgs are the exampleServer arguments answering ex.
func serverArgs(ex *example) []jen.Code {
	args := []jen.Code{jen.Lit(ex.Status), jen.Lit(ex.Media), jen.Lit(ex.Body)}
	for _, h := range ex.Headers {
		args = append(args, jen.Lit(h))
	}
	return args
}

// headerText is a required response header's example value as the
// canned server sends it: JSON text for a content: application/json
// header, else the simple style (scalars as text, arrays comma-separated).
func headerText(h *ir.ResponseHeader) (string, bool) {
	if h.Value == nil && !h.JSON {
		return "", false
	}
	if h.JSON {
		b, err := json.Marshal(h.Value)
		return string(b), err == nil
	}
	var simple func(v any) (string, bool)
	simple = func(v any) (string, bool) {
		switch v := v.(type) {
		case string:
			return v, true
		case bool:
			return strconv.FormatBool(v), true
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64), true
		case int:
			return strconv.Itoa(v), true
		case int64:
			return strconv.FormatInt(v, 10), true
		case []any:
			parts := make([]string, len(v))
			for i, e := range v {
				t, ok := simple(e)
				if !ok {
					return "", false
				}
				parts[i] = t
			}
			return strings.Join(parts, ","), true
		}
		return "", false
	}
	return simple(h.Value)
}

// concreteMedia is the Content-Type a server answers for a declared media
// range: image/* → image/png, */* → application/octet-stream.
func concreteMedia(mt string) string {
	switch {
	case mt == "*/*" || mt == "":
		return "application/octet-stream"
	case strings.HasSuffix(mt, "/*"):
		sub := map[string]string{"image": "png", "text": "plain", "audio": "mpeg", "video": "mp4", "application": "octet-stream"}[strings.TrimSuffix(mt, "/*")]
		if sub == "" {
			sub = "octet-stream"
		}
		return strings.TrimSuffix(mt, "*") + sub
	}
	return mt
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

// value is a Go expression of type t for examples holding the JSON value
// v (derived by ir.Examples: the spec's example when it validates, else a
// value satisfying the schema). Structs set their required members.
func (g *gen) value(t *ir.TypeRef, v any, depth int) *jen.Statement {
	switch t.Kind {
	case ir.Slice:
		xs, _ := v.([]any)
		if depth > 12 {
			return jen.Nil()
		}
		var elems []jen.Code
		nt := g.types[t.Elem.Name]
		isStruct := t.Elem.Kind == ir.Named && nt != nil && nt.Kind == ir.Struct
		for _, x := range xs {
			if isStruct {
				// Elide the element type, as gofmt -s would.
				obj, _ := x.(map[string]any)
				elems = append(elems, jen.Values(g.structFields(nt, obj, depth+1)))
				continue
			}
			elems = append(elems, g.value(t.Elem, x, depth+1))
		}
		return jen.Index().Add(g.qualType(t.Elem)).Values(elems...)
	case ir.Map:
		obj, _ := v.(map[string]any)
		d := jen.Dict{}
		for _, k := range ir.SortedKeys(obj) {
			d[jen.Lit(k)] = g.value(t.Elem, obj[k], depth+1)
		}
		return jen.Map(jen.String()).Add(g.qualType(t.Elem)).Values(d)
	case ir.Named:
		pkg := g.typePkg(t.Name)
		nt := g.types[t.Name]
		if nt == nil {
			return jen.Qual(pkg, t.Name).Values()
		}
		switch nt.Kind {
		case ir.Enum:
			for _, ev := range nt.Values {
				if ev.Value == v || fmt.Sprint(ev.Value) == fmt.Sprint(v) {
					return jen.Qual(pkg, ev.Const)
				}
			}
			if len(nt.Values) > 0 {
				return jen.Qual(pkg, nt.Values[0].Const)
			}
			return jen.Qual(pkg, t.Name).Call(g.value(nt.Base, v, depth))
		case ir.Alias:
			return g.value(nt.Base, v, depth)
		case ir.Union:
			uv, ok := v.(ir.UnionValue)
			if !ok {
				uv, ok = g.ex.Value(t, nil, ir.Request).(ir.UnionValue)
			}
			if !ok || uv.Variant >= len(nt.Variants) || depth > 12 {
				return jen.Qual(pkg, t.Name).Values()
			}
			vr := nt.Variants[uv.Variant]
			return jen.Func().Params().Qual(pkg, t.Name).Block(
				jen.Var().Add(g.v("u")).Qual(pkg, t.Name),
				jen.If(g.v("err").Op(":=").Add(g.v("u")).Dot("From"+vr.Name).Call(g.value(vr.Type, uv.Value, depth+1)), g.v("err").Op("!=").Nil()).Block(
					jen.Qual("log", "Fatal").Call(g.v("err"))),
				jen.Return(g.v("u")),
			).Call()
		}
		if depth > 12 {
			return jen.Qual(pkg, t.Name).Values()
		}
		obj, _ := v.(map[string]any)
		return jen.Qual(pkg, t.Name).Values(g.structFields(nt, obj, depth))
	}
	switch t.Name {
	case "string":
		s, ok := v.(string)
		if !ok && v != nil {
			s = fmt.Sprint(v)
		}
		return jen.Lit(s)
	case "bool":
		b, _ := v.(bool)
		return jen.Lit(b)
	case "int32", "int64":
		n, _ := v.(float64)
		return jen.Lit(int(n))
	case "float32", "float64":
		n, _ := v.(float64)
		return jen.Lit(n)
	case "Time":
		tm, err := time.Parse(time.RFC3339Nano, fmt.Sprint(v))
		if err != nil {
			tm = time.Date(2024, time.January, 2, 15, 4, 5, 0, time.UTC)
		}
		tm = tm.UTC()
		return jen.Qual("time", "Date").Call(jen.Lit(tm.Year()), jen.Qual("time", tm.Month().String()), jen.Lit(tm.Day()), jen.Lit(tm.Hour()), jen.Lit(tm.Minute()), jen.Lit(tm.Second()), jen.Lit(tm.Nanosecond()), jen.Qual("time", "UTC"))
	case "Date":
		tm, err := time.Parse("2006-01-02", fmt.Sprint(v))
		if err != nil {
			tm = time.Date(2024, time.January, 2, 0, 0, 0, 0, time.UTC)
		}
		return jen.Qual(t.Pkg, "Date").Values(jen.Dict{jen.Id("Time"): jen.Qual("time", "Date").Call(jen.Lit(tm.Year()), jen.Qual("time", tm.Month().String()), jen.Lit(tm.Day()), jen.Lit(0), jen.Lit(0), jen.Lit(0), jen.Lit(0), jen.Qual("time", "UTC"))})
	case "[]byte":
		data := "data"
		if s, ok := v.(string); ok {
			if b, err := base64.StdEncoding.DecodeString(s); err == nil {
				data = string(b)
			}
		}
		return jen.Index().Byte().Call(jen.Lit(data))
	case "Reader":
		s, ok := v.(string)
		if !ok {
			s = "example"
		}
		return jen.Qual("strings", "NewReader").Call(jen.Lit(s))
	case "any":
		return anyLiteral(v)
	}
	return jen.Nil()
}

// anyLiteral is the Go literal of a JSON value of type any.
func anyLiteral(v any) *jen.Statement {
	switch x := v.(type) {
	case nil:
		return jen.Nil()
	case string, bool, float64:
		return jen.Lit(x)
	case []any:
		var elems []jen.Code
		for _, e := range x {
			elems = append(elems, anyLiteral(e))
		}
		return jen.Index().Any().Values(elems...)
	case map[string]any:
		d := jen.Dict{}
		for _, k := range ir.SortedKeys(x) {
			d[jen.Lit(k)] = anyLiteral(x[k])
		}
		return jen.Map(jen.String()).Any().Values(d)
	case ir.UnionValue:
		return anyLiteral(x.Value)
	}
	return jen.Lit(fmt.Sprint(v))
}

// structFields fills the required members of a struct literal, and those
// its first alternative sets (ir.Branch), from the example object obj
// (members it lacks are derived from the schema).
func (g *gen) structFields(nt *ir.Type, obj map[string]any, depth int) jen.Dict {
	d := jen.Dict{}
	for _, f := range nt.Fields {
		if !f.Required && !nt.Branch.Sets(f.JSONName) || f.ReadOnly {
			continue
		}
		x, ok := obj[f.JSONName]
		if !ok {
			x = g.ex.Value(f.Type, f.Check, ir.Request)
		}
		if x == nil && f.Nullable {
			continue // null: the zero value of a nullable member
		}
		v := g.value(f.Type, x, depth+1)
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
		return ptr.Types(g.qualType(t)).Call(v)
	}
	switch t.Name {
	case "string", "bool", "float64", "Time", "Date", "[]byte":
		return ptr.Call(v)
	}
	return ptr.Types(g.qualType(t)).Call(v)
}

// qualType is t spelled from outside the package declaring it.
func (g *gen) qualType(t *ir.TypeRef) *jen.Statement {
	switch t.Kind {
	case ir.Named:
		return jen.Qual(g.typePkg(t.Name), t.Name)
	case ir.Slice:
		return jen.Index().Add(g.qualType(t.Elem))
	case ir.Map:
		return jen.Map(jen.String()).Add(g.qualType(t.Elem))
	}
	return goType(t)
}

// exampleJSON is the response body of a result: its example value (see
// ir.Examples), JSON-encoded.
func exampleJSON(r *ir.Result) string {
	b, err := json.Marshal(r.Value)
	if err != nil {
		return "null"
	}
	return string(b)
}

// exampleFile is example_test.go: every snippet, run against a canned
// server so `go test` proves the documented code compiles and works.
func (g *gen) exampleFile(examples []*example) *jen.File {
	return g.exampleFileFor(g.pkgPath(), g.api.Package, examples)
}

// exampleFileFor is the example file of the package at path dir (the
// models package's or, split, a service's) named name.
func (g *gen) exampleFileFor(dir, name string, examples []*example) *jen.File {
	pkg := g.pkgPath()
	f := jen.NewFilePathName(dir+"_test", name+"_test")
	f.HeaderComment("// " + Header(g.api.SpecFile))
	f.ImportName(pkg, g.api.Package)
	f.ImportName("github.com/oapi-codegen/runtime/types", "types")
	f.Add(comment("exampleServer answers every request with one canned response."))
	// The headers parameter (name, value pairs) only where some canned
	// response carries required headers.
	withHeaders := false
	for _, ex := range examples {
		withHeaders = withHeaders || len(ex.Headers) > 0
	}
	params := []jen.Code{jen.Id("status").Int(), jen.List(jen.Id("contentType"), jen.Id("body")).String()}
	var setHeaders []jen.Code
	if withHeaders {
		params = append(params, jen.Id("headers").Op("...").String())
		setHeaders = append(setHeaders, jen.For(jen.Id("i").Op(":=").Lit(0), jen.Id("i").Op("+").Lit(1).Op("<").Len(jen.Id("headers")), jen.Id("i").Op("+=").Lit(2)).Block(
			jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Id("headers").Index(jen.Id("i")), jen.Id("headers").Index(jen.Id("i").Op("+").Lit(1))),
		))
	}
	handler := append([]jen.Code{
		jen.If(jen.Id("contentType").Op("!=").Lit("")).Block(
			jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("Content-Type"), jen.Id("contentType")),
		),
	}, setHeaders...)
	handler = append(handler,
		jen.Id("w").Dot("WriteHeader").Call(jen.Id("status")),
		jen.List(jen.Id("_"), jen.Id("_")).Op("=").Qual("io", "WriteString").Call(jen.Id("w"), jen.Id("body")),
	)
	f.Func().Id("exampleServer").Params(params...).Op("*").Qual("net/http/httptest", "Server").Block(
		jen.Return(jen.Qual("net/http/httptest", "NewServer").Call(jen.Qual("net/http", "HandlerFunc").Call(
			jen.Func().Params(jen.Id("w").Qual("net/http", "ResponseWriter"), jen.Id("_").Op("*").Qual("net/http", "Request")).Block(handler...),
		))),
	)
	var args []jen.Code
	for _, a := range g.api.Auth {
		switch a.Kind {
		case "basic", "digest":
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
			cargs = append([]jen.Code{g.v("server").Dot("URL")}, cargs...)
		} else {
			cargs = append(cargs, jen.Qual(pkg, "WithBaseURL").Call(g.v("server").Dot("URL")))
		}
		body := []jen.Code{
			g.v("server").Op(":=").Id("exampleServer").Call(serverArgs(ex)...),
			jen.Defer().Add(g.v("server")).Dot("Close").Call(),
			g.v("client").Op(":=").Qual(pkg, "NewClient").Call(cargs...),
			g.v("ctx").Op(":=").Qual("context", "Background").Call(),
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
			case "basic", "digest":
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
