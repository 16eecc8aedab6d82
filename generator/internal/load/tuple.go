package load

import (
	"bytes"
	"fmt"
	"strings"

	yaml "github.com/oasdiff/yaml3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// dropTupleItems reads a schema's items written as a list of schemas (JSON
// Schema draft 4's tuple validation, which neither Swagger 2.0 nor OpenAPI
// allows: Slack's Web API spec writes items: [{$ref: message}, {type:
// null}] 30 times) as items of any type, which is what such a list
// constrains as far as OpenAPI can say, with a located warning; the loader
// refuses the whole document otherwise. The list, written in flow style
// ([...], as JSON writes it), becomes an empty object in place: every
// position stays. A list in block style is left to the loader's error.
// Examples, defaults, enums and extensions are data, not schemas, and are
// not looked into. src is not modified.
func dropTupleItems(file string, src []byte) ([]byte, []diag.Diagnostic) {
	if !tupleItemsCandidate(src) {
		return src, nil
	}
	var spans []*yaml.Node
	var walk func(n *yaml.Node, ptr string, depth int)
	var warns []diag.Diagnostic
	walk = func(n *yaml.Node, ptr string, depth int) {
		if n == nil || depth > 512 {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i].Value, n.Content[i+1]
				switch {
				case k == "example" || k == "examples" || k == "default" || k == "enum" || k == "const" || strings.HasPrefix(k, "x-"):
					continue
				case k == "items" && v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle != 0:
					spans = append(spans, v)
					warns = append(warns, diag.Diagnostic{Severity: diag.Warning, Pos: diag.Pos{File: file, Line: n.Content[i].Line, Col: n.Content[i].Column}, Pointer: ptr + diag.Pointer(k),
						Msg: fmt.Sprintf("items is a list of %d schemas (JSON Schema draft 4 tuples), which OpenAPI does not allow: reading it as items of any type", len(v.Content))})
					continue
				}
				walk(v, ptr+diag.Pointer(k), depth+1)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s/%d", ptr, i), depth+1)
			}
		}
	}
	root := yamlNode(src)
	if root == nil {
		return src, nil
	}
	walk(root, "", 0)
	if len(spans) == 0 {
		return src, nil
	}
	out := bytes.Clone(src)
	lineStart := []int{0}
	for i, c := range src {
		if c == '\n' {
			lineStart = append(lineStart, i+1)
		}
	}
	var kept []diag.Diagnostic
	for i, n := range spans {
		if n.Line < 1 || n.Line > len(lineStart) {
			continue
		}
		open := lineStart[n.Line-1] + n.Column - 1
		if open >= len(src) || src[open] != '[' {
			continue
		}
		end := matching(src, open)
		if end < 0 {
			continue
		}
		out[open], out[end] = '{', '}'
		for j := open + 1; j < end; j++ {
			if out[j] != '\n' && out[j] != '\r' {
				out[j] = ' '
			}
		}
		kept = append(kept, warns[i])
	}
	return out, kept
}

// tupleItemsCandidate reports, without parsing src, whether some items
// key is followed by a [ (items: [...], "items": [...]): only then is the
// document parsed, which on an 8 MB JSON spec costs a second.
func tupleItemsCandidate(src []byte) bool {
	for i := 0; ; {
		k := bytes.Index(src[i:], []byte("items"))
		if k < 0 {
			return false
		}
		j := i + k + len("items")
		i = j
		for j < len(src) && (src[j] == '"' || src[j] == '\'' || src[j] == ' ' || src[j] == '\t') {
			j++
		}
		if j >= len(src) || src[j] != ':' {
			continue
		}
		for j++; j < len(src) && strings.IndexByte(" \t\r\n", src[j]) >= 0; j++ {
		}
		if j < len(src) && src[j] == '[' {
			return true
		}
	}
}

// matching is the index of the bracket closing the [ or { at open,
// quotes and nested brackets respected, or -1 (none, or a mismatched one).
func matching(text []byte, open int) int {
	var stack []byte
	var quote byte
	for i := open; i < len(text); i++ {
		c := text[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			stack = append(stack, ']')
		case c == '{':
			stack = append(stack, '}')
		case c == ']' || c == '}':
			if len(stack) == 0 || stack[len(stack)-1] != c {
				return -1
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return i
			}
		}
	}
	return -1
}
