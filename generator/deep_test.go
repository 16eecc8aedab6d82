package main

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/load"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
)

// deepSpec nests n inline objects, each requiring the next, in a
// component used as request and response body, written as one JSON-style
// flow mapping (block YAML that deep is quadratic in size by its
// indentation alone).
func deepSpec(n int) string {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    post:\n      operationId: postX\n" +
		"      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Root'}\n" +
		"      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Root'}\n" +
		"components:\n  schemas:\n    Root:\n")
	var open, close strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&open, `{"type":"object","description":"level %d","required":["a"],"properties":{"a":`, i)
		close.WriteString("}}")
	}
	b.WriteString("      " + open.String() + `{"type":"string"}` + close.String() + "\n")
	return b.String()
}

// generateCounting loads and generates spec, returning the heap
// allocations it took (a count of work that, unlike time, does not depend
// on the machine's load).
func generateCounting(t testing.TB, spec string) (uint64, *pipeline.Result) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	doc, diags := load.Data(filepath.Join("nonexistent-deep-dir", "spec.yaml"), []byte(spec))
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags.Errors())
	}
	res, err := pipeline.FromDocument(doc, pipeline.Config{Package: "deep", ImportPath: "example.com/deep", ServerPackage: "deepserver"})
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs, res
}

// Finding 12 of issue 13: generation is near linear in nesting depth. The
// loader (kin-openapi) decodes each schema level by re-reading its whole
// subtree, so 3,000 inline levels took 38 s; load hoists deep schemas so
// that no subtree it hands over is deep. Proven by counting allocations:
// tripling the depth must not much more than triple the work (quadratic
// would be nine times).
func TestDeepNestingIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 4,000 levels of nesting")
	}
	{
		small, _ := generateCounting(t, deepSpec(1000))
		big, res := generateCounting(t, deepSpec(3000))
		ratio := float64(big) / float64(small)
		t.Logf("1000 levels %d allocations, 3000 levels %d (×%.2f)", small, big, ratio)
		if ratio > 4.5 {
			t.Errorf("3× the depth took %.1f× the allocations: not linear", ratio)
		}
		var models string
		for _, f := range res.Files {
			if f.Path == "models.go" {
				models = string(f.Content)
			}
		}
		// The output is the same as for shallow nesting: inline types
		// named after their parents, the deepest level included.
		if !strings.Contains(models, "level 3000") || strings.Contains(strings.ToLower(models), "hoist") {
			t.Errorf("deep output lost levels or shows hoisting")
		}
	}
}

// Hoisting is invisible: a spec just past the hoisting depth generates
// exactly what it generates when the loader does not hoist.
func TestHoistingDoesNotChangeOutput(t *testing.T) {
	spec := deepSpec(150)
	_, hoisted := generateCounting(t, spec)
	defer load.SetHoistDepthForTest(1 << 30)()
	_, plain := generateCounting(t, spec)
	if len(hoisted.Files) != len(plain.Files) {
		t.Fatalf("%d files hoisted, %d plain", len(hoisted.Files), len(plain.Files))
	}
	for i := range plain.Files {
		if string(hoisted.Files[i].Content) != string(plain.Files[i].Content) {
			t.Errorf("%s differs when hoisted", plain.Files[i].Path)
		}
	}
}

func BenchmarkDeepNesting(b *testing.B) {
	for _, n := range []int{1000, 3000} {
		spec := deepSpec(n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				generateCounting(b, spec)
			}
		})
	}
}
