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
func buildIR(doc *load.Document, nullablePointers bool) (*ir.API, error) {
	api, diags := ir.Build(doc, ir.Options{
		Package:          "api",
		Reserved:         emit.Reserved,
		SkipUnsupported:  true,
		NullablePointers: nullablePointers,
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
	for _, svc := range api.Services {
		put("Client."+svc.Field, goDecl{kind: "field", sig: "Client." + svc.Field + " *" + svc.TypeName})
		put(svc.TypeName, goDecl{kind: "type", sig: "type " + svc.TypeName + " struct"})
		for _, op := range svc.Operations {
			sigNamed, sigPlain := methodSig(svc, op)
			put("(*"+svc.TypeName+")."+op.Name, goDecl{kind: "method", sig: sigPlain, show: sigNamed, pointer: op.Pointer})
			if op.Params != nil {
				put(op.Params.TypeName, goDecl{kind: "type", sig: "type " + op.Params.TypeName + " struct", pointer: op.Pointer + "/parameters"})
				for _, p := range op.Params.Fields {
					t := typeStr(p.Type)
					if !p.Type.IsNilable() {
						t = "*" + t
					}
					put(op.Params.TypeName+"."+p.GoName, goDecl{kind: "field", sig: op.Params.TypeName + "." + p.GoName + " " + t, pointer: p.Pointer})
				}
			}
		}
	}
	for _, t := range api.Types {
		switch t.Kind {
		case ir.Struct:
			put(t.Name, goDecl{kind: "type", sig: "type " + t.Name + " struct", pointer: t.Pointer})
			for _, f := range t.Fields {
				ft := typeStr(f.Type)
				switch { // as emit's fieldType declares it
				case f.Wrapped:
					ft = "Nullable[" + ft + "]"
				case f.Pointer:
					ft = "*" + ft
				}
				put(t.Name+"."+f.Name, goDecl{kind: "field", sig: t.Name + "." + f.Name + " " + ft, pointer: t.Pointer + diag.Pointer("properties", f.JSONName)})
			}
		case ir.Enum:
			put(t.Name, goDecl{kind: "type", sig: "type " + t.Name + " " + typeStr(t.Base), pointer: t.Pointer})
			for _, v := range t.Values {
				put(v.Const, goDecl{kind: "const", sig: "const " + v.Const + " " + t.Name + " = " + ir.Literal(v.Value), pointer: t.Pointer + "/enum"})
			}
		case ir.Alias:
			put(t.Name, goDecl{kind: "type", sig: "type " + t.Name + " = " + typeStr(t.Base), pointer: t.Pointer})
		default:
			put(t.Name, goDecl{kind: "type", sig: "type " + t.Name + " (" + string(t.Kind) + ")", pointer: t.Pointer})
		}
	}
	return m
}

// methodSig renders an operation's method as the emitter declares it,
// with and without parameter names.
func methodSig(svc *ir.Service, op *ir.Operation) (named, plain string) {
	var n, p []string
	arg := func(name, typ string) {
		n = append(n, name+" "+typ)
		p = append(p, typ)
	}
	arg("ctx", "context.Context")
	for _, a := range op.Args {
		arg(a.ArgName, typeStr(a.Type))
	}
	if op.Body != nil {
		t := typeStr(op.Body.Type)
		if !op.Body.Required && !op.Body.Type.IsNilable() {
			t = "*" + t
		}
		arg("body", t)
	}
	if op.Params != nil {
		arg("params", "*"+op.Params.TypeName)
	}
	n = append(n, "opts ...RequestOption")
	p = append(p, "...RequestOption")
	var results string
	switch {
	case op.Result != nil && op.Result.Kind == "json" && op.Result.Type != nil:
		results = "(*" + typeStr(op.Result.Type) + ", *Response, error)"
		if op.Result.ByValue() {
			results = "(" + typeStr(op.Result.Type) + ", *Response, error)"
		}
	case op.Result != nil && (op.Result.Kind == "binary" || op.Result.Kind == "text"):
		results = "(io.ReadCloser, *Response, error)"
	default:
		results = "(*Response, error)"
	}
	recv := "func (*" + svc.TypeName + ") " + op.Name
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

// typeStr renders a type reference, tolerating a model with gaps.
func typeStr(t *ir.TypeRef) string {
	if t == nil || (t.Kind == ir.Slice || t.Kind == ir.Map) && t.Elem == nil {
		return "any"
	}
	return t.String()
}

// goMethods maps each operation's pointer to its Go method, Service.Method.
func goMethods(api *ir.API) map[string]string {
	m := map[string]string{}
	for _, svc := range api.Services {
		for _, op := range svc.Operations {
			m[op.Pointer] = svc.TypeName + "." + op.Name
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
			os, _, _ := strings.Cut(o, ".")
			ns, _, _ := strings.Cut(n, ".")
			if os != ns {
				c.Reason = "the wire is unchanged; the Go method moves from " + goMethodRef(o) + " to " + goMethodRef(n) + " (see Go API)"
			} else {
				c.Reason = "the wire is unchanged; the Go method is renamed from " + goMethodRef(o) + " to " + goMethodRef(n) + " (see Go API)"
			}
		}
	}
}

func goMethodRef(m string) string {
	svc, name, _ := strings.Cut(m, ".")
	return "`(*" + svc + ")." + name + "`"
}
