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
		secret:                      "outside the reference root",
		"../secret.yaml":            "outside the reference root",
		"file://" + secret:          "refused",
		"link.yaml":                 "outside the reference root",
		"zero.yaml":                 "outside the reference root",
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

// A wider reference root (-ref-root, config ref-root) lets $refs reach
// files above the spec's directory, and only inside it; devices, FIFOs
// and URLs stay refused however wide the root.
func TestRefRootWidens(t *testing.T) {
	tmp := t.TempDir()
	root := filepath.Join(tmp, "spec")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(tmp, "shared.yaml"), "type: object\ndescription: shared\n")
	outside := t.TempDir()
	write(filepath.Join(outside, "other.yaml"), "type: object\ndescription: other\n")
	if err := os.Symlink("/dev/zero", filepath.Join(root, "zero.yaml")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ refRoot, ref, want string }{
		{"", "../shared.yaml", "outside the reference root"},
		{tmp, "../shared.yaml", ""},
		{tmp, filepath.Join(outside, "other.yaml"), "outside the reference root"},
		{"/", "zero.yaml", "not a regular file"},
		{"/", "/dev/zero", "not a regular file"},
		{"/", "file://" + filepath.Join(tmp, "shared.yaml"), "refused"},
	} {
		specPath := filepath.Join(root, "api.yaml")
		write(specPath, strings.Replace(refSpec, "REF", tc.ref, 1))
		doc, diags := FileWithin(specPath, tc.refRoot)
		if tc.want == "" {
			if diags.HasErrors() || doc == nil {
				t.Errorf("root %q, $ref %s: %v", tc.refRoot, tc.ref, diags.Errors())
			}
			continue
		}
		if msg := diags.Errors().Error(); !strings.Contains(msg, tc.want) {
			t.Errorf("root %q, $ref %s: %q, want %q", tc.refRoot, tc.ref, msg, tc.want)
		}
	}
}

// A $ref to the wrong kind of component is refused where it is written.
func TestWrongComponentRefLocated(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    put:
      operationId: a
      responses:
        "200":
          $ref: '#/components/requestBodies/Body'
components:
  requestBodies:
    Body:
      content:
        application/json: {schema: {type: object}}
`
	_, list := Data("spec.yaml", []byte(spec))
	want := `spec.yaml:9:18: /paths/~1a/put/responses/200: cannot load spec: bad data in "#/components/requestBodies/Body" (expecting ref to response object)`
	if got := list.Error(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
