package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// bookshopSpec is a spec no other test uses: what a team brings on day one.
const bookshopSpec = `openapi: 3.0.3
info: {title: Bookshop API, version: 2.1.0}
servers: [{url: 'https://books.example.com/v2'}]
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
  schemas:
    Book:
      type: object
      required: [id, title]
      properties:
        id: {type: string}
        title: {type: string}
        author: {type: string}
        published: {type: string, format: date}
        tags: {type: array, items: {type: string}}
    BookList:
      type: object
      required: [items, has_more]
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/Book'}}
        has_more: {type: boolean}
    Problem:
      type: object
      properties:
        message: {type: string}
security: [{token: []}]
paths:
  /books:
    get:
      operationId: listBooks
      tags: [books]
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/BookList'}}}}
        default: {description: error, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
    post:
      operationId: addBook
      tags: [books]
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Book'}}}
      responses:
        '201': {description: created, content: {application/json: {schema: {$ref: '#/components/schemas/Book'}}}}
  /books/{id}:
    get:
      operationId: getBook
      tags: [books]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Book'}}}}
        '404': {description: missing, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
`

// bookshopConfig is what a team would commit beside the spec.
const bookshopConfig = `version: 1
spec: api/bookshop.yaml
out: bookshop
# The spec has no x-pagination; this is how its list pages.
paging:
  - operations: [listBooks]
    style: cursor
    items: items
    has-more: has_more
    cursor: after
    cursor-from: id
    limit: limit
`

// TestAdoptInFreshModule is the five-minute path of the README, as a new
// user takes it: a fresh module, `go get -tool` the generator (here
// replaced by this checkout), a config and a go:generate line, `go
// generate ./...`, then the generated SDK builds and vets, and a second
// generate changes nothing. Dependencies come from the module cache or
// the module proxy.
func TestAdoptInFreshModule(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: builds the generator as a tool in a fresh module")
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/shop\n\ngo 1.26\n\n"+
		"require github.com/atriumgen/atriumgen v0.0.0\n\n"+
		"replace github.com/atriumgen/atriumgen v0.0.0 => "+root+"\n")
	// The checkout's go.sum vouches for the generator's dependencies, so
	// the module cache alone suffices (GOPROXY=off works too).
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	write("go.sum", string(sum))
	write("api/bookshop.yaml", bookshopSpec)
	write("atriumgen.yaml", bookshopConfig)
	// Code of the team's own, calling the SDK it is about to generate.
	write("books.go", `package shop

import (
	"context"

	"example.com/shop/bookshop"
)

// FirstTitle reads one book through the generated SDK.
func FirstTitle(ctx context.Context, token string) (string, error) {
	c := bookshop.NewClient(token, bookshop.WithMaxRetries(1))
	b, _, err := c.Books.GetBook(ctx, "1")
	if err != nil {
		return "", err
	}
	return b.Title, nil
}

// Titles reads every book, page by page, through the config's paging rule.
func Titles(ctx context.Context, c *bookshop.Client) ([]string, error) {
	var out []string
	for b, err := range c.Books.ListBooksIter(ctx, &bookshop.ListBooksParams{Limit: bookshop.Ptr(int64(50))}) {
		if err != nil {
			return out, err
		}
		out = append(out, b.Title)
	}
	return out, nil
}
`)
	write("generate.go", "// Package shop is a module adopting atriumgen.\npackage shop\n\n//go:generate go tool atriumgen -config atriumgen.yaml\n")
	goCmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local",
			// The replaced module is not looked up anywhere.
			"GONOPROXY=github.com/atriumgen/atriumgen", "GONOSUMDB=github.com/atriumgen/atriumgen")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goCmd("get", "-tool", "github.com/atriumgen/atriumgen/generator/cmd/atriumgen@v0.0.0")
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mod), "tool github.com/atriumgen/atriumgen/generator/cmd/atriumgen") {
		t.Fatalf("go get -tool did not add the tool directive:\n%s", mod)
	}
	if out := goCmd("tool", "atriumgen", "-version"); !strings.HasPrefix(out, "atriumgen v0.0.0") {
		t.Errorf("go tool atriumgen -version = %q", out)
	}
	out := goCmd("generate", "./...")
	if !strings.Contains(out, "bookshop: ") {
		t.Errorf("go generate did not report the files it wrote:\n%s", out)
	}
	// The first run says which runtime version to add; the user does so.
	const getRuntime = "go get github.com/oapi-codegen/runtime@v1.8.0"
	if !strings.Contains(out, getRuntime) {
		t.Errorf("go generate did not say to %s:\n%s", getRuntime, out)
	}
	goCmd(strings.Fields(getRuntime)[1:]...)
	goCmd("build", "./...")
	goCmd("vet", "./...")
	if out := goCmd("generate", "./..."); !strings.Contains(out, "nothing changed") || strings.Contains(out, "warning") {
		t.Errorf("a second go generate changed files or still warns:\n%s", out)
	}
}
