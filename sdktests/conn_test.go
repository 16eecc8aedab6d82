package sdktests

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// connCounter counts the connections a test server accepts.
func connCounter(srv *httptest.Server) *atomic.Int64 {
	var n atomic.Int64
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			n.Add(1)
		}
	}
	return &n
}

// TestConnectionReuse: sequential calls of every kind — JSON success,
// errors with bodies, empty bodies, retried 503s, a stream read to the end
// and closed — all go over one connection, so every body was drained and
// closed.
func TestConnectionReuse(t *testing.T) {
	var mu sync.Mutex
	n := 0
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		i := n
		mu.Unlock()
		io.Copy(io.Discard, r.Body)
		switch {
		case strings.HasSuffix(r.URL.Path, ".pdf"):
			w.Header().Set("Content-Type", pdfAccept)
			w.Write([]byte(strings.Repeat("%PDF", 50_000)))
		case r.Method == http.MethodDelete:
			w.WriteHeader(204)
		case strings.HasPrefix(r.URL.Path, "/users/missing"):
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(404)
			fmt.Fprint(w, errorJSON(strings.Repeat("not found ", 3000)))
		case strings.HasPrefix(r.URL.Path, "/users/busy") && i%2 == 1:
			w.WriteHeader(503)
			fmt.Fprint(w, errorJSON("busy"))
		default:
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"user":{"guid":"USR-1"}}`)
		}
	}))
	conns := connCounter(srv)
	srv.Start()
	t.Cleanup(srv.Close)
	client := retrying(srv.URL, atrium.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond})
	ctx := context.Background()
	for range 10 {
		if _, _, err := client.Users.ReadUser(ctx, "USR-1"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := client.Users.ReadUser(ctx, "missing"); !errors.Is(err, atrium.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
		if _, err := client.Users.DeleteUser(ctx, "USR-1"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := client.Users.ReadUser(ctx, "busy"); err != nil {
			t.Fatal(err)
		}
		rc, _, err := client.Statements.DownloadStatementPDF(ctx, "USR-1", "MBR-1", "STA-1")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, rc)
		rc.Close()
	}
	if got := conns.Load(); got != 1 {
		t.Errorf("%d connections for 60 sequential requests, want 1", got)
	}
}

// TestConcurrentRetriesAndPaging: many goroutines share one client for
// retried calls, paged walks and errors (run under -race).
func TestConcurrentRetriesAndPaging(t *testing.T) {
	ps := newPagedServer(t, 12)
	flaky := newRecorder(t, rep503, repMember) // the first request fails, the rest succeed
	pager := newTestClient(ps.URL)
	client := retrying(flaky.URL, atrium.RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond})
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch i % 2 {
			case 0:
				all, err := pager.Transactions.ListUserTransactionsAll(context.Background(), "USR-1", &atrium.ListUserTransactionsParams{RecordsPerPage: p32(int32(1 + i%5))})
				if err != nil || len(all) != 12 {
					errs <- fmt.Errorf("paged walk %d: %d items, %v", i, len(all), err)
				}
			default:
				m, _, err := client.Members.ReadMember(context.Background(), "USR-1", fmt.Sprintf("MBR-%d", i))
				if err != nil || *m.Member.GUID != "MBR-1" {
					errs <- fmt.Errorf("read %d: %v", i, err)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestNoGoroutineLeaks: after calls that succeed, fail, retry, time out
// and stream, and once idle connections are closed, the goroutine count
// is back where it started.
func TestNoGoroutineLeaks(t *testing.T) {
	settle := func(want int) int {
		var n int
		for range 100 {
			runtime.GC()
			if n = runtime.NumGoroutine(); n <= want {
				return n
			}
			time.Sleep(20 * time.Millisecond)
		}
		return n
	}
	runtime.GC()
	before := runtime.NumGoroutine()
	func() {
		tr := &http.Transport{}
		defer tr.CloseIdleConnections()
		hc := &http.Client{Transport: tr}
		flaky := newRecorder(t, rep503, rep503, repMember)
		defer flaky.Close()
		stall, _ := blockingServer(t)
		defer stall.Close()
		pdf := newRecorder(t, reply{Status: 200, ContentType: pdfAccept, Body: strings.Repeat("%PDF", 10_000)})
		defer pdf.Close()
		ps := newPagedServer(t, 9)
		defer ps.Close()
		p := atrium.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond}
		ctx := context.Background()
		for range 5 {
			retrying(flaky.URL, p, atrium.WithHTTPClient(hc)).Members.ReadMember(ctx, "USR-1", "MBR-1")
			retrying(stall.URL, p, atrium.WithHTTPClient(hc)).Members.ReadMember(ctx, "USR-1", "MBR-1", atrium.WithTimeout(20*time.Millisecond))
			rc, _, err := newTestClient(pdf.URL, atrium.WithHTTPClient(hc)).Statements.DownloadStatementPDF(ctx, "USR-1", "MBR-1", "STA-1", atrium.WithTimeout(time.Second))
			if err == nil {
				io.CopyN(io.Discard, rc, 100) // a prefix only
				rc.Close()
			}
			for _, err := range newTestClient(ps.URL, atrium.WithHTTPClient(hc)).Transactions.ListUserTransactionsIter(ctx, "USR-1", &atrium.ListUserTransactionsParams{RecordsPerPage: p32(2)}) {
				if err != nil {
					t.Error(err)
				}
				break
			}
		}
	}()
	if after := settle(before); after > before {
		buf := make([]byte, 1<<16)
		t.Errorf("goroutines: %d before, %d after\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}

// TestAllocBudget: the generated client allocates at most 10 more times
// per call than the hand-written baseline (see bench_test.go).
func TestAllocBudget(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	for _, p := range benchPairs(t) {
		var err error
		run := func(call func() error) func() {
			return func() {
				if e := call(); e != nil {
					err = e
				}
			}
		}
		g := testing.AllocsPerRun(10, run(p.generated))
		b := testing.AllocsPerRun(10, run(p.baseline))
		if err != nil {
			t.Fatal(err)
		}
		if g-b > 10 {
			t.Errorf("%s: generated %.0f allocs/call, baseline %.0f: %.0f extra, budget 10", p.name, g, b, g-b)
		}
		t.Logf("%s: generated %.0f allocs/call, baseline %.0f", p.name, g, b)
	}
}
