package sdkruntime

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors for the common classes of failure. An *APIError matches
// them with errors.Is by its status, e.g.
//
//	if errors.Is(err, ErrNotFound) { ... }
var (
	ErrBadRequest   = errors.New(sdkName + ": bad request")  // 400
	ErrUnauthorized = errors.New(sdkName + ": unauthorized") // 401, 403
	ErrNotFound     = errors.New(sdkName + ": not found")    // 404
	ErrConflict     = errors.New(sdkName + ": conflict")     // 409, e.g. another job is running
	ErrRateLimited  = errors.New(sdkName + ": rate limited") // 429
	ErrServer       = errors.New(sdkName + ": server error") // 5xx
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
	// RequestID is the server's ID for the request (X-Request-Id or a
	// common variant), "" when it sent none; quote it to support.
	RequestID string
	// RetryAfter is the wait the server asked for with Retry-After, 0 when
	// it sent none.
	RetryAfter time.Duration
	// Attempts is how many times the call was sent, retries included.
	Attempts int
}

// Is matches the sentinel errors by status: ErrBadRequest (400),
// ErrUnauthorized (401, 403), ErrNotFound (404), ErrConflict (409),
// ErrRateLimited (429) and ErrServer (500-599).
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrBadRequest:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// requestIDHeaders are the response headers servers put request IDs in.
var requestIDHeaders = []string{"X-Request-Id", "Request-Id", "X-Amzn-Requestid", "X-Correlation-Id", "X-Trace-Id"}

// requestID returns the request ID a response carries, or "".
func requestID(h http.Header) string {
	for _, k := range requestIDHeaders {
		if v := h.Get(k); v != "" {
			return v
		}
	}
	return ""
}

// Error describes the failed call: method, path, status and the start of
// the body. It never contains credentials.
func (e *APIError) Error() string {
	msg := fmt.Sprintf("%s: %s %s: %d %s", sdkName, e.Method, e.Path, e.StatusCode, http.StatusText(e.StatusCode))
	if e.RequestID != "" {
		msg += " (request " + e.RequestID + ")"
	}
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

// BodyTooLargeError reports a success response whose body is larger than
// the client's limit (WithMaxResponseBody, counted after decompression).
// Nothing past the limit was read.
type BodyTooLargeError struct {
	StatusCode int
	Method     string
	Path       string
	Limit      int64 // the limit, in bytes
}

// Error describes the call and the limit.
func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("%s: %s %s: %d response body is larger than the limit of %d bytes (WithMaxResponseBody)", sdkName, e.Method, e.Path, e.StatusCode, e.Limit)
}

func bodySnippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
