package sdkruntime

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
)

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
	} else if r.stream != nil {
		body = r.stream // sent once, as it is read
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
		if err := c.authorize(req); err != nil {
			cancel()
			return nil, nil, fmt.Errorf("%s: %s %s: %w", sdkName, r.method, r.path, err)
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
