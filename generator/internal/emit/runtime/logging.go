package sdkruntime

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// WithLogger logs every attempt of every call to l: method, path (with its
// IDs; never the query or any header, so never a credential), status,
// attempt number, duration, the request ID the server sent, and the error
// or the wait before the next retry. Successful attempts log at Debug,
// failed ones at Info when they are retried and Warn when they are not.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.run.logger = l }
}

// WithMiddleware wraps the client's transport, e.g. to add tracing or
// metrics: mw receives the transport in use (http.DefaultTransport when
// the *http.Client has none) and returns the one to use. Middleware given
// first is outermost. It sees every attempt, retries included.
func WithMiddleware(mw func(http.RoundTripper) http.RoundTripper) Option {
	return func(c *config) {
		if mw != nil {
			c.middleware = append(c.middleware, mw)
		}
	}
}

// client returns the configured *http.Client with the middleware applied.
func (c *config) client() *http.Client {
	if len(c.middleware) == 0 {
		return c.httpClient
	}
	hc := *c.httpClient
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	for i := len(c.middleware) - 1; i >= 0; i-- {
		rt = c.middleware[i](rt)
	}
	hc.Transport = rt
	return &hc
}

// RoundTripperFunc turns a function into an http.RoundTripper, for
// writing middleware.
type RoundTripperFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f(req).
func (f RoundTripperFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// logAttempt logs one attempt of r. retryIn < 0 means no retry follows.
func (rc *runConfig) logAttempt(ctx context.Context, r *request, attempt int, start time.Time, resp *http.Response, err error, retryIn time.Duration) {
	l := rc.logger
	level := slog.LevelDebug
	if err != nil || resp == nil || resp.StatusCode >= 400 {
		level = slog.LevelWarn
		if retryIn >= 0 {
			level = slog.LevelInfo
		}
	}
	if !l.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs,
		slog.String("method", r.method),
		slog.String("path", r.path),
		slog.Int("attempt", attempt+1),
		slog.Duration("duration", rc.timeNow().Sub(start)),
	)
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if id := requestID(resp.Header); id != "" {
			attrs = append(attrs, slog.String("request_id", id))
		}
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	if retryIn >= 0 {
		attrs = append(attrs, slog.Duration("retry_in", retryIn))
	}
	l.LogAttrs(ctx, level, sdkName+" request", attrs...)
}
