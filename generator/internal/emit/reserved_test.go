package emit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// Every exported identifier the client runtime declares is Reserved, so a
// schema can never be given its name.
func TestReservedCoversRuntime(t *testing.T) {
	files, err := fs.Glob(runtimeFS, "runtime/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, "glue.go") {
			continue
		}
		src, err := runtimeFS.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			var ids []string
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					ids = append(ids, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						ids = append(ids, s.Name.Name)
					case *ast.ValueSpec:
						for _, n := range s.Names {
							ids = append(ids, n.Name)
						}
					}
				}
			}
			for _, id := range ids {
				if ast.IsExported(id) && !slices.Contains(Reserved, id) {
					t.Errorf("%s declares %s, which Reserved does not list", name, id)
				}
			}
		}
	}
}
