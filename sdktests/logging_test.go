package sdktests

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// logLines decodes a JSON slog output, one record a line.
func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		out = append(out, m)
	}
	return out
}

// syncBuffer is a bytes.Buffer safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.Write(p)
}

// TestLogging: every attempt is logged with method, path (IDs kept),
// status, attempt, duration and request ID; retries say how long they
// wait. Nothing logged holds a credential or a header value.
func TestLogging(t *testing.T) {
	srv := newRecorder(t,
		reply{Status: 503, ContentType: "application/json", Header: map[string]string{"X-Request-Id": "req-1"}, Body: errorJSON("busy")},
		reply{Status: 200, ContentType: "application/json", Header: map[string]string{"X-Request-Id": "req-2"}, Body: `{"member":{"guid":"MBR-9"}}`})
	var buf syncBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client := retrying(srv.URL, atrium.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond}, atrium.WithLogger(logger))
	if _, _, err := client.Members.ReadMember(context.Background(), "USR-1", "MBR-9", atrium.WithRequestHeader("X-Secret-Header", "hdr-SECRET123")); err != nil {
		t.Fatal(err)
	}
	lines := logLines(t, &buf.Buffer)
	if len(lines) != 2 {
		t.Fatalf("%d log records, want 2 (one per attempt): %s", len(lines), buf.String())
	}
	for i, want := range []struct {
		status float64
		level  string
		reqID  string
		retry  bool
	}{{503, "INFO", "req-1", true}, {200, "DEBUG", "req-2", false}} {
		l := lines[i]
		eq(t, "method", l["method"], any("GET"))
		eq(t, "path", l["path"], any("/users/USR-1/members/MBR-9"))
		eq(t, "status", l["status"], any(want.status))
		eq(t, "attempt", l["attempt"], any(float64(i+1)))
		eq(t, "level", l["level"], any(want.level))
		eq(t, "request_id", l["request_id"], any(want.reqID))
		if _, ok := l["duration"]; !ok {
			t.Errorf("record %d has no duration", i)
		}
		if _, ok := l["retry_in"]; ok != want.retry {
			t.Errorf("record %d retry_in present = %v", i, ok)
		}
	}
	assertNoSecrets(t, "log", buf.String())

	// Errors are logged too (a 401 and a refused connection), still
	// without secrets.
	buf.Reset()
	srv401 := newRecorder(t, reply{Status: 401, ContentType: "application/json", Body: errorJSON("bad key")})
	newTestClient(srv401.URL, atrium.WithLogger(logger)).Users.ReadUser(context.Background(), "USR-1")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	_, _, err = newTestClient(dead, atrium.WithLogger(logger)).Users.ReadUser(context.Background(), "USR-1")
	assertErrorHasNoSecrets(t, "refused", err)
	lines = logLines(t, &buf.Buffer)
	if len(lines) != 2 || lines[0]["status"] != float64(401) || lines[1]["error"] == nil || lines[1]["level"] != "WARN" {
		t.Errorf("records = %v", lines)
	}
	assertNoSecrets(t, "error log", buf.String())
}

// TestMiddleware: middleware wraps the transport, outermost first, and
// sees every attempt; it can add headers (e.g. trace context).
func TestMiddleware(t *testing.T) {
	srv := newRecorder(t, rep503, repMember)
	var mu sync.Mutex
	var order []string
	mw := func(name string) func(http.RoundTripper) http.RoundTripper {
		return func(next http.RoundTripper) http.RoundTripper {
			return atrium.RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
				mu.Lock()
				order = append(order, name)
				mu.Unlock()
				r = r.Clone(r.Context())
				r.Header.Set("Traceparent", "00-trace-"+name)
				return next.RoundTrip(r)
			})
		}
	}
	hc := &http.Client{Timeout: 5 * time.Second}
	client := retrying(srv.URL, atrium.RetryPolicy{MaxRetries: 1, BaseDelay: time.Millisecond},
		atrium.WithHTTPClient(hc), atrium.WithMiddleware(mw("outer")), atrium.WithMiddleware(mw("inner")))
	if _, _, err := client.Members.ReadMember(context.Background(), "USR-1", "MBR-1"); err != nil {
		t.Fatal(err)
	}
	eqStrings(t, "middleware calls", order, []string{"outer", "inner", "outer", "inner"})
	if hc.Transport != nil {
		t.Error("WithMiddleware changed the caller's *http.Client")
	}
}

// TestSecretsNotInRetriedErrors: after retries and a transport error the
// final error holds no credential.
func TestSecretsNotInRetriedErrors(t *testing.T) {
	srv := newRecorder(t, rep503)
	_, _, err := retrying(srv.URL, atrium.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond}).Members.ReadMember(context.Background(), "USR-1", "MBR-1")
	assertErrorHasNoSecrets(t, "retried 503", err)
	if !errors.Is(err, atrium.ErrServer) {
		t.Errorf("err = %v", err)
	}
}
