package sdktests

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

var (
	rep503    = jsonReply(503, errorJSON("busy"))
	repMember = jsonReply(200, `{"member":{"guid":"MBR-1"}}`)
)

// retrying is a test client with retries on and short delays.
func retrying(url string, p atrium.RetryPolicy, opts ...atrium.Option) *atrium.Client {
	return newTestClient(url, append([]atrium.Option{atrium.WithRetry(p)}, opts...)...)
}

// TestRetryTimings: two 503s then success; the recorded gaps between
// attempts stay within the full-jitter ceilings (20ms, then 40ms).
func TestRetryTimings(t *testing.T) {
	srv := newRecorder(t, rep503, rep503, repMember)
	client := retrying(srv.URL, atrium.RetryPolicy{MaxRetries: 2, BaseDelay: 20 * time.Millisecond, MaxDelay: time.Second})
	m, resp, err := client.Members.ReadMember(context.Background(), "USR-1", "MBR-1")
	if err != nil || *m.Member.GUID != "MBR-1" || resp.StatusCode != 200 {
		t.Fatalf("got %v, %v", m, err)
	}
	n, gaps := srv.gaps()
	if n != 3 {
		t.Fatalf("server saw %d requests, want 3", n)
	}
	for i, ceil := range []time.Duration{20 * time.Millisecond, 40 * time.Millisecond} {
		if gaps[i] > ceil+250*time.Millisecond {
			t.Errorf("gap %d = %v, want at most %v (+ scheduling slack)", i, gaps[i], ceil)
		}
	}
}

// TestRetryAfterSecondsObeyed: a 429 with Retry-After: 1 is retried no
// sooner than a second later, even with a tiny backoff.
func TestRetryAfterSecondsObeyed(t *testing.T) {
	srv := newRecorder(t, reply{Status: 429, ContentType: "application/json", Header: map[string]string{"Retry-After": "1"}, Body: errorJSON("slow down")}, repMember)
	client := retrying(srv.URL, atrium.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond})
	if _, _, err := client.Members.ReadMember(context.Background(), "USR-1", "MBR-1"); err != nil {
		t.Fatal(err)
	}
	n, gaps := srv.gaps()
	if n != 2 || gaps[0] < time.Second || gaps[0] > 3*time.Second {
		t.Fatalf("requests %d, gaps %v; want 2 requests a second apart", n, gaps)
	}
}

// TestRetryAfterPastDeadline: when the server asks for a wait longer than
// the call has left, the call returns at once with the 429, its
// Retry-After and request ID.
func TestRetryAfterPastDeadline(t *testing.T) {
	srv := newRecorder(t, reply{Status: 429, ContentType: "application/json", Header: map[string]string{"Retry-After": "30", "X-Request-Id": "req-77"}, Body: errorJSON("slow down")}, repMember)
	client := retrying(srv.URL, atrium.DefaultRetryPolicy())
	start := time.Now()
	_, _, err := client.Members.ReadMember(context.Background(), "USR-1", "MBR-1", atrium.WithTimeout(2*time.Second))
	if time.Since(start) > time.Second {
		t.Errorf("took %v, want an immediate return", time.Since(start))
	}
	apiErr := asAPIError(t, err)
	if !errors.Is(err, atrium.ErrRateLimited) || apiErr.RetryAfter != 30*time.Second || apiErr.RequestID != "req-77" || apiErr.Attempts != 1 {
		t.Errorf("err = %v, RetryAfter %v, RequestID %q, Attempts %d", err, apiErr.RetryAfter, apiErr.RequestID, apiErr.Attempts)
	}
}

// TestPostNotRetriedUnlessOptedIn: CreateUser (POST) is not retried on a
// 500, is retried on 503 (the server refused it), and on 500 with
// WithIdempotent; each attempt carries the whole body.
func TestPostNotRetriedUnlessOptedIn(t *testing.T) {
	p := atrium.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond}
	body := atrium.UserCreateRequestBody{User: atrium.User{Identifier: atrium.Ptr("u-1")}}
	created := jsonReply(200, `{"user":{"guid":"USR-1"}}`)
	for _, tc := range []struct {
		name     string
		first    int
		opts     []atrium.RequestOption
		attempts int
	}{
		{"500", 500, nil, 1},
		{"503", 503, nil, 2},
		{"500 idempotent", 500, []atrium.RequestOption{atrium.WithIdempotent()}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newRecorder(t, jsonReply(tc.first, errorJSON("x")), created)
			_, _, err := retrying(srv.URL, p).Users.CreateUser(context.Background(), body, tc.opts...)
			n, _ := srv.gaps()
			if n != tc.attempts {
				t.Fatalf("server saw %d requests, want %d (err %v)", n, tc.attempts, err)
			}
			for _, req := range srv.requests() {
				assertJSONEqual(t, req.Body, `{"user":{"identifier":"u-1"}}`)
			}
		})
	}
}

// TestErrorClasses: errors.Is matches the sentinels by status, the
// request ID is read from the common header names, and Retry-After in
// either form is exposed.
func TestErrorClasses(t *testing.T) {
	date := time.Now().Add(90 * time.Second).UTC().Format(http.TimeFormat)
	for _, tc := range []struct {
		status  int
		header  map[string]string
		is      error
		reqID   string
		atLeast time.Duration
	}{
		{404, map[string]string{"X-Request-Id": "r-1"}, atrium.ErrNotFound, "r-1", 0},
		{401, map[string]string{"Request-Id": "r-2"}, atrium.ErrUnauthorized, "r-2", 0},
		{409, nil, atrium.ErrConflict, "", 0},
		{400, nil, atrium.ErrBadRequest, "", 0},
		{429, map[string]string{"Retry-After": "7"}, atrium.ErrRateLimited, "", 7 * time.Second},
		{503, map[string]string{"Retry-After": date}, atrium.ErrServer, "", 85 * time.Second},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			srv := newRecorder(t, reply{Status: tc.status, ContentType: "application/json", Header: tc.header, Body: errorJSON("no")})
			_, _, err := newTestClient(srv.URL).Members.AggregateMember(context.Background(), "USR-1", "MBR-1")
			apiErr := asAPIError(t, err)
			if !errors.Is(err, tc.is) {
				t.Errorf("errors.Is(err, %v) = false for %d", tc.is, tc.status)
			}
			if errors.Is(err, atrium.ErrNotFound) != (tc.status == 404) {
				t.Errorf("ErrNotFound matched %d", tc.status)
			}
			eq(t, "RequestID", apiErr.RequestID, tc.reqID)
			if apiErr.RetryAfter < tc.atLeast || apiErr.RetryAfter > tc.atLeast+10*time.Second {
				t.Errorf("RetryAfter = %v, want about %v", apiErr.RetryAfter, tc.atLeast)
			}
		})
	}
}

// TestStreamAfterRetry: a retried PDF download streams the body of the
// successful attempt.
func TestStreamAfterRetry(t *testing.T) {
	pdf := strings.Repeat("%PDF-1.7 ", 20_000)
	srv := newRecorder(t, rep503, reply{Status: 200, ContentType: pdfAccept, Body: pdf})
	rc, resp, err := retrying(srv.URL, atrium.RetryPolicy{MaxRetries: 1, BaseDelay: time.Millisecond}).
		Statements.DownloadStatementPDF(context.Background(), "USR-1", "MBR-1", "STA-1")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil || string(b) != pdf || resp.StatusCode != 200 {
		t.Fatalf("read %d bytes, err %v, status %d", len(b), err, resp.StatusCode)
	}
}
