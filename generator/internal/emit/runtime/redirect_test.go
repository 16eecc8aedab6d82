package sdkruntime

import (
	"net/http"
	"net/url"
	"testing"
)

// Finding 9 of issue 13: a redirect that changes scheme, host or port
// drops every credential; one to the same origin keeps them.
func TestRedirectDropsCredentialsAcrossOrigins(t *testing.T) {
	creds := []credential{
		apiKeyCredential("k", "header", "X-Api-Key", "k"),
		apiKeyCredential("q", "query", "api_key", "q"),
		apiKeyCredential("c", "cookie", "session", "c"),
	}
	hc := withoutCredentialLeaks(&http.Client{}, creds)
	for _, tc := range []struct {
		to   string
		keep bool
	}{
		{"https://api.example.com/b?api_key=q&x=1", true},
		{"https://API.example.com:443/b?api_key=q&x=1", true},
		{"http://api.example.com/b?api_key=q&x=1", false},
		{"https://api.example.com:8443/b?api_key=q&x=1", false},
		{"https://evil.example.com/b?api_key=q&x=1", false},
	} {
		first, _ := http.NewRequest("GET", "https://api.example.com/a?api_key=q", nil)
		u, _ := url.Parse(tc.to)
		req := &http.Request{URL: u, Header: http.Header{
			"X-Api-Key": {"k"}, "Cookie": {"session=c"}, "Authorization": {"Bearer t"},
		}}
		if err := hc.CheckRedirect(req, []*http.Request{first}); err != nil {
			t.Fatal(err)
		}
		got := req.Header.Get("X-Api-Key") != "" || req.Header.Get("Cookie") != "" || req.Header.Get("Authorization") != "" || req.URL.Query().Has("api_key")
		all := req.Header.Get("X-Api-Key") != "" && req.Header.Get("Cookie") != "" && req.Header.Get("Authorization") != "" && req.URL.Query().Has("api_key")
		if tc.keep && !all {
			t.Errorf("%s: same origin lost credentials: %v %s", tc.to, req.Header, req.URL)
		}
		if !tc.keep && got {
			t.Errorf("%s: credentials sent across origins: %v %s", tc.to, req.Header, req.URL)
		}
		if req.URL.Query().Get("x") != "1" {
			t.Errorf("%s: other query parameters lost: %s", tc.to, req.URL)
		}
	}
}
