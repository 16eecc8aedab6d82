package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/emit"
	"github.com/atriumgen/atriumgen/generator/internal/load"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
)

// The property of issue 13: spec text never becomes code. One string s
// fills every free-text slot of a spec that exercises them all
// (descriptions, summaries, titles, examples, enum values, media-type
// keys, header, cookie and scheme names, tags, server URLs). The output
// for s, with comments dropped and string literals emptied (go/scanner
// tokens), must be token for token the output for a neutral spec, and no
// line may start with a directive.
//
// Slots split three ways, so the comparison is exact rather than loose:
//
//   - text slots (descriptions, summaries, titles, examples, server URL
//     path) only ever reach comments and literals: the neutral spec has
//     "neutral text" there;
//   - identifier slots (tags, enum values, the first word of a server
//     description, header names feed Go names) get s behind a fixed word;
//     the neutral spec has s with every rune that is not a letter or digit
//     replaced (space for white space, '_' otherwise), which yields the same
//     Go identifiers (names.Words splits at exactly those runes), so only
//     literal and comment text may differ;
//   - wire names (header, cookie and apiKey names, media-type keys, the
//     security scheme key) must be valid for their grammar: when s makes
//     one invalid the spec must be refused with located errors, and the
//     property is checked again with those names neutral.
//
// It cannot pass by accident: the hostile output must differ from the
// neutral one (the text got in), and the string itself and the server URL
// must each be a Go string literal exactly.

// propSlots is what fills a property spec.
type propSlots struct {
	text  string // free text
	ident string // after a fixed word, feeding identifiers
	name  string // inside wire names
}

// neutralIdent maps s to a string giving the same Go identifiers:
// letters and digits stay, white space becomes a space, anything else '_'.
func neutralIdent(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case unicode.ToUpper(r) != r || unicode.ToLower(r) != r:
			b.WriteRune(r) // cased non-letters change names.Pascal's all-caps test
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// neutralName maps s to a valid token part with the same Go identifiers:
// ASCII letters and digits stay, anything else becomes '_'.
func neutralName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// serverURL is the server URL a text slot gives: s path-escaped (it is a
// URL; a { would declare a variable, a relative URL change NewClient).
func propServerURL(text string) string {
	return "https://api.example.com/" + url.PathEscape(text) + "/v1"
}

func propMedia(name string) string { return "application/vnd.x" + name + "+json" }

// propSpec is the JSON document for sl.
func propSpec(sl propSlots) []byte {
	T, I, N := sl.text, sl.ident, sl.name
	media := propMedia(N)
	pet := map[string]any{"$ref": "#/components/schemas/Pet"}
	doc := map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": "API " + T, "description": T, "version": T},
		"servers": []any{map[string]any{"url": propServerURL(T), "description": "Production " + T}},
		"tags":    []any{map[string]any{"name": "Pets" + I, "description": T}},
		"paths": map[string]any{
			"/pets/{petId}": map[string]any{
				"get": map[string]any{
					"operationId": "getPet", "tags": []any{"Pets" + I}, "summary": T, "description": T,
					"parameters": []any{
						map[string]any{"name": "petId", "in": "path", "required": true, "description": T, "example": T, "schema": map[string]any{"type": "string"}},
						map[string]any{"name": "q", "in": "query", "description": T, "example": T, "schema": map[string]any{"type": "string"}},
						map[string]any{"name": "X-Trace" + N, "in": "header", "description": T, "schema": map[string]any{"type": "string"}},
						map[string]any{"name": "session" + N, "in": "cookie", "description": T, "schema": map[string]any{"type": "string"}},
					},
					"responses": map[string]any{
						"200": map[string]any{
							"description": T,
							"headers":     map[string]any{"X-Rate" + N: map[string]any{"description": T, "schema": map[string]any{"type": "integer"}}},
							"content":     map[string]any{media: map[string]any{"schema": pet}},
						},
						"default": map[string]any{"description": T, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}},
					},
				},
				"put": map[string]any{
					"operationId": "putPet", "tags": []any{"Pets" + I}, "summary": T,
					"security":    []any{map[string]any{"key" + N: []any{}}},
					"parameters":  []any{map[string]any{"name": "petId", "in": "path", "required": true, "schema": map[string]any{"type": "string"}}},
					"requestBody": map[string]any{"description": T, "required": true, "content": map[string]any{media: map[string]any{"schema": pet}}},
					"responses":   map[string]any{"204": map[string]any{"description": T}},
				},
			},
		},
		"components": map[string]any{
			"schemas": map[string]any{
				"Pet": map[string]any{
					"type": "object", "title": T, "description": T, "required": []any{"name"},
					"properties": map[string]any{
						"name": map[string]any{"type": "string", "description": T, "example": T},
						"kind": map[string]any{"type": "string", "description": T, "enum": []any{"A" + I, "B" + I}},
						"tags": map[string]any{"type": "array", "description": T, "items": map[string]any{"type": "string", "title": T}},
					},
				},
				"Error": map[string]any{"type": "object", "description": T, "properties": map[string]any{"message": map[string]any{"type": "string", "example": T}}},
			},
			"securitySchemes": map[string]any{
				"key" + N: map[string]any{"type": "apiKey", "in": "header", "name": "X-Key" + N, "description": T},
			},
		},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return b
}

// componentKey is the grammar of component names (OpenAPI 3.0 §4.8.7).
var componentKey = regexp.MustCompile(`^[a-zA-Z0-9.\-_]+$`)

// namesValid reports whether name makes every wire name of a property spec
// valid.
func namesValid(name string) bool {
	return load.IsToken("X-Trace"+name) && load.IsMediaRange(propMedia(name))
}

// propGenerate loads and generates a property spec.
func propGenerate(spec []byte) (*pipeline.Result, diag.List, error) {
	doc, diags := load.Data(filepath.Join("nonexistent-property-dir", "spec.json"), spec)
	if diags.HasErrors() {
		return nil, diags.Errors(), diags.Errors()
	}
	res, err := pipeline.FromDocument(doc, pipeline.Config{Package: "prop", ImportPath: "example.com/prop", ServerPackage: "propserver"})
	return res, nil, err
}

// blanked is a Go file's tokens, one a line, comments dropped and string
// literals emptied: what spec text may not change.
func blanked(src []byte) (string, error) {
	fset := token.NewFileSet()
	file := fset.AddFile("x.go", -1, len(src))
	var s scanner.Scanner
	var errs scanner.ErrorList
	s.Init(file, src, func(pos token.Position, msg string) { errs.Add(pos, msg) }, 0)
	var b strings.Builder
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch {
		case tok == token.STRING:
			lit = `""`
		case tok == token.SEMICOLON:
			lit = ""
		}
		b.WriteString(tok.String())
		if lit != "" && tok != token.STRING {
			b.WriteString(" " + lit)
		}
		b.WriteByte('\n')
	}
	if len(errs) > 0 {
		return "", errs.Err()
	}
	return b.String(), nil
}

func allFiles(res *pipeline.Result) []emit.File {
	var out []emit.File
	for _, f := range res.Files {
		out = append(out, f)
	}
	for _, f := range res.ServerFiles {
		out = append(out, emit.File{Path: "server/" + f.Path, Content: f.Content})
	}
	return out
}

// checkSameCode fails unless got and want have the same files and their Go
// files the same blanked tokens.
func checkSameCode(t *testing.T, label string, got, want *pipeline.Result) {
	t.Helper()
	g, w := allFiles(got), allFiles(want)
	gp, wp := map[string][]byte{}, map[string][]byte{}
	for _, f := range g {
		gp[f.Path] = f.Content
	}
	for _, f := range w {
		wp[f.Path] = f.Content
	}
	var names []string
	for p := range wp {
		if _, ok := gp[p]; !ok {
			t.Errorf("%s: %s generated for the neutral spec only", label, p)
		}
		names = append(names, p)
	}
	for p := range gp {
		if _, ok := wp[p]; !ok {
			t.Errorf("%s: %s generated for the hostile spec only", label, p)
		}
	}
	sort.Strings(names)
	for _, p := range names {
		if !strings.HasSuffix(p, ".go") || gp[p] == nil {
			continue
		}
		bg, err := blanked(gp[p])
		if err != nil {
			t.Errorf("%s: %s does not scan: %v", label, p, err)
			continue
		}
		bw, err := blanked(wp[p])
		if err != nil {
			t.Fatalf("%s: neutral %s does not scan: %v", label, p, err)
		}
		if bg != bw {
			gl, wl := strings.Split(bg, "\n"), strings.Split(bw, "\n")
			i := 0
			for i < len(gl) && i < len(wl) && gl[i] == wl[i] {
				i++
			}
			from := max(0, i-8)
			t.Errorf("%s: %s: spec text changed the code at token %d:\nhostile: %q\nneutral: %q", label, p, i,
				strings.Join(gl[from:min(len(gl), i+3)], " "), strings.Join(wl[from:min(len(wl), i+3)], " "))
		}
	}
}

// checkProperty is the property for one string.
func checkProperty(t *testing.T, s string) (hostile, neutral *pipeline.Result) {
	t.Helper()
	neutralSlots := propSlots{text: "neutral text", ident: neutralIdent(s), name: neutralName(s)}
	neutral, errs, err := propGenerate(propSpec(neutralSlots))
	if err != nil {
		t.Fatalf("neutral spec for %q does not generate: %v", s, err)
	}
	// Wire names from s: refused with located errors exactly when invalid.
	full := propSlots{text: s, ident: s, name: s}
	res, errs, err := propGenerate(propSpec(full))
	switch {
	case err == nil && !namesValid(s):
		t.Errorf("%q: invalid wire names were accepted", s)
	case err != nil && errs == nil:
		t.Errorf("%q: generation failed without a located error: %v", s, err)
	case err != nil:
		if namesValid(s) && componentKey.MatchString("key"+s) {
			t.Errorf("%q: valid wire names refused: %v", s, errs)
		}
		for _, d := range errs {
			if d.Pos.File == "" || d.Pos.Line == 0 {
				t.Errorf("%q: refusal not located: %s", s, d)
			}
		}
	default:
		checkSameCode(t, fmt.Sprintf("%q (all slots)", s), res, neutral)
		checkNoSpecCode(t, allFiles(res))
	}
	// Text and identifier slots from s, wire names neutral: must generate.
	hostile, errs, err = propGenerate(propSpec(propSlots{text: s, ident: s, name: neutralName(s)}))
	if err != nil {
		t.Fatalf("%q in text and identifier slots refused: %v %v", s, errs, err)
	}
	checkSameCode(t, fmt.Sprintf("%q", s), hostile, neutral)
	checkNoSpecCode(t, allFiles(hostile))
	// Not by accident: the text is in the output, and the server URL is a
	// Go string literal exactly.
	if s != "neutral text" {
		same := true
		hf, nf := allFiles(hostile), allFiles(neutral)
		for i := range hf {
			if !bytes.Equal(hf[i].Content, nf[i].Content) {
				same = false
			}
		}
		if same {
			t.Errorf("%q: the output equals the neutral output: the slots are not reaching it", s)
		}
	}
	// The string itself (as JSON carried it: invalid UTF-8 bytes become
	// U+FFFD) is an escaped Go string literal somewhere (an example).
	if v := string([]rune(s)); !hasStringLiteral(hostile, v) {
		t.Errorf("%q is not a string literal of the client", v)
	}
	if !hasStringLiteral(hostile, propServerURL(s)) {
		t.Errorf("%q: the server URL %q is not a string literal of the client", s, propServerURL(s))
	}
	return hostile, neutral
}

// hasStringLiteral reports whether some Go file of res holds a string
// literal whose value is v.
func hasStringLiteral(res *pipeline.Result, v string) bool {
	for _, f := range res.Files {
		if !strings.HasSuffix(f.Path, ".go") {
			continue
		}
		fset := token.NewFileSet()
		file := fset.AddFile(f.Path, -1, len(f.Content))
		var s scanner.Scanner
		s.Init(file, f.Content, nil, 0)
		for {
			_, tok, lit := s.Scan()
			if tok == token.EOF {
				break
			}
			if tok == token.STRING {
				if u, err := strconv.Unquote(lit); err == nil && u == v {
					return true
				}
			}
		}
	}
	return false
}

// propertyAttacks are the attacks of issue 13, and the seed corpus of
// FuzzSpecText (testdata/fuzz/FuzzSpecText holds them too).
var propertyAttacks = []string{
	"/*\n*/ func init() { println(\"x\") } //",
	"X-Key\n*/ func init() { println(\"scheme\") } /*",
	"application/json\n*/ func init() { println(\"req\") } /*",
	"//go:generate sh -c \"echo pwned\"",
	"// +build ignore\n//line evil.go:1\n//export Evil\n//extern evil\n//go:build ignore",
	"\u202e reversed \u2028//go:generate x\r//go:generate y\u0000\u2029//go:noinline",
	"../../../../x",
	"../README",
	"`\"'\\ ${x} %s %v %!",
	"*/",
	"\n",
	"",
	"\xff\xfe not UTF-8",
	"\ufeff//go:generate bom",
	"Users users USERS",
	"-1 +1 0 _ 名前",
	"{var} ?q=1#frag",
	"a;b,c=d",
}

// FuzzSpecText checks the property on mutated strings.
//
//	make fuzz   (go test ./generator -run '^$' -fuzz '^FuzzSpecText$')
func FuzzSpecText(f *testing.F) {
	for _, a := range propertyAttacks {
		f.Add(a)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 256 {
			t.Skip()
		}
		checkProperty(t, s)
	})
}

// TestPropertyOutputTypeChecks runs the property on the attacks and
// type-checks what they generate: client, its examples and the server
// (go/types, the real oapi-codegen/runtime from source).
func TestPropertyOutputTypeChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks generated packages")
	}
	var results []*pipeline.Result
	imports := map[string]bool{}
	for _, a := range propertyAttacks {
		hostile, _ := checkProperty(t, a)
		results = append(results, hostile)
		for _, f := range allFiles(hostile) {
			if !strings.HasSuffix(f.Path, ".go") {
				continue
			}
			af, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Content, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, is := range af.Imports {
				if p, _ := strconv.Unquote(is.Path.Value); !strings.HasPrefix(p, "example.com/") {
					imports[p] = true
				}
			}
		}
	}
	imp := &propImporter{fset: token.NewFileSet(), pkgs: map[string]*types.Package{}}
	exports, err := exportData(imports)
	if err != nil {
		t.Fatal(err)
	}
	imp.src = importer.ForCompiler(imp.fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(f)
	}).(types.ImporterFrom)
	for i, a := range propertyAttacks {
		if err := imp.check(results[i]); err != nil {
			t.Errorf("%q: %v", a, err)
		}
	}
}

// exportData builds (or takes from the build cache) the export data of
// the packages imports lists and their dependencies: compiled type
// information, much faster to import than type-checking them from source.
func exportData(imports map[string]bool) (map[string]string, error) {
	args := []string{"list", "-export", "-deps", "-f", "{{.ImportPath}}={{.Export}}"}
	for p := range imports {
		args = append(args, p)
	}
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export: %v", err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p, f, ok := strings.Cut(line, "="); ok && f != "" {
			m[p] = f
		}
	}
	return m, nil
}

// propImporter type-checks generated packages, resolving the client's
// import path to the client just checked.
type propImporter struct {
	fset *token.FileSet
	src  types.ImporterFrom
	pkgs map[string]*types.Package
}

func (p *propImporter) Import(path string) (*types.Package, error) {
	return p.ImportFrom(path, "", 0)
}

func (p *propImporter) ImportFrom(path, dir string, mode types.ImportMode) (*types.Package, error) {
	if pkg, ok := p.pkgs[path]; ok {
		return pkg, nil
	}
	pkg, err := p.src.ImportFrom(path, ".", mode)
	if err == nil {
		p.pkgs[path] = pkg
	}
	return pkg, err
}

func (p *propImporter) check(res *pipeline.Result) error {
	delete(p.pkgs, "example.com/prop")
	parse := func(files []emit.File, test bool) (map[string][]*ast.File, error) {
		byPkg := map[string][]*ast.File{}
		for _, f := range files {
			if !strings.HasSuffix(f.Path, ".go") || strings.HasSuffix(f.Path, "_test.go") != test {
				continue
			}
			af, err := parser.ParseFile(p.fset, f.Path, f.Content, parser.SkipObjectResolution)
			if err != nil {
				return nil, err
			}
			byPkg[af.Name.Name] = append(byPkg[af.Name.Name], af)
		}
		return byPkg, nil
	}
	conf := types.Config{Importer: p}
	check := func(path string, files []*ast.File) (*types.Package, error) {
		return conf.Check(path, p.fset, files, nil)
	}
	client, err := parse(res.Files, false)
	if err != nil {
		return err
	}
	pkg, err := check("example.com/prop", client["prop"])
	if err != nil {
		return fmt.Errorf("client: %v", err)
	}
	p.pkgs["example.com/prop"] = pkg
	tests, err := parse(res.Files, true)
	if err != nil {
		return err
	}
	for name, files := range tests {
		if name == "prop" {
			files = append(files, client["prop"]...)
		}
		if _, err := check("example.com/prop_test", files); err != nil {
			return fmt.Errorf("client tests (%s): %v", name, err)
		}
	}
	server, err := parse(res.ServerFiles, false)
	if err != nil {
		return err
	}
	if _, err := check("example.com/propserver", server["propserver"]); err != nil {
		return fmt.Errorf("server: %v", err)
	}
	return nil
}
