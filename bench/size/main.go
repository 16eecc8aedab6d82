// Command size generates SDKs from Stripe's, GitHub's and Kubernetes'
// specs (bench/specs) and reports where the generated lines go, by
// construct:
//
//	make bench-size
//
// Every line of a non-test Go file is counted once: comment lines as
// docs, runtime_*.go files as runtime, and the rest by the top-level
// declaration they belong to (struct types and their methods, union types
// and their methods, enums and their constants, request/params types,
// service methods, other). example_test.go is reported apart, as it is
// not compiled into the package. Each spec is generated twice, as is and
// with the -also flags (default -share-types), side by side.
package main

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/atriumgen/atriumgen/bench/specs"
)

var categories = []string{"struct types", "struct methods", "union types", "union methods", "enums", "request/params types", "service methods", "other code", "docs/comments", "blank", "runtime"}

func main() {
	only := flag.String("only", "", "measure only specs whose name contains this")
	also := flag.String("also", "-share-types", "generator flags of a second generation of each spec, reported beside the default one (empty: none)")
	flag.Parse()
	if err := run(*only, strings.Fields(*also)); err != nil {
		fmt.Fprintln(os.Stderr, "size:", err)
		os.Exit(1)
	}
}

func run(only string, also []string) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "bench-size-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	gen := filepath.Join(work, "atriumgen")
	if out, err := exec.Command("go", "build", "-o", gen, "./generator").CombinedOutput(); err != nil {
		return fmt.Errorf("building the generator: %v: %s", err, out)
	}
	list, err := specs.Large(root, work)
	if err != nil {
		return err
	}
	var names []string
	counts := map[string]map[string]int{}
	for _, s := range list {
		if only != "" && !strings.Contains(s.Name, only) {
			continue
		}
		runs := [][]string{nil}
		if len(also) > 0 {
			runs = append(runs, also)
		}
		for i, flags := range runs {
			name := s.Name
			if len(flags) > 0 {
				name += " " + strings.Join(flags, " ")
			}
			dir := filepath.Join(work, fmt.Sprintf("%s-%d", strings.TrimSuffix(s.Name, filepath.Ext(s.Name)), i))
			args := append([]string{"-skip-unsupported", "-spec", s.Path, "-out", dir, "-package", "sdk", "-import", "example.com/sdk"}, flags...)
			if out, err := exec.Command(gen, args...).CombinedOutput(); err != nil {
				return fmt.Errorf("%s: %v: %s", name, err, lastLines(string(out), 5))
			}
			m, err := count(dir)
			if err != nil {
				return err
			}
			names = append(names, name)
			counts[name] = m
		}
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(w, "construct\t")
	for _, n := range names {
		fmt.Fprintf(w, "%s\t%%\t", n)
	}
	fmt.Fprintln(w)
	for _, cat := range append(append([]string{}, categories...), "total", "example_test.go", "types", "unions") {
		fmt.Fprintf(w, "%s\t", cat)
		for _, n := range names {
			v := counts[n][cat]
			pct := ""
			if contains(categories, cat) {
				pct = fmt.Sprintf("%.1f", 100*float64(v)/float64(counts[n]["total"]))
			}
			fmt.Fprintf(w, "%d\t%s\t", v, pct)
		}
		fmt.Fprintln(w)
	}
	return w.Flush()
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// count classifies the lines of the Go files in dir.
func count(dir string) (map[string]int, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	fset := token.NewFileSet()
	parsed := map[string]*ast.File{}
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		parsed[f] = af
	}
	// Kinds of the named types: unions hold only `raw json.RawMessage`
	// (or embed a runtime union), enums have constants of their type.
	kind := map[string]string{}
	for f, af := range parsed {
		base := filepath.Base(f)
		for _, d := range af.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, sp := range g.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					name := sp.Name.Name
					switch {
					case strings.HasSuffix(name, "Params") || strings.HasSuffix(name, "Request") || (base != "models.go" && !strings.HasPrefix(base, "runtime_")):
						kind[name] = "request/params types"
					case isUnion(sp):
						kind[name] = "union types"
					case isStruct(sp):
						kind[name] = "struct types"
					default:
						if _, ok := kind[name]; !ok {
							kind[name] = "other code"
						}
					}
				case *ast.ValueSpec:
					if id, ok := sp.Type.(*ast.Ident); ok && g.Tok == token.CONST {
						kind[id.Name] = "enums"
					}
				}
			}
		}
	}
	m := map[string]int{}
	for f, af := range parsed {
		base := filepath.Base(f)
		tf := fset.File(af.Pos())
		lines := make([]string, tf.LineCount()+1)
		mark := func(from, to token.Pos, cat string) {
			a, b := tf.Line(from), tf.Line(to)
			for l := a; l <= b; l++ {
				if lines[l] == "" {
					lines[l] = cat
				}
			}
		}
		for _, cg := range af.Comments {
			mark(cg.Pos(), cg.End(), "docs/comments")
		}
		for _, d := range af.Decls {
			cat := "other code"
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					recv := recvName(d.Recv.List[0].Type)
					switch kind[recv] {
					case "union types":
						cat = "union methods"
					case "struct types":
						cat = "struct methods"
					case "request/params types":
						cat = "service methods"
					case "enums":
						cat = "enums"
					}
					if strings.HasSuffix(recv, "Service") {
						cat = "service methods"
					}
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						if k := kind[sp.Name.Name]; k != "" {
							cat = k
						}
						if strings.HasSuffix(sp.Name.Name, "Service") {
							cat = "service methods"
						}
						m["types"]++
						if kind[sp.Name.Name] == "union types" {
							m["unions"]++
						}
					case *ast.ValueSpec:
						if id, ok := sp.Type.(*ast.Ident); ok && kind[id.Name] == "enums" {
							cat = "enums"
						}
					}
				}
			}
			if strings.HasPrefix(base, "runtime_") {
				cat = "runtime"
			}
			mark(d.Pos(), d.End(), cat)
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		text := strings.Split(string(src), "\n")
		for l := 1; l < len(lines) && l <= len(text); l++ {
			cat := lines[l]
			if cat == "" {
				if strings.TrimSpace(text[l-1]) == "" {
					cat = "blank"
				} else {
					cat = "other code"
				}
			}
			if strings.HasPrefix(base, "runtime_") {
				cat = "runtime"
			}
			if base == "example_test.go" {
				m["example_test.go"]++
				continue
			}
			m[cat]++
			m["total"]++
		}
	}
	return m, nil
}

func isStruct(sp *ast.TypeSpec) bool {
	_, ok := sp.Type.(*ast.StructType)
	return ok
}

// isUnion reports a struct of one field: raw json.RawMessage, or an
// embedded runtime union.
func isUnion(sp *ast.TypeSpec) bool {
	st, ok := sp.Type.(*ast.StructType)
	if !ok || len(st.Fields.List) != 1 {
		return false
	}
	f := st.Fields.List[0]
	if len(f.Names) == 1 && f.Names[0].Name == "raw" {
		return true
	}
	if len(f.Names) == 0 {
		if id, ok := f.Type.(*ast.Ident); ok && strings.HasPrefix(id.Name, "union") {
			return true
		}
	}
	return false
}

func recvName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return recvName(e.X)
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return recvName(e.X)
	}
	return ""
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}
