// Package workflow runs the aggregation loop of MX's Getting Started guide
// on top of the generated Atrium SDK: check the member's connection status,
// start (or create) the aggregation, poll the status with backoff until an
// end state, hand each set of MFA challenges to the caller and resume, and
// report how it ended. OAuth members (created with is_oauth) start
// PENDING: the loop hands their oauth_window_uri to the caller's OAuth
// function, which sends the end user there, and polls until the OAuth step
// is done and the aggregation that follows ends.
//
//	agg := &workflow.Aggregator{Client: client, Answer: askTheUser}
//	res, err := agg.Aggregate(ctx, userGUID, memberGUID)
//	switch res.Outcome {
//	case workflow.Connected: // pull accounts and transactions
//	case workflow.NeedsCredentials: // UpdateMember with new credentials
//	}
package workflow

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// Class is what a connection status says about aggregating, as the guide
// groups them.
type Class int

// The classes of connection statuses.
const (
	// Unknown is a status the guide does not name (one MX adds).
	Unknown Class = iota
	// MayAggregate: aggregation can be attempted (CREATED, CONNECTED,
	// DEGRADED, DISCONNECTED, EXPIRED, FAILED, IMPEDED, RECONNECTED, UPDATED).
	MayAggregate
	// UpdateCredentialsFirst: the credentials must be updated before
	// aggregating (PREVENTED, DENIED, IMPAIRED, IMPORTED).
	UpdateCredentialsFirst
	// Transient: a state of an ongoing aggregation (CHALLENGED, DELAYED,
	// REJECTED, RESUMED).
	Transient
	// NeverAggregate: aggregation must not be attempted (CLOSED, DISABLED,
	// DISCONTINUED).
	NeverAggregate
	// Stopped: an end state the guide names outside the four lists (LOCKED,
	// and HALTED from the test institution); aggregating again may work
	// later.
	Stopped
	// AwaitingOAuth: PENDING, an OAuth member waiting for the end user to
	// complete the OAuth step at its oauth_window_uri (Create Member in the
	// reference); aggregation begins after it.
	AwaitingOAuth
)

func (c Class) String() string {
	switch c {
	case MayAggregate:
		return "may aggregate"
	case UpdateCredentialsFirst:
		return "update credentials first"
	case Transient:
		return "transient"
	case NeverAggregate:
		return "never aggregate"
	case Stopped:
		return "stopped"
	case AwaitingOAuth:
		return "awaiting OAuth"
	}
	return "unknown"
}

// Classify returns the class of a connection status.
func Classify(s atrium.ConnectionStatus) Class {
	switch s {
	case atrium.ConnectionStatusCreated, atrium.ConnectionStatusConnected, atrium.ConnectionStatusDegraded,
		atrium.ConnectionStatusDisconnected, atrium.ConnectionStatusExpired, atrium.ConnectionStatusFailed,
		atrium.ConnectionStatusImpeded, atrium.ConnectionStatusReconnected, atrium.ConnectionStatusUpdated:
		return MayAggregate
	case atrium.ConnectionStatusPrevented, atrium.ConnectionStatusDenied, atrium.ConnectionStatusImpaired,
		atrium.ConnectionStatusImported:
		return UpdateCredentialsFirst
	case atrium.ConnectionStatusChallenged, atrium.ConnectionStatusDelayed, atrium.ConnectionStatusRejected,
		atrium.ConnectionStatusResumed:
		return Transient
	case atrium.ConnectionStatusClosed, atrium.ConnectionStatusDisabled, atrium.ConnectionStatusDiscontinued:
		return NeverAggregate
	case atrium.ConnectionStatusLocked, atrium.ConnectionStatusHalted:
		return Stopped
	case atrium.ConnectionStatusPending:
		return AwaitingOAuth
	}
	return Unknown
}

// Outcome is how an aggregation ended.
type Outcome int

// The outcomes.
const (
	// Connected: CONNECTED and no longer aggregating; pull the data.
	Connected Outcome = iota + 1
	// NeedsCredentials: the credentials were refused (DENIED, PREVENTED,
	// IMPAIRED, IMPORTED); update the member with new ones.
	NeedsCredentials
	// Failed: the aggregation ended without connecting (HALTED, FAILED,
	// LOCKED, EXPIRED...); it may be tried again later.
	Failed
	// Unavailable: the member must not be aggregated (CLOSED, DISABLED,
	// DISCONTINUED).
	Unavailable
)

func (o Outcome) String() string {
	switch o {
	case Connected:
		return "connected"
	case NeedsCredentials:
		return "needs new credentials"
	case Failed:
		return "failed"
	case Unavailable:
		return "unavailable"
	}
	return "none"
}

func outcomeOf(s atrium.ConnectionStatus) Outcome {
	switch {
	case s == atrium.ConnectionStatusConnected:
		return Connected
	case Classify(s) == UpdateCredentialsFirst:
		return NeedsCredentials
	case Classify(s) == NeverAggregate:
		return Unavailable
	}
	return Failed
}

// AnswerFunc answers a set of MFA challenges: one CredentialRequest per
// challenge, with the challenge's GUID. Returning an error stops the loop
// with that error.
type AnswerFunc func(ctx context.Context, challenges []atrium.Challenge) ([]atrium.CredentialRequest, error)

// OAuthFunc sends the end user to an OAuth member's oauth_window_uri
// (member.OauthWindowURI): open a browser or a webview, or print it. It may
// return before the end user is done; the loop then polls until the member
// leaves PENDING. Returning an error stops the loop with that error.
type OAuthFunc func(ctx context.Context, member atrium.Member) error

// Event is one thing the loop saw, for progress reports.
type Event struct {
	// Kind is "status" (a new connection status or is_being_aggregated),
	// "challenged" (challenges handed to Answer), "resumed" (answers sent),
	// "oauth" (an oauth_window_uri handed to OAuth), "started" (an
	// aggregation was started) or "already running" (202 or an aggregation
	// found in progress).
	Kind   string
	Status atrium.MemberConnectionStatus
	// OAuthWindowURI is the URI handed to OAuth (Kind "oauth").
	OAuthWindowURI string
}

// Aggregator runs aggregations. Client is required; the zero value of the
// rest is usable (but a challenged member then fails with ErrNoAnswer).
type Aggregator struct {
	Client *atrium.Client
	// Answer answers MFA challenges.
	Answer AnswerFunc
	// OAuth sends the end user through the OAuth step of an OAuth member.
	OAuth OAuthFunc
	// OnEvent, when set, is told of each status transition and action.
	OnEvent func(Event)
	// MinBackoff and MaxBackoff bound the wait between two status polls
	// (defaults 500ms and 5s); the wait doubles while nothing changes and
	// drops back to MinBackoff after a change.
	MinBackoff, MaxBackoff time.Duration
	// MaxChallengeRounds bounds how many challenge sets one aggregation
	// answers (default 10).
	MaxChallengeRounds int
}

// Result is how an aggregation ended.
type Result struct {
	Outcome Outcome
	// Status is the final connection status read.
	Status atrium.MemberConnectionStatus
	// Transitions is every connection status seen, in order, without
	// repeats.
	Transitions []atrium.ConnectionStatus
	// Polls is how many times the status was read; Rounds how many challenge
	// sets were answered.
	Polls, Rounds int
	// Skipped is set when no aggregation was started because the member's
	// status said not to (update credentials first, never aggregate).
	Skipped bool
}

// ErrNoAnswer is returned when the member is challenged and the Aggregator
// has no Answer function.
var ErrNoAnswer = errors.New("workflow: member is CHALLENGED and no Answer function is set")

// ErrNoOAuth is returned when an OAuth member is PENDING and the Aggregator
// has no OAuth function.
var ErrNoOAuth = errors.New("workflow: member is an OAuth member awaiting the OAuth step (PENDING) and no OAuth function is set")

// Create creates a member (which starts its aggregation unless
// skip_aggregation is set) and follows the aggregation to its end. With
// skip_aggregation it then aggregates, as the guide's steps do. An OAuth
// member (is_oauth) is first sent through the OAuth step with OAuth.
func (a *Aggregator) Create(ctx context.Context, userGUID string, body atrium.MemberCreateRequestBody) (*atrium.Member, *Result, error) {
	resp, _, err := a.Client.Members.CreateMember(ctx, userGUID, body)
	if err != nil {
		return nil, nil, err
	}
	if resp.Member == nil || resp.Member.GUID == nil {
		return nil, nil, fmt.Errorf("workflow: CreateMember returned no member GUID")
	}
	m := resp.Member
	skip := body.Member.SkipAggregation != nil && *body.Member.SkipAggregation
	var res *Result
	switch {
	case m.ConnectionStatus != nil && *m.ConnectionStatus == atrium.ConnectionStatusPending:
		if err := a.oauth(ctx, *m); err != nil {
			return m, nil, err
		}
		res, err = a.Wait(ctx, userGUID, *m.GUID)
		if err == nil && skip && res.Outcome == Connected {
			var more *Result
			if more, err = a.Aggregate(ctx, userGUID, *m.GUID); more != nil {
				more.Polls += res.Polls
				more.Transitions = append(res.Transitions, more.Transitions...)
				res = more
			}
		}
	case skip:
		res, err = a.Aggregate(ctx, userGUID, *m.GUID)
	default:
		a.emit(Event{Kind: "started", Status: memberStatus(m)})
		res, err = a.Wait(ctx, userGUID, *m.GUID)
	}
	return m, res, err
}

// Aggregate follows the guide's standard aggregation: read the status;
// unless it says not to, start an aggregation (or join the one running);
// then Wait. A member whose status says to update credentials first, or
// never to aggregate, is reported with Skipped set and is not aggregated.
// If a job of another kind is running (409), Aggregate waits for it to end
// and starts the aggregation once more.
func (a *Aggregator) Aggregate(ctx context.Context, userGUID, memberGUID string) (*Result, error) {
	st, err := a.status(ctx, userGUID, memberGUID)
	if err != nil {
		return nil, err
	}
	cs := connStatus(st)
	switch Classify(cs) {
	case UpdateCredentialsFirst, NeverAggregate:
		return &Result{Outcome: outcomeOf(cs), Status: *st, Transitions: []atrium.ConnectionStatus{cs}, Polls: 1, Skipped: true}, nil
	case AwaitingOAuth:
		// The OAuth step was never completed: a fresh oauth_window_uri (the
		// last one may be used or expired), then the aggregation follows it.
		w, _, err := a.Client.Members.ReadOAuthWindowURI(ctx, userGUID, memberGUID, nil)
		if err != nil {
			return nil, err
		}
		if w.Member == nil {
			return nil, fmt.Errorf("workflow: ReadOAuthWindowURI of %s returned no member", memberGUID)
		}
		if err := a.oauth(ctx, *w.Member); err != nil {
			return nil, err
		}
		return a.Wait(ctx, userGUID, memberGUID)
	}
	for attempt := 0; ; attempt++ {
		resp, httpResp, err := a.Client.Members.AggregateMember(ctx, userGUID, memberGUID)
		var apiErr *atrium.APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusConflict && attempt == 0 {
			// Another aggregation-type job is running: let it end first.
			other, err := a.Wait(ctx, userGUID, memberGUID)
			if err != nil {
				return nil, err
			}
			st = &other.Status
			continue
		}
		if err != nil {
			return nil, err
		}
		kind := "started"
		if resp.Member != nil && httpResp.StatusCode == http.StatusAccepted && aggregating(st) {
			kind = "already running"
		}
		a.emit(Event{Kind: kind, Status: memberStatus(resp.Member)})
		return a.Wait(ctx, userGUID, memberGUID)
	}
}

// Wait polls the member's connection status until the aggregation ends
// (is_being_aggregated false and the status not transient), answering each
// new set of challenges through Answer and resuming. It returns early with
// ctx's error when ctx ends.
func (a *Aggregator) Wait(ctx context.Context, userGUID, memberGUID string) (*Result, error) {
	minB, maxB := a.MinBackoff, a.MaxBackoff
	if minB <= 0 {
		minB = 500 * time.Millisecond
	}
	if maxB < minB {
		maxB = max(5*time.Second, minB)
	}
	maxRounds := a.MaxChallengeRounds
	if maxRounds <= 0 {
		maxRounds = 10
	}
	res := &Result{}
	var last *atrium.MemberConnectionStatus
	var answered []string // GUIDs of the challenge set last answered
	backoff := minB
	timer := time.NewTimer(0)
	defer timer.Stop()
	<-timer.C
	for {
		st, err := a.status(ctx, userGUID, memberGUID)
		if err != nil {
			return res, err
		}
		res.Polls++
		res.Status = *st
		cs := connStatus(st)
		changed := last == nil || connStatus(last) != cs || aggregating(last) != aggregating(st)
		if changed {
			if len(res.Transitions) == 0 || res.Transitions[len(res.Transitions)-1] != cs {
				res.Transitions = append(res.Transitions, cs)
			}
			a.emit(Event{Kind: "status", Status: *st})
			backoff = minB
		}
		last = st
		if cs != atrium.ConnectionStatusChallenged {
			answered = nil
		}
		switch {
		case cs == atrium.ConnectionStatusChallenged && len(st.Challenges) > 0 && !slices.Equal(answered, guids(st.Challenges)):
			if a.Answer == nil {
				return res, ErrNoAnswer
			}
			if res.Rounds >= maxRounds {
				return res, fmt.Errorf("workflow: member %s still CHALLENGED after %d challenge rounds", memberGUID, res.Rounds)
			}
			a.emit(Event{Kind: "challenged", Status: *st})
			answers, err := a.Answer(ctx, st.Challenges)
			if err != nil {
				return res, err
			}
			body := atrium.MemberResumeRequestBody{Member: atrium.MemberResumeRequest{Challenges: answers}}
			resp, _, err := a.Client.Members.ResumeMember(ctx, userGUID, memberGUID, body)
			if err != nil {
				return res, err
			}
			res.Rounds++
			answered = guids(st.Challenges)
			a.emit(Event{Kind: "resumed", Status: memberStatus(resp.Member)})
			backoff = minB
			continue
		case !aggregating(st) && Classify(cs) != Transient && Classify(cs) != AwaitingOAuth:
			res.Outcome = outcomeOf(cs)
			return res, nil
		}
		timer.Reset(backoff)
		select {
		case <-ctx.Done():
			return res, ctx.Err()
		case <-timer.C:
		}
		backoff = min(backoff*2, maxB)
	}
}

func (a *Aggregator) status(ctx context.Context, userGUID, memberGUID string) (*atrium.MemberConnectionStatus, error) {
	resp, _, err := a.Client.Members.ReadMemberStatus(ctx, userGUID, memberGUID)
	if err != nil {
		return nil, err
	}
	if resp.Member == nil || resp.Member.ConnectionStatus == nil {
		return nil, fmt.Errorf("workflow: ReadMemberStatus of %s returned no connection_status", memberGUID)
	}
	return resp.Member, nil
}

// oauth hands an OAuth member's window URI to OAuth.
func (a *Aggregator) oauth(ctx context.Context, m atrium.Member) error {
	if a.OAuth == nil {
		return ErrNoOAuth
	}
	if m.OauthWindowURI == nil || *m.OauthWindowURI == "" {
		return fmt.Errorf("workflow: OAuth member %s has no oauth_window_uri", *m.GUID)
	}
	a.emit(Event{Kind: "oauth", Status: memberStatus(&m), OAuthWindowURI: *m.OauthWindowURI})
	return a.OAuth(ctx, m)
}

func (a *Aggregator) emit(e Event) {
	if a.OnEvent != nil {
		a.OnEvent(e)
	}
}

func connStatus(st *atrium.MemberConnectionStatus) atrium.ConnectionStatus {
	if st == nil || st.ConnectionStatus == nil {
		return ""
	}
	return *st.ConnectionStatus
}

func aggregating(st *atrium.MemberConnectionStatus) bool {
	return st.IsBeingAggregated != nil && *st.IsBeingAggregated
}

func guids(cs []atrium.Challenge) []string {
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		if c.GUID != nil {
			out = append(out, *c.GUID)
		}
	}
	slices.Sort(out)
	return out
}

// memberStatus is the status part of a member, for events.
func memberStatus(m *atrium.Member) atrium.MemberConnectionStatus {
	if m == nil {
		return atrium.MemberConnectionStatus{}
	}
	return atrium.MemberConnectionStatus{
		GUID: m.GUID, ConnectionStatus: m.ConnectionStatus, IsBeingAggregated: m.IsBeingAggregated, Status: m.Status,
		AggregatedAt: m.AggregatedAt, SuccessfullyAggregatedAt: m.SuccessfullyAggregatedAt,
	}
}
