package write

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func goGen(pkg, body string) []byte { return gen("package " + pkg + "\n" + body) }

func exists(t *testing.T, p string) bool {
	t.Helper()
	_, err := os.Stat(p)
	return err == nil
}

// Finding 6 of issue 13: -out pointed at a parent directory deletes
// nothing of the generated packages below it; prune removes only what
// this package's previous run wrote there (its manifest).
func TestPruneSparesOtherPackagesBelow(t *testing.T) {
	root := t.TempDir()
	child := filepath.Join(root, "api", "client")
	if _, err := Dir(child, []File{{"client.go", goGen("client", "")}, {"docs/Users.md", gen("u")}}); err != nil {
		t.Fatal(err)
	}
	// A package generated before manifests existed, below root too.
	legacy := filepath.Join(root, "legacy")
	os.MkdirAll(legacy, 0o755)
	os.WriteFile(filepath.Join(legacy, "old.go"), goGen("legacy", ""), 0o644)
	// -out is the parent.
	if _, err := Dir(root, []File{{"root.go", goGen("root", "")}, {"docs/Root.md", gen("r")}}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(child, "client.go"), filepath.Join(child, "docs", "Users.md"), filepath.Join(child, ManifestName), filepath.Join(legacy, "old.go")} {
		if !exists(t, p) {
			t.Errorf("generating into the parent deleted %s", p)
		}
	}
	// Run again with fewer files: root's own stale file goes, nothing else.
	changed, err := Dir(root, []File{{"root.go", goGen("root", "")}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(changed, ","); got != ManifestName+",docs/Root.md" {
		t.Errorf("changed = %q", got)
	}
	if !exists(t, filepath.Join(child, "client.go")) || !exists(t, filepath.Join(legacy, "old.go")) {
		t.Error("second run deleted another package's files")
	}
	if d, err := Check(root, []File{{"root.go", goGen("root", "")}}); err != nil || d != "" {
		t.Errorf("check reports other packages' files: %q %v", d, err)
	}
}

// A generated file the manifest does not list (another run, another
// package, copied in by hand) is not pruned, even in the package's own
// directory; a file the manifest lists that was since edited by hand (no
// marker) is not pruned either.
func TestPruneOnlyManifestFiles(t *testing.T) {
	dir := t.TempDir()
	if _, err := Dir(dir, []File{{"a.go", goGen("x", "")}, {"b.go", goGen("x", "")}}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "foreign.go"), goGen("x", "foreign"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.go"), []byte("package x // mine now\n"), 0o644)
	if _, err := Dir(dir, []File{{"a.go", goGen("x", "")}}); err != nil {
		t.Fatal(err)
	}
	if !exists(t, filepath.Join(dir, "foreign.go")) {
		t.Error("pruned a generated file this package never wrote")
	}
	if !exists(t, filepath.Join(dir, "b.go")) {
		t.Error("pruned a listed file that is hand-written now")
	}
	m, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	if !strings.Contains(string(m), "\npackage x\n") || strings.Contains(string(m), "b.go") || !strings.Contains(string(m), "\na.go\n") {
		t.Errorf("manifest:\n%s", m)
	}
}

// A manifest of another package (the directory changed hands) prunes
// nothing: its files are not this package's.
func TestPruneSkipsOtherPackagesManifest(t *testing.T) {
	dir := t.TempDir()
	if _, err := Dir(dir, []File{{"a.go", goGen("one", "")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := Dir(dir, []File{{"b.go", goGen("two", "")}}); err != nil {
		t.Fatal(err)
	}
	if !exists(t, filepath.Join(dir, "a.go")) {
		t.Error("pruned package one's file while writing package two")
	}
}

// Without a manifest (output of an older atriumgen), prune looks only at
// the directory itself and the subdirectories this run writes into, and
// removes a Go file only when its package clause is this package's.
func TestPruneWithoutManifest(t *testing.T) {
	dir := t.TempDir()
	for p, c := range map[string][]byte{
		"old.go":          goGen("x", ""),
		"other.go":        goGen("y", ""),
		"docs/Old.md":     gen("o"),
		"nested/deep.go":  goGen("x", ""),
		"nested/Deep.md":  gen("d"),
		"docs/sub/Sub.md": gen("s"),
	} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), c, 0o644)
	}
	if _, err := Dir(dir, []File{{"a.go", goGen("x", "")}, {"docs/A.md", gen("a")}}); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{"old.go": false, "docs/Old.md": false, "other.go": true, "nested/deep.go": true, "nested/Deep.md": true, "docs/sub/Sub.md": true} {
		if got := exists(t, filepath.Join(dir, p)); got != want {
			t.Errorf("%s exists = %v, want %v", p, got, want)
		}
	}
}
