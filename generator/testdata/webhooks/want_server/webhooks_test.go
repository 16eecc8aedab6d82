package webhooksserver_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/atriumgen/atriumgen/generator/testdata/webhooks/want"
	"github.com/atriumgen/atriumgen/generator/testdata/webhooks/want_server"
)

type receiver struct {
	webhooksserver.UnimplementedWebhooks
	deleted []*webhooksserver.PetDeletedRequest
}

func (r *receiver) PetDeleted(_ context.Context, req *webhooksserver.PetDeletedRequest) (*webhooksserver.PetDeletedResult, error) {
	r.deleted = append(r.deleted, req)
	return nil, nil
}

func post(t *testing.T, url, body string, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// A webhook POST reaches the implementation with its body and headers
// decoded; bad input answers 400 without calling it; an unimplemented
// webhook answers 501. The handler is mounted under a prefix of the
// application's choice.
func TestWebhookHandler(t *testing.T) {
	rec := &receiver{}
	mux := http.NewServeMux()
	mux.Handle("/hooks/", http.StripPrefix("/hooks", webhooksserver.NewWebhookHandler(rec)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	code, body := post(t, srv.URL+"/hooks/petDeleted", `{"kind":"deleted"}`, map[string]string{"X-Signature": "sig", "X-Attempt": "3"})
	if code != http.StatusNoContent {
		t.Fatalf("status %d: %s", code, body)
	}
	if len(rec.deleted) != 1 {
		t.Fatalf("implementation called %d times", len(rec.deleted))
	}
	got := rec.deleted[0]
	if d := cmp.Diff(&webhooks.Event{Kind: webhooks.Ptr("deleted")}, got.Body); d != "" {
		t.Errorf("body (-want +got):\n%s", d)
	}
	if got.XSignature != "sig" || got.Params.XAttempt == nil || *got.Params.XAttempt != 3 {
		t.Errorf("headers: signature %q, attempt %v", got.XSignature, got.Params.XAttempt)
	}

	for _, tc := range []struct {
		name, body string
		header     map[string]string
		want       string
	}{
		{"no signature", `{"kind":"x"}`, nil, "X-Signature"},
		{"bad attempt", `{"kind":"x"}`, map[string]string{"X-Signature": "s", "X-Attempt": "three"}, "X-Attempt"},
		{"no body", ``, map[string]string{"X-Signature": "s"}, "body"},
		{"wrong type", `{"kind":1}`, map[string]string{"X-Signature": "s"}, "kind"},
	} {
		code, body := post(t, srv.URL+"/hooks/petDeleted", tc.body, tc.header)
		if code != http.StatusBadRequest || !strings.Contains(body, tc.want) {
			t.Errorf("%s: status %d %s, want 400 naming %s", tc.name, code, body, tc.want)
		}
	}
	if len(rec.deleted) != 1 {
		t.Errorf("bad input reached the implementation: %d calls", len(rec.deleted))
	}
	if code, body := post(t, srv.URL+"/hooks/newPet", `{}`, nil); code != http.StatusNotImplemented {
		t.Errorf("unimplemented webhook: status %d %s", code, body)
	}
	if code, _ := post(t, srv.URL+"/hooks/subscribe", `{}`, nil); code != http.StatusNotFound {
		t.Errorf("an operation's name is no webhook: status %d", code)
	}
}
