package sandbox_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/sandbox"
	"github.com/oapi-codegen/runtime/types"
)

// apiErr asserts err is an *atrium.APIError with status and a decoded error
// message containing want.
func apiErr(t *testing.T, err error, status int, want string) {
	t.Helper()
	var e *atrium.APIError
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want an APIError %d", err, err, status)
	}
	if e.StatusCode != status {
		t.Fatalf("status %d (%s), want %d", e.StatusCode, e.Body, status)
	}
	d, ok := e.Detail.(*atrium.Error)
	if !ok || d.Error == nil || d.Error.Message == nil {
		t.Fatalf("error body %q not decoded as an Error", e.Body)
	}
	if !strings.Contains(*d.Error.Message, want) {
		t.Fatalf("message %q does not mention %q", *d.Error.Message, want)
	}
}

func TestUnauthorizedWithoutKeys(t *testing.T) {
	s, _ := newSandbox(t)
	ts := httptest.NewServer(s)
	defer ts.Close()
	for _, keys := range [][2]string{{"", ""}, {sandbox.DefaultAPIKey, ""}, {"", sandbox.DefaultClientID}, {"wrong", sandbox.DefaultClientID}, {sandbox.DefaultAPIKey, "wrong"}} {
		c := atrium.NewClient(keys[0], keys[1], atrium.WithBaseURL(ts.URL))
		_, _, err := c.Users.ListUsers(ctxT(t), nil)
		apiErr(t, err, http.StatusUnauthorized, "MX-API-Key")
		_, _, err = c.Institutions.ReadInstitution(ctxT(t), "mxbank")
		apiErr(t, err, http.StatusUnauthorized, "MX-Client-ID")
	}
	// Custom keys are what is accepted.
	s2 := sandbox.New(sandbox.Config{APIKey: "k", ClientID: "id"})
	ts2 := httptest.NewServer(s2)
	defer ts2.Close()
	_, _, err := atrium.NewClient(sandbox.DefaultAPIKey, sandbox.DefaultClientID, atrium.WithBaseURL(ts2.URL)).Users.ListUsers(ctxT(t), nil)
	apiErr(t, err, http.StatusUnauthorized, "invalid")
	call(atrium.NewClient("k", "id", atrium.WithBaseURL(ts2.URL)).Users.ListUsers(ctxT(t), nil)).ok(t)
}

func TestPagination(t *testing.T) {
	_, c := newSandbox(t)
	var all []string
	for i := range 7 {
		all = append(all, createUser(t, c, fmt.Sprintf("page-%d", i)))
	}
	var got []string
	for page := int32(1); page <= 4; page++ {
		res := call(c.Users.ListUsers(ctxT(t), &atrium.ListUsersParams{Page: &page, RecordsPerPage: atrium.Ptr[int32](3)})).ok(t)
		p := res.Pagination
		if *p.CurrentPage != page || *p.PerPage != 3 || *p.TotalEntries != 7 || *p.TotalPages != 3 {
			t.Fatalf("page %d: pagination %d/%d/%d/%d, want %d/3/7/3", page, *p.CurrentPage, *p.PerPage, *p.TotalEntries, *p.TotalPages, page)
		}
		wantLen := map[int32]int{1: 3, 2: 3, 3: 1, 4: 0}[page]
		if len(res.Users) != wantLen {
			t.Fatalf("page %d has %d users, want %d", page, len(res.Users), wantLen)
		}
		for _, u := range res.Users {
			got = append(got, *u.GUID)
		}
	}
	if !slices.Equal(got, all) {
		t.Fatalf("pages give %v, want %v in creation order", got, all)
	}
	// Defaults: page 1, 25 per page.
	res := call(c.Users.ListUsers(ctxT(t), nil)).ok(t)
	if p := res.Pagination; *p.CurrentPage != 1 || *p.PerPage != 25 || *p.TotalPages != 1 || len(res.Users) != 7 {
		t.Fatalf("default pagination %+v with %d users", *p, len(res.Users))
	}
	_, _, err := c.Users.ListUsers(ctxT(t), &atrium.ListUsersParams{Page: atrium.Ptr[int32](0)})
	apiErr(t, err, 400, "page")
	_, _, err = c.Users.ListUsers(ctxT(t), &atrium.ListUsersParams{RecordsPerPage: atrium.Ptr[int32](-1)})
	apiErr(t, err, 400, "records_per_page")
}

func date(t time.Time) *types.Date { return &types.Date{Time: t} }

func TestTransactionDateFilters(t *testing.T) {
	refPage(t, "transactions/list-transactions")
	refPage(t, "members/list-member-transactions")
	_, c := newSandbox(t)
	user := createUser(t, c, "dates")
	member := createMember(t, c, user, "password", false)
	pollUntilDone(t, c, user, member)
	list := func(p *atrium.ListUserTransactionsParams) []atrium.Transaction {
		t.Helper()
		var out []atrium.Transaction
		q := atrium.ListUserTransactionsParams{RecordsPerPage: atrium.Ptr[int32](40)}
		if p != nil {
			q.FromDate, q.ToDate = p.FromDate, p.ToDate
		}
		for page := int32(1); ; page++ {
			q.Page = &page
			res := call(c.Transactions.ListUserTransactions(ctxT(t), user, &q)).ok(t)
			out = append(out, res.Transactions...)
			if page >= *res.Pagination.TotalPages {
				if int(*res.Pagination.TotalEntries) != len(out) {
					t.Fatalf("total_entries %d, pages gave %d", *res.Pagination.TotalEntries, len(out))
				}
				return out
			}
		}
	}
	inRange := func(txs []atrium.Transaction, from, to time.Time) {
		t.Helper()
		for _, tx := range txs {
			if d := tx.Date.Time; d.Before(from) || d.After(to) {
				t.Fatalf("transaction dated %s outside %s..%s", d.Format(time.DateOnly), from.Format(time.DateOnly), to.Format(time.DateOnly))
			}
		}
	}
	today := clock.Truncate(24 * time.Hour)
	def := list(nil)
	inRange(def, today.AddDate(0, 0, -90), today.AddDate(0, 0, 5))
	wide := list(&atrium.ListUserTransactionsParams{FromDate: date(today.AddDate(-1, 0, 0)), ToDate: date(today.AddDate(0, 0, 30))})
	if len(wide) <= len(def) {
		t.Fatalf("a year back gives %d transactions, no more than the default 90 days (%d)", len(wide), len(def))
	}
	if !slices.ContainsFunc(def, func(tx atrium.Transaction) bool { return tx.Date.After(today) }) {
		t.Fatal("the default window shows no pending transaction dated after today")
	}
	from, to := today.AddDate(0, 0, -30), today.AddDate(0, 0, -10)
	win := list(&atrium.ListUserTransactionsParams{FromDate: date(from), ToDate: date(to)})
	inRange(win, from, to)
	var want int
	for _, tx := range wide {
		if !tx.Date.Before(from) && !tx.Date.After(to) {
			want++
		}
	}
	if len(win) != want || want == 0 {
		t.Fatalf("window gives %d transactions, want %d (> 0)", len(win), want)
	}
	// One day, inclusive on both ends.
	d := win[0].Date.Time
	one := list(&atrium.ListUserTransactionsParams{FromDate: date(d), ToDate: date(d)})
	if len(one) == 0 {
		t.Fatalf("no transaction on %s", d.Format(time.DateOnly))
	}
	inRange(one, d, d)
	_, _, err := c.Transactions.ListUserTransactions(ctxT(t), user, &atrium.ListUserTransactionsParams{FromDate: date(to), ToDate: date(from)})
	apiErr(t, err, 400, "from_date")

	// ExtendHistory brings in transactions older than the first aggregation's.
	call(c.Members.ExtendHistory(ctxT(t), user, member)).ok(t)
	pollUntilDone(t, c, user, member)
	older := list(&atrium.ListUserTransactionsParams{FromDate: date(today.AddDate(-3, 0, 0)), ToDate: date(today.AddDate(0, 0, -sandbox.HistoryDays-1))})
	if len(older) == 0 {
		t.Fatal("ExtendHistory brought no older transactions")
	}
}

func TestMemberLimit(t *testing.T) {
	refPage(t, "members/overview") // "A user is limited to 25 members. Error 405 Method Not Allowed"
	_, c := newSandbox(t)
	user := createUser(t, c, "limit")
	for i := range sandbox.MaxMembersPerUser {
		// Distinct credentials: the same ones twice are a 409 (TestDuplicateMember).
		call(c.Members.CreateMember(ctxT(t), user, memberBody(t, c, "mxbank", fmt.Sprint("user", i), "password", true))).ok(t)
	}
	_, _, err := c.Members.CreateMember(ctxT(t), user, memberBody(t, c, "mxbank", "test_atrium", "password", true))
	apiErr(t, err, http.StatusMethodNotAllowed, "25")
	res := call(c.Members.ListMembers(ctxT(t), user, nil)).ok(t)
	if *res.Pagination.TotalEntries != 25 {
		t.Fatalf("%d members, want 25", *res.Pagination.TotalEntries)
	}
}

func TestJobConflicts(t *testing.T) {
	refPage(t, "premium-features/verify") // 202 when running, 409 for another aggregation-type job
	refPage(t, "members/aggregate-member")
	_, c := newSandbox(t)
	user := createUser(t, c, "jobs")
	member := createMember(t, c, user, "password", false) // aggregating now
	ctx := ctxT(t)
	m, resp, err := c.Members.AggregateMember(ctx, user, member)
	if err != nil || resp.StatusCode != 202 || !*m.Member.IsBeingAggregated {
		t.Fatalf("AggregateMember while aggregating: %v, %v", resp, err)
	}
	_, _, err = c.Verification.VerifyMember(ctx, user, member, nil)
	apiErr(t, err, http.StatusConflict, "aggregate")
	_, _, err = c.Members.AggregateMemberBalances(ctx, user, member)
	apiErr(t, err, http.StatusConflict, "aggregate")
	pollUntilDone(t, c, user, member)

	m, resp, err = c.Verification.VerifyMember(ctx, user, member, nil)
	if err != nil || resp.StatusCode != 200 || !*m.Member.IsBeingAggregated {
		t.Fatalf("VerifyMember when idle: %v, %v", resp, err)
	}
	_, resp, err = c.Verification.VerifyMember(ctx, user, member, nil)
	if err != nil || resp.StatusCode != 202 {
		t.Fatalf("VerifyMember while verifying: %v, %v (want 202)", resp, err)
	}
	_, _, err = c.Members.AggregateMember(ctx, user, member)
	apiErr(t, err, http.StatusConflict, "verify")
	pollUntilDone(t, c, user, member)
	nums := call(c.Verification.ListAccountNumbers(ctx, user, member)).ok(t)
	if len(nums.AccountNumbers) == 0 {
		t.Fatal("no account numbers after verification")
	}
}

// TestAccountReadTakesOneStep checks that a read narrowed to an account
// moves a running job on by one step, like any other read (it once took
// two: one to find the account, one for the member list).
func TestAccountReadTakesOneStep(t *testing.T) {
	_, c := newSandbox(t)
	ctx := ctxT(t)
	user := createUser(t, c, "one-step")
	member := createMember(t, c, user, "password", false)
	pollUntilDone(t, c, user, member)
	acct := *call(c.Members.ListMemberAccounts(ctx, user, member, nil)).ok(t).Accounts[0].GUID

	if _, resp, err := c.Members.AggregateMemberBalances(ctx, user, member); err != nil || resp.StatusCode != 200 {
		t.Fatalf("AggregateMemberBalances when idle: %v, %v (want 200)", resp, err)
	}
	call(c.Members.ReadMemberStatus(ctx, user, member)).ok(t)                    // sees the started job
	call(c.Holdings.ListHoldingsByAccount(ctx, user, acct, nil)).ok(t)           // one step: authenticated
	call(c.Accounts.ListAccountTransactions(ctx, user, acct, nil)).ok(t)         // one step: done
	call(c.Verification.ListAccountNumbersByAccount(ctx, user, acct, nil)).ok(t) // idle: no step
	if _, resp, err := c.Members.AggregateMemberBalances(ctx, user, member); err != nil || resp.StatusCode != 200 {
		t.Fatalf("AggregateMemberBalances after the job's two steps: %v, %v (want 200: the job ended)", resp, err)
	}
	call(c.Members.ReadMemberStatus(ctx, user, member)).ok(t)
	call(c.Holdings.ListHoldingsByAccount(ctx, user, acct, nil)).ok(t)
	if _, resp, err := c.Members.AggregateMemberBalances(ctx, user, member); err != nil || resp.StatusCode != 202 {
		t.Fatalf("AggregateMemberBalances after one step: %v, %v (want 202: the job still runs)", resp, err)
	}
}

func TestChallengesNoContent(t *testing.T) {
	refPage(t, "members/list-member-mfa-challenges") // 204 unless CHALLENGED
	_, c := newSandbox(t)
	user := createUser(t, c, "mfa")
	ctx := ctxT(t)
	connected := createMember(t, c, user, "password", false)
	pollUntilDone(t, c, user, connected)
	body, resp, err := c.Members.ListMemberMFAChallenges(ctx, user, connected)
	if err != nil || resp.StatusCode != 204 || body != nil {
		t.Fatalf("challenges of a CONNECTED member: %v %v %v, want 204 and no body", body, resp, err)
	}
	_, _, err = c.Members.ResumeMember(ctx, user, connected, atrium.MemberResumeRequestBody{Member: atrium.MemberResumeRequest{Challenges: []atrium.CredentialRequest{{GUID: "CRD-x", Value: "v"}}}})
	apiErr(t, err, http.StatusUnprocessableEntity, "not CHALLENGED")

	for _, sc := range []struct {
		password, typ string
		options       bool
	}{{"challenge", "TEXT", false}, {"options", "OPTIONS", true}, {"image", "IMAGE", false}} {
		m := createMember(t, c, user, sc.password, false)
		call(c.Members.ReadMemberStatus(ctx, user, m)).ok(t) // CREATED
		st := call(c.Members.ReadMemberStatus(ctx, user, m)).ok(t)
		if *st.Member.ConnectionStatus != atrium.ConnectionStatusChallenged || len(st.Member.Challenges) != 1 {
			t.Fatalf("%s: status %s with %d challenges", sc.password, *st.Member.ConnectionStatus, len(st.Member.Challenges))
		}
		ch := call(c.Members.ListMemberMFAChallenges(ctx, user, m)).ok(t)
		if len(ch.Challenges) != 1 || *ch.Challenges[0].Type != sc.typ || (len(ch.Challenges[0].Options) > 0) != sc.options {
			t.Fatalf("%s: challenges %+v", sc.password, ch.Challenges)
		}
		if sc.typ == "IMAGE" && !strings.HasPrefix(*ch.Challenges[0].ImageData, "data:image/png;base64,") {
			t.Fatalf("image challenge without image data")
		}
		// Unanswered and unknown challenges are 400s naming the field.
		_, _, err := c.Members.ResumeMember(ctx, user, m, atrium.MemberResumeRequestBody{Member: atrium.MemberResumeRequest{Challenges: []atrium.CredentialRequest{}}})
		apiErr(t, err, 400, "member.challenges")
		_, _, err = c.Members.ResumeMember(ctx, user, m, atrium.MemberResumeRequestBody{Member: atrium.MemberResumeRequest{Challenges: []atrium.CredentialRequest{{GUID: "CRD-nope", Value: "x"}}}})
		apiErr(t, err, 400, "member.challenges[0].guid")
	}
}

func TestBadInput(t *testing.T) {
	_, c := newSandbox(t)
	user := createUser(t, c, "bad")
	ctx := ctxT(t)
	_, _, err := c.Members.CreateMember(ctx, user, atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{InstitutionCode: "nowhere", Credentials: []atrium.CredentialRequest{}}})
	apiErr(t, err, 400, "member.institution_code")
	_, _, err = c.Members.CreateMember(ctx, user, atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{InstitutionCode: "mxbank", Credentials: []atrium.CredentialRequest{{GUID: "CRD-bogus", Value: "x"}}}})
	apiErr(t, err, 400, "member.credentials[0].guid")
	_, _, err = c.Members.CreateMember(ctx, user, atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{InstitutionCode: "mxbank", Credentials: []atrium.CredentialRequest{}}})
	apiErr(t, err, 400, "member.credentials")
	_, _, err = c.Users.ReadUser(ctx, "USR-missing")
	apiErr(t, err, 404, "USR-missing")
	_, _, err = c.Members.ReadMember(ctx, user, "MBR-missing")
	apiErr(t, err, 404, "MBR-missing")
	_, _, err = c.Users.CreateUser(ctx, atrium.UserCreateRequestBody{User: atrium.User{Identifier: atrium.Ptr("bad")}})
	apiErr(t, err, 400, "identifier")
	_, _, err = c.Identity.IdentifyMember(ctx, user, "MBR-missing", nil)
	apiErr(t, err, 404, "MBR-missing")
}

// TestDeniedThenUpdated: invalid credentials end in DENIED; new credentials
// (UpdateMember) put the member in UPDATED and aggregate it again.
func TestDeniedThenUpdated(t *testing.T) {
	_, c := newSandbox(t)
	user := createUser(t, c, "denied")
	member := createMember(t, c, user, "UNAUTHORIZED", false)
	if st := pollUntilDone(t, c, user, member); *st.ConnectionStatus != atrium.ConnectionStatusDenied || *st.IsAuthenticated {
		t.Fatalf("UNAUTHORIZED ends in %s", *st.ConnectionStatus)
	}
	creds := call(c.Members.ListMemberCredentials(ctxT(t), user, member)).ok(t)
	var pw string
	for _, cr := range creds.Credentials {
		if *cr.Type == "PASSWORD" {
			pw = *cr.GUID
		}
	}
	m := call(c.Members.UpdateMember(ctxT(t), user, member, &atrium.MemberUpdateRequestBody{Member: atrium.MemberUpdateRequest{
		Credentials: []atrium.CredentialRequest{{GUID: pw, Value: "password"}},
	}})).ok(t)
	if *m.Member.ConnectionStatus != atrium.ConnectionStatusUpdated || !*m.Member.IsBeingAggregated {
		t.Fatalf("after UpdateMember: %s, aggregating %v", *m.Member.ConnectionStatus, *m.Member.IsBeingAggregated)
	}
	if st := pollUntilDone(t, c, user, member); *st.ConnectionStatus != atrium.ConnectionStatusConnected || st.SuccessfullyAggregatedAt == nil {
		t.Fatalf("after new credentials: %s", *st.ConnectionStatus)
	}
}

// TestStepDelay: with a step delay the aggregation moves with the clock,
// not with reads.
func TestStepDelay(t *testing.T) {
	now := clock
	var mu = make(chan struct{}, 1)
	mu <- struct{}{}
	nowFn := func() time.Time { <-mu; defer func() { mu <- struct{}{} }(); return now }
	advance := func(d time.Duration) { <-mu; now = now.Add(d); mu <- struct{}{} }
	s := sandbox.New(sandbox.Config{StepDelay: time.Minute, Now: nowFn})
	ts := httptest.NewServer(s)
	defer ts.Close()
	c := atrium.NewClient(sandbox.DefaultAPIKey, sandbox.DefaultClientID, atrium.WithBaseURL(ts.URL))
	user := createUser(t, c, "delay")
	member := createMember(t, c, user, "password", false)
	status := func() (atrium.ConnectionStatus, bool) {
		st := call(c.Members.ReadMemberStatus(ctxT(t), user, member)).ok(t)
		return *st.Member.ConnectionStatus, *st.Member.IsBeingAggregated
	}
	for range 5 {
		if cs, agg := status(); cs != atrium.ConnectionStatusCreated || !agg {
			t.Fatalf("before a step: %s %v", cs, agg)
		}
	}
	advance(time.Minute)
	if cs, agg := status(); cs != atrium.ConnectionStatusConnected || !agg {
		t.Fatalf("after one step: %s %v", cs, agg)
	}
	advance(10 * time.Minute)
	if cs, agg := status(); cs != atrium.ConnectionStatusConnected || agg {
		t.Fatalf("after all steps: %s %v", cs, agg)
	}
}

// TestDeterministic: the same seed and calls give the same data.
func TestDeterministic(t *testing.T) {
	run := func() []atrium.Transaction {
		_, c := newSandbox(t)
		user := createUser(t, c, "det")
		member := createMember(t, c, user, "password", false)
		pollUntilDone(t, c, user, member)
		return call(c.Transactions.ListUserTransactions(ctxT(t), user, nil)).ok(t).Transactions
	}
	a, b := run(), run()
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d vs %d transactions", len(a), len(b))
	}
	for i := range a {
		if *a[i].GUID != *b[i].GUID || *a[i].Amount != *b[i].Amount || !a[i].Date.Equal(b[i].Date.Time) {
			t.Fatalf("transaction %d differs", i)
		}
	}
}

func TestStartAndClose(t *testing.T) {
	r, err := sandbox.Start(sandbox.Config{}, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(r.URL, "http://127.0.0.1:") {
		t.Fatalf("URL %s", r.URL)
	}
	res := call(r.Client().Institutions.ListInstitutions(ctxT(t), &atrium.ListInstitutionsParams{Name: atrium.Ptr("MX")})).ok(t)
	if len(res.Institutions) == 0 || *res.Institutions[0].Code != "mxbank" {
		t.Fatalf("search for MX: %+v", res.Institutions)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, _, err := r.Client().Users.ListUsers(ctxT(t), nil); err == nil {
		t.Fatal("closed sandbox still answers")
	}
}

// TestDisabledUser: a disabled user's members are not aggregated (403)
// until the user is enabled again.
func TestDisabledUser(t *testing.T) {
	refPage(t, "users/create-user") // disabled users are not aggregated
	_, c := newSandbox(t)
	user := createUser(t, c, "disabled")
	member := createMember(t, c, user, "password", true)
	ctx := ctxT(t)
	call(c.Users.UpdateUser(ctx, user, &atrium.UserUpdateRequestBody{User: atrium.User{IsDisabled: atrium.Ptr(true)}})).ok(t)
	_, _, err := c.Members.AggregateMember(ctx, user, member)
	apiErr(t, err, http.StatusForbidden, "disabled")
	_, _, err = c.Members.CreateMember(ctx, user, memberBody(t, c, "mxbank", "test_atrium", "password", false))
	apiErr(t, err, http.StatusForbidden, "disabled")
	if ms := call(c.Members.ListMembers(ctx, user, nil)).ok(t); len(ms.Members) != 1 {
		t.Fatalf("%d members after a refused create, want 1", len(ms.Members))
	}
	call(c.Users.UpdateUser(ctx, user, &atrium.UserUpdateRequestBody{User: atrium.User{IsDisabled: atrium.Ptr(false)}})).ok(t)
	call(c.Members.AggregateMember(ctx, user, member)).ok(t)
	if st := pollUntilDone(t, c, user, member); *st.ConnectionStatus != atrium.ConnectionStatusConnected {
		t.Fatalf("after enabling: %s", *st.ConnectionStatus)
	}
}

// TestIteratorsWalkSandboxPages drives the generated iterators against the
// sandbox's real pagination: 7 users at 2 per page is 4 pages, walked
// lazily, and a break stops the requests.
func TestIteratorsWalkSandboxPages(t *testing.T) {
	s := sandbox.New(sandbox.Config{Seed: 7, Now: func() time.Time { return clock }})
	var requests atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/users" {
			requests.Add(1)
		}
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	c := atrium.NewClient(sandbox.DefaultAPIKey, sandbox.DefaultClientID, atrium.WithBaseURL(ts.URL))
	var want []string
	for i := range 7 {
		want = append(want, createUser(t, c, fmt.Sprintf("iter-%d", i)))
	}

	var got []string
	for u, err := range c.Users.ListUsersIter(ctxT(t), &atrium.ListUsersParams{RecordsPerPage: atrium.Ptr[int32](2)}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, *u.GUID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("iterator gives %v, want %v", got, want)
	}
	if n := requests.Swap(0); n != 4 {
		t.Fatalf("walking 7 users at 2 per page took %d requests, want 4", n)
	}

	// Breaking after the third user needs only the first two pages.
	n := 0
	for _, err := range c.Users.ListUsersIter(ctxT(t), &atrium.ListUsersParams{RecordsPerPage: atrium.Ptr[int32](2)}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	if n := requests.Swap(0); n != 2 {
		t.Fatalf("breaking after 3 users took %d requests, want 2", n)
	}

	all, err := c.Users.ListUsersAll(ctxT(t), &atrium.ListUsersParams{RecordsPerPage: atrium.Ptr[int32](3)})
	if err != nil || len(all) != 7 {
		t.Fatalf("ListUsersAll: %d users, %v", len(all), err)
	}
}
