package emit

import (
	"embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/atriumgen/atriumgen/generator/internal/ir"
)

// serverRuntimeFS holds the server runtime, copied into each server
// package as runtime_server.go and runtime_form.go.
//
//go:embed serverruntime/server.go serverruntime/form.go
var serverRuntimeFS embed.FS

// serverRuntimeFiles are the files of serverRuntimeFS, each copied as
// runtime_<name>.
var serverRuntimeFiles = []string{"form.go", "server.go"}

// Problem is an operation the server emitter cannot express.
type Problem struct {
	Op      *ir.Operation
	Pointer string
	Msg     string
}

// ServerConfig names the server package.
type ServerConfig struct {
	Package string // Go package name of the server
}

// CheckServer returns the operations whose paths cannot be routed: a path
// segment whose parameters are not separated by literal text ({a}{b}), two
// operations answering the same method and path, or (never expected) a
// pattern http.ServeMux refuses.
func CheckServer(api *ir.API) []Problem {
	var probs []Problem
	seen := map[string]*ir.Operation{}
	var ok []*ir.Operation
	for _, op := range allOps(api) {
		_, norm, err := parsePath(op.Path)
		if err != nil {
			probs = append(probs, Problem{op, op.Pointer, fmt.Sprintf("path %s cannot be served: %v", op.Path, err)})
			continue
		}
		if prev := seen[op.Method+" "+norm]; prev != nil {
			if !sharesRoute(prev, op) {
				probs = append(probs, Problem{op, op.Pointer, fmt.Sprintf("%s %s cannot be served: same route as %s %s", op.Method, op.Path, prev.Method, prev.Path)})
			}
			continue
		}
		seen[op.Method+" "+norm] = op
		ok = append(ok, op)
	}
	_, more := routePatterns(ok)
	return append(probs, more...)
}

// sharesRoute reports whether two operations with the same method and path
// can share one route, told apart by the request's Content-Type: the
// operations of one request body in different media types (CreatePet,
// CreatePetWithForm).
func sharesRoute(a, b *ir.Operation) bool {
	return a.Path == b.Path && a.Body != nil && b.Body != nil && a.Body.ContentType != b.Body.ContentType
}

func tryHandle(mux *http.ServeMux, pattern string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	mux.HandleFunc(pattern, func(http.ResponseWriter, *http.Request) {})
	return nil
}

// patSeg is one segment of a ServeMux pattern: a literal, or a wildcard.
type patSeg struct {
	lit  string
	wild bool
}

// parsePath splits a path template into the segments of its ServeMux
// pattern (a segment holding any parameter is a wildcard) and returns the
// template with parameter names erased (norm), to find duplicate routes.
// A segment may hold several parameters and literal text around them
// ({page}.{format}, {id}.pdf) as long as literal text separates every two
// parameters: the runtime matches such a segment itself.
func parsePath(path string) (segs []patSeg, norm string, err error) {
	if !strings.HasPrefix(path, "/") {
		return nil, "", fmt.Errorf("does not start with /")
	}
	parts := strings.Split(path[1:], "/")
	nrm := make([]string, len(parts))
	for i, s := range parts {
		if !strings.ContainsAny(s, "{}") {
			segs = append(segs, patSeg{lit: s})
			nrm[i] = s
			continue
		}
		var b strings.Builder
		rest, prevParam := s, false
		for rest != "" {
			a := strings.IndexAny(rest, "{}")
			if a < 0 {
				b.WriteString(rest)
				break
			}
			if rest[a] == '}' {
				return nil, "", fmt.Errorf("segment %q: unbalanced braces", s)
			}
			if a > 0 {
				prevParam = false
			}
			b.WriteString(rest[:a])
			end := strings.IndexAny(rest[a+1:], "{}")
			if end < 0 || rest[a+1+end] != '}' {
				return nil, "", fmt.Errorf("segment %q: unbalanced braces", s)
			}
			if end == 0 {
				return nil, "", fmt.Errorf("segment %q: empty parameter name", s)
			}
			if prevParam {
				return nil, "", fmt.Errorf("segment %q: parameters with no literal text between them cannot be told apart", s)
			}
			b.WriteString("{}")
			prevParam = true
			rest = rest[a+1+end+1:]
		}
		segs = append(segs, patSeg{wild: true})
		nrm[i] = b.String()
	}
	return segs, "/" + strings.Join(nrm, "/"), nil
}

// patternString renders segments as a ServeMux pattern without a method:
// wildcards are named by position ({s2}); a trailing slash matches only
// itself ({$}).
func patternString(segs []patSeg) string {
	out := make([]string, len(segs))
	for i, s := range segs {
		out[i] = s.lit
		if s.wild {
			out[i] = "{s" + strconv.Itoa(i) + "}"
		}
	}
	p := "/" + strings.Join(out, "/")
	if strings.HasSuffix(p, "/") {
		p += "{$}"
	}
	return p
}

// segCovers reports whether pattern segment b matches every path segment
// a matches. A wildcard matches any non-empty segment, so not the empty
// last segment of a path ending in a slash.
func segCovers(b, a patSeg) bool {
	if b.wild {
		return a.wild || a.lit != ""
	}
	return !a.wild && a.lit == b.lit
}

// covers reports whether every path a matches, b matches too.
func covers(b, a []patSeg) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !segCovers(b[i], a[i]) {
			return false
		}
	}
	return true
}

// overlap reports whether some path matches both a and b.
func overlap(a, b []patSeg) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !segCovers(a[i], b[i]) && !segCovers(b[i], a[i]) {
			return false
		}
	}
	return true
}

// routePatterns assigns each operation the method-less ServeMux pattern it
// is registered under. Each path template has a shape: its own pattern,
// where segments with parameters are wildcards. Operations start grouped
// by shape; two groups are merged under one generalized pattern (differing
// segments become wildcards, /a/{x}/b and /a/c/{y} → /a/{s1}/{s2}) when
//   - their patterns conflict: both match some path and neither is more
//     specific, which ServeMux refuses; or
//   - one group's pattern is more specific than the other's while a
//     template of the other could match some of its paths without being
//     less specific: ServeMux would send those paths to the wrong group,
//
// until no two groups need merging. Then for any path ServeMux picks the
// group holding every template that matches it best, and the runtime picks,
// among the group's templates, the most specific one matching the path.
// problems lists patterns ServeMux still refuses (none expected).
func routePatterns(ops []*ir.Operation) (map[*ir.Operation]string, []Problem) {
	type group struct {
		segs   []patSeg
		shapes [][]patSeg
		ops    []*ir.Operation
	}
	var groups []*group
	byPattern := map[string]*group{}
	for _, op := range ops {
		segs, _, err := parsePath(op.Path)
		if err != nil {
			continue
		}
		p := patternString(segs)
		if g := byPattern[p]; g != nil {
			g.ops = append(g.ops, op)
			continue
		}
		g := &group{segs: segs, shapes: [][]patSeg{segs}, ops: []*ir.Operation{op}}
		byPattern[p] = g
		groups = append(groups, g)
	}
	// shadowed reports whether b's pattern is more specific than a's while
	// a template of a matches some of b's paths and is not less specific.
	shadowed := func(a, b *group) bool {
		if !covers(a.segs, b.segs) {
			return false
		}
		for _, s := range a.shapes {
			if overlap(s, b.segs) && (!covers(s, b.segs) || patternString(s) == patternString(b.segs)) {
				return true
			}
		}
		return false
	}
	for changed := true; changed; {
		changed = false
	scan:
		for i, a := range groups {
			for j, b := range groups {
				if i == j {
					continue
				}
				conflict := i < j && overlap(a.segs, b.segs) && !covers(a.segs, b.segs) && !covers(b.segs, a.segs)
				if !conflict && !shadowed(a, b) {
					continue
				}
				merged := make([]patSeg, len(a.segs))
				for k := range merged {
					if a.segs[k] == b.segs[k] {
						merged[k] = a.segs[k]
					} else {
						merged[k] = patSeg{wild: true}
					}
				}
				a.segs, a.shapes, a.ops = merged, append(a.shapes, b.shapes...), append(a.ops, b.ops...)
				groups = append(groups[:j], groups[j+1:]...)
				// The merged pattern may equal another one: join them.
				for k, g := range groups {
					if g != a && patternString(g.segs) == patternString(merged) {
						a.shapes, a.ops = append(a.shapes, g.shapes...), append(a.ops, g.ops...)
						groups = append(groups[:k], groups[k+1:]...)
						break
					}
				}
				changed = true
				break scan
			}
		}
	}
	patterns := map[*ir.Operation]string{}
	var probs []Problem
	mux := http.NewServeMux()
	for _, g := range groups {
		p := patternString(g.segs)
		for _, op := range g.ops {
			patterns[op] = p
		}
		if err := tryHandle(mux, p); err != nil {
			op := g.ops[0]
			probs = append(probs, Problem{op, op.Pointer, fmt.Sprintf("%s %s cannot be served: http.ServeMux refuses pattern %q: %v", op.Method, op.Path, p, err)})
		}
	}
	return patterns, probs
}

func allOps(api *ir.API) []*ir.Operation {
	var ops []*ir.Operation
	for _, svc := range api.Services {
		ops = append(ops, svc.Operations...)
	}
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].Name < ops[j].Name })
	return ops
}

// ServerFiles renders the server package for api: server.go (Service,
// UnimplementedService, NewHandler, error bodies, request shapes), one file
// per service with each operation's Request and Result types and its
// handler, and runtime_server.go. leaveOut names operations to skip.
func ServerFiles(api *ir.API, cfg ServerConfig, leaveOut map[*ir.Operation]bool) ([]File, error) {
	files, err := renderServer(api, cfg, leaveOut, nil)
	if err != nil {
		return nil, err
	}
	s := &srv{gen: gen{api: api}, client: api.ImportPath}
	aliases, err := s.importAliases(files)
	if err != nil || len(aliases) == 0 {
		return files, err
	}
	return renderServer(api, cfg, leaveOut, aliases)
}

// renderServer is ServerFiles with the client and service packages
// imported under aliases (by path) where given.
func renderServer(api *ir.API, cfg ServerConfig, leaveOut map[*ir.Operation]bool, aliases map[string]string) ([]File, error) {
	s := &srv{gen: gen{api: api, types: map[string]*ir.Type{}}, cfg: cfg, client: api.ImportPath, aliases: aliases}
	for _, t := range api.Types {
		s.types[t.Name] = t
	}
	for _, op := range allOps(api) {
		if !leaveOut[op] {
			s.ops = append(s.ops, op)
		}
	}
	s.webhooks = api.Webhooks
	s.shapes = s.shapeNeeds()
	var files []File
	render := func(path string, f *jen.File) error {
		var buf strings.Builder
		if err := f.Render(&buf); err != nil {
			return fmt.Errorf("rendering %s: %w", path, err)
		}
		files = append(files, File{Path: path, Content: []byte(buf.String())})
		return nil
	}
	if err := render("server.go", s.serverFile()); err != nil {
		return nil, err
	}
	for _, svc := range api.Services {
		var ops []*ir.Operation
		for _, op := range svc.Operations {
			if !leaveOut[op] {
				ops = append(ops, op)
			}
		}
		if len(ops) == 0 {
			continue
		}
		if err := render(fileName(svc.Field)+".go", s.opsFile(ops)); err != nil {
			return nil, err
		}
	}
	if len(s.webhooks) > 0 {
		name := "webhooks.go"
		for _, f := range files {
			if f.Path == name {
				name = "webhooks_received.go" // a service named Webhooks has webhooks.go
			}
		}
		if err := render(name, s.opsFile(s.webhooks)); err != nil {
			return nil, err
		}
	}
	for _, name := range serverRuntimeFiles {
		src, err := serverRuntimeFS.ReadFile("serverruntime/" + name)
		if err != nil {
			return nil, err
		}
		rt := string(src)
		i := strings.Index(rt, "package srvruntime")
		if i < 0 {
			return nil, fmt.Errorf("serverruntime/%s: no package clause", name)
		}
		files = append(files, File{
			Path:    "runtime_" + name,
			Content: []byte("// " + Header(api.SpecFile) + "\n\npackage " + cfg.Package + rt[i+len("package srvruntime"):]),
		})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

type srv struct {
	gen
	cfg    ServerConfig
	client string // import path of the client package
	ops    []*ir.Operation
	// webhooks are the webhook operations, served by NewWebhookHandler.
	webhooks []*ir.Operation
	shapes   map[string]bool // struct types whose bodies need required-field checks
	// aliases are the import names of the client and service packages
	// that are not their package names (importAliases).
	aliases map[string]string
}

func (s *srv) newFile() *jen.File {
	f := jen.NewFile(s.cfg.Package)
	f.HeaderComment("// " + Header(s.api.SpecFile))
	f.ImportName("github.com/oapi-codegen/runtime/types", "types")
	if a := s.aliases[s.client]; a != "" {
		f.ImportAlias(s.client, a)
	} else {
		f.ImportName(s.client, s.api.Package)
	}
	paths := make([]string, 0, len(s.aliases))
	for path := range s.aliases {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		if path != s.client {
			f.ImportAlias(path, s.aliases[path])
		}
	}
	return f
}

// importAliases are the names the server's files import the client
// package and its service packages under, when a package's own name is
// one the server package declares (the runtime's api type for a client
// named api, a serve<Op> function): Go forbids a file's import and a
// package-level identifier to share a name. files are a first rendering.
func (s *srv) importAliases(files []File) (map[string]string, error) {
	declared := map[string]bool{}
	for _, f := range files {
		af, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Content, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
		topLevelDecls(af, func(name string, _ ast.Node) { declared[name] = true })
	}
	imports := map[string]string{s.client: s.api.Package} // path → its package name
	if s.api.SplitServices {
		for _, svc := range s.api.Services {
			imports[s.client+"/"+svc.Package] = svc.Package
		}
	}
	out := map[string]string{}
	paths := make([]string, 0, len(imports))
	for path := range imports {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	for _, path := range paths {
		name := imports[path]
		if !declared[name] {
			continue
		}
		alias := name + "pkg"
		for i := 2; declared[alias]; i++ {
			alias = name + "pkg" + strconv.Itoa(i)
		}
		out[path] = alias
	}
	return out, nil
}

// typ is a type reference qualified with the client package.
func (s *srv) typ(t *ir.TypeRef) *jen.Statement {
	switch t.Kind {
	case ir.Slice:
		return jen.Index().Add(s.typ(t.Elem))
	case ir.Map:
		return jen.Map(jen.String()).Add(s.typ(t.Elem))
	case ir.Named:
		return jen.Qual(s.typePkg(t.Name), t.Name)
	}
	return goType(t)
}

func (s *srv) serverFile() *jen.File {
	api := s.api
	f := s.newFile()
	packageComment(f, fmt.Sprintf("Package %s serves the %s: implement Service and pass it to NewHandler.", s.cfg.Package, api.Title))
	packageComment(f, "")
	packageComment(f, fmt.Sprintf("Models and optional-parameter structs are those of the client package %s, so a client and a server generated from the same spec agree on every value.", s.api.Package))
	packageComment(f, "The handler routes with http.ServeMux, binds and validates parameters and bodies (bad input answers 400 naming the parameter or field, a body in a media type the operation does not take 415, and the Service is not called), and encodes results.")
	packageComment(f, "A Service method returning an *Error answers its status with the spec's error body; any other error answers 500 with a generic message and is logged (WithErrorLog).")
	if len(s.webhooks) > 0 {
		packageComment(f, "The webhooks the API sends are received by implementing Webhooks and mounting NewWebhookHandler, bound and validated the same way.")
	}
	packageComment(f, "")
	packageComment(f, "Error bodies are the error model the operation declares for the status (exact code, then range, then default, else its first error model) with the message in its string field \"message\", or in that of one of its object fields; a model with neither, or an operation declaring none, gets {\"message\": \"...\"}. Requests matching no operation get the error model most operations use.")

	f.Add(comment("serverName prefixes log messages."))
	f.Const().Id("serverName").Op("=").Lit(s.cfg.Package)

	f.Add(comment("Service is the " + api.Title + ", one method per operation. Embed UnimplementedService to implement part of it."))
	f.Type().Id("Service").InterfaceFunc(func(g *jen.Group) {
		for _, op := range s.ops {
			g.Add(comment(fmt.Sprintf("%s serves %s %s.", serverName(op), op.Method, op.Path)))
			g.Id(serverName(op)).Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("req").Op("*").Id(serverName(op)+"Request")).
				Params(jen.Op("*").Id(serverName(op)+"Result"), jen.Error())
		}
	})

	f.Add(comment("UnimplementedService answers 501 Not Implemented to every operation. Embed it in a Service to implement only some operations."))
	f.Type().Id("UnimplementedService").Struct()
	for _, op := range s.ops {
		f.Add(comment(fmt.Sprintf("%s answers 501.", serverName(op))))
		f.Func().Params(jen.Id("UnimplementedService")).Id(serverName(op)).
			Params(jen.Qual("context", "Context"), jen.Op("*").Id(serverName(op)+"Request")).
			Params(jen.Op("*").Id(serverName(op)+"Result"), jen.Error()).
			Block(jen.Return(jen.Nil(), jen.Id("Errorf").Call(jen.Qual("net/http", "StatusNotImplemented"), jen.Lit(serverName(op)+" not implemented"))))
	}

	// Operations sharing a method and path (one per request body media
	// type) keep the spec's order: the first is served when a request
	// names no Content-Type.
	rank := map[*ir.Operation]int{}
	for _, svc := range api.Services {
		for _, op := range svc.Operations {
			rank[op] = len(rank)
		}
	}
	routes := append([]*ir.Operation(nil), s.ops...)
	sort.SliceStable(routes, func(i, j int) bool {
		if routes[i].Path != routes[j].Path {
			return routes[i].Path < routes[j].Path
		}
		if routes[i].Method != routes[j].Method {
			return routes[i].Method < routes[j].Method
		}
		return rank[routes[i]] < rank[routes[j]]
	})
	fallback := s.fallbackErrorSet()
	f.Add(comment("NewHandler returns an http.Handler serving svc. Requests matching no operation answer 404, and a path served for other methods answers 405 with an Allow header, both with the error body."))
	f.Func().Id("NewHandler").Params(jen.Id("svc").Id("Service"), jen.Id("opts").Op("...").Id("HandlerOption")).Qual("net/http", "Handler").Block(
		jen.Return(jen.Id("newHandler").Call(jen.Id("svc"), jen.Op("&").Id("api").Values(jen.Dict{
			jen.Id("errorBody"):        jen.Id(errorBodyFunc(fallback)),
			jen.Id("errorContentType"): jen.Lit(s.errorContentType()),
			jen.Id("routes"): jen.Index().Op("*").Id("route").ValuesFunc(func(g *jen.Group) {
				patterns, _ := routePatterns(s.ops)
				for _, op := range routes {
					pattern := patterns[op]
					media := ""
					if op.Body != nil {
						media = op.Body.ContentType
					}
					g.Line().Values(jen.Lit(op.Method), jen.Lit(pattern), jen.Lit(op.Path), jen.Lit(media), jen.Id("serve"+serverName(op)), jen.Id(errorBodyFunc(op.ErrorSet)))
				}
				g.Line()
			}),
		}), jen.Id("opts"))),
	)

	s.webhookHandler(f)

	used := map[string]bool{fallback: true}
	for _, op := range append(append([]*ir.Operation(nil), s.ops...), s.webhooks...) {
		used[op.ErrorSet] = true
	}
	if used[""] {
		f.Add(comment("errorBody is the error body of operations declaring no error model."))
		f.Func().Id("errorBody").Params(jen.Id("status").Int(), jen.Id("msg").String()).Any().Block(jen.Return(messageMap()))
	}
	for _, set := range api.ErrorSets {
		if used[set.Name] {
			s.errorBodySet(f, set)
		}
	}
	s.shapeVars(f)
	return f
}

// errorBodyFunc names the function building error bodies for an error set.
func errorBodyFunc(set string) string {
	if set == "" {
		return "errorBody"
	}
	return set + "Body"
}

// fallbackErrorSet is the error set of requests matching no operation: the
// one most operations use (the first by name on a tie), or none.
func (s *srv) fallbackErrorSet() string {
	return mostUsed(s.ops, func(op *ir.Operation) string { return op.ErrorSet })
}

// mostUsed is the non-empty value of key that most operations have (the
// least on a tie), or "".
func mostUsed(ops []*ir.Operation, key func(*ir.Operation) string) string {
	count := map[string]int{}
	best := ""
	for _, op := range ops {
		k := key(op)
		if k == "" {
			continue
		}
		count[k]++
		if c := count[k]; c > count[best] || c == count[best] && k < best {
			best = k
		}
	}
	return best
}

// errorContentType is the media type of error bodies: the JSON result media
// type most operations declare, else application/json.
func (s *srv) errorContentType() string {
	best := mostUsed(s.ops, func(op *ir.Operation) string {
		if op.Result.Kind != "json" {
			return ""
		}
		return op.Result.ContentType
	})
	if best == "" {
		return "application/json"
	}
	return best
}

// errorBodySet emits the function filling an error set's model with a
// message. The model is the one the set declares for the status (exact
// code, then range, then default, then the set's first model). The message
// goes into the model's string field named "message", or into that of one
// of its object fields (one level deep); a model with neither gets
// {"message": "..."}.
func (s *srv) errorBodySet(f *jen.File, set *ir.ErrorSet) {
	f.Add(comment(fmt.Sprintf("%s is the error body of operations using %s, carrying msg.", errorBodyFunc(set.Name), set.Name)))
	f.Func().Id(errorBodyFunc(set.Name)).Params(jen.Id("status").Int(), jen.Id("msg").String()).Any().BlockFunc(func(b *jen.Group) {
		exact, ranges, def := set.Classify()
		if def == nil && len(set.Entries) > 0 {
			def = set.Entries[0]
		}
		if len(exact) > 0 {
			groups := groupByType(exact)
			if len(groups) > 1 || def == nil || groups[0][0].Type.String() != def.Type.String() {
				b.Switch(jen.Id("status")).BlockFunc(func(sw *jen.Group) {
					for _, group := range groups {
						sw.CaseFunc(func(c *jen.Group) {
							for _, e := range group {
								n, _ := strconv.Atoi(e.Code)
								c.Lit(n)
							}
						}).Block(jen.Return(s.errorModel(group[0].Type)))
					}
				})
			}
		}
		if len(ranges) > 0 {
			b.Switch(jen.Id("status").Op("/").Lit(100)).BlockFunc(func(sw *jen.Group) {
				for _, e := range ranges {
					n, _ := strconv.Atoi(e.Code[:1])
					sw.Case(jen.Lit(n)).Block(jen.Return(s.errorModel(e.Type)))
				}
			})
		}
		if def != nil {
			b.Return(s.errorModel(def.Type))
		} else {
			b.Return(messageMap())
		}
	})
}

// messageField finds the string field with JSON name "message" in a struct.
func (s *srv) messageField(t *ir.TypeRef) *ir.Field {
	if t == nil || t.Kind != ir.Named || s.types[t.Name] == nil || s.types[t.Name].Kind != ir.Struct {
		return nil
	}
	for _, fl := range s.types[t.Name].Fields {
		if fl.JSONName == "message" && isPlainString(fl.Type) {
			return fl
		}
	}
	return nil
}

func (s *srv) errorModel(t *ir.TypeRef) jen.Code {
	set := func(fl *ir.Field, v jen.Code) jen.Code {
		if fl.Wrapped {
			return jen.Qual(s.client, "NullableOf").Call(v)
		}
		if fl.Pointer {
			return jen.Op("&").Add(v)
		}
		return v
	}
	if fl := s.messageField(t); fl != nil {
		return jen.Op("&").Add(s.typ(t)).Values(jen.Dict{jen.Id(fl.Name): set(fl, jen.Id("msg"))})
	}
	if t.Kind == ir.Named && s.types[t.Name] != nil {
		for _, outer := range s.types[t.Name].Fields {
			if inner := s.messageField(outer.Type); inner != nil {
				v := s.typ(outer.Type).Values(jen.Dict{jen.Id(inner.Name): set(inner, jen.Id("msg"))})
				return jen.Op("&").Add(s.typ(t)).Values(jen.Dict{jen.Id(outer.Name): set(outer, v)})
			}
		}
	}
	return messageMap()
}

// messageMap is the error body of a model without a message field:
// {"message": msg}.
func messageMap() jen.Code {
	return jen.Map(jen.String()).String().Values(jen.Dict{jen.Lit("message"): jen.Id("msg")})
}

// shapeNeeds finds the struct types reachable from request bodies that
// have required fields somewhere inside.
func (s *srv) shapeNeeds() map[string]bool {
	needs := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, t := range s.api.Types {
			if needs[t.Name] {
				continue
			}
			n := false
			switch t.Kind {
			case ir.Struct:
				for _, fl := range t.Fields {
					if !fl.ReadOnly && (fl.Required || s.enumValues(fl.Type) != nil) || s.refNeeds(fl.Type, needs) {
						n = true
					}
				}
			case ir.Alias:
				n = s.refNeeds(t.Base, needs)
			}
			if n {
				needs[t.Name], changed = true, true
			}
		}
	}
	return needs
}

// isPlainString reports whether t is Go's string.
func isPlainString(t *ir.TypeRef) bool {
	return t.Kind == ir.Builtin && t.Name == "string" && t.Pkg == ""
}

// enumValues are the values of a string enum type, or nil.
func (s *srv) enumValues(t *ir.TypeRef) []string {
	if t.Kind != ir.Named || s.types[t.Name] == nil || s.types[t.Name].Kind != ir.Enum {
		return nil
	}
	var vs []string
	for _, v := range s.types[t.Name].Values {
		str, ok := v.Value.(string)
		if !ok {
			return nil
		}
		vs = append(vs, str)
	}
	return vs
}

func (s *srv) refNeeds(t *ir.TypeRef, needs map[string]bool) bool {
	switch t.Kind {
	case ir.Slice, ir.Map:
		return s.refNeeds(t.Elem, needs)
	case ir.Named:
		return needs[t.Name]
	}
	return false
}

// shapeOf is the expression of a type's shape, or nil when nothing inside
// is required.
func (s *srv) shapeOf(t *ir.TypeRef) jen.Code {
	if !s.refNeeds(t, s.shapes) {
		return jen.Nil()
	}
	switch t.Kind {
	case ir.Slice:
		return jen.Op("&").Id("shape").Values(jen.Dict{jen.Id("elem"): s.shapeOf(t.Elem)})
	case ir.Map:
		return jen.Op("&").Id("shape").Values(jen.Dict{jen.Id("values"): s.shapeOf(t.Elem)})
	}
	tt := s.types[t.Name]
	if tt.Kind == ir.Alias {
		return s.shapeOf(tt.Base)
	}
	return jen.Id("shape" + t.Name)
}

// shapeVars declares one shape per struct type reachable from a request
// body that needs one; nested shapes are wired in init so that recursive
// types work.
func (s *srv) shapeVars(f *jen.File) {
	reach := map[string]bool{}
	var walk func(t *ir.TypeRef)
	walk = func(t *ir.TypeRef) {
		switch {
		case t == nil:
		case t.Kind == ir.Slice || t.Kind == ir.Map:
			walk(t.Elem)
		case t.Kind == ir.Named && !reach[t.Name] && s.types[t.Name] != nil:
			reach[t.Name] = true
			walk(s.types[t.Name].Base)
			for _, fl := range s.types[t.Name].Fields {
				walk(fl.Type)
			}
		}
	}
	for _, op := range append(append([]*ir.Operation(nil), s.ops...), s.webhooks...) {
		if op.Body != nil {
			walk(op.Body.Type)
		}
	}
	var structs []*ir.Type
	for _, t := range s.api.Types {
		if t.Kind == ir.Struct && s.shapes[t.Name] && reach[t.Name] {
			structs = append(structs, t)
		}
	}
	if len(structs) == 0 {
		return
	}
	f.Add(comment("Shapes of request bodies: the fields each object requires and the values its enum fields allow, checked before decoding."))
	f.Var().DefsFunc(func(d *jen.Group) {
		for _, t := range structs {
			var req []jen.Code
			enums := jen.Dict{}
			for _, fl := range t.Fields {
				if fl.ReadOnly {
					continue
				}
				if fl.Required {
					req = append(req, jen.Lit(fl.JSONName))
				}
				if vs := s.enumValues(fl.Type); vs != nil {
					var lits []jen.Code
					for _, v := range vs {
						lits = append(lits, jen.Lit(v))
					}
					enums[jen.Lit(fl.JSONName)] = jen.Values(lits...)
				}
			}
			var nullable []jen.Code
			for _, fl := range t.Fields {
				if !fl.ReadOnly && (fl.Nullable || fl.Wrapped) && (fl.Required || s.refNeeds(fl.Type, s.shapes)) {
					nullable = append(nullable, jen.Lit(fl.JSONName))
				}
			}
			vals := jen.Dict{}
			if len(req) > 0 {
				vals[jen.Id("required")] = jen.Index().String().Values(req...)
			}
			if len(nullable) > 0 {
				vals[jen.Id("nullable")] = jen.Index().String().Values(nullable...)
			}
			if len(enums) > 0 {
				vals[jen.Id("enums")] = jen.Map(jen.String()).Index().String().Values(enums)
			}
			d.Id("shape" + t.Name).Op("=").Op("&").Id("shape").Values(vals)
		}
	})
	var wiring []jen.Code
	for _, t := range structs {
		fields := jen.Dict{}
		for _, fl := range t.Fields {
			if s.refNeeds(fl.Type, s.shapes) {
				fields[jen.Lit(fl.JSONName)] = s.shapeOf(fl.Type)
			}
		}
		if len(fields) > 0 {
			wiring = append(wiring, jen.Id("shape"+t.Name).Dot("fields").Op("=").Map(jen.String()).Op("*").Id("shape").Values(fields))
		}
	}
	if len(wiring) > 0 {
		// Not func init: the generator never declares one, so an init
		// function in the output could only come from spec text (the
		// hostile-spec property checks exactly that).
		f.Var().Id("_").Op("=").Id("wireShapes").Call()
		f.Func().Id("wireShapes").Params().Bool().Block(append(wiring, jen.Return(jen.True()))...)
	}
}

// opsFile declares, for each operation, its Request and Result types and
// the handler binding the request and encoding the result.
func (s *srv) opsFile(ops []*ir.Operation) *jen.File {
	f := s.newFile()
	for _, op := range ops {
		s.requestType(f, op)
		s.resultType(f, op)
		s.serveFunc(f, op)
	}
	return f
}

// fieldName is a Request field for a required parameter, kept clear of
// the fixed fields.
func fieldName(p *ir.Param) string {
	switch p.GoName {
	case "Params", "Body", "Header":
		return p.GoName + "Param"
	}
	return p.GoName
}

func (s *srv) requestType(f *jen.File, op *ir.Operation) {
	what := fmt.Sprintf("%s %s", op.Method, op.Path)
	if op.Service == nil {
		what = fmt.Sprintf("the webhook %s %s", op.Method, strings.TrimPrefix(op.Path, "/"))
		if op.Params != nil {
			s.webhookParams(f, op)
		}
	}
	f.Add(comment(fmt.Sprintf("%sRequest is the input of %s (%s), bound and validated.", serverName(op), serverName(op), what)))
	f.Type().Id(serverName(op) + "Request").StructFunc(func(g *jen.Group) {
		for _, a := range op.Args {
			doc := fmt.Sprintf("%s is the %s parameter %q.", fieldName(a), a.In, a.Name)
			if a.Doc != "" {
				doc = fmt.Sprintf("%s (%s parameter %q): %s", fieldName(a), a.In, a.Name, a.Doc)
			}
			g.Add(comment(doc))
			g.Id(fieldName(a)).Add(s.typ(a.Type))
		}
		if op.Params != nil {
			g.Add(comment("Params holds the optional parameters; absent ones are nil."))
			if op.Service == nil {
				g.Id("Params").Id(op.Params.TypeName) // a webhook's, declared here
			} else {
				pkg := s.client
				if s.api.SplitServices {
					pkg += "/" + op.Service.Package // split: the service package declares it
				}
				g.Id("Params").Qual(pkg, op.Params.TypeName)
			}
		}
		if op.Body != nil {
			s.bodyField(g, op.Body)
		}
		g.Add(comment("Header holds the request headers."))
		g.Id("Header").Qual("net/http", "Header")
	})
}

// bodyField declares a Request's Body: the decoded value (*T) for JSON,
// form and multipart bodies, the text for a text body, the stream for a
// binary one.
func (s *srv) bodyField(g *jen.Group, b *ir.Body) {
	switch {
	case b.Kind == "binary":
		if b.Required {
			g.Add(comment(fmt.Sprintf("Body streams the request body (%s) as it arrives (1 GiB at most); never nil. Read it before returning.", b.ContentType)))
		} else {
			g.Add(comment(fmt.Sprintf("Body streams the request body (%s) as it arrives (1 GiB at most); nil when none was sent. Read it before returning.", b.ContentType)))
		}
		g.Id("Body").Qual("io", "Reader")
	case b.Kind == "text" && isPlainString(b.Type):
		if b.Required {
			g.Add(comment(fmt.Sprintf("Body is the request body (%s).", b.ContentType)))
			g.Id("Body").String()
		} else {
			g.Add(comment(fmt.Sprintf("Body is the request body (%s), nil when none was sent.", b.ContentType)))
			g.Id("Body").Op("*").String()
		}
	default:
		what := "decoded request body"
		switch b.Kind {
		case "form":
			what = "request body decoded from its form (" + b.ContentType + ")"
		case "multipart":
			what = "request body decoded from its parts (" + b.ContentType + "); file fields read the uploaded files until the method returns"
		}
		if b.Required {
			g.Add(comment(fmt.Sprintf("Body is the %s, never nil.", what)))
		} else {
			g.Add(comment(fmt.Sprintf("Body is the %s, nil when none was sent.", what)))
		}
		g.Id("Body").Op("*").Add(s.typ(b.Type))
	}
}

// bodyCall binds a request body by its kind.
func (s *srv) bodyCall(b *ir.Body) jen.Code {
	c, req, body := jen.Id("c"), jen.Lit(b.Required), jen.Op("&").Id("req").Dot("Body")
	switch {
	case b.Kind == "binary":
		return jen.Id("streamBody").Call(c, req, body)
	case b.Kind == "text" && isPlainString(b.Type):
		return jen.Id("textBody").Call(c, req, body)
	case b.Kind == "form":
		return jen.Id("formBody").Call(c, req, s.shapeOf(b.Type), formEncodingLit(b), body)
	case b.Kind == "multipart":
		return jen.Id("multipartBody").Call(c, req, s.shapeOf(b.Type), formEncodingLit(b), body)
	}
	return jen.Id("jsonBody").Call(c, req, s.shapeOf(b.Type), body)
}

func codesText(r *ir.Result) string {
	var all []string
	for _, c := range r.Codes {
		all = append(all, strconv.Itoa(c))
	}
	for _, c := range r.EmptyCodes {
		all = append(all, strconv.Itoa(c)+" (no body)")
	}
	return strings.Join(all, ", ")
}

func (s *srv) resultType(f *jen.File, op *ir.Operation) {
	r := op.Result
	f.Add(comment(fmt.Sprintf("%sResult is the output of %s.", serverName(op), serverName(op))))
	f.Type().Id(serverName(op) + "Result").StructFunc(func(g *jen.Group) {
		g.Add(comment(fmt.Sprintf("Status is one of %s; 0 means the first.", codesText(r))))
		g.Id("Status").Int()
		switch r.Kind {
		case "json":
			doc := "Body is the response body, required."
			if len(r.EmptyCodes) > 0 {
				doc = "Body is the response body, required except for the statuses without one."
			}
			if t := s.types[r.Type.Name]; r.Type.Kind == ir.Named && t != nil && t.Kind == ir.Union && len(r.Codes) > 1 {
				doc += fmt.Sprintf(" Each status has its own body: set the variant that goes with Status with the From methods (%s.%s says which).", s.api.Package, r.Type.Name)
			}
			g.Add(comment(doc))
			g.Id("Body").Op("*").Add(s.typ(r.Type))
		case "binary", "text":
			g.Add(comment("Body is streamed to the client, then closed if it is an io.Closer."))
			g.Id("Body").Qual("io", "Reader")
			g.Add(comment(fmt.Sprintf("ContentType defaults to %s.", r.ContentType)))
			g.Id("ContentType").String()
		}
		if len(r.Headers) > 0 {
			g.Add(comment(fmt.Sprintf("Header holds response headers to send, such as those the spec documents: %s.", strings.Join(r.Headers, ", "))))
			g.Id("Header").Qual("net/http", "Header")
		}
	})
}

func intsLit(ns []int) jen.Code {
	if len(ns) == 0 {
		return jen.Nil()
	}
	var vs []jen.Code
	for _, n := range ns {
		vs = append(vs, jen.Lit(n))
	}
	return jen.Index().Int().Values(vs...)
}

// isObject reports whether a parameter's Go type is a struct or map (an
// exploded form object has no key of its own).
func (s *srv) isObject(t *ir.TypeRef) bool {
	switch t.Kind {
	case ir.Map:
		return true
	case ir.Named:
		tt := s.types[t.Name]
		if tt == nil {
			return false
		}
		if tt.Kind == ir.Alias {
			return s.isObject(tt.Base)
		}
		return tt.Kind == ir.Struct
	}
	return false
}

func (s *srv) bindCall(p *ir.Param, dst *jen.Statement, required bool) jen.Code {
	c := jen.Id("c")
	ptr := jen.Op("&").Add(dst)
	if p.JSON {
		return jen.Id("jsonParam").Call(c, jen.Lit(string(p.In)), jen.Lit(p.Name), jen.Lit(required), ptr)
	}
	switch p.In {
	case "path":
		return jen.Id("pathParam").Call(c, jen.Lit(p.Name), jen.Lit(p.Style), jen.Lit(p.Explode), ptr)
	case "query":
		return jen.Id("queryParam").Call(c, jen.Lit(p.Name), jen.Lit(p.Style), jen.Lit(p.Explode), jen.Lit(required), jen.Lit(s.isObject(p.Type)), ptr)
	}
	in := "Header"
	if p.In == "cookie" {
		in = "Cookie"
	}
	fn := strings.ToLower(in) + "Param"
	switch {
	case required:
	case p.Type.IsNilable():
		fn = "optSlice" + in
	default:
		fn = "opt" + in + "Param"
	}
	return jen.Id(fn).Call(c, jen.Lit(p.Name), jen.Lit(p.Explode), ptr)
}

// enumCall holds a bound parameter of a string enum type, or an array of
// one, to the enum's values (as body fields are, by their shapes); nil for
// any other parameter.
func (s *srv) enumCall(p *ir.Param, dst *jen.Statement) jen.Code {
	if p.JSON {
		return nil
	}
	t := p.Type
	if t.Kind == ir.Slice {
		t = t.Elem
	}
	vs := s.enumValues(t)
	if vs == nil {
		return nil
	}
	args := []jen.Code{jen.Id("c"), jen.Lit(string(p.In)), jen.Lit(p.Name), dst}
	for _, v := range vs {
		args = append(args, jen.Lit(v))
	}
	return jen.Id("enumParam").Call(args...)
}

func (s *srv) serveFunc(f *jen.File, op *ir.Operation) {
	iface := "Service"
	if op.Service == nil {
		iface = "Webhooks"
	}
	f.Add(comment(fmt.Sprintf("serve%s binds a %sRequest, calls the %s and encodes the result.", serverName(op), serverName(op), iface)))
	f.Func().Id("serve"+serverName(op)).Params(jen.Id("svc").Id(iface), jen.Id("c").Op("*").Id("call")).BlockFunc(func(b *jen.Group) {
		b.Id("req").Op(":=").Op("&").Id(serverName(op) + "Request").Values(jen.Dict{jen.Id("Header"): jen.Id("c").Dot("r").Dot("Header")})
		for _, a := range op.Args {
			b.Add(s.bindCall(a, jen.Id("req").Dot(fieldName(a)), true))
			if e := s.enumCall(a, jen.Id("req").Dot(fieldName(a))); e != nil {
				b.Add(e)
			}
		}
		if op.Params != nil {
			for _, p := range op.Params.Fields {
				b.Add(s.bindCall(p, jen.Id("req").Dot("Params").Dot(p.GoName), false))
				if e := s.enumCall(p, jen.Id("req").Dot("Params").Dot(p.GoName)); e != nil {
					b.Add(e)
				}
			}
		}
		if op.Body != nil {
			b.Add(s.bodyCall(op.Body))
		}
		b.If(jen.Op("!").Id("c").Dot("ok").Call()).Block(jen.Return())
		b.List(jen.Id("res"), jen.Err()).Op(":=").Id("svc").Dot(serverName(op)).Call(jen.Id("c").Dot("r").Dot("Context").Call(), jen.Id("req"))
		b.If(jen.Err().Op("!=").Nil()).Block(jen.Id("c").Dot("fail").Call(jen.Err()), jen.Return())
		b.If(jen.Id("res").Op("==").Nil()).Block(jen.Id("res").Op("=").Op("&").Id(serverName(op) + "Result").Values())
		r := op.Result
		if len(r.Headers) > 0 {
			b.Id("setHeader").Call(jen.Id("c"), jen.Id("res").Dot("Header"))
		}
		switch r.Kind {
		case "json":
			b.Id("writeJSON").Call(jen.Id("c"), jen.Lit(r.ContentType), jen.Id("res").Dot("Status"), jen.Id("res").Dot("Body"), intsLit(r.Codes), intsLit(r.EmptyCodes))
		case "binary", "text":
			b.Id("writeStream").Call(jen.Id("c"), jen.Id("res").Dot("ContentType"), jen.Lit(r.ContentType), jen.Id("res").Dot("Status"), jen.Id("res").Dot("Body"), intsLit(r.Codes), intsLit(r.EmptyCodes))
		default:
			b.Id("writeEmpty").Call(jen.Id("c"), jen.Id("res").Dot("Status"), intsLit(r.EmptyCodes))
		}
	})
}

// serverName is the operation's name in the server package: its method
// name, or a longer one when another service's operation has the same
// method name (the server has one Service interface).
func serverName(op *ir.Operation) string {
	if op.ServerName != "" {
		return op.ServerName
	}
	return op.Name
}

// webhookParams declares the optional parameters of a webhook operation:
// the client has no such struct, as it never sends webhooks.
func (s *srv) webhookParams(f *jen.File, op *ir.Operation) {
	f.Add(comment(fmt.Sprintf("%s holds the optional parameters of the webhook %s; absent ones are nil.", op.Params.TypeName, serverName(op))))
	f.Type().Id(op.Params.TypeName).StructFunc(func(g *jen.Group) {
		for _, p := range op.Params.Fields {
			doc := fmt.Sprintf("%s is the %s parameter %q.", p.GoName, p.In, p.Name)
			if p.Doc != "" {
				doc = fmt.Sprintf("%s (%s parameter %q): %s", p.GoName, p.In, p.Name, p.Doc)
			}
			g.Add(comment(doc))
			t := s.typ(p.Type)
			if !p.Type.IsNilable() {
				t = jen.Op("*").Add(t)
			}
			g.Id(p.GoName).Add(t)
		}
	})
}

// webhookHandler declares Webhooks, UnimplementedWebhooks and
// NewWebhookHandler: what an application receiving the API's webhooks
// implements, served by the same binding, validation and encoding as the
// operations, each webhook at /<name>.
func (s *srv) webhookHandler(f *jen.File) {
	if len(s.webhooks) == 0 {
		return
	}
	f.Add(comment("Webhooks receives the webhooks the " + s.api.Title + " sends, one method per webhook operation. Embed UnimplementedWebhooks to implement part of it."))
	f.Type().Id("Webhooks").InterfaceFunc(func(g *jen.Group) {
		for _, op := range s.webhooks {
			g.Add(comment(fmt.Sprintf("%s receives the webhook %s %s.", serverName(op), op.Method, strings.TrimPrefix(op.Path, "/"))))
			g.Id(serverName(op)).Params(jen.Id("ctx").Qual("context", "Context"), jen.Id("req").Op("*").Id(serverName(op)+"Request")).
				Params(jen.Op("*").Id(serverName(op)+"Result"), jen.Error())
		}
	})
	f.Add(comment("UnimplementedWebhooks answers 501 Not Implemented to every webhook. Embed it in a Webhooks to implement only some."))
	f.Type().Id("UnimplementedWebhooks").Struct()
	for _, op := range s.webhooks {
		f.Add(comment(fmt.Sprintf("%s answers 501.", serverName(op))))
		f.Func().Params(jen.Id("UnimplementedWebhooks")).Id(serverName(op)).
			Params(jen.Qual("context", "Context"), jen.Op("*").Id(serverName(op)+"Request")).
			Params(jen.Op("*").Id(serverName(op)+"Result"), jen.Error()).
			Block(jen.Return(jen.Nil(), jen.Id("Errorf").Call(jen.Qual("net/http", "StatusNotImplemented"), jen.Lit(serverName(op)+" not implemented"))))
	}
	var paths []string
	for _, op := range s.webhooks {
		if p := op.Method + " " + op.Path; !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
	}
	fallback := mostUsed(s.webhooks, func(op *ir.Operation) string { return op.ErrorSet })
	f.Add(comment(fmt.Sprintf("NewWebhookHandler returns an http.Handler receiving the webhooks into w, each at the path / followed by its name (%s): mount it where the API is told to send them, under a prefix with http.StripPrefix. Requests are bound and validated as NewHandler's are: bad input answers 400 and w is not called.", strings.Join(paths, ", "))))
	f.Func().Id("NewWebhookHandler").Params(jen.Id("w").Id("Webhooks"), jen.Id("opts").Op("...").Id("HandlerOption")).Qual("net/http", "Handler").Block(
		jen.Return(jen.Id("newHandler").Call(jen.Nil(), jen.Op("&").Id("api").Values(jen.Dict{
			jen.Id("errorBody"):        jen.Id(errorBodyFunc(fallback)),
			jen.Id("errorContentType"): jen.Lit(s.errorContentType()),
			jen.Id("routes"): jen.Index().Op("*").Id("route").ValuesFunc(func(g *jen.Group) {
				for _, op := range s.webhooks {
					media := ""
					if op.Body != nil {
						media = op.Body.ContentType
					}
					serve := jen.Func().Params(jen.Id("_").Id("Service"), jen.Id("c").Op("*").Id("call")).Block(jen.Id("serve"+serverName(op)).Call(jen.Id("w"), jen.Id("c")))
					g.Line().Values(jen.Lit(op.Method), jen.Lit(op.Path), jen.Lit(op.Path), jen.Lit(media), serve, jen.Id(errorBodyFunc(op.ErrorSet)))
				}
				g.Line()
			}),
		}), jen.Id("opts"))),
	)
}
