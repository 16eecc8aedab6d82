package sandbox

import (
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

// Finding 10 of issue 13: stalled connections (headers never finished)
// are closed by the server, all 200 of them, instead of staying open.
func TestStalledConnectionsAreClosed(t *testing.T) {
	defer func(h time.Duration) { readHeaderTimeout = h }(readHeaderTimeout)
	readHeaderTimeout = 200 * time.Millisecond
	r, err := Start(Config{}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	addr := r.URL[len("http://"):]
	var conns []net.Conn
	for i := 0; i < 200; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := io.WriteString(c, "GET /users HTTP/1.1\r\nHost: x\r\n"); err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		// Generous: the server's timeout is 200 ms; without one the read
		// would wait forever.
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, err := io.ReadAll(c)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("connection %d still open after 10 s", i)
		}
	}
}
