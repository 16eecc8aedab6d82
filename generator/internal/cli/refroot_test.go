package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// -ref-root and the config key ref-root widen where external $refs may
// read; without either, a $ref above the spec's directory is refused.
func TestRefRootFlagAndConfig(t *testing.T) {
	dir := tempModule(t)
	write := func(p, s string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "shared", "item.yaml"), "type: object\nproperties: {id: {type: string}}\n")
	spec := filepath.Join(dir, "api", "spec.yaml")
	write(spec, `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /items:
    get:
      operationId: getItem
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '../shared/item.yaml'}
`)
	out := filepath.Join(dir, "sdk")
	code, _, stderr := runCLI(t, "-spec", spec, "-out", out)
	if code != 1 || !strings.Contains(stderr, "outside the reference root") {
		t.Fatalf("default root: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "-spec", spec, "-out", out, "-ref-root", dir); code != 0 {
		t.Fatalf("-ref-root: exit %d, %s", code, stderr)
	}
	// In a config file the root is relative to the file.
	cfg := filepath.Join(dir, "atriumgen.yaml")
	write(cfg, "version: 1\nspec: api/spec.yaml\nout: sdk2\nref-root: .\n")
	if code, _, stderr := runCLI(t, "-config", cfg); code != 0 {
		t.Fatalf("config ref-root: exit %d, %s", code, stderr)
	}
	write(cfg, "version: 1\nspec: api/spec.yaml\nout: sdk2\nref-root: api\n")
	if code, _, stderr := runCLI(t, "-config", cfg); code != 1 || !strings.Contains(stderr, "outside the reference root") {
		t.Fatalf("config ref-root api: exit %d, %s", code, stderr)
	}
}
