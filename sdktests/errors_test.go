package sdktests

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

func errorJSON(msg string) string { return fmt.Sprintf(`{"error":{"message":%q}}`, msg) }

// asAPIError asserts err is (or wraps) an *atrium.APIError.
func asAPIError(t *testing.T, err error) *atrium.APIError {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var apiErr *atrium.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %T (%v) is not an *atrium.APIError", err, err)
	}
	assertNoSecrets(t, "APIError", err.Error())
	return apiErr
}

func detailMessage(t *testing.T, apiErr *atrium.APIError) string {
	t.Helper()
	d, ok := apiErr.Detail.(*atrium.Error)
	if !ok || d == nil {
		t.Fatalf("Detail is %T (%v), want *atrium.Error", apiErr.Detail, apiErr.Detail)
	}
	return val(t, "detail message", val(t, "detail error", d.Error).Message)
}

// TestErrorStatuses: every documented error status gives an *APIError with
// the status, method, path, decoded detail, raw body and headers, a nil
// result and a non-nil Response.
func TestErrorStatuses(t *testing.T) {
	type target struct {
		name, method, path string
		statuses           []int
		call               func(ctx context.Context, c *atrium.Client) (any, *atrium.Response, error)
	}
	all := []int{400, 401, 404, 409, 429, 500, 503}
	targets := []target{
		{"AggregateMember", "POST", "/users/USR-e1/members/MBR-e2/aggregate", all,
			func(ctx context.Context, c *atrium.Client) (any, *atrium.Response, error) {
				return ret(c.Members.AggregateMember(ctx, "USR-e1", "MBR-e2"))
			}},
		{"ReadMember", "GET", "/users/USR-e1/members/MBR-e2", []int{400, 401, 404, 429, 500, 503},
			func(ctx context.Context, c *atrium.Client) (any, *atrium.Response, error) {
				return ret(c.Members.ReadMember(ctx, "USR-e1", "MBR-e2"))
			}},
		// The path of the error leaves the query out.
		{"ListMembers", "GET", "/users/USR-e1/members", []int{400, 401, 404, 429, 500, 503},
			func(ctx context.Context, c *atrium.Client) (any, *atrium.Response, error) {
				return ret(c.Members.ListMembers(ctx, "USR-e1", &atrium.ListMembersParams{Page: p32(3)}))
			}},
		{"CreateUser", "POST", "/users", []int{400, 401, 404, 429, 500, 503},
			func(ctx context.Context, c *atrium.Client) (any, *atrium.Response, error) {
				return ret(c.Users.CreateUser(ctx, atrium.UserCreateRequestBody{User: atrium.User{Identifier: atrium.Ptr("dup")}}))
			}},
		{"DeleteMember", "DELETE", "/users/USR-e1/members/MBR-e2", []int{400, 401, 404, 429, 500, 503},
			func(ctx context.Context, c *atrium.Client) (any, *atrium.Response, error) {
				resp, err := c.Members.DeleteMember(ctx, "USR-e1", "MBR-e2")
				return nil, resp, err
			}},
		{"DownloadStatementPdf", "GET", "/users/USR-e1/members/MBR-e2/statements/STA-e3.pdf", []int{400, 401, 404, 429, 500, 503},
			func(ctx context.Context, c *atrium.Client) (any, *atrium.Response, error) {
				rc, resp, err := c.Statements.DownloadStatementPDF(ctx, "USR-e1", "MBR-e2", "STA-e3")
				if rc != nil {
					rc.Close()
				}
				return rc, resp, err
			}},
	}
	for _, tg := range targets {
		for _, status := range tg.statuses {
			t.Run(fmt.Sprintf("%s/%d", tg.name, status), func(t *testing.T) {
				msg := fmt.Sprintf("%s failed with %d", tg.name, status)
				body := errorJSON(msg)
				srv := newRecorder(t, reply{Status: status, ContentType: "application/json",
					Header: map[string]string{"X-Request-Id": "req-42"}, Body: body})
				v, resp, err := tg.call(context.Background(), newTestClient(srv.URL))
				apiErr := asAPIError(t, err)
				if v != nil {
					t.Errorf("result = %v, want nil", v)
				}
				if resp == nil {
					t.Fatal("nil Response with an APIError")
				}
				eq(t, "Response.StatusCode", resp.StatusCode, status)
				eq(t, "StatusCode", apiErr.StatusCode, status)
				eq(t, "Method", apiErr.Method, tg.method)
				eq(t, "Path", apiErr.Path, tg.path)
				eq(t, "Detail message", detailMessage(t, apiErr), msg)
				eq(t, "Body", string(apiErr.Body), body)
				eq(t, "Header X-Request-Id", apiErr.Header.Get("X-Request-Id"), "req-42")
				if s := err.Error(); !strings.Contains(s, fmt.Sprint(status)) || !strings.Contains(s, msg) {
					t.Errorf("Error() = %q, want the status and the message", s)
				}
				srv.only(t)
			})
		}
	}
}

// TestEveryOperationReturnsAPIError: a 404 with the documented error body
// gives every operation an *APIError with the decoded detail and no result.
func TestEveryOperationReturnsAPIError(t *testing.T) {
	facts := loadOperationFacts(t)
	srv := newRecorder(t, reply{Status: 404, ContentType: "application/json", Body: errorJSON("Record not found")})
	client := newTestClient(srv.URL)
	for _, c := range opCases {
		t.Run(c.op, func(t *testing.T) {
			v, resp, err := c.call(context.Background(), client, defaultArgs, true)
			apiErr := asAPIError(t, err)
			if v != nil {
				t.Errorf("result = %v, want nil", v)
			}
			if resp == nil || resp.StatusCode != 404 {
				t.Errorf("Response = %v, want status 404", resp)
			}
			eq(t, "Method", apiErr.Method, facts[c.op].Method)
			eq(t, "Path", apiErr.Path, expandPath(t, facts[c.op].Path, defaultArgs))
			eq(t, "Detail message", detailMessage(t, apiErr), "Record not found")
			srv.only(t)
		})
	}
}

// TestNonJSONErrorBody: an HTML error page gives an APIError with no Detail
// and the body kept.
func TestNonJSONErrorBody(t *testing.T) {
	const html = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n"
	for _, status := range []int{500, 502, 503} {
		srv := newRecorder(t, reply{Status: status, ContentType: "text/html", Body: html})
		v, resp, err := newTestClient(srv.URL).Users.ReadUser(context.Background(), "USR-1")
		apiErr := asAPIError(t, err)
		if v != nil {
			t.Errorf("%d: result = %v, want nil", status, v)
		}
		eq(t, "Response.StatusCode", resp.StatusCode, status)
		eq(t, "StatusCode", apiErr.StatusCode, status)
		if apiErr.Detail != nil {
			t.Errorf("%d: Detail = %#v, want nil for an HTML body", status, apiErr.Detail)
		}
		eq(t, "Body", string(apiErr.Body), html)
	}
}

// TestEmptyErrorBody: an error status without a body gives an APIError with
// no Detail and an empty Body.
func TestEmptyErrorBody(t *testing.T) {
	srv := newRecorder(t, reply{Status: 401})
	_, _, err := newTestClient(srv.URL).Users.ReadUser(context.Background(), "USR-1")
	apiErr := asAPIError(t, err)
	eq(t, "StatusCode", apiErr.StatusCode, 401)
	if apiErr.Detail != nil {
		t.Errorf("Detail = %#v, want nil", apiErr.Detail)
	}
	eq(t, "len(Body)", len(apiErr.Body), 0)
}

// TestLargeErrorBodyIsBounded: an error body far larger than 64 KiB is cut
// to at most 64 KiB, the error message stays short, and the call returns
// promptly without reading the whole body.
func TestLargeErrorBodyIsBounded(t *testing.T) {
	const limit = 64 << 10
	big := `{"error":{"message":"` + strings.Repeat("x", 8<<20) + `"}}`
	srv := newRecorder(t, reply{Status: 500, ContentType: "application/json", Body: big})
	start := time.Now()
	_, resp, err := newTestClient(srv.URL).Members.ReadMember(context.Background(), "USR-1", "MBR-1")
	apiErr := asAPIError(t, err)
	if len(apiErr.Body) > limit || len(apiErr.Body) == 0 {
		t.Errorf("len(Body) = %d, want 1..%d", len(apiErr.Body), limit)
	}
	if !strings.HasPrefix(big, string(apiErr.Body)) {
		t.Error("Body is not a prefix of the response body")
	}
	if apiErr.Detail != nil {
		t.Errorf("Detail = %T, want nil for a truncated body", apiErr.Detail)
	}
	if n := len(err.Error()); n > 1024 {
		t.Errorf("Error() is %d bytes long", n)
	}
	eq(t, "Response.StatusCode", resp.StatusCode, 500)
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("call took %v", d)
	}
}

// asDecodeError asserts err is (or wraps) an *atrium.DecodeError.
func asDecodeError(t *testing.T, err error) *atrium.DecodeError {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	var de *atrium.DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %T (%v) is not an *atrium.DecodeError", err, err)
	}
	assertNoSecrets(t, "DecodeError", err.Error())
	return de
}

// TestMalformedSuccessBodies: a 2xx JSON operation whose body is truncated,
// empty, or of the wrong shape returns a *DecodeError and a nil result,
// never a zero value, for every JSON operation.
func TestMalformedSuccessBodies(t *testing.T) {
	facts := loadOperationFacts(t)
	bodies := map[string]string{
		"truncated":  `{"member":{"guid":"MBR-7c6f3`,
		"empty":      ``,
		"wrong_type": `{"member":"MBR-1","user":7,"statement":7,"accounts":"x","transactions":{},"holdings":1,"users":"u","members":"m","institutions":2,"institution":"i","credentials":"c","challenges":"c","account":"a","holding":[],"transaction":[],"merchant":1,"merchants":1,"merchant_location":1,"merchant_locations":1,"statements":1,"account_numbers":1,"account_owners":1}`,
		"array":      `[1,2,3]`,
	}
	for _, c := range opCases {
		if c.kind != kindJSON {
			continue
		}
		status := successStatus(t, facts[c.op])
		for name, body := range bodies {
			t.Run(c.op+"/"+name, func(t *testing.T) {
				srv := newRecorder(t, jsonReply(status, body))
				v, resp, err := c.call(context.Background(), newTestClient(srv.URL), defaultArgs, false)
				de := asDecodeError(t, err)
				if v != nil {
					t.Errorf("result = %#v, want nil", v)
				}
				if resp == nil || resp.StatusCode != status {
					t.Errorf("Response = %v, want status %d", resp, status)
				}
				eq(t, "StatusCode", de.StatusCode, status)
				eq(t, "Method", de.Method, facts[c.op].Method)
				eq(t, "Path", de.Path, expandPath(t, facts[c.op].Path, defaultArgs))
				eq(t, "Body", string(de.Body), body)
				if errors.Unwrap(de) == nil {
					t.Error("DecodeError does not wrap the JSON error")
				}
			})
		}
	}
}

// TestAcceptedWithBody: a 202 (job already running) is a success with the
// body decoded and the status visible.
func TestAcceptedWithBody(t *testing.T) {
	srv := newRecorder(t, jsonReply(202, memberJSON("MBR-202")))
	m, resp, err := newTestClient(srv.URL).Members.AggregateMember(context.Background(), "USR-1", "MBR-202")
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "StatusCode", resp.StatusCode, 202)
	checkMember("MBR-202")(t, m)
}

// TestNoContent: ListMemberMFAChallenges answers 204 when the member is not
// challenged: nil body, nil error, status 204. Deletes succeed on 204 and 200.
func TestNoContent(t *testing.T) {
	srv := newRecorder(t, reply{Status: 204})
	client := newTestClient(srv.URL)
	ch, resp, err := client.Members.ListMemberMFAChallenges(context.Background(), "USR-1", "MBR-1")
	if err != nil {
		t.Fatalf("204: %v", err)
	}
	if ch != nil {
		t.Errorf("204: result = %+v, want nil", ch)
	}
	if resp == nil || resp.StatusCode != 204 {
		t.Fatalf("204: Response = %v", resp)
	}

	resp, err = client.Members.DeleteMember(context.Background(), "USR-1", "MBR-1")
	if err != nil {
		t.Fatalf("DeleteMember 204: %v", err)
	}
	eq(t, "DeleteMember StatusCode", resp.StatusCode, 204)
	srv.requests()

	srv.setReply(jsonReply(200, `{}`))
	resp, err = client.Users.DeleteUser(context.Background(), "USR-1")
	if err != nil {
		t.Fatalf("DeleteUser 200: %v", err)
	}
	eq(t, "DeleteUser StatusCode", resp.StatusCode, 200)
}

// blockingServer answers nothing until the client goes away or the test ends.
func blockingServer(t *testing.T) (*httptest.Server, <-chan struct{}) {
	t.Helper()
	entered := make(chan struct{}, 16)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) }) // runs first: unblocks handlers so Close returns
	return srv, entered
}

// TestContextCancellation: cancelling the context of a call the server is
// sitting on returns promptly with an error wrapping context.Canceled.
func TestContextCancellation(t *testing.T) {
	srv, entered := blockingServer(t)
	client := newTestClient(srv.URL)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-entered
		cancel()
	}()
	start := time.Now()
	v, _, err := client.Members.ReadMember(ctx, "USR-1", "MBR-1")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if v != nil {
		t.Errorf("result = %v, want nil", v)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancellation took %v", d)
	}
	assertNoSecrets(t, "error", err.Error())

	// An already cancelled context fails at once.
	_, err = client.Users.DeleteUser(ctx, "USR-1")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v, want context.Canceled", err)
	}
}

// TestWithTimeout: the per-call timeout bounds a call the server sits on,
// bounds reading a stalled JSON body, and leaves fast calls alone.
func TestWithTimeout(t *testing.T) {
	srv, _ := blockingServer(t)
	client := newTestClient(srv.URL)
	start := time.Now()
	_, _, err := client.Users.ReadUser(context.Background(), "USR-1", atrium.WithTimeout(100*time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("timeout took %v", d)
	}
	assertNoSecrets(t, "error", err.Error())

	// Headers arrive at once but the body stalls: the timeout covers reading it.
	release := make(chan struct{})
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(200)
		io.WriteString(w, `{"user":{"guid":`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer stall.Close()
	defer close(release)
	start = time.Now()
	u, _, err := newTestClient(stall.URL).Users.ReadUser(context.Background(), "USR-1", atrium.WithTimeout(100*time.Millisecond))
	if err == nil {
		t.Fatal("stalled body: no error")
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("stalled body: err = %v, want context.DeadlineExceeded", err)
	}
	if u != nil {
		t.Errorf("stalled body: result = %v, want nil", u)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stalled body: timeout took %v", d)
	}

	ok := newRecorder(t, jsonReply(200, `{"user":{"guid":"USR-fast"}}`))
	u, _, err = newTestClient(ok.URL).Users.ReadUser(context.Background(), "USR-1", atrium.WithTimeout(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	eq(t, "guid", val(t, "guid", val(t, "user", u.User).GUID), "USR-fast")
}
