package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
	"github.com/atriumgen/atriumgen/generator/internal/write"
)

// splitModelsSpec has a model for each rule of where a split model goes
// (ir modelPackages): the comment on each says where it belongs.
const splitModelsSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      tags: [one]
      parameters:
        - {name: mode, in: query, schema: {$ref: '#/components/schemas/OnlyOneMode'}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/OnlyOne'}}}}
        "404": {description: gone, content: {application/json: {schema: {$ref: '#/components/schemas/OneError'}}}}
  /u:
    post:
      operationId: postU
      tags: [one]
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/OnlyOneUnion'}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/OnlyOneOpen'}}}}
  /s:
    get:
      operationId: getS
      tags: [one]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Service'}}}}
  /b:
    get:
      operationId: getB
      tags: [two]
      parameters:
        - {name: kind, in: query, schema: {$ref: '#/components/schemas/OnlyTwoKind'}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Both'}}}}}
    put:
      operationId: putB
      tags: [two]
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/ReachedByUnused'}}}}
      responses:
        "204": {description: done}
components:
  schemas:
    OnlyOne: # one: its operation's result
      type: object
      properties:
        inner: {$ref: '#/components/schemas/OnlyOneInner'}
        both: {$ref: '#/components/schemas/Both'}
    OnlyOneInner: {type: object, properties: {x: {type: string}}} # one: reached through OnlyOne
    OnlyOneMode: {type: string, enum: [fast, slow]} # one: a query parameter's
    OneError: {type: object, properties: {message: {type: string}}} # one: an error body
    Both: # models: one and two reach it
      type: object
      properties:
        y: {type: integer}
    OnlyOneUnion: # models: a union needs the models package's runtime
      oneOf:
        - {$ref: '#/components/schemas/UnionMember'}
        - {type: string}
    UnionMember: {type: object, properties: {z: {type: boolean}}} # models: a union that stays reaches it
    OnlyOneOpen: {type: object, additionalProperties: {type: string}, properties: {k: {type: string}}} # models: keeps unknown members
    Service: {type: object, properties: {name: {type: string}}} # one: the IR names the service type OneService then
    OnlyTwoKind: {type: string, enum: [a, b]} # two
    Unused: {type: object, properties: {r: {$ref: '#/components/schemas/ReachedByUnused'}}} # models: no operation's
    ReachedByUnused: {type: object, properties: {q: {type: string}}} # models: Unused, which stays, reaches it
`

// TestSplitModelsFollowUse: split, a model only one service's operations
// reach is declared in that service's package, so a program importing
// other services does not compile it; every other model stays in the
// models package. The output (client, examples, server) builds and vets.
func TestSplitModelsFollowUse(t *testing.T) {
	root := testdataDir(t, "splitmodels-")
	specFile := filepath.Join(root, "spec.yaml")
	if err := os.WriteFile(specFile, []byte(splitModelsSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	importPath := module + "/generator/" + filepath.ToSlash(root) + "/sm"
	res, err := pipeline.Run(pipeline.Config{Spec: specFile, Package: "sm", ImportPath: importPath, SplitServices: true, ServerPackage: "smserver"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := write.Dir(filepath.Join(root, "sm"), toWrite(res.Files)); err != nil {
		t.Fatal(err)
	}
	if _, err := write.Dir(filepath.Join(root, "smserver"), toWrite(res.ServerFiles)); err != nil {
		t.Fatal(err)
	}
	declared := map[string]string{} // type name → the directory declaring it
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".go") || strings.HasSuffix(f.Path, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Content, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, s := range g.Specs {
					declared[s.(*ast.TypeSpec).Name.Name] = path.Dir(f.Path)
				}
			}
		}
	}
	want := map[string]string{
		"OnlyOne": "one", "OnlyOneInner": "one", "Service": "one", "OneService": "one", "OnlyOneMode": "one", "OneError": "one", "OnlyTwoKind": "two",
		"Both": ".", "OnlyOneUnion": ".", "UnionMember": ".", "OnlyOneOpen": ".", "Unused": ".", "ReachedByUnused": ".",
	}
	got := map[string]string{}
	for name := range want {
		got[name] = declared[name]
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("where each model is declared (-want +got):\n%s", d)
	}
	if testing.Short() {
		return
	}
	for _, args := range [][]string{
		{"vet", "./" + filepath.ToSlash(root) + "/..."},
		{"test", "-count=1", "-run=^Example", "./" + filepath.ToSlash(root) + "/..."},
	} {
		if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
			t.Errorf("go %s: %v\n%s", args[0], err, out)
		}
	}
}
