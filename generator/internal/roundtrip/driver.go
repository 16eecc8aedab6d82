// Package roundtrip checks that a generated client and the generated
// server agree on the wire: random values of an operation's parameter and
// body types are sent by the client and must reach the server's Service
// equal. driver.go has no dependency outside the standard library, so a
// test can copy it into a module of generated packages; testfile.go
// writes the per-API test that drives it.
package roundtrip

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"time"
)

// Enums lists the values of the enum types, which a random value must
// take one of.
type Enums map[reflect.Type][]any

// ReadOnly lists, per struct type, the Go fields of readOnly members: a
// client does not send them (OpenAPI: readOnly properties are not part of
// a request), so a random request leaves them zero.
type ReadOnly map[reflect.Type][]string

// Gen makes random values.
type Gen struct {
	rng      *rand.Rand
	enums    Enums
	words    []string
	readOnly map[reflect.Type]map[string]bool
}

// SkipReadOnly returns g leaving the fields ro lists zero.
func (g *Gen) SkipReadOnly(ro ReadOnly) *Gen {
	g.readOnly = map[reflect.Type]map[string]bool{}
	for t, fields := range ro {
		g.readOnly[t] = map[string]bool{}
		for _, f := range fields {
			g.readOnly[t][f] = true
		}
	}
	return g
}

// NewGen returns a generator with a fixed seed.
func NewGen(seed uint64, enums Enums) *Gen {
	return &Gen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), enums: enums, words: words}
}

// Plain returns a generator of the same stream whose strings hold no ","
// (for headers and cookies, whose simple style does not escape the
// delimiter).
func (g *Gen) Plain() *Gen {
	p := *g
	p.words = nil
	for _, w := range words {
		if !strings.Contains(w, ",") {
			p.words = append(p.words, w)
		}
	}
	return &p
}

// words are the strings values are made of: letters, the characters the
// encodings escape or use as delimiters, and non-ASCII text. None is
// empty, numeric or a JSON literal, which form encoding cannot tell from
// absence or from numbers (see the README's wire section).
var words = []string{"a", "Zed", "b c", "x&y=z", "[k]", "p/q", "dots.", "ü€", "100%", "1+1", "a,b", "p|q", "semi;colon", "?#"}

var keys = []string{"k", "order_id", "a b", "x[y]", "ü"}

var (
	readerType = reflect.TypeFor[io.Reader]()
	timeType   = reflect.TypeFor[time.Time]()
	rawType    = reflect.TypeFor[json.RawMessage]()
)

// Value returns a random value of type T; a pointer at the top level is
// always set.
func Value[T any](g *Gen) T {
	var v T
	rv := reflect.ValueOf(&v).Elem()
	if rv.Kind() == reflect.Pointer {
		rv.Set(reflect.New(rv.Type().Elem()))
		g.fill(rv.Elem(), 0)
		return v
	}
	g.fill(rv, 0)
	return v
}

const maxDepth = 4

func (g *Gen) fill(v reflect.Value, depth int) {
	t := v.Type()
	if vals, ok := g.enums[t]; ok && len(vals) > 0 {
		v.Set(reflect.ValueOf(vals[g.rng.IntN(len(vals))]).Convert(t))
		return
	}
	switch {
	case t == readerType:
		v.Set(reflect.ValueOf(strings.NewReader(g.words[g.rng.IntN(len(g.words))])))
		return
	case t == timeType:
		v.Set(reflect.ValueOf(time.Unix(1_600_000_000+g.rng.Int64N(100_000_000), 0).UTC()))
		return
	case t == rawType:
		v.Set(reflect.ValueOf(json.RawMessage(fmt.Sprintf("%q", g.words[g.rng.IntN(len(g.words))]))))
		return
	case t.Kind() == reflect.Struct && t.Name() == "Date" && t.NumField() == 1 && t.Field(0).Type == timeType:
		// types.Date: a day.
		v.Field(0).Set(reflect.ValueOf(time.Date(2000+g.rng.IntN(30), time.Month(1+g.rng.IntN(12)), 1+g.rng.IntN(28), 0, 0, 0, 0, time.UTC)))
		return
	}
	if g.union(v, depth) {
		return
	}
	switch t.Kind() {
	case reflect.String:
		v.SetString(g.words[g.rng.IntN(len(g.words))])
	case reflect.Bool:
		v.SetBool(g.rng.IntN(2) == 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(g.rng.Int64N(200) - 100)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(g.rng.Uint64N(100))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(g.rng.Int64N(4000)-2000) / 8)
	case reflect.Interface:
		if t.NumMethod() == 0 {
			v.Set(reflect.ValueOf(g.words[g.rng.IntN(len(g.words))]))
		}
	case reflect.Pointer:
		if depth < maxDepth && g.rng.IntN(4) != 0 {
			p := reflect.New(t.Elem())
			g.fill(p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			v.SetBytes([]byte(g.words[g.rng.IntN(len(g.words))]))
			return
		}
		if depth >= maxDepth {
			return
		}
		n := 1 + g.rng.IntN(3)
		s := reflect.MakeSlice(t, n, n)
		for i := 0; i < n; i++ {
			g.fill(s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		if depth >= maxDepth || t.Key().Kind() != reflect.String {
			return
		}
		m := reflect.MakeMap(t)
		for i, n := 0, 1+g.rng.IntN(2); i < n; i++ {
			e := reflect.New(t.Elem()).Elem()
			g.fill(e, depth+1)
			m.SetMapIndex(reflect.ValueOf(keys[g.rng.IntN(len(keys))]).Convert(t.Key()), e)
		}
		v.Set(m)
	case reflect.Struct:
		if strings.HasPrefix(t.Name(), "Nullable[") {
			// Set and valid: null has no distinct form encoding.
			g.fill(v.FieldByName("Value"), depth+1)
			v.FieldByName("Valid").SetBool(true)
			v.FieldByName("Set").SetBool(true)
			return
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() || f.Tag.Get("json") == "-" || g.readOnly[t][f.Name] {
				continue
			}
			g.fill(v.Field(i), depth+1)
		}
	}
}

// union sets a generated union (a struct with From<Variant> methods) to a
// random variant; false when t is not one.
func (g *Gen) union(v reflect.Value, depth int) bool {
	p := v.Addr()
	var from []reflect.Method
	for i := 0; i < p.Type().NumMethod(); i++ {
		m := p.Type().Method(i)
		if strings.HasPrefix(m.Name, "From") && m.Type.NumIn() == 2 && m.Type.NumOut() == 1 {
			from = append(from, m)
		}
	}
	if len(from) == 0 {
		return false
	}
	// A variant whose value comes out null (a slice cut at the depth
	// limit) would leave the union unset: try others, shallower.
	for try := 0; try < 4; try++ {
		m := from[g.rng.IntN(len(from))]
		arg := reflect.New(m.Type.In(1)).Elem()
		g.fill(arg, min(depth+1, maxDepth-1))
		_ = p.Method(indexOf(p.Type(), m.Name)).Call([]reflect.Value{arg})
		if raw, ok := p.Interface().(interface{ Raw() json.RawMessage }); !ok || (len(raw.Raw()) > 0 && string(raw.Raw()) != "null") {
			break
		}
	}
	return true
}

func indexOf(t reflect.Type, name string) int {
	m, _ := t.MethodByName(name)
	return m.Index
}

// EmptyAsNil is v, or v's nil when v points to a zero value or is an
// empty map: what a server decodes from an empty form body.
func EmptyAsNil(v any) any {
	rv := reflect.ValueOf(v)
	switch {
	case !rv.IsValid():
		return v
	case rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Elem().IsZero(),
		rv.Kind() == reflect.Map && rv.Len() == 0:
		return reflect.Zero(rv.Type()).Interface()
	}
	return v
}

// Normal is v as generic JSON with readers dropped (file parts arrive as
// other readers), for comparing what was sent with what arrived: pointers
// and values of the same content are equal.
func Normal(v any) (any, error) {
	b, err := json.Marshal(dropReaders(reflect.ValueOf(v)))
	if err != nil {
		return nil, err
	}
	var g any
	err = json.Unmarshal(b, &g)
	return g, err
}

// dropReaders copies v with every io.Reader field set to nil.
func dropReaders(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.Type() == readerType || v.Kind() != reflect.Interface && v.Type().Implements(readerType) {
		return nil
	}
	switch v.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return dropReaders(v.Elem())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Interface {
			out := make([]any, v.Len())
			for i := range out {
				out[i] = dropReaders(v.Index(i))
			}
			return out
		}
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		if v.Type().Implements(readerType) {
			return nil
		}
		if v.Elem().Kind() == reflect.Struct {
			return dropReaders(v.Elem())
		}
	case reflect.Struct:
		hasReader := false
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).Type == readerType || v.Type().Field(i).Type == reflect.SliceOf(readerType) {
				hasReader = true
			}
		}
		if !hasReader {
			return v.Interface()
		}
		c := reflect.New(v.Type()).Elem()
		c.Set(v)
		for i := 0; i < c.NumField(); i++ {
			if ft := c.Type().Field(i).Type; ft == readerType || ft == reflect.SliceOf(readerType) {
				c.Field(i).Set(reflect.Zero(ft))
			}
		}
		return c.Interface()
	}
	if v.CanInterface() {
		return v.Interface()
	}
	return nil
}

// Diff compares sent and got as generic JSON and describes the first
// difference, or returns "".
func Diff(sent, got any) string {
	a, err := Normal(sent)
	if err != nil {
		return fmt.Sprintf("encoding what was sent: %v", err)
	}
	b, err := Normal(got)
	if err != nil {
		return fmt.Sprintf("encoding what arrived: %v", err)
	}
	if !reflect.DeepEqual(a, b) {
		sa, _ := json.Marshal(a)
		sb, _ := json.Marshal(b)
		return fmt.Sprintf("sent %s\n      got  %s", sa, sb)
	}
	return ""
}
