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

func TestSchemes(t *testing.T) {
	url, got := capture(t)
	ctx := context.Background()
	cases := []struct {
		opt   security.Option
		check func(r *http.Request) bool
	}{
		{security.WithBasicAuth("ann", "s3cret"), func(r *http.Request) bool {
			u, p, ok := r.BasicAuth()
			return ok && u == "ann" && p == "s3cret"
		}},
		{security.WithBearerAuth("tok1"), func(r *http.Request) bool { return r.Header.Get("Authorization") == "Bearer tok1" }},
		{security.WithOauth(func(context.Context) (string, error) { return "fresh", nil }), func(r *http.Request) bool {
			return r.Header.Get("Authorization") == "Bearer fresh"
		}},
		{security.WithQueryKey("k&1"), func(r *http.Request) bool { return r.URL.Query().Get("api_key") == "k&1" }},
		{security.WithCookieKey("c1"), func(r *http.Request) bool {
			c, err := r.Cookie("session")
			return err == nil && c.Value == "c1"
		}},
		{security.WithHeaderKey("h1"), func(r *http.Request) bool { return r.Header.Get("X-API-Key") == "h1" }},
	}
	for i, c := range cases {
		client := security.NewClient(security.WithBaseURL(url), c.opt)
		if _, err := client.Default.ListThings(ctx); err != nil {
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

// A failing token source fails the call before sending; secrets never show.
func TestTokenSourceErrorAndNoLeaks(t *testing.T) {
	url, got := capture(t)
	got.Method = ""
	boom := errors.New("token endpoint down")
	client := security.NewClient(security.WithBaseURL(url), security.WithOidc(func(context.Context) (string, error) { return "", boom }))
	_, err := client.Default.ListThings(context.Background())
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
