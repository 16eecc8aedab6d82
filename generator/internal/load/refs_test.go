package load

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const refSpec = `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: 'REF'}
`

// Finding 7 of issue 13: $refs outside the spec's directory, file URLs
// and files that never end are located errors; a sibling file still loads.
func TestRefsConfined(t *testing.T) {
	tmp := t.TempDir()
	root := filepath.Join(tmp, "spec")
	if err := os.MkdirAll(filepath.Join(root, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(tmp, "secret.yaml")
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(secret, "type: object\ndescription: TOP SECRET\n")
	write(filepath.Join(root, "sub", "ok.yaml"), "type: object\ndescription: fine\n")
	if err := os.Symlink(secret, filepath.Join(root, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(root, "zero.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "fifo.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{
		secret:                      "outside the spec's directory",
		"../secret.yaml":            "outside the spec's directory",
		"file://" + secret:          "refused",
		"link.yaml":                 "outside the spec's directory",
		"zero.yaml":                 "outside the spec's directory",
		"fifo.yaml":                 "not a regular file",
		"http://127.0.0.1:1/x.yaml": "only local files",
		"sub/ok.yaml":               "",
	} {
		specPath := filepath.Join(root, "api.yaml")
		write(specPath, strings.Replace(refSpec, "REF", ref, 1))
		doc, diags := File(specPath)
		errs := diags.Errors()
		if want == "" {
			if diags.HasErrors() || doc == nil {
				t.Errorf("$ref %s: %v", ref, errs)
			}
			continue
		}
		if !diags.HasErrors() {
			t.Errorf("$ref %s loaded", ref)
			continue
		}
		msg := errs.Error()
		if !strings.Contains(msg, want) || strings.Contains(msg, "TOP SECRET") || !strings.Contains(msg, "api.yaml") {
			t.Errorf("$ref %s: %s, want a located error with %q", ref, msg, want)
		}
	}
}
