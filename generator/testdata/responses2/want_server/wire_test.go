package responses2server_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	responses2 "github.com/atriumgen/atriumgen/generator/testdata/responses2/want"
	responses2server "github.com/atriumgen/atriumgen/generator/testdata/responses2/want_server"
)

// service answers SubmitJob with what next says; the other operations
// answer fixed results.
type service struct {
	next func() (*responses2server.SubmitJobResult, error)
}

func (s *service) SubmitJob(context.Context, *responses2server.SubmitJobRequest) (*responses2server.SubmitJobResult, error) {
	return s.next()
}

func (s *service) JobLog(_ context.Context, req *responses2server.JobLogRequest) (*responses2server.JobLogResult, error) {
	res := &responses2server.JobLogResult{Body: strings.NewReader("log of " + req.ID), Header: map[string][]string{}}
	res.Header.Set("X-Rate-Limit", "10")
	return res, nil
}

func (s *service) CancelJob(_ context.Context, req *responses2server.CancelJobRequest) (*responses2server.CancelJobResult, error) {
	if req.ID == "gone" {
		return nil, responses2server.Errorf(404, "no job %s", req.ID)
	}
	return &responses2server.CancelJobResult{}, nil
}

func (s *service) Ping(context.Context, *responses2server.PingRequest) (*responses2server.PingResult, error) {
	ok := true
	return &responses2server.PingResult{Body: &responses2.PingResponse{Ok: &ok}}, nil
}

func start(t *testing.T, s *service) (*responses2.Client, *bytes.Buffer) {
	var log bytes.Buffer
	srv := httptest.NewServer(responses2server.NewHandler(s, responses2server.WithErrorLog(slog.New(slog.NewTextHandler(&log, nil)))))
	t.Cleanup(srv.Close)
	return responses2.NewClient(responses2.WithBaseURL(srv.URL)), &log
}

func ptr[T any](v T) *T { return &v }

// Several 2xx statuses with different bodies: the implementation picks the
// status and sets the union's variant; the client reads it by status, with
// the response headers the implementation set.
func TestUnionResult(t *testing.T) {
	s := &service{}
	c, _ := start(t, s)

	s.next = func() (*responses2server.SubmitJobResult, error) {
		var body responses2.SubmitJobResult
		if err := body.FromTicket(responses2.Ticket{ID: ptr("t1")}); err != nil {
			return nil, err
		}
		res := &responses2server.SubmitJobResult{Status: 202, Body: &body, Header: map[string][]string{}}
		res.Header.Set("Location", "/jobs/t1")
		res.Header.Set("Retry-After", "5")
		return res, nil
	}
	res, resp, err := c.Default.SubmitJob(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 202 || resp.Header.Get("Location") != "/jobs/t1" || resp.Header.Get("Retry-After") != "5" {
		t.Errorf("202: %d %v", resp.StatusCode, resp.Header)
	}
	if tk, err := res.AsTicket(); err != nil || tk.ID == nil || *tk.ID != "t1" {
		t.Errorf("AsTicket = %+v, %v", tk, err)
	}

	// Status 0 is the first declared: 200 with a Result.
	s.next = func() (*responses2server.SubmitJobResult, error) {
		var body responses2.SubmitJobResult
		_ = body.FromResult(responses2.Result{Output: ptr("done")})
		return &responses2server.SubmitJobResult{Body: &body}, nil
	}
	res, resp, err = c.Default.SubmitJob(context.Background())
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("200: %v", err)
	}
	if r, err := res.AsResult(); err != nil || *r.Output != "done" {
		t.Errorf("AsResult = %+v, %v", r, err)
	}
}

// A status the operation does not declare, or a missing body, is the
// implementation's mistake: 500, logged; *Error statuses reach the client
// as APIError.
func TestResultMistakesAndErrors(t *testing.T) {
	s := &service{}
	c, log := start(t, s)
	var apiErr *responses2.APIError
	for name, next := range map[string]func() (*responses2server.SubmitJobResult, error){
		"undeclared status": func() (*responses2server.SubmitJobResult, error) {
			return &responses2server.SubmitJobResult{Status: 201, Body: &responses2.SubmitJobResult{}}, nil
		},
		"nil body": func() (*responses2server.SubmitJobResult, error) {
			return &responses2server.SubmitJobResult{Status: 202}, nil
		},
	} {
		s.next = next
		_, _, err := c.Default.SubmitJob(context.Background())
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !strings.Contains(log.String(), "result status not declared") || !strings.Contains(log.String(), "nil result body") {
		t.Errorf("log: %s", log)
	}
	s.next = func() (*responses2server.SubmitJobResult, error) { return nil, responses2server.Errorf(409, "busy") }
	_, _, err := c.Default.SubmitJob(context.Background())
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 409 {
		t.Fatalf("409: %v", err)
	}
	if _, ok := apiErr.Detail.(*responses2.Problem); !ok {
		t.Errorf("409 Detail = %#v, want the 4XX model", apiErr.Detail)
	}
	if _, err := c.Default.CancelJob(context.Background(), "gone"); !errors.As(err, &apiErr) || apiErr.StatusCode != 404 {
		t.Errorf("cancel gone: %v", err)
	}
}

// A streamed result with its header, a no-content result and a
// default-only success.
func TestStreamEmptyAndDefault(t *testing.T) {
	c, _ := start(t, &service{})
	stream, resp, err := c.Default.JobLog(context.Background(), "j/1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(stream)
	_ = stream.Close()
	if string(b) != "log of j/1" || resp.Header.Get("X-Rate-Limit") != "10" || resp.Header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("log %q, header %v", b, resp.Header)
	}
	if resp, err := c.Default.CancelJob(context.Background(), "j"); err != nil || resp.StatusCode != 204 {
		t.Errorf("cancel: %v", err)
	}
	p, resp, err := c.Default.Ping(context.Background())
	if err != nil || resp.StatusCode != 200 || p.Ok == nil || !*p.Ok {
		t.Errorf("ping: %+v %v", p, err)
	}
}
