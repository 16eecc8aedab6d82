package emit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Split output (ir.API.SplitServices): one package per service over the
// models package, so a program importing two services compiles only them
// and the models they reach: a model only one service's operations reach
// is declared in that service's package (ir.Type.Package), the shared ones in
// the models package. The request runtime, which the models package and every
// service package call, moves to <out>/internal/sdk with its names
// exported; the models package declares an alias or a forwarding function
// for each of them under its old name, so its own files (models, client,
// the union and Nullable runtime, which stay in it) are what they are in a
// single package. A service file is rendered as for a single package and
// then qualified (qualifyService): every name it does not declare and that
// is not predeclared or imported belongs to the models package or the
// runtime, so the rewrite holds by construction rather than by a list of
// call sites.

// SDKDir is the directory, under the output, of the split runtime.
const SDKDir = "internal/sdk"

// modelRuntime are the runtime files that stay in the models package:
// the models embed and call them, and nothing in the rest of the runtime
// refers to them.
var modelRuntime = map[string]bool{"json.go": true, "union.go": true}

// sdkGlue stands in for the single package's client.go around the
// runtime: the package's name for messages and the Client the service
// packages take, whose core only they can reach. No spec text goes in
// (the Title would bypass the comment sanitizer).
const sdkGlue = `package sdkruntime

const sdkName = %q

// Client calls the API. It is safe for concurrent use. Create one with
// NewClient and pass it to a service package's constructor.
type Client struct{ core *core }

// wrapCore returns a Client over c.
func wrapCore(c *core) *Client { return &Client{core: c} }

// coreOf returns the core a Client calls through.
func coreOf(c *Client) *core { return c.core }
`

// sdkRuntime is the request runtime, parsed, with what a split needs to
// know about its names.
type sdkRuntime struct {
	fset  *token.FileSet
	files map[string]*ast.File // by runtime file name
	order []string
	// top: every top-level name, by name; members: the field and method
	// names of its unexported types, which the split exports.
	top     map[string]ast.Node
	members map[string]bool
	imports map[string]string // import name → path, over all files
}

// exported is the runtime's name for x in the split package.
func exported(x string) string {
	r, n := utf8.DecodeRuneInString(x)
	return string(unicode.ToUpper(r)) + x[n:]
}

// parseSDK parses the runtime files that go to internal/sdk.
func (g *gen) parseSDK() (*sdkRuntime, error) {
	srcs, err := g.runtimeSources()
	if err != nil {
		return nil, err
	}
	return parseRuntime(append(srcs, runtimeSource{"glue.go", fmt.Sprintf(sdkGlue, g.api.Package)}))
}

// parseRuntime parses and checks runtime sources for the split.
func parseRuntime(srcs []runtimeSource) (*sdkRuntime, error) {
	rt := &sdkRuntime{fset: token.NewFileSet(), files: map[string]*ast.File{}, top: map[string]ast.Node{}, members: map[string]bool{}, imports: map[string]string{}}
	for _, s := range srcs {
		if modelRuntime[s.name] {
			continue
		}
		f, err := parser.ParseFile(rt.fset, s.name, s.src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("runtime/%s: %w", s.name, err)
		}
		rt.files[s.name] = f
		rt.order = append(rt.order, s.name)
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := path.Base(p)
			if im.Name != nil {
				name = im.Name.Name
			}
			rt.imports[name] = p
		}
	}
	sort.Strings(rt.order)
	unexportedType := map[string]bool{}
	for _, name := range rt.order {
		topLevelDecls(rt.files[name], func(id string, n ast.Node) {
			rt.top[id] = n
			if _, ok := n.(*ast.TypeSpec); ok {
				unexportedType[id] = !ast.IsExported(id)
			}
		})
	}
	for _, name := range rt.order {
		for _, d := range rt.files[name].Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil && unexportedType[recvType(d)] && !ast.IsExported(d.Name.Name) {
					rt.members[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok && unexportedType[ts.Name.Name] {
						for _, n := range memberNames(ts.Type) {
							if !ast.IsExported(n) {
								rt.members[n] = true
							}
						}
					}
				}
			}
		}
	}
	return rt, rt.check()
}

// check refuses a runtime the split cannot rename one to one: a
// top-level name whose exported form already names something other than
// a member, a member whose exported form the same type already has, a
// renamed member name that an exported type also uses (selectors are
// renamed by name), or a renamed name that is also an import.
func (rt *sdkRuntime) check() error {
	plain := map[string]bool{} // identifiers naming no field or method
	typeMembers := map[string]map[string]bool{}
	exportedMembers := map[string]bool{}
	add := func(typ, m string) {
		if typeMembers[typ] == nil {
			typeMembers[typ] = map[string]bool{}
		}
		typeMembers[typ][m] = true
		if ast.IsExported(typ) {
			exportedMembers[m] = true
		}
	}
	for _, name := range rt.order {
		f := rt.files[name]
		members := memberPositions(f)
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Ident:
				if !members[n] {
					plain[n.Name] = true
				}
			case *ast.TypeSpec:
				for _, m := range memberNames(n.Type) {
					add(n.Name.Name, m)
				}
			case *ast.FuncDecl:
				if n.Recv != nil {
					add(recvType(n), n.Name.Name)
				}
			}
			return true
		})
	}
	var bad []string
	for x := range rt.topUnexported() {
		if plain[exported(x)] {
			bad = append(bad, x+" (its exported form is a name already)")
		}
	}
	for x := range rt.members {
		for typ, ms := range typeMembers {
			if ms[x] && ms[exported(x)] {
				bad = append(bad, fmt.Sprintf("%s (%s has %s too)", x, typ, exported(x)))
			}
		}
		if exportedMembers[x] {
			bad = append(bad, x+" (also a member of an exported type)")
		}
	}
	for _, set := range []map[string]bool{rt.members, rt.topUnexported()} {
		for x := range set {
			if _, ok := rt.imports[x]; ok {
				bad = append(bad, x+" (also an import)")
			}
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("runtime cannot be split: %s", strings.Join(bad, ", "))
	}
	return nil
}

func (rt *sdkRuntime) topUnexported() map[string]bool {
	m := map[string]bool{}
	for x := range rt.top {
		if !ast.IsExported(x) && x != "_" {
			m[x] = true
		}
	}
	return m
}

// recvType is the name of a method's receiver type.
func recvType(d *ast.FuncDecl) string {
	t := d.Recv.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch x := t.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.Name
		}
	case *ast.IndexListExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			return id.Name
		}
	}
	return ""
}

// memberNames are the field names (embedded ones by their type's name) of
// a struct type or the methods of an interface.
func memberNames(t ast.Expr) []string {
	var list *ast.FieldList
	switch t := t.(type) {
	case *ast.StructType:
		list = t.Fields
	case *ast.InterfaceType:
		list = t.Methods
	default:
		return nil
	}
	var out []string
	for _, f := range list.List {
		for _, n := range f.Names {
			out = append(out, n.Name)
		}
		if len(f.Names) == 0 {
			t := f.Type
			if s, ok := t.(*ast.StarExpr); ok {
				t = s.X
			}
			if id, ok := t.(*ast.Ident); ok {
				out = append(out, id.Name)
			}
		}
	}
	return out
}

// memberPositions are the identifiers of a file that name a field or
// method: selectors, struct literal keys, field and method declarations
// (a map type's literal is a map's, any other a struct's).
// The others name variables, types, functions and packages.
func memberPositions(f *ast.File) map[*ast.Ident]bool {
	members := map[*ast.Ident]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			members[n.Sel] = true
		case *ast.FuncDecl:
			if n.Recv != nil {
				members[n.Name] = true
			}
		case *ast.StructType:
			for _, fl := range n.Fields.List {
				for _, id := range fl.Names {
					members[id] = true
				}
			}
		case *ast.InterfaceType:
			for _, fl := range n.Methods.List {
				for _, id := range fl.Names {
					members[id] = true
				}
			}
		case *ast.CompositeLit:
			// A map literal's identifier keys are expressions; a struct
			// literal's (its type named, or elided in an outer literal)
			// are fields.
			switch n.Type.(type) {
			case *ast.MapType, *ast.ArrayType:
				return true
			}
			for _, e := range n.Elts {
				if kv, ok := e.(*ast.KeyValueExpr); ok {
					if id, ok := kv.Key.(*ast.Ident); ok {
						members[id] = true
					}
				}
			}
		}
		return true
	})
	return members
}

// sdkFiles renders the runtime as package sdk: every unexported top-level
// name, field and method of an unexported type exported, each identifier
// renamed by the position it stands in (check made the renaming one to
// one).
func sdkFiles(rt *sdkRuntime, specFile string) ([]File, error) {
	top := rt.topUnexported()
	var files []File
	for _, name := range rt.order {
		f := rt.files[name]
		members := memberPositions(f)
		ast.Inspect(f, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok || id == f.Name {
				return true
			}
			switch {
			case members[id]:
				if rt.members[id.Name] {
					id.Name = exported(id.Name)
				}
			case top[id.Name]:
				id.Name = exported(id.Name)
			}
			return true
		})
		f.Name.Name = "sdk"
		var buf bytes.Buffer
		buf.WriteString("// " + Header(specFile) + "\n\n")
		if err := format.Node(&buf, rt.fset, f); err != nil {
			return nil, fmt.Errorf("runtime/%s: %w", name, err)
		}
		files = append(files, File{Path: SDKDir + "/runtime_" + name, Content: buf.Bytes()})
	}
	return files, nil
}

// aliasFile declares in the models package, under its runtime name, each
// top-level name of the split runtime: a type alias, a function
// forwarding its arguments, a constant; exported variables are copied
// (the sentinel errors are pointers, so errors.Is holds across both
// names). Exported names keep their documentation: they are the SDK's API.
// An unexported name is declared only when the models package uses it
// (used: every identifier of its other files) or a declaration kept
// refers to it; the service packages call internal/sdk itself.
// It must run before sdkFiles renames the runtime.
func (g *gen) aliasFile(rt *sdkRuntime, used map[string]bool) (File, error) {
	type decl struct {
		name    string
		text    bytes.Buffer
		refs    []string        // the runtime's top-level names it refers to
		imports map[string]bool // the imports it uses
	}
	var decls []*decl
	var body *decl
	expr := func(e ast.Node) string {
		ast.Inspect(e, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok {
					if _, isImport := rt.imports[id.Name]; isImport {
						body.imports[id.Name] = true
					}
				}
				return false // a member or an import's name, never the runtime's
			case *ast.Ident:
				if rt.top[n.Name] != nil {
					body.refs = append(body.refs, n.Name)
				}
			}
			return true
		})
		var b bytes.Buffer
		printer.Fprint(&b, rt.fset, e)
		return b.String()
	}
	start := func(x string) {
		body = &decl{name: x, imports: map[string]bool{}}
		decls = append(decls, body)
	}
	doc := func(x string, groups ...*ast.CommentGroup) {
		if !ast.IsExported(x) {
			return
		}
		for _, c := range groups {
			if c != nil {
				for _, line := range strings.Split(strings.TrimRight(c.Text(), "\n"), "\n") {
					body.text.WriteString(strings.TrimRight("// "+line, " ") + "\n")
				}
				return
			}
		}
	}
	typeParams := func(l *ast.FieldList) (decl, use string) {
		if l == nil || len(l.List) == 0 {
			return "", ""
		}
		var names, fields []string
		for _, f := range l.List {
			var fn []string
			for _, n := range f.Names {
				fn = append(fn, n.Name)
			}
			names = append(names, fn...)
			fields = append(fields, strings.Join(fn, ", ")+" "+expr(f.Type))
		}
		return "[" + strings.Join(fields, ", ") + "]", "[" + strings.Join(names, ", ") + "]"
	}
	for _, name := range rt.order {
		for _, d := range rt.files[name].Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil || d.Name.Name == "init" {
					continue
				}
				x := d.Name.Name
				start(x)
				doc(x, d.Doc)
				tdecl, tuse := typeParams(d.Type.TypeParams)
				var params, args []string
				for _, f := range d.Type.Params.List {
					n := max(len(f.Names), 1)
					for range n {
						p := "p" + strconv.Itoa(len(args))
						t := f.Type
						if el, ok := t.(*ast.Ellipsis); ok {
							params = append(params, p+" ..."+expr(el.Elt))
							args = append(args, p+"...")
							continue
						}
						params = append(params, p+" "+expr(t))
						args = append(args, p)
					}
				}
				results := ""
				if d.Type.Results != nil && len(d.Type.Results.List) > 0 {
					var rs []string
					for _, f := range d.Type.Results.List {
						for range max(len(f.Names), 1) {
							rs = append(rs, expr(f.Type))
						}
					}
					results = "(" + strings.Join(rs, ", ") + ")"
				}
				call := fmt.Sprintf("sdk.%s%s(%s)", exported(x), tuse, strings.Join(args, ", "))
				if results != "" {
					call = "return " + call
				}
				fmt.Fprintf(&body.text, "func %s%s(%s) %s { %s }\n\n", x, tdecl, strings.Join(params, ", "), results, call)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					var group *ast.CommentGroup
					if len(d.Specs) == 1 {
						group = d.Doc
					}
					switch s := s.(type) {
					case *ast.TypeSpec:
						start(s.Name.Name)
						doc(s.Name.Name, s.Doc, group)
						tdecl, tuse := typeParams(s.TypeParams)
						fmt.Fprintf(&body.text, "type %s%s = sdk.%s%s\n\n", s.Name.Name, tdecl, exported(s.Name.Name), tuse)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							x := n.Name
							if x == "_" || d.Tok == token.VAR && !ast.IsExported(x) {
								continue
							}
							start(x)
							doc(x, s.Doc, group)
							fmt.Fprintf(&body.text, "%s %s = sdk.%s\n\n", d.Tok, x, exported(x))
						}
					}
				}
			}
		}
	}
	// Keep the exported names and what the models use, then what the kept
	// declarations refer to, until nothing is added.
	byName := map[string]*decl{}
	keep := map[string]bool{}
	var queue []string
	for _, d := range decls {
		byName[d.name] = d
		if ast.IsExported(d.name) || used[d.name] {
			keep[d.name] = true
			queue = append(queue, d.name)
		}
	}
	for len(queue) > 0 {
		d := byName[queue[0]]
		queue = queue[1:]
		for _, r := range d.refs {
			if !keep[r] && byName[r] != nil {
				keep[r] = true
				queue = append(queue, r)
			}
		}
	}
	var text bytes.Buffer
	usedImports := map[string]bool{}
	for _, d := range decls {
		if keep[d.name] {
			text.Write(d.text.Bytes())
			for n := range d.imports {
				usedImports[n] = true
			}
		}
	}
	var src bytes.Buffer
	fmt.Fprintf(&src, "// %s\n\npackage %s\n\n", Header(g.api.SpecFile), g.api.Package)
	var names []string
	for n := range usedImports {
		names = append(names, n)
	}
	sort.Strings(names)
	src.WriteString("import (\n")
	for _, n := range names {
		p := rt.imports[n]
		if path.Base(p) == n {
			fmt.Fprintf(&src, "\t%q\n", p)
		} else {
			fmt.Fprintf(&src, "\t%s %q\n", n, p)
		}
	}
	fmt.Fprintf(&src, "\n\tsdk %q\n)\n\n", g.api.ImportPath+"/"+SDKDir)
	src.WriteString("// The runtime the models and the service packages share is in\n// internal/sdk; these are its names here.\n\n")
	src.Write(text.Bytes())
	out, err := format.Source(src.Bytes())
	if err != nil {
		return File{}, fmt.Errorf("runtime aliases: %w", err)
	}
	return File{Path: "runtime.go", Content: out}, nil
}

// identifiers adds the names a Go file uses to into, for aliasFile: every
// identifier but selectors' members (over-counting a local name only
// keeps an alias).
func identifiers(src []byte, into map[string]bool) error {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	fileIdentifiers(f, into)
	return nil
}

// fileIdentifiers is identifiers of a parsed file.
// topLevelDecls calls visit with each package-level name file declares
// (functions without a receiver, types, variables, constants) and the node
// declaring it.
func topLevelDecls(file *ast.File, visit func(name string, n ast.Node)) {
	for _, d := range file.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				visit(d.Name.Name, d)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					visit(s.Name.Name, s)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						visit(n.Name, s)
					}
				}
			}
		}
	}
}

func fileIdentifiers(f *ast.File, into map[string]bool) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok {
					into[id.Name] = true
				}
				return true
			})
			return false
		case *ast.Ident:
			into[n.Name] = true
		}
		return true
	})
}

// qualifyService turns a service file rendered as part of the models
// package into the service's own package. Every identifier the file
// neither declares nor imports nor finds predeclared is the models
// package's or the runtime's: an exported one (a model, NewClient's
// options, RequestOption) is qualified with the models package, which
// has them all, an unexported one with the runtime's exported name
// (runtime functions, types and the service's local helpers). A
// selector of a runtime member is renamed as sdkFiles renamed it.
// Anything else unexported is an error, not a file that does not build.
func (g *gen) qualifyService(rt *sdkRuntime, pkg string, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	f.Name.Name = pkg
	imported := map[string]bool{}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		name := path.Base(p)
		if im.Name != nil {
			name = im.Name.Name
		}
		imported[name] = true
	}
	declared := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			declared[id.Name] = true
		}
		return true
	})
	// The import names must not be names the file uses.
	alias := func(want string) string {
		for declared[want] || imported[want] {
			want += "_"
		}
		return want
	}
	models := alias(g.api.Package)
	declared[models] = true // a models package named sdk: the runtime's import is sdk_
	sdk := alias("sdk")
	var usedModels, usedSDK bool
	var bad []string
	for _, id := range f.Unresolved {
		x := id.Name
		switch {
		case imported[x]:
		case rt.top[x] != nil && !ast.IsExported(x):
			id.Name, usedSDK = sdk+"."+exported(x), true
		case rt.top[x] != nil || ast.IsExported(x):
			id.Name, usedModels = models+"."+x, true
		case types.Universe.Lookup(x) != nil:
		default:
			bad = append(bad, x)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return nil, fmt.Errorf("service package %s refers to unexported %s of the models package", pkg, strings.Join(slices.Compact(bad), ", "))
	}
	local, members := localMembers(f), memberPositions(f)
	for id := range members {
		if rt.members[id.Name] && !local[id.Name] {
			id.Name = exported(id.Name)
		}
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, err
	}
	var imports string
	if usedModels {
		imports += fmt.Sprintf("\t%s %q\n", models, g.api.ImportPath)
	}
	if usedSDK {
		imports += fmt.Sprintf("\t%s %q\n", sdk, g.api.ImportPath+"/"+SDKDir)
	}
	out := buf.String()
	if i := strings.Index(out, "\nimport (\n"); i >= 0 {
		i += len("\nimport (\n")
		out = out[:i] + imports + out[i:]
	} else if imports != "" {
		clause := "\npackage " + pkg + "\n"
		i := strings.Index(out, clause) + len(clause)
		out = out[:i] + "\nimport (\n" + imports + ")\n" + out[i:]
	}
	return format.Source([]byte(out))
}

// renameMembers renames, in a models-package file, the selectors of the
// runtime's members as sdkFiles renamed them (NewClient sets the core's
// security), and adds the names the file uses to used (identifiers). The
// file is reprinted only when it changes.
func renameMembers(rt *sdkRuntime, src []byte, used map[string]bool) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	fileIdentifiers(f, used)
	local := localMembers(f)
	changed := false
	for id := range memberPositions(f) {
		if rt.members[id.Name] && !local[id.Name] {
			id.Name, changed = exported(id.Name), true
		}
	}
	if !changed {
		return src, nil
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// localMembers are the field and method names a file declares.
func localMembers(f *ast.File) map[string]bool {
	local := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Recv != nil {
				local[n.Name.Name] = true
			}
		case *ast.StructType:
			for _, fl := range n.Fields.List {
				for _, id := range fl.Names {
					local[id.Name] = true
				}
			}
		}
		return true
	})
	return local
}
