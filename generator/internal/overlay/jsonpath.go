package overlay

import (
	"fmt"
	"strconv"
	"strings"

	yaml "github.com/oasdiff/yaml3"
)

// The JSONPath subset (RFC 9535) overlays use on OpenAPI documents:
//
//	$                      the root
//	.name  ['name']        a member (brackets for any name: $.paths['/pets/{id}'])
//	.*  [*]                every member or element
//	..name  ..*  ..[...]   descendants
//	[0]  [-1]  [a,'b',2]   elements by index, unions
//	[?@.k == 'v']          filters: ==, !=, <, <=, >, >= on strings, numbers,
//	[?(@.k)]               booleans and null, existence, !, && and ||,
//	                       with @.path relative paths
type segment struct {
	descend  bool       // ..
	wildcard bool       // * or [*]
	names    []string   // member names
	indices  []int      // element indices
	filter   *filterExp // [?...]
}

type match struct {
	node   *yaml.Node
	parent *yaml.Node // nil for the root
	key    string     // member name when parent is a mapping
	index  int        // element index when parent is a sequence
}

type pathError struct {
	pos int
	msg string
}

func (e *pathError) Error() string { return fmt.Sprintf("at character %d: %s", e.pos+1, e.msg) }

// parsePath parses a JSONPath expression of the subset.
func parsePath(s string) ([]segment, error) {
	p := &pathParser{s: s}
	p.skipSpace()
	if !p.eat("$") {
		return nil, &pathError{p.i, "a path starts with $"}
	}
	var segs []segment
	for {
		p.skipSpace()
		if p.i >= len(p.s) {
			return segs, nil
		}
		seg, err := p.segment()
		if err != nil {
			return nil, err
		}
		segs = append(segs, seg)
	}
}

type pathParser struct {
	s string
	i int
}

func (p *pathParser) eat(t string) bool {
	if strings.HasPrefix(p.s[p.i:], t) {
		p.i += len(t)
		return true
	}
	return false
}

func (p *pathParser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func isNameChar(c byte, first bool) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || !first && c >= '0' && c <= '9' || c == '$' && !first
}

func (p *pathParser) name() string {
	start := p.i
	for p.i < len(p.s) && isNameChar(p.s[p.i], p.i == start) {
		p.i++
	}
	return p.s[start:p.i]
}

func (p *pathParser) segment() (segment, error) {
	var seg segment
	switch {
	case p.eat(".."):
		seg.descend = true
		if p.i < len(p.s) && p.s[p.i] == '[' {
			return p.bracket(seg)
		}
	case p.eat("."):
	case p.i < len(p.s) && p.s[p.i] == '[':
		return p.bracket(seg)
	default:
		return seg, &pathError{p.i, fmt.Sprintf("unexpected %q: want .name, [..] or ..", p.s[p.i:p.i+1])}
	}
	if p.eat("*") {
		seg.wildcard = true
		return seg, nil
	}
	n := p.name()
	if n == "" {
		return seg, &pathError{p.i, "want a member name or * after ."}
	}
	seg.names = []string{n}
	return seg, nil
}

func (p *pathParser) bracket(seg segment) (segment, error) {
	p.eat("[")
	p.skipSpace()
	if p.eat("?") {
		f, err := p.filterOr()
		if err != nil {
			return seg, err
		}
		p.skipSpace()
		if !p.eat("]") {
			return seg, &pathError{p.i, "want ] after the filter"}
		}
		seg.filter = f
		return seg, nil
	}
	if p.eat("*") {
		p.skipSpace()
		if !p.eat("]") {
			return seg, &pathError{p.i, "want ] after *"}
		}
		seg.wildcard = true
		return seg, nil
	}
	for {
		p.skipSpace()
		switch {
		case p.i < len(p.s) && (p.s[p.i] == '\'' || p.s[p.i] == '"'):
			s, err := p.quoted()
			if err != nil {
				return seg, err
			}
			seg.names = append(seg.names, s)
		default:
			start := p.i
			if p.i < len(p.s) && p.s[p.i] == '-' {
				p.i++
			}
			for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
				p.i++
			}
			n, err := strconv.Atoi(p.s[start:p.i])
			if err != nil {
				return seg, &pathError{start, "want a quoted name, an index, * or ?filter in [...]"}
			}
			seg.indices = append(seg.indices, n)
		}
		p.skipSpace()
		if p.eat("]") {
			return seg, nil
		}
		if !p.eat(",") {
			return seg, &pathError{p.i, "want , or ] in [...]"}
		}
	}
}

func (p *pathParser) quoted() (string, error) {
	q := p.s[p.i]
	start := p.i
	p.i++
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == q:
			p.i++
			return b.String(), nil
		case c == '\\' && p.i+1 < len(p.s):
			p.i++
			switch e := p.s[p.i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
		p.i++
	}
	return "", &pathError{start, "unterminated string"}
}

// filterExp is a filter expression: a comparison, an existence test, or
// a combination.
type filterExp struct {
	op          string // "||", "&&", "!", "exists", or a comparison
	left, right *filterExp
	path        []segment // exists / comparison: the @ path
	value       *yaml.Node
	literal     bool // comparison against a literal (else path vs path unsupported)
}

func (p *pathParser) filterOr() (*filterExp, error) {
	l, err := p.filterAnd()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !p.eat("||") {
			return l, nil
		}
		r, err := p.filterAnd()
		if err != nil {
			return nil, err
		}
		l = &filterExp{op: "||", left: l, right: r}
	}
}

func (p *pathParser) filterAnd() (*filterExp, error) {
	l, err := p.filterUnary()
	if err != nil {
		return nil, err
	}
	for {
		p.skipSpace()
		if !p.eat("&&") {
			return l, nil
		}
		r, err := p.filterUnary()
		if err != nil {
			return nil, err
		}
		l = &filterExp{op: "&&", left: l, right: r}
	}
}

func (p *pathParser) filterUnary() (*filterExp, error) {
	p.skipSpace()
	if p.eat("!") {
		e, err := p.filterUnary()
		if err != nil {
			return nil, err
		}
		return &filterExp{op: "!", left: e}, nil
	}
	if p.eat("(") {
		e, err := p.filterOr()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if !p.eat(")") {
			return nil, &pathError{p.i, "want )"}
		}
		return e, nil
	}
	if !p.eat("@") {
		return nil, &pathError{p.i, "a filter tests @ (the candidate): [?@.name == 'value']"}
	}
	var rel []segment
	for p.i < len(p.s) && (p.s[p.i] == '.' || p.s[p.i] == '[') {
		seg, err := p.segment()
		if err != nil {
			return nil, err
		}
		rel = append(rel, seg)
	}
	p.skipSpace()
	for _, op := range []string{"==", "!=", "<=", ">=", "<", ">"} {
		if p.eat(op) {
			p.skipSpace()
			v, err := p.literal()
			if err != nil {
				return nil, err
			}
			return &filterExp{op: op, path: rel, value: v, literal: true}, nil
		}
	}
	return &filterExp{op: "exists", path: rel}, nil
}

func (p *pathParser) literal() (*yaml.Node, error) {
	if p.i < len(p.s) && (p.s[p.i] == '\'' || p.s[p.i] == '"') {
		s, err := p.quoted()
		if err != nil {
			return nil, err
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}, nil
	}
	start := p.i
	for p.i < len(p.s) && strings.IndexByte(" \t)]&|", p.s[p.i]) < 0 {
		p.i++
	}
	tok := p.s[start:p.i]
	switch tok {
	case "true", "false":
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: tok}, nil
	case "null":
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: tok}, nil
	}
	if _, err := strconv.ParseFloat(tok, 64); err == nil {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: tok}, nil
	}
	return nil, &pathError{start, fmt.Sprintf("want a string, number, true, false or null, not %q", tok)}
}

// selectPath returns the nodes path selects in root, in document order.
func selectPath(root *yaml.Node, path []segment) []match {
	cur := []match{{node: root}}
	for _, seg := range path {
		var next []match
		for _, m := range cur {
			if seg.descend {
				for _, d := range descendants(m) {
					next = append(next, apply(d, seg)...)
				}
				continue
			}
			next = append(next, apply(m, seg)...)
		}
		cur = dedupe(next)
	}
	return cur
}

func dedupe(ms []match) []match {
	seen := map[*yaml.Node]bool{}
	out := ms[:0]
	for _, m := range ms {
		if !seen[m.node] {
			seen[m.node] = true
			out = append(out, m)
		}
	}
	return out
}

// descendants is m and every node below it, in document order.
func descendants(m match) []match {
	out := []match{m}
	if m.node.Kind == yaml.AliasNode {
		// Not followed: aliases of aliases would multiply the walk
		// (billion laughs); the anchored node is walked where it is.
		return out
	}
	for _, c := range children(m.node) {
		out = append(out, descendants(c)...)
	}
	return out
}

func children(n *yaml.Node) []match {
	n = deref(n)
	var out []match
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, match{node: n.Content[i+1], parent: n, key: n.Content[i].Value})
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			out = append(out, match{node: c, parent: n, index: i})
		}
	}
	return out
}

func deref(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		return n.Alias
	}
	return n
}

// apply selects, below m, what one segment (without ..) names.
func apply(m match, seg segment) []match {
	n := deref(m.node)
	var out []match
	switch {
	case seg.wildcard:
		return children(n)
	case seg.filter != nil:
		for _, c := range children(n) {
			if seg.filter.eval(c.node) {
				out = append(out, c)
			}
		}
		return out
	}
	for _, name := range seg.names {
		if n.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == name {
				out = append(out, match{node: n.Content[i+1], parent: n, key: name})
			}
		}
	}
	for _, idx := range seg.indices {
		if n.Kind != yaml.SequenceNode {
			continue
		}
		if idx < 0 {
			idx += len(n.Content)
		}
		if idx >= 0 && idx < len(n.Content) {
			out = append(out, match{node: n.Content[idx], parent: n, index: idx})
		}
	}
	return out
}

func (f *filterExp) eval(n *yaml.Node) bool {
	switch f.op {
	case "||":
		return f.left.eval(n) || f.right.eval(n)
	case "&&":
		return f.left.eval(n) && f.right.eval(n)
	case "!":
		return !f.left.eval(n)
	}
	got := selectPath(n, f.path)
	if f.op == "exists" {
		return len(got) > 0
	}
	if len(got) != 1 {
		return false
	}
	return compare(deref(got[0].node), f.op, f.value)
}

// compare applies a comparison between a document scalar and a literal.
func compare(n *yaml.Node, op string, lit *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return op == "!="
	}
	tag, ltag := n.ShortTag(), lit.ShortTag()
	num := func(t string) bool { return t == "!!int" || t == "!!float" }
	switch {
	case num(tag) && num(ltag):
		a, err1 := strconv.ParseFloat(n.Value, 64)
		b, err2 := strconv.ParseFloat(lit.Value, 64)
		if err1 != nil || err2 != nil {
			return false
		}
		return ordered(op, a < b, a == b)
	case tag == ltag:
		return ordered(op, n.Value < lit.Value, n.Value == lit.Value)
	}
	return op == "!="
}

func ordered(op string, less, equal bool) bool {
	switch op {
	case "==":
		return equal
	case "!=":
		return !equal
	case "<":
		return less
	case "<=":
		return less || equal
	case ">":
		return !less && !equal
	case ">=":
		return !less
	}
	return false
}
