package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	yaml "github.com/oasdiff/yaml3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// operationKeys are the path item members that hold an Operation Object.
var operationKeys = map[string]bool{
	"get": true, "put": true, "post": true, "delete": true, "options": true,
	"head": true, "patch": true, "trace": true, "query": true,
}

// inlineMisplacedRefs reads the $refs published specs put where OpenAPI
// allows none, as the bundlers their authors use (Redocly) read them:
//
//   - an Operation Object that is a $ref (DigitalOcean's spec writes every
//     operation as get: {$ref: resources/droplets/droplets_get.yml});
//   - a schema's properties that are a $ref to the map of them;
//   - a description that is a $ref to a string (description.yml#/intro).
//
// The referenced value, read within the reference root as the loader
// reads files, is written in place of the reference object as JSON (which
// YAML reads as flow style) on the reference's own line, so every other
// position in the document stays where it was; the $refs inside it are
// rebased to stay relative to this document. Each inlined reference gets a
// located warning; one that cannot be read is left as it was, with a
// warning (the loader then reports it). src is not modified. root tells
// the root document from a file it references (which the loader reads
// through this too): there, top-level operations are those of a path item.
func inlineMisplacedRefs(file string, src []byte, refRoot string, root bool) ([]byte, []diag.Diagnostic) {
	if !misplacedRefCandidate(src) {
		return src, nil
	}
	top := yamlNode(src)
	if top == nil || top.Kind != yaml.MappingNode {
		return src, nil
	}
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return src, nil
	}
	in := &inliner{file: file, lines: bytes.SplitAfter(src, []byte("\n")), root: top, dir: dir, refRoot: dir}
	if refRoot != "" {
		if abs, err := filepath.Abs(refRoot); err == nil {
			in.refRoot = abs
		}
	}
	operations := func(item *yaml.Node, base string) {
		for j := 0; j+1 < len(item.Content); j += 2 {
			if k := item.Content[j].Value; operationKeys[k] {
				in.inline(item.Content[j+1], base+diag.Pointer(k), "operation")
			}
		}
	}
	if !root {
		operations(top, "")
	} else if paths := mapGet(top, "paths"); paths != nil && paths.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(paths.Content); i += 2 {
			if item := paths.Content[i+1]; item.Kind == yaml.MappingNode {
				operations(item, diag.Pointer("paths", paths.Content[i].Value))
			}
		}
	}
	if tags := mapGet(top, "tags"); root && tags != nil && tags.Kind == yaml.SequenceNode {
		for i, tag := range tags.Content {
			if tag.Kind == yaml.MappingNode {
				if d := mapGet(tag, "description"); d != nil {
					in.inline(d, fmt.Sprintf("/tags/%d/description", i), "description")
				}
			}
		}
	}
	if info := mapGet(top, "info"); root && info != nil && info.Kind == yaml.MappingNode {
		if d := mapGet(info, "description"); d != nil {
			in.inline(d, "/info/description", "description")
		}
	}
	in.properties(top, "", false, 0)
	if len(in.edits) == 0 {
		return src, in.warns
	}
	sort.SliceStable(in.edits, func(i, j int) bool {
		a, b := in.edits[i], in.edits[j]
		return a.line < b.line || a.line == b.line && a.from > b.from
	})
	for _, e := range in.edits {
		line := in.lines[e.line-1]
		in.lines[e.line-1] = append(append(append([]byte{}, line[:e.from]...), e.text...), line[e.to:]...)
	}
	return bytes.Join(in.lines, nil), in.warns
}

// properties inlines, below n, the properties that are a $ref; propNames
// tells that n's keys are property names, not keywords.
func (in *inliner) properties(n *yaml.Node, ptr string, propNames bool, depth int) {
	if depth > 256 {
		return
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			p := ptr + diag.Pointer(k)
			if !propNames && k == "properties" {
				if isRefObject(v) {
					in.inline(v, p, "properties")
					continue
				}
				in.properties(v, p, true, depth+1)
				continue
			}
			in.properties(v, p, false, depth+1)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			in.properties(c, ptr+"/"+strconv.Itoa(i), false, depth+1)
		}
	}
}

// misplacedRefCandidate reports, without parsing src, whether some $ref
// follows an operation or description key (get: {$ref: ...}, "get":
// {"$ref": ...}, get:\n  $ref: ...): only then is the document parsed.
func misplacedRefCandidate(src []byte) bool {
	for i := 0; ; {
		k := bytes.Index(src[i:], []byte("$ref"))
		if k < 0 {
			return false
		}
		at := i + k
		i = at + 4
		j := at - 1
		for j >= 0 && strings.IndexByte(" \t\r\n\"'{", src[j]) >= 0 {
			j--
		}
		if j < 0 || src[j] != ':' {
			continue
		}
		j--
		for j >= 0 && strings.IndexByte(" \t\"'", src[j]) >= 0 {
			j--
		}
		end := j + 1
		for j >= 0 && (src[j] >= 'a' && src[j] <= 'z') {
			j--
		}
		if key := string(src[j+1 : end]); operationKeys[key] || key == "description" || key == "properties" {
			return true
		}
	}
}

type inliner struct {
	file, dir, refRoot string
	lines              [][]byte
	root               *yaml.Node
	warns              []diag.Diagnostic
	edits              []edit
	docs               map[string]*yaml.Node // read documents, by path from the root's directory
	written            int                   // bytes inlined so far (at most maxInlined)
	// plain: toJSON writes the tree as it is, expanding nothing (no file
	// is read).
	plain bool
}

// maxInlined bounds what one document's inlining writes: properties that
// are a $ref are expanded where they stand, so a hostile chain of them
// (each map naming ten that each name ten...) could otherwise grow without
// end.
const maxInlined = 32 << 20

// inline replaces n, when it is a reference object ({$ref: X}, nothing
// else) written on one line, by the value X names.
func (in *inliner) inline(n *yaml.Node, ptr, what string) {
	if !isRefObject(n) {
		return
	}
	ref := n.Content[1].Value
	val, from, err := in.resolve(ref, nil, "", 0)
	if err != nil {
		in.warns = append(in.warns, diag.Diagnostic{Severity: diag.Warning, Pos: diag.Pos{File: in.file, Line: n.Content[1].Line, Col: n.Content[1].Column}, Pointer: ptr,
			Msg: misplacedPrefix[what] + fmt.Sprintf(" %q, which OpenAPI does not allow here, and it cannot be read: %v", ref, err)})
		return
	}
	if (what == "description") != (val.Kind == yaml.ScalarNode) || what != "description" && val.Kind != yaml.MappingNode {
		return // not what belongs here: left to the loader's error
	}
	if in.written > maxInlined {
		return // the budget is spent: what is left is reported as written
	}
	var b bytes.Buffer
	if err := in.toJSON(&b, val, from, 0); err != nil {
		if strings.HasPrefix(err.Error(), "inlining would write") {
			in.written = maxInlined + 1 // no more attempts
		}
		in.warns = append(in.warns, diag.Diagnostic{Severity: diag.Warning, Pos: diag.Pos{File: in.file, Line: n.Content[1].Line, Col: n.Content[1].Column}, Pointer: ptr,
			Msg: misplacedPrefix[what] + fmt.Sprintf(" %q, which OpenAPI does not allow here, and it cannot be inlined: %v", ref, err)})
		return
	}
	in.written += b.Len()
	start, end, ok := in.span(n)
	if !ok {
		return
	}
	// Applied at the end, right to left on each line, so that two on one
	// line ({get: {$ref: a}, put: {$ref: b}}) keep their offsets.
	in.edits = append(in.edits, edit{line: start.line, from: start.col - 1, to: end, text: b.Bytes()})
	in.warns = append(in.warns, diag.Diagnostic{Severity: diag.Warning, Pos: diag.Pos{File: in.file, Line: n.Content[0].Line, Col: n.Content[0].Column}, Pointer: ptr,
		Msg: misplacedPrefix[what] + fmt.Sprintf(" %q, which OpenAPI does not allow here (bundlers inline it): reading what it names in its place", ref)})
}

// misplacedPrefix starts the warning of each kind of misplaced $ref.
var misplacedPrefix = map[string]string{
	"operation":   "the operation is a $ref",
	"properties":  "the properties are a $ref",
	"description": "the description is a $ref",
}

// collapseInlined keeps, of the warnings inlineMisplacedRefs gave (those
// of every file read), the first of each kind, saying how many more there
// are: a spec written so writes all its operations so (DigitalOcean: 659).
func collapseInlined(ws []diag.Diagnostic) []diag.Diagnostic {
	var out []diag.Diagnostic
	first := map[string]int{}
	more := map[string]int{}
	for _, w := range ws {
		kind := ""
		for _, p := range misplacedPrefix {
			if strings.HasPrefix(w.Msg, p) && strings.Contains(w.Msg, "(bundlers inline it)") {
				kind = p
			}
		}
		if kind == "" {
			out = append(out, w)
			continue
		}
		if _, ok := first[kind]; ok {
			more[kind]++
			continue
		}
		first[kind] = len(out)
		out = append(out, w)
	}
	for kind, n := range more {
		out[first[kind]].Msg += fmt.Sprintf(" (and %d more, read alike)", n)
	}
	return out
}

type linecol struct{ line, col int }

// edit replaces bytes [from, to) of a line (1-based) by text.
type edit struct {
	line, from, to int
	text           []byte
}

// span is where on its line the reference object n is written: from its
// first byte (the { of a flow mapping, else the $ref key) to the byte
// after it; false when it is not on one line or cannot be delimited.
func (in *inliner) span(n *yaml.Node) (linecol, int, bool) {
	key, val := n.Content[0], n.Content[1]
	if key.Line != val.Line || key.Line < 1 || key.Line > len(in.lines) {
		return linecol{}, 0, false
	}
	line := in.lines[key.Line-1]
	text := bytes.TrimRight(line, "\r\n")
	if n.Style&yaml.FlowStyle != 0 {
		// {$ref: x} or {"$ref": "x"}: from the { before the key to its }.
		open := bytes.LastIndexByte(text[:key.Column-1], '{')
		if open < 0 {
			return linecol{}, 0, false
		}
		end := matching(text, open)
		if end < 0 {
			return linecol{}, 0, false
		}
		return linecol{key.Line, open + 1}, end + 1, true
	}
	// Block style: $ref: x is the rest of the line, a comment aside.
	rest := text[key.Column-1:]
	if i := bytes.Index(rest, []byte(" #")); i >= 0 {
		rest = rest[:i]
	}
	return linecol{key.Line, key.Column}, key.Column - 1 + len(bytes.TrimRight(rest, " \t")), true
}

// resolve is the node ref names, written in the document at from (a path
// relative to the root document's directory, "" for the root document),
// following a reference it names in turn; the document holding the value
// is returned with it. doc is from's tree when the caller has it.
func (in *inliner) resolve(ref string, doc *yaml.Node, from string, depth int) (*yaml.Node, string, error) {
	if depth > 8 {
		return nil, "", fmt.Errorf("references nest deeper than 8")
	}
	file, frag, _ := strings.Cut(ref, "#")
	if file != "" {
		if u, err := url.Parse(file); err != nil || u.Scheme != "" || u.Host != "" || path.IsAbs(file) {
			return nil, "", fmt.Errorf("only a relative path to a file next to the spec can be read")
		}
		from, doc = path.Join(path.Dir(from), file), nil
	}
	if doc == nil {
		var err error
		if doc, err = in.document(from); err != nil {
			return nil, "", err
		}
	}
	n := doc
	if frag != "" {
		if f, err := url.PathUnescape(frag); err == nil {
			frag = f
		}
		if _, _, n = yamlPointerWalk(n, splitPointer(frag)); n == nil {
			return nil, "", fmt.Errorf("%q not found", "#"+frag)
		}
	}
	if isRefObject(n) {
		return in.resolve(n.Content[1].Value, doc, from, depth+1)
	}
	return n, from, nil
}

// document is the tree of the document at from ("" for the root), read
// within the reference root, once.
func (in *inliner) document(from string) (*yaml.Node, error) {
	if from == "" {
		return in.root, nil
	}
	if n, ok := in.docs[from]; ok {
		return n, nil
	}
	p := filepath.Join(in.dir, filepath.FromSlash(from))
	data, err := readConfined(in.refRoot, &url.URL{Path: filepath.ToSlash(p)})
	if err != nil {
		return nil, err
	}
	n := yamlNode(data)
	if n == nil {
		return nil, fmt.Errorf("%s is not a YAML or JSON document", from)
	}
	if in.docs == nil {
		in.docs = map[string]*yaml.Node{}
	}
	in.docs[from] = n
	return n, nil
}

// rebase makes ref, written in the document at from (relative to the root
// document's directory; "" for the root itself), relative to the root
// document.
func rebase(ref, from string) string {
	if from == "" {
		return ref
	}
	file, frag, hasFrag := strings.Cut(ref, "#")
	if u, err := url.Parse(file); err != nil || u.Scheme != "" || u.Host != "" || path.IsAbs(file) {
		return ref // refused later, as written
	}
	if file == "" {
		file = from
	} else {
		file = path.Join(path.Dir(from), file)
	}
	if hasFrag {
		return file + "#" + frag
	}
	return file
}

// toJSON writes n as JSON, its references rebased from the document at
// from. Scalars keep their text: a YAML timestamp or a number written
// with a leading zero stays the text it was. A schema's properties that
// are a $ref (properties: {$ref: attrs.yml}, another place OpenAPI allows
// none) are the map it names.
func (in *inliner) toJSON(b *bytes.Buffer, n *yaml.Node, from string, depth int) error {
	return in.toJSONIn(b, n, from, depth, false)
}

// isRefObject reports whether n is {$ref: X} and nothing else.
func isRefObject(n *yaml.Node) bool {
	return n.Kind == yaml.MappingNode && len(n.Content) == 2 && n.Content[0].Value == "$ref" && n.Content[1].Kind == yaml.ScalarNode
}

// toJSONIn is toJSON; propNames tells that n's keys are property names
// (n is a schema's properties), not keywords.
func (in *inliner) toJSONIn(b *bytes.Buffer, n *yaml.Node, from string, depth int, propNames bool) error {
	if depth > 256 {
		return fmt.Errorf("it nests deeper than 256")
	}
	if in.written+b.Len() > maxInlined {
		return fmt.Errorf("inlining would write more than %d MiB", maxInlined>>20)
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return fmt.Errorf("dangling alias")
		}
		return in.toJSONIn(b, n.Alias, from, depth+1, propNames)
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			k, v := n.Content[i], n.Content[i+1]
			writeJSONString(b, k.Value)
			b.WriteByte(':')
			if v.Kind == yaml.ScalarNode && (k.Value == "$ref" || k.Value == "operationRef") {
				writeJSONString(b, rebase(v.Value, from))
				continue
			}
			if k.Value == "mapping" && v.Kind == yaml.MappingNode {
				// A discriminator's mapping: its references are rebased
				// too (a bare schema name is not a reference).
				b.WriteByte('{')
				for j := 0; j+1 < len(v.Content); j += 2 {
					if j > 0 {
						b.WriteByte(',')
					}
					writeJSONString(b, v.Content[j].Value)
					b.WriteByte(':')
					target := v.Content[j+1].Value
					if strings.ContainsAny(target, "/#") {
						target = rebase(target, from)
					}
					writeJSONString(b, target)
				}
				b.WriteByte('}')
				continue
			}
			if !propNames && k.Value == "properties" {
				vf := from
				if isRefObject(v) && !in.plain {
					target, tf, err := in.resolve(v.Content[1].Value, nil, from, 0)
					if err != nil {
						return err
					}
					v, vf = target, tf
				}
				if err := in.toJSONIn(b, v, vf, depth+1, true); err != nil {
					return err
				}
				continue
			}
			if err := in.toJSONIn(b, v, from, depth+1, false); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := in.toJSONIn(b, c, from, depth+1, false); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			b.WriteString("null")
		case "!!bool":
			if strings.EqualFold(n.Value, "true") {
				b.WriteString("true")
			} else {
				b.WriteString("false")
			}
		case "!!int", "!!float":
			if json.Valid([]byte(n.Value)) {
				b.WriteString(n.Value)
			} else if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
			} else if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
				b.WriteString(strconv.FormatInt(i, 10))
			} else {
				writeJSONString(b, n.Value)
			}
		default:
			writeJSONString(b, n.Value)
		}
	default:
		return fmt.Errorf("unexpected YAML node")
	}
	return nil
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc, _ := json.Marshal(s)
	// json.Marshal escapes <, > and & for HTML; YAML reads the escapes the
	// same, so they are kept.
	b.Write(enc)
}
