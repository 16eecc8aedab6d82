package load

import (
	"strconv"

	yaml "github.com/oasdiff/yaml3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// yamlNode parses src (YAML or JSON) into a node tree, for locating
// pointers the loader's origins do not cover (servers, security, a path
// key it rewrote). nil when src does not parse.
func yamlNode(src []byte) *yaml.Node {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil || len(root.Content) == 0 {
		return nil
	}
	return root.Content[0]
}

// yamlPointerPos returns the 1-based line and column of the key (or
// sequence item) a JSON pointer names, or of the deepest enclosing one
// found; 0, 0 when none is.
func yamlPointerPos(n *yaml.Node, tokens []string) (int, int) {
	line, col, _ := yamlPointerWalk(n, tokens)
	return line, col
}

// yamlPointerWalk is yamlPointerPos, returning also the node the pointer
// names when every token was found (nil otherwise): the position is then
// the pointer's own element in this document, not an ancestor's (a pointer
// through a $ref stops at it).
func yamlPointerWalk(n *yaml.Node, tokens []string) (int, int, *yaml.Node) {
	line, col := 0, 0
	for _, tok := range tokens {
		if n == nil {
			return line, col, nil
		}
		for n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == tok {
					line, col = n.Content[i].Line, n.Content[i].Column
					next = n.Content[i+1]
					break
				}
			}
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				line, col = next.Line, next.Column
			}
		}
		if next == nil {
			return line, col, nil
		}
		n = next
	}
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return line, col, n
}

// pointerAt is the JSON pointer of the object holding the $ref written on
// line: the mapping whose "$ref" key is there.
func pointerAt(root *yaml.Node, line int) (string, bool) {
	var find func(n *yaml.Node, ptr string, depth int) (string, bool)
	find = func(n *yaml.Node, ptr string, depth int) (string, bool) {
		if n == nil || depth > 512 || n.Line > line {
			return "", false
		}
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if k.Value == "$ref" && k.Line == line {
					return ptr, true
				}
				if p, ok := find(n.Content[i+1], ptr+diag.Pointer(k.Value), depth+1); ok {
					return p, true
				}
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				if p, ok := find(c, ptr+"/"+strconv.Itoa(i), depth+1); ok {
					return p, true
				}
			}
		}
		return "", false
	}
	return find(root, "", 0)
}
