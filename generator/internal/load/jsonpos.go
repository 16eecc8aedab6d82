package load

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// jsonPointerPos finds the member a JSON pointer names in a JSON document
// and returns its 1-based line and column (of its key), or of the deepest
// enclosing member found; 0, 0 when src is not JSON. kin-openapi records
// no origins for JSON documents, so their diagnostics are located here.
func jsonPointerPos(src []byte, tokens []string) (int, int) {
	trimmed := bytes.TrimSpace(src)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return 0, 0
	}
	sc := &jsonScanner{src: src, best: -1}
	sc.value(tokens, 0)
	best := sc.best
	if best < 0 {
		return 0, 0
	}
	i := best
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r' || src[i] == ',' || src[i] == ':') {
		i++
	}
	line := bytes.Count(src[:i], []byte("\n")) + 1
	col := i - bytes.LastIndexByte(src[:i], '\n')
	return line, col
}

// jsonScanner follows a JSON pointer through a document byte by byte,
// skipping what is off the path without decoding it, and stops at the
// member the pointer names: locating a diagnostic costs a fraction of a
// decode even in multi-megabyte specs.
type jsonScanner struct {
	src  []byte
	i    int
	best int  // offset of the deepest member matched
	done bool // the whole pointer matched, or the input ended badly
}

func (s *jsonScanner) ws() {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// value reads one value, following tokens while any remain.
func (s *jsonScanner) value(tokens []string, depth int) {
	s.ws()
	if s.i >= len(s.src) || depth > 256 {
		s.done = true
		return
	}
	switch s.src[s.i] {
	case '{':
		s.i++
		for !s.done {
			s.ws()
			if s.i >= len(s.src) {
				s.done = true
				return
			}
			if s.src[s.i] == '}' {
				s.i++
				return
			}
			if s.src[s.i] == ',' {
				s.i++
				continue
			}
			at := s.i
			raw, escaped, ok := s.str()
			if !ok {
				s.done = true
				return
			}
			s.ws()
			if s.i >= len(s.src) || s.src[s.i] != ':' {
				s.done = true
				return
			}
			s.i++
			if len(tokens) > 0 && keyIs(raw, escaped, tokens[0]) {
				s.best = at
				if len(tokens) == 1 {
					s.done = true
					return
				}
				s.value(tokens[1:], depth+1)
				tokens = nil // matched: the rest of this object is off the path
				continue
			}
			from := s.i
			if s.skip(); s.i == from {
				s.done = true // a stray delimiter: not JSON
			}
		}
	case '[':
		s.i++
		for n := 0; !s.done; n++ {
			s.ws()
			if s.i >= len(s.src) {
				s.done = true
				return
			}
			if s.src[s.i] == ']' {
				s.i++
				return
			}
			if s.src[s.i] == ',' {
				s.i++
				n--
				continue
			}
			if len(tokens) > 0 && strconv.Itoa(n) == tokens[0] {
				s.best = s.i
				if len(tokens) == 1 {
					s.done = true
					return
				}
				s.value(tokens[1:], depth+1)
				tokens = nil
				continue
			}
			from := s.i
			if s.skip(); s.i == from {
				s.done = true // a stray delimiter: not JSON
			}
		}
	default:
		s.skip()
	}
}

// str passes over a string at s.i and returns its raw bytes, quotes
// included, and whether it holds escapes.
func (s *jsonScanner) str() (raw []byte, escaped, ok bool) {
	if s.src[s.i] != '"' {
		return nil, false, false
	}
	start := s.i
	for s.i++; s.i < len(s.src); s.i++ {
		switch s.src[s.i] {
		case '\\':
			escaped = true
			s.i++
		case '"':
			s.i++
			return s.src[start:s.i], escaped, true
		}
	}
	return nil, false, false
}

// keyIs reports whether the raw JSON string names key.
func keyIs(raw []byte, escaped bool, key string) bool {
	if !escaped {
		return string(raw[1:len(raw)-1]) == key
	}
	var v string
	return json.Unmarshal(raw, &v) == nil && v == key
}

// skip passes over one value without decoding it.
func (s *jsonScanner) skip() {
	s.ws()
	depth := 0
	for s.i < len(s.src) {
		switch c := s.src[s.i]; c {
		case '"':
			if _, _, ok := s.str(); !ok {
				s.done = true
				return
			}
			if depth == 0 {
				return
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return // the end of the enclosing value
			}
			depth--
			if depth == 0 {
				s.i++
				return
			}
		case ',':
			if depth == 0 {
				return
			}
		}
		s.i++
	}
}
