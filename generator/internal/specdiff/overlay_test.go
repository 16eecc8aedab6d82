package specdiff

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// generator diff applies the same overlays to both sides: an overlay
// removing the operation the head removed leaves nothing breaking; a bad
// overlay is a located usage error (exit 2).
func TestDiffAppliesOverlays(t *testing.T) {
	dir := "../../testdata/diff/breaking-operation-removed/"
	ov := filepath.Join(t.TempDir(), "drop-delete.yaml")
	text := "overlay: 1.0.0\ninfo: {title: drop deletePet, version: 1.0.0}\nactions:\n  - target: $.paths.*[?@.operationId == 'deletePet']\n    remove: true\n"
	if err := os.WriteFile(ov, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := Main([]string{"-base", dir + "base.yaml", "-head", dir + "head.yaml"}, &out, &errb); code != 1 {
		t.Fatalf("without the overlay: exit %d, want 1 (breaking)", code)
	}
	out.Reset()
	if code := Main([]string{"-base", dir + "base.yaml", "-head", dir + "head.yaml", "-overlay", ov}, &out, &errb); code != 0 {
		t.Errorf("with the overlay: exit %d, want 0:\n%s%s", code, out.String(), errb.String())
	}
	// (The head's warning names the overlay's target, which selects nothing there.)
	if strings.Contains(out.String(), "deletePet DELETE") || !strings.Contains(out.String(), "selects nothing") {
		t.Errorf("the overlaid base still has deletePet, or the head's overlay warning is missing:\n%s", out.String())
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("overlay: 1.0.0\ninfo: {title: a, version: b}\nactions:\n  - target: paths\n    remove: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	errb.Reset()
	if code := Main([]string{"-base", dir + "base.yaml", "-head", dir + "head.yaml", "-overlay", bad}, &out, &errb); code != 2 || !strings.Contains(errb.String(), bad+":4:13:") {
		t.Errorf("bad overlay: exit %d, %s", code, errb.String())
	}
}
