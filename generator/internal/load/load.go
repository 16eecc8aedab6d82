// Package load reads an OpenAPI 3.0/3.1/3.2 document (or Swagger 2.0, converted
// to 3.0) with kin-openapi.
//
// It is the only package that uses the kin-openapi loader. Everything it
// reports is located: loader and validation failures are turned into
// diag.Diagnostics naming file:line:col and a JSON pointer.
package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	yaml "github.com/oasdiff/yaml3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// Document is a loaded, validated OpenAPI document.
type Document struct {
	// T is the resolved document. Origins are recorded on its elements.
	T *openapi3.T
	// File is the document's path as given by the caller; it is the file
	// name used in diagnostics.
	File string
	// Source is the raw bytes of the root document.
	Source []byte
	// refRoot is the directory external $refs must stay inside ("": the
	// root document's directory).
	refRoot string
	// extWarns are the repairs made in the files the last load read
	// (repairExternal), located in them.
	extWarns []diag.Diagnostic
	// lastRead names the file the loader read last (as diagnostics name
	// it), and lastSource holds it: a document that does not decode is that
	// one, since the root is decoded before any file it references is read.
	lastRead   string
	lastSource []byte

	// located is the same document loaded with origins (file:line:col on
	// every element). Recording origins makes loading half again as slow,
	// so it is done only when a position is asked for: on the error path.
	locatedOnce sync.Once
	located     *openapi3.T

	// nodes is Source as a YAML node tree, parsed on the first position
	// the origins above do not give.
	nodesOnce sync.Once
	nodes     *yaml.Node

	// v2 marks a Swagger 2.0 source: T is its OpenAPI 3.0 conversion, and
	// positions are found through v2Pointer in Source.
	v2 bool
}

// Swagger2 reports whether the document was Swagger 2.0, converted.
func (d *Document) Swagger2() bool { return d.v2 }

// SourcePointer names, in the document as written, the element a pointer
// into T names: itself, except for Swagger 2.0, where the 3.0 pointer
// (/components/schemas/Pet) becomes the 2.0 one (/definitions/Pet).
func (d *Document) SourcePointer(pointer string) string {
	if !d.v2 {
		return pointer
	}
	p := v2Pointer(pointer)
	if p == "/host" && !d.v2HasHost() {
		return "/basePath" // a server made of basePath alone
	}
	return p
}

func (d *Document) v2HasHost() bool {
	return d.T != nil && len(d.T.Servers) > 0 && strings.Contains(d.T.Servers[0].URL, "://")
}

// Pos returns the position recorded in o, or the file alone.
func (d *Document) Pos(o *openapi3.Origin) diag.Pos {
	p := diag.Pos{File: d.File}
	if o == nil || o.Key == nil {
		return p
	}
	if o.Key.File != "" {
		p.File = d.relFile(o.Key.File)
	}
	p.Line, p.Col = o.Key.Line, o.Key.Column
	return p
}

// FieldPos returns the position of a scalar field recorded in o (for
// example "type" or "$ref"), falling back to the element itself.
func (d *Document) FieldPos(o *openapi3.Origin, field string) diag.Pos {
	if o != nil {
		if loc, ok := o.Fields.Lookup(field); ok {
			p := diag.Pos{File: d.File, Line: loc.Line, Col: loc.Column}
			if loc.File != "" {
				p.File = d.relFile(loc.File)
			}
			return p
		}
	}
	return d.Pos(o)
}

// relFile names a file the loader recorded (absolute) relative to the way
// the caller named the root document.
func (d *Document) relFile(f string) string {
	root, err := filepath.Abs(d.File)
	if err != nil {
		return f
	}
	if f == root {
		return d.File
	}
	if rel, err := filepath.Rel(filepath.Dir(root), f); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(filepath.Join(filepath.Dir(d.File), rel))
	}
	return f
}

// File loads and validates the document at path. External $refs may name
// other local files (relative paths); network references are refused.
func File(path string) (*Document, diag.List) {
	return FileWithin(path, "")
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Data loads and validates a document held in memory; path names it in
// diagnostics and anchors relative $refs.
func Data(path string, data []byte) (*Document, diag.List) {
	return DataWithin(path, data, "")
}

// FileWithin is File with external $refs confined to the directory tree
// refRoot instead of the spec's own directory ("" keeps the default).
func FileWithin(path, refRoot string) (*Document, diag.List) {
	data, err := os.ReadFile(path)
	if err != nil {
		var l diag.List
		l.Errorf(diag.Pos{File: path}, "", "cannot read spec: %v", unwrapPathError(err))
		return nil, l
	}
	return DataWithin(path, data, refRoot)
}

// DataWithin is Data with external $refs confined to the directory tree
// refRoot instead of the spec's own directory ("" keeps the default).
func DataWithin(path string, data []byte, refRoot string) (*Document, diag.List) {
	doc, list := loadWith(path, data, refRoot, false)
	if list.HasErrors() {
		// Load again recording origins, so every problem gets file:line:col.
		_, list = loadWith(path, data, refRoot, true)
	}
	return doc, list
}

// load runs the loader on the document's source, deep schemas hoisted
// (deep.go) and external $refs confined to the reference root.
func (d *Document) load(origins bool) (*openapi3.T, error) {
	data := d.Source
	if h, ok := hoist(data); ok {
		data = h
	}
	d.extWarns, d.lastRead, d.lastSource = nil, "", nil
	return loadConfined(newLoader(origins), data, d.URL(), d.refRoot, d.repairExternal)
}

// repairExternal is inlineMisplacedRefs for a file the root document
// references, read from abs; its warnings name the file as the root's
// name does (relative to where the root was named from).
func (d *Document) repairExternal(abs string, data []byte) []byte {
	shown := abs
	if rootAbs, err := filepath.Abs(d.File); err == nil {
		if rel, err := filepath.Rel(filepath.Dir(rootAbs), abs); err == nil {
			shown = filepath.Join(filepath.Dir(d.File), rel)
		}
	}
	d.lastRead, d.lastSource = shown, data
	fixed, warns := inlineMisplacedRefs(abs, data, d.refRoot, false)
	if len(warns) == 0 {
		return data
	}
	d.lastSource = fixed
	for _, w := range warns {
		w.Pos.File = shown
		d.extWarns = append(d.extWarns, w)
	}
	return fixed
}

func loadWith(path string, data []byte, refRoot string, origins bool) (doc *Document, list diag.List) {
	defer func() {
		// kin-openapi is robust but not fuzzed against every input; a
		// panic inside it becomes a located error, never a crash.
		if r := recover(); r != nil {
			doc = nil
			list = nil
			list.Errorf(diag.Pos{File: path}, "", "cannot load spec: loader failed: %v", r)
		}
	}()
	d := &Document{File: path, Source: data, refRoot: refRoot}
	if msg := versionProblem(data); msg != "" {
		list.Errorf(diag.Pos{File: path, Line: 1, Col: 1}, "/openapi", "%s", msg)
		return nil, list
	}
	var t *openapi3.T
	var warns []diag.Diagnostic
	var err error
	// Located already (in the source as written), so kept out of warns,
	// whose pointers are relocated below.
	var dupWarns []diag.Diagnostic
	if fixed, dw := dropDuplicateKeys(path, data); len(dw) > 0 {
		data, d.Source, dupWarns = fixed, fixed, dw
	}
	if fixed, tw := dropTupleItems(path, data); len(tw) > 0 {
		data, d.Source, dupWarns = fixed, fixed, append(dupWarns, tw...)
	}
	if fixed, iw := inlineMisplacedRefs(path, data, refRoot, true); len(iw) > 0 {
		data, d.Source, dupWarns = fixed, fixed, append(dupWarns, iw...)
	}
	if d.v2 = isSwagger2(data); d.v2 {
		t, warns, err = d.loadSwagger2(origins)
	} else {
		t, err = d.load(origins)
	}
	if err != nil {
		// The repairs made before it failed say what the document was
		// read as.
		list = append(append(list, d.loadError(err)), collapseInlined(append(dupWarns, d.extWarns...))...)
		return nil, list
	}
	d.T = t
	dupWarns = collapseInlined(append(dupWarns, d.extWarns...))
	if origins && !d.v2 {
		d.locatedOnce.Do(func() { d.located = t })
	}
	if errs := resolveMediaTypeRefs(t); len(errs) > 0 {
		for _, e := range errs {
			e.Pos = d.Locate(e.Pointer)
			e.Pointer = d.SourcePointer(e.Pointer)
			list = append(list, e)
		}
		return nil, list
	}
	resolveHeaderContent(t)
	warns = append(warns, normalize(t)...)
	if errs := checkNames(t); len(errs) > 0 {
		for _, e := range errs {
			e.Pos = d.Locate(e.Pointer)
			e.Pointer = d.SourcePointer(e.Pointer)
			list = append(list, e)
		}
		list.Sort()
		return nil, list
	}
	opts := []openapi3.ValidationOption{
		openapi3.EnableMultiError(),
		openapi3.DisableExamplesValidation(),
		openapi3.DisableSchemaPatternValidation(),
		openapi3.DisableSchemaDefaultsValidation(),
		openapi3.AllowExtensionsWithRef(),
	}
	if err := validate(t, opts...); err != nil {
		var me openapi3.MultiError
		if !errors.As(err, &me) {
			me = openapi3.MultiError{err}
		}
		var errs diag.List
		for _, e := range me {
			v := d.validationError(e)
			var extra *openapi3.ExtraSiblingFieldsError
			if errors.As(e, &extra) && v.Pointer == "/components" && t.IsOpenAPI31OrLater() && slices.Equal(extra.Fields, []string{"pathItems"}) {
				// 3.1's components.pathItems: kin-openapi resolves $refs
				// into it but does not model the section itself.
				continue
			}
			var noValue *openapi3.ExampleValueOrExternalValueRequired
			if errors.As(e, &noValue) {
				// An example is documentation; 3.2's dataValue and
				// serializedValue are not read.
				v.Severity = diag.Warning
				v.Msg = "example has no value or externalValue: ignored"
				if v.Pos.Line == 0 {
					v.Pos = d.Locate(v.Pointer)
				}
				list = append(list, v)
				continue
			}
			if errors.As(e, &extra) {
				// The loader kept unknown fields aside (as it keeps x-
				// extensions); nothing reads them.
				v.Severity = diag.Warning
				v.Msg = fmt.Sprintf("unknown field(s) %s: ignored", strings.Join(extra.Fields, ", "))
				if v.Pos.Line == 0 {
					v.Pos = d.Locate(v.Pointer)
				}
				list = append(list, v)
				continue
			}
			errs = append(errs, v)
		}
		if len(errs) > 0 {
			list = append(list, onePerPlace(errs)...)
			list = append(onePerPlace(list), dupWarns...)
			list.Sort()
			return nil, list
		}
		list = onePerPlace(list)
	}
	for _, w := range warns {
		w.Pos = d.Locate(w.Pointer)
		w.Pointer = d.SourcePointer(w.Pointer)
		list = append(list, w)
	}
	list = append(list, dupWarns...)
	return d, list
}

// onePerPlace keeps one of the diagnostics that say the same thing about
// one defect. kin-openapi validates a shared component once on its own and
// again for every operation reaching it, and reports the operation's copy
// at the operation (its error carries no schema path): so a diagnostic of
// an operation or webhook is dropped when a component has the same one
// (the same severity and message), and of several at the same place the
// one naming a component, else the shortest pointer, is kept. Should an
// inline schema share a component's defect word for word, it shows once the
// component is mended. Unlocated diagnostics are all kept.
func onePerPlace(l diag.List) diag.List {
	type said struct {
		sev diag.Severity
		msg string
	}
	type place struct {
		file      string
		line, col int
		said
	}
	inComponent := map[said]bool{}
	for _, d := range l {
		if strings.HasPrefix(d.Pointer, "/components/") {
			inComponent[said{d.Severity, d.Msg}] = true
		}
	}
	best := map[place]int{}
	keep := make([]bool, len(l))
	better := func(a, b string) bool { // a is a better pointer than b
		ac, bc := strings.HasPrefix(a, "/components/"), strings.HasPrefix(b, "/components/")
		if ac != bc {
			return ac
		}
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return a < b
	}
	for i, d := range l {
		if d.Pos.Line == 0 {
			keep[i] = true
			continue
		}
		if (strings.HasPrefix(d.Pointer, "/paths/") || strings.HasPrefix(d.Pointer, "/webhooks/")) && inComponent[said{d.Severity, d.Msg}] {
			continue
		}
		k := place{d.Pos.File, d.Pos.Line, d.Pos.Col, said{d.Severity, d.Msg}}
		j, ok := best[k]
		if !ok {
			best[k], keep[i] = i, true
		} else if better(d.Pointer, l[j].Pointer) {
			keep[j], keep[i], best[k] = false, true, i
		}
	}
	out := l[:0:0]
	for i, d := range l {
		if keep[i] {
			out = append(out, d)
		}
	}
	return out
}

// newLoader is the loader every load uses; origins records file:line:col
// on every element.
func newLoader(origins bool) *openapi3.Loader {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = origins
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = readLocalOnly
	loader.Context = context.Background()
	return loader
}

// URL is the root document's location as the loader names it (in $ref
// paths and origins).
func (d *Document) URL() *url.URL {
	abs, err := filepath.Abs(d.File)
	if err != nil {
		abs = d.File
	}
	return &url.URL{Path: filepath.ToSlash(abs)}
}

func readLocalOnly(loader *openapi3.Loader, u *url.URL) ([]byte, error) {
	if u.Scheme != "" && u.Scheme != "file" {
		return nil, fmt.Errorf("remote reference %q refused: only local files may be referenced", u.String())
	}
	return openapi3.ReadFromFile(loader, u)
}

// versionLineRE matches the key declaring the version at the start of a
// line, past the spaces that start it.
var versionLineRE = regexp.MustCompile(`^[ \t\r\f\v]*["']?(openapi|swagger)["']?\s*:\s*["']?([0-9][0-9.]*)`)

// findVersion finds the key declaring the document's version, "openapi"
// or "swagger", and the version it gives: versionRE's submatches, without
// running the regexp over the whole document (it has no literal prefix, so
// it costs a tenth of a second on an 8 MB spec). A match names its keyword
// on the line it starts on, past blank lines, so the first line holding
// "openapi" or "swagger" that versionLineRE matches from its start has the
// leftmost match's submatches.
func findVersion(data []byte) (field, version string, ok bool) {
	for from := 0; from < len(data); {
		i := indexKeyword(data[from:])
		if i < 0 {
			break
		}
		i += from
		line := bytes.LastIndexByte(data[:i], '\n') + 1
		if m := versionLineRE.FindSubmatch(data[line:]); m != nil {
			return string(m[1]), string(m[2]), true
		}
		from = i + len("openapi")
	}
	return "", "", false
}

// indexKeyword is the index of the first "openapi" or "swagger" in b, or -1.
func indexKeyword(b []byte) int {
	i, j := bytes.Index(b, []byte("openapi")), bytes.Index(b, []byte("swagger"))
	switch {
	case i < 0:
		return j
	case j < 0 || i < j:
		return i
	}
	return j
}

// isSwagger2 reports whether data declares swagger: "2.0".
func isSwagger2(data []byte) bool {
	if field, _, ok := findVersion(data); ok {
		return field == "swagger"
	}
	// Minified JSON: not at a line start.
	return bytes.Contains(data, []byte(`"swagger"`)) && swaggerJSONRE.Match(data)
}

var swaggerJSONRE = regexp.MustCompile(`[{,]\s*"swagger"\s*:\s*"2\.0"`)

// versionProblem checks the declared version before the loader does, so
// Swagger 2.0 and unknown versions get a clear message.
func versionProblem(data []byte) string {
	field, v, ok := findVersion(data)
	if !ok {
		return "" // the loader/validator reports a missing field
	}
	if field == "swagger" {
		if v == "2.0" || v == "2" {
			return ""
		}
		return "unsupported Swagger version " + strconv.Quote(v) + ": want 2.0, or OpenAPI 3.0.x, 3.1.x or 3.2.x"
	}
	if !strings.HasPrefix(v, "3.0") && !strings.HasPrefix(v, "3.1") && !strings.HasPrefix(v, "3.2") {
		return "unsupported OpenAPI version " + strconv.Quote(v) + ": want 3.0.x, 3.1.x or 3.2.x (or Swagger 2.0)"
	}
	return ""
}

var (
	// kin-openapi names the missing key of an unresolvable $ref (before
	// v0.153: map key "K" not found; since: failed to resolve "K" in fragment).
	missingKeyRE = regexp.MustCompile(`(?:map key|failed to resolve) "([^"]+)" (?:not found|in fragment)`)
	refRE        = regexp.MustCompile(`\$ref"?\s*:\s*['"]?([^'"\s,}]+)`)
	lineRE       = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)
	quotedRE     = regexp.MustCompile(`"([^"]*#/[^"]*|[^"]+\.(?:ya?ml|json)[^"]*)"`)
)

// lastLine is the number of the last non-empty line of src.
func lastLine(src []byte) int {
	return bytes.Count(bytes.TrimRight(src, "\n\r\t "), []byte("\n")) + 1
}

// loadError locates a loader failure: YAML syntax errors carry a line; an
// unresolvable $ref is found by searching the source for it.
func (d *Document) loadError(err error) diag.Diagnostic {
	var l2 *located2Error
	if errors.As(err, &l2) {
		return diag.Diagnostic{Pos: diag.Pos{File: d.File, Line: l2.line, Col: l2.col}, Pointer: l2.pointer, Msg: "cannot load spec: cannot read Swagger 2.0 document: " + l2.msg()}
	}
	msg := err.Error()
	if i := strings.Index(msg, "yaml error: "); i >= 0 {
		// The loader tries JSON first; for YAML input only the YAML error matters.
		msg = strings.TrimPrefix(msg[i+len("yaml error: "):], "error converting YAML to JSON: ")
	}
	pos := diag.Pos{File: d.File}
	src := d.Source
	if d.lastRead != "" && (strings.Contains(msg, "construct errors") || strings.Contains(msg, "cannot unmarshal")) {
		// A decoding error of a referenced file: its lines are that
		// file's.
		pos.File, src = d.lastRead, d.lastSource
	}
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		if m[2] != "" {
			pos.Col, _ = strconv.Atoi(m[2])
		}
		// A construct left open is reported where the parser gave up,
		// which may be past the last line: point at the last line then.
		if last := lastLine(src); pos.Line > last {
			pos.Line, pos.Col = last, 0
		}
		// The position says where; the parser's own "line N: " would
		// repeat it (or, clamped, contradict it).
		msg = strings.Replace(msg, m[0]+": ", "", 1)
	}
	pointer := ""
	if m := missingKeyRE.FindStringSubmatch(msg); m != nil {
		// The loader names only the missing key; find the $ref using it.
		for _, loc := range refRE.FindAllSubmatchIndex(d.Source, -1) {
			ref := string(d.Source[loc[2]:loc[3]])
			if !strings.Contains(ref+"/", "/"+m[1]+"/") {
				continue
			}
			line, col := findInSource(d.Source[:loc[3]], ref)
			pos.Line, pos.Col = line, col
			// The pointer is where the $ref is written; the message names
			// what it refers to.
			if p, ok := pointerAt(d.sourceNodes(), line); ok {
				pointer = p
			} else if i := strings.Index(ref, "#"); i >= 0 {
				pointer = ref[i+1:]
			}
			return diag.Diagnostic{Pos: pos, Pointer: pointer, Msg: fmt.Sprintf("unresolvable $ref %q: %q not found", ref, m[1])}
		}
	}
	if pos.Line == 0 {
		for _, m := range quotedRE.FindAllStringSubmatch(msg, -1) {
			ref := m[1]
			if i := strings.Index(ref, "#/"); i >= 0 {
				pointer = ref[i+1:]
			}
			if l, c := findInSource(d.Source, ref); l > 0 {
				pos.Line, pos.Col = l, c
				if p, ok := pointerAt(d.sourceNodes(), l); ok {
					pointer = p // where the reference is written
				}
				break
			}
		}
	}
	return diag.Diagnostic{Pos: pos, Pointer: pointer, Msg: "cannot load spec: " + msg}
}

// findInSource returns the 1-based line and column of the first occurrence
// of s in src (or of its fragment part), 0 when absent.
func findInSource(src []byte, s string) (int, int) {
	text := string(src)
	i := strings.Index(text, s)
	if i < 0 {
		if j := strings.Index(s, "#"); j > 0 {
			i = strings.Index(text, s[j:])
		}
	}
	if i < 0 {
		return 0, 0
	}
	line := strings.Count(text[:i], "\n") + 1
	col := i - strings.LastIndex(text[:i], "\n")
	return line, col
}

// validationError turns one kin-openapi validation error into a located
// diagnostic. The JSON pointer comes from the context wrappers in the error
// chain; the position from the innermost recorded Origin, else from the
// element the pointer names.
func (d *Document) validationError(err error) diag.Diagnostic {
	var tokens []string
	var origin *openapi3.Origin
	var leaf error = err
	for e := err; e != nil; e = errors.Unwrap(e) {
		leaf = e
		switch w := e.(type) {
		case *openapi3.SectionValidationError:
			tokens = append(tokens, w.Section)
		case *openapi3.PathValidationError:
			tokens = append(tokens, w.Path)
		case *openapi3.OperationValidationError:
			tokens = append(tokens, strings.ToLower(w.Method))
		case *openapi3.ComponentValidationError:
			if len(tokens) > 0 && tokens[len(tokens)-1] == "components" {
				tokens = append(tokens, componentSection(w.Section), w.Name)
			}
		}
		if o := originField(e); o != nil {
			origin = o
		}
	}
	pointer := diag.Pointer(tokens...)
	if d.v2 {
		msg := strings.TrimSpace(leaf.Error())
		return diag.Diagnostic{Pos: d.Locate(pointer), Pointer: d.SourcePointer(pointer), Msg: "invalid spec (converted from Swagger 2.0): " + msg}
	}
	pos := d.Pos(origin)
	if origin == nil {
		pos = d.Pos(d.originAt(tokens))
	}
	if pos.Line == 0 {
		pos.Line, pos.Col = jsonPointerPos(d.Source, tokens)
	}
	msg := strings.TrimSpace(leaf.Error())
	if msg == "" {
		msg = err.Error()
	}
	return diag.Diagnostic{Pos: pos, Pointer: pointer, Msg: "invalid spec: " + msg}
}

func componentSection(s string) string {
	switch s {
	case "schema":
		return "schemas"
	case "parameter":
		return "parameters"
	case "header":
		return "headers"
	case "request body":
		return "requestBodies"
	case "response":
		return "responses"
	case "security scheme":
		return "securitySchemes"
	case "example":
		return "examples"
	case "link":
		return "links"
	case "callback":
		return "callbacks"
	}
	return s
}

var originType = reflect.TypeFor[*openapi3.Origin]()

// originField finds an exported *openapi3.Origin field on an error value.
func originField(e error) *openapi3.Origin {
	v := reflect.ValueOf(e)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil
	}
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if f.Type() == originType && v.Type().Field(i).IsExported() && !f.IsNil() {
			o := f.Interface().(*openapi3.Origin)
			if o.Key != nil {
				return o
			}
		}
	}
	return nil
}

// Locate returns the position of the element a JSON pointer names, or of
// its nearest enclosing element that has one.
func (d *Document) Locate(pointer string) diag.Pos {
	if d.v2 {
		tok := splitPointer(v2Pointer(pointer))
		if pointer == "" {
			return diag.Pos{File: d.File}
		}
		if line, col := jsonPointerPos(d.Source, tok); line > 0 {
			return diag.Pos{File: d.File, Line: line, Col: col}
		}
		line, col := yamlPointerPos(d.sourceNodes(), tok)
		if line == 0 && tok[0] == "host" {
			// A server made of basePath alone.
			if l, c := jsonPointerPos(d.Source, []string{"basePath"}); l > 0 {
				return diag.Pos{File: d.File, Line: l, Col: c}
			}
			line, col = yamlPointerPos(d.sourceNodes(), []string{"basePath"})
		}
		return diag.Pos{File: d.File, Line: line, Col: col}
	}
	d.locatedOnce.Do(func() {
		if t := bytes.TrimSpace(d.Source); len(t) > 0 && t[0] == '{' {
			// kin-openapi records no origins for JSON: loading again
			// would cost a full load for nothing; jsonPointerPos below
			// finds JSON positions.
			return
		}
		if t, err := d.load(true); err == nil {
			d.located = t
		}
	})
	if pointer == "" {
		return diag.Pos{File: d.File}
	}
	var pos diag.Pos
	if d.located != nil {
		pos = d.Pos(walk(d.located, splitPointer(pointer)))
	}
	if pos.Line > 0 {
		// walk may stop at an ancestor (kin-openapi keeps no origin for an
		// Encoding Object, a discriminator's mapping, a schema keyword):
		// the member itself, when the YAML of this document holds the
		// whole pointer (one through a $ref is not found there, and keeps
		// the origin walk found in the referenced document).
		if tok := splitPointer(pointer); !d.combinedParamIndex(tok) {
			if line, col, at := yamlPointerWalk(d.sourceNodes(), tok); at != nil && line != pos.Line {
				return diag.Pos{File: d.File, Line: line, Col: col}
			}
		}
	}
	if pos.Line == 0 {
		// kin-openapi records origins for YAML only; find the member in JSON.
		if line, col := jsonPointerPos(d.Source, splitPointer(pointer)); line > 0 {
			return diag.Pos{File: d.File, Line: line, Col: col}
		}
		// An element the loader keeps no origin for (webhooks, servers,
		// security requirements): find it in the YAML itself.
		if line, col := yamlPointerPos(d.sourceNodes(), splitPointer(pointer)); line > 0 && (line > pos.Line) {
			return diag.Pos{File: d.File, Line: line, Col: col}
		}
		pos.File = d.File
	}
	return pos
}

// sourceNodes is the root document's YAML node tree, parsed once.
func (d *Document) sourceNodes() *yaml.Node {
	d.nodesOnce.Do(func() { d.nodes = yamlNode(d.Source) })
	return d.nodes
}

// combinedParamIndex reports whether tok names an operation's parameter
// by the builder's index (the path item's parameters first, then the
// operation's), which is not the operation's own list in the document when
// the path item declares parameters too.
func (d *Document) combinedParamIndex(tok []string) bool {
	if len(tok) < 5 || tok[0] != "paths" || tok[3] != "parameters" || d.T == nil || d.T.Paths == nil {
		return false
	}
	item := d.T.Paths.Value(tok[1])
	return item != nil && len(item.Parameters) > 0
}

func splitPointer(p string) []string {
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, t := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return parts
}

// walk follows pointer tokens through the document, returning the origin
// of the deepest element reached that recorded one.
func walk(t *openapi3.T, tok []string) *openapi3.Origin {
	var best *openapi3.Origin
	keep := func(o *openapi3.Origin) {
		if o != nil && o.Key != nil {
			best = o
		}
	}
	at := func(i int) string { return safeAt(tok, i) }
	switch at(0) {
	case "paths":
		if t.Paths == nil {
			return nil
		}
		item := t.Paths.Value(at(1))
		if item == nil {
			return nil
		}
		keep(item.Origin)
		op := item.GetOperation(strings.ToUpper(at(2)))
		if op == nil {
			return best
		}
		keep(op.Origin)
		switch at(3) {
		case "parameters":
			i, err := strconv.Atoi(at(4))
			if err == nil && i >= 0 && i < len(item.Parameters)+len(op.Parameters) {
				// Builder indexes path-item parameters first, then the operation's.
				p := append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...)[i]
				keep(p.Origin)
				if p.Value != nil {
					keep(p.Value.Origin)
					if at(5) == "schema" && p.Value.Schema != nil {
						walkSchema(p.Value.Schema, tok[6:], keep)
					}
				}
			}
		case "requestBody":
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				keep(op.RequestBody.Value.Origin)
				if at(4) == "content" {
					if mt := op.RequestBody.Value.Content[at(5)]; mt != nil && at(6) == "schema" && mt.Schema != nil {
						walkSchema(mt.Schema, tok[7:], keep)
					}
				}
			}
		case "responses":
			if op.Responses != nil {
				if r := op.Responses.Value(at(4)); r != nil && r.Value != nil {
					keep(r.Value.Origin)
					if at(5) == "content" {
						if mt := r.Value.Content[at(6)]; mt != nil && at(7) == "schema" && mt.Schema != nil {
							walkSchema(mt.Schema, tok[8:], keep)
						}
					}
				}
			}
		}
		return best
	case "components":
		if t.Components == nil {
			return nil
		}
		switch at(1) {
		case "schemas":
			if s := t.Components.Schemas[at(2)]; s != nil {
				walkSchema(s, tok[3:], keep)
			}
		case "securitySchemes":
			if s := t.Components.SecuritySchemes[at(2)]; s != nil && s.Value != nil {
				keep(s.Value.Origin)
			}
		}
		return best
	}
	return originAtTokens(t, tok)
}

func walkSchema(ref *openapi3.SchemaRef, tok []string, keep func(*openapi3.Origin)) {
	for depth := 0; ref != nil && depth < 64; depth++ {
		keep(ref.Origin)
		s := ref.Value
		if s == nil {
			return
		}
		if ref.Ref == "" {
			keep(s.Origin)
		}
		if len(tok) == 0 {
			return
		}
		switch tok[0] {
		case "properties":
			if len(tok) < 2 {
				return
			}
			ref, tok = s.Properties[tok[1]], tok[2:]
		case "items":
			ref, tok = s.Items, tok[1:]
		case "additionalProperties":
			ref, tok = s.AdditionalProperties.Schema, tok[1:]
		case "allOf", "oneOf", "anyOf":
			list := map[string]openapi3.SchemaRefs{"allOf": s.AllOf, "oneOf": s.OneOf, "anyOf": s.AnyOf}[tok[0]]
			i, err := strconv.Atoi(safeAt(tok, 1))
			if err != nil || i < 0 || i >= len(list) {
				return
			}
			ref, tok = list[i], tok[2:]
		default:
			return
		}
	}
}

func safeAt(tok []string, i int) string {
	if i < len(tok) {
		return tok[i]
	}
	return ""
}

// originAt resolves the few pointers validation wrappers produce.
func (d *Document) originAt(tokens []string) *openapi3.Origin {
	return originAtTokens(d.T, tokens)
}

func originAtTokens(t *openapi3.T, tokens []string) *openapi3.Origin {
	if t == nil || len(tokens) == 0 {
		return nil
	}
	switch tokens[0] {
	case "paths":
		if len(tokens) < 2 || t.Paths == nil {
			return nil
		}
		item := t.Paths.Value(tokens[1])
		if item == nil {
			return nil
		}
		if len(tokens) >= 3 {
			if op := item.GetOperation(strings.ToUpper(tokens[2])); op != nil {
				return op.Origin
			}
		}
		return item.Origin
	case "components":
		if len(tokens) < 3 || t.Components == nil {
			return nil
		}
		switch tokens[1] {
		case "schemas":
			if s := t.Components.Schemas[tokens[2]]; s != nil && s.Value != nil {
				return s.Value.Origin
			}
		case "parameters":
			if p := t.Components.Parameters[tokens[2]]; p != nil && p.Value != nil {
				return p.Value.Origin
			}
		case "responses":
			if r := t.Components.Responses[tokens[2]]; r != nil && r.Value != nil {
				return r.Value.Origin
			}
		case "securitySchemes":
			if s := t.Components.SecuritySchemes[tokens[2]]; s != nil && s.Value != nil {
				return s.Value.Origin
			}
		}
	case "info":
		if t.Info != nil {
			return t.Info.Origin
		}
	}
	return nil
}
