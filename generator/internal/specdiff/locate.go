package specdiff

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"sync"

	yaml "github.com/oasdiff/yaml3"
)

// locator finds the line of a JSON pointer in a spec's source text,
// without loading or validating the document again. Block-style YAML (what
// specs are written in) is scanned line by line, following indentation;
// when the scan finds nothing (JSON, flow style), the text is parsed as
// YAML once, on first need.
type locator struct {
	src  []byte
	once sync.Once
	root *yaml.Node

	linesOnce sync.Once
	lines     []srcLine
}

func newLocator(src []byte) *locator { return &locator{src: src} }

// find returns the line of the element pointer names, with exact true, or
// the line of its deepest ancestor found (exact false); 0 when nothing
// matches. A local $ref met on the way ("#/components/...") is followed, so
// a field of a referenced schema is found in the component.
func (l *locator) find(pointer string) (line int, exact bool) {
	if l == nil || pointer == "" {
		return 0, false
	}
	line, exact = l.scan(tokens(pointer))
	if exact || line > 0 && !l.json() {
		// In block YAML a partial match is the nearest enclosing element:
		// parsing would find the same.
		return line, exact
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

// json reports whether the source is JSON (one flow collection, which the
// line scanner does not follow).
func (l *locator) json() bool {
	t := bytes.TrimSpace(l.src)
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
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

// srcLine is one line of block YAML: its indentation, and where its
// content starts (after a "- " sequence marker, if any).
type srcLine struct {
	indent int // columns before the first non-space character
	col    int // column of the content: indent, or after "- "
	dash   bool
	text   string // the content from col
}

func (l *locator) srcLines() []srcLine {
	l.linesOnce.Do(func() {
		src := string(l.src)
		for len(src) > 0 {
			line := src
			if i := strings.IndexByte(src, '\n'); i >= 0 {
				line, src = src[:i], src[i+1:]
			} else {
				src = ""
			}
			line = strings.TrimRight(line, " \t\r")
			indent := len(line) - len(strings.TrimLeft(line, " "))
			sl := srcLine{indent: indent, col: indent, text: line[indent:]}
			if t := sl.text; t == "-" || strings.HasPrefix(t, "- ") {
				rest := strings.TrimLeft(strings.TrimPrefix(t, "-"), " ")
				sl.dash, sl.col, sl.text = true, len(line)-len(rest), rest
			}
			l.lines = append(l.lines, sl)
		}
	})
	return l.lines
}

// blank lines and comments carry no structure.
func (s srcLine) blank() bool { return s.text == "" && !s.dash || strings.HasPrefix(s.text, "#") }

// scan follows tokens through block YAML by indentation and returns the
// line of the last key or item matched and whether every token matched. A
// node's content starts either mid-line (after "- ") or on the next
// structural line; a mapping's keys share its column, a sequence's "- "
// markers theirs (which may be the parent key's own column).
func (l *locator) scan(toks []string) (line int, exact bool) {
	return l.scanFrom(toks, 0)
}

var flowRefRE = regexp.MustCompile(`\$ref['"]?:\s*['"]?(#/[^'",}\s]*)`)

func (l *locator) scanFrom(toks []string, hops int) (line int, exact bool) {
	lines := l.srcLines()
	// follow continues at a local $ref target, as the loader resolves it.
	follow := func(ref string, rest []string) (int, bool, bool) {
		if hops >= 16 || !strings.HasPrefix(ref, "#/") {
			return 0, false, false
		}
		l2, ok := l.scanFrom(append(tokens(strings.TrimPrefix(ref, "#")), rest...), hops+1)
		return l2, ok, l2 > 0
	}
	at, parentCol, inlineCol := 0, -1, -1
	// inFlow finishes in a flow collection written on one line: it holds
	// what is left when it names the keys, or a $ref to follow.
	inFlow := func(rest string, left []string) (int, bool) {
		named := true
		for _, t := range left {
			if _, err := strconv.Atoi(t); err != nil && !strings.Contains(rest, t+":") {
				named = false
			}
		}
		if named {
			return line, true
		}
		if m := flowRefRE.FindStringSubmatch(rest); m != nil && strings.HasPrefix(rest, "{") {
			if l2, ok, hit := follow(m[1], left); hit {
				return l2, ok
			}
		}
		return line, false
	}
	for ti, tok := range toks {
		i, c := at, inlineCol
		if inlineCol >= 0 && i < len(lines) && (strings.HasPrefix(lines[i].text, "{") || strings.HasPrefix(lines[i].text, "[")) {
			return inFlow(lines[i].text, toks[ti:])
		}
		if inlineCol < 0 {
			for i < len(lines) && lines[i].blank() {
				i++
			}
			if i >= len(lines) {
				return line, false
			}
			s := lines[i]
			if s.indent < parentCol || s.indent == parentCol && !s.dash {
				return line, false // nothing nested under the parent
			}
			c = s.col
			if s.dash {
				c = s.indent
			}
		}
		if i >= len(lines) {
			return line, false
		}
		if inlineCol < 0 && lines[i].dash && lines[i].indent == c {
			// A block sequence: items are "- " lines at column c.
			k, err := strconv.Atoi(tok)
			if err != nil {
				return line, false
			}
			found, n := -1, 0
			for j := i; j < len(lines) && found < 0; j++ {
				s := lines[j]
				switch {
				case s.blank():
				case s.indent < c || s.indent == c && !s.dash:
					return line, false
				case s.indent == c && s.dash:
					if n == k {
						found = j
					}
					n++
				}
			}
			if found < 0 {
				return line, false
			}
			line, parentCol = found+1, c
			at, inlineCol = found, lines[found].col
			if lines[found].text == "" {
				// A bare "-": the item is below, and located where it starts.
				at, inlineCol = found+1, -1
				for k := found + 1; k < len(lines); k++ {
					if !lines[k].blank() {
						line = k + 1
						break
					}
				}
			}
			continue
		}
		// A block mapping: keys at column c (the first one possibly mid-line).
		found, ref := -1, ""
	keys:
		for j := i; j < len(lines) && found < 0; j++ {
			s := lines[j]
			switch {
			case j == i || s.indent == c && !s.dash:
				if keyIs(s.text, tok) {
					found = j
				} else if keyIs(s.text, "$ref") {
					ref = unquote(afterKey(s.text))
				}
			case s.blank():
			case s.indent < c:
				break keys
			}
		}
		if found < 0 {
			if l2, ok, hit := follow(ref, toks[ti:]); hit {
				return l2, ok
			}
			return line, false
		}
		line = found + 1
		rest := afterKey(lines[found].text)
		if rest == "" || strings.HasPrefix(rest, "#") || strings.HasPrefix(rest, "|") || strings.HasPrefix(rest, ">") ||
			strings.HasPrefix(rest, "&") && !strings.Contains(rest, " ") {
			at, parentCol, inlineCol = found+1, c, -1 // the value is the block below
			continue
		}
		// An inline value: scalars have nothing below; a flow collection
		// on this line holds what is left when it names the keys.
		if ti == len(toks)-1 {
			return line, true
		}
		if !strings.HasPrefix(rest, "{") && !strings.HasPrefix(rest, "[") {
			return line, false
		}
		return inFlow(rest, toks[ti+1:])
	}
	return line, true
}

// keyIs reports whether a mapping line's text starts with key followed by
// a colon (plain, 'single' or "double" quoted).
func keyIs(text, key string) bool {
	for _, k := range []string{key, "'" + strings.ReplaceAll(key, "'", "''") + "'", strconv.Quote(key)} {
		if rest, ok := strings.CutPrefix(text, k); ok && (rest == ":" || strings.HasPrefix(rest, ": ") || strings.HasPrefix(rest, ":\t")) {
			return true
		}
	}
	return false
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// afterKey is what follows "key:" on a mapping line, trimmed.
func afterKey(text string) string {
	for i := 0; i+1 <= len(text); i++ {
		if text[i] == ':' && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t') {
			return strings.TrimSpace(text[i+1:])
		}
	}
	return ""
}
