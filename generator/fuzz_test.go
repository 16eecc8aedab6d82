package main

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/load"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
)

// fuzzMaxInput bounds the documents the fuzzer tries, so each input runs
// in milliseconds.
const fuzzMaxInput = 24 << 10

// FuzzGenerate feeds mutated OpenAPI documents through load → ir → emit (client and server) in
// memory. No input may panic, and whatever Go is produced must parse. It is
// seeded from the golden specs, the small real-world specs and a few
// hand-written documents; crashers found by `go test -fuzz` are kept under
// testdata/fuzz/FuzzGenerate and run as regression cases.
//
//	go test -run '^$' -fuzz FuzzGenerate -fuzztime 5m ./generator
func FuzzGenerate(f *testing.F) {
	var seeds []string
	for _, pat := range []string{"testdata/*/spec.yaml", "testdata/realworld/*.yaml", "testdata/realworld/*.json"} {
		m, err := filepath.Glob(pat)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, m...)
	}
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) <= fuzzMaxInput {
			f.Add(data)
		}
	}
	for _, s := range fuzzInlineSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(hostileSpec)) // the comment breakouts of issue 13
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > fuzzMaxInput {
			t.Skip()
		}
		// A name in a directory that does not exist: relative $refs fail
		// to load instead of reading files around the test.
		doc, diags := load.Data(filepath.Join("nonexistent-fuzz-dir", "spec.yaml"), data)
		if diags.HasErrors() {
			for _, d := range diags.Errors() {
				if d.Msg == "" {
					t.Fatalf("error without a message: %#v", d)
				}
			}
			return
		}
		if doc == nil {
			t.Fatal("no document and no error")
		}
		for _, skip := range []bool{true, false} {
			res, err := pipeline.FromDocument(doc, pipeline.Config{
				Package:         "fuzz",
				ImportPath:      "example.com/fuzz",
				ServerPackage:   "fuzzserver",
				SkipUnsupported: skip,
			})
			if err != nil {
				if strings.Contains(err.Error(), "internal error") {
					t.Fatalf("skip=%v: %v", skip, err)
				}
				continue
			}
			fset := token.NewFileSet()
			for _, file := range append(res.Files, res.ServerFiles...) {
				if !strings.HasSuffix(file.Path, ".go") {
					continue
				}
				if _, err := parser.ParseFile(fset, file.Path, file.Content, parser.SkipObjectResolution); err != nil {
					t.Fatalf("skip=%v: generated %s does not parse: %v", skip, file.Path, err)
				}
			}
			// No spec text may become code, a directive or a block comment.
			checkNoSpecCode(t, res.Files)
			checkNoSpecCode(t, res.ServerFiles)
		}
	})
}

// fuzzInlineSeeds are small documents touching many constructs at once,
// so mutations reach them cheaply.
var fuzzInlineSeeds = []string{
	`openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
        - {name: q, in: query, schema: {type: array, items: {type: string}}}
        - {name: X-Trace, in: header, schema: {type: string, format: uuid}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
        default:
          description: error
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
components:
  schemas:
    Item:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        type: {type: string, enum: [a, b, "1x"]}
        tags: {type: array, items: {type: array, items: {type: string}}}
        parent: {$ref: '#/components/schemas/Item'}
        extra: {type: object, additionalProperties: {type: number}}
        when: {type: string, format: date-time, nullable: true}
    Error:
      allOf:
        - type: object
          properties: {message: {type: string}}
        - type: object
          properties: {code: {type: integer, format: int32}}
`,
	`{"openapi":"3.1.0","info":{"title":"T","version":"1"},"paths":{"/a":{"post":{"requestBody":{"content":{"application/json":{"schema":{"oneOf":[{"type":"string"},{"type":"object","properties":{"for":{"type":["string","null"]}}}]}}}},"responses":{"204":{"description":"none"}}}}}}`,
}
