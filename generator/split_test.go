package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
)

// TestSplitServicesBuild generates every golden case with -split-services
// (and its server, which imports the models package) and vets the output
// and runs its examples, each a request through a service package to a
// canned server: whatever a spec's operations need from the runtime, the
// split must reach it.
func TestSplitServicesBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds packages")
	}
	root, err := os.MkdirTemp("testdata", "splitcheck-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	var pkgs []string
	for _, c := range goldenCases(t) {
		cfg := caseRunConfig(t, c, module+"/generator/"+filepath.ToSlash(root)+"/"+c.name)
		cfg.SplitServices = true
		res, err := pipeline.Run(cfg)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		write := func(dir string, files map[string][]byte) {
			for p, content := range files {
				full := filepath.Join(root, dir, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			pkgs = append(pkgs, "./"+filepath.ToSlash(filepath.Join(root, dir))+"/...")
		}
		client := map[string][]byte{}
		for _, f := range res.Files {
			if strings.HasSuffix(f.Path, ".go") {
				client[f.Path] = f.Content
			}
		}
		write(c.name, client)
		if len(res.ServerFiles) > 0 {
			server := map[string][]byte{}
			for _, f := range res.ServerFiles {
				if strings.HasSuffix(f.Path, ".go") {
					server[f.Path] = f.Content
				}
			}
			write(c.name+"server", server)
		}
	}
	for _, args := range [][]string{
		append([]string{"vet"}, pkgs...),
		append([]string{"test", "-count=1", "-run=^Example"}, pkgs...),
	} {
		if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
			t.Errorf("go %s: %v\n%s", args[0], err, out)
		}
	}
}
