package responses2_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/atriumgen/atriumgen/generator/testdata/responses2/want"
)

func client(t *testing.T, status int, ct, body string, header map[string]string) *responses2.Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return responses2.NewClient(responses2.WithBaseURL(srv.URL))
}

// Two success statuses with different bodies: the result is a union read by status.
func TestSeveralSuccessBodies(t *testing.T) {
	c := client(t, 202, "application/json", `{"id":"t1"}`, map[string]string{"Location": "/jobs/t1", "Retry-After": "5"})
	res, resp, err := c.Default.SubmitJob(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 202 || resp.Header.Get("Retry-After") != "5" {
		t.Errorf("resp %d %v", resp.StatusCode, resp.Header)
	}
	tk, err := res.AsTicket()
	if err != nil || *tk.ID != "t1" {
		t.Errorf("AsTicket = %+v, %v", tk, err)
	}
	c = client(t, 200, "application/json", `{"output":"done"}`, nil)
	res, _, err = c.Default.SubmitJob(context.Background())
	if r, err2 := res.AsResult(); err != nil || err2 != nil || *r.Output != "done" {
		t.Errorf("AsResult = %+v, %v %v", r, err, err2)
	}
}

// 4XX and default error bodies decode into the documented model.
func TestErrorRangesAndDefault(t *testing.T) {
	for _, status := range []int{404, 503} {
		c := client(t, status, "application/problem+json", `{"title":"nope","status":1}`, nil)
		_, _, err := c.Default.SubmitJob(context.Background())
		var apiErr *responses2.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%d: %v", status, err)
		}
		p, ok := apiErr.Detail.(*responses2.Problem)
		if !ok || *p.Title != "nope" {
			t.Errorf("%d: Detail = %#v", status, apiErr.Detail)
		}
	}
}

func TestBinaryNoContentAndDefaultSuccess(t *testing.T) {
	c := client(t, 200, "application/octet-stream", "log line", map[string]string{"X-Rate-Limit": "10"})
	stream, resp, err := c.Default.JobLog(context.Background(), "j")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(stream)
	_ = stream.Close()
	if string(b) != "log line" || resp.Header.Get("X-Rate-Limit") != "10" {
		t.Errorf("stream %q", b)
	}
	c = client(t, 204, "", "", nil)
	if resp, err := c.Default.CancelJob(context.Background(), "j"); err != nil || resp.StatusCode != 204 {
		t.Errorf("cancel: %v", err)
	}
	c = client(t, 200, "application/json", `{"ok":true}`, nil)
	if p, _, err := c.Default.Ping(context.Background()); err != nil || !*p.Ok {
		t.Errorf("ping: %+v %v", p, err)
	}
}
