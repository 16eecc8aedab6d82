package emit

import (
	"strings"
	"testing"
)

// TestSplitRefusesUnfaithfulRenames: the split exports the runtime's
// names by upper-casing them, so a runtime where that would merge two
// names, or rename an import or an exported type's member by selector,
// is refused rather than emitted wrong.
func TestSplitRefusesUnfaithfulRenames(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"top-level", "package sdkruntime\n\nfunc send() {}\n\nfunc Send() {}\n", "send (its exported form is a name already)"},
		{"member", "package sdkruntime\n\ntype request struct{ body, Body []byte }\n", "body (request has Body too)"},
		{"method and field", "package sdkruntime\n\ntype request struct{ err error }\n\nfunc (r *request) Err() error { return r.err }\n", "err (request has Err too)"},
		{"exported type's member", "package sdkruntime\n\ntype request struct{ limit int }\n\ntype Policy struct{ limit int }\n", "limit (also a member of an exported type)"},
		{"import", "package sdkruntime\n\nimport \"net/url\"\n\ntype request struct{ url *url.URL }\n", "url (also an import)"},
	} {
		_, err := parseRuntime([]runtimeSource{{"x.go", c.src}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error naming %s", c.name, err, c.want)
		}
	}
	ok := "package sdkruntime\n\nimport \"net/url\"\n\ntype request struct{ u *url.URL }\n\nfunc (r *request) host() string { return r.u.Host }\n"
	rt, err := parseRuntime([]runtimeSource{{"x.go", ok}})
	if err != nil {
		t.Fatal(err)
	}
	files, err := sdkFiles(rt, "x.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := string(files[0].Content)
	for _, want := range []string{"type Request struct{ U *url.URL }", "func (r *Request) Host() string { return r.U.Host }"} {
		if !strings.Contains(got, want) {
			t.Errorf("renamed runtime lacks %q:\n%s", want, got)
		}
	}
}
