package sdkruntime

import (
	"fmt"
	"net/http"
	"strings"
)

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
