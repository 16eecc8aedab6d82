package sandbox_test

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/generated/atriumserver"
	"github.com/atriumgen/atriumgen/sandbox"
	"github.com/oapi-codegen/runtime/types"
)

// opFact is one line of spec/facts/operations.tsv.
type opFact struct {
	op, method string
	re         *regexp.Regexp
	literal    int // length of the template's literal text, to prefer the most specific match
}

func loadOps(t *testing.T) []opFact {
	t.Helper()
	f, err := os.Open("../spec/facts/operations.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ops []opFact
	sc := bufio.NewScanner(f)
	header := true
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		if header {
			header = false
			continue
		}
		cols := strings.Split(line, "\t")
		path := cols[3]
		lit := regexp.MustCompile(`\{[^}]+\}`).ReplaceAllString(path, "")
		pat := "^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(path), `[^/]+`) + "$"
		ops = append(ops, opFact{op: cols[1], method: cols[2], re: regexp.MustCompile(pat), literal: len(lit)})
	}
	if len(ops) != 48 {
		t.Fatalf("operations.tsv lists %d operations, want 48", len(ops))
	}
	return ops
}

// match names the operation a request was for.
func match(ops []opFact, method, path string) string {
	best, bestLit := "", -1
	for _, o := range ops {
		if o.method == method && o.re.MatchString(path) && o.literal > bestLit {
			best, bestLit = o.op, o.literal
		}
	}
	return best
}

// recorder remembers the method, path and status of every request.
type recorder struct {
	h    http.Handler
	mu   sync.Mutex
	seen []struct {
		method, path string
		status       int
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &statusWriter{ResponseWriter: w, status: 200}
	rec.h.ServeHTTP(sw, r)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.seen = append(rec.seen, struct {
		method, path string
		status       int
	}{r.Method, r.URL.EscapedPath(), sw.status})
}

// TestEveryOperation calls each of the 48 operations through the SDK against
// the sandbox, decodes the response and checks it carries data. The table
// must cover exactly the generated Service's methods (by reflection), and
// the requests the server saw must cover every operation of
// spec/facts/operations.tsv with a 2xx answer.
func TestEveryOperation(t *testing.T) {
	ops := loadOps(t)
	rec := &recorder{h: sandbox.New(sandbox.Config{Seed: 3, Now: func() time.Time { return clock }})}
	ts := httptest.NewServer(rec)
	defer ts.Close()
	c := atrium.NewClient(sandbox.DefaultAPIKey, sandbox.DefaultClientID, atrium.WithBaseURL(ts.URL))
	ctx := ctxT(t)

	// A user with a connected member; every premium job run once.
	user := createUser(t, c, "every-op")
	member := createMember(t, c, user, "password", false)
	pollUntilDone(t, c, user, member)
	challenged := createMember(t, c, user, "challenge", false)
	oauthMember := *call(c.Members.CreateMember(ctx, user, atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{
		InstitutionCode: sandbox.TestOAuthInstitution, IsOauth: atrium.Ptr(true),
	}})).ok(t).Member.GUID
	for range 3 {
		call(c.Members.ReadMemberStatus(ctx, user, challenged)).ok(t)
	}
	var account, investment, statement, transaction, holding, merchant, location string
	setup := func() {
		accts := call(c.Accounts.ListUserAccounts(ctx, user, nil)).ok(t)
		for _, a := range accts.Accounts {
			if *a.Type == "CHECKING" && account == "" {
				account = *a.GUID
			}
			if *a.Type == "INVESTMENT" {
				investment = *a.GUID
			}
		}
		txs := call(c.Transactions.ListUserTransactions(ctx, user, nil)).ok(t)
		transaction = *txs.Transactions[0].GUID
		hs := call(c.Holdings.ListHoldings(ctx, user, nil)).ok(t)
		holding = *hs.Holdings[0].GUID
		ms := call(c.Merchants.ListMerchants(ctx, nil)).ok(t)
		merchant = *ms.Merchants[0].GUID
		ls := call(c.Merchants.ListMerchantLocations(ctx, merchant, nil)).ok(t)
		location = *ls.MerchantLocations[0].GUID
	}
	job := func(v *atrium.MemberResponseBody, resp *atrium.Response, err error) (any, error) {
		if err == nil {
			pollUntilDone(t, c, user, member)
		}
		return v, err
	}
	del := func(resp *atrium.Response, err error) (any, error) {
		if err == nil && resp.StatusCode != 204 {
			t.Errorf("status %d, want 204", resp.StatusCode)
		}
		return struct{}{}, err
	}
	r := func(v any, _ *atrium.Response, err error) (any, error) { return v, err }
	p := atrium.Ptr[int32]

	table := []struct {
		op   string
		call func() (any, error)
	}{
		{"ListInstitutions", func() (any, error) {
			return r(c.Institutions.ListInstitutions(ctx, &atrium.ListInstitutionsParams{Name: atrium.Ptr("mx"), Page: p(1), RecordsPerPage: p(10)}))
		}},
		{"ReadInstitution", func() (any, error) { return r(c.Institutions.ReadInstitution(ctx, "mxbank")) }},
		{"ReadInstitutionCredentials", func() (any, error) { return r(c.Institutions.ReadInstitutionCredentials(ctx, "mxbank")) }},
		{"ListUsers", func() (any, error) { return r(c.Users.ListUsers(ctx, &atrium.ListUsersParams{Page: p(1)})) }},
		{"ReadUser", func() (any, error) { return r(c.Users.ReadUser(ctx, user)) }},
		{"UpdateUser", func() (any, error) {
			return r(c.Users.UpdateUser(ctx, user, &atrium.UserUpdateRequestBody{User: atrium.User{Metadata: atrium.Ptr(`{"k":1}`)}}))
		}},
		{"ListMembers", func() (any, error) { return r(c.Members.ListMembers(ctx, user, nil)) }},
		{"ReadMember", func() (any, error) { return r(c.Members.ReadMember(ctx, user, member)) }},
		{"ReadMemberStatus", func() (any, error) { return r(c.Members.ReadMemberStatus(ctx, user, member)) }},
		{"ListMemberCredentials", func() (any, error) { return r(c.Members.ListMemberCredentials(ctx, user, member)) }},
		{"ListMemberMFAChallenges", func() (any, error) { return r(c.Members.ListMemberMFAChallenges(ctx, user, challenged)) }},
		{"ReadOAuthWindowURI", func() (any, error) {
			return r(c.Members.ReadOAuthWindowURI(ctx, user, oauthMember, &atrium.ReadOAuthWindowURIParams{ReferralSource: atrium.Ptr(atrium.ReadOAuthWindowURIReferralSourceApp)}))
		}},
		{"UpdateMember", func() (any, error) {
			return r(c.Members.UpdateMember(ctx, user, member, &atrium.MemberUpdateRequestBody{Member: atrium.MemberUpdateRequest{Metadata: atrium.Ptr("m")}}))
		}},
		{"AggregateMember", func() (any, error) { return job(c.Members.AggregateMember(ctx, user, member)) }},
		{"AggregateMemberBalances", func() (any, error) { return job(c.Members.AggregateMemberBalances(ctx, user, member)) }},
		{"ExtendHistory", func() (any, error) { return job(c.Members.ExtendHistory(ctx, user, member)) }},
		{"IdentifyMember", func() (any, error) { return job(c.Identity.IdentifyMember(ctx, user, member, nil)) }},
		{"VerifyMember", func() (any, error) { return job(c.Verification.VerifyMember(ctx, user, member, nil)) }},
		{"FetchStatements", func() (any, error) {
			v, err := job(c.Statements.FetchStatements(ctx, user, member))
			if err == nil {
				setup()
				sts := call(c.Statements.ListMemberStatements(ctx, user, member, nil)).ok(t)
				statement = *sts.Statements[0].GUID
			}
			return v, err
		}},
		{"ResumeMember", func() (any, error) {
			st := call(c.Members.ReadMemberStatus(ctx, user, challenged)).ok(t)
			body := atrium.MemberResumeRequestBody{Member: atrium.MemberResumeRequest{Challenges: []atrium.CredentialRequest{{GUID: *st.Member.Challenges[0].GUID, Value: "correct"}}}}
			return r(c.Members.ResumeMember(ctx, user, challenged, body))
		}},
		{"ListAccountOwners", func() (any, error) { return r(c.Identity.ListAccountOwners(ctx, user, member)) }},
		{"ListAccountNumbers", func() (any, error) { return r(c.Verification.ListAccountNumbers(ctx, user, member)) }},
		{"ListAccountNumbersByAccount", func() (any, error) { return r(c.Verification.ListAccountNumbersByAccount(ctx, user, account)) }},
		{"ListUserAccounts", func() (any, error) {
			return r(c.Accounts.ListUserAccounts(ctx, user, &atrium.ListUserAccountsParams{RecordsPerPage: p(2)}))
		}},
		{"ListMemberAccounts", func() (any, error) { return r(c.Members.ListMemberAccounts(ctx, user, member, nil)) }},
		{"ReadAccount", func() (any, error) { return r(c.Accounts.ReadAccount(ctx, user, account)) }},
		{"ReadAccountByMemberGUID", func() (any, error) { return r(c.Accounts.ReadAccountByMemberGUID(ctx, user, member, account)) }},
		{"ListAccountTransactions", func() (any, error) {
			return r(c.Accounts.ListAccountTransactions(ctx, user, account, &atrium.ListAccountTransactionsParams{FromDate: &types.Date{Time: clock.AddDate(-1, 0, 0)}}))
		}},
		{"ListMemberTransactions", func() (any, error) { return r(c.Members.ListMemberTransactions(ctx, user, member, nil)) }},
		{"ListUserTransactions", func() (any, error) { return r(c.Transactions.ListUserTransactions(ctx, user, nil)) }},
		{"ReadTransaction", func() (any, error) { return r(c.Transactions.ReadTransaction(ctx, user, transaction)) }},
		{"CleanseAndCategorizeTransactions", func() (any, error) {
			return r(c.Transactions.CleanseAndCategorizeTransactions(ctx, atrium.TransactionsCleanseAndCategorizeRequestBody{
				Transactions: []atrium.TransactionCleanseAndCategorizeRequest{{Amount: atrium.Ptr(4.5), Description: "BEAN THERE COFFEE #123", Identifier: "t1"}},
			}))
		}},
		{"ListHoldings", func() (any, error) { return r(c.Holdings.ListHoldings(ctx, user, nil)) }},
		{"ListHoldingsByAccount", func() (any, error) { return r(c.Holdings.ListHoldingsByAccount(ctx, user, investment, nil)) }},
		{"ListHoldingsByMember", func() (any, error) { return r(c.Holdings.ListHoldingsByMember(ctx, user, member, nil)) }},
		{"ReadHolding", func() (any, error) { return r(c.Holdings.ReadHolding(ctx, user, holding)) }},
		{"ListMemberStatements", func() (any, error) { return r(c.Statements.ListMemberStatements(ctx, user, member, nil)) }},
		{"ReadMemberStatement", func() (any, error) { return r(c.Statements.ReadMemberStatement(ctx, user, member, statement)) }},
		{"DownloadStatementPDF", func() (any, error) {
			rc, _, err := c.Statements.DownloadStatementPDF(ctx, user, member, statement)
			if err != nil {
				return nil, err
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err == nil && (!bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b, []byte("%%EOF"))) {
				t.Errorf("statement PDF is not a PDF: %.40q", b)
			}
			return b, err
		}},
		{"ListMerchants", func() (any, error) { return r(c.Merchants.ListMerchants(ctx, nil)) }},
		{"ReadMerchant", func() (any, error) { return r(c.Merchants.ReadMerchant(ctx, merchant)) }},
		{"ListMerchantLocations", func() (any, error) { return r(c.Merchants.ListMerchantLocations(ctx, merchant, nil)) }},
		{"ReadMerchantLocation", func() (any, error) { return r(c.Merchants.ReadMerchantLocation(ctx, merchant, location)) }},
		{"GetConnectWidget", func() (any, error) {
			return r(c.ConnectWidget.GetConnectWidget(ctx, user, atrium.ConnectWidgetRequestBody{Mode: atrium.Ptr("aggregation")}))
		}},
		{"DeleteMember", func() (any, error) { return del(c.Members.DeleteMember(ctx, user, challenged)) }},
		{"CreateMember", func() (any, error) {
			return r(c.Members.CreateMember(ctx, user, memberBody(t, c, "gringotts", "harry", "alohomora", true)))
		}},
		{"CreateUser", func() (any, error) {
			return r(c.Users.CreateUser(ctx, atrium.UserCreateRequestBody{User: atrium.User{Identifier: atrium.Ptr("second")}}))
		}},
		{"DeleteUser", func() (any, error) { return del(c.Users.DeleteUser(ctx, user)) }},
	}

	// The table covers exactly the Service's methods.
	var want []string
	st := reflect.TypeFor[atriumserver.Service]()
	for i := range st.NumMethod() {
		want = append(want, st.Method(i).Name)
	}
	var got []string
	for _, e := range table {
		got = append(got, e.op)
	}
	sort.Strings(got)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("table covers\n%v\nService has\n%v", got, want)
	}

	for _, e := range table {
		v, err := e.call()
		if err != nil {
			t.Errorf("%s: %v", e.op, err)
			continue
		}
		checkHasData(t, e.op, v)
	}

	// Every operation of the facts was served with a 2xx.
	served := map[string]bool{}
	for _, s := range rec.seen {
		if s.status < 300 {
			served[strings.ToLower(match(ops, s.method, s.path))] = true
		}
	}
	for _, o := range ops {
		if !served[strings.ToLower(o.op)] {
			t.Errorf("operation %s was never served successfully", o.op)
		}
	}
}

// checkHasData fails when a decoded body is nil or its first field (the
// resource or list) is empty.
func checkHasData(t *testing.T, op string, v any) {
	t.Helper()
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		t.Errorf("%s: no body decoded", op)
		return
	}
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Struct:
		for i := range rv.NumField() {
			f := rv.Field(i)
			name := rv.Type().Field(i).Name
			if name == "Pagination" {
				continue
			}
			if f.IsZero() || (f.Kind() == reflect.Slice && f.Len() == 0) {
				t.Errorf("%s: %s is empty", op, name)
			}
		}
	case reflect.Slice:
		if rv.Len() == 0 {
			t.Errorf("%s: empty body", op)
		}
	}
}
