package sdkruntime

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says when and how often a failed call is sent again.
//
// A call is retried on 429 Too Many Requests and 503 Service Unavailable
// (the server refused the request), on 500, 502 and 504 when the request is
// idempotent, and on connection errors when the request is idempotent or
// could not have reached the server (the connection was never made).
// GET, HEAD, OPTIONS, PUT and DELETE are idempotent; a POST or PATCH is
// only when the call says so with WithIdempotent.
//
// The wait before retry n (0-based) is a random duration between 0 and
// min(MaxDelay, BaseDelay·2ⁿ) ("full jitter"), unless the response carries
// Retry-After (seconds or an HTTP date), which is obeyed exactly. A
// Retry-After longer than MaxRetryAfter, or a wait that would end after the
// context's deadline, is not waited for: the call returns the last error at
// once (APIError.RetryAfter tells the wait the server asked for).
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt; 0
	// disables retrying.
	MaxRetries int
	// BaseDelay is the backoff unit; 0 means 500ms.
	BaseDelay time.Duration
	// MaxDelay caps one backoff wait; 0 means 8s.
	MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After that is waited for; 0 means
	// one minute.
	MaxRetryAfter time.Duration
}

// DefaultRetryPolicy is the policy of a client without WithRetry: two
// retries, 500ms base delay, 8s maximum delay, Retry-After up to a minute.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxRetries: 2, BaseDelay: 500 * time.Millisecond, MaxDelay: 8 * time.Second, MaxRetryAfter: time.Minute}
}

// withDefaults fills the zero durations.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.BaseDelay <= 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = d.MaxRetryAfter
	}
	if p.MaxRetries < 0 {
		p.MaxRetries = 0
	}
	return p
}

// backoff is the full-jitter wait before retry n (0-based).
func (p RetryPolicy) backoff(n int, jitter func(time.Duration) time.Duration) time.Duration {
	ceil := p.MaxDelay
	if n < 32 {
		if d := p.BaseDelay << n; d > 0 && d < ceil {
			ceil = d
		}
	}
	return jitter(ceil)
}

// WithRetry sets the client's retry policy (see RetryPolicy). Zero
// durations take the defaults; MaxRetries 0 turns retrying off.
func WithRetry(p RetryPolicy) Option {
	return func(c *config) {
		p = p.withDefaults()
		c.run.retry = &p
	}
}

// WithMaxRetries sets how many times the client retries a failed call,
// keeping the other settings of its policy; WithMaxRetries(0) turns
// retrying off.
func WithMaxRetries(n int) Option {
	return func(c *config) {
		p := DefaultRetryPolicy()
		if c.run.retry != nil {
			p = *c.run.retry
		}
		p.MaxRetries = max(n, 0)
		c.run.retry = &p
	}
}

// WithRequestRetry sets the retry policy of one call.
func WithRequestRetry(p RetryPolicy) RequestOption {
	return func(r *request) {
		p = p.withDefaults()
		r.call.retry = &p
	}
}

// WithRequestMaxRetries sets how many times one call is retried, keeping
// the client's other retry settings; 0 turns retrying off for the call.
func WithRequestMaxRetries(n int) RequestOption {
	return func(r *request) {
		r.call.maxRetries = max(n, 0)
		r.call.hasMaxRetries = true
	}
}

// WithIdempotent declares that sending this call twice does no harm, so a
// POST or PATCH is retried like a GET: on 500, 502, 504 and on connection
// errors after the request may have reached the server. Without it such
// calls are only retried when the server certainly did not process them.
func WithIdempotent() RequestOption {
	return func(r *request) { r.call.idempotent = true }
}

// callConfig is what RequestOptions set for retrying one call.
type callConfig struct {
	retry         *RetryPolicy
	maxRetries    int
	hasMaxRetries bool
	idempotent    bool
	attempts      int // attempts sent so far, for APIError.Attempts
}

// runConfig is the client's retry, logging and clock settings.
type runConfig struct {
	retry  *RetryPolicy // nil: DefaultRetryPolicy
	logger *slog.Logger
	// Hooks for tests; nil means the real clock and random source.
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(ceil time.Duration) time.Duration
	now    func() time.Time
}

// policy is the retry policy of one call.
func (rc *runConfig) policy(r *request) RetryPolicy {
	var p RetryPolicy
	switch {
	case r.call.retry != nil:
		p = *r.call.retry
	case rc.retry != nil:
		p = *rc.retry
	default:
		p = DefaultRetryPolicy()
	}
	if r.call.hasMaxRetries {
		p.MaxRetries = r.call.maxRetries
	}
	if r.stream != nil {
		// A streamed body (io.Reader the caller passed) is consumed by the
		// first attempt and cannot be sent again.
		p.MaxRetries = 0
	}
	return p
}

func (rc *runConfig) timeNow() time.Time {
	if rc.now != nil {
		return rc.now()
	}
	return time.Now()
}

func (rc *runConfig) randomDelay(ceil time.Duration) time.Duration {
	if rc.jitter != nil {
		return rc.jitter(ceil)
	}
	if ceil <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(ceil) + 1))
}

// wait sleeps for d or until ctx is done.
func (rc *runConfig) wait(ctx context.Context, d time.Duration) error {
	if rc.sleep != nil {
		return rc.sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// idempotentMethod reports whether the method may be sent twice safely.
func idempotentMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodTrace:
		return true
	}
	return false
}

// retryableStatus reports whether a response status is worth retrying.
func retryableStatus(status int, idempotent bool) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return true
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusGatewayTimeout:
		return idempotent
	}
	return false
}

// retryableError reports whether a transport error is worth retrying: any
// for idempotent requests, only failures to connect otherwise.
func retryableError(ctx context.Context, err error, idempotent bool) bool {
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if idempotent {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP
// date. ok is false when the header is absent or malformed.
func parseRetryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d = t.Sub(now); d < 0 {
		d = 0
	}
	return d, true
}

// retryDelay decides whether attempt (0-based) is followed by another and
// how long to wait first. retryAfter is the server's wait when it sent one.
func (rc *runConfig) retryDelay(ctx context.Context, p RetryPolicy, attempt int, retryAfter time.Duration, hasRetryAfter bool) (time.Duration, bool) {
	if attempt >= p.MaxRetries {
		return 0, false
	}
	d := p.backoff(attempt, rc.randomDelay)
	if hasRetryAfter {
		if retryAfter > p.MaxRetryAfter {
			return 0, false
		}
		d = retryAfter
	}
	if dl, ok := ctx.Deadline(); ok && !rc.timeNow().Add(d).Before(dl) {
		return 0, false // the deadline wins: do not sleep past it
	}
	return d, true
}
