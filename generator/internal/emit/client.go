package emit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/atriumgen/atriumgen/generator/internal/ir"
)

// clientFile declares the package doc, servers, Client, NewClient, the
// service types and the error decoders.
func (g *gen) clientFile() *jen.File {
	api := g.api
	f := g.newFile()
	doc := fmt.Sprintf("Package %s is a client for the %s", api.Package, api.Title)
	if api.Version != "" {
		doc += " (version " + api.Version + ")"
	}
	packageComment(f, doc+".")
	packageComment(f, "")
	if api.SplitServices {
		packageComment(f, "Create a Client with NewClient and call the API through its services, one package per tag under this one: pass the Client to the service package's constructor. A program compiles only the service packages it imports. The models services share are in this package; a model only one service's operations use is declared in that service's package.")
	} else {
		packageComment(f, "Create a Client with NewClient and call the API through its services, one per tag.")
	}
	packageComment(f, "")
	packageComment(f, modelsDoc)
	if !api.SplitServices {
		f.Add(comment("sdkName prefixes error messages and the default User-Agent."))
		f.Const().Id("sdkName").Op("=").Lit(api.Package)
	}

	if len(api.Servers) > 0 {
		f.Add(comment("Servers the API is served from; pass one to WithBaseURL."))
		f.Const().DefsFunc(func(d *jen.Group) {
			for i, s := range api.Servers {
				text := fmt.Sprintf("%s is %s", s.Const, s.URL)
				if s.Description != "" {
					text += " (" + s.Description + ")"
				}
				if i == 0 {
					text += ", the default"
				}
				d.Add(comment(text + "."))
				d.Id(s.Const).Op("=").Lit(s.URL)
			}
		})
	}

	for _, s := range api.Servers {
		if s.Func == "" {
			continue
		}
		var vars []string
		for _, v := range s.Vars {
			d := fmt.Sprintf("%s (default %q", v.ArgName, v.Default)
			if len(v.Enum) > 0 {
				d += "; one of " + strings.Join(v.Enum, ", ")
			}
			d += ")"
			if v.Doc != "" {
				d += ": " + v.Doc
			}
			vars = append(vars, d)
		}
		f.Add(comment(fmt.Sprintf("%s returns the URL of %s with its variables set, for WithBaseURL: %s. Values are path-escaped; an empty value stands for the default.", s.Func, s.Template, strings.Join(vars, "; "))))
		f.Func().Id(s.Func).ParamsFunc(func(p *jen.Group) {
			for _, v := range s.Vars {
				p.Id(v.ArgName).String()
			}
		}).String().Block(jen.Return(jen.Id("serverURL").CallFunc(func(c *jen.Group) {
			c.Lit(s.Template)
			for _, v := range s.Vars {
				c.Lit(v.Name)
				c.Id(v.ArgName)
				c.Lit(v.Default)
			}
		})))
	}

	if !api.SplitServices {
		f.Add(comment("Client calls the " + api.Title + ". It is safe for concurrent use."))
		f.Type().Id("Client").StructFunc(func(s *jen.Group) {
			for _, svc := range api.Services {
				s.Add(comment(fmt.Sprintf("%s calls the %s operations.", svc.Field, svc.Tag)))
				s.Id(svc.Field).Op("*").Id(svc.TypeName)
			}
			s.Line()
			s.Id("core").Op("*").Id("core")
		})
	}

	ncDoc := "NewClient returns a Client."
	if len(api.Auth) > 0 {
		var sends []string
		for _, a := range api.Auth {
			switch a.Kind {
			case "bearer":
				sends = append(sends, a.ArgName+" as a bearer token")
			case "basic":
				sends = append(sends, a.ArgName+" and "+a.ArgName2+" as HTTP basic authentication")
			case "digest":
				sends = append(sends, a.ArgName+" and "+a.ArgName2+" as HTTP Digest authentication (answering the server's challenge)")
			case "oauth2":
				sends = append(sends, "the token "+a.ArgName+" returns as a bearer token")
			default:
				sends = append(sends, fmt.Sprintf("%s as the %s %s", a.ArgName, a.Name, a.In))
			}
		}
		ncDoc = "NewClient returns a Client that sends " + strings.Join(sends, " and ") + " with every request."
	}
	if api.BaseURLRequired {
		ncDoc += fmt.Sprintf(" baseURL is the API's absolute URL, such as \"https://api.example.com%s\": the spec's server %s is relative to the host serving the API, which only the caller knows.", api.Servers[0].URL, api.Servers[0].URL)
	} else if len(api.Servers) > 0 {
		ncDoc += fmt.Sprintf(" Requests go to %s unless WithBaseURL says otherwise.", api.Servers[0].Const)
	} else {
		ncDoc += " The spec names no server: set one with WithBaseURL."
	}
	f.Add(comment(ncDoc + " Credentials never appear in errors or formatted values."))
	f.Func().Id("NewClient").ParamsFunc(func(p *jen.Group) {
		if api.BaseURLRequired {
			p.Id("baseURL").String()
		}
		for _, a := range api.Auth {
			switch a.Kind {
			case "basic", "digest":
				p.List(jen.Id(a.ArgName), jen.Id(a.ArgName2)).String()
			case "oauth2":
				p.Id(a.ArgName).Id("TokenSource")
			default:
				p.Id(a.ArgName).String()
			}
		}
		p.Id("opts").Op("...").Id("Option")
	}).Op("*").Id("Client").BlockFunc(func(b *jen.Group) {
		base := jen.Lit("")
		if api.BaseURLRequired {
			base = jen.Id("baseURL")
		} else if len(api.Servers) > 0 {
			base = jen.Id(api.Servers[0].Const)
		}
		b.Id("c").Op(":=").Id("newCore").Call(base, jen.Index().Id("credential").ValuesFunc(func(v *jen.Group) {
			for _, a := range api.Auth {
				v.Add(credential(a, jen.Id(a.ArgName), jen.Id(a.ArgName2)))
			}
		}), jen.Id("opts"))
		if api.Security != nil {
			b.Id("c").Dot("security").Op("=").Add(securityLit(api.Security))
		}
		if api.SplitServices {
			b.Return(jen.Id("wrapCore").Call(jen.Id("c")))
			return
		}
		b.Return(jen.Op("&").Id("Client").Values(jen.DictFunc(func(d jen.Dict) {
			d[jen.Id("core")] = jen.Id("c")
			for _, svc := range api.Services {
				d[jen.Id(svc.Field)] = jen.Op("&").Id(svc.TypeName).Values(jen.Dict{jen.Id("core"): jen.Id("c")})
			}
		})))
	})

	for _, a := range api.AuthOptions {
		g.authOption(f, a)
	}

	if api.SplitServices {
		return f // the services and their error sets are in their packages
	}
	for _, svc := range api.Services {
		f.Add(comment(svc.Doc))
		f.Type().Id(svc.TypeName).Struct(jen.Id("core").Op("*").Id("core"))
	}

	for _, set := range api.ErrorSets {
		g.errorSet(f, set)
	}
	return f
}

// credential is the runtime credential for a scheme, from the Go values
// v (and v2: basic's password).
func credential(a *ir.AuthArg, v, v2 *jen.Statement) *jen.Statement {
	scheme := jen.Lit(a.Scheme)
	switch a.Kind {
	case "bearer":
		return jen.Id("bearerCredential").Call(scheme, v)
	case "basic":
		return jen.Id("basicCredential").Call(scheme, v, v2)
	case "digest":
		return jen.Id("digestCredential").Call(scheme, v, v2)
	case "oauth2":
		return jen.Id("tokenSourceCredential").Call(scheme, v)
	}
	return jen.Id("apiKeyCredential").Call(scheme, jen.Lit(a.In), jen.Lit(a.Name), v)
}

// securityLit is a [][]string literal of security requirements.
func securityLit(reqs [][]string) *jen.Statement {
	return jen.Index().Index().String().ValuesFunc(func(g *jen.Group) {
		for _, alt := range reqs {
			g.ValuesFunc(func(a *jen.Group) {
				for _, s := range alt {
					a.Lit(s)
				}
			})
		}
	})
}

// authOption declares With<Scheme>, sending the scheme's credential with
// every request (for optional schemes and alternatives).
func (g *gen) authOption(f *jen.File, a *ir.AuthArg) {
	var doc string
	var params []jen.Code
	var v, v2 *jen.Statement
	switch a.Kind {
	case "bearer":
		doc = fmt.Sprintf("%s sends token as a bearer token (security scheme %q).", a.Option, a.Scheme)
		params = []jen.Code{jen.Id("token").String()}
		v = jen.Id("token")
	case "basic":
		doc = fmt.Sprintf("%s sends HTTP basic authentication (security scheme %q).", a.Option, a.Scheme)
		params = []jen.Code{jen.List(jen.Id("username"), jen.Id("password")).String()}
		v, v2 = jen.Id("username"), jen.Id("password")
	case "digest":
		doc = fmt.Sprintf("%s answers the server's HTTP Digest challenges (RFC 7616: SHA-256 or MD5, qop auth) with username and password (security scheme %q); the password itself is never sent.", a.Option, a.Scheme)
		params = []jen.Code{jen.List(jen.Id("username"), jen.Id("password")).String()}
		v, v2 = jen.Id("username"), jen.Id("password")
	case "oauth2":
		doc = fmt.Sprintf("%s sends the token ts returns, for every request, as a bearer token (security scheme %q: OAuth2 or OpenID Connect; ts obtains and refreshes the token).", a.Option, a.Scheme)
		params = []jen.Code{jen.Id("ts").Id("TokenSource")}
		v = jen.Id("ts")
	default:
		doc = fmt.Sprintf("%s sends key as the %s parameter %q (security scheme %q).", a.Option, a.In, a.Name, a.Scheme)
		params = []jen.Code{jen.Id("key").String()}
		v = jen.Id("key")
	}
	if d := strings.TrimSpace(a.Doc); d != "" && !strings.HasPrefix(d, "sent as") {
		doc += " " + d
	}
	f.Add(comment(doc + " The credential never appears in errors or formatted values."))
	f.Func().Id(a.Option).Params(params...).Id("Option").Block(
		jen.Return(jen.Id("withCredential").Call(credential(a, v, v2))))
}

// errorSet emits func(status int) any returning a new error model for a
// status: exact codes first, then ranges (4XX), then default.
func (g *gen) errorSet(f *jen.File, set *ir.ErrorSet) {
	f.Add(comment(fmt.Sprintf("%s returns the model an error body decodes into, by status.", set.Name)))
	f.Func().Id(set.Name).Params(jen.Id("status").Int()).Any().BlockFunc(func(b *jen.Group) {
		exact, ranges, def := set.Classify()
		if len(exact) > 0 {
			b.Switch(jen.Id("status")).BlockFunc(func(s *jen.Group) {
				for _, group := range groupByType(exact) {
					s.CaseFunc(func(c *jen.Group) {
						for _, e := range group {
							n, _ := strconv.Atoi(e.Code)
							c.Lit(n)
						}
					}).Block(jen.Return(jen.New(goType(group[0].Type))))
				}
			})
		}
		if len(ranges) > 0 {
			b.Switch(jen.Id("status").Op("/").Lit(100)).BlockFunc(func(s *jen.Group) {
				for _, e := range ranges {
					n, _ := strconv.Atoi(e.Code[:1])
					s.Case(jen.Lit(n)).Block(jen.Return(jen.New(goType(e.Type))))
				}
			})
		}
		if def != nil {
			b.Return(jen.New(goType(def.Type)))
		} else {
			b.Return(jen.Nil())
		}
	})
}

// groupByType groups consecutive-or-not entries sharing a model, keeping
// the order of first appearance.
func groupByType(es []*ir.ErrorResponse) [][]*ir.ErrorResponse {
	var out [][]*ir.ErrorResponse
	index := map[string]int{}
	for _, e := range es {
		k := e.Type.String()
		if i, ok := index[k]; ok {
			out[i] = append(out[i], e)
			continue
		}
		index[k] = len(out)
		out = append(out, []*ir.ErrorResponse{e})
	}
	return out
}

// serviceFile declares one service's methods and their Params structs.
func (g *gen) serviceFile(svc *ir.Service) *jen.File {
	f := g.newFile()
	if g.api.SplitServices {
		g.splitService(f, svc)
	}
	owned := map[*ir.Params]bool{}
	for _, op := range svc.Operations {
		if op.Params != nil && !owned[op.Params] && (g.paramsOwner[op.Params] == op || g.api.SplitServices) {
			// Split, a service package declares every Params struct it uses.
			owned[op.Params] = true
			g.paramsStruct(f, op)
		}
		g.method(f, svc, op)
	}
	if g.api.SplitServices {
		g.splitServiceTail(f, svc)
		for _, t := range g.api.Types {
			if t.Package == svc.Package {
				g.model(f, t)
			}
		}
	}
	return f
}

// splitService declares a split service's type and constructor.
func (g *gen) splitService(f *jen.File, svc *ir.Service) {
	f.Add(comment(svc.Doc))
	f.Type().Id(svc.TypeName).Struct(jen.Id("core").Op("*").Id("core"))
	f.Add(comment(fmt.Sprintf("%s returns the %s operations of client.", svc.Ctor, svc.Tag)))
	f.Func().Id(svc.Ctor).Params(jen.Id("client").Op("*").Id("Client")).Op("*").Id(svc.TypeName).Block(
		jen.Return(jen.Op("&").Id(svc.TypeName).Values(jen.Dict{jen.Id("core"): jen.Id("coreOf").Call(jen.Id("client"))})))
}

// splitServiceTail declares the error sets a split service's operations
// use and their iterators.
func (g *gen) splitServiceTail(f *jen.File, svc *ir.Service) {
	used := map[string]bool{}
	for _, op := range svc.Operations {
		used[op.ErrorSet] = true
	}
	for _, set := range g.api.ErrorSets {
		if used[set.Name] {
			g.errorSet(f, set)
		}
	}
	var paged []*pagedOp
	for _, po := range g.paged {
		if po.svc == svc {
			paged = append(paged, po)
		}
	}
	var ruled []*ruleOp
	for _, ro := range g.ruled {
		if ro.svc == svc {
			ruled = append(ruled, ro)
		}
	}
	g.pagingInto(f, paged)
	g.rulePaging(f, ruled)
}

func (g *gen) paramsStruct(f *jen.File, op *ir.Operation) {
	of := op.Name
	switch n := len(op.Params.Ops); {
	case n > 3:
		of = fmt.Sprintf("%s and %d more operations taking the same ones", strings.Join(op.Params.Ops[:2], ", "), n-2)
	case n > 1:
		of = strings.Join(op.Params.Ops[:n-1], ", ") + " and " + op.Params.Ops[n-1]
	}
	f.Add(comment(fmt.Sprintf("%s holds the optional parameters of %s. A nil *%s, like a nil field, sends nothing.", op.Params.TypeName, of, op.Params.TypeName)))
	f.Type().Id(op.Params.TypeName).StructFunc(func(s *jen.Group) {
		for _, p := range op.Params.Fields {
			doc := p.Doc
			if doc == "" {
				doc = fmt.Sprintf("%s is the %s parameter %q.", p.GoName, p.In, p.Name)
			} else {
				doc = fmt.Sprintf("%s (%s parameter %q): %s", p.GoName, p.In, p.Name, doc)
			}
			s.Add(comment(doc))
			s.Id(p.GoName).Add(paramFieldType(p))
		}
	})
	if len(op.Params.Ops) > 1 {
		// Operations sharing the struct share the code sending it.
		f.Add(comment("addTo adds the parameters that are set to r; a nil params adds none."))
		f.Func().Params(jen.Id("params").Op("*").Id(op.Params.TypeName)).Id("addTo").Params(jen.Id("r").Op("*").Id("request")).BlockFunc(func(b *jen.Group) {
			b.If(jen.Id("params").Op("==").Nil()).Block(jen.Return())
			addParams(b, op.Params)
		})
	}
}

// addParams sends each set optional parameter of params (the variable
// params) on the request r.
func addParams(b *jen.Group, params *ir.Params) {
	for _, p := range params.Fields {
		v := jen.Id("params").Dot(p.GoName)
		switch {
		case p.Type.IsNilable():
			b.If(v.Clone().Op("!=").Nil()).Block(paramCall(p, v.Clone()))
		case p.JSON:
			b.If(v.Clone().Op("!=").Nil()).Block(paramCall(p, jen.Op("*").Add(v.Clone())))
		default:
			b.Add(optParamCall(p, v))
		}
	}
}

// optParamCall sends an optional parameter held by pointer, nothing when
// it is nil: the runtime's queryOpt, headerOpt or cookieOpt (a path
// parameter is always required).
func optParamCall(p *ir.Param, v *jen.Statement) *jen.Statement {
	r := jen.Id("r")
	switch p.In {
	case ir.InQuery:
		return r.Dot("queryOpt").Call(jen.Lit(p.Name), jen.Lit(p.Style), jen.Lit(p.Explode), jen.Lit(p.AllowReserved), v)
	case ir.InHeader:
		return r.Dot("headerOpt").Call(jen.Lit(p.Name), jen.Lit(p.Explode), v)
	case ir.InCookie:
		return r.Dot("cookieOpt").Call(jen.Lit(p.Name), jen.Lit(p.Explode), v)
	}
	return jen.If(v.Clone().Op("!=").Nil()).Block(paramCall(p, jen.Op("*").Add(v.Clone())))
}

// simplePath reports whether p is a path parameter in the default style
// (simple, not exploded), sent with the others like it in one pathParams
// call.
func simplePath(p *ir.Param) bool {
	return p.In == ir.InPath && !p.JSON && p.Style == "simple" && !p.Explode
}

// pathParamsCall substitutes an operation's simple path parameters in one
// call of name, value pairs; nil when it has none.
func pathParamsCall(args []*ir.Param) jen.Code {
	var pairs []jen.Code
	for _, a := range args {
		if simplePath(a) {
			pairs = append(pairs, jen.Lit(a.Name), jen.Id(a.ArgName))
		}
	}
	if pairs == nil {
		return nil
	}
	return jen.Id("r").Dot("pathParams").Call(pairs...)
}

func paramFieldType(p *ir.Param) *jen.Statement {
	if p.Type.IsNilable() {
		return goType(p.Type)
	}
	return jen.Op("*").Add(goType(p.Type))
}

// MethodDoc is the doc comment of an operation's method.
func MethodDoc(op *ir.Operation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s calls %s %s", op.Name, op.Method, op.Path)
	if op.Summary != "" {
		fmt.Fprintf(&b, ": %s", strings.TrimSuffix(op.Summary, "."))
	}
	b.WriteString(".")
	if op.Description != "" && op.Description != op.Summary {
		b.WriteString("\n\n" + op.Description)
	}
	r := op.Result
	var notes []string
	if len(r.Codes)+len(r.EmptyCodes) > 1 {
		var codes []string
		for _, c := range r.Codes {
			codes = append(codes, strconv.Itoa(c))
		}
		for _, c := range r.EmptyCodes {
			codes = append(codes, strconv.Itoa(c))
		}
		notes = append(notes, "Success statuses: "+strings.Join(codes, ", ")+"; Response.StatusCode tells which.")
	}
	if r.Kind == "json" && len(r.EmptyCodes) > 0 {
		notes = append(notes, fmt.Sprintf("On %s the returned body is nil.", joinInts(r.EmptyCodes)))
	}
	if r.Kind == "binary" || r.Kind == "text" {
		notes = append(notes, "The body is streamed: read it and Close it.")
	}
	if len(r.Headers) > 0 {
		notes = append(notes, "Response headers (in Response.Header): "+strings.Join(r.Headers, ", ")+".")
	}
	if op.Body != nil && op.Body.Kind == ir.BodyMultipart {
		var hs []string
		for _, e := range resolvedEncoding(op.Body) {
			if len(e.Headers) > 0 {
				hs = append(hs, e.Property+" ("+strings.Join(e.Headers, ", ")+")")
			}
		}
		if len(hs) > 0 {
			notes = append(notes, "Part headers the spec declares: "+strings.Join(hs, "; ")+"; send them with WithPartHeader (or a FilePart's Header).")
		}
	}
	if op.Server != "" {
		notes = append(notes, fmt.Sprintf("Sent to the operation's own server %s, unless WithServerURL(%q, ...), WithBaseURL or WithRequestBaseURL says otherwise.", op.Server, op.Server))
	}
	if op.Deprecated {
		notes = append(notes, "Deprecated: the API marks this operation deprecated.")
	}
	if len(notes) > 0 {
		b.WriteString("\n\n" + strings.Join(notes, "\n"))
	}
	return b.String()
}

func joinInts(ns []int) string {
	var s []string
	for _, n := range ns {
		s = append(s, strconv.Itoa(n))
	}
	return strings.Join(s, ", ")
}

// ResultTypes are the Go result types of an operation's method.
func resultTypes(op *ir.Operation) []jen.Code {
	switch op.Result.Kind {
	case "json":
		if op.Result.ByValue() {
			return []jen.Code{goType(op.Result.Type), jen.Op("*").Id("Response"), jen.Error()}
		}
		return []jen.Code{jen.Op("*").Add(goType(op.Result.Type)), jen.Op("*").Id("Response"), jen.Error()}
	case "binary", "text":
		return []jen.Code{jen.Qual("io", "ReadCloser"), jen.Op("*").Id("Response"), jen.Error()}
	}
	return []jen.Code{jen.Op("*").Id("Response"), jen.Error()}
}

func bodyType(op *ir.Operation) *jen.Statement {
	if op.Body.Required || op.Body.Type.IsNilable() {
		return goType(op.Body.Type)
	}
	return jen.Op("*").Add(goType(op.Body.Type))
}

func (g *gen) method(f *jen.File, svc *ir.Service, op *ir.Operation) {
	f.Add(comment(MethodDoc(op)))
	f.Func().Params(jen.Id("s").Op("*").Id(svc.TypeName)).Id(op.Name).ParamsFunc(func(p *jen.Group) {
		p.Id("ctx").Qual("context", "Context")
		for _, a := range op.Args {
			p.Id(a.ArgName).Add(goType(a.Type))
		}
		if op.Body != nil {
			p.Id("body").Add(bodyType(op))
		}
		if op.Params != nil {
			p.Id("params").Op("*").Id(op.Params.TypeName)
		}
		p.Id("opts").Op("...").Id("RequestOption")
	}).Params(resultTypes(op)...).BlockFunc(func(b *jen.Group) {
		errs := jen.Nil()
		if op.ErrorSet != "" {
			errs = jen.Id(op.ErrorSet)
		}
		b.Id("r").Op(":=").Id("s").Dot("core").Dot("newRequest").Call(
			jen.Id("ctx"), jen.Lit(op.Method), jen.Lit(op.Path), jen.Lit(op.Accept), errs, jen.Id("opts"))
		if op.Server != "" {
			b.Id("r").Dot("server").Op("=").Lit(op.Server)
		}
		if op.NoAuth || op.Security != nil {
			// An anonymous operation's requirements are empty or [{}]:
			// both give no credentials.
			b.Id("r").Dot("security").Op("=").Add(securityLit(op.Security))
		}
		if c := pathParamsCall(op.Args); c != nil {
			b.Add(c)
		}
		for _, a := range op.Args {
			if !simplePath(a) {
				b.Add(paramCall(a, jen.Id(a.ArgName)))
			}
		}
		switch {
		case op.Params != nil && len(op.Params.Ops) > 1:
			b.Id("params").Dot("addTo").Call(jen.Id("r"))
		case op.Params != nil:
			b.If(jen.Id("params").Op("!=").Nil()).BlockFunc(func(ib *jen.Group) {
				addParams(ib, op.Params)
			})
		}
		if op.Body != nil {
			var call *jen.Statement
			switch op.Body.Kind {
			case "form":
				call = jen.Id("r").Dot("formBody").Call(jen.Lit(op.Body.ContentType), jen.Id("body"), formEncodingLit(op.Body))
			case "multipart":
				call = jen.Id("r").Dot("multipartBody").Call(jen.Id("body"), formEncodingLit(op.Body))
			case "text":
				call = jen.Id("r").Dot("textBody").Call(jen.Lit(op.Body.ContentType), jen.Id("body"))
			case "binary":
				call = jen.Id("r").Dot("streamBody").Call(jen.Lit(op.Body.ContentType), jen.Id("body"))
			default:
				call = jen.Id("r").Dot("jsonBody").Call(jen.Lit(op.Body.ContentType), jen.Id("body"))
			}
			checked := false // the body call is a block with member checks
			if op.Body.Kind == "json" {
				if paths := g.requiredUnions(op.Body.Type, "", 0); len(paths) > 0 {
					var lits []jen.Code
					for _, p := range paths {
						lits = append(lits, jen.Lit(p))
					}
					call = jen.Block(call, jen.Id("r").Dot("requireMembers").Call(lits...))
					checked = true
				}
				if paths := g.readOnlyMembers(op.Body.Type, "", 0); len(paths) > 0 {
					var lits []jen.Code
					for _, p := range paths {
						lits = append(lits, jen.Lit(p))
					}
					call = jen.Block(call, jen.Id("r").Dot("dropMembers").Call(lits...))
					checked = true
				}
			}
			switch {
			case op.Body.Required || op.Body.Type.IsNilable() || op.Body.Kind == ir.BodyForm:
				// A nil form body is sent empty, with its media type.
				b.Add(call)
			case op.Body.Kind == ir.BodyJSON && !checked:
				// An optional JSON body held by pointer: nil sends none.
				b.Id("r").Dot("jsonBodyOpt").Call(jen.Lit(op.Body.ContentType), jen.Id("body"))
			default:
				b.If(jen.Id("body").Op("!=").Nil()).Block(call)
			}
		}
		switch op.Result.Kind {
		case "json":
			if op.Result.Nullable {
				b.Id("r").Dot("nullable").Op("=").True()
			}
			var empty []jen.Code
			for _, c := range op.Result.EmptyCodes {
				// The runtime never reads a body for HEAD, 1xx, 204 and
				// 205 (noBody), declared or not.
				if op.Method != "HEAD" && c >= 200 && c != 204 && c != 205 {
					empty = append(empty, jen.Lit(c))
				}
			}
			core, r, result := jen.Id("s").Dot("core"), jen.Id("r"), goType(op.Result.Type)
			if op.Result.ByValue() {
				// Arrays and maps are returned by value (nil without a body).
				b.Return(jen.Id("doJSONValue").Types(result).Call(append([]jen.Code{core, r}, empty...)...))
				break
			}
			// new(T), not doJSON[T]: see doJSON for why.
			b.Return(jen.Id("doJSON").Call(append([]jen.Code{core, r, jen.New(result)}, empty...)...))
		case "binary", "text":
			b.Return(jen.Id("doStream").Call(jen.Id("s").Dot("core"), jen.Id("r")))
		default:
			b.Return(jen.Id("doEmpty").Call(jen.Id("s").Dot("core"), jen.Id("r")))
		}
	})
}

// requiredUnions are the JSON paths of the required oneOf/anyOf members of
// a body of type t (nested through required struct members): their zero
// value encodes as null, so the runtime checks them before sending.
func (g *gen) requiredUnions(t *ir.TypeRef, prefix string, depth int) []string {
	if t == nil || t.Kind != ir.Named || depth > 4 {
		return nil
	}
	nt := g.types[t.Name]
	if nt == nil || nt.Kind != ir.Struct {
		return nil
	}
	var out []string
	for _, f := range nt.Fields {
		if !f.Required || f.ReadOnly || f.Nullable || f.Pointer || f.Wrapped || f.Type.Kind != ir.Named {
			continue
		}
		ft := g.types[f.Type.Name]
		switch {
		case ft == nil || strings.Contains(f.JSONName, "."):
		case ft.Kind == ir.Union:
			out = append(out, prefix+f.JSONName)
		case ft.Kind == ir.Struct:
			out = append(out, g.requiredUnions(f.Type, prefix+f.JSONName+".", depth+1)...)
		}
	}
	return out
}

// readOnlyMembers are the JSON paths ("*" for array elements) of the
// required read-only members of a body of type t, which encode even at
// their zero value: the runtime removes them before sending.
func (g *gen) readOnlyMembers(t *ir.TypeRef, prefix string, depth int) []string {
	if t == nil || depth > 4 {
		return nil
	}
	if t.Kind == ir.Slice {
		return g.readOnlyMembers(t.Elem, prefix+"*.", depth+1)
	}
	if t.Kind != ir.Named {
		return nil
	}
	nt := g.types[t.Name]
	if nt == nil || nt.Kind != ir.Struct {
		return nil
	}
	var out []string
	for _, f := range nt.Fields {
		if strings.Contains(f.JSONName, ".") || f.JSONName == "*" {
			continue
		}
		switch {
		case f.ReadOnly && f.Required && f.Omit == "":
			out = append(out, prefix+f.JSONName)
		case f.ReadOnly:
		default:
			out = append(out, g.readOnlyMembers(f.Type, prefix+f.JSONName+".", depth+1)...)
		}
	}
	return out
}

func paramCall(p *ir.Param, v *jen.Statement) *jen.Statement {
	r := jen.Id("r")
	if p.JSON {
		return r.Dot("jsonParam").Call(jen.Lit(string(p.In)), jen.Lit(p.Name), v)
	}
	switch p.In {
	case "path":
		return r.Dot("pathParam").Call(jen.Lit(p.Name), jen.Lit(p.Style), jen.Lit(p.Explode), v)
	case "query":
		return r.Dot("queryParam").Call(jen.Lit(p.Name), jen.Lit(p.Style), jen.Lit(p.Explode), jen.Lit(p.AllowReserved), v)
	case "header":
		return r.Dot("headerParam").Call(jen.Lit(p.Name), jen.Lit(p.Explode), v)
	default:
		return r.Dot("cookieParam").Call(jen.Lit(p.Name), jen.Lit(p.Explode), v)
	}
}

// formEncodingLit is the runtime's formEncoding of a form or multipart
// body: the properties whose Encoding Object says more than the default
// (sent by content type), or nil when none does.
func formEncodingLit(b *ir.Body) jen.Code {
	var entries []jen.Code
	for _, e := range resolvedEncoding(b) {
		var fields []jen.Code
		if e.Style != "" {
			fields = append(fields, jen.Id("Style").Op(":").Lit(e.Style))
		}
		if e.Explode {
			fields = append(fields, jen.Id("Explode").Op(":").True())
		}
		if e.AllowReserved {
			fields = append(fields, jen.Id("AllowReserved").Op(":").True())
		}
		if e.ContentType != "" {
			fields = append(fields, jen.Id("ContentType").Op(":").Lit(e.ContentType))
		}
		if len(e.Headers) > 0 {
			var hs []jen.Code
			for _, h := range e.Headers {
				hs = append(hs, jen.Lit(h))
			}
			fields = append(fields, jen.Id("Headers").Op(":").Index().String().Values(hs...))
		}
		entries = append(entries, jen.Lit(e.Property).Op(":").Values(fields...))
	}
	if len(entries) == 0 {
		return jen.Nil()
	}
	return jen.Id("formEncoding").Values(entries...)
}

// partEnc is a property's Encoding Object with the defaults applied.
type partEnc struct {
	Property      string
	Style         string // form, spaceDelimited, pipeDelimited, deepObject; "" when sent by content type
	Explode       bool
	AllowReserved bool
	ContentType   string // kept only when no style, explode or allowReserved is given
	Headers       []string
}

// resolvedEncoding applies OpenAPI's defaults (3.1.2 §4.8.15) to a form
// or multipart body's Encoding Objects and returns those saying more than
// the default, by property name. A property whose Encoding Object gives
// style, explode or allowReserved is styled: style defaults to form and
// explode to true for form (deepObject is always exploded), and its
// contentType is ignored. Any other property is sent by its content type
// (Style ""): contentType as given, in a form body only when it is JSON
// (the only one a form value can carry but text). Headers are kept for
// multipart parts only.
func resolvedEncoding(b *ir.Body) []partEnc {
	var out []partEnc
	for _, pe := range b.Encoding {
		e := partEnc{Property: pe.Property, Style: pe.Style, AllowReserved: pe.AllowReserved, Headers: pe.Headers}
		styled := pe.Style != "" || pe.Explode != nil || pe.AllowReserved
		if styled {
			if e.Style == "" {
				e.Style = "form"
			}
			e.Explode = e.Style == "form" || e.Style == "deepObject"
			if pe.Explode != nil && e.Style != "deepObject" {
				e.Explode = *pe.Explode
			}
		} else {
			e.ContentType = pe.ContentType
			if b.Kind == ir.BodyForm && !ir.IsJSON(e.ContentType) {
				e.ContentType = ""
			}
		}
		if b.Kind == ir.BodyForm {
			e.Headers = nil // headers are for multipart parts only
		}
		if e.Style == "" && e.ContentType == "" && len(e.Headers) == 0 {
			continue
		}
		out = append(out, e)
	}
	return out
}
