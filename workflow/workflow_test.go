package workflow_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/sandbox"
	"github.com/atriumgen/atriumgen/workflow"
)

type S = atrium.ConnectionStatus

const (
	created    = atrium.ConnectionStatusCreated
	connected  = atrium.ConnectionStatusConnected
	challenged = atrium.ConnectionStatusChallenged
	resumed    = atrium.ConnectionStatusResumed
	denied     = atrium.ConnectionStatusDenied
	halted     = atrium.ConnectionStatusHalted
	updated    = atrium.ConnectionStatusUpdated
)

func newClient(t *testing.T, cfg sandbox.Config) *atrium.Client {
	t.Helper()
	ts := httptest.NewServer(sandbox.New(cfg))
	t.Cleanup(ts.Close)
	return atrium.NewClient(sandbox.DefaultAPIKey, sandbox.DefaultClientID, atrium.WithBaseURL(ts.URL))
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func newUser(t *testing.T, ctx context.Context, c *atrium.Client, id string) string {
	t.Helper()
	u, _, err := c.Users.CreateUser(ctx, atrium.UserCreateRequestBody{User: atrium.User{Identifier: atrium.Ptr(id)}})
	if err != nil {
		t.Fatal(err)
	}
	return *u.User.GUID
}

// body is the create-member body for the test institution with password.
func body(t *testing.T, ctx context.Context, c *atrium.Client, password string, skip bool) atrium.MemberCreateRequestBody {
	t.Helper()
	creds, _, err := c.Institutions.ReadInstitutionCredentials(ctx, sandbox.TestInstitution)
	if err != nil {
		t.Fatal(err)
	}
	var reqs []atrium.CredentialRequest
	for _, cr := range creds.Credentials {
		v := sandbox.TestUsername
		if *cr.Type == "PASSWORD" {
			v = password
		}
		reqs = append(reqs, atrium.CredentialRequest{GUID: *cr.GUID, Value: v})
	}
	return atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{InstitutionCode: sandbox.TestInstitution, Credentials: reqs, SkipAggregation: &skip}}
}

// TestScenarios: every scenario of the test institution reaches its end
// state through the SDK and the Aggregator, seeing every state on the way.
func TestScenarios(t *testing.T) {
	cases := []struct {
		password string
		answers  []string
		outcome  workflow.Outcome
		final    S
		path     []S
		rounds   int
	}{
		{"password", nil, workflow.Connected, connected, []S{created, connected}, 0},
		{"challenge", []string{"correct"}, workflow.Connected, connected, []S{created, challenged, resumed, connected}, 1},
		// The guide's walk-through: "challenge" asks a second question.
		{"challenge", []string{"challenge", "correct"}, workflow.Connected, connected, []S{created, challenged, resumed, challenged, resumed, connected}, 2},
		{"challenge", []string{"challenge", "wrong"}, workflow.NeedsCredentials, denied, []S{created, challenged, resumed, challenged, resumed, denied}, 2},
		{"challenge", []string{"wrong"}, workflow.NeedsCredentials, denied, []S{created, challenged, resumed, denied}, 1},
		{"options", []string{"correct"}, workflow.Connected, connected, []S{created, challenged, resumed, connected}, 1},
		{"options", []string{"2"}, workflow.Connected, connected, []S{created, challenged, resumed, connected}, 1}, // by position
		{"options", []string{"1"}, workflow.NeedsCredentials, denied, []S{created, challenged, resumed, denied}, 1},
		{"image", []string{"correct"}, workflow.Connected, connected, []S{created, challenged, resumed, connected}, 1},
		{"image", []string{"nope"}, workflow.NeedsCredentials, denied, []S{created, challenged, resumed, denied}, 1},
		{"BAD_REQUEST", nil, workflow.Failed, halted, []S{created, halted}, 0},
		{"UNAUTHORIZED", nil, workflow.NeedsCredentials, denied, []S{created, denied}, 0},
		{"not-a-scenario", nil, workflow.NeedsCredentials, denied, []S{created, denied}, 0},
	}
	c := newClient(t, sandbox.Config{Seed: 1})
	ctx := ctxT(t)
	for i, tc := range cases {
		t.Run(fmt.Sprintf("%s-%v", tc.password, tc.answers), func(t *testing.T) {
			user := newUser(t, ctx, c, fmt.Sprint("scenario-", i))
			var events []string
			agg := &workflow.Aggregator{Client: c, Answer: workflow.Answers(tc.answers...), MinBackoff: time.Millisecond,
				OnEvent: func(e workflow.Event) { events = append(events, e.Kind) }}
			m, res, err := agg.Create(ctx, user, body(t, ctx, c, tc.password, false))
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != tc.outcome || *res.Status.ConnectionStatus != tc.final || *res.Status.IsBeingAggregated {
				t.Fatalf("outcome %v, status %s (aggregating %v); want %v, %s", res.Outcome, *res.Status.ConnectionStatus, *res.Status.IsBeingAggregated, tc.outcome, tc.final)
			}
			if !slices.Equal(res.Transitions, tc.path) {
				t.Fatalf("transitions %v, want %v", res.Transitions, tc.path)
			}
			if res.Rounds != tc.rounds || res.Polls < len(tc.path) {
				t.Fatalf("rounds %d (want %d), polls %d", res.Rounds, tc.rounds, res.Polls)
			}
			if n := count(events, "challenged"); n != tc.rounds || count(events, "resumed") != tc.rounds {
				t.Fatalf("events %v", events)
			}
			accts, _, err := c.Members.ListMemberAccounts(ctx, user, *m.GUID, nil)
			if err != nil {
				t.Fatal(err)
			}
			txs, _, err := c.Members.ListMemberTransactions(ctx, user, *m.GUID, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(accts.Accounts) > 0 && len(txs.Transactions) > 0; got != (tc.outcome == workflow.Connected) {
				t.Fatalf("%d accounts, %d transactions after %v", len(accts.Accounts), len(txs.Transactions), tc.outcome)
			}
			if tc.outcome == workflow.Connected && (res.Status.SuccessfullyAggregatedAt == nil || !*res.Status.HasProcessedTransactions) {
				t.Fatal("connected without successfully_aggregated_at / has_processed_transactions")
			}
		})
	}
}

func count(xs []string, x string) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

// TestAggregateExisting: the guide's standard aggregation on an existing
// member (created with skip_aggregation), then again on a connected one; a
// member whose credentials were refused is not aggregated.
func TestAggregateExisting(t *testing.T) {
	c := newClient(t, sandbox.Config{Seed: 2})
	ctx := ctxT(t)
	user := newUser(t, ctx, c, "existing")
	agg := &workflow.Aggregator{Client: c, Answer: workflow.Answers("challenge", "correct", "correct"), MinBackoff: time.Millisecond}
	m, res, err := agg.Create(ctx, user, body(t, ctx, c, "challenge", true))
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != workflow.Connected || res.Rounds != 2 || res.Transitions[0] != created {
		t.Fatalf("skip_aggregation then Aggregate: %v %v rounds %d", res.Outcome, res.Transitions, res.Rounds)
	}
	res, err = agg.Aggregate(ctx, user, *m.GUID) // CONNECTED may aggregate; MFA again
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != workflow.Connected || res.Rounds != 1 || !slices.Equal(res.Transitions, []S{connected, challenged, resumed, connected}) {
		t.Fatalf("re-aggregation: %v %v rounds %d", res.Outcome, res.Transitions, res.Rounds)
	}

	// DENIED: update credentials first, so Aggregate does not aggregate.
	agg2 := &workflow.Aggregator{Client: c, MinBackoff: time.Millisecond}
	m2, res, err := agg2.Create(ctx, user, body(t, ctx, c, "UNAUTHORIZED", false))
	if err != nil || res.Outcome != workflow.NeedsCredentials {
		t.Fatalf("UNAUTHORIZED: %v %v", res, err)
	}
	res, err = agg2.Aggregate(ctx, user, *m2.GUID)
	if err != nil || !res.Skipped || res.Outcome != workflow.NeedsCredentials || res.Polls != 1 {
		t.Fatalf("Aggregate of a DENIED member: %+v %v", res, err)
	}
	// New credentials: UPDATED, then connected.
	creds, _, err := c.Members.ListMemberCredentials(ctx, user, *m2.GUID)
	if err != nil {
		t.Fatal(err)
	}
	var answers []atrium.CredentialRequest
	for _, cr := range creds.Credentials {
		v := sandbox.TestUsername
		if *cr.Type == "PASSWORD" {
			v = "password"
		}
		answers = append(answers, atrium.CredentialRequest{GUID: *cr.GUID, Value: v})
	}
	if _, _, err := c.Members.UpdateMember(ctx, user, *m2.GUID, &atrium.MemberUpdateRequestBody{Member: atrium.MemberUpdateRequest{Credentials: answers}}); err != nil {
		t.Fatal(err)
	}
	res, err = agg2.Wait(ctx, user, *m2.GUID)
	if err != nil || res.Outcome != workflow.Connected || !slices.Equal(res.Transitions, []S{updated, connected}) {
		t.Fatalf("after UpdateMember: %+v %v", res, err)
	}
}

// TestAggregateWaitsForOtherJob: a 409 (another job running) makes Aggregate
// wait for that job, then aggregate.
func TestAggregateWaitsForOtherJob(t *testing.T) {
	c := newClient(t, sandbox.Config{Seed: 3})
	ctx := ctxT(t)
	user := newUser(t, ctx, c, "other-job")
	agg := &workflow.Aggregator{Client: c, MinBackoff: time.Millisecond}
	m, res, err := agg.Create(ctx, user, body(t, ctx, c, "password", false))
	if err != nil || res.Outcome != workflow.Connected {
		t.Fatalf("%v %v", res, err)
	}
	if _, resp, err := c.Verification.VerifyMember(ctx, user, *m.GUID, nil); err != nil || resp.StatusCode != 200 {
		t.Fatalf("VerifyMember: %v %v", resp, err)
	}
	var kinds []string
	agg.OnEvent = func(e workflow.Event) { kinds = append(kinds, e.Kind) }
	res, err = agg.Aggregate(ctx, user, *m.GUID)
	if err != nil || res.Outcome != workflow.Connected {
		t.Fatalf("Aggregate during a verification: %v %v", res, err)
	}
	if !slices.Contains(kinds, "started") {
		t.Fatalf("events %v: the aggregation was never started", kinds)
	}
}

func TestNoAnswerFunc(t *testing.T) {
	c := newClient(t, sandbox.Config{Seed: 4})
	ctx := ctxT(t)
	user := newUser(t, ctx, c, "no-answer")
	_, res, err := (&workflow.Aggregator{Client: c, MinBackoff: time.Millisecond}).Create(ctx, user, body(t, ctx, c, "image", false))
	if !errors.Is(err, workflow.ErrNoAnswer) || *res.Status.ConnectionStatus != challenged {
		t.Fatalf("challenged without Answer: %v, %v", res, err)
	}
	// The Answer function's error stops the loop.
	boom := errors.New("user went away")
	agg := &workflow.Aggregator{Client: c, MinBackoff: time.Millisecond, Answer: func(context.Context, []atrium.Challenge) ([]atrium.CredentialRequest, error) { return nil, boom }}
	if _, _, err := agg.Create(ctx, user, body(t, ctx, c, "options", false)); !errors.Is(err, boom) {
		t.Fatalf("Answer error: %v", err)
	}
}

// TestCancel: cancelling the context stops a Wait that would poll forever,
// promptly and with the context's error.
func TestCancel(t *testing.T) {
	c := newClient(t, sandbox.Config{Seed: 5, StepDelay: time.Hour})
	ctx := ctxT(t)
	user := newUser(t, ctx, c, "cancel")
	agg := &workflow.Aggregator{Client: c, MinBackoff: 20 * time.Millisecond, MaxBackoff: time.Second}
	m, _, err := c.Members.CreateMember(ctx, user, body(t, ctx, c, "password", false))
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	var res *workflow.Result
	go func() {
		var err error
		res, err = agg.Wait(cctx, user, *m.Member.GUID)
		done <- err
	}()
	time.Sleep(150 * time.Millisecond)
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Wait returned %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Fatalf("Wait took %v to stop", d)
		}
		if res.Polls < 2 || res.Outcome != 0 {
			t.Fatalf("before cancel: %d polls, outcome %v", res.Polls, res.Outcome)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Wait did not stop after cancel")
	}
	// An already cancelled context stops Aggregate at once.
	if _, err := agg.Aggregate(cctx, user, *m.Member.GUID); !errors.Is(err, context.Canceled) {
		t.Fatalf("Aggregate with a cancelled context: %v", err)
	}
}

// TestConcurrentUsers: 50 users complete the MFA flow at once (run with
// -race); nothing is lost.
func TestConcurrentUsers(t *testing.T) {
	const n = 50
	c := newClient(t, sandbox.Config{Seed: 6})
	ctx := ctxT(t)
	bodies := map[string]atrium.MemberCreateRequestBody{}
	for _, sc := range []string{"challenge", "options", "image"} {
		bodies[sc] = body(t, ctx, c, sc, false)
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	members := make([][2]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u, _, err := c.Users.CreateUser(ctx, atrium.UserCreateRequestBody{User: atrium.User{Identifier: atrium.Ptr(fmt.Sprint("user-", i))}})
			if err != nil {
				errs <- err
				return
			}
			scenario, answers := []string{"challenge", "options", "image"}[i%3], []string{"correct"}
			if i%2 == 0 && scenario == "challenge" {
				answers = []string{"challenge", "correct"}
			}
			agg := &workflow.Aggregator{Client: c, Answer: workflow.Answers(answers...), MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond}
			m, res, err := agg.Create(ctx, *u.User.GUID, bodies[scenario])
			if err != nil {
				errs <- err
				return
			}
			if res.Outcome != workflow.Connected || res.Rounds != len(answers) {
				errs <- fmt.Errorf("user %d (%s): %v after %d rounds", i, scenario, res.Outcome, res.Rounds)
				return
			}
			members[i] = [2]string{*u.User.GUID, *m.GUID}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}
	users, _, err := c.Users.ListUsers(ctx, &atrium.ListUsersParams{RecordsPerPage: atrium.Ptr[int32](100)})
	if err != nil || *users.Pagination.TotalEntries != n {
		t.Fatalf("%v users listed (%v), want %d", users.Pagination.TotalEntries, err, n)
	}
	seen := map[string]bool{}
	for _, um := range members {
		st, _, err := c.Members.ReadMemberStatus(ctx, um[0], um[1])
		if err != nil || *st.Member.ConnectionStatus != connected || seen[um[1]] {
			t.Fatalf("member %s: %v %v", um[1], st, err)
		}
		seen[um[1]] = true
		txs, _, err := c.Transactions.ListUserTransactions(ctx, um[0], nil)
		if err != nil || len(txs.Transactions) == 0 || *txs.Transactions[0].UserGUID != um[0] {
			t.Fatalf("user %s transactions: %v", um[0], err)
		}
	}
}

func TestClassify(t *testing.T) {
	want := map[workflow.Class][]S{
		workflow.MayAggregate:           {"CREATED", "CONNECTED", "DEGRADED", "DISCONNECTED", "EXPIRED", "FAILED", "IMPEDED", "RECONNECTED", "UPDATED"},
		workflow.UpdateCredentialsFirst: {"PREVENTED", "DENIED", "IMPAIRED", "IMPORTED"},
		workflow.Transient:              {"CHALLENGED", "DELAYED", "REJECTED", "RESUMED"},
		workflow.NeverAggregate:         {"CLOSED", "DISABLED", "DISCONTINUED"},
		workflow.Stopped:                {"LOCKED", "HALTED"},
		workflow.AwaitingOAuth:          {"PENDING"},
		workflow.Unknown:                {"SOMETHING_NEW", ""},
	}
	for class, statuses := range want {
		for _, s := range statuses {
			if got := workflow.Classify(s); got != class {
				t.Errorf("Classify(%q) = %v, want %v", s, got, class)
			}
		}
	}
}

func TestChoose(t *testing.T) {
	c := atrium.Challenge{GUID: atrium.Ptr("CRD-1"), Options: []atrium.ChallengeOption{
		{Label: atrium.Ptr("Text me"), Value: atrium.Ptr("sms")}, {Label: atrium.Ptr("Email me"), Value: atrium.Ptr("email")},
	}}
	for typed, want := range map[string]string{"sms": "sms", "EMAIL ME": "email", "2": "email", " 1 ": "sms"} {
		if got, err := workflow.Choose(c, typed); err != nil || got != want {
			t.Errorf("Choose(%q) = %q, %v; want %q", typed, got, err, want)
		}
	}
	if _, err := workflow.Choose(c, "3"); err == nil {
		t.Error("Choose accepted option 3 of 2")
	}
	if got, _ := workflow.Choose(atrium.Challenge{}, " Provo "); got != "Provo" {
		t.Errorf("text challenge answer %q", got)
	}
	if _, err := workflow.Answers("a")(context.Background(), []atrium.Challenge{{}, {}}); err == nil {
		t.Error("Answers with one value answered two challenges")
	}
}
