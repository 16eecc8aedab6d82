package sandbox

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/generated/atriumserver"
)

// Server is the sandbox as an http.Handler: the generated Atrium handler
// over a Store, behind the MX-API-Key / MX-Client-ID check.
type Server struct {
	store   *Store
	handler http.Handler
}

// New returns a sandbox server with a fresh Store.
func New(cfg Config, opts ...atriumserver.HandlerOption) *Server {
	st := NewStore(cfg)
	return &Server{store: st, handler: atriumserver.NewHandler(service{st}, opts...)}
}

// Store returns the server's state.
func (s *Server) Store() *Store { return s.store }

// Service returns the server's implementation of the generated interface
// (without the credential check).
func (s *Server) Service() atriumserver.Service { return service{s.store} }

// ServeHTTP serves the end user's pages (OAuthPath, ConnectPath) without
// API keys; it answers 401 (with the API's error body) to an API request
// without the configured MX-API-Key and MX-Client-ID, and serves the API
// otherwise.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, OAuthPath):
		s.serveOAuth(w, r)
		return
	case strings.HasPrefix(r.URL.Path, ConnectPath):
		s.serveConnect(w, r)
		return
	}
	cfg := s.store.cfg
	key, id := r.Header.Get("MX-API-Key"), r.Header.Get("MX-Client-ID")
	if key == "" || id == "" {
		writeError(w, http.StatusUnauthorized, "missing MX-API-Key or MX-Client-ID header")
		return
	}
	okKey := subtle.ConstantTimeCompare([]byte(key), []byte(cfg.APIKey)) == 1
	okID := subtle.ConstantTimeCompare([]byte(id), []byte(cfg.ClientID)) == 1
	if !okKey || !okID {
		writeError(w, http.StatusUnauthorized, "invalid MX-API-Key or MX-Client-ID")
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	s.handler.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), baseKey{}, scheme+"://"+r.Host)))
}

type baseKey struct{}

// baseFrom is the sandbox's base URL as the API request reached it: the
// host of the URLs it hands out for the end user's browser.
func baseFrom(ctx context.Context) string {
	b, _ := ctx.Value(baseKey{}).(string)
	return b
}

func writeError(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(atrium.Error{Error: &atrium.ErrorDetail{Message: &msg}})
	w.Header().Set("Content-Type", "application/vnd.mx.atrium.v1+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// Running is a sandbox served over HTTP.
type Running struct {
	// URL is the base URL to pass to atrium.WithBaseURL, e.g. http://127.0.0.1:8089.
	URL string
	// APIKey and ClientID are the credentials the sandbox accepts.
	APIKey, ClientID string
	*Server

	srv  *http.Server
	done chan error
}

// Start serves a new sandbox on addr ("127.0.0.1:0" for any free port when
// empty). Close stops it.
func Start(cfg Config, addr string, opts ...atriumserver.HandlerOption) (*Running, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := New(cfg, opts...)
	r := &Running{
		URL: "http://" + ln.Addr().String(), APIKey: s.store.cfg.APIKey, ClientID: s.store.cfg.ClientID, Server: s,
		srv:  &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(slog.Default().Handler(), slog.LevelError)},
		done: make(chan error, 1),
	}
	go func() { r.done <- r.srv.Serve(ln) }()
	return r, nil
}

// Close stops the server, waiting up to 5 seconds for requests in flight.
func (r *Running) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := r.srv.Shutdown(ctx)
	if serr := <-r.done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// Client returns an SDK client for the running sandbox.
func (r *Running) Client(opts ...atrium.Option) *atrium.Client {
	return atrium.NewClient(r.APIKey, r.ClientID, append([]atrium.Option{atrium.WithBaseURL(r.URL)}, opts...)...)
}
