package sdkruntime

import (
	"net/http"
	"strings"
	"time"
)

// maxErrorBody bounds how much of an error response is read and kept.
const maxErrorBody = 64 << 10

// DefaultMaxResponseBody is the largest success body a call reads and
// decodes unless WithMaxResponseBody says otherwise: 32 MiB, counted after
// gzip decoding.
const DefaultMaxResponseBody = 32 << 20

// Option configures a Client.
type Option func(*config)

type config struct {
	baseURL    string
	httpClient *http.Client
	userAgent  string
	header     http.Header
	run        runConfig                                   // retry.go, logging.go
	middleware []func(http.RoundTripper) http.RoundTripper // logging.go
	creds      []credential                                // set by the generated With<Scheme> options
	maxBody    int64                                       // WithMaxResponseBody; 0: the default
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

// WithMaxResponseBody bounds the success bodies a call reads and decodes
// to n bytes, counted after decompression (a small gzip body that inflates
// past n fails as well). A larger body fails the call with a
// *BodyTooLargeError after reading at most n+1 bytes. The default is
// DefaultMaxResponseBody; n < 0 removes the limit, 0 keeps the default.
// Streamed (binary and text) results are never buffered, so the limit does
// not apply to them: the caller reads as much as it wants.
func WithMaxResponseBody(n int64) Option {
	return func(c *config) { c.maxBody = n }
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
