package load

import (
	"strconv"

	yaml "github.com/oasdiff/yaml3"
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
	line, col := 0, 0
	for _, tok := range tokens {
		if n == nil {
			break
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
			break
		}
		n = next
	}
	return line, col
}
