package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
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

// hostileNames are the wire names of hostileSpec (findings 2 and 3),
// each with a valid name to stand in for it.
var hostileNames = map[string]string{
	`"application/json\n*/ func init() { println(\"req\") } /*"`:  "application/json",
	`"application/json\n*/ func init() { println(\"resp\") } /*"`: "application/json",
	`"X-Key\n*/ func init() { println(\"scheme\") } /*"`:          "X-Key",
}

// Findings 2 and 3: a media-type key or an apiKey name that is not valid
// for its grammar is refused with a located error, and nothing is
// generated.
func TestHostileNamesRefused(t *testing.T) {
	_, diags := load.Data(filepath.Join("nonexistent-hostile-dir", "spec.yaml"), []byte(hostileSpec))
	errs := diags.Errors()
	if len(errs) != len(hostileNames) {
		t.Fatalf("%d errors, want one per hostile name (%d):\n%v", len(errs), len(hostileNames), errs)
	}
	for _, d := range errs {
		if d.Pos.Line == 0 || !strings.Contains(d.Msg, "is not a valid") {
			t.Errorf("not a located name error: %s", d)
		}
	}
}

func TestHostileSpecTextNeverBecomesCode(t *testing.T) {
	spec := hostileSpec
	for bad, good := range hostileNames {
		if !strings.Contains(spec, bad) {
			t.Fatalf("hostileSpec lacks %s", bad)
		}
		spec = strings.ReplaceAll(spec, bad, good)
	}
	doc, diags := load.Data(filepath.Join("nonexistent-hostile-dir", "spec.yaml"), []byte(spec))
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags.Errors())
	}
	for _, split := range []bool{false, true} {
		res, err := pipeline.FromDocument(doc, pipeline.Config{
			Package:       "hostile",
			ImportPath:    "example.com/hostile",
			ServerPackage: "hostileserver",
			SplitServices: split, // service packages are named and documented from tags
		})
		if err != nil {
			// A located refusal is also safe; but the spec is valid
			// OpenAPI, so generation should succeed.
			t.Fatalf("generate (split %v): %v", split, err)
		}
		checkNoSpecCode(t, res.Files)
		checkNoSpecCode(t, res.ServerFiles)
	}
}

// Finding 5 and 6 of issue 13, end to end.
func TestOutputsConfined(t *testing.T) {
	dir := t.TempDir()
	var stdout, stderr strings.Builder
	client := filepath.Join(dir, "api", "client")
	if code := run([]string{"-spec", "testdata/paging/spec.yaml", "-out", client, "-server-out", filepath.Join(dir, "api")}, &stdout, &stderr); code != 2 {
		t.Errorf("-out inside -server-out: exit %d, want 2 (%s)", code, stderr.String())
	}
	if _, err := os.Stat(client); !os.IsNotExist(err) {
		t.Errorf("a refused run wrote %s", client)
	}

	spec := filepath.Join(dir, "tags.yaml")
	if err := os.WriteFile(spec, []byte(`openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      tags: ["../../../../x"]
      operationId: a
      responses: {"204": {description: none}}
  /b:
    get:
      tags: ["../README"]
      operationId: b
      responses: {"204": {description: none}}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "deep", "er", "out")
	stderr.Reset()
	if code := run([]string{"-spec", spec, "-out", out, "-package", "x"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && p != spec && !strings.HasPrefix(p, out+string(filepath.Separator)) {
			t.Errorf("wrote %s outside -out", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(out, "README.md"))
	if err != nil || !strings.Contains(string(readme), "client.") {
		t.Errorf("README.md replaced or missing: %v\n%.200s", err, readme)
	}
}
