package write

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func gen(body string) []byte { return []byte("// " + Marker + " from x.yaml. DO NOT EDIT.\n" + body) }

func TestDirWritesPrunesAndKeepsHandWritten(t *testing.T) {
	dir := t.TempDir()
	if _, err := Dir(dir, []File{{"a.go", gen("a")}, {"docs/B.md", gen("b")}}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hand.go"), []byte("package x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	changed, err := Dir(dir, []File{{"a.go", gen("a")}, {"c.go", gen("c")}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(changed, ","); got != ManifestName+",c.go,docs/B.md" {
		t.Errorf("changed = %q, want the manifest, c.go, docs/B.md", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "hand.go")); err != nil {
		t.Errorf("hand-written file was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "docs")); !os.IsNotExist(err) {
		t.Errorf("empty docs dir left behind")
	}
}

func TestDirRefusesToOverwriteHandWritten(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte("package mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Dir(dir, []File{{"a.go", gen("a")}}); err == nil {
		t.Fatal("overwrote a hand-written file")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.go")); string(b) != "package mine\n" {
		t.Errorf("hand-written content lost: %q", b)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	files := []File{{"a.go", gen("a\n")}}
	if _, err := Dir(dir, files); err != nil {
		t.Fatal(err)
	}
	if d, err := Check(dir, files); err != nil || d != "" {
		t.Fatalf("fresh dir: diff %q err %v", d, err)
	}
	d, err := Check(dir, []File{{"a.go", gen("A\n")}, {"b.go", gen("b")}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"stale: a.go", "missing: b.go", `"a",`, `"A",`} {
		if !strings.Contains(d, want) {
			t.Errorf("diff lacks %q:\n%s", want, d)
		}
	}
	if _, err := Dir(dir, []File{{"old.go", gen("old")}}); err != nil {
		t.Fatal(err)
	}
	if d, _ := Check(dir, nil); !strings.Contains(d, "extra: old.go") {
		t.Errorf("stale generated file not reported: %q", d)
	}
}
