package workflow_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/sandbox"
	"github.com/atriumgen/atriumgen/workflow"
)

func oauthBody(skip bool) atrium.MemberCreateRequestBody {
	return atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{
		InstitutionCode: sandbox.TestOAuthInstitution, IsOauth: atrium.Ptr(true), SkipAggregation: atrium.Ptr(skip),
	}}
}

// endUser authorizes every oauth_window_uri it is handed, like the end
// user's browser on the sandbox, and records them.
type endUser struct{ uris []string }

func (e *endUser) oauth(ctx context.Context, m atrium.Member) error {
	e.uris = append(e.uris, *m.OauthWindowURI)
	return sandbox.AuthorizeOAuth(ctx, nil, *m.OauthWindowURI, true)
}

// TestCreateOAuthMember: Create hands an OAuth member's oauth_window_uri to
// OAuth and follows PENDING through the aggregation to CONNECTED.
func TestCreateOAuthMember(t *testing.T) {
	ctx := ctxT(t)
	c := newClient(t, sandbox.Config{Seed: 1})
	user := newUser(t, ctx, c, "oauth")
	var eu endUser
	var kinds []string
	agg := &workflow.Aggregator{Client: c, OAuth: eu.oauth, MinBackoff: 1, OnEvent: func(e workflow.Event) { kinds = append(kinds, e.Kind) }}
	m, res, err := agg.Create(ctx, user, oauthBody(false))
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != workflow.Connected || len(eu.uris) != 1 || *m.ConnectionStatus != atrium.ConnectionStatusPending {
		t.Fatalf("outcome %v, %d URIs, created %s", res.Outcome, len(eu.uris), *m.ConnectionStatus)
	}
	if res.Transitions[len(res.Transitions)-1] != connected || !slices.Contains(kinds, "oauth") {
		t.Fatalf("transitions %v, events %v", res.Transitions, kinds)
	}
	accts, _, err := c.Members.ListMemberAccounts(ctx, user, *m.GUID, nil)
	if err != nil || len(accts.Accounts) == 0 {
		t.Fatalf("no accounts after the OAuth aggregation: %v", err)
	}
}

// TestCreateOAuthMemberSkipAggregation: with skip_aggregation, Create
// aggregates after the OAuth step, as it does for standard members.
func TestCreateOAuthMemberSkipAggregation(t *testing.T) {
	ctx := ctxT(t)
	c := newClient(t, sandbox.Config{Seed: 1})
	user := newUser(t, ctx, c, "oauth-skip")
	var eu endUser
	agg := &workflow.Aggregator{Client: c, OAuth: eu.oauth, MinBackoff: 1}
	m, res, err := agg.Create(ctx, user, oauthBody(true))
	if err != nil || res.Outcome != workflow.Connected {
		t.Fatalf("%v, %v", res, err)
	}
	if accts, _, err := c.Members.ListMemberAccounts(ctx, user, *m.GUID, nil); err != nil || len(accts.Accounts) == 0 {
		t.Fatalf("no accounts: the aggregation after OAuth did not run (%v)", err)
	}
}

// TestOAuthWithoutOAuthFunc: a PENDING member with no OAuth function is
// ErrNoOAuth, not a silent "failed"; Aggregate on a member left PENDING gets
// a fresh oauth_window_uri.
func TestOAuthWithoutOAuthFunc(t *testing.T) {
	ctx := ctxT(t)
	c := newClient(t, sandbox.Config{Seed: 1})
	user := newUser(t, ctx, c, "oauth-none")
	m, _, err := (&workflow.Aggregator{Client: c, MinBackoff: 1}).Create(ctx, user, oauthBody(false))
	if !errors.Is(err, workflow.ErrNoOAuth) {
		t.Fatalf("err %v, want ErrNoOAuth", err)
	}
	var eu endUser
	res, err := (&workflow.Aggregator{Client: c, OAuth: eu.oauth, MinBackoff: 1}).Aggregate(ctx, user, *m.GUID)
	if err != nil || res.Outcome != workflow.Connected {
		t.Fatalf("Aggregate of a PENDING member: %v, %v", res, err)
	}
	if len(eu.uris) != 1 || eu.uris[0] == *m.OauthWindowURI {
		t.Fatalf("Aggregate handed %v, want one new URI (not %s)", eu.uris, *m.OauthWindowURI)
	}
}
