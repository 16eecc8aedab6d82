package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// The pages the sandbox serves to the end user's browser (no API keys):
// the OAuth window of an OAuth member and the Connect widget.
const (
	// OAuthPath + token is an oauth_window_uri: GET shows the institution's
	// authorization page, POST with decision=authorize (or deny) completes
	// the OAuth step.
	OAuthPath = "/oauth/authorize/"
	// ConnectPath + token is a connect_widget_url: its first GET uses the
	// token up.
	ConnectPath = "/md/connect/"
	// TokenLifetime is how long an unused URL token lasts ("expires after
	// ten minutes or when used", Connect Widget URL in the reference).
	TokenLifetime = 10 * time.Minute
)

// defaultBase is the host of URLs made without a request to take it from
// (Store methods called directly).
const defaultBase = "https://sandbox.invalid"

func base(b string) string {
	if b == "" {
		return defaultBase
	}
	return strings.TrimRight(b, "/")
}

type tokenKind int

const (
	tokenOAuth tokenKind = iota + 1
	tokenConnect
)

// token is a single-use URL token: random (crypto/rand), never derived from
// a GUID, and gone after its first use or TokenLifetime.
type token struct {
	kind                 tokenKind
	userGUID, memberGUID string
	opt                  oauthOptions
	expires              time.Time
}

type oauthOptions struct {
	skipAggregation   bool
	referralSource    string
	clientRedirectURL string
	scheme            string
}

// issue stores t under a new random token (callers hold s.mu).
func (s *Store) issue(t *token) string {
	now := s.cfg.Now()
	for k, old := range s.tokens { // drop expired tokens so the map stays small
		if now.After(old.expires) {
			delete(s.tokens, k)
		}
	}
	var b [24]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("sandbox: crypto/rand: " + err.Error()) // rand.Read does not fail on supported platforms
	}
	k := base64.RawURLEncoding.EncodeToString(b[:])
	t.expires = now.Add(TokenLifetime)
	s.tokens[k] = t
	return k
}

// peek returns a live token of a kind without using it (callers hold s.mu).
func (s *Store) peek(k string, kind tokenKind) (*token, error) {
	t, ok := s.tokens[k]
	if !ok || t.kind != kind {
		return nil, errorf(404, "unknown or already used token")
	}
	if s.cfg.Now().After(t.expires) {
		delete(s.tokens, k)
		return nil, errorf(410, "token expired")
	}
	return t, nil
}

// take uses a token up (callers hold s.mu).
func (s *Store) take(k string, kind tokenKind) (*token, error) {
	t, err := s.peek(k, kind)
	if err == nil {
		delete(s.tokens, k)
	}
	return t, err
}

// oauthWindow issues the member's OAuth window URI; earlier ones stop
// working (callers hold s.mu).
func (s *Store) oauthWindow(baseURL, userGUID, memberGUID string, opt oauthOptions) string {
	for k, t := range s.tokens {
		if t.kind == tokenOAuth && t.memberGUID == memberGUID {
			delete(s.tokens, k)
		}
	}
	return base(baseURL) + OAuthPath + s.issue(&token{kind: tokenOAuth, userGUID: userGUID, memberGUID: memberGUID, opt: opt})
}

func (m *member) oauthPending() bool { return m.oauth && !m.oauthDone }

// OAuthToken returns the token of an oauth_window_uri (its last path
// segment), for CompleteOAuth.
func OAuthToken(windowURI string) string {
	u, err := url.Parse(windowURI)
	if err != nil {
		return ""
	}
	tok, ok := strings.CutPrefix(u.Path, OAuthPath)
	if !ok || strings.Contains(tok, "/") {
		return ""
	}
	return tok
}

// CompleteOAuth is the end user's decision on the OAuth page of an
// oauth_window_uri token, which it uses up. Authorized, the member
// aggregates (or, with skip_aggregation, is CONNECTED without data);
// denied, it is DENIED. redirect is where the page sends the browser next
// ("" when it just says so): with referral_source APP, the
// client_redirect_url (or the ui_message_webview_url_scheme) with status
// and member_guid added.
func (s *Store) CompleteOAuth(tok string, authorize bool) (m atrium.Member, redirect string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.take(tok, tokenOAuth)
	if err != nil {
		return atrium.Member{}, "", err
	}
	u, mb, err := s.memberForWrite(t.userGUID, t.memberGUID)
	if err != nil {
		return atrium.Member{}, "", err
	}
	status := "success"
	switch {
	case !authorize:
		status = "denied"
		mb.oauthDone = true
		mb.m.ConnectionStatus = atrium.Ptr(atrium.ConnectionStatusDenied)
		mb.m.Status = atrium.Ptr(atrium.MemberStatusDenied)
	case mb.job != nil:
		return atrium.Member{}, "", errorf(409, "member %q is running a %s job", t.memberGUID, mb.job.kind)
	default:
		mb.oauthDone = true
		if t.opt.skipAggregation || u.enabled() != nil {
			// Authorized, nothing aggregated (a disabled user is not aggregated either).
			mb.m.ConnectionStatus = atrium.Ptr(atrium.ConnectionStatusConnected)
		} else {
			mb.start(JobAggregate, s.now())
		}
	}
	if t.opt.referralSource == "APP" {
		q := url.Values{"status": {status}, "member_guid": {t.memberGUID}}.Encode()
		switch {
		case t.opt.clientRedirectURL != "":
			sep := "?"
			if strings.Contains(t.opt.clientRedirectURL, "?") {
				sep = "&"
			}
			redirect = t.opt.clientRedirectURL + sep + q
		case t.opt.scheme != "":
			redirect = t.opt.scheme + "://oauth_complete?" + q
		}
	}
	return mb.view(), redirect, nil
}

// UseConnectWidget uses up a Connect widget URL token and returns the user
// it was made for.
func (s *Store) UseConnectWidget(tok string) (userGUID string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, err := s.take(tok, tokenConnect)
	if err != nil {
		return "", err
	}
	return t.userGUID, nil
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><h1>{{.Title}}</h1><p>{{.Text}}</p>
{{if .Action}}<form method="post" action="{{.Action}}">
<button name="decision" value="authorize">Authorize</button>
<button name="decision" value="deny">Deny</button>
</form>{{end}}
</body></html>
`))

type htmlPage struct{ Title, Text, Action string }

func writePage(w http.ResponseWriter, status int, p htmlPage) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = pageTmpl.Execute(w, p)
}

func pageError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	var e *Error
	if errors.As(err, &e) {
		status = e.Status
	}
	writePage(w, status, htmlPage{Title: http.StatusText(status), Text: err.Error()})
}

// serveOAuth is the institution's side of the OAuth window: GET shows the
// authorization page (without using the token), POST decides.
func (s *Server) serveOAuth(w http.ResponseWriter, r *http.Request) {
	tok := strings.TrimPrefix(r.URL.Path, OAuthPath)
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		s.store.mu.Lock()
		t, err := s.store.peek(tok, tokenOAuth)
		var name string
		if err == nil {
			if _, m, lerr := s.store.lookup(t.userGUID, t.memberGUID, false); lerr == nil {
				name = m.inst.name
			} else {
				err = lerr
			}
		}
		s.store.mu.Unlock()
		if err != nil {
			pageError(w, err)
			return
		}
		writePage(w, http.StatusOK, htmlPage{Title: name + ": authorize MX", Text: "Sandbox OAuth: share your accounts at " + name + " with this application?", Action: OAuthPath + tok})
	case http.MethodPost:
		r.Body = http.MaxBytesReader(w, r.Body, 1<<10)
		if err := r.ParseForm(); err != nil {
			writePage(w, http.StatusBadRequest, htmlPage{Title: "Bad Request", Text: "unreadable form"})
			return
		}
		d := r.PostForm.Get("decision")
		if d != "authorize" && d != "deny" {
			writePage(w, http.StatusBadRequest, htmlPage{Title: "Bad Request", Text: `decision must be "authorize" or "deny"`})
			return
		}
		m, redirect, err := s.store.CompleteOAuth(tok, d == "authorize")
		if err != nil {
			pageError(w, err)
			return
		}
		if redirect != "" {
			http.Redirect(w, r, redirect, http.StatusSeeOther)
			return
		}
		done := map[string]string{"authorize": "authorized", "deny": "denied"}[d]
		writePage(w, http.StatusOK, htmlPage{Title: "Done", Text: "OAuth " + done + " for member " + *m.GUID + " (" + string(*m.ConnectionStatus) + "). You can close this window."})
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		writePage(w, http.StatusMethodNotAllowed, htmlPage{Title: "Method Not Allowed"})
	}
}

// serveConnect is the Connect widget page: the first GET uses the token up.
func (s *Server) serveConnect(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		writePage(w, http.StatusMethodNotAllowed, htmlPage{Title: "Method Not Allowed"})
		return
	}
	user, err := s.store.UseConnectWidget(strings.TrimPrefix(r.URL.Path, ConnectPath))
	if err != nil {
		pageError(w, err)
		return
	}
	writePage(w, http.StatusOK, htmlPage{Title: "Connect (sandbox)", Text: "The sandbox's Connect widget for user " + user + ": create members with the API."})
}

// AuthorizeOAuth plays the end user's browser on a sandbox oauth_window_uri:
// it opens the page and authorizes (or denies) MX's access. It does not
// follow the redirect to the partner's client_redirect_url. A nil client
// means http.DefaultClient's transport.
func AuthorizeOAuth(ctx context.Context, client *http.Client, windowURI string, authorize bool) error {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if client != nil {
		c.Transport, c.Timeout, c.Jar = client.Transport, client.Timeout, client.Jar
	}
	do := func(req *http.Request) error {
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusSeeOther {
			return fmt.Errorf("sandbox OAuth page %s %s: %s: %s", req.Method, req.URL.Redacted(), resp.Status, strings.TrimSpace(string(body)))
		}
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, windowURI, nil)
	if err != nil {
		return err
	}
	if err := do(req); err != nil {
		return err
	}
	decision := "deny"
	if authorize {
		decision = "authorize"
	}
	req, err = http.NewRequestWithContext(ctx, http.MethodPost, windowURI, strings.NewReader(url.Values{"decision": {decision}}.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(req)
}
