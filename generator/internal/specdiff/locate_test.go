package specdiff

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	yaml "github.com/oasdiff/yaml3"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
)

// TestScanMatchesYAMLParser checks the line scanner against a YAML parser
// on every key and item of real specs (Atrium, public YAML specs, the
// fixtures): for each element the parser finds, the scanner finds it too,
// on the same line. Elements inside a flow collection ({a: 1}) share their
// collection's line, which is what the scanner gives for them.
func TestScanMatchesYAMLParser(t *testing.T) {
	files := []string{"../../../spec/atrium.yaml"}
	for _, f := range []string{"asana.yaml", "openai.yaml", "2ch.yaml", "lxkns.yaml", "speakeasy-bar.yaml", "petstore-expanded.yaml", "swagger-petstore.yaml"} {
		files = append(files, filepath.Join("../../testdata/realworld", f))
	}
	fx, _ := filepath.Glob(filepath.Join(fixtures, "*", "*.yaml"))
	files = append(files, fx...)
	total := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		l := newLocator(src)
		bad := 0
		var walk func(n *yaml.Node, toks []string, flow bool)
		walk = func(n *yaml.Node, toks []string, flow bool) {
			check := func(toks []string, want int) {
				total++
				got, exact := l.scan(toks)
				if (!exact || got != want) && bad < 5 {
					bad++
					t.Errorf("%s: %s: scan gives line %d (exact %v), the parser %d", f, diag.Pointer(toks...), got, exact, want)
				}
			}
			inFlow := flow || n.Style&yaml.FlowStyle != 0
			switch n.Kind {
			case yaml.MappingNode:
				for i := 0; i+1 < len(n.Content); i += 2 {
					k := n.Content[i]
					sub := append(append([]string{}, toks...), k.Value)
					want := k.Line
					if inFlow {
						want = flowLine(n, toks, l)
					}
					check(sub, want)
					walk(n.Content[i+1], sub, inFlow)
				}
			case yaml.SequenceNode:
				for i, item := range n.Content {
					sub := append(append([]string{}, toks...), strconv.Itoa(i))
					want := item.Line
					if inFlow {
						want = flowLine(n, toks, l)
					}
					check(sub, want)
					walk(item, sub, inFlow)
				}
			}
		}
		walk(doc.Content[0], nil, false)
	}
	if total < 20000 {
		t.Errorf("only %d elements checked", total)
	}
}

// flowLine is the line of the key holding a flow collection: where the
// scanner locates everything inside it.
func flowLine(n *yaml.Node, toks []string, l *locator) int {
	line, _ := l.scan(toks)
	if line == 0 {
		return n.Line
	}
	return line
}

// TestLocateFollowsRefs: a field of a schema used through a local $ref is
// located in the component, block or flow style.
func TestLocateFollowsRefs(t *testing.T) {
	src := strings.Join([]string{
		"paths:",
		"  /pets:",
		"    get:",
		"      responses:",
		"        '200':",
		"          content:",
		"            application/json:",
		"              schema: {$ref: '#/components/schemas/Pet'}",
		"        '404':",
		"          content:",
		"            application/json:",
		"              schema:",
		"                $ref: \"#/components/schemas/Pet\"",
		"components:",
		"  schemas:",
		"    Pet:",
		"      properties:",
		"        name: {type: string}",
	}, "\n")
	l := newLocator([]byte(src))
	for _, tc := range []struct {
		ptr   string
		line  int
		exact bool
	}{
		{"/paths/~1pets/get/responses/200/content/application~1json/schema/properties/name", 18, true},
		{"/paths/~1pets/get/responses/404/content/application~1json/schema/properties/name/type", 18, true},
		{"/paths/~1pets/get/responses/404/content/application~1json/schema/properties/age", 17, false},
		{"/paths/~1pets/post", 2, false},
		{"/components/schemas/Pet", 16, true},
	} {
		if line, exact := l.find(tc.ptr); line != tc.line || exact != tc.exact {
			t.Errorf("%s: line %d exact %v, want %d %v", tc.ptr, line, exact, tc.line, tc.exact)
		}
	}
}
