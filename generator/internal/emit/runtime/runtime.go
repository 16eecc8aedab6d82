package sdkruntime

// This file is the shared runtime of every generated client. The generator
// copies it into the output package unchanged except for the package clause,
// so a fix made here reaches every operation of every SDK at once. Generated
// methods are a few lines each over newRequest and the do functions below.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	oapi "github.com/oapi-codegen/runtime"
)

// maxErrorBody bounds how much of an error response is read and kept.
const maxErrorBody = 64 << 10

// Option configures a Client.
type Option func(*config)

type config struct {
	baseURL    string
	httpClient *http.Client
	userAgent  string
	header     http.Header
}

// WithBaseURL sets the server the client talks to, e.g. a Server constant or
// the URL of a local test server. A trailing slash is ignored.
func WithBaseURL(baseURL string) Option {
	return func(c *config) { c.baseURL = strings.TrimRight(baseURL, "/") }
}

// WithHTTPClient sets the *http.Client used for requests (for timeouts,
// proxies, or a RoundTripper that adds tracing). The default is a client
// with a 60 second timeout.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithUserAgent sets the User-Agent header sent with every request.
func WithUserAgent(ua string) Option {
	return func(c *config) { c.userAgent = ua }
}

// WithHeader adds a header sent with every request.
func WithHeader(key, value string) Option {
	return func(c *config) { c.header.Add(key, value) }
}

// RequestOption changes a single call.
type RequestOption func(*request)

// WithRequestHeader adds a header to one call.
func WithRequestHeader(key, value string) RequestOption {
	return func(r *request) { r.header.Add(key, value) }
}

// WithTimeout bounds one call, including reading its response body; for a
// streamed body the deadline also covers reading the stream until Close.
func WithTimeout(d time.Duration) RequestOption {
	return func(r *request) { r.timeout = d }
}

// Ptr returns a pointer to v, for filling optional fields and parameters:
// Ptr(false), Ptr(0) and Ptr("") are sent, nil is left out.
func Ptr[T any](v T) *T { return &v }

// credential is a secret sent with every request. The value lives in a
// closure so that no formatting verb (%v, %+v, %#v) of any value holding it
// can print it.
type credential struct {
	in, name string
	value    func() string
}

func apiKeyCredential(in, name, value string) credential {
	return credential{in: in, name: name, value: func() string { return value }}
}

func bearerCredential(token string) credential {
	return credential{in: "header", name: "Authorization", value: func() string { return "Bearer " + token }}
}

// core holds what every service shares. It is immutable after NewClient, so
// a Client is safe for concurrent use.
type core struct {
	baseURL    string
	httpClient *http.Client
	userAgent  string
	header     http.Header
	creds      []credential
}

func newCore(defaultBaseURL string, creds []credential, opts []Option) *core {
	cfg := config{
		baseURL:    defaultBaseURL,
		httpClient: &http.Client{Timeout: 60 * time.Second},
		userAgent:  sdkName + "-go",
		header:     http.Header{},
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	return &core{
		baseURL:    cfg.baseURL,
		httpClient: withoutCredentialLeaks(cfg.httpClient, creds),
		userAgent:  cfg.userAgent,
		header:     cfg.header,
		creds:      creds,
	}
}

// withoutCredentialLeaks returns a copy of hc whose redirect policy drops
// the credential headers when a redirect leaves the original host. net/http
// drops only Authorization and Cookie by itself; API-key headers would
// otherwise be sent to whatever host a redirect names.
func withoutCredentialLeaks(hc *http.Client, creds []credential) *http.Client {
	c := *hc
	next := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && req.URL.Host != via[0].URL.Host {
			for _, cr := range creds {
				if cr.in == "header" {
					req.Header.Del(cr.name)
				}
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}

// request is one call being built.
type request struct {
	ctx         context.Context
	method      string
	path        string
	query       []string
	header      http.Header
	cookies     []*http.Cookie
	body        []byte
	contentType string
	accept      string
	errs        func(status int) any
	noAuth      bool
	timeout     time.Duration
	err         error
}

func (c *core) newRequest(ctx context.Context, method, path, accept string, errs func(int) any, opts []RequestOption) *request {
	r := &request{ctx: ctx, method: method, path: path, accept: accept, errs: errs, header: http.Header{}}
	for _, o := range opts {
		if o != nil {
			o(r)
		}
	}
	return r
}

func (r *request) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

// pathParam substitutes {name} in the path with the styled, escaped value.
// A value can never change the shape of the path: "/" and "?" are escaped,
// and "." or ".." segments are percent-encoded.
func (r *request) pathParam(name, style string, explode bool, value any) {
	s, err := oapi.StyleParamWithLocation(style, explode, name, oapi.ParamLocationPath, value)
	if err != nil {
		r.fail(fmt.Errorf("path parameter %s: %w", name, err))
		return
	}
	switch s {
	case "":
		r.fail(fmt.Errorf("path parameter %s is empty", name))
		return
	case ".":
		s = "%2E"
	case "..":
		s = "%2E%2E"
	}
	r.path = strings.Replace(r.path, "{"+name+"}", s, 1)
}

// queryParam appends a styled query parameter.
func (r *request) queryParam(name, style string, explode, allowReserved bool, value any) {
	if style == "deepObject" {
		explode = true
	}
	s, err := oapi.StyleParamWithOptions(style, explode, name, value, oapi.StyleParamOptions{ParamLocation: oapi.ParamLocationQuery, AllowReserved: allowReserved})
	if err != nil {
		r.fail(fmt.Errorf("query parameter %s: %w", name, err))
		return
	}
	if s != "" {
		r.query = append(r.query, s)
	}
}

// headerParam sets a styled header parameter.
func (r *request) headerParam(name string, explode bool, value any) {
	s, err := oapi.StyleParamWithLocation("simple", explode, name, oapi.ParamLocationHeader, value)
	if err != nil {
		r.fail(fmt.Errorf("header parameter %s: %w", name, err))
		return
	}
	r.header.Set(name, s)
}

// cookieParam adds a cookie parameter.
func (r *request) cookieParam(name string, explode bool, value any) {
	s, err := oapi.StyleParamWithLocation("simple", explode, name, oapi.ParamLocationCookie, value)
	if err != nil {
		r.fail(fmt.Errorf("cookie parameter %s: %w", name, err))
		return
	}
	r.cookies = append(r.cookies, &http.Cookie{Name: name, Value: url.QueryEscape(s)})
}

// jsonBody encodes v as the request body. The bytes are kept, so the
// request can be sent again.
func (r *request) jsonBody(contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		r.fail(fmt.Errorf("encoding request body: %w", err))
		return
	}
	r.body, r.contentType = b, contentType
}

// Response is the HTTP response of a call. Its Body has been read and
// closed, except for calls returning a stream.
type Response struct {
	*http.Response
}

// APIError is returned for every response outside 2xx. Use errors.As to
// inspect it:
//
//	var apiErr *APIError
//	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound { ... }
type APIError struct {
	StatusCode int         // HTTP status code
	Method     string      // request method
	Path       string      // request path, parameters included, query left out
	Header     http.Header // response headers
	// Detail is the decoded error body (a pointer to the operation's error
	// model) or nil when the body was absent or not the documented JSON.
	Detail any
	// Body is the raw response body, at most 64 KiB.
	Body []byte
}

// Error describes the failed call: method, path, status and the start of
// the body. It never contains credentials.
func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s: %s %s: %d %s", sdkName, e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if snippet := bodySnippet(e.Body); snippet != "" {
		msg += ": " + snippet
	}
	return msg
}

// DecodeError reports a success response whose body could not be decoded.
// The call's result is never a silent zero value.
type DecodeError struct {
	StatusCode int
	Method     string
	Path       string
	Body       []byte // the raw body, at most 64 KiB
	Err        error
}

// Error describes the call and the decoding failure.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: %s %s: decoding %d response: %v", sdkName, e.Method, e.Path, e.StatusCode, e.Err)
}

// Unwrap returns the JSON decoding error.
func (e *DecodeError) Unwrap() error { return e.Err }

func bodySnippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// send builds and sends the request; the caller owns the response body.
func (c *core) send(r *request) (*http.Response, context.CancelFunc, error) {
	if r.err != nil {
		return nil, nil, fmt.Errorf("%s: %s %s: %w", sdkName, r.method, r.path, r.err)
	}
	ctx := r.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	cancel := context.CancelFunc(func() {})
	if r.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, r.timeout)
	}
	u := c.baseURL + r.path
	if len(r.query) > 0 {
		u += "?" + strings.Join(r.query, "&")
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		cancel()
		return nil, nil, fmt.Errorf("%s: %s %s: %w", sdkName, r.method, r.path, err)
	}
	for k, vs := range c.header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range r.header {
		req.Header[k] = append([]string(nil), vs...)
	}
	if r.accept != "" {
		req.Header.Set("Accept", r.accept)
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	for _, ck := range r.cookies {
		req.AddCookie(ck)
	}
	if !r.noAuth {
		q := req.URL.Query()
		for _, cr := range c.creds {
			switch cr.in {
			case "header":
				req.Header.Set(cr.name, cr.value())
			case "query":
				q.Set(cr.name, cr.value())
				req.URL.RawQuery = q.Encode()
			case "cookie":
				req.AddCookie(&http.Cookie{Name: cr.name, Value: cr.value()})
			}
		}
	}
	resp, err := c.httpClient.Do(req)
	if err != nil {
		cancel()
		// url.Error repeats the full URL, which may hold query credentials.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, nil, fmt.Errorf("%s: %s %s: %w", sdkName, r.method, r.path, err)
	}
	return resp, cancel, nil
}

// check turns a non-2xx response into an *APIError, reading and closing its
// body. It returns nil for 2xx and leaves the body open.
func (r *request) check(resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4*maxErrorBody))
	e := &APIError{StatusCode: resp.StatusCode, Method: r.method, Path: r.path, Header: resp.Header, Body: raw}
	if r.errs != nil && len(bytes.TrimSpace(raw)) > 0 {
		if d := r.errs(resp.StatusCode); d != nil && json.Unmarshal(raw, d) == nil {
			e.Detail = d
		}
	}
	return e
}

// doJSON sends r and decodes a JSON success body into a new T. Statuses in
// empty (e.g. 204) return a nil T.
func doJSON[T any](c *core, r *request, empty ...int) (*T, *Response, error) {
	resp, cancel, err := c.send(r)
	if err != nil {
		return nil, nil, err
	}
	defer cancel()
	if err := r.check(resp); err != nil {
		return nil, &Response{resp}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, &Response{resp}, fmt.Errorf("%s: %s %s: reading response: %w", sdkName, r.method, r.path, err)
	}
	for _, code := range empty {
		if resp.StatusCode == code {
			return nil, &Response{resp}, nil
		}
	}
	out := new(T)
	if err := json.Unmarshal(raw, out); err != nil {
		if len(raw) > maxErrorBody {
			raw = raw[:maxErrorBody]
		}
		return nil, &Response{resp}, &DecodeError{StatusCode: resp.StatusCode, Method: r.method, Path: r.path, Body: raw, Err: err}
	}
	return out, &Response{resp}, nil
}

// doEmpty sends r and discards any success body.
func doEmpty(c *core, r *request) (*Response, error) {
	resp, cancel, err := c.send(r)
	if err != nil {
		return nil, err
	}
	defer cancel()
	if err := r.check(resp); err != nil {
		return &Response{resp}, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return &Response{resp}, fmt.Errorf("%s: %s %s: reading response: %w", sdkName, r.method, r.path, err)
	}
	return &Response{resp}, nil
}

// doStream sends r and returns the success body unread; the caller must
// close it. The body is streamed, never buffered whole.
func doStream(c *core, r *request) (io.ReadCloser, *Response, error) {
	resp, cancel, err := c.send(r)
	if err != nil {
		return nil, nil, err
	}
	if err := r.check(resp); err != nil {
		cancel()
		return nil, &Response{resp}, err
	}
	return &streamBody{ReadCloser: resp.Body, cancel: cancel}, &Response{resp}, nil
}

// streamBody releases the call's timeout when the caller closes the stream.
type streamBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

// Close closes the body and releases the call's timeout.
func (s *streamBody) Close() error {
	err := s.ReadCloser.Close()
	s.cancel()
	return err
}
