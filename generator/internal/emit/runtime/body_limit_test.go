package sdkruntime

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// endless is a body that never ends; n counts the bytes handed out.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	e.n += int64(len(p))
	return len(p), nil
}

func (e *endless) Close() error { return nil }

// fakeTransport answers every request with a fresh response from mk.
type fakeTransport func(*http.Request) *http.Response

func (f fakeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp := f(r)
	resp.Request = r
	return resp, nil
}

func okResponse(body io.ReadCloser, length int64) *http.Response {
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: body, ContentLength: length}
}

func limitedCore(rt http.RoundTripper, opts ...Option) *core {
	return newCore("https://api.example.com", nil, append([]Option{WithHTTPClient(&http.Client{Transport: rt})}, opts...))
}

// Finding 8 of issue 13: a success body is read under a limit; a server
// sending more gets a *BodyTooLargeError after at most limit+1 bytes read,
// not an out-of-memory process.
func TestSuccessBodyReadUnderLimit(t *testing.T) {
	body := &endless{}
	c := limitedCore(fakeTransport(func(*http.Request) *http.Response { return okResponse(body, -1) }), WithMaxResponseBody(1<<20))
	_, resp, err := call(c, http.MethodGet)
	var tooLarge *BodyTooLargeError
	if !errors.As(err, &tooLarge) {
		t.Fatalf("err = %v, want *BodyTooLargeError", err)
	}
	if tooLarge.Limit != 1<<20 || tooLarge.StatusCode != 200 || tooLarge.Method != "GET" || tooLarge.Path != "/things/T-1" {
		t.Errorf("error = %+v", tooLarge)
	}
	if resp == nil {
		t.Error("no *Response with the error")
	}
	// bytes.Buffer reads in chunks of at least 512 bytes; the limit reader
	// asks for one byte past the limit, so the overshoot is one chunk.
	if body.n > 1<<20+64<<10 {
		t.Errorf("read %d bytes of the endless body, limit 1 MiB", body.n)
	}
}

// A Content-Length above the limit fails before anything is read.
func TestSuccessBodyContentLengthOverLimit(t *testing.T) {
	body := &endless{}
	c := limitedCore(fakeTransport(func(*http.Request) *http.Response { return okResponse(body, 10<<20) }), WithMaxResponseBody(1<<20))
	_, _, err := call(c, http.MethodGet)
	var tooLarge *BodyTooLargeError
	if !errors.As(err, &tooLarge) {
		t.Fatalf("err = %v, want *BodyTooLargeError", err)
	}
	if body.n > 64<<10 {
		t.Errorf("read %d bytes though Content-Length announced too much", body.n)
	}
}

func TestSuccessBodyDefaultLimit(t *testing.T) {
	body := &endless{}
	c := limitedCore(fakeTransport(func(*http.Request) *http.Response { return okResponse(body, -1) }))
	_, _, err := call(c, http.MethodGet)
	var tooLarge *BodyTooLargeError
	if !errors.As(err, &tooLarge) || tooLarge.Limit != DefaultMaxResponseBody {
		t.Fatalf("err = %v, want *BodyTooLargeError at the default %d", err, DefaultMaxResponseBody)
	}
	if body.n > DefaultMaxResponseBody+64<<10 {
		t.Errorf("read %d bytes, default limit %d", body.n, DefaultMaxResponseBody)
	}
	// Under the limit, a body decodes as before.
	c = limitedCore(fakeTransport(func(*http.Request) *http.Response {
		return okResponse(io.NopCloser(strings.NewReader(`{"N": 7}`)), -1)
	}), WithMaxResponseBody(8))
	res, _, err := call(c, http.MethodGet)
	if err != nil || res.N != 7 {
		t.Fatalf("8-byte body under an 8-byte limit: %v, %v", res, err)
	}
}

// gzipBomb returns n spaces gzip-compressed (about n/1000 bytes).
func gzipBomb(t *testing.T, n int) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	chunk := bytes.Repeat([]byte(" "), 64<<10)
	for i := 0; i < n/len(chunk); i++ {
		if _, err := zw.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The limit counts decompressed bytes: a small gzip body that inflates to
// 256 MiB fails at the limit, and the client allocates a bounded amount
// (measured with runtime.ReadMemStats, not time). Both the transport's
// transparent decompression and a gzip body the runtime inflates itself
// (the caller asked for it with its own Accept-Encoding) are covered.
func TestGzipBodyLimitCountsDecompressedBytes(t *testing.T) {
	bomb := gzipBomb(t, 256<<20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	}))
	defer srv.Close()
	for _, tc := range []struct {
		name string
		opts []RequestOption
	}{
		{"transport", nil},
		{"runtime", []RequestOption{WithRequestHeader("Accept-Encoding", "gzip")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCore(srv.URL, nil, []Option{WithMaxResponseBody(1 << 20)})
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, _, err := call(c, http.MethodGet, tc.opts...)
			runtime.ReadMemStats(&after)
			var tooLarge *BodyTooLargeError
			if !errors.As(err, &tooLarge) {
				t.Fatalf("err = %v, want *BodyTooLargeError", err)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
				t.Errorf("allocated %d MiB for a 1 MiB limit (body inflates to 256 MiB)", alloc>>20)
			}
		})
	}
	// A gzip body under the limit decodes, whichever side inflates it.
	var small bytes.Buffer
	zw := gzip.NewWriter(&small)
	zw.Write([]byte(`{"N": 3}`))
	zw.Close()
	srv2 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(small.Bytes())
	}))
	defer srv2.Close()
	c := newCore(srv2.URL, nil, nil)
	for _, opts := range [][]RequestOption{nil, {WithRequestHeader("Accept-Encoding", "gzip")}} {
		res, _, err := call(c, http.MethodGet, opts...)
		if err != nil || res.N != 3 {
			t.Errorf("gzip body %v: %v, %v", opts, res, err)
		}
	}
}

// A body-less success (doEmpty) is drained only up to the limit.
func TestEmptyResultDrainsUnderLimit(t *testing.T) {
	body := &endless{}
	c := limitedCore(fakeTransport(func(*http.Request) *http.Response { return okResponse(body, -1) }), WithMaxResponseBody(1<<20))
	r := c.newRequest(context.Background(), "POST", "/x", "", nil, nil)
	if _, err := doEmpty(c, r); err != nil {
		t.Fatal(err)
	}
	if body.n > 1<<20+64<<10 {
		t.Errorf("drained %d bytes of an unused body, limit 1 MiB", body.n)
	}
}

// Streams are never buffered: doStream hands the body over unread, and
// only what the caller reads is read, whatever the limit.
func TestStreamIsNotBuffered(t *testing.T) {
	body := &endless{}
	c := limitedCore(fakeTransport(func(*http.Request) *http.Response { return okResponse(body, -1) }), WithMaxResponseBody(1<<10))
	r := c.newRequest(context.Background(), "GET", "/file", "application/octet-stream", nil, nil)
	rc, _, err := doStream(c, r)
	if err != nil {
		t.Fatal(err)
	}
	if body.n != 0 {
		t.Errorf("doStream read %d bytes before the caller did", body.n)
	}
	n, err := io.Copy(io.Discard, io.LimitReader(rc, 4<<20))
	if err != nil || n != 4<<20 {
		t.Fatalf("stream read %d bytes, %v: the limit applies to buffered bodies only", n, err)
	}
	rc.Close()
	if body.n > 4<<20+64<<10 {
		t.Errorf("read %d bytes for a caller reading 4 MiB", body.n)
	}
}
