package specdiff

import (
	"strconv"
	"strings"
	"sync"

	yaml "github.com/oasdiff/yaml3"
)

// locator finds the line of a JSON pointer in a spec's source text. It
// parses the text as YAML (JSON is YAML) once, when a line is first asked
// for, and never loads or validates the document again.
type locator struct {
	src  []byte
	once sync.Once
	root *yaml.Node
}

func newLocator(src []byte) *locator { return &locator{src: src} }

// find returns the line of the element pointer names, with exact true, or
// the line of its deepest ancestor found (exact false); 0 when nothing
// matches. A local $ref met on the way ("#/components/...") is followed, so
// a field of a referenced schema is found in the component.
func (l *locator) find(pointer string) (line int, exact bool) {
	if l == nil {
		return 0, false
	}
	l.once.Do(func() {
		var n yaml.Node
		if err := yaml.Unmarshal(l.src, &n); err == nil && n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
			l.root = n.Content[0]
		}
	})
	if l.root == nil || pointer == "" {
		return 0, false
	}
	return l.walk(l.root, tokens(pointer), 0)
}

func tokens(pointer string) []string {
	parts := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	for i, t := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return parts
}

func (l *locator) walk(n *yaml.Node, toks []string, hops int) (line int, exact bool) {
	for i := 0; i < len(toks); i++ {
		for k := 0; n.Kind == yaml.AliasNode && n.Alias != nil && k < 8; k++ {
			n = n.Alias
		}
		tok := toks[i]
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			var ref string
			for j := 0; j+1 < len(n.Content); j += 2 {
				switch n.Content[j].Value {
				case tok:
					next = n.Content[j+1]
					line = n.Content[j].Line
				case "$ref":
					ref = n.Content[j+1].Value
				}
				if next != nil {
					break
				}
			}
			if next == nil && strings.HasPrefix(ref, "#/") && hops < 16 {
				if l2, ok := l.walk(l.root, append(tokens(strings.TrimPrefix(ref, "#")), toks[i:]...), hops+1); l2 > 0 {
					return l2, ok
				}
			}
		case yaml.SequenceNode:
			if k, err := strconv.Atoi(tok); err == nil && k >= 0 && k < len(n.Content) {
				next = n.Content[k]
				line = next.Line
			}
		}
		if next == nil {
			return line, false
		}
		n = next
	}
	return line, true
}
