package sdkruntime

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// send sends r, retrying as the call's RetryPolicy says, and returns the
// last response; the caller owns its body and must call the CancelFunc
// when done with it. The context (and WithTimeout) bounds the whole call,
// retries and waits included.
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
	p := c.run.policy(r)
	idempotent := r.call.idempotent || idempotentMethod(r.method)
	logging := c.run.logger != nil
	answered := false // a 401 challenge was answered (HTTP Digest)
	for attempt := 0; ; attempt++ {
		r.call.attempts = attempt + 1
		req, err := c.httpRequest(ctx, r)
		if err != nil {
			cancel()
			return nil, nil, fmt.Errorf("%s: %s %s: %w", sdkName, r.method, r.path, err)
		}
		var start time.Time
		if logging {
			start = c.run.timeNow()
		}
		resp, err := c.httpClient.Do(req)
		if err != nil {
			// url.Error repeats the full URL, which may hold query credentials.
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			err = fmt.Errorf("%s: %s %s: %w", sdkName, r.method, r.path, err)
			wait, retry := time.Duration(-1), false
			if retryableError(ctx, err, idempotent) {
				wait, retry = c.run.retryDelay(ctx, p, attempt, 0, false)
			}
			if logging {
				c.run.logAttempt(ctx, r, attempt, start, nil, err, retryWait(wait, retry))
			}
			if !retry {
				cancel()
				return nil, nil, err
			}
			if werr := c.run.wait(ctx, wait); werr != nil {
				cancel()
				return nil, nil, fmt.Errorf("%s: %s %s: %w while waiting to retry after: %v", sdkName, r.method, r.path, werr, err)
			}
			continue
		}
		if !answered && c.answerChallenge(r, req, resp) {
			answered = true
			if logging {
				c.run.logAttempt(ctx, r, attempt, start, resp, nil, 0)
			}
			drainAndClose(resp.Body)
			continue
		}
		if retryableStatus(resp.StatusCode, idempotent) && attempt < p.MaxRetries {
			ra, hasRA := parseRetryAfter(resp.Header, c.run.timeNow())
			wait, retry := c.run.retryDelay(ctx, p, attempt, ra, hasRA)
			if logging {
				c.run.logAttempt(ctx, r, attempt, start, resp, nil, retryWait(wait, retry))
			}
			if !retry {
				return resp, cancel, nil
			}
			drainAndClose(resp.Body)
			if werr := c.run.wait(ctx, wait); werr != nil {
				cancel()
				return nil, nil, fmt.Errorf("%s: %s %s: %w while waiting to retry after status %d", sdkName, r.method, r.path, werr, resp.StatusCode)
			}
			continue
		}
		if logging {
			c.run.logAttempt(ctx, r, attempt, start, resp, nil, -1)
		}
		return resp, cancel, nil
	}
}

func retryWait(d time.Duration, retry bool) time.Duration {
	if !retry {
		return -1
	}
	return d
}

// drainAndClose reads what is left of a body, up to a bound, and closes
// it, so the connection can be reused.
func drainAndClose(body io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 4*maxErrorBody))
	_ = body.Close()
}

// httpRequest builds one attempt of r. The body is a fresh reader over the
// encoded bytes each time, so every attempt sends it whole.
func (c *core) httpRequest(ctx context.Context, r *request) (*http.Request, error) {
	u := c.base(r) + r.path
	if len(r.query) > 0 {
		u += "?" + strings.Join(r.query, "&")
	}
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	} else if r.stream != nil {
		body = r.stream // sent once, as it is read
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u, body)
	if err != nil {
		return nil, err
	}
	if r.stream != nil && r.streamLen >= 0 && req.ContentLength == 0 {
		// A regular file or a measured multipart body: sent with its
		// length rather than chunked (a body of another length fails the
		// call).
		req.ContentLength = r.streamLen
		if r.streamLen == 0 {
			req.Body, req.GetBody = http.NoBody, nil
		}
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
	reqs := r.security
	if reqs == nil {
		reqs = c.security
	}
	if err := c.authorize(req, c.credentials(reqs)); err != nil {
		return nil, err
	}
	return req, nil
}

// noBody reports whether a response can have no body (RFC 9110: any
// response to HEAD, 1xx, 204, 205 and 304), whatever the spec declares:
// nothing is read or decoded for it.
func noBody(method string, status int) bool {
	return method == http.MethodHead || status < 200 || status == 204 || status == 205 || status == 304
}

// check turns a non-2xx response into an *APIError, reading and closing its
// body; an HTTP-date Retry-After is read against now (the client's clock).
// It returns nil for 2xx and leaves the body open.
func (r *request) check(resp *http.Response, now time.Time) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	defer drainAndClose(resp.Body)
	var raw []byte
	if !noBody(r.method, resp.StatusCode) {
		raw, _ = io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	}
	e := &APIError{StatusCode: resp.StatusCode, Method: r.method, Path: r.path, Header: resp.Header, Body: raw,
		RequestID: requestID(resp.Header), Attempts: r.call.attempts}
	if d, ok := parseRetryAfter(resp.Header, now); ok {
		e.RetryAfter = d
	}
	if r.errs != nil && len(bytes.TrimSpace(raw)) > 0 {
		if d := r.errs(resp.StatusCode); d != nil && json.Unmarshal(raw, d) == nil {
			e.Detail = d
		}
	}
	return e
}

// doJSON sends r and decodes a JSON success body into out, a new value's
// pointer (new(T)), and returns it. Responses that have no body (noBody:
// HEAD, 1xx, 204, 205, 304) and the statuses in empty (those the spec
// declares without content, e.g. 202) return a nil P without reading a
// body. A body larger than the client's limit is a *BodyTooLargeError; a
// body that is empty, or null when r.nullable is not set, is a
// *DecodeError: the result is never a silent zero value.
//
// Its type parameter is the pointer, not the type it points to: all
// pointer types have one GC shape, so the compiler builds one doJSON for
// every result of an SDK, where a doJSON[T] returning *T was built once
// per result type.
func doJSON[P any](c *core, r *request, out P, empty ...int) (P, *Response, error) {
	ok, resp, err := doDecode(c, r, out, empty)
	if !ok {
		var none P
		return none, resp, err
	}
	return out, resp, nil
}

// doJSONValue is doJSON for a result returned by value, an array or a
// map: its zero value (nil) when there is no body.
func doJSONValue[T any](c *core, r *request, empty ...int) (T, *Response, error) {
	var out T
	ok, resp, err := doDecode(c, r, &out, empty)
	if !ok {
		var zero T
		return zero, resp, err
	}
	return out, resp, nil
}

// doDecode is doJSON's body, not generic so that it is compiled once, not
// once per response type: it decodes a success body into out and reports
// whether it did.
func doDecode(c *core, r *request, out any, empty []int) (bool, *Response, error) {
	resp, cancel, err := c.send(r)
	if err != nil {
		return false, nil, err
	}
	defer cancel()
	if err := r.check(resp, c.run.timeNow()); err != nil {
		return false, &Response{resp}, err
	}
	if noBody(r.method, resp.StatusCode) {
		resp.Body.Close()
		return false, &Response{resp}, nil
	}
	for _, code := range empty {
		if resp.StatusCode == code {
			drainAndClose(resp.Body)
			return false, &Response{resp}, nil
		}
	}
	defer resp.Body.Close()
	buf, err := readBody(resp, c.maxBody)
	defer releaseBody(buf)
	if err == errTooLarge {
		return false, &Response{resp}, &BodyTooLargeError{StatusCode: resp.StatusCode, Method: r.method, Path: r.path, Limit: c.maxBody}
	}
	if err != nil {
		return false, &Response{resp}, fmt.Errorf("%s: %s %s: reading response: %w", sdkName, r.method, r.path, err)
	}
	decodeErr := func(err error) error {
		raw := buf.Bytes()
		if len(raw) > maxErrorBody {
			raw = raw[:maxErrorBody]
		}
		return &DecodeError{StatusCode: resp.StatusCode, Method: r.method, Path: r.path, Body: bytes.Clone(raw), Err: err}
	}
	switch trimmed := bytes.TrimSpace(buf.Bytes()); {
	case len(trimmed) == 0:
		return false, &Response{resp}, decodeErr(errEmptyBody)
	case string(trimmed) == "null" && r.nullable:
		return false, &Response{resp}, nil
	case string(trimmed) == "null":
		return false, &Response{resp}, decodeErr(errNullBody)
	}
	if err := json.Unmarshal(buf.Bytes(), out); err != nil {
		return false, &Response{resp}, decodeErr(err)
	}
	return true, &Response{resp}, nil
}

var (
	errEmptyBody = errors.New("the body is empty where the spec requires a value")
	errNullBody  = errors.New("the body is null where the spec requires a non-null value")
	errTooLarge  = errors.New("body too large")
)

// bodyBuffers recycles the buffers success bodies are read into before
// decoding, so a large page costs no allocations for its raw bytes.
// json.Unmarshal copies what it keeps, so a buffer is free after decoding.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBody is the largest buffer kept for reuse.
const maxPooledBody = 8 << 20

// readBody reads a whole body, at most limit bytes of it after
// decompression (limit < 0: no limit), into a pooled buffer; release it
// with releaseBody. More than limit bytes is errTooLarge, found by reading
// one byte past the limit, never more. A gzip body the transport left
// compressed (the caller set its own Accept-Encoding) is inflated here, so
// the limit always counts decoded bytes.
func readBody(resp *http.Response, limit int64) (*bytes.Buffer, error) {
	buf := bodyBuffers.Get().(*bytes.Buffer)
	buf.Reset()
	var body io.Reader = resp.Body
	if !resp.Uncompressed && strings.EqualFold(strings.TrimSpace(resp.Header.Get("Content-Encoding")), "gzip") {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return buf, err
		}
		defer zr.Close()
		body = zr
	} else if n := resp.ContentLength; n > 0 {
		if limit >= 0 && n > limit {
			return buf, errTooLarge
		}
		if n <= maxPooledBody {
			buf.Grow(int(n) + bytes.MinRead) // room to see EOF without growing
		}
	}
	if limit >= 0 {
		body = io.LimitReader(body, limit+1)
	}
	_, err := buf.ReadFrom(body)
	if err == nil && limit >= 0 && int64(buf.Len()) > limit {
		err = errTooLarge
	}
	return buf, err
}

func releaseBody(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBody {
		bodyBuffers.Put(buf)
	}
}

// doEmpty sends r and discards any success body, reading at most the
// client's body limit of it (the connection is closed, not reused, when
// there is more).
func doEmpty(c *core, r *request) (*Response, error) {
	resp, cancel, err := c.send(r)
	if err != nil {
		return nil, err
	}
	defer cancel()
	if err := r.check(resp, c.run.timeNow()); err != nil {
		return &Response{resp}, err
	}
	defer resp.Body.Close()
	if noBody(r.method, resp.StatusCode) {
		return &Response{resp}, nil
	}
	var body io.Reader = resp.Body
	if c.maxBody >= 0 {
		body = io.LimitReader(body, c.maxBody)
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
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
	if err := r.check(resp, c.run.timeNow()); err != nil {
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
