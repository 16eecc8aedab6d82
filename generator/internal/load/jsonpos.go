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
	dec := json.NewDecoder(bytes.NewReader(src))
	best := int64(-1)
	var descend func(tokens []string, depth int) bool
	// descend reads one value; while tokens remain it follows them,
	// recording the offset of each member key matched.
	descend = func(tokens []string, depth int) bool {
		if depth > 256 {
			return false
		}
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		d, ok := tok.(json.Delim)
		if !ok {
			return true // a scalar
		}
		switch d {
		case '{':
			for dec.More() {
				at := dec.InputOffset()
				kt, err := dec.Token()
				if err != nil {
					return false
				}
				key, _ := kt.(string)
				if len(tokens) > 0 && key == tokens[0] {
					best = at
					if !descend(tokens[1:], depth+1) {
						return false
					}
					tokens = nil // matched: skip the rest of this object
					continue
				}
				if !descend(nil, depth+1) {
					return false
				}
			}
		case '[':
			for i := 0; dec.More(); i++ {
				at := dec.InputOffset()
				if len(tokens) > 0 && strconv.Itoa(i) == tokens[0] {
					best = at
					if !descend(tokens[1:], depth+1) {
						return false
					}
					tokens = nil
					continue
				}
				if !descend(nil, depth+1) {
					return false
				}
			}
		}
		_, err = dec.Token() // the closing delimiter
		return err == nil
	}
	descend(tokens, 0)
	if best < 0 {
		return 0, 0
	}
	// InputOffset is the end of the previous token; skip to the member.
	i := int(best)
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r' || src[i] == ',' || src[i] == ':') {
		i++
	}
	line := bytes.Count(src[:i], []byte("\n")) + 1
	col := i - bytes.LastIndexByte(src[:i], '\n')
	return line, col
}
