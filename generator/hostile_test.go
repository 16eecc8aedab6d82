package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/emit"
	"github.com/atriumgen/atriumgen/generator/internal/load"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
)

// hostileSpec carries findings 1-4 of issue 13: comment breakouts in a
// description and a summary, an apiKey scheme name and a media-type key
// with a newline and */, and a //go:generate line in a description.
const hostileSpec = `openapi: 3.0.3
info:
  title: "T */ func init() { println(\"title\") } /*"
  version: "1"
  description: "/*\n*/ func init() { println(\"info\") } //"
paths:
  /items:
    post:
      operationId: postItem
      summary: "/*\n*/ func init() { println(\"summary\") } //"
      description: "//go:generate sh -c \"echo pwned\"\n// +build ignore\n//line evil.go:1\n//export Evil\n//extern evil\n\u202e reversed \u2028//go:generate x\r//go:generate y\u0000"
      security: [{key: []}]
      requestBody:
        content:
          "application/json\n*/ func init() { println(\"req\") } /*":
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        "200":
          description: "/*\n*/ func init() { println(\"resp\") } //"
          content:
            "application/json\n*/ func init() { println(\"resp\") } /*":
              schema: {$ref: '#/components/schemas/Item'}
components:
  securitySchemes:
    key:
      type: apiKey
      in: header
      name: "X-Key\n*/ func init() { println(\"scheme\") } /*"
      description: "/*\n*/ func init() { println(\"scheme doc\") } //"
  schemas:
    Item:
      type: object
      description: "//go:generate rm -rf /\n*/ func init() {} /*"
      properties:
        name:
          type: string
          description: "/*\n*/ func init() { println(\"field\") } //"
`

// directivePrefixes start lines the Go toolchain gives a meaning.
var directivePrefixes = []string{"//go:", "//line ", "//export", "//extern", "// +build", "//+build"}

// checkNoSpecCode parses every Go file: no init function, no line
// starting with a directive, no /* */ comment, no CR, NUL or bidi control.
func checkNoSpecCode(t *testing.T, files []emit.File) {
	t.Helper()
	fset := token.NewFileSet()
	for _, file := range files {
		if !strings.HasSuffix(file.Path, ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, file.Path, file.Content, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Errorf("%s does not parse: %v", file.Path, err)
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "init" {
				t.Errorf("%s: spec text became func init at %s", file.Path, fset.Position(fd.Pos()))
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "/*") {
					t.Errorf("%s: block comment at %s: %.60q", file.Path, fset.Position(c.Pos()), c.Text)
				}
			}
		}
		for i, line := range strings.Split(string(file.Content), "\n") {
			trim := strings.TrimLeft(line, " \t")
			for _, p := range directivePrefixes {
				if strings.HasPrefix(trim, p) {
					t.Errorf("%s:%d: directive line %q", file.Path, i+1, line)
				}
			}
			if strings.ContainsAny(line, "\r\x00\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
				t.Errorf("%s:%d: CR, NUL, separator or bidi control in %q", file.Path, i+1, line)
			}
		}
	}
}

func TestHostileSpecTextNeverBecomesCode(t *testing.T) {
	doc, diags := load.Data(filepath.Join("nonexistent-hostile-dir", "spec.yaml"), []byte(hostileSpec))
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags.Errors())
	}
	res, err := pipeline.FromDocument(doc, pipeline.Config{
		Package:       "hostile",
		ImportPath:    "example.com/hostile",
		ServerPackage: "hostileserver",
	})
	if err != nil {
		// A located refusal is also safe; but the spec is valid
		// OpenAPI, so generation should succeed.
		t.Fatalf("generate: %v", err)
	}
	checkNoSpecCode(t, res.Files)
	checkNoSpecCode(t, res.ServerFiles)
}
