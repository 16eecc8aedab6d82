package sdktests

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

const (
	pdfChunk = 64 << 10
	pdfTotal = 8 << 20
)

// chunkAt is chunk i of the large PDF: a recognisable pattern so the test
// can check order and content.
func chunkAt(i int) []byte {
	b := bytes.Repeat([]byte{byte('A' + i%26)}, pdfChunk)
	copy(b, "%PDF-chunk")
	return b
}

// slowPDFServer writes the first chunk of an 8 MiB PDF, then waits for the
// test to say go before writing the rest, chunk by chunk with flushes.
func slowPDFServer(t *testing.T) (srv *httptest.Server, proceed chan struct{}, done chan struct{}) {
	t.Helper()
	proceed = make(chan struct{})
	done = make(chan struct{})
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		if got := r.Header.Get("Accept"); got != pdfAccept {
			t.Errorf("Accept = %q, want %q", got, pdfAccept)
		}
		w.Header().Set("Content-Type", pdfAccept)
		w.WriteHeader(200)
		fl := w.(http.Flusher)
		if _, err := w.Write(chunkAt(0)); err != nil {
			return
		}
		fl.Flush()
		select {
		case <-proceed:
		case <-time.After(2 * time.Second):
			// The client never read the first chunk on its own (it is
			// buffering the body): go on, so the test fails instead of hanging.
		case <-r.Context().Done():
			return
		}
		for i := 1; i < pdfTotal/pdfChunk; i++ {
			if _, err := w.Write(chunkAt(i)); err != nil {
				return
			}
			fl.Flush()
		}
	}))
	t.Cleanup(srv.Close)
	return srv, proceed, done
}

// TestPDFIsStreamed: DownloadStatementPDF returns while the server is still
// writing; the first chunk can be read before the server writes the rest, so
// the body is not buffered. The whole 8 MiB then arrive intact and Close works.
func TestPDFIsStreamed(t *testing.T) {
	srv, proceed, done := slowPDFServer(t)
	client := newTestClient(srv.URL)

	rc, resp, err := client.Statements.DownloadStatementPDF(context.Background(), "USR-1", "MBR-1", "STA-1")
	if err != nil {
		close(proceed)
		t.Fatal(err)
	}
	eq(t, "StatusCode", resp.StatusCode, 200)
	eq(t, "Content-Type", resp.Header.Get("Content-Type"), pdfAccept)

	first := make([]byte, pdfChunk)
	if _, err := io.ReadFull(rc, first); err != nil {
		close(proceed)
		t.Fatalf("reading the first chunk: %v", err)
	}
	select {
	case <-done:
		t.Fatal("server finished before the first chunk was read")
	default:
	}
	if !bytes.Equal(first, chunkAt(0)) {
		t.Fatal("first chunk differs")
	}

	close(proceed)
	rest, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("reading the rest: %v", err)
	}
	eq(t, "total bytes", pdfChunk+len(rest), pdfTotal)
	for i := 1; i < pdfTotal/pdfChunk && len(rest) >= i*pdfChunk; i++ {
		if !bytes.Equal(rest[(i-1)*pdfChunk:i*pdfChunk], chunkAt(i)) {
			t.Fatalf("chunk %d differs", i)
		}
	}
	if err := rc.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	<-done
}

// TestPDFCloseEarly: closing the stream before the end releases the
// connection; the server's handler ends instead of blocking.
func TestPDFCloseEarly(t *testing.T) {
	srv, proceed, done := slowPDFServer(t)
	rc, _, err := newTestClient(srv.URL).Statements.DownloadStatementPDF(context.Background(), "USR-1", "MBR-1", "STA-1")
	if err != nil {
		close(proceed)
		t.Fatal(err)
	}
	buf := make([]byte, 1024)
	if _, err := io.ReadFull(rc, buf); err != nil {
		t.Fatal(err)
	}
	if err := rc.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	close(proceed)
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("server still writing 3s after Close")
	}
	if _, err := rc.Read(buf); err == nil {
		t.Error("Read after Close succeeded")
	}
}

// TestPDFTimeoutBoundsOpening: WithTimeout on the download bounds the wait
// for the stream to open.
func TestPDFTimeoutBoundsOpening(t *testing.T) {
	srv, _ := blockingServer(t)
	start := time.Now()
	rc, _, err := newTestClient(srv.URL).Statements.DownloadStatementPDF(context.Background(), "USR-1", "MBR-1", "STA-1",
		atrium.WithTimeout(100*time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if rc != nil {
		t.Error("non-nil stream with an error")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("timeout took %v", d)
	}
}

// TestWithTimeoutCoversStream: WithTimeout bounds the whole call, and for a
// streamed body (DownloadStatementPDF) that includes reading the stream: a
// stream that stalls past the deadline fails with context.DeadlineExceeded
// after the part that arrived in time.
func TestWithTimeoutCoversStream(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", pdfAccept)
		w.WriteHeader(200)
		w.Write([]byte("%PDF-1.4 first part\n"))
		w.(http.Flusher).Flush()
		select {
		case <-time.After(300 * time.Millisecond):
		case <-r.Context().Done():
			return
		}
		w.Write([]byte("second part\n%%EOF\n"))
	}))
	defer srv.Close()
	rc, _, err := newTestClient(srv.URL).Statements.DownloadStatementPDF(context.Background(), "USR-1", "MBR-1", "STA-1",
		atrium.WithTimeout(100*time.Millisecond))
	if err != nil {
		t.Fatalf("stream did not open within the timeout: %v", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("reading past the deadline: err = %v, want context.DeadlineExceeded (read %q)", err, b)
	}
	eq(t, "body read before the deadline", string(b), "%PDF-1.4 first part\n")
}
