package sdkruntime

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// upload is a multipart body: a text part and a file part.
type upload struct {
	Name string    `json:"name"`
	File io.Reader `json:"file"`
}

// seen is what the server received: the raw body with its boundary
// replaced by "B", the declared length and transfer encoding.
type seen struct {
	body     string
	raw      int64 // bytes received
	length   int64
	chunked  bool
	requests int
}

func uploadServer(t *testing.T, status int) (*httptest.Server, func() seen) {
	var mu sync.Mutex
	var last seen
	n := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		body := string(raw)
		if _, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); params["boundary"] != "" {
			body = strings.ReplaceAll(body, params["boundary"], "B")
		}
		mu.Lock()
		n++
		last = seen{
			body:     body,
			raw:      int64(len(raw)),
			length:   r.ContentLength,
			chunked:  len(r.TransferEncoding) > 0 && r.TransferEncoding[0] == "chunked",
			requests: n,
		}
		mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, func() seen {
		mu.Lock()
		defer mu.Unlock()
		return last
	}
}

func sendUpload(c *core, method string, body any) error {
	r := c.newRequest(context.Background(), method, "/upload", "", nil, nil)
	r.multipartBody(body, nil)
	_, err := doEmpty(c, r)
	return err
}

// generated yields n bytes it makes up as it goes (the alphabet, over and
// over): a file part that is neither in memory nor of a known size.
type generated struct {
	n, off, reads int
	fail          error // returned once fewer than 1 MiB are left
}

func (g *generated) Read(p []byte) (int, error) {
	g.reads++
	if g.n == 0 {
		return 0, io.EOF
	}
	if g.fail != nil && g.n < 1<<20 {
		return 0, g.fail
	}
	k := min(len(p), g.n)
	for i := range p[:k] {
		p[i] = byte('a' + (g.off+i)%26)
	}
	g.n -= k
	g.off += k
	return k, nil
}

// A file part from disk is streamed, with the Content-Length the file's size
// gives, and the bytes on the wire are the ones the in-memory encoding
// sends; a part of unknown size is sent chunked, the same bytes again.
func TestMultipartFileStreams(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	path := filepath.Join(t.TempDir(), "photo.png")
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	srv, last := uploadServer(t, 204)
	c := newCore(srv.URL, nil, nil)

	if err := sendUpload(c, "POST", &upload{Name: "n", File: FilePart{Reader: bytes.NewReader(content), Filename: "photo.png"}}); err != nil {
		t.Fatal(err)
	}
	buffered := last()
	if buffered.chunked || buffered.length != buffered.raw {
		t.Fatalf("in memory: length %d, chunked %v; want the body's length %d", buffered.length, buffered.chunked, buffered.raw)
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := sendUpload(c, "POST", &upload{Name: "n", File: f}); err != nil {
		t.Fatal(err)
	}
	fromFile := last()
	if fromFile.body != buffered.body {
		t.Errorf("a file streams other bytes than the same content in memory (%d vs %d bytes)", len(fromFile.body), len(buffered.body))
	}
	if fromFile.chunked || fromFile.length != fromFile.raw {
		t.Errorf("file: length %d, chunked %v; want %d, not chunked", fromFile.length, fromFile.chunked, fromFile.raw)
	}

	g := &generated{n: len(content)}
	alphabet := bytes.Repeat([]byte("abcdefghijklmnopqrstuvwxyz"), len(content)/26+1)[:len(content)]
	want := strings.Replace(buffered.body, string(content), string(alphabet), 1)
	if err := sendUpload(c, "POST", &upload{Name: "n", File: FilePart{Reader: g, Filename: "photo.png"}}); err != nil {
		t.Fatal(err)
	}
	unsized := last()
	if !unsized.chunked || unsized.length != -1 {
		t.Errorf("unknown size: length %d, chunked %v; want chunked", unsized.length, unsized.chunked)
	}
	if unsized.body != want {
		t.Errorf("a streamed part of unknown size sends other bytes (%d vs %d)", len(unsized.body), len(want))
	}
}

// Streaming holds a constant amount in memory, whatever the file's size.
func TestMultipartStreamMemory(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(204)
	}))
	defer srv.Close()
	c := newCore(srv.URL, nil, nil)
	const size = 64 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := sendUpload(c, "POST", &upload{Name: "n", File: &generated{n: size}}); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > size/8 {
		t.Errorf("uploading %d MiB allocated %d MiB: the body was buffered", size>>20, alloc>>20)
	}
}

// A streamed body is sent once: a 503 is not retried (the in-memory body
// is); a file that fails mid-way fails the call naming the part; a call
// that fails before sending never reads the file.
func TestMultipartStreamSentOnce(t *testing.T) {
	srv, last := uploadServer(t, 503)
	clk := newFakeClock()
	c := newCore(srv.URL, nil, []Option{clk.option()})
	if err := sendUpload(c, "PUT", &upload{Name: "n", File: strings.NewReader("in memory")}); err == nil || last().requests != 3 {
		t.Errorf("in memory: err %v after %d requests; want 503 after 3", err, last().requests)
	}
	var apiErr *APIError
	if err := sendUpload(c, "PUT", &upload{Name: "n", File: &generated{n: 10}}); !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || last().requests != 4 {
		t.Errorf("streamed: err %v, %d requests in all; want one 503 (4 in all)", err, last().requests)
	}

	ok, _ := uploadServer(t, 204)
	c = newCore(ok.URL, nil, nil)
	boom := errors.New("disk on fire")
	err := sendUpload(c, "POST", &upload{Name: "n", File: &generated{n: 4 << 20, fail: boom}})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), `encoding multipart body: part "file"`) {
		t.Errorf("failing file: err %v; want the file's error, naming the part", err)
	}

	g := &generated{n: 10}
	c = newCore(ok.URL, []credential{tokenSourceCredential("oauth", func(context.Context) (string, error) { return "", boom })}, nil)
	if err := sendUpload(c, "POST", &upload{Name: "n", File: g}); !errors.Is(err, boom) || g.reads != 0 {
		t.Errorf("a call that fails before sending: err %v, file read %d times; want none", err, g.reads)
	}
}

// A raw body from a regular file is sent with its length (what is left past
// the file's offset), not chunked; an empty one is an empty body.
func TestStreamBodyFileLength(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.bin")
	if err := os.WriteFile(path, []byte("0123456789"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, last := uploadServer(t, 204)
	c := newCore(srv.URL, nil, nil)
	for _, skip := range []int64{0, 4, 10} {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Seek(skip, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		r := c.newRequest(context.Background(), "PUT", "/upload", "", nil, nil)
		r.streamBody("application/octet-stream", f)
		if _, err := doEmpty(c, r); err != nil {
			t.Fatal(err)
		}
		f.Close()
		got := last()
		if got.chunked || got.length != 10-skip || got.raw != 10-skip || got.body != "0123456789"[skip:] {
			t.Errorf("from offset %d: length %d, chunked %v, body %q", skip, got.length, got.chunked, got.body)
		}
	}
}
