package write

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPreflightRefusesEscapesAndCollisions(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for _, tc := range []struct {
		files []File
		want  string
	}{
		{[]File{{Path: "../../../../x.md"}}, "not a plain relative path"},
		{[]File{{Path: "/etc/x.md"}}, "not a plain relative path"},
		{[]File{{Path: "docs/a\\..\\..\\x.md"}}, "not a plain relative path"},
		{[]File{{Path: "docs/Users.md"}, {Path: "docs/users.md"}}, "collide"},
		{[]File{{Path: "README.md"}, {Path: "./README.md"}}, "collide"},
	} {
		_, err := Dir(out, tc.files)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Dir(%v) = %v, want error with %q", tc.files, err, tc.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("Dir(%v) created %s before refusing", tc.files, out)
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Errorf("Dir(%v) wrote %v", tc.files, ents)
		}
	}
}

func TestRefusalLeavesNoPartialOutput(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "z.go"), []byte("package hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Dir(dir, []File{
		{Path: "a.go", Content: []byte("// " + Marker + "\npackage p\n")},
		{Path: "z.go", Content: []byte("// " + Marker + "\npackage p\n")},
	})
	if err == nil {
		t.Fatal("overwrote a hand-written file")
	}
	if _, err := os.Stat(filepath.Join(dir, "a.go")); !os.IsNotExist(err) {
		t.Errorf("a.go was written before the refusal of z.go: %v", err)
	}
}

func TestNested(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		bad  bool
	}{
		{"api/client", "api", true},
		{"api", "api/client", true},
		{"api/client", "./api/client/", true},
		{"api/client", "api/server", false},
		{"api/client", "api/clientserver", false},
	} {
		if err := Nested(tc.a, tc.b); (err != nil) != tc.bad {
			t.Errorf("Nested(%q, %q) = %v, want error %v", tc.a, tc.b, err, tc.bad)
		}
	}
}
