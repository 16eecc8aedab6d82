package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/atriumgen/atriumgen/generator/internal/emit"
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
	root := testdataDir(t, "splitcheck-")
	var pkgs []string
	for _, c := range goldenCases(t) {
		cfg := caseRunConfig(t, c, module+"/generator/"+filepath.ToSlash(root)+"/"+c.name)
		cfg.SplitServices = true
		res, err := pipeline.Run(cfg)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		write := func(dir string, files []emit.File) {
			if len(files) == 0 {
				return
			}
			for _, f := range files {
				if !strings.HasSuffix(f.Path, ".go") {
					continue
				}
				full := filepath.Join(root, dir, filepath.FromSlash(f.Path))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, f.Content, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			pkgs = append(pkgs, "./"+filepath.ToSlash(filepath.Join(root, dir))+"/...")
		}
		write(c.name, res.Files)
		write(c.name+"server", res.ServerFiles)
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

// The split's internal/sdk depends on the generator and the runtime
// features a spec uses, not on its operations or models: regenerating
// after the spec changes leaves it byte for byte the same, so the build
// cache keeps it and a program's rebuild compiles only the models and its
// services (BENCHMARKS.md, sixth pass).
func TestSplitRuntimeIgnoresOperationsAndModels(t *testing.T) {
	spec, err := os.ReadFile(filepath.Join("..", "spec", "atrium.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// Another version of the spec: an operation at another path, one model more.
	changed := strings.Replace(string(spec), "\n  /users/{user_guid}/members/{member_guid}/balance:\n", "\n  /users/{user_guid}/members/{member_guid}/balance-gone:\n", 1)
	changed = strings.Replace(changed, "\n  schemas:\n", "\n  schemas:\n    Extra:\n      type: object\n      properties:\n        a: {type: string}\n", 1)
	if changed == string(spec) || !strings.Contains(changed, "Extra:") || !strings.Contains(changed, "balance-gone") {
		t.Fatal("the spec edit did not apply")
	}
	dir := t.TempDir()
	altered := filepath.Join(dir, "atrium.yaml")
	if err := os.WriteFile(altered, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	sdk := func(specPath string) (map[string]string, map[string]string) {
		res, err := pipeline.Run(pipeline.Config{Spec: specPath, Package: "atrium", ImportPath: "example.com/atrium", NullablePointers: true, SplitServices: true})
		if err != nil {
			t.Fatal(err)
		}
		out, rest := map[string]string{}, map[string]string{}
		for _, f := range res.Files {
			if strings.HasPrefix(f.Path, "internal/sdk/") {
				out[f.Path] = string(f.Content)
			} else {
				rest[f.Path] = string(f.Content)
			}
		}
		return out, rest
	}
	before, modelsBefore := sdk(filepath.Join("..", "spec", "atrium.yaml"))
	after, modelsAfter := sdk(altered)
	if len(before) == 0 {
		t.Fatal("no internal/sdk files")
	}
	if modelsBefore["models.go"] == modelsAfter["models.go"] || modelsBefore["members/members.go"] == modelsAfter["members/members.go"] {
		t.Fatal("the spec edit changed neither the models nor the members service")
	}
	if d := cmp.Diff(before, after); d != "" {
		t.Errorf("internal/sdk changed with the spec's operations and models (-before +after):\n%s", d)
	}
}
