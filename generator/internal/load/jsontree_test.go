package load

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	yaml "go.yaml.in/yaml/v4"
)

// yamlTree is what kin-openapi's loader gets: yaml.Unmarshal into a node.
func yamlTree(data []byte) (*yaml.Node, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	return &n, nil
}

// nodeDiff names the first difference between two trees, or "".
func nodeDiff(path string, a, b *yaml.Node) string {
	if a == nil || b == nil {
		if a != b {
			return fmt.Sprintf("%s: %v vs %v", path, a, b)
		}
		return ""
	}
	type flat struct {
		Kind                 yaml.Kind
		Style                yaml.Style
		Tag, Value, Anchor   string
		Head, Line_, Foot    string
		Line, Column, NKids  int
		HasAlias, NilContent bool
	}
	fa := flat{a.Kind, a.Style, a.Tag, a.Value, a.Anchor, a.HeadComment, a.LineComment, a.FootComment, a.Line, a.Column, len(a.Content), a.Alias != nil, a.Content == nil}
	fb := flat{b.Kind, b.Style, b.Tag, b.Value, b.Anchor, b.HeadComment, b.LineComment, b.FootComment, b.Line, b.Column, len(b.Content), b.Alias != nil, b.Content == nil}
	if fa != fb {
		return fmt.Sprintf("%s:\n json %+v\n yaml %+v", path, fa, fb)
	}
	for i := range a.Content {
		if d := nodeDiff(fmt.Sprintf("%s/%d", path, i), a.Content[i], b.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

// checkSame asserts that jsonTree either declines data or builds exactly
// the tree YAML builds; declined reports which.
func checkSame(t *testing.T, name string, data []byte) (declined bool) {
	t.Helper()
	got, ok := jsonTree(data)
	want, err := yamlTree(data)
	if !ok {
		return true
	}
	if err != nil {
		t.Errorf("%s: jsonTree accepted what YAML rejects (%v)", name, err)
		return false
	}
	if d := nodeDiff("", got, want); d != "" {
		t.Errorf("%s: trees differ at %s", name, d)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: trees are not deeply equal", name)
	}
	return false
}

func TestJSONTreeMatchesYAML(t *testing.T) {
	cases := []string{
		`{}`,
		`{"a":1}`,
		"  \n\r\n{ \"a\" : [ ] , \"b\":{}}\n\n",
		"{\n\t\"tab\": [\t1,\t2 ],\n\t\"x\":\ttrue\n}",
		`{"n":[0,-0,-0.0,1.5,-2e10,1E+3,1e-3,9223372036854775807,9223372036854775808,18446744073709551615,18446744073709551616,123456789012345678901234567890,1e400,-1e400,0.1e1]}`,
		`{"l":[true,false,null],"s":["","a b","\"q\"","\\","\/","\b\f\n\r\t","\u0041\u00e9\u4e2d\u0000","é中😀"]}`,
		`{"k":"v","k":"dup"}`,
		`{"ünïcode key":{"déjà":"vu","x":[{"y":"z"}]}}`,
		"{\"a\":\r\n  \"b\",\r\n  \"c\": 3}",
		`{"yes":"no","on":"off","y":"~","2020-01-01":"2020-01-01T00:00:00Z"}`,
		`{"deep":[[[[[[[[[[{"a":[[[]]]}]]]]]]]]]]}`,
		`{"#":"# not a comment","&a":"*a","!t":"!!str","- x":"? y",": z":"| w"}`,
	}
	for i, c := range cases {
		if checkSame(t, fmt.Sprintf("case %d", i), []byte(c)) {
			t.Errorf("case %d: declined %q", i, c)
		}
	}

	// What it must decline: invalid JSON, and JSON YAML reads otherwise.
	declines := []string{
		``, `[]`, `"s"`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":01}`, `{"a":1.}`, `{"a":.5}`,
		`{"a":+1}`, `{"a":tru}`, `{"a":truex}`, `{"a":1}x`, `{"a":"\x"}`, `{"a":"\u12"}`,
		"{\"a\":\"raw\ttab\"}", "{\"a\":\"raw\nline\"}", "\t{}", "{}\n\t", "{\"a\"\n:1}",
		"{\"a\":\"\u0085\"}", "{\"a\":\"\u2028\"}", "{\"a\":\"\x7f\"}", "{\"a\":\"\xff\"}",
		"\ufeff{}", `{"a":"\ud83d\ude00"}`, `{"a":1 2}`, `{"a":[1 2]}`,
		strings.Repeat(`{"a":`, maxJSONDepth+1) + "1" + strings.Repeat("}", maxJSONDepth+1),
	}
	for i, c := range declines {
		if _, ok := jsonTree([]byte(c)); ok {
			t.Errorf("decline %d: accepted %q", i, c)
		}
	}

	// Real specs, as they are and re-indented with tabs.
	files, _ := filepath.Glob("../../testdata/realworld/*.json")
	if stripe := stripeSpecPath(); stripe != "" {
		files = append(files, stripe)
	}
	if len(files) < 10 {
		t.Fatalf("only %d real-world JSON specs found", len(files))
	}
	accepted := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if checkSame(t, f, data) {
			continue // the same document re-encoded is declined too
		}
		accepted++
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Fatalf("%s: accepted, but encoding/json says %v", f, err)
		}
		for _, indent := range []string{"", "\t"} {
			re, _ := json.MarshalIndent(v, "", indent)
			if checkSame(t, f+" re-encoded", re) {
				t.Errorf("%s re-encoded with indent %q: declined", f, indent)
			}
		}
	}
	if accepted < len(files)/2 {
		t.Errorf("accepted only %d of %d real-world JSON specs", accepted, len(files))
	}
}

// TestJSONTreeRandom compares the parsers on random JSON documents with
// random whitespace between tokens.
func TestJSONTreeRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ws := []string{"", " ", "\n", "  ", "\r\n", "\n\t", " \t "}
	strs := []string{"", "a", "type", "é", "😀", `q"uote`, `back\slash`, "line\nbreak", "tab\t", "\u0001", "<>&", "null", "1", "~"}
	var gen func(b *strings.Builder, depth int)
	space := func(b *strings.Builder) { b.WriteString(ws[rng.IntN(len(ws))]) }
	str := func(b *strings.Builder) {
		s, _ := json.Marshal(strs[rng.IntN(len(strs))])
		b.Write(s)
	}
	gen = func(b *strings.Builder, depth int) {
		k := rng.IntN(8)
		if depth > 5 {
			k = 2 + rng.IntN(6)
		}
		switch k {
		case 0:
			b.WriteByte('{')
			for i := range rng.IntN(4) {
				if i > 0 {
					b.WriteByte(',')
				}
				space(b)
				str(b)
				if rng.IntN(2) == 0 {
					b.WriteByte(' ')
				}
				b.WriteByte(':')
				space(b)
				gen(b, depth+1)
				space(b)
			}
			b.WriteByte('}')
		case 1:
			b.WriteByte('[')
			for i := range rng.IntN(4) {
				if i > 0 {
					b.WriteByte(',')
				}
				space(b)
				gen(b, depth+1)
				space(b)
			}
			b.WriteByte(']')
		case 2, 3:
			str(b)
		case 4:
			fmt.Fprint(b, []string{"0", "-1", "3.25", "-0", "1e5", "2E-2", "99999999999999999999"}[rng.IntN(7)])
		default:
			b.WriteString([]string{"true", "false", "null"}[rng.IntN(3)])
		}
	}
	for i := range 3000 {
		var b strings.Builder
		b.WriteString(`{"root":`)
		space(&b)
		gen(&b, 0)
		b.WriteString("}\n")
		if checkSame(t, fmt.Sprintf("random %d", i), []byte(b.String())) {
			t.Errorf("random %d: declined %q", i, b.String())
		}
	}
}

// stripeSpecPath is Stripe's spec in the module cache, if it is there.
func stripeSpecPath() string {
	p := filepath.Join(os.Getenv("HOME"), "go", "pkg", "mod", "github.com", "stripe", "stripe-mock@v0.203.0", "embedded", "openapi", "spec3.json")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// TestLoadLocalJSONIsTheLoaders holds the JSON fast path to what the
// loader itself produces: the same document, deeply equal, as
// LoadFromData decodes it (the same steps, through YAML's parser), and the
// same JSON as LoadFromDataWithPath at the file's location (what
// loadConfined would otherwise call).
func TestLoadLocalJSONIsTheLoaders(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/realworld/*.json")
	if stripe := stripeSpecPath(); stripe != "" {
		files = append(files, stripe)
	}
	fast := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := loadLocalJSON(data)
		if !ok {
			continue
		}
		fast++
		l := openapi3.NewLoader()
		l.IsExternalRefsAllowed = false
		want, err := l.LoadFromData(data)
		if err != nil {
			t.Errorf("%s: the fast path loaded what the loader rejects: %v", f, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the fast path's document differs from LoadFromData's", f)
		}
		abs, _ := filepath.Abs(f)
		loc := &url.URL{Path: filepath.ToSlash(abs)}
		atPath, err := confine(newLoader(false), loc, filepath.Dir(abs), nil).LoadFromDataWithPath(data, loc)
		if err != nil {
			t.Errorf("%s: LoadFromDataWithPath: %v", f, err)
			continue
		}
		a, _ := json.Marshal(got)
		b, _ := json.Marshal(atPath)
		if string(a) != string(b) {
			t.Errorf("%s: the fast path's document marshals unlike LoadFromDataWithPath's", f)
		}
	}
	t.Logf("fast path: %d of %d JSON specs", fast, len(files))
	if fast < 10 {
		t.Errorf("the fast path took only %d of %d JSON specs", fast, len(files))
	}
}

// FuzzJSONTree: whatever jsonTree accepts, YAML's parser accepts and
// builds the same tree from.
func FuzzJSONTree(f *testing.F) {
	for _, s := range []string{
		`{}`, `{"a":[1,-0,2.5e3,true,null,"\u00e9\n"]}`, "{\n\t\"k\" : {\"x\":[]}\r\n}",
		`{"n":18446744073709551616,"f":1e400}`, `{"a":"b","a":"c"}`, `{"#":"&x *y !z"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := jsonTree(data)
		if !ok {
			return
		}
		want, err := yamlTree(data)
		if err != nil {
			t.Fatalf("jsonTree accepted %q, which YAML rejects: %v", data, err)
		}
		if d := nodeDiff("", got, want); d != "" {
			t.Fatalf("%q: trees differ at %s", data, d)
		}
	})
}
