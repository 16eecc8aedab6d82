package sdkruntime

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fakeClock records the waits of the retry loop instead of sleeping, and
// makes jitter deterministic: the full ceiling, or a fixed fraction.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
	frac   float64 // jitter returns ceil*frac
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), frac: 1}
}

func (f *fakeClock) option() Option {
	return func(c *config) {
		c.run.sleep = func(ctx context.Context, d time.Duration) error {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.sleeps = append(f.sleeps, d)
			f.now = f.now.Add(d)
			return ctx.Err()
		}
		c.run.jitter = func(ceil time.Duration) time.Duration { return time.Duration(float64(ceil) * f.frac) }
		c.run.now = func() time.Time {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.now
		}
	}
}

func (f *fakeClock) waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// scripted answers request i with statuses[i] (the last one repeats) and
// records the bodies it received.
type scripted struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	header   http.Header
	bodies   []string
}

func newScripted(t *testing.T, header http.Header, statuses ...int) *scripted {
	s := &scripted{statuses: statuses, header: header}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		i := len(s.bodies)
		s.bodies = append(s.bodies, string(b))
		st := s.statuses[min(i, len(s.statuses)-1)]
		s.mu.Unlock()
		for k, vs := range s.header {
			w.Header()[k] = vs
		}
		w.WriteHeader(st)
		io.WriteString(w, `{"n":`+strconv.Itoa(i)+`}`)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *scripted) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bodies)
}

type result struct{ N int }

func call(c *core, method string, opts ...RequestOption) (*result, *Response, error) {
	r := c.newRequest(context.Background(), method, "/things/T-1", "application/json", nil, opts)
	if method == http.MethodPost {
		r.jsonBody("application/json", map[string]string{"name": "x"})
	}
	return doJSON(c, r, new(result))
}

func eqDurations(t *testing.T, got, want []time.Duration) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("waits = %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("waits = %v, want %v", got, want)
		}
	}
}

func TestRetryBackoffCountsAndDelays(t *testing.T) {
	srv := newScripted(t, nil, 503, 503, 503, 200)
	clk := newFakeClock()
	c := newCore(srv.URL, nil, []Option{clk.option(), WithRetry(RetryPolicy{MaxRetries: 3, BaseDelay: 100 * time.Millisecond, MaxDelay: 250 * time.Millisecond})})
	res, resp, err := call(c, http.MethodGet)
	if err != nil || res.N != 3 || resp.StatusCode != 200 {
		t.Fatalf("got %v, %v, %v", res, resp, err)
	}
	// Full jitter ceilings 100ms, 200ms, then capped at 250ms.
	eqDurations(t, clk.waits(), []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 250 * time.Millisecond})

	// The jitter is applied: half the ceiling.
	srv2 := newScripted(t, nil, 429, 200)
	clk2 := newFakeClock()
	clk2.frac = 0.5
	c2 := newCore(srv2.URL, nil, []Option{clk2.option(), WithRetry(RetryPolicy{MaxRetries: 3, BaseDelay: 100 * time.Millisecond})})
	if _, _, err := call(c2, http.MethodGet); err != nil {
		t.Fatal(err)
	}
	eqDurations(t, clk2.waits(), []time.Duration{50 * time.Millisecond})
}

func TestRetryGivesUpWithLastError(t *testing.T) {
	srv := newScripted(t, http.Header{"X-Request-Id": {"req-9"}}, 503)
	clk := newFakeClock()
	c := newCore(srv.URL, nil, []Option{clk.option()}) // default policy: 2 retries
	_, resp, err := call(c, http.MethodGet)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || resp.StatusCode != 503 {
		t.Fatalf("err = %v", err)
	}
	if apiErr.Attempts != 3 || srv.count() != 3 {
		t.Errorf("attempts = %d, server saw %d, want 3", apiErr.Attempts, srv.count())
	}
	if apiErr.RequestID != "req-9" || !errors.Is(err, ErrServer) {
		t.Errorf("RequestID = %q, Is(ErrServer) = %v", apiErr.RequestID, errors.Is(err, ErrServer))
	}
	eqDurations(t, clk.waits(), []time.Duration{500 * time.Millisecond, time.Second})
}

func TestRetryAfter(t *testing.T) {
	clk := newFakeClock()
	for _, tc := range []struct {
		name, value string
		want        time.Duration
	}{
		{"seconds", "3", 3 * time.Second},
		{"zero", "0", 0},
		{"http-date", clk.now.Add(7 * time.Second).Format(http.TimeFormat), 7 * time.Second},
		{"past date", clk.now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"malformed uses backoff", "soon", 500 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newScripted(t, http.Header{"Retry-After": {tc.value}}, 429, 200)
			clk := newFakeClock()
			c := newCore(srv.URL, nil, []Option{clk.option()})
			if _, _, err := call(c, http.MethodGet); err != nil {
				t.Fatal(err)
			}
			eqDurations(t, clk.waits(), []time.Duration{tc.want})
		})
	}

	// Longer than MaxRetryAfter: not waited for; the error says how long.
	srv := newScripted(t, http.Header{"Retry-After": {"120"}}, 429, 200)
	clk = newFakeClock()
	c := newCore(srv.URL, nil, []Option{clk.option()})
	_, _, err := call(c, http.MethodGet)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter != 2*time.Minute || !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v (%#v)", err, apiErr)
	}
	if srv.count() != 1 || len(clk.waits()) != 0 {
		t.Errorf("server saw %d requests, waits %v; want 1 and none", srv.count(), clk.waits())
	}

	// An HTTP date is read against the client's clock, in the error too
	// (the fake clock is in 2026, far from the wall clock).
	clk = newFakeClock()
	srv = newScripted(t, http.Header{"Retry-After": {clk.now.Add(5 * time.Minute).Format(http.TimeFormat)}}, 429, 200)
	c = newCore(srv.URL, nil, []Option{clk.option()})
	_, _, err = call(c, http.MethodGet)
	if !errors.As(err, &apiErr) || apiErr.RetryAfter != 5*time.Minute {
		t.Fatalf("err = %v, RetryAfter %v; want the 5m the date is from the client's clock", err, apiErr.RetryAfter)
	}
}

func TestDeadlineWins(t *testing.T) {
	// The wait would end after the deadline: return at once, without sleeping.
	srv := newScripted(t, http.Header{"Retry-After": {"5"}}, 503, 200)
	c := newCore(srv.URL, nil, nil) // the real clock
	start := time.Now()
	r := c.newRequest(context.Background(), "GET", "/x", "", nil, []RequestOption{WithTimeout(time.Second)})
	_, _, err := doJSON(c, r, new(result))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.RetryAfter != 5*time.Second {
		t.Fatalf("err = %v", err)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("took %v: slept towards a wait past the deadline", d)
	}
	if srv.count() != 1 {
		t.Errorf("server saw %d requests, want 1", srv.count())
	}

	// A context cancelled while waiting ends the wait at once.
	srv2 := newScripted(t, http.Header{"Retry-After": {"30"}}, 503, 200)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start = time.Now()
	c2 := newCore(srv2.URL, nil, nil)
	r = c2.newRequest(ctx, "GET", "/x", "", nil, nil)
	_, _, err = doJSON(c2, r, new(result))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestPostRetries(t *testing.T) {
	for _, tc := range []struct {
		name     string
		status   int
		opts     []RequestOption
		attempts int
	}{
		{"500 not retried", 500, nil, 1},
		{"502 not retried", 502, nil, 1},
		{"504 not retried", 504, nil, 1},
		{"503 retried: refused", 503, nil, 2},
		{"429 retried: refused", 429, nil, 2},
		{"500 retried when idempotent", 500, []RequestOption{WithIdempotent()}, 2},
		{"400 never retried", 400, []RequestOption{WithIdempotent()}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newScripted(t, nil, tc.status, 200)
			clk := newFakeClock()
			c := newCore(srv.URL, nil, []Option{clk.option()})
			call(c, http.MethodPost, tc.opts...)
			if srv.count() != tc.attempts {
				t.Fatalf("server saw %d requests, want %d", srv.count(), tc.attempts)
			}
			// The body is sent whole on every attempt.
			for i, b := range srv.bodies {
				if b != `{"name":"x"}` {
					t.Errorf("attempt %d body = %q", i+1, b)
				}
			}
		})
	}
	// GET retries the 5xx a POST does not.
	srv := newScripted(t, nil, 500, 502, 504, 200)
	clk := newFakeClock()
	c := newCore(srv.URL, nil, []Option{clk.option(), WithMaxRetries(3)})
	if _, _, err := call(c, http.MethodGet); err != nil || srv.count() != 4 {
		t.Fatalf("err = %v, server saw %d, want success after 4", err, srv.count())
	}
}

func TestRetrySwitches(t *testing.T) {
	cases := []struct {
		name     string
		client   []Option
		call     []RequestOption
		attempts int
	}{
		{"default 2 retries", nil, nil, 3},
		{"client off", []Option{WithMaxRetries(0)}, nil, 1},
		{"client policy", []Option{WithRetry(RetryPolicy{MaxRetries: 4})}, nil, 5},
		{"client policy 0 is off", []Option{WithRetry(RetryPolicy{})}, nil, 1},
		{"call off", nil, []RequestOption{WithRequestMaxRetries(0)}, 1},
		{"call more", []Option{WithMaxRetries(0)}, []RequestOption{WithRequestMaxRetries(1)}, 2},
		{"call policy", nil, []RequestOption{WithRequestRetry(RetryPolicy{MaxRetries: 3})}, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newScripted(t, nil, 503)
			clk := newFakeClock()
			c := newCore(srv.URL, nil, append([]Option{clk.option()}, tc.client...))
			call(c, http.MethodGet, tc.call...)
			if srv.count() != tc.attempts {
				t.Fatalf("server saw %d requests, want %d", srv.count(), tc.attempts)
			}
		})
	}
}

// dropServer accepts connections and closes them without answering,
// counting them.
func dropServer(t *testing.T) (addr string, count func() int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	n := 0
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			n++
			mu.Unlock()
			buf := make([]byte, 4096)
			conn.Read(buf) // the request reached the server
			conn.Close()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return "http://" + ln.Addr().String(), func() int { mu.Lock(); defer mu.Unlock(); return n }
}

func TestConnectionErrors(t *testing.T) {
	// noKeepAlive: the transport's own retry of requests on reused
	// connections does not blur the counts.
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	base, count := dropServer(t)
	clk := newFakeClock()
	c := newCore(base, nil, []Option{clk.option(), WithHTTPClient(hc)})

	if _, _, err := call(c, http.MethodGet); err == nil {
		t.Fatal("no error")
	}
	if count() != 3 {
		t.Errorf("GET: server saw %d connections, want 3 (2 retries)", count())
	}
	before := count()
	if _, _, err := call(c, http.MethodPost); err == nil {
		t.Fatal("no error")
	}
	if n := count() - before; n != 1 {
		t.Errorf("POST that reached the server: %d attempts, want 1", n)
	}
	before = count()
	call(c, http.MethodPost, WithIdempotent())
	if n := count() - before; n != 3 {
		t.Errorf("POST with WithIdempotent: %d attempts, want 3", n)
	}

	// Nothing listening: the request never reached a server, so even a
	// POST is retried.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + ln.Addr().String()
	ln.Close()
	clk = newFakeClock()
	var attempts int
	c = newCore(dead, nil, []Option{clk.option(), WithHTTPClient(hc), WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
		return RoundTripperFunc(func(r *http.Request) (*http.Response, error) { attempts++; return next.RoundTrip(r) })
	})})
	if _, _, err := call(c, http.MethodPost); err == nil {
		t.Fatal("no error")
	}
	if attempts != 3 || len(clk.waits()) != 2 {
		t.Errorf("POST refused connection: %d attempts, waits %v; want 3 and 2", attempts, clk.waits())
	}
}

func TestErrorSentinels(t *testing.T) {
	for status, want := range map[int]error{
		400: ErrBadRequest, 401: ErrUnauthorized, 403: ErrUnauthorized, 404: ErrNotFound,
		409: ErrConflict, 429: ErrRateLimited, 500: ErrServer, 503: ErrServer,
	} {
		err := error(&APIError{StatusCode: status})
		for _, s := range []error{ErrBadRequest, ErrUnauthorized, ErrNotFound, ErrConflict, ErrRateLimited, ErrServer} {
			if got := errors.Is(err, s); got != (s == want) {
				t.Errorf("%d: errors.Is(%v) = %v", status, s, got)
			}
		}
	}
}
