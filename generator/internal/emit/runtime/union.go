package sdkruntime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// unionJSON is embedded in every union type: the JSON the union was
// decoded from or set to, encoded back unchanged. One method set serves
// every union instead of one per union.
type unionJSON struct{ raw json.RawMessage }

// MarshalJSON returns the union's JSON exactly as decoded or set (null when empty).
func (u unionJSON) MarshalJSON() ([]byte, error) { return unionMarshal(u.raw) }

// UnmarshalJSON keeps a copy of the JSON; the As methods decode it.
func (u *unionJSON) UnmarshalJSON(b []byte) error {
	u.raw = unionKeep(b)
	return nil
}

// Raw returns the union's JSON.
func (u unionJSON) Raw() json.RawMessage { return u.raw }

// unionCase describes one variant of a union for telling which one a JSON
// value holds.
type unionCase struct {
	kinds    string       // JSON kinds the variant takes (o, a, s, n, i, b); "" for any
	tags     []string     // discriminator values naming it
	required []string     // required members: "name", "name:kind" or "name=<JSON literal>"
	typ      reflect.Type // the variant's Go type
}

// unionVariant describes a variant decoded as the type ptr points to
// (ptr is a typed nil such as (*Cat)(nil)). It is not generic, so a
// union of n variants costs the compiler no instantiations.
func unionVariant(ptr any, kinds string, tags []string, required ...string) unionCase {
	return unionCase{kinds: kinds, tags: tags, required: required, typ: reflect.TypeOf(ptr).Elem()}
}

// decode decodes raw as the variant's type and returns it (a T, not a *T).
func (c unionCase) decode(raw json.RawMessage) (any, error) {
	v := reflect.New(c.typ)
	err := json.Unmarshal(raw, v.Interface())
	return v.Elem().Interface(), err
}

// unionValue decodes a union's JSON as the variant it holds: the one its
// discriminator property names when the union has one, otherwise the
// first variant (in the spec's order) whose JSON kind matches and whose
// required members are all present with matching kinds and constants.
func unionValue(raw json.RawMessage, union, discriminator string, cases ...unionCase) (any, error) {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return nil, fmt.Errorf("%s: %s is not set", sdkName, union)
	}
	if discriminator != "" {
		d, err := unionDiscriminator(raw, discriminator)
		if err == nil {
			for _, c := range cases {
				for _, t := range c.tags {
					if t == d {
						return c.decode(raw)
					}
				}
			}
			return nil, unknownVariant(union, discriminator, d)
		}
	}
	kind := jsonKind(raw)
	var obj map[string]json.RawMessage
	if kind == 'o' {
		if err := json.Unmarshal(raw, &obj); err != nil {
			return nil, err
		}
	}
	for _, c := range cases {
		if c.matches(raw, kind, obj) {
			return c.decode(raw)
		}
	}
	return nil, fmt.Errorf("%s: %s: the JSON matches none of its variants", sdkName, union)
}

func (c unionCase) matches(raw json.RawMessage, kind byte, obj map[string]json.RawMessage) bool {
	if c.kinds != "" && !kindIn(kind, raw, c.kinds) {
		return false
	}
	for _, r := range c.required {
		if obj == nil {
			return false
		}
		if name, lit, ok := strings.Cut(r, "="); ok {
			v, present := obj[name]
			if !present || !jsonEqual(v, []byte(lit)) {
				return false
			}
			continue
		}
		name, kinds, _ := strings.Cut(r, ":")
		v, present := obj[name]
		if !present {
			return false
		}
		if kinds != "" && !kindIn(jsonKind(v), v, kinds) {
			return false
		}
	}
	return true
}

// kindIn reports whether a value of kind k fits kinds; an integral number
// fits "i".
func kindIn(k byte, raw json.RawMessage, kinds string) bool {
	if strings.IndexByte(kinds, k) >= 0 {
		return true
	}
	if k == 'n' && strings.IndexByte(kinds, 'i') >= 0 {
		return !bytes.ContainsAny(raw, ".eE")
	}
	return false
}

// jsonKind is the kind of a JSON value: o, a, s, n, b, z (null).
func jsonKind(raw json.RawMessage) byte {
	b := bytes.TrimSpace(raw)
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '{':
		return 'o'
	case '[':
		return 'a'
	case '"':
		return 's'
	case 't', 'f':
		return 'b'
	case 'n':
		return 'z'
	}
	return 'n'
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return fmt.Sprint(x) == fmt.Sprint(y)
}
