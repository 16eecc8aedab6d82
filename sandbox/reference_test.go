package sandbox_test

// Each test here checks one behaviour that MX's Atrium API reference
// documents, and names its page (docs.mx.com/api-reference/atrium/reference/
// <page>); refPage fails unless the page is one spec/facts records.

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/sandbox"
)

const referenceBase = "https://docs.mx.com/api-reference/atrium/reference/"

var (
	refOnce  sync.Once
	refPages map[string]bool
)

// refPage names the reference page a test checks; the page must appear in
// spec/facts (reference.tsv, model-reference.tsv or amendments.tsv).
func refPage(t *testing.T, page string) {
	t.Helper()
	refOnce.Do(func() {
		refPages = map[string]bool{}
		for _, name := range []string{"reference.tsv", "model-reference.tsv", "amendments.tsv"} {
			f, err := os.Open(filepath.Join("..", "spec", "facts", name))
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				for _, c := range strings.Split(sc.Text(), "\t") {
					for _, c := range strings.Split(c, ",") {
						if p, ok := strings.CutPrefix(c, referenceBase); ok {
							refPages[p] = true
						} else if strings.Contains(c, "/") && !strings.ContainsAny(c, " :") {
							refPages[c] = true
						}
					}
				}
			}
			f.Close()
		}
	})
	if !refPages[page] {
		t.Fatalf("reference page %q is not recorded in spec/facts", page)
	}
	t.Logf("reference: %s%s", referenceBase, page)
}

func createOAuthMember(t *testing.T, c *atrium.Client, user string, in atrium.MemberCreateRequest) atrium.Member {
	t.Helper()
	in.InstitutionCode, in.IsOauth = sandbox.TestOAuthInstitution, atrium.Ptr(true)
	return *call(c.Members.CreateMember(ctxT(t), user, atrium.MemberCreateRequestBody{Member: in})).ok(t).Member
}

// noRedirects is an HTTP client for the end user's browser that reports
// redirects instead of following them.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorize plays the end user on an oauth_window_uri: it opens the page
// and presses a button; it returns the final response's status, Location
// and body.
func authorize(t *testing.T, windowURI, decision string) (int, string, string) {
	t.Helper()
	resp, err := noRedirects.Get(windowURI)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), `value="authorize"`) {
		return resp.StatusCode, "", string(page)
	}
	resp, err = noRedirects.PostForm(windowURI, url.Values{"decision": {decision}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// TestOAuthMemberConnects: an OAuth member needs is_oauth and no
// credentials, starts PENDING with an oauth_window_uri, and aggregates once
// the OAuth step is done; the URI is single-use.
func TestOAuthMemberConnects(t *testing.T) {
	refPage(t, "members/create-member")
	_, c := newSandbox(t)
	ctx := ctxT(t)
	user := createUser(t, c, "oauth")
	m := createOAuthMember(t, c, user, atrium.MemberCreateRequest{})
	if *m.ConnectionStatus != atrium.ConnectionStatusPending || *m.IsBeingAggregated || !*m.IsOauth {
		t.Fatalf("new OAuth member: connection_status %s, is_being_aggregated %t, is_oauth %t; want PENDING, false, true", *m.ConnectionStatus, *m.IsBeingAggregated, *m.IsOauth)
	}
	if m.OauthWindowURI == nil || !strings.HasPrefix(*m.OauthWindowURI, "http://127.0.0.1:") {
		t.Fatalf("oauth_window_uri %v: want an absolute URL on the sandbox (MX includes the scheme)", m.OauthWindowURI)
	}
	// Before the OAuth step the member is PENDING and cannot aggregate.
	if st := call(c.Members.ReadMemberStatus(ctx, user, *m.GUID)).ok(t); *st.Member.ConnectionStatus != atrium.ConnectionStatusPending {
		t.Fatalf("before OAuth: %s, want PENDING", *st.Member.ConnectionStatus)
	}
	_, _, err := c.Members.AggregateMember(ctx, user, *m.GUID)
	apiErr(t, err, http.StatusBadRequest, "OAuth")

	status, loc, body := authorize(t, *m.OauthWindowURI, "authorize")
	if status != 200 || loc != "" || !strings.Contains(body, "authorized") {
		t.Fatalf("authorizing: %d %q %s", status, loc, body)
	}
	st := pollUntilDone(t, c, user, *m.GUID)
	if *st.ConnectionStatus != atrium.ConnectionStatusConnected {
		t.Fatalf("after OAuth: %s, want CONNECTED", *st.ConnectionStatus)
	}
	if accts := call(c.Members.ListMemberAccounts(ctx, user, *m.GUID, nil)).ok(t); len(accts.Accounts) == 0 {
		t.Fatal("no accounts after the OAuth member aggregated")
	}
	// "oauth_window_uris are one-time use."
	if status, _, _ := authorize(t, *m.OauthWindowURI, "authorize"); status != http.StatusNotFound {
		t.Fatalf("second use of the oauth_window_uri: %d, want 404", status)
	}
}

// TestOAuthSkipAggregation: with skip_aggregation the OAuth step connects
// the member without aggregating.
func TestOAuthSkipAggregation(t *testing.T) {
	refPage(t, "members/create-member")
	_, c := newSandbox(t)
	user := createUser(t, c, "oauth-skip")
	m := createOAuthMember(t, c, user, atrium.MemberCreateRequest{SkipAggregation: atrium.Ptr(true)})
	if status, _, body := authorize(t, *m.OauthWindowURI, "authorize"); status != 200 {
		t.Fatalf("authorizing: %d %s", status, body)
	}
	got := call(c.Members.ReadMember(ctxT(t), user, *m.GUID)).ok(t).Member
	if *got.ConnectionStatus != atrium.ConnectionStatusConnected || *got.IsBeingAggregated || got.AggregatedAt != nil {
		t.Fatalf("after OAuth with skip_aggregation: %s, aggregating %t, aggregated_at %v", *got.ConnectionStatus, *got.IsBeingAggregated, got.AggregatedAt)
	}
}

// TestOAuthDenied: the end user refusing at the institution leaves the
// member DENIED, not aggregating.
func TestOAuthDenied(t *testing.T) {
	refPage(t, "members/create-member")
	_, c := newSandbox(t)
	user := createUser(t, c, "oauth-deny")
	m := createOAuthMember(t, c, user, atrium.MemberCreateRequest{})
	if status, _, _ := authorize(t, *m.OauthWindowURI, "deny"); status != 200 {
		t.Fatalf("denying: %d", status)
	}
	got := call(c.Members.ReadMember(ctxT(t), user, *m.GUID)).ok(t).Member
	if *got.ConnectionStatus != atrium.ConnectionStatusDenied || *got.IsBeingAggregated {
		t.Fatalf("after denying: %s, aggregating %t", *got.ConnectionStatus, *got.IsBeingAggregated)
	}
}

// TestOAuthNeedsOAuthInstitution: "OAuth members can only be created with
// institutions that support it"; standard members need credentials.
func TestOAuthNeedsOAuthInstitution(t *testing.T) {
	refPage(t, "members/create-member")
	_, c := newSandbox(t)
	ctx := ctxT(t)
	user := createUser(t, c, "oauth-bad")
	_, _, err := c.Members.CreateMember(ctx, user, atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{InstitutionCode: sandbox.TestInstitution, IsOauth: atrium.Ptr(true)}})
	apiErr(t, err, http.StatusBadRequest, "does not support OAuth")
	_, _, err = c.Members.CreateMember(ctx, user, atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{InstitutionCode: sandbox.TestInstitution}})
	apiErr(t, err, http.StatusBadRequest, "member.credentials")
	// The institution list offers the OAuth institution.
	in := call(c.Institutions.ReadInstitution(ctx, sandbox.TestOAuthInstitution)).ok(t).Institution
	if !*in.SupportsOauth {
		t.Fatalf("%s does not say supports_oauth", sandbox.TestOAuthInstitution)
	}
}

// TestDuplicateMember: "Do not add multiple members which connect to the
// same institution using the same credentials on the same user. This will
// result in a 409 Conflict error."
func TestDuplicateMember(t *testing.T) {
	refPage(t, "members/create-member")
	_, c := newSandbox(t)
	ctx := ctxT(t)
	user := createUser(t, c, "dup")
	first := createMember(t, c, user, "password", true)
	_, _, err := c.Members.CreateMember(ctx, user, memberBody(t, c, sandbox.TestInstitution, sandbox.TestUsername, "password", false))
	apiErr(t, err, http.StatusConflict, first)
	// Other credentials, or another user, are fine.
	createMember(t, c, user, "challenge", true)
	createMember(t, c, createUser(t, c, "dup2"), "password", true)
}

// TestOAuthWindowURI: a new oauth_window_uri replaces the old one; with
// referral_source APP the end of OAuth redirects to client_redirect_url;
// on an institution without OAuth the answer is 400 "Member cannot use
// OAuth".
func TestOAuthWindowURI(t *testing.T) {
	refPage(t, "members/oauth-window-uri")
	_, c := newSandbox(t)
	ctx := ctxT(t)
	user := createUser(t, c, "window")
	m := createOAuthMember(t, c, user, atrium.MemberCreateRequest{})
	res := call(c.Members.ReadOAuthWindowURI(ctx, user, *m.GUID, &atrium.ReadOAuthWindowURIParams{
		ReferralSource:    atrium.Ptr(atrium.ReadOAuthWindowURIReferralSourceApp),
		ClientRedirectURL: atrium.Ptr("https://app.example/oauth?x=1"),
		SkipAggregation:   atrium.Ptr(true),
	})).ok(t)
	uri := *res.Member.OauthWindowURI
	if uri == *m.OauthWindowURI {
		t.Fatal("the new oauth_window_uri equals the old one")
	}
	if status, _, _ := authorize(t, *m.OauthWindowURI, "authorize"); status != http.StatusNotFound {
		t.Fatalf("the replaced oauth_window_uri still works (%d)", status)
	}
	status, loc, _ := authorize(t, uri, "authorize")
	if status != http.StatusSeeOther || loc != "https://app.example/oauth?x=1&member_guid="+*m.GUID+"&status=success" {
		t.Fatalf("end of OAuth with APP: %d Location %q", status, loc)
	}
	if got := call(c.Members.ReadMember(ctx, user, *m.GUID)).ok(t).Member; *got.ConnectionStatus != atrium.ConnectionStatusConnected || *got.IsBeingAggregated {
		t.Fatalf("skip_aggregation of the window was not honoured: %s, aggregating %t", *got.ConnectionStatus, *got.IsBeingAggregated)
	}

	standard := createMember(t, c, user, "password", true)
	_, _, err := c.Members.ReadOAuthWindowURI(ctx, user, standard, nil)
	apiErr(t, err, http.StatusBadRequest, "Member cannot use OAuth")
}

// TestCreateUserNotEmpty: "None of these parameters are required, but the
// user object cannot be empty."
func TestCreateUserNotEmpty(t *testing.T) {
	refPage(t, "users/create-user")
	_, c := newSandbox(t)
	ctx := ctxT(t)
	_, _, err := c.Users.CreateUser(ctx, atrium.UserCreateRequestBody{User: atrium.User{}})
	apiErr(t, err, http.StatusBadRequest, "cannot be empty")
	// is_disabled alone is not empty.
	call(c.Users.CreateUser(ctx, atrium.UserCreateRequestBody{User: atrium.User{IsDisabled: atrium.Ptr(false)}})).ok(t)
}

// TestUpdateUserNotEmpty: the same rule on Update User.
func TestUpdateUserNotEmpty(t *testing.T) {
	refPage(t, "users/update-user")
	_, c := newSandbox(t)
	user := createUser(t, c, "upd")
	_, _, err := c.Users.UpdateUser(ctxT(t), user, &atrium.UserUpdateRequestBody{User: atrium.User{}})
	apiErr(t, err, http.StatusBadRequest, "cannot be empty")
}

// TestReadStatementWrapper: the statement is wrapped in "statement" on the
// wire (the old SDK read "user").
func TestReadStatementWrapper(t *testing.T) {
	refPage(t, "premium-features/read-statement")
	s := sandbox.New(sandbox.Config{Seed: 7, Now: func() time.Time { return clock }})
	ts := httptest.NewServer(s)
	defer ts.Close()
	c := atrium.NewClient(sandbox.DefaultAPIKey, sandbox.DefaultClientID, atrium.WithBaseURL(ts.URL))
	ctx := ctxT(t)
	user := createUser(t, c, "stmt")
	member := createMember(t, c, user, "password", false)
	pollUntilDone(t, c, user, member)
	call(c.Statements.FetchStatements(ctx, user, member)).ok(t)
	pollUntilDone(t, c, user, member)
	sts := call(c.Statements.ListMemberStatements(ctx, user, member, nil)).ok(t)
	guid := *sts.Statements[0].GUID

	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/users/"+user+"/members/"+member+"/statements/"+guid, nil)
	req.Header.Set("MX-API-Key", sandbox.DefaultAPIKey)
	req.Header.Set("MX-Client-ID", sandbox.DefaultClientID)
	req.Header.Set("Accept", "application/vnd.mx.atrium.v1+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(resp.Body).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw["statement"]; !ok || len(raw) != 1 {
		t.Fatalf("response keys %v, want just statement", keys(raw))
	}
	if got := call(c.Statements.ReadMemberStatement(ctx, user, member, guid)).ok(t); got.Statement == nil || *got.Statement.GUID != guid {
		t.Fatalf("the SDK decoded %+v", got)
	}
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestAggregateMemberStatuses: a new aggregation answers 200 (the response
// sample); "If a standard aggregation is already running, a 202 Accepted
// status will be returned. If another aggregation-type process is already
// running ... a 409 Conflict".
func TestAggregateMemberStatuses(t *testing.T) {
	refPage(t, "members/aggregate-member")
	_, c := newSandbox(t)
	ctx := ctxT(t)
	user := createUser(t, c, "agg")
	member := createMember(t, c, user, "password", true)
	m, resp, err := c.Members.AggregateMember(ctx, user, member)
	if err != nil || resp.StatusCode != 200 || !*m.Member.IsBeingAggregated {
		t.Fatalf("new aggregation: %v %v, want 200", resp, err)
	}
	if _, resp, err = c.Members.AggregateMember(ctx, user, member); err != nil || resp.StatusCode != 202 {
		t.Fatalf("while aggregating: %v %v, want 202", resp, err)
	}
	pollUntilDone(t, c, user, member)
	call(c.Identity.IdentifyMember(ctx, user, member, &atrium.IncludeTransactionsRequestBody{IncludeTransactions: atrium.Ptr(true)})).ok(t)
	_, _, err = c.Members.AggregateMember(ctx, user, member)
	apiErr(t, err, http.StatusConflict, "identify")
}

// TestResumeAnswers200: the Resume Aggregation from MFA sample answers 200
// with connection_status RESUMED; "Only a member with connection status
// CHALLENGED can be resumed".
func TestResumeAnswers200(t *testing.T) {
	refPage(t, "members/resume-aggregation-mfa")
	_, c := newSandbox(t)
	ctx := ctxT(t)
	user := createUser(t, c, "resume")
	member := createMember(t, c, user, "challenge", false)
	var st atrium.MemberConnectionStatus
	for range 5 {
		if st = *call(c.Members.ReadMemberStatus(ctx, user, member)).ok(t).Member; *st.ConnectionStatus == atrium.ConnectionStatusChallenged {
			break
		}
	}
	body := atrium.MemberResumeRequestBody{Member: atrium.MemberResumeRequest{Challenges: []atrium.CredentialRequest{{GUID: *st.Challenges[0].GUID, Value: sandbox.CorrectAnswer}}}}
	m, resp, err := c.Members.ResumeMember(ctx, user, member, body)
	if err != nil || resp.StatusCode != 200 || *m.Member.ConnectionStatus != atrium.ConnectionStatusResumed {
		t.Fatalf("resume: %v %v", resp, err)
	}
	_, _, err = c.Members.ResumeMember(ctx, user, member, body)
	apiErr(t, err, http.StatusUnprocessableEntity, "not CHALLENGED")
}

// TestConnectWidgetToken: "Each URL contains an embedded token that expires
// after ten minutes or when used, whichever comes first": tokens are random
// (not derived from GUIDs), single-use and expire.
func TestConnectWidgetToken(t *testing.T) {
	refPage(t, "connect/widget-url")
	var mu sync.Mutex
	now := clock
	s := sandbox.New(sandbox.Config{Seed: 7, Now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now }})
	ts := httptest.NewServer(s)
	defer ts.Close()
	c := atrium.NewClient(sandbox.DefaultAPIKey, sandbox.DefaultClientID, atrium.WithBaseURL(ts.URL))
	ctx := ctxT(t)
	user := createUser(t, c, "widget")
	member := createMember(t, c, user, "password", true)
	widget := func() string {
		return *call(c.ConnectWidget.GetConnectWidget(ctx, user, atrium.ConnectWidgetRequestBody{})).ok(t).User.ConnectWidgetURL
	}
	get := func(u string) int {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	a, b := widget(), widget()
	if a == b {
		t.Fatal("two widget URLs are equal")
	}
	if !strings.HasPrefix(a, ts.URL+sandbox.ConnectPath) {
		t.Fatalf("widget URL %q is not served by the sandbox", a)
	}
	tok := strings.TrimPrefix(a, ts.URL+sandbox.ConnectPath)
	if len(tok) < 32 || strings.Contains(member, tok) || strings.Contains(strings.ReplaceAll(member, "-", ""), tok) {
		t.Fatalf("token %q is short or derived from member %s", tok, member)
	}
	if got := get(a); got != 200 {
		t.Fatalf("first use: %d, want 200", got)
	}
	if got := get(a); got != http.StatusNotFound {
		t.Fatalf("second use: %d, want 404", got)
	}
	mu.Lock()
	now = now.Add(sandbox.TokenLifetime + time.Second)
	mu.Unlock()
	if got := get(b); got != http.StatusGone && got != http.StatusNotFound {
		t.Fatalf("use after ten minutes: %d, want 410", got)
	}
	// Two sandboxes with the same seed still give different tokens.
	other := sandbox.New(sandbox.Config{Seed: 7, Now: func() time.Time { return clock }})
	w1, _ := s.Store().ConnectWidget("", user, atrium.ConnectWidgetRequestBody{})
	u2, _ := other.Store().CreateUser(atrium.User{Identifier: atrium.Ptr("widget")})
	w2, _ := other.Store().ConnectWidget("", *u2.GUID, atrium.ConnectWidgetRequestBody{})
	if *u2.GUID != user || *w1.ConnectWidgetURL == *w2.ConnectWidgetURL {
		t.Fatalf("same seed: users %s/%s, widget URLs %s/%s (want equal users, different tokens)", user, *u2.GUID, *w1.ConnectWidgetURL, *w2.ConnectWidgetURL)
	}
}

// TestIdentifyIncludeTransactions: Identify and Verify take an optional
// {include_transactions} body.
func TestIdentifyIncludeTransactions(t *testing.T) {
	refPage(t, "premium-features/identify")
	refPage(t, "premium-features/verify")
	_, c := newSandbox(t)
	ctx := ctxT(t)
	user := createUser(t, c, "ident")
	member := createMember(t, c, user, "password", true)
	if _, resp, err := c.Identity.IdentifyMember(ctx, user, member, &atrium.IncludeTransactionsRequestBody{IncludeTransactions: atrium.Ptr(true)}); err != nil || resp.StatusCode != 200 {
		t.Fatalf("identify: %v %v", resp, err)
	}
	pollUntilDone(t, c, user, member)
	if _, resp, err := c.Verification.VerifyMember(ctx, user, member, &atrium.IncludeTransactionsRequestBody{}); err != nil || resp.StatusCode != 200 {
		t.Fatalf("verify: %v %v", resp, err)
	}
}

// TestPremiumFeatureNotEnabled: "If identification [verification,
// statements, extended history] is not enabled, a 403 Forbidden status will
// be returned"; an institution without the feature is a 400 first.
func TestPremiumFeatureNotEnabled(t *testing.T) {
	for _, page := range []string{"premium-features/identify", "premium-features/verify", "premium-features/fetch-statements", "premium-features/extend-transaction-history"} {
		refPage(t, page)
	}
	s := sandbox.New(sandbox.Config{Seed: 7, Now: func() time.Time { return clock }, DisabledFeatures: []sandbox.JobKind{sandbox.JobIdentify, sandbox.JobVerify, sandbox.JobFetchStatements, sandbox.JobExtendHistory}})
	ts := httptest.NewServer(s)
	defer ts.Close()
	c := atrium.NewClient(sandbox.DefaultAPIKey, sandbox.DefaultClientID, atrium.WithBaseURL(ts.URL))
	ctx := ctxT(t)
	user := createUser(t, c, "premium")
	member := createMember(t, c, user, "password", true)
	for name, start := range map[string]func() error{
		"identify":         func() error { _, _, err := c.Identity.IdentifyMember(ctx, user, member, nil); return err },
		"verify":           func() error { _, _, err := c.Verification.VerifyMember(ctx, user, member, nil); return err },
		"fetch_statements": func() error { _, _, err := c.Statements.FetchStatements(ctx, user, member); return err },
		"extend_history":   func() error { _, _, err := c.Members.ExtendHistory(ctx, user, member); return err },
	} {
		apiErr(t, start(), http.StatusForbidden, name+" is not enabled")
	}
	// Standard aggregation is not a premium feature.
	call(c.Members.AggregateMember(ctx, user, member)).ok(t)
	// An institution without the feature answers 400 before the 403.
	other := call(c.Members.CreateMember(ctx, user, memberBody(t, c, "springfield_savings", "u", "p", true))).ok(t).Member
	_, _, err := c.Identity.IdentifyMember(ctx, user, *other.GUID, nil)
	apiErr(t, err, http.StatusBadRequest, "does not support")
}
