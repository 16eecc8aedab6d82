package load

import (
	"strconv"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v4"
)

// jsonTree parses a JSON document (an object) into the node tree
// go.yaml.in/yaml/v4 builds when it parses the same bytes, node for node:
// kinds, tags, styles, values, lines and columns. kin-openapi reads every
// document through that YAML parser, which on a multi-megabyte JSON spec
// is most of a load's time and memory; JSON's grammar needs none of YAML's
// machinery, so this parser is a few times faster and allocates a
// fraction, and decoding its tree is decoding the parser's.
//
// It errs towards ok == false: any syntax error, and anything YAML reads
// differently from JSON or rejects (characters YAML does not allow raw,
// raw line separators, surrogate escapes, tabs outside the object, a key
// whose colon is on another line, nesting past YAML's depth limit), and
// the caller loads the document the usual way, so every problem is
// reported exactly as before. TestJSONTreeMatchesYAML holds the two
// parsers to the same trees.
func jsonTree(data []byte) (doc *yaml.Node, ok bool) {
	if !yamlReadsAsJSON(data) {
		return nil, false
	}
	p := &jsonParser{data: data, line: 1, intern: map[string]string{}}
	p.skipSpace(false)
	if !p.at('{') {
		return nil, false
	}
	doc = p.newNode(yaml.DocumentNode)
	root := p.value(0)
	if root == nil {
		return nil, false
	}
	doc.Content = []*yaml.Node{root}
	if p.skipSpace(false); p.pos != len(data) {
		return nil, false
	}
	return doc, true
}

// maxJSONDepth stays well under YAML's nesting limit (10,000).
const maxJSONDepth = 1000

type jsonParser struct {
	data []byte
	pos  int

	line      int // 1-based line of pos
	lineStart int // offset of that line's first byte
	colPos    int // an offset on the line whose column is col
	col       int // 0-based column (in runes) of colPos

	slab   []yaml.Node  // nodes are allocated in chunks
	ptrs   []*yaml.Node // so are Content slices
	stack  []*yaml.Node // children of the collections being parsed
	intern map[string]string
	buf    []byte // unescaping
}

// yamlReadsAsJSON reports whether data is valid UTF-8 holding only
// characters YAML reads as JSON does: YAML refuses DEL, C1 controls
// (U+0085 among them, which it reads as a line break), U+FFFE, U+FFFF and
// a byte order mark past the start, and breaks lines on U+2028 and U+2029.
// Control characters below space are JSON's to refuse.
func yamlReadsAsJSON(data []byte) bool {
	for i := 0; i < len(data); {
		b := data[i]
		if b < utf8.RuneSelf {
			if b == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && n == 1,
			r >= 0x80 && r <= 0x9f,
			r == 0x2028, r == 0x2029,
			r == 0xfeff, r == 0xfffe, r == 0xffff:
			return false
		}
		i += n
	}
	return true
}

func (p *jsonParser) newNode(kind yaml.Kind) *yaml.Node {
	if len(p.slab) == 0 {
		p.slab = make([]yaml.Node, 4096)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.Kind = kind
	n.Line, n.Column = p.line, p.column()
	return n
}

// column is the 1-based column, in runes, of pos.
func (p *jsonParser) column() int {
	if p.colPos < p.lineStart {
		p.colPos, p.col = p.lineStart, 0
	}
	p.col += utf8.RuneCount(p.data[p.colPos:p.pos])
	p.colPos = p.pos
	return p.col + 1
}

// skipSpace skips JSON whitespace. Tabs are YAML whitespace only inside
// a flow collection, so outside one (before and after the object) a tab
// moves pos onto itself, where parsing then fails.
func (p *jsonParser) skipSpace(inFlow bool) {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ':
		case '\t':
			if !inFlow {
				return
			}
		case '\n':
			p.line++
			p.lineStart = p.pos + 1
		case '\r':
			if p.pos+1 < len(p.data) && p.data[p.pos+1] == '\n' {
				p.pos++
			}
			p.line++
			p.lineStart = p.pos + 1
		default:
			return
		}
		p.pos++
	}
}

// value parses the value at pos (past whitespace), or returns nil.
func (p *jsonParser) value(depth int) *yaml.Node {
	if p.pos >= len(p.data) {
		return nil
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.collection(depth+1, true)
	case c == '[':
		return p.collection(depth+1, false)
	case c == '"':
		return p.str()
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	default:
		return p.literal()
	}
}

// collection parses an object or an array from its opening bracket.
func (p *jsonParser) collection(depth int, object bool) *yaml.Node {
	if depth > maxJSONDepth {
		return nil
	}
	kind, tag, closer := yaml.SequenceNode, "!!seq", byte(']')
	if object {
		kind, tag, closer = yaml.MappingNode, "!!map", '}'
	}
	n := p.newNode(kind)
	n.Tag, n.Style = tag, yaml.FlowStyle
	p.pos++ // { or [
	base := len(p.stack)
	p.skipSpace(true)
	if p.at(closer) {
		p.pos++
		return n
	}
	for {
		if object {
			k := p.key()
			if k == nil {
				return nil
			}
			p.stack = append(p.stack, k)
		}
		v := p.value(depth)
		if v == nil {
			return nil
		}
		p.stack = append(p.stack, v)
		p.skipSpace(true)
		switch {
		case p.at(','):
			p.pos++
			p.skipSpace(true)
		case p.at(closer):
			p.pos++
			n.Content = p.children(base)
			return n
		default:
			return nil
		}
	}
}

// key parses a member's key and its colon, leaving pos at the value.
func (p *jsonParser) key() *yaml.Node {
	if !p.at('"') {
		return nil
	}
	line := p.line
	k := p.str()
	if k == nil {
		return nil
	}
	p.skipSpace(true)
	// YAML takes a key only when its colon is on the key's line.
	if !p.at(':') || p.line != line {
		return nil
	}
	p.pos++
	p.skipSpace(true)
	return k
}

// at reports whether the byte at pos is c.
func (p *jsonParser) at(c byte) bool { return p.pos < len(p.data) && p.data[p.pos] == c }

// children moves the stack's entries above base into their own slice.
func (p *jsonParser) children(base int) []*yaml.Node {
	kids := p.stack[base:]
	if len(p.ptrs) < len(kids) {
		p.ptrs = make([]*yaml.Node, max(4096, len(kids)))
	}
	out := p.ptrs[:len(kids):len(kids)]
	p.ptrs = p.ptrs[len(kids):]
	copy(out, kids)
	clear(kids)
	p.stack = p.stack[:base]
	return out
}

func (p *jsonParser) str() *yaml.Node {
	n := p.newNode(yaml.ScalarNode)
	n.Tag, n.Style = "!!str", yaml.DoubleQuotedStyle
	start := p.pos + 1
	i := start
	for i < len(p.data) {
		c := p.data[i]
		if c == '"' {
			n.Value = p.text(p.data[start:i])
			p.pos = i + 1
			return n
		}
		if c == '\\' {
			return p.escaped(n, start)
		}
		if c < 0x20 {
			return nil
		}
		i++
	}
	return nil
}

// escaped finishes a string holding escapes, from its first byte.
func (p *jsonParser) escaped(n *yaml.Node, start int) *yaml.Node {
	buf := p.buf[:0]
	for i := start; i < len(p.data); {
		c := p.data[i]
		switch {
		case c == '"':
			n.Value = p.text(buf)
			p.buf = buf
			p.pos = i + 1
			return n
		case c < 0x20:
			return nil
		case c != '\\':
			buf = append(buf, c)
			i++
			continue
		}
		if i+1 >= len(p.data) {
			return nil
		}
		switch e := p.data[i+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			if i+6 > len(p.data) {
				return nil
			}
			r, err := strconv.ParseUint(string(p.data[i+2:i+6]), 16, 32)
			// YAML refuses surrogates, which JSON pairs.
			if err != nil || r >= 0xd800 && r <= 0xdfff {
				return nil
			}
			buf = utf8.AppendRune(buf, rune(r))
			i += 6
			continue
		default:
			return nil
		}
		i += 2
	}
	return nil
}

// text is s as a string, short ones shared: a spec repeats its keys and
// small values ("type", "string", "description") thousands of times.
func (p *jsonParser) text(s []byte) string {
	if len(s) > 40 {
		return string(s)
	}
	if t, ok := p.intern[string(s)]; ok {
		return t
	}
	t := string(s)
	p.intern[t] = t
	return t
}

func (p *jsonParser) number() *yaml.Node {
	n := p.newNode(yaml.ScalarNode)
	start := p.pos
	i := start
	if i < len(p.data) && p.data[i] == '-' {
		i++
	}
	digits := func() bool {
		from := i
		for i < len(p.data) && p.data[i] >= '0' && p.data[i] <= '9' {
			i++
		}
		return i > from
	}
	switch {
	case i < len(p.data) && p.data[i] == '0':
		i++
	case !digits():
		return nil
	}
	if i < len(p.data) && p.data[i] == '.' {
		i++
		if !digits() {
			return nil
		}
	}
	if i < len(p.data) && (p.data[i] == 'e' || p.data[i] == 'E') {
		i++
		if i < len(p.data) && (p.data[i] == '+' || p.data[i] == '-') {
			i++
		}
		if !digits() {
			return nil
		}
	}
	if !p.endsPlain(i) {
		return nil
	}
	n.Value = p.text(p.data[start:i])
	n.Tag = numberTag(n.Value)
	p.pos = i
	return n
}

// numberTag is the tag YAML's resolver gives a JSON number: -0 is a
// float; an integer fitting 64 bits, signed or not, an int; any other
// number a float, unless it overflows a float64, when YAML keeps the
// text as a string.
func numberTag(s string) string {
	if s == "-0" || s == "-0.0" {
		return "!!float"
	}
	if _, err := strconv.ParseInt(s, 0, 64); err == nil {
		return "!!int"
	}
	if _, err := strconv.ParseUint(s, 0, 64); err == nil {
		return "!!int"
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return "!!float"
	}
	return "!!str"
}

func (p *jsonParser) literal() *yaml.Node {
	for _, l := range [...]struct{ word, tag string }{{"true", "!!bool"}, {"false", "!!bool"}, {"null", "!!null"}} {
		end := p.pos + len(l.word)
		if end <= len(p.data) && string(p.data[p.pos:end]) == l.word && p.endsPlain(end) {
			n := p.newNode(yaml.ScalarNode)
			n.Value, n.Tag = l.word, l.tag
			p.pos = end
			return n
		}
	}
	return nil
}

// endsPlain reports whether a plain scalar ending at i ends there for
// YAML too: at the end, whitespace or a flow indicator.
func (p *jsonParser) endsPlain(i int) bool {
	if i >= len(p.data) {
		return true
	}
	switch p.data[i] {
	case ' ', '\t', '\n', '\r', ',', ']', '}':
		return true
	}
	return false
}
