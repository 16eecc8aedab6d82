package ir

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// Direction tells whether an example value is sent (a request: read-only
// members left out, only required members set) or received (a response:
// write-only members left out, optional members filled to a small depth).
type Direction int

// Directions of example values.
const (
	Request Direction = iota
	Response
)

// UnionValue is the example value of a union: the JSON value of the
// variant it holds. It marshals as that value.
type UnionValue struct {
	Variant int // index in Type.Variants
	Value   any
}

// MarshalJSON encodes the variant's value.
func (u UnionValue) MarshalJSON() ([]byte, error) { return json.Marshal(u.Value) }

// Examples derives example values from the model: the spec's own example
// when it validates (Constraints.Example), else a value satisfying the
// type, format, enum, bounds, lengths and pattern, with every required
// member set (a union to its first satisfiable variant). Values are JSON
// values (map[string]any, []any, string, float64, bool, nil) and
// UnionValues; the same model always gives the same value.
type Examples struct {
	types  map[string]*Type
	warn   func(c *Constraints, format string, args ...any)
	warned map[string]bool
	// stack is the named types being built (a required cycle is cut).
	stack map[string]int
}

// NewExamples makes the example deriver of api. Values it cannot make
// satisfy their constraints are reported to warn (if not nil), once per
// schema.
func NewExamples(api *API, warn func(pos diag.Pos, pointer, msg string)) *Examples {
	e := &Examples{types: map[string]*Type{}, warned: map[string]bool{}, stack: map[string]int{}}
	for _, t := range api.Types {
		e.types[t.Name] = t
	}
	e.warn = func(c *Constraints, format string, args ...any) {
		if warn == nil || c == nil || e.warned[c.Pointer] {
			return
		}
		e.warned[c.Pointer] = true
		warn(c.Pos, c.Pointer, fmt.Sprintf(format, args...))
	}
	return e
}

// Value is an example of type t constrained by c (c may be nil).
func (e *Examples) Value(t *TypeRef, c *Constraints, dir Direction) any {
	v, _ := e.value(t, c, dir, 0)
	return v
}

const (
	optionalDepth = 3  // responses fill optional members this deep
	requiredDepth = 10 // required members deeper than this are cut
)

// value returns an example and whether it satisfies the schema (false: a
// required member could not be made, e.g. a required cycle).
func (e *Examples) value(t *TypeRef, c *Constraints, dir Direction, depth int) (any, bool) {
	if t == nil {
		return nil, false
	}
	if c != nil && c.Example != nil && !(t.Kind == Named && e.isUnion(t.Name)) {
		return c.Example, true
	}
	switch t.Kind {
	case Slice:
		return e.slice(t, c, dir, depth)
	case Map:
		var vc *Constraints
		if c != nil {
			vc = c.Values
		}
		m := map[string]any{}
		if c != nil && c.MinProperties > 0 {
			v, ok := e.value(t.Elem, vc, dir, depth+1)
			if !ok {
				return m, false
			}
			for i := uint64(0); i < c.MinProperties; i++ {
				m[fmt.Sprintf("key%d", i+1)] = v
			}
		}
		return m, true
	case Named:
		return e.named(t.Name, c, dir, depth)
	}
	return e.builtin(t, c)
}

func (e *Examples) isUnion(name string) bool {
	nt := e.types[name]
	return nt != nil && nt.Kind == Union
}

func (e *Examples) slice(t *TypeRef, c *Constraints, dir Direction, depth int) (any, bool) {
	var ic *Constraints
	n := uint64(1)
	if c != nil {
		ic = c.Items
		n = max(n, c.MinItems)
		if c.MaxItems != nil && *c.MaxItems < n {
			n = *c.MaxItems
		}
	}
	min := uint64(0)
	if c != nil {
		min = c.MinItems
	}
	if depth >= optionalDepth && min == 0 {
		return []any{}, true
	}
	v, ok := e.value(t.Elem, ic, dir, depth+1)
	if !ok {
		return []any{}, min == 0
	}
	out := make([]any, 0, n)
	for i := uint64(0); i < n; i++ {
		if i > 0 && c != nil && c.UniqueItems {
			v = distinct(v, int(i))
		}
		out = append(out, v)
	}
	return out, true
}

// distinct varies a scalar example so that unique items differ.
func distinct(v any, i int) any {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%s%d", x, i)
	case float64:
		return x + float64(i)
	}
	return v
}

func (e *Examples) named(name string, c *Constraints, dir Direction, depth int) (any, bool) {
	nt := e.types[name]
	if nt == nil {
		return map[string]any{}, true
	}
	if c == nil {
		c = nt.Check
	}
	switch nt.Kind {
	case Enum:
		if c != nil && c.Example != nil {
			return c.Example, true
		}
		if c != nil && len(c.Enum) > 0 {
			return c.Enum[0], true // a use narrowing the type's values
		}
		if len(nt.Values) > 0 {
			return nt.Values[0].Value, true
		}
		return e.value(nt.Base, c, dir, depth)
	case Alias:
		return e.value(nt.Base, c, dir, depth)
	case Union:
		if c != nil && c.Example != nil && dir == Response {
			return c.Example, true
		}
		if e.stack[name] > 0 && depth > requiredDepth {
			return nil, false
		}
		e.stack[name]++
		defer func() { e.stack[name]-- }()
		var first *UnionValue
		for i, v := range nt.Variants {
			val, ok := e.value(v.Type, v.Check, dir, depth+1)
			if v.Type.Kind == Builtin && v.Type.Name == "any" && len(v.Required) > 0 && (v.Check == nil || v.Check.Example == nil) {
				val, ok = requiredObject(v.Required), true
			}
			if !ok || first != nil && !e.modeled(v.Type) {
				continue
			}
			if nt.Discriminator != "" && len(v.Values) > 0 {
				if m, isObj := val.(map[string]any); isObj {
					cp := make(map[string]any, len(m)+1)
					for k, x := range m {
						cp[k] = x
					}
					cp[nt.Discriminator] = v.Values[0]
					val = cp
				}
			}
			uv := UnionValue{Variant: i, Value: val}
			// oneOf: a value another variant accepts too is ambiguous;
			// the first variant whose value only it accepts wins.
			if nt.AnyOf || nt.ByStatus || !e.ambiguous(nt, i, val) {
				return uv, true
			}
			if first == nil {
				first = &uv
			}
			if !e.modeled(v.Type) {
				break // the model cannot tell the later variants apart
			}
		}
		if first != nil {
			return *first, true
		}
		return nil, false
	}
	if c != nil && c.Example != nil {
		return c.Example, true
	}
	if depth > requiredDepth {
		return nil, false
	}
	obj := map[string]any{}
	for _, f := range nt.Fields {
		required, check := f.Required, f.Check
		if br := nt.Branch; br != nil {
			// The first alternative's rules hold too (constraintBranches).
			required = required || slices.Contains(br.Required, f.JSONName)
			if bc := br.Checks[f.JSONName]; bc != nil {
				check = bc
				required = required || dir == Request
			}
		}
		if dir == Request && (f.ReadOnly || !required) || dir == Response && f.WriteOnly {
			continue
		}
		if !required && (depth >= optionalDepth || e.stack[name] > 0) {
			continue
		}
		e.stack[name]++
		v, ok := e.value(f.Type, check, dir, depth+1)
		e.stack[name]--
		switch {
		case ok:
			obj[f.JSONName] = v
		case required && f.Nullable:
			obj[f.JSONName] = nil
		case required:
			return obj, false
		}
	}
	return obj, true
}

func (e *Examples) builtin(t *TypeRef, c *Constraints) (any, bool) {
	if c != nil && c.Null && t.Name == "any" {
		return nil, true // type: 'null' allows null only
	}
	if c != nil && len(c.Enum) > 0 {
		return c.Enum[0], true
	}
	switch t.Name {
	case "string":
		return e.str(c), true
	case "bool":
		return false, true
	case "int32", "int64":
		return e.number(c, true), true
	case "float32", "float64":
		return e.number(c, false), true
	case "Time":
		return "2024-01-02T15:04:05Z", true
	case "Date":
		return "2024-01-02", true
	case "[]byte":
		return "ZGF0YQ==", true
	case "Reader":
		return "example", true
	case "RawMessage":
		return map[string]any{}, true
	}
	if c != nil && c.Format != "" {
		return e.str(c), true
	}
	return "string", true // any: a schema without a type
}

// formatExamples are values of the string formats examples know.
var formatExamples = map[string]string{
	"uuid":          "3fa85f64-5717-4562-b3fc-2c963f66afa6",
	"uri":           "https://example.com",
	"url":           "https://example.com",
	"uri-reference": "https://example.com",
	"iri":           "https://example.com",
	"email":         "user@example.com",
	"idn-email":     "user@example.com",
	"date":          "2024-01-02",
	"date-time":     "2024-01-02T15:04:05Z",
	"time":          "15:04:05Z",
	"ipv4":          "192.0.2.1",
	"ipv6":          "2001:db8::1",
	"hostname":      "example.com",
	"idn-hostname":  "example.com",
	"byte":          "ZGF0YQ==",
	"duration":      "P1D",
	"binary":        "example",
}

// str is a string satisfying c's format, pattern and lengths.
func (e *Examples) str(c *Constraints) string {
	if c == nil {
		return "string"
	}
	s, ok := formatExamples[c.Format]
	if !ok {
		s = "string"
	}
	fits := func(s string) bool {
		n := uint64(len([]rune(s)))
		if n < c.MinLength || c.MaxLength != nil && n > *c.MaxLength {
			return false
		}
		if c.Pattern != "" {
			re, err := regexp.Compile(c.Pattern)
			return err == nil && re.MatchString(s)
		}
		return true
	}
	if fits(s) {
		return s
	}
	if c.Pattern != "" {
		g, err := PatternExample(c.Pattern, c.MinLength, c.MaxLength)
		if err != nil {
			e.warn(c, "pattern %q: %v; the example value %q does not match it", c.Pattern, err, s)
			return s
		}
		return g
	}
	if _, known := formatExamples[c.Format]; !known {
		s = "string"
	}
	for uint64(len([]rune(s))) < c.MinLength {
		s += "x"
	}
	if c.MaxLength != nil && uint64(len([]rune(s))) > *c.MaxLength {
		s = string([]rune(s)[:*c.MaxLength])
	}
	if !fits(s) {
		e.warn(c, "no example string fits format %q and length %d..%v", c.Format, c.MinLength, lenBound(c.MaxLength))
	}
	return s
}

func lenBound(p *uint64) any {
	if p == nil {
		return "∞"
	}
	return *p
}

// number is a number satisfying c's bounds and multipleOf: 0 when allowed,
// else the smallest allowed value.
func (e *Examples) number(c *Constraints, integer bool) float64 {
	if c == nil {
		return 0
	}
	step := 1.0
	if !integer {
		step = 0.5
	}
	if c.MultipleOf != nil && *c.MultipleOf > 0 {
		step = *c.MultipleOf
		if integer && step != math.Trunc(step) {
			step = math.Ceil(step)
		}
	}
	ok := func(v float64) bool {
		if c.Minimum != nil && (v < *c.Minimum || c.ExclusiveMinimum && v == *c.Minimum) {
			return false
		}
		if c.Maximum != nil && (v > *c.Maximum || c.ExclusiveMaximum && v == *c.Maximum) {
			return false
		}
		if c.MultipleOf != nil && *c.MultipleOf > 0 {
			q := v / *c.MultipleOf
			if math.Abs(q-math.Round(q)) > 1e-9 {
				return false
			}
		}
		return !integer || v == math.Trunc(v)
	}
	if ok(0) {
		return 0
	}
	var v float64
	switch {
	case c.Minimum != nil:
		v = math.Ceil(*c.Minimum/step) * step
		if v == *c.Minimum && c.ExclusiveMinimum {
			v += step
		}
	case c.Maximum != nil:
		v = math.Floor(*c.Maximum/step) * step
		if v == *c.Maximum && c.ExclusiveMaximum {
			v -= step
		}
	}
	if !ok(v) {
		e.warn(c, "no %s satisfies minimum %v, maximum %v, multipleOf %v", map[bool]string{true: "integer", false: "number"}[integer], fmtPtr(c.Minimum), fmtPtr(c.Maximum), fmtPtr(c.MultipleOf))
	}
	return v
}

func fmtPtr(p *float64) any {
	if p == nil {
		return "none"
	}
	return *p
}

// SortedKeys lists a JSON object's keys in order (for stable output).
func SortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// setExamples derives the example values of every operation (arguments,
// body and result), warning at schemas no valid value was found for.
func (b *builder) setExamples() {
	ex := NewExamples(b.api, func(pos diag.Pos, pointer, msg string) { b.diags.Warnf(pos, pointer, "%s", msg) })
	for _, svc := range b.api.Services {
		for _, op := range svc.Operations {
			for _, a := range op.Args {
				a.Value = ex.Value(a.Type, a.Check, Request)
			}
			if bd := op.Body; bd != nil {
				t := bd.Type
				if bd.XMLType != nil {
					t = bd.XMLType
				}
				bd.Value = ex.Value(t, bd.Check, Request)
				if bd.TextType != nil {
					// The scalar's example as the body's text.
					switch v := ex.Value(bd.TextType, bd.Check, Request).(type) {
					case string:
						bd.Value = v
					case float64:
						bd.Value = strconv.FormatFloat(v, 'f', -1, 64)
					case bool:
						bd.Value = strconv.FormatBool(v)
					default:
						bd.Value = fmt.Sprint(v)
					}
				}
			}
			if r := op.Result; r != nil && r.Kind == "json" {
				r.Value = ex.Value(r.Type, r.Check, Response)
			}
			if r := op.Result; r != nil {
				for _, h := range r.RequiredHeaders {
					if h.Value == nil && h.Type != nil {
						h.Value = ex.Value(h.Type, h.Check, Response)
					}
				}
			}
		}
	}
}

// requiredObject is an object holding the members a variant requires (see
// Variant.Required): a constant's value, else a value of the member's
// first JSON kind.
func requiredObject(rules []string) map[string]any {
	obj := map[string]any{}
	for _, r := range rules {
		if name, val, ok := strings.Cut(r, "="); ok {
			var v any
			if json.Unmarshal([]byte(val), &v) == nil {
				obj[name] = v
				continue
			}
		}
		name, kinds, _ := strings.Cut(r, ":")
		var v any = "string"
		if kinds != "" {
			switch kinds[0] {
			case 'o':
				v = map[string]any{}
			case 'a':
				v = []any{}
			case 'n', 'i':
				v = 0.0
			case 'b':
				v = false
			case 'z':
				v = nil
			}
		}
		obj[name] = v
	}
	return obj
}

// ambiguous reports whether a variant of nt other than the i-th accepts v.
func (e *Examples) ambiguous(nt *Type, i int, v any) bool {
	for j, o := range nt.Variants {
		if j != i && e.conforms(o.Type, o.Check, v, 0) {
			return true
		}
	}
	return false
}

// conforms reports whether the JSON value v is a valid t under c, as far
// as the model tells (members beyond the declared ones are allowed).
func (e *Examples) conforms(t *TypeRef, c *Constraints, v any, depth int) bool {
	if uv, ok := v.(UnionValue); ok {
		v = uv.Value
	}
	if depth > requiredDepth {
		return true
	}
	if c != nil && len(c.Enum) > 0 {
		for _, x := range c.Enum {
			if fmt.Sprint(x) == fmt.Sprint(v) {
				return true
			}
		}
		return false
	}
	switch t.Kind {
	case Slice:
		xs, ok := v.([]any)
		if !ok {
			return false
		}
		var ic *Constraints
		if c != nil {
			ic = c.Items
			if uint64(len(xs)) < c.MinItems || c.MaxItems != nil && uint64(len(xs)) > *c.MaxItems {
				return false
			}
		}
		for _, x := range xs {
			if !e.conforms(t.Elem, ic, x, depth+1) {
				return false
			}
		}
		return true
	case Map:
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		for _, x := range m {
			if !e.conforms(t.Elem, nil, x, depth+1) {
				return false
			}
		}
		return true
	case Named:
		nt := e.types[t.Name]
		if nt == nil {
			return true
		}
		if c == nil {
			c = nt.Check
		}
		switch nt.Kind {
		case Enum:
			for _, ev := range nt.Values {
				if fmt.Sprint(ev.Value) == fmt.Sprint(v) {
					return true
				}
			}
			return false
		case Alias:
			return e.conforms(nt.Base, c, v, depth)
		case Union:
			for _, o := range nt.Variants {
				if e.conforms(o.Type, o.Check, v, depth+1) {
					return true
				}
			}
			return false
		}
		m, ok := v.(map[string]any)
		if !ok {
			return false
		}
		for _, f := range nt.Fields {
			x, has := m[f.JSONName]
			if !has {
				if f.Required && !f.ReadOnly {
					return false
				}
				continue
			}
			if x == nil && f.Nullable {
				continue
			}
			if !e.conforms(f.Type, f.Check, x, depth+1) {
				return false
			}
		}
		return true
	}
	switch t.Name {
	case "string", "Time", "Date", "[]byte":
		s, ok := v.(string)
		if !ok {
			return false
		}
		if c == nil {
			return true
		}
		n := uint64(len([]rune(s)))
		if n < c.MinLength || c.MaxLength != nil && n > *c.MaxLength {
			return false
		}
		if c.Pattern != "" {
			if re, err := regexp.Compile(c.Pattern); err == nil && !re.MatchString(s) {
				return false
			}
		}
		if fv := formatValidators[c.Format]; fv != nil && fv.Validate(s) != nil {
			return false
		}
		return true
	case "bool":
		_, ok := v.(bool)
		return ok
	case "int32", "int64", "float32", "float64":
		f, ok := v.(float64)
		if !ok || (t.Name == "int32" || t.Name == "int64") && f != math.Trunc(f) {
			return false
		}
		if c != nil && (c.Minimum != nil && f < *c.Minimum || c.Maximum != nil && f > *c.Maximum) {
			return false
		}
		return true
	}
	return true
}

// modeled reports whether the model says what a valid t is well enough
// for conforms to tell variants apart: not a map or any (whose schema's
// required members and other constraints the model does not keep).
func (e *Examples) modeled(t *TypeRef) bool {
	switch t.Kind {
	case Map:
		return false
	case Slice:
		return e.modeled(t.Elem)
	case Named:
		nt := e.types[t.Name]
		if nt != nil && nt.Kind == Alias {
			return e.modeled(nt.Base)
		}
		return nt != nil
	}
	return t.Name != "any"
}
