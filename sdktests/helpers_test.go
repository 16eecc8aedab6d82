package sdktests

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/oapi-codegen/runtime/types"
)

// The credentials every test client is configured with. They look like live
// secrets so the secrecy checks can search for them in any output.
const (
	testAPIKey   = "sk_live_SECRET123"
	testClientID = "cid_SECRET456"
)

const (
	jsonAccept = "application/vnd.mx.atrium.v1+json"
	pdfAccept  = "application/vnd.mx.atrium.v1+pdf"
)

// recorded is what the server saw of one request.
type recorded struct {
	Method      string
	RequestURI  string
	EscapedPath string
	RawQuery    string
	Header      http.Header
	Body        []byte
	At          time.Time // when the request arrived
}

// reply is what the recording server answers.
type reply struct {
	Status      int
	ContentType string
	Header      map[string]string
	Body        string
}

// recorder is an httptest server that records every request and answers
// the i-th with script[i], the last entry repeating (so a single reply
// answers every request).
type recorder struct {
	*httptest.Server
	mu     sync.Mutex
	reqs   []recorded
	script []reply
	served int // requests answered so far, indexing script
}

func newRecorder(t testing.TB, script ...reply) *recorder {
	t.Helper()
	if len(script) == 0 {
		t.Fatal("newRecorder: no reply")
	}
	rec := &recorder{script: script}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("server: reading request body: %v", err)
		}
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, recorded{
			Method: r.Method, RequestURI: r.RequestURI, EscapedPath: r.URL.EscapedPath(),
			RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, At: time.Now(),
		})
		rep := rec.script[min(rec.served, len(rec.script)-1)]
		rec.served++
		rec.mu.Unlock()
		if rep.ContentType != "" {
			w.Header().Set("Content-Type", rep.ContentType)
		}
		for k, v := range rep.Header {
			w.Header().Set(k, v)
		}
		status := rep.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, rep.Body)
	}))
	t.Cleanup(rec.Close)
	return rec
}

// setReply answers every later request with rep.
func (rec *recorder) setReply(rep reply) {
	rec.mu.Lock()
	rec.script = []reply{rep}
	rec.mu.Unlock()
}

// requests returns and forgets the requests recorded so far.
func (rec *recorder) requests() []recorded {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := rec.reqs
	rec.reqs = nil
	return out
}

// gaps returns how many requests were recorded (and not yet taken by
// requests) and the time between consecutive ones.
func (rec *recorder) gaps() (n int, gaps []time.Duration) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for i := 1; i < len(rec.reqs); i++ {
		gaps = append(gaps, rec.reqs[i].At.Sub(rec.reqs[i-1].At))
	}
	return len(rec.reqs), gaps
}

// only asserts exactly one request was recorded (no retries, no extra
// calls) and returns it.
func (rec *recorder) only(t testing.TB) recorded {
	t.Helper()
	reqs := rec.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want exactly 1", len(reqs))
	}
	return reqs[0]
}

// newTestClient returns a client with the test credentials talking to
// baseURL. Retries are off so each call is exactly one request; the retry
// tests (retry_test.go) turn them on with an option after these.
func newTestClient(baseURL string, opts ...atrium.Option) *atrium.Client {
	return atrium.NewClient(testAPIKey, testClientID, append([]atrium.Option{atrium.WithBaseURL(baseURL), atrium.WithMaxRetries(0)}, opts...)...)
}

// jsonReply is a JSON success reply.
func jsonReply(status int, body string) reply {
	return reply{Status: status, ContentType: "application/json", Body: body}
}

// assertJSONEqual compares two JSON documents after decoding them.
func assertJSONEqual(t testing.TB, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("request body is not JSON: %v: %q", err, got)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("bad expected JSON in test: %v: %q", err, want)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("request body\n got: %s\nwant: %s", got, want)
	}
}

// assertQuery compares a raw query string with the expected one as decoded
// key/value lists: every key present exactly as often as expected, no extra
// keys, values equal after decoding. Parameter order is not significant.
func assertQuery(t testing.TB, raw, want string) {
	t.Helper()
	g, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatalf("query %q does not parse: %v", raw, err)
	}
	w, err := url.ParseQuery(want)
	if err != nil {
		t.Fatalf("bad expected query in test %q: %v", want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("query\n got: %q (%v)\nwant: %q (%v)", raw, g, want, w)
	}
}

// assertCommonHeaders checks the headers every request carries.
func assertCommonHeaders(t testing.TB, req recorded, accept string) {
	t.Helper()
	if got := req.Header.Values("Accept"); len(got) != 1 || got[0] != accept {
		t.Errorf("Accept = %q, want [%q]", got, accept)
	}
	if got := req.Header.Values("MX-API-Key"); len(got) != 1 || got[0] != testAPIKey {
		t.Errorf("MX-API-Key = %q, want [%q]", got, testAPIKey)
	}
	if got := req.Header.Values("MX-Client-ID"); len(got) != 1 || got[0] != testClientID {
		t.Errorf("MX-Client-ID = %q, want [%q]", got, testClientID)
	}
}

// assertNoSecrets fails if s contains either test credential.
func assertNoSecrets(t testing.TB, what, s string) {
	t.Helper()
	for _, secret := range []string{testAPIKey, testClientID, "SECRET123", "SECRET456"} {
		if strings.Contains(s, secret) {
			t.Errorf("%s leaks a credential (%q): %s", what, secret, s)
		}
	}
}

// ret erases a typed result so table entries share one signature; a nil
// pointer becomes a nil interface so "no result" is easy to check.
func ret[T any](v *T, resp *atrium.Response, err error) (any, *atrium.Response, error) {
	if v == nil {
		return nil, resp, err
	}
	return v, resp, err
}

// val dereferences p, failing the test when p is nil.
func val[T any](t testing.TB, what string, p *T) T {
	t.Helper()
	if p == nil {
		t.Fatalf("%s is nil", what)
		var zero T
		return zero
	}
	return *p
}

func eq[T comparable](t testing.TB, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func date(y int, m time.Month, d int) *types.Date {
	return &types.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

func ts(s string) time.Time {
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return tm
}
