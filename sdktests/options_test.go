package sdktests

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// TestUserAgent: WithUserAgent sets the User-Agent exactly; without it the
// SDK still identifies itself (not Go's default).
func TestUserAgent(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"user":{"guid":"USR-1"}}`))
	if _, _, err := newTestClient(srv.URL, atrium.WithUserAgent("acme-budget/2.3 (+https://acme.example)")).Users.ReadUser(context.Background(), "USR-1"); err != nil {
		t.Fatal(err)
	}
	if got := srv.only(t).Header.Values("User-Agent"); len(got) != 1 || got[0] != "acme-budget/2.3 (+https://acme.example)" {
		t.Errorf("User-Agent = %q", got)
	}
	if _, _, err := newTestClient(srv.URL).Users.ReadUser(context.Background(), "USR-1"); err != nil {
		t.Fatal(err)
	}
	if ua := srv.only(t).Header.Get("User-Agent"); ua == "" || strings.HasPrefix(ua, "Go-http-client") {
		t.Errorf("default User-Agent = %q, want the SDK's own", ua)
	}
}

// TestHeaders: WithHeader adds headers to every call of a client (repeated
// keys keep every value), WithRequestHeader to one call only, and neither
// changes the client for later calls or other clients.
func TestHeaders(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"user":{"guid":"USR-1"}}`))
	client := newTestClient(srv.URL,
		atrium.WithHeader("X-Partner", "acme"),
		atrium.WithHeader("X-Multi", "a"),
		atrium.WithHeader("X-Multi", "b"),
	)
	other := newTestClient(srv.URL)
	ctx := context.Background()

	if _, _, err := client.Users.ReadUser(ctx, "USR-1", atrium.WithRequestHeader("X-Request-Id", "rid-1"), atrium.WithRequestHeader("X-Trace", "t1")); err != nil {
		t.Fatal(err)
	}
	req := srv.only(t)
	eq(t, "X-Partner", req.Header.Get("X-Partner"), "acme")
	eq(t, "X-Multi", strings.Join(req.Header.Values("X-Multi"), ","), "a,b")
	eq(t, "X-Request-Id", req.Header.Get("X-Request-Id"), "rid-1")
	eq(t, "X-Trace", req.Header.Get("X-Trace"), "t1")
	assertCommonHeaders(t, req, jsonAccept)

	// The per-call header does not stick; the client headers stay.
	if _, err := client.Users.DeleteUser(ctx, "USR-1"); err != nil {
		t.Fatal(err)
	}
	req = srv.only(t)
	eq(t, "X-Request-Id on the next call", req.Header.Get("X-Request-Id"), "")
	eq(t, "X-Partner on the next call", req.Header.Get("X-Partner"), "acme")

	// A per-call header with a client header's key applies to that call only.
	if _, _, err := client.Users.ReadUser(ctx, "USR-1", atrium.WithRequestHeader("X-Partner", "override")); err != nil {
		t.Fatal(err)
	}
	if got := srv.only(t).Header.Values("X-Partner"); !slices.Contains(got, "override") {
		t.Errorf("X-Partner with a per-call value = %q", got)
	}
	if _, _, err := client.Users.ReadUser(ctx, "USR-1"); err != nil {
		t.Fatal(err)
	}
	eq(t, "X-Partner after the override", strings.Join(srv.only(t).Header.Values("X-Partner"), ","), "acme")

	// Another client is unaffected.
	if _, _, err := other.Users.ReadUser(ctx, "USR-1"); err != nil {
		t.Fatal(err)
	}
	eq(t, "X-Partner on another client", srv.only(t).Header.Get("X-Partner"), "")
}

// countingTransport records its use and tags requests.
type countingTransport struct {
	n    atomic.Int32
	base http.RoundTripper
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	r = r.Clone(r.Context())
	r.Header.Set("X-Via-Transport", "yes")
	return c.base.RoundTrip(r)
}

// TestWithHTTPClient: requests go through the given *http.Client (its
// transport and its timeout); nil keeps the default client.
func TestWithHTTPClient(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"user":{"guid":"USR-1"}}`))
	tr := &countingTransport{base: http.DefaultTransport}
	client := newTestClient(srv.URL, atrium.WithHTTPClient(&http.Client{Transport: tr}))
	if _, _, err := client.Users.ReadUser(context.Background(), "USR-1"); err != nil {
		t.Fatal(err)
	}
	eq(t, "transport calls", tr.n.Load(), int32(1))
	req := srv.only(t)
	eq(t, "X-Via-Transport", req.Header.Get("X-Via-Transport"), "yes")
	assertCommonHeaders(t, req, jsonAccept)

	if _, _, err := newTestClient(srv.URL, atrium.WithHTTPClient(nil)).Users.ReadUser(context.Background(), "USR-1"); err != nil {
		t.Fatalf("WithHTTPClient(nil): %v", err)
	}
	srv.only(t)

	blocking, _ := blockingServer(t)
	start := time.Now()
	_, _, err := newTestClient(blocking.URL, atrium.WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond})).Users.ReadUser(context.Background(), "USR-1")
	if err == nil {
		t.Fatal("http.Client timeout: no error")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("http.Client timeout took %v", d)
	}
	assertNoSecrets(t, "error", err.Error())
}

// TestBaseURL: a trailing slash is ignored and a path prefix is kept.
func TestBaseURL(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"user":{"guid":"USR-1"}}`))
	if _, _, err := newTestClient(srv.URL+"/").Users.ReadUser(context.Background(), "USR-1"); err != nil {
		t.Fatal(err)
	}
	eq(t, "request URI (trailing slash)", srv.only(t).RequestURI, "/users/USR-1")
	if _, _, err := newTestClient(srv.URL+"/sandbox/v1/").Users.ReadUser(context.Background(), "USR-1"); err != nil {
		t.Fatal(err)
	}
	eq(t, "request URI (prefix)", srv.only(t).RequestURI, "/sandbox/v1/users/USR-1")
}

// TestNilOptions: nil Option and RequestOption values are ignored.
func TestNilOptions(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"user":{"guid":"USR-1"}}`))
	client := atrium.NewClient(testAPIKey, testClientID, nil, atrium.WithBaseURL(srv.URL), nil)
	if _, _, err := client.Users.ReadUser(context.Background(), "USR-1", nil); err != nil {
		t.Fatal(err)
	}
	assertCommonHeaders(t, srv.only(t), jsonAccept)
}

// TestConcurrentUse: one client used from many goroutines at once (run
// with -race) keeps every request's own path, headers and result.
func TestConcurrentUse(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"user":{"guid":"USR-same"}}`))
	client := newTestClient(srv.URL, atrium.WithHeader("X-Partner", "acme"))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 32; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			id := fmt.Sprintf("USR-%02d", i)
			u, _, err := client.Users.ReadUser(context.Background(), id, atrium.WithRequestHeader("X-Call", id))
			if err != nil {
				errs <- err
				return
			}
			if u.User == nil || u.User.GUID == nil || *u.User.GUID != "USR-same" {
				errs <- errors.New("bad result for " + id)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	reqs := srv.requests()
	if len(reqs) != 32 {
		t.Fatalf("server saw %d requests, want 32", len(reqs))
	}
	for _, r := range reqs {
		if want := "/users/" + r.Header.Get("X-Call"); r.RequestURI != want {
			t.Errorf("request %s carried X-Call %q", r.RequestURI, r.Header.Get("X-Call"))
		}
		assertCommonHeaders(t, r, jsonAccept)
		eq(t, "X-Partner", r.Header.Get("X-Partner"), "acme")
	}
}
