package sdkruntime

import (
	"net/http"
	"testing"
)

// TestQueryCredentialKeepsOtherParameters: a query API key is appended;
// the parameters already styled (allowReserved, spaceDelimited's %20) keep
// their order and encoding.
func TestQueryCredentialKeepsOtherParameters(t *testing.T) {
	c := &core{creds: []credential{apiKeyCredential("key", "query", "api_key", "s&cret value")}}
	for _, tc := range []struct{ query, want string }{
		{"", "api_key=s%26cret+value"},
		{"z=1&path=a/b?c&tags=x%20y", "z=1&path=a/b?c&tags=x%20y&api_key=s%26cret+value"},
	} {
		req, err := http.NewRequest("GET", "http://example.test/things", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.RawQuery = tc.query
		if err := c.authorize(req, c.creds); err != nil {
			t.Fatal(err)
		}
		if req.URL.RawQuery != tc.want {
			t.Errorf("query %q with the key: got %q, want %q", tc.query, req.URL.RawQuery, tc.want)
		}
	}
}
