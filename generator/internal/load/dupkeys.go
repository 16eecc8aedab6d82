package load

import (
	"bytes"
	"fmt"

	yaml "github.com/oasdiff/yaml3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// dropDuplicateKeys: YAML forbids a mapping key given twice, and the
// loader refuses the whole document for it, but published specs do it
// (MX's Platform spec for 14 consecutive versions) and every JSON reader
// keeps the last value. So a duplicate key of a block mapping is read the
// JSON way, with a located warning: the earlier entry's lines are blanked
// (spaces, newlines kept, so every position stays where it was) and the
// later one is used. Duplicates in flow style ({a: 1, a: 2}) are left to
// the loader's error. src is not modified.
func dropDuplicateKeys(file string, src []byte) ([]byte, []diag.Diagnostic) {
	if !bytes.Contains(src, []byte(":")) || len(bytes.TrimSpace(src)) == 0 || bytes.TrimSpace(src)[0] == '{' {
		return src, nil // JSON (whose readers keep the last value) or nothing
	}
	root := yamlNode(src)
	if root == nil {
		return src, nil
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	var blank [][2]int // 1-based line ranges, inclusive
	var warns []diag.Diagnostic
	var walk func(n *yaml.Node, ptr string, depth int)
	walk = func(n *yaml.Node, ptr string, depth int) {
		if n == nil || depth > 512 {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			first := map[string]int{} // key → index of its latest entry
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if j, dup := first[k]; dup && n.Style&yaml.FlowStyle == 0 {
					from, to := n.Content[j].Line, n.Content[j+2].Line-1
					if to >= from {
						blank = append(blank, [2]int{from, to})
						later := n.Content[i]
						warns = append(warns, diag.Diagnostic{Severity: diag.Warning, Pos: diag.Pos{File: file, Line: later.Line, Col: later.Column}, Pointer: ptr + diag.Pointer(k),
							Msg: fmt.Sprintf("key %q is given twice (lines %d and %d), which YAML forbids; using the later value, as JSON readers do", k, n.Content[j].Line, n.Content[i].Line)})
					}
				}
				first[k] = i
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], ptr+diag.Pointer(n.Content[i].Value), depth+1)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, fmt.Sprintf("%s/%d", ptr, i), depth+1)
			}
		}
	}
	walk(root, "", 0)
	if len(blank) == 0 {
		return src, nil
	}
	out := make([][]byte, len(lines))
	copy(out, lines)
	for _, r := range blank {
		for l := r[0]; l <= r[1] && l-1 < len(out); l++ {
			old := out[l-1]
			b := bytes.Repeat([]byte(" "), len(bytes.TrimRight(old, "\r\n")))
			out[l-1] = append(b, old[len(bytes.TrimRight(old, "\r\n")):]...)
		}
	}
	return bytes.Join(out, nil), warns
}
