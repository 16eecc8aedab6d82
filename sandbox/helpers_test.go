package sandbox_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/sandbox"
)

// clock is the fixed "now" of the tests.
var clock = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

func newSandbox(t *testing.T) (*sandbox.Server, *atrium.Client) {
	t.Helper()
	s := sandbox.New(sandbox.Config{Seed: 7, Now: func() time.Time { return clock }})
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, atrium.NewClient(sandbox.DefaultAPIKey, sandbox.DefaultClientID, atrium.WithBaseURL(ts.URL))
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// result holds an SDK call's results: call(c.X.Y(...)).ok(t).
type result[T any] struct {
	v    T
	resp *atrium.Response
	err  error
}

func call[T any](v T, resp *atrium.Response, err error) result[T] { return result[T]{v, resp, err} }

func (r result[T]) ok(t *testing.T) T {
	t.Helper()
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.v
}

func createUser(t *testing.T, c *atrium.Client, id string) string {
	t.Helper()
	u := call(c.Users.CreateUser(ctxT(t), atrium.UserCreateRequestBody{User: atrium.User{Identifier: atrium.Ptr(id)}})).ok(t)
	return *u.User.GUID
}

// memberBody is a create-member body for institution code with username
// and password answered.
func memberBody(t *testing.T, c *atrium.Client, code, username, password string, skip bool) atrium.MemberCreateRequestBody {
	t.Helper()
	creds := call(c.Institutions.ReadInstitutionCredentials(ctxT(t), code)).ok(t)
	var reqs []atrium.CredentialRequest
	for _, cr := range creds.Credentials {
		v := username
		if *cr.Type == "PASSWORD" {
			v = password
		}
		reqs = append(reqs, atrium.CredentialRequest{GUID: *cr.GUID, Value: v})
	}
	return atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{InstitutionCode: code, Credentials: reqs, SkipAggregation: atrium.Ptr(skip)}}
}

func createMember(t *testing.T, c *atrium.Client, userGUID, password string, skip bool) string {
	t.Helper()
	m := call(c.Members.CreateMember(ctxT(t), userGUID, memberBody(t, c, sandbox.TestInstitution, sandbox.TestUsername, password, skip))).ok(t)
	return *m.Member.GUID
}

// pollUntilDone reads the status until the member is no longer aggregating
// (answering nothing); it fails after 100 reads.
func pollUntilDone(t *testing.T, c *atrium.Client, userGUID, memberGUID string) atrium.MemberConnectionStatus {
	t.Helper()
	for i := 0; i < 100; i++ {
		st := call(c.Members.ReadMemberStatus(ctxT(t), userGUID, memberGUID)).ok(t)
		if !*st.Member.IsBeingAggregated {
			return *st.Member
		}
	}
	t.Fatal("member still aggregating after 100 reads")
	return atrium.MemberConnectionStatus{}
}
