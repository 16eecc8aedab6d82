package main

import (
	"os/exec"
	"regexp"
	"sort"
	"testing"
)

// TestOneDecoderBody compiles the committed Atrium SDK and reads the
// functions the compiler built: doJSON, the decoder behind every call with
// a JSON result returned by pointer, has one body for all of them (the
// pointer GC shape), not one per result type, which is what a large spec's
// build would pay for. Each call must reach that body: a doJSON[T]
// returning *T would be built once per struct shape.
func TestOneDecoderBody(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a package")
	}
	const pkg = module + "/generated/atrium"
	out, err := exec.Command("go", "build", "-gcflags="+pkg+"=-S", pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	text := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(pkg) + `\.doJSON\[(go\.shape\.[^\]]*)\] STEXT`)
	var shapes []string
	for _, m := range text.FindAllSubmatch(out, -1) {
		shapes = append(shapes, string(m[1]))
	}
	sort.Strings(shapes)
	if len(shapes) != 1 || shapes[0] != "go.shape.*uint8" {
		t.Errorf("doJSON compiled for shapes %q, want only the pointer shape", shapes)
	}
	calls := regexp.MustCompile(`CALL\s+`+regexp.QuoteMeta(pkg)+`\.doJSON\[go\.shape\.\*uint8\]`).FindAll(out, -1)
	if len(calls) < 20 {
		t.Errorf("%d calls reach doJSON's one body; the Atrium SDK has more than 20 calls with a JSON result", len(calls))
	}
}
