package security_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/testdata/security/want"
)

func capture(t *testing.T) (string, *http.Request) {
	var got http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = *r
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &got
}

func optionList(opts ...security.Option) []security.Option { return opts }

func TestSchemes(t *testing.T) {
	url, got := capture(t)
	ctx := context.Background()
	cases := []struct {
		opts  []security.Option
		check func(r *http.Request) bool
	}{
		{optionList(security.WithBasicAuth("ann", "s3cret")), func(r *http.Request) bool {
			u, p, ok := r.BasicAuth()
			return ok && u == "ann" && p == "s3cret"
		}},
		{optionList(security.WithBearerAuth("tok1")), func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer tok1" }},
		{optionList(security.WithOauth(func(context.Context) (string, error) { return "fresh", nil })), func(r *http.Request) bool {
			return r.Header.Get("Authorization") == "Bearer fresh"
		}},
		// queryKey and cookieKey go together: one alone satisfies no alternative.
		{optionList(security.WithQueryKey("k&1")), func(r *http.Request) bool { return r.URL.Query().Get("api_key") == "" }},
		{optionList(security.WithCookieKey("c1")), func(r *http.Request) bool { return len(r.Cookies()) == 0 }},
		{optionList(security.WithQueryKey("k&1"), security.WithCookieKey("c1")), func(r *http.Request) bool {
			if r.URL.Query().Get("api_key") != "k&1" {
				return false
			}
			c, err := r.Cookie("session")
			return err == nil && c.Value == "c1"
		}},
		{optionList(security.WithHeaderKey("h1")), func(r *http.Request) bool { return r.Header.Get("X-API-Key") == "h1" }},
	}
	for i, c := range cases {
		client := security.NewClient(append(c.opts, security.WithBaseURL(url))...)
		call := client.Default.ListThings
		if i == len(cases)-1 {
			call = client.Default.KeyedThing // headerKey is required by keyedThing only
		}
		if _, err := call(ctx); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if !c.check(got) {
			t.Errorf("case %d: credential not sent: %v %v", i, got.Header, got.URL)
		}
	}
}

// Alternatives combine; operations with security: [] send none.
func TestSeveralAndNone(t *testing.T) {
	url, got := capture(t)
	client := security.NewClient(security.WithBaseURL(url), security.WithQueryKey("q"), security.WithCookieKey("c"))
	if _, err := client.Default.ListThings(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got.URL.Query().Get("api_key") != "q" || len(got.Cookies()) != 1 {
		t.Errorf("want both: %v %v", got.URL, got.Cookies())
	}
	if _, err := client.Default.PublicInfo(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got.URL.RawQuery != "" || len(got.Cookies()) != 0 {
		t.Errorf("public operation sent credentials: %v %v", got.URL, got.Cookies())
	}
}

// Each operation sends exactly the credentials of its first satisfied
// alternative: configured schemes that the operation does not name stay
// home, and security: [{}] sends nothing.
func TestPerOperationRequirements(t *testing.T) {
	url, got := capture(t)
	ctx := context.Background()
	client := security.NewClient(security.WithBaseURL(url), security.WithHeaderKey("h1"), security.WithBearerAuth("tok1"),
		security.WithQueryKey("q"), security.WithCookieKey("c"))
	type sent struct {
		header, auth, query string
		cookies             int
	}
	observe := func() sent {
		return sent{got.Header.Get("X-API-Key"), got.Header.Get("Authorization"), got.URL.RawQuery, len(got.Cookies())}
	}
	for _, tc := range []struct {
		name string
		call func(context.Context, ...security.RequestOption) (*security.Response, error)
		want sent
	}{
		// Global alternatives: basic (not configured), bearer (configured): bearer only.
		{"listThings", client.Default.ListThings, sent{auth: "Bearer tok1"}},
		// [{headerKey}, {oidc}, {bearerAuth}]: the first one, alone.
		{"keyedThing", client.Default.KeyedThing, sent{header: "h1"}},
		{"anonymousInfo", client.Default.AnonymousInfo, sent{}},
		{"publicInfo", client.Default.PublicInfo, sent{}},
	} {
		if _, err := tc.call(ctx); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if g := observe(); g != tc.want {
			t.Errorf("%s sent %+v, want %+v", tc.name, g, tc.want)
		}
	}
	// Only the later alternative configured: it is used.
	client = security.NewClient(security.WithBaseURL(url), security.WithQueryKey("q"), security.WithCookieKey("c"), security.WithBearerAuth("tok2"))
	if _, err := client.Default.KeyedThing(ctx); err != nil {
		t.Fatal(err)
	}
	if g := observe(); g != (sent{auth: "Bearer tok2"}) {
		t.Errorf("keyedThing with bearer only sent %+v", g)
	}
}

// A failing token source fails the call before sending; secrets never show.
func TestTokenSourceErrorAndNoLeaks(t *testing.T) {
	url, got := capture(t)
	got.Method = ""
	boom := errors.New("token endpoint down")
	client := security.NewClient(security.WithBaseURL(url), security.WithOidc(func(context.Context) (string, error) { return "", boom }))
	_, err := client.Default.KeyedThing(context.Background())
	if !errors.Is(err, boom) || got.Method != "" {
		t.Errorf("err = %v, request sent: %v", err, got.Method != "")
	}
	secret := security.NewClient(security.WithBasicAuth("ann", "hunter2"), security.WithBearerAuth("tok-XYZ"), security.WithBaseURL("http://127.0.0.1:1"))
	_, err = secret.Default.ListThings(context.Background())
	for _, s := range []string{fmt.Sprintf("%v %+v %#v", secret, secret, secret), fmt.Sprint(err)} {
		if strings.Contains(s, "hunter2") || strings.Contains(s, "tok-XYZ") || strings.Contains(s, "YW5uOmh1bnRlcjI") {
			t.Errorf("credential leaked: %s", s)
		}
	}
}

func TestServerVariables(t *testing.T) {
	if got := security.ServerRegionalURL("us", ""); got != "https://us.example.com/v2" {
		t.Errorf("ServerRegionalURL = %s", got)
	}
	if security.ServerRegional != "https://eu.example.com/v2" {
		t.Errorf("ServerRegional = %s", security.ServerRegional)
	}
}
