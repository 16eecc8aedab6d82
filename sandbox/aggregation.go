package sandbox

import (
	"slices"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// JobKind is the kind of an aggregation-type job. At most one runs on a
// member at a time.
type JobKind string

// The aggregation-type jobs.
const (
	JobAggregate       JobKind = "aggregate"
	JobBalance         JobKind = "balance"
	JobExtendHistory   JobKind = "extend_history"
	JobIdentify        JobKind = "identify"
	JobVerify          JobKind = "verify"
	JobFetchStatements JobKind = "fetch_statements"
)

// Scenario is what the test institution does with a password (username
// TestUsername). Other institutions connect with any non-empty username and
// password.
type Scenario string

// The scenarios of the test institution, named by the password that picks
// them.
const (
	ScenarioPassword     Scenario = "password"     // CONNECTED, no MFA
	ScenarioChallenge    Scenario = "challenge"    // text MFA; "challenge" asks again, "correct" proceeds
	ScenarioOptions      Scenario = "options"      // option-list MFA; the option valued "correct" proceeds
	ScenarioImage        Scenario = "image"        // image MFA; "correct" proceeds
	ScenarioBadRequest   Scenario = "BAD_REQUEST"  // HALTED
	ScenarioUnauthorized Scenario = "UNAUTHORIZED" // DENIED (invalid credentials)
)

// CorrectAnswer is the answer to every test-institution challenge that lets
// the aggregation proceed; any other answer (but "challenge" to the first
// text challenge, which asks a second question) ends in DENIED.
const CorrectAnswer = "correct"

type stage int

const (
	stageStarted       stage = iota // credentials being checked
	stageChallenged                 // waiting for Resume
	stageResumed                    // answers being checked
	stageAuthenticated              // CONNECTED, accounts processed, transactions next
)

type job struct {
	kind       JobKind
	stage      stage
	since      time.Time // when the current stage began
	scenario   Scenario
	round      int // challenge round, from 1
	challenges []atrium.Challenge
	answers    map[string]string
}

type member struct {
	s     *Store
	inst  institution
	creds map[string]string // credential GUID → value
	m     atrium.Member
	oauth bool // an OAuth member: no credentials, PENDING until the OAuth step
	// oauthDone: the end user completed the OAuth step (authorized or denied).
	oauthDone bool

	job                      *job
	seen                     bool // the current state was returned by a read
	isAuthenticated          bool
	hasProcessedAccounts     bool
	hasProcessedTransactions bool

	data memberData
}

// scenario is what aggregating with the member's credentials does.
func (m *member) scenario() Scenario {
	if m.oauth {
		return ScenarioPassword // the institution authorized MX at the OAuth step
	}
	user, pass := m.inst.value(m.creds, "LOGIN"), m.inst.value(m.creds, "PASSWORD")
	if !m.inst.test {
		if user == "" || pass == "" {
			return ScenarioUnauthorized
		}
		return ScenarioPassword
	}
	if user != TestUsername {
		return ScenarioUnauthorized
	}
	switch sc := Scenario(pass); sc {
	case ScenarioPassword, ScenarioChallenge, ScenarioOptions, ScenarioImage, ScenarioBadRequest, ScenarioUnauthorized:
		return sc
	}
	return ScenarioUnauthorized
}

// start begins a job (callers checked that none runs).
func (m *member) start(kind JobKind, now time.Time) {
	m.job = &job{kind: kind, stage: stageStarted, since: m.s.cfg.Now(), scenario: m.scenario()}
	m.m.AggregatedAt = &now
	m.m.IsBeingAggregated = atrium.Ptr(true)
	m.m.Status = atrium.Ptr(atrium.MemberStatusRequested)
	m.seen = false
	m.isAuthenticated, m.hasProcessedAccounts, m.hasProcessedTransactions = false, false, false
}

// advance moves m's job on by the steps whose time has come: with a step
// delay, one per elapsed delay; without, one per read once a read has
// returned the current state, so a poller sees every state once.
func (s *Store) advance(m *member) {
	d := s.cfg.StepDelay
	if d <= 0 {
		if m.seen && m.job != nil && m.job.stage != stageChallenged {
			m.step(s.cfg.Now())
		}
		m.seen = true
		return
	}
	now := s.cfg.Now()
	for m.job != nil && m.job.stage != stageChallenged && now.Sub(m.job.since) >= d {
		m.step(m.job.since.Add(d))
	}
}

// step takes one step of the job at time at.
func (m *member) step(at time.Time) {
	j := m.job
	j.since = at
	at = at.UTC().Truncate(time.Second) // timestamps in whole seconds
	m.seen = false
	switch j.stage {
	case stageStarted:
		switch j.scenario {
		case ScenarioPassword:
			m.authenticated(at)
		case ScenarioChallenge, ScenarioOptions, ScenarioImage:
			m.challenge(1)
		case ScenarioBadRequest:
			m.finish(atrium.ConnectionStatusHalted, atrium.MemberStatusHalted)
		default:
			m.finish(atrium.ConnectionStatusDenied, atrium.MemberStatusDenied)
		}
	case stageResumed:
		switch {
		case j.scenario == ScenarioChallenge && j.round == 1 && j.answers[*j.challenges[0].GUID] == "challenge":
			m.challenge(2)
		case allCorrect(j.answers):
			m.authenticated(at)
		default:
			m.finish(atrium.ConnectionStatusDenied, atrium.MemberStatusDenied)
		}
	case stageAuthenticated:
		m.hasProcessedTransactions = true
		m.completeJob(at)
		m.m.SuccessfullyAggregatedAt = atrium.Ptr(at)
		m.finish(atrium.ConnectionStatusConnected, atrium.MemberStatusCompleted)
	}
}

func allCorrect(answers map[string]string) bool {
	for _, v := range answers {
		if v != CorrectAnswer {
			return false
		}
	}
	return len(answers) > 0
}

func (m *member) authenticated(at time.Time) {
	m.job.stage = stageAuthenticated
	m.job.challenges = nil
	m.isAuthenticated = true
	m.hasProcessedAccounts = true
	m.m.ConnectionStatus = atrium.Ptr(atrium.ConnectionStatusConnected)
	m.m.Status = atrium.Ptr(atrium.MemberStatusReceived)
	m.ensureAccounts(at)
}

func (m *member) challenge(round int) {
	j := m.job
	j.stage = stageChallenged
	j.round = round
	j.answers = nil
	g := m.s.next("CRD", *m.m.GUID, "challenge")
	c := atrium.Challenge{GUID: &g}
	switch j.scenario {
	case ScenarioChallenge:
		c.Type = atrium.Ptr("TEXT")
		if round == 1 {
			c.Label = atrium.Ptr("What city were you born in?")
		} else {
			c.Label = atrium.Ptr("Enter the code we just sent to your phone.")
		}
	case ScenarioOptions:
		c.Type = atrium.Ptr("OPTIONS")
		c.Label = atrium.Ptr("Where should we send an authentication token?")
		c.Options = []atrium.ChallengeOption{
			{Label: atrium.Ptr("Text message to (***) ***-1234"), Value: atrium.Ptr("wrong-sms")},
			{Label: atrium.Ptr("Email to t***@example.com"), Value: atrium.Ptr(CorrectAnswer)},
			{Label: atrium.Ptr("Phone call to (***) ***-5678"), Value: atrium.Ptr("wrong-call")},
		}
	case ScenarioImage:
		c.Type = atrium.Ptr("IMAGE")
		c.Label = atrium.Ptr("Type the word shown in the image.")
		c.ImageData = atrium.Ptr(challengeImage)
	}
	j.challenges = []atrium.Challenge{c}
	m.m.ConnectionStatus = atrium.Ptr(atrium.ConnectionStatusChallenged)
	m.m.Status = atrium.Ptr(atrium.MemberStatusChallenged)
}

// resume records answers to the current challenges.
func (m *member) resume(answers []atrium.CredentialRequest) error {
	j := m.job
	got := map[string]string{}
	for i, a := range answers {
		if !slices.ContainsFunc(j.challenges, func(c atrium.Challenge) bool { return *c.GUID == a.GUID }) {
			return errorf(400, "member.challenges[%d].guid: %q is not a current challenge of member %q", i, a.GUID, *m.m.GUID)
		}
		got[a.GUID] = a.Value
	}
	for _, c := range j.challenges {
		if _, ok := got[*c.GUID]; !ok {
			return errorf(400, "member.challenges: no answer for challenge %q (%s)", *c.GUID, ptrOr(c.Label, ""))
		}
	}
	j.answers = got
	j.stage = stageResumed
	j.since = m.s.cfg.Now()
	m.seen = false
	m.m.ConnectionStatus = atrium.Ptr(atrium.ConnectionStatusResumed)
	m.m.Status = atrium.Ptr(atrium.MemberStatusRequested)
	return nil
}

// finish ends the job in an end state.
func (m *member) finish(cs atrium.ConnectionStatus, st atrium.MemberStatus) {
	m.job = nil
	m.m.ConnectionStatus = atrium.Ptr(cs)
	m.m.Status = atrium.Ptr(st)
	m.m.IsBeingAggregated = atrium.Ptr(false)
}

// view is the member as the API returns it.
func (m *member) view() atrium.Member {
	v := m.m
	v.ConnectionStatus = atrium.Ptr(*m.m.ConnectionStatus)
	v.Status = atrium.Ptr(*m.m.Status)
	v.IsBeingAggregated = atrium.Ptr(m.job != nil)
	return v
}

func (m *member) statusView() atrium.MemberConnectionStatus {
	v := m.view()
	st := atrium.MemberConnectionStatus{
		GUID:                     v.GUID,
		AggregatedAt:             v.AggregatedAt,
		SuccessfullyAggregatedAt: v.SuccessfullyAggregatedAt,
		ConnectionStatus:         v.ConnectionStatus,
		Status:                   v.Status,
		IsBeingAggregated:        v.IsBeingAggregated,
		IsAuthenticated:          atrium.Ptr(m.isAuthenticated),
		HasProcessedAccounts:     atrium.Ptr(m.hasProcessedAccounts),
		HasProcessedTransactions: atrium.Ptr(m.hasProcessedTransactions),
	}
	if m.job != nil && m.job.stage == stageChallenged {
		st.Challenges = slices.Clone(m.job.challenges)
	}
	return st
}

// challengeImage is a 1x1 PNG, as a data URI.
const challengeImage = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
