package specdiff

import (
	"strconv"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/emit"
	"github.com/atriumgen/atriumgen/generator/internal/ir"
	"github.com/atriumgen/atriumgen/generator/internal/load"
)

// buildIR models a document the way the generator does, in memory, without
// rendering it. Operations the generator cannot express are left out, as
// with -skip-unsupported, so the Go API of the rest can still be compared.
func buildIR(doc *load.Document, m Model) (*ir.API, error) {
	api, diags := ir.Build(doc, ir.Options{
		Package:          "api",
		Reserved:         emit.Reserved,
		SkipUnsupported:  true,
		NullablePointers: m.NullablePointers,
		ShareTypes:       m.ShareTypes,
		SplitServices:    m.SplitServices,
		Naming:           m.Naming,
		Paging:           m.Paging,
		// The model's warnings are not shown; errors are shown by their
		// first line only.
		Unlocated: true,
	})
	if diags.HasErrors() {
		return nil, diags.Errors()
	}
	return api, nil
}

// goDecl is one exported identifier of a generated package.
type goDecl struct {
	kind    string // func, method, type, field, const
	sig     string // compared: the declaration without parameter names
	show    string // shown: the declaration as written
	pointer string
	// soft marks a const whose value may change without breaking code
	// (server URLs).
	soft bool
}

// goDecls lists the exported identifiers the generator emits for api.
func goDecls(api *ir.API) map[string]goDecl {
	m := map[string]goDecl{}
	put := func(name string, d goDecl) {
		if d.show == "" {
			d.show = d.sig
		}
		m[name] = d
	}
	for _, s := range api.Servers {
		put(s.Const, goDecl{kind: "const", sig: "const " + s.Const + " = " + strconv.Quote(s.URL), pointer: "/servers", soft: true})
	}
	var named, plain []string
	for _, a := range api.Auth {
		named = append(named, a.ArgName+" string")
		plain = append(plain, "string")
	}
	named = append(named, "opts ...Option")
	plain = append(plain, "...Option")
	put("NewClient", goDecl{kind: "func", sig: "func NewClient(" + strings.Join(plain, ", ") + ") *Client",
		show: "func NewClient(" + strings.Join(named, ", ") + ") *Client", pointer: "/security"})
	q := qualifier(api)
	for _, svc := range api.Services {
		st := serviceRef(svc)
		if api.SplitServices {
			// split-services: each service is a package with its
			// constructor; the Client has no field for it.
			put(svc.Package+"."+svc.Ctor, goDecl{kind: "func", sig: "func " + svc.Package + "." + svc.Ctor + "(*Client) *" + st})
		} else {
			put("Client."+svc.Field, goDecl{kind: "field", sig: "Client." + svc.Field + " *" + st})
		}
		put(st, goDecl{kind: "type", sig: "type " + st + " struct"})
		for _, op := range svc.Operations {
			sigNamed, sigPlain := methodSig(svc, op, q)
			put("(*"+st+")."+op.Name, goDecl{kind: "method", sig: sigPlain, show: sigNamed, pointer: op.Pointer})
			if op.Params != nil {
				pt := q.params(svc, op.Params.TypeName)
				put(pt, goDecl{kind: "type", sig: "type " + pt + " struct", pointer: op.Pointer + "/parameters"})
				for _, p := range op.Params.Fields {
					t := q.typeStr(p.Type)
					if !p.Type.IsNilable() {
						t = "*" + t
					}
					put(pt+"."+p.GoName, goDecl{kind: "field", sig: pt + "." + p.GoName + " " + t, pointer: p.Pointer})
				}
			}
		}
	}
	for _, t := range api.Types {
		name := q.name(t.Name)
		switch t.Kind {
		case ir.Struct:
			put(name, goDecl{kind: "type", sig: "type " + name + " struct", pointer: t.Pointer})
			for _, f := range t.Fields {
				ft := q.typeStr(f.Type)
				switch { // as emit's fieldType declares it
				case f.Wrapped:
					ft = "Nullable[" + ft + "]"
				case f.Pointer:
					ft = "*" + ft
				}
				put(name+"."+f.Name, goDecl{kind: "field", sig: name + "." + f.Name + " " + ft, pointer: t.Pointer + diag.Pointer("properties", f.JSONName)})
			}
		case ir.Enum:
			put(name, goDecl{kind: "type", sig: "type " + name + " " + q.typeStr(t.Base), pointer: t.Pointer})
			for _, v := range t.Values {
				c := q.in(t.Name, v.Const)
				put(c, goDecl{kind: "const", sig: "const " + c + " " + name + " = " + ir.Literal(v.Value), pointer: t.Pointer + "/enum"})
			}
		case ir.Alias:
			put(name, goDecl{kind: "type", sig: "type " + name + " = " + q.typeStr(t.Base), pointer: t.Pointer})
		default:
			put(name, goDecl{kind: "type", sig: "type " + name + " (" + string(t.Kind) + ")", pointer: t.Pointer})
		}
	}
	return m
}

// serviceRef names a service's type: MembersService, or with
// split-services its package's type (members.Service).
func serviceRef(svc *ir.Service) string {
	if svc.Package != "" {
		return svc.Package + "." + svc.TypeName
	}
	return svc.TypeName
}

// qual names identifiers as the report shows them: those of the root
// package plain, those a split SDK declares in a service package
// qualified by it (members.Member), so a model that moves between
// packages is removed under one name and added under another, as its
// import path changes.
type qual struct{ pkg map[string]string } // model name → its package, "" for the root

func qualifier(api *ir.API) qual {
	q := qual{pkg: map[string]string{}}
	for _, t := range api.Types {
		q.pkg[t.Name] = t.Package
	}
	return q
}

// name is a model's name.
func (q qual) name(model string) string { return q.in(model, model) }

// in is identifier id declared beside model (an enum's constant).
func (q qual) in(model, id string) string {
	if p := q.pkg[model]; p != "" {
		return p + "." + id
	}
	return id
}

// params is the name of a service's Params struct.
func (q qual) params(svc *ir.Service, name string) string {
	if svc.Package != "" {
		return svc.Package + "." + name
	}
	return name
}

// typeStr renders a type reference with its models named by q, tolerating
// a model with gaps.
func (q qual) typeStr(t *ir.TypeRef) string {
	if t == nil || (t.Kind == ir.Slice || t.Kind == ir.Map) && t.Elem == nil {
		return "any"
	}
	switch t.Kind {
	case ir.Slice:
		return "[]" + q.typeStr(t.Elem)
	case ir.Map:
		return "map[string]" + q.typeStr(t.Elem)
	case ir.Named:
		return q.name(t.Name)
	}
	return t.String()
}

// methodSig renders an operation's method as the emitter declares it,
// with and without parameter names.
func methodSig(svc *ir.Service, op *ir.Operation, q qual) (named, plain string) {
	var n, p []string
	arg := func(name, typ string) {
		n = append(n, name+" "+typ)
		p = append(p, typ)
	}
	arg("ctx", "context.Context")
	for _, a := range op.Args {
		arg(a.ArgName, q.typeStr(a.Type))
	}
	if op.Body != nil {
		t := q.typeStr(op.Body.Type)
		if !op.Body.Required && !op.Body.Type.IsNilable() {
			t = "*" + t
		}
		arg("body", t)
	}
	if op.Params != nil {
		arg("params", "*"+q.params(svc, op.Params.TypeName))
	}
	n = append(n, "opts ...RequestOption")
	p = append(p, "...RequestOption")
	var results string
	switch {
	case op.Result != nil && op.Result.Kind == "json" && op.Result.Type != nil:
		results = "(*" + q.typeStr(op.Result.Type) + ", *Response, error)"
		if op.Result.ByValue() {
			results = "(" + q.typeStr(op.Result.Type) + ", *Response, error)"
		}
	case op.Result != nil && (op.Result.Kind == "binary" || op.Result.Kind == "text"):
		results = "(io.ReadCloser, *Response, error)"
	default:
		results = "(*Response, error)"
	}
	recv := "func (*" + serviceRef(svc) + ") " + op.Name
	return recv + "(" + strings.Join(n, ", ") + ") " + results, recv + "(" + strings.Join(p, ", ") + ") " + results
}

// diffGo compares the exported identifiers of two generated packages.
func diffGo(base, head *ir.API) []Change {
	bd, hd := goDecls(base), goDecls(head)
	var out []Change
	for _, name := range sortedKeys(bd) {
		if _, ok := hd[name]; !ok {
			d := bd[name]
			out = append(out, Change{Section: SecGo, Kind: d.kind + "-removed", Where: name, Pointer: d.pointer, Level: Breaking, Breaking: true,
				Message: "removed `" + d.show + "`", Reason: "code using it no longer compiles"})
		}
	}
	for _, name := range sortedKeys(hd) {
		d := hd[name]
		o, ok := bd[name]
		switch {
		case !ok:
			why := "new identifiers do not affect existing code"
			if d.kind == "field" {
				why = "adding a struct field keeps keyed literals and field uses compiling"
			}
			out = append(out, Change{Section: SecGo, Kind: d.kind + "-added", Where: name, Pointer: d.pointer,
				Message: "added `" + d.show + "`", Reason: why})
		case o.sig != d.sig && o.soft && d.soft:
			out = append(out, Change{Section: SecGo, Kind: d.kind + "-changed", Where: name, Pointer: d.pointer,
				Message: "`" + o.show + "` → `" + d.show + "`", Reason: "code still compiles; the value differs"})
		case o.sig != d.sig:
			why := "code using the old signature no longer compiles"
			if d.kind == "const" {
				why = "code still compiles but uses a different value"
			}
			out = append(out, Change{Section: SecGo, Kind: d.kind + "-changed", Where: name, Pointer: d.pointer, Level: Breaking, Breaking: true,
				Message: "`" + o.show + "` → `" + d.show + "`", Reason: why})
		}
	}
	return out
}

// goMethods maps each operation's pointer to its Go method, Service.Method.
func goMethods(api *ir.API) map[string]string {
	m := map[string]string{}
	for _, svc := range api.Services {
		for _, op := range svc.Operations {
			m[op.Pointer] = serviceRef(svc) + "." + op.Name
		}
	}
	return m
}

// explainGo rewrites the reasons of changes whose Go effect depends on the
// generator's mapping (a tag decides the service, the operationId the
// method name): they say what happens to the Go method, checked against
// both models, instead of assuming it.
func explainGo(changes []Change, base, head *ir.API) {
	var bm, hm map[string]string
	if base != nil && head != nil {
		bm, hm = goMethods(base), goMethods(head)
	}
	for i := range changes {
		c := &changes[i]
		if c.ops == [2]string{} || (c.Kind != "operation-tag-changed" && c.Kind != "operation-id-changed") {
			continue
		}
		what := "tag"
		if c.Kind == "operation-id-changed" {
			what = "operationId"
		}
		if bm == nil {
			c.Reason = "the wire is unchanged; the Go API was not compared"
			continue
		}
		o, n := bm[c.ops[0]], hm[c.ops[1]]
		switch {
		case o == "" || n == "":
			c.Reason = "the wire is unchanged; the operation has no Go method on one side"
		case o == n:
			c.Reason = "the wire is unchanged, and the Go method stays " + goMethodRef(n) + ": the " + what + " change does not reach Go"
		default:
			os := o[:strings.LastIndex(o, ".")]
			ns := n[:strings.LastIndex(n, ".")]
			if os != ns {
				c.Reason = "the wire is unchanged; the Go method moves from " + goMethodRef(o) + " to " + goMethodRef(n) + " (see Go API)"
			} else {
				c.Reason = "the wire is unchanged; the Go method is renamed from " + goMethodRef(o) + " to " + goMethodRef(n) + " (see Go API)"
			}
		}
	}
}

func goMethodRef(m string) string {
	i := strings.LastIndex(m, ".")
	return "`(*" + m[:i] + ")." + m[i+1:] + "`"
}
