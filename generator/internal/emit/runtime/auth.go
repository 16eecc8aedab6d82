package sdkruntime

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// credential is a secret sent with every request. The value lives in a
// closure so that no formatting verb (%v, %+v, %#v) of any value holding it
// can print it.
type credential struct {
	scheme   string // the security scheme's name in the spec
	in, name string
	value    func(ctx context.Context) (string, error)
	// challenge answers the server's challenges instead (HTTP Digest:
	// runtime digest.go, present when the spec declares such a scheme).
	challenge challenger
}

// challenger is a credential that answers a 401's WWW-Authenticate
// challenge rather than sending a fixed value.
type challenger interface {
	// authorization is the header value for a request ("" before any
	// challenge).
	authorization(method, uri string) (string, error)
	// challenged takes a 401's challenge and reports whether answering it
	// is worth sending the request again.
	challenged(h http.Header) bool
}

// answerChallenge reports whether the 401 resp challenges a credential the
// request r sends, so r is worth sending again: only for the origin the
// request went to (never a redirect's), and only for a body that can be
// sent again.
func (c *core) answerChallenge(r *request, req *http.Request, resp *http.Response) bool {
	if resp.StatusCode != http.StatusUnauthorized || r.stream != nil || resp.Request == nil ||
		resp.Request.URL.Scheme != req.URL.Scheme || resp.Request.URL.Host != req.URL.Host {
		return false
	}
	reqs := r.security
	if reqs == nil {
		reqs = c.security
	}
	again := false
	for _, cr := range c.credentials(reqs) {
		if cr.challenge != nil && cr.challenge.challenged(resp.Header) {
			again = true
		}
	}
	return again
}

// TokenSource returns the access token to send as a bearer token (OAuth2,
// OpenID Connect). It is called for every request, so it can refresh an
// expired token; an error fails the call before anything is sent.
type TokenSource func(ctx context.Context) (string, error)

func constant(v string) func(context.Context) (string, error) {
	return func(context.Context) (string, error) { return v, nil }
}

func apiKeyCredential(scheme, in, name, value string) credential {
	return credential{scheme: scheme, in: in, name: name, value: constant(value)}
}

func bearerCredential(scheme, token string) credential {
	return credential{scheme: scheme, in: "header", name: "Authorization", value: constant("Bearer " + token)}
}

func basicCredential(scheme, username, password string) credential {
	v := "Basic " + base64.StdEncoding.EncodeToString([]byte(username+":"+password))
	return credential{scheme: scheme, in: "header", name: "Authorization", value: constant(v)}
}

func tokenSourceCredential(scheme string, ts TokenSource) credential {
	return credential{scheme: scheme, in: "header", name: "Authorization", value: func(ctx context.Context) (string, error) {
		if ts == nil {
			return "", errors.New("nil TokenSource")
		}
		tok, err := ts(ctx)
		if err != nil {
			return "", fmt.Errorf("getting access token: %w", err)
		}
		return "Bearer " + tok, nil
	}}
}

// withCredential is the Option behind the generated With<Scheme> options.
func withCredential(cr credential) Option {
	return func(c *config) { c.creds = append(c.creds, cr) }
}

// credentials returns the credentials a request with the security
// requirements reqs sends: those of the first alternative whose schemes are
// all configured (an empty alternative: none). Without requirements (the
// spec declares none), every configured credential; when no alternative is
// satisfied, none (the server answers 401 rather than receiving a
// credential it did not ask for).
func (c *core) credentials(reqs [][]string) []credential {
	if reqs == nil {
		return c.creds
	}
	for _, alt := range reqs {
		var out []credential
		for _, scheme := range alt {
			i := slices.IndexFunc(c.creds, func(cr credential) bool { return cr.scheme == scheme })
			if i < 0 {
				out = nil
				break
			}
			out = append(out, c.creds[i])
		}
		if out != nil || len(alt) == 0 {
			return out
		}
	}
	return nil
}

// authorize adds the credentials creds to req.
func (c *core) authorize(req *http.Request, creds []credential) error {
	for _, cr := range creds {
		if cr.challenge != nil {
			v, err := cr.challenge.authorization(req.Method, req.URL.RequestURI())
			if err != nil {
				return err
			}
			if v != "" {
				req.Header.Set(cr.name, v)
			}
			continue
		}
		v, err := cr.value(req.Context())
		if err != nil {
			return err
		}
		switch cr.in {
		case "header":
			req.Header.Set(cr.name, v)
		case "query":
			// Appended, not re-encoded with the rest: the other parameters
			// keep their order and their styling (allowReserved,
			// spaceDelimited).
			pair := url.QueryEscape(cr.name) + "=" + url.QueryEscape(v)
			if req.URL.RawQuery == "" {
				req.URL.RawQuery = pair
			} else {
				req.URL.RawQuery += "&" + pair
			}
		case "cookie":
			req.AddCookie(&http.Cookie{Name: cr.name, Value: v})
		}
	}
	return nil
}

// core holds what every service shares. It is immutable after NewClient, so
// a Client is safe for concurrent use.
type core struct {
	baseURL    string
	baseURLSet bool              // WithBaseURL was given: it overrides operation servers
	servers    map[string]string // WithServerURL
	httpClient *http.Client
	userAgent  string
	header     http.Header
	creds      []credential
	security   [][]string // the API's security requirements (nil: none declared)
	run        runConfig  // retries, logging (retry.go)
	maxBody    int64      // success body limit (WithMaxResponseBody); < 0: none
}

func newCore(defaultBaseURL string, required []credential, opts []Option) *core {
	cfg := config{
		baseURL:    defaultBaseURL,
		httpClient: &http.Client{Timeout: 60 * time.Second},
		userAgent:  sdkName + "-go",
		header:     http.Header{},
	}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	creds := append(required[:len(required):len(required)], cfg.creds...)
	if cfg.maxBody == 0 {
		cfg.maxBody = DefaultMaxResponseBody
	}
	return &core{
		maxBody:    cfg.maxBody,
		baseURL:    cfg.baseURL,
		baseURLSet: cfg.baseURLSet,
		servers:    cfg.servers,
		httpClient: withoutCredentialLeaks(cfg.client(), creds),
		userAgent:  cfg.userAgent,
		header:     cfg.header,
		creds:      creds,
		run:        cfg.run,
	}
}

// withoutCredentialLeaks returns a copy of hc whose redirect policy drops
// every credential (headers, query parameters, cookies, and the
// Authorization and Cookie headers) when a redirect changes the scheme,
// host or port of the first request. net/http compares host names only, so
// an https → http redirect to the same host would carry them in clear
// text, and it never removes API keys from headers or the query.
func withoutCredentialLeaks(hc *http.Client, creds []credential) *http.Client {
	c := *hc
	next := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 && origin(req.URL) != origin(via[0].URL) {
			dropCredentials(req, creds)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}

// origin is u's scheme, host and port (the default port made explicit).
func origin(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// dropCredentials removes creds, and the Authorization and Cookie headers,
// from a redirected request.
func dropCredentials(req *http.Request, creds []credential) {
	req.Header.Del("Authorization")
	req.Header.Del("Cookie")
	query := false
	for _, cr := range creds {
		switch cr.in {
		case "header":
			req.Header.Del(cr.name)
		case "query":
			query = true
		}
	}
	if !query || req.URL.RawQuery == "" {
		return
	}
	q := req.URL.Query()
	changed := false
	for _, cr := range creds {
		if cr.in == "query" && q.Has(cr.name) {
			q.Del(cr.name)
			changed = true
		}
	}
	if changed {
		req.URL.RawQuery = q.Encode()
	}
}
