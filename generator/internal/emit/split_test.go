package emit

import (
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/ir"
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

// The models package's alias file declares every exported runtime name,
// the unexported ones its files use, and what those declarations refer
// to; nothing else (the service packages call internal/sdk).
func TestAliasFileKeepsWhatTheModelsUse(t *testing.T) {
	src := `package sdkruntime

import "net/url"

type core struct{ u *url.URL }

type config struct{ n int }

type secret struct{}

// Option configures a Client.
type Option func(*config)

// WithN sets n.
func WithN(n int) Option { return func(c *config) { c.n = n } }

func newCore(base *url.URL, opts []Option) *core { return &core{base} }

func unused(s secret) string { return "" }

func helper() *core { return nil }
`
	rt, err := parseRuntime([]runtimeSource{{"x.go", src}})
	if err != nil {
		t.Fatal(err)
	}
	g := &gen{api: &ir.API{Package: "m", ImportPath: "example.com/m", SpecFile: "x.yaml"}}
	f, err := g.aliasFile(rt, map[string]bool{"newCore": true, "strings": true})
	if err != nil {
		t.Fatal(err)
	}
	got := string(f.Content)
	for _, want := range []string{"type Option = sdk.Option", "func WithN(p0 int) Option { return sdk.WithN(p0) }", "func newCore(p0 *url.URL, p1 []Option) *core", "type core = sdk.Core", `"net/url"`} {
		if !strings.Contains(got, want) {
			t.Errorf("alias file lacks %q:\n%s", want, got)
		}
	}
	for _, absent := range []string{"func unused", "type secret", "func helper", "type config"} {
		if strings.Contains(got, absent) {
			t.Errorf("alias file declares %s, which the models never use:\n%s", absent, got)
		}
	}
}
