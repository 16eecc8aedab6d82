// Package sandbox is a local, in-memory stand-in for MX's Atrium development
// environment (vestibule): users, members, the test institution's
// aggregation scenarios with MFA, and deterministic synthetic accounts,
// transactions, holdings, statements and merchants.
//
// The domain lives in Store, whose methods take and return the generated
// SDK's model types (package generated/atrium). Server adapts a Store to the
// generated server interface (package generated/atriumserver) and adds the
// MX-API-Key / MX-Client-ID check; Start serves it on 127.0.0.1.
//
// Aggregation is a state machine per member (see aggregation.go) that moves
// one step at a time: with Config.StepDelay > 0 a step is taken every
// StepDelay of wall-clock time; with StepDelay == 0 (tests) one step is taken
// each time the member is read, so a poller sees every state in order.
// Nothing runs in the background: there are no goroutines to leak.
//
// OAuth members (TestOAuthInstitution) follow MX's reference: created with
// is_oauth and no credentials they are PENDING with a single-use
// oauth_window_uri; Server serves that page (OAuthPath) to the end user's
// browser, and authorizing there starts the aggregation. Connect widget URLs
// (ConnectPath) carry random, single-use tokens that expire after
// TokenLifetime. The reference pages each behaviour follows are named by
// the tests in reference_test.go.
package sandbox

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/generated/atriumserver"
)

// Config configures a Store (and a Server).
type Config struct {
	// APIKey and ClientID are the credentials requests must carry in the
	// MX-API-Key and MX-Client-ID headers. Empty values are replaced by
	// DefaultAPIKey and DefaultClientID.
	APIKey   string
	ClientID string
	// Seed makes every generated GUID and every synthetic record
	// deterministic: the same seed and the same calls give the same data.
	// URL tokens (oauth_window_uri, connect_widget_url) are the exception:
	// they are random (crypto/rand) so that no one can guess them.
	Seed uint64
	// StepDelay is how long each aggregation step takes. Zero means one step
	// per read of the member (for tests).
	StepDelay time.Duration
	// Now is the clock (time.Now when nil). Transaction dates are relative
	// to it.
	Now func() time.Time
	// DisabledFeatures are the premium features (JobIdentify, JobVerify,
	// JobFetchStatements, JobExtendHistory) MX has not enabled for this
	// client: starting one answers 403, as the premium-feature pages of the
	// reference say. All are enabled by default.
	DisabledFeatures []JobKind
}

// Default credentials of a sandbox whose Config leaves them empty.
const (
	DefaultAPIKey   = "sandbox-api-key"
	DefaultClientID = "sandbox-client-id"
)

// MaxMembersPerUser is how many members a user may hold; creating one more
// answers 405.
const MaxMembersPerUser = 25

// Error is a failure with the HTTP status the API answers with: the
// generated server's error type, so the handler answers it as is.
type Error = atriumserver.Error

func errorf(status int, format string, args ...any) *Error {
	return atriumserver.Errorf(status, format, args...)
}

// Store is the sandbox's state. It is safe for concurrent use: one mutex
// guards everything, which keeps every operation atomic.
type Store struct {
	cfg Config

	mu        sync.Mutex
	users     map[string]*user
	userOrder []string
	counters  map[string]uint64
	inst      []institution
	merchants []merchant
	tokens    map[string]*token // single-use URL tokens (OAuth windows, Connect widgets)
}

type user struct {
	u       atrium.User
	members map[string]*member
	order   []string
}

// NewStore returns an empty store (apart from institutions and merchants).
func NewStore(cfg Config) *Store {
	if cfg.APIKey == "" {
		cfg.APIKey = DefaultAPIKey
	}
	if cfg.ClientID == "" {
		cfg.ClientID = DefaultClientID
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Store{cfg: cfg, users: map[string]*user{}, counters: map[string]uint64{}, tokens: map[string]*token{}}
	s.inst = institutions(s)
	s.merchants = merchants(s)
	return s
}

// Config returns the store's configuration, defaults filled in.
func (s *Store) Config() Config { return s.cfg }

func (s *Store) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Second) }

// guid returns a deterministic GUID: prefix, then a UUID-shaped hash of the
// seed, the prefix and parts (so GUIDs of different kinds never share a hash).
func (s *Store) guid(prefix string, parts ...string) string {
	h := sha256.New()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], s.cfg.Seed)
	h.Write(b[:])
	h.Write([]byte(prefix))
	h.Write([]byte{0})
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	sum := h.Sum(nil)
	return fmt.Sprintf("%s-%x-%x-%x-%x-%x", prefix, sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// next returns the next GUID of a kind (callers hold s.mu).
func (s *Store) next(prefix string, parts ...string) string {
	key := prefix + "\x00" + strings.Join(parts, "\x00")
	s.counters[key]++
	return s.guid(prefix, append(parts, fmt.Sprint(s.counters[key]))...)
}

// Page selects a page of a list: 1-based Page (default 1) and PerPage
// (default 25, at most 1000).
type Page struct {
	Page    *int32
	PerPage *int32
}

// Defaults of Page.
const (
	DefaultPerPage = 25
	MaxPerPage     = 1000
)

func paginate[T any](items []T, p Page) ([]T, atrium.Pagination, error) {
	page, per := int32(1), int32(DefaultPerPage)
	if p.Page != nil {
		if *p.Page < 1 {
			return nil, atrium.Pagination{}, errorf(400, "page: must be at least 1, got %d", *p.Page)
		}
		page = *p.Page
	}
	if p.PerPage != nil {
		if *p.PerPage < 1 {
			return nil, atrium.Pagination{}, errorf(400, "records_per_page: must be at least 1, got %d", *p.PerPage)
		}
		per = min(*p.PerPage, MaxPerPage)
	}
	total := int32(len(items))
	pages := (total + per - 1) / per
	start := int64(page-1) * int64(per)
	out := []T{}
	if start < int64(total) {
		end := min(start+int64(per), int64(total))
		out = slices.Clone(items[start:end])
	}
	return out, atrium.Pagination{CurrentPage: &page, PerPage: &per, TotalEntries: &total, TotalPages: &pages}, nil
}

// ---- users ----

func (s *Store) user(guid string) (*user, error) {
	u, ok := s.users[guid]
	if !ok {
		return nil, errorf(404, "user %q not found", guid)
	}
	return u, nil
}

// CreateUser creates a user from the identifier, metadata and is_disabled of
// in; the GUID is assigned.
func (s *Store) CreateUser(in atrium.User) (atrium.User, error) {
	if err := nonEmptyUser(in); err != nil {
		return atrium.User{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if in.Identifier != nil {
		for _, g := range s.userOrder {
			if id := s.users[g].u.Identifier; id != nil && *id == *in.Identifier {
				return atrium.User{}, errorf(400, "user.identifier: a user with identifier %q already exists", *in.Identifier)
			}
		}
	}
	g := s.next("USR")
	u := atrium.User{GUID: &g, Identifier: in.Identifier, Metadata: in.Metadata, IsDisabled: atrium.Ptr(false)}
	if in.IsDisabled != nil {
		u.IsDisabled = atrium.Ptr(*in.IsDisabled)
	}
	s.users[g] = &user{u: u, members: map[string]*member{}}
	s.userOrder = append(s.userOrder, g)
	return u, nil
}

// nonEmptyUser: "None of these parameters are required, but the user object
// cannot be empty" (Create User and Update User in the reference); the
// server-assigned guid does not count.
func nonEmptyUser(in atrium.User) error {
	if in.Identifier == nil && in.Metadata == nil && in.IsDisabled == nil {
		return errorf(400, "user: the user object cannot be empty (give identifier, metadata or is_disabled)")
	}
	return nil
}

// ListUsers lists users in creation order.
func (s *Store) ListUsers(p Page) ([]atrium.User, atrium.Pagination, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := make([]atrium.User, 0, len(s.userOrder))
	for _, g := range s.userOrder {
		all = append(all, s.users[g].u)
	}
	return paginate(all, p)
}

// ReadUser reads one user.
func (s *Store) ReadUser(guid string) (atrium.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.user(guid)
	if err != nil {
		return atrium.User{}, err
	}
	return u.u, nil
}

// UpdateUser changes the identifier, metadata or is_disabled of a user; nil
// fields are left alone.
func (s *Store) UpdateUser(guid string, in atrium.User) (atrium.User, error) {
	if err := nonEmptyUser(in); err != nil {
		return atrium.User{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.user(guid)
	if err != nil {
		return atrium.User{}, err
	}
	if in.Identifier != nil {
		u.u.Identifier = atrium.Ptr(*in.Identifier)
	}
	if in.Metadata != nil {
		u.u.Metadata = atrium.Ptr(*in.Metadata)
	}
	if in.IsDisabled != nil {
		u.u.IsDisabled = atrium.Ptr(*in.IsDisabled)
	}
	return u.u, nil
}

// DeleteUser deletes a user and everything it holds.
func (s *Store) DeleteUser(guid string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.user(guid); err != nil {
		return err
	}
	delete(s.users, guid)
	s.userOrder = slices.DeleteFunc(s.userOrder, func(g string) bool { return g == guid })
	return nil
}

// enabled fails with 403 for a disabled user: no aggregation-type job
// runs for one until it is enabled again.
func (u *user) enabled() error {
	if u.u.IsDisabled != nil && *u.u.IsDisabled {
		return errorf(403, "user %q is disabled; enable it (UpdateUser is_disabled=false) before aggregating", *u.u.GUID)
	}
	return nil
}

// ---- members ----

// member looks a member up for a read and advances its aggregation
// (callers hold s.mu).
func (s *Store) member(userGUID, memberGUID string) (*user, *member, error) {
	return s.lookup(userGUID, memberGUID, true)
}

// memberForWrite looks a member up for a change. Without a step delay a
// write is not a read: it does not move the aggregation on.
func (s *Store) memberForWrite(userGUID, memberGUID string) (*user, *member, error) {
	return s.lookup(userGUID, memberGUID, s.cfg.StepDelay > 0)
}

func (s *Store) lookup(userGUID, memberGUID string, advance bool) (*user, *member, error) {
	u, err := s.user(userGUID)
	if err != nil {
		return nil, nil, err
	}
	m, ok := u.members[memberGUID]
	if !ok {
		return nil, nil, errorf(404, "member %q not found for user %q", memberGUID, userGUID)
	}
	if advance {
		s.advance(m)
	}
	return u, m, nil
}

// members returns the members of a user in creation order, each advanced
// (callers hold s.mu).
func (s *Store) members(u *user) []*member {
	out := make([]*member, 0, len(u.order))
	for _, g := range u.order {
		m := u.members[g]
		s.advance(m)
		out = append(out, m)
	}
	return out
}

// CreateMember connects a user to an institution. A standard member needs
// every credential of the institution and, unless skip_aggregation is set,
// starts aggregating at once; a second one with the same institution and
// credentials on the user is a 409. An OAuth member (is_oauth, on an
// institution that supports OAuth) takes no credentials: it starts PENDING
// with a single-use oauth_window_uri under baseURL, and aggregates once the
// end user completes the OAuth step there (see CompleteOAuth).
func (s *Store) CreateMember(userGUID string, in atrium.MemberCreateRequest) (atrium.Member, error) {
	return s.CreateMemberAt("", userGUID, in)
}

// CreateMemberAt is CreateMember with the base URL of the sandbox as the
// end user's browser reaches it (the OAuth window is served there).
func (s *Store) CreateMemberAt(baseURL, userGUID string, in atrium.MemberCreateRequest) (atrium.Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.user(userGUID)
	if err != nil {
		return atrium.Member{}, err
	}
	if len(u.members) >= MaxMembersPerUser {
		return atrium.Member{}, errorf(405, "user %q already holds %d members, the most allowed", userGUID, MaxMembersPerUser)
	}
	skip := in.SkipAggregation != nil && *in.SkipAggregation
	isOAuth := in.IsOauth != nil && *in.IsOauth
	if !skip && !isOAuth {
		if err := u.enabled(); err != nil {
			return atrium.Member{}, err
		}
	}
	inst, ok := s.institution(in.InstitutionCode)
	if !ok {
		return atrium.Member{}, errorf(400, "member.institution_code: no institution with code %q", in.InstitutionCode)
	}
	var creds map[string]string
	if isOAuth {
		if !inst.oauth {
			return atrium.Member{}, errorf(400, "member.is_oauth: institution %q does not support OAuth", inst.code)
		}
		if len(in.Credentials) > 0 {
			return atrium.Member{}, errorf(400, "member.credentials: OAuth members take no credentials")
		}
		creds = map[string]string{}
	} else {
		if len(in.Credentials) == 0 {
			return atrium.Member{}, errorf(400, "member.credentials: required for a member that is not is_oauth (see ReadInstitutionCredentials)")
		}
		var err error
		if creds, err = inst.checkCredentials("member.credentials", in.Credentials, true); err != nil {
			return atrium.Member{}, err
		}
		for _, og := range u.order {
			if o := u.members[og]; !o.oauth && o.inst.code == inst.code && maps.Equal(o.creds, creds) {
				return atrium.Member{}, errorf(409, "member %q already connects user %q to institution %q with these credentials", og, userGUID, inst.code)
			}
		}
	}
	g := s.next("MBR", userGUID)
	now := s.now()
	m := &member{
		s:     s,
		inst:  inst,
		creds: creds,
		oauth: isOAuth,
		m: atrium.Member{
			GUID:             &g,
			UserGUID:         atrium.Ptr(userGUID),
			InstitutionCode:  atrium.Ptr(inst.code),
			Name:             atrium.Ptr(inst.name),
			Identifier:       in.Identifier,
			Metadata:         in.Metadata,
			IsOauth:          atrium.Ptr(isOAuth),
			ConnectionStatus: atrium.Ptr(atrium.ConnectionStatusCreated),
			Status:           atrium.Ptr(atrium.MemberStatusInitiated),
		},
	}
	m.m.IsBeingAggregated = atrium.Ptr(false)
	u.members[g] = m
	u.order = append(u.order, g)
	v := m.view()
	switch {
	case isOAuth:
		m.m.ConnectionStatus = atrium.Ptr(atrium.ConnectionStatusPending)
		v = m.view()
		v.OauthWindowURI = atrium.Ptr(s.oauthWindow(baseURL, userGUID, g, oauthOptions{
			skipAggregation: skip, referralSource: string(ptrOr(in.ReferralSource, "")),
			clientRedirectURL: ptrOr(in.ClientRedirectURL, ""), scheme: ptrOr(in.UIMessageWebviewURLScheme, ""),
		}))
	case !skip:
		m.start(JobAggregate, now)
		v = m.view()
	}
	return v, nil
}

// ListMembers lists a user's members in creation order.
func (s *Store) ListMembers(userGUID string, p Page) ([]atrium.Member, atrium.Pagination, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, err := s.user(userGUID)
	if err != nil {
		return nil, atrium.Pagination{}, err
	}
	var all []atrium.Member
	for _, m := range s.members(u) {
		all = append(all, m.view())
	}
	return paginate(all, p)
}

// ReadMember reads a member.
func (s *Store) ReadMember(userGUID, memberGUID string) (atrium.Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.member(userGUID, memberGUID)
	if err != nil {
		return atrium.Member{}, err
	}
	return m.view(), nil
}

// UpdateMember changes a member's identifier, metadata or credentials. New
// credentials put the member in UPDATED and start an aggregation with them.
func (s *Store) UpdateMember(userGUID, memberGUID string, in atrium.MemberUpdateRequest) (atrium.Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.memberForWrite(userGUID, memberGUID)
	if err != nil {
		return atrium.Member{}, err
	}
	var creds map[string]string
	if len(in.Credentials) > 0 {
		if m.job != nil {
			return atrium.Member{}, errorf(409, "member %q is being aggregated (%s); its credentials cannot change now", memberGUID, m.job.kind)
		}
		if creds, err = m.inst.checkCredentials("member.credentials", in.Credentials, false); err != nil {
			return atrium.Member{}, err
		}
	}
	if in.Identifier != nil {
		m.m.Identifier = atrium.Ptr(*in.Identifier)
	}
	if in.Metadata != nil {
		m.m.Metadata = atrium.Ptr(*in.Metadata)
	}
	if creds != nil {
		for k, v := range creds {
			m.creds[k] = v
		}
		m.m.ConnectionStatus = atrium.Ptr(atrium.ConnectionStatusUpdated)
		m.start(JobAggregate, s.now())
	}
	return m.view(), nil
}

// DeleteMember deletes a member and its data.
func (s *Store) DeleteMember(userGUID, memberGUID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, _, err := s.memberForWrite(userGUID, memberGUID)
	if err != nil {
		return err
	}
	delete(u.members, memberGUID)
	u.order = slices.DeleteFunc(u.order, func(g string) bool { return g == memberGUID })
	return nil
}

// MemberStatus is the connection status of a member, with its challenges
// when CHALLENGED.
func (s *Store) MemberStatus(userGUID, memberGUID string) (atrium.MemberConnectionStatus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.member(userGUID, memberGUID)
	if err != nil {
		return atrium.MemberConnectionStatus{}, err
	}
	return m.statusView(), nil
}

// Challenges returns a member's MFA challenges; challenged is false (and
// the API answers 204) when the member is not CHALLENGED.
func (s *Store) Challenges(userGUID, memberGUID string) (challenges []atrium.Challenge, challenged bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.member(userGUID, memberGUID)
	if err != nil {
		return nil, false, err
	}
	if m.job == nil || m.job.stage != stageChallenged {
		return nil, false, nil
	}
	return slices.Clone(m.job.challenges), true, nil
}

// MemberCredentials lists the credentials a member holds (without values).
func (s *Store) MemberCredentials(userGUID, memberGUID string) ([]atrium.CredentialResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.member(userGUID, memberGUID)
	if err != nil {
		return nil, err
	}
	return m.inst.credentialResponses(), nil
}

// StartJob starts an aggregation-type job. running reports that a job of
// the same kind was already running (the API answers 202); a job of another
// kind gives a 409 Error.
func (s *Store) StartJob(userGUID, memberGUID string, kind JobKind) (m atrium.Member, running bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, mb, err := s.memberForWrite(userGUID, memberGUID)
	if err != nil {
		return atrium.Member{}, false, err
	}
	if err := u.enabled(); err != nil {
		return atrium.Member{}, false, err
	}
	if mb.oauthPending() {
		return atrium.Member{}, false, errorf(400, "member %q is an OAuth member that has not completed OAuth (connection_status %s): send the end user to its oauth_window_uri first", memberGUID, *mb.m.ConnectionStatus)
	}
	if mb.job != nil {
		if mb.job.kind == kind {
			return mb.view(), true, nil
		}
		return atrium.Member{}, false, errorf(409, "member %q is running a %s job; %s must wait until it ends", memberGUID, mb.job.kind, kind)
	}
	switch {
	case kind == JobIdentify && !mb.inst.identification,
		kind == JobVerify && !mb.inst.verification,
		kind == JobFetchStatements && !mb.inst.statements,
		kind == JobExtendHistory && !mb.inst.history:
		return atrium.Member{}, false, errorf(400, "institution %q does not support %s", mb.inst.code, kind)
	}
	if kind != JobAggregate && kind != JobBalance && slices.Contains(s.cfg.DisabledFeatures, kind) {
		return atrium.Member{}, false, errorf(403, "%s is not enabled for this client; contact MX to enable it", kind)
	}
	mb.start(kind, s.now())
	return mb.view(), false, nil
}

// Resume answers the MFA challenges of a CHALLENGED member; the aggregation
// goes on in RESUMED. Every challenge must be answered, by its GUID.
func (s *Store) Resume(userGUID, memberGUID string, answers []atrium.CredentialRequest) (atrium.Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.memberForWrite(userGUID, memberGUID)
	if err != nil {
		return atrium.Member{}, err
	}
	if m.job == nil || m.job.stage != stageChallenged {
		return atrium.Member{}, errorf(422, "member %q is not CHALLENGED (connection_status %s)", memberGUID, *m.m.ConnectionStatus)
	}
	if err := m.resume(answers); err != nil {
		return atrium.Member{}, err
	}
	return m.view(), nil
}

// OAuthWindowURI generates a new single-use oauth_window_uri (under
// baseURL) for an OAuth member; any earlier one stops working. A member
// whose institution does not support OAuth gets 400 "Member cannot use
// OAuth", as the reference says.
func (s *Store) OAuthWindowURI(baseURL, userGUID, memberGUID string, opt OAuthOptions) (atrium.Member, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.member(userGUID, memberGUID)
	if err != nil {
		return atrium.Member{}, err
	}
	if !m.inst.oauth {
		return atrium.Member{}, errorf(400, "Member cannot use OAuth")
	}
	v := m.view()
	v.OauthWindowURI = atrium.Ptr(s.oauthWindow(baseURL, userGUID, memberGUID, oauthOptions{
		skipAggregation: opt.SkipAggregation, referralSource: opt.ReferralSource,
		clientRedirectURL: opt.ClientRedirectURL, scheme: opt.UIMessageWebviewURLScheme,
	}))
	return v, nil
}

// OAuthOptions are the query parameters of Generate OAuth Window URI.
type OAuthOptions struct {
	SkipAggregation           bool
	ReferralSource            string // BROWSER (default) or APP
	ClientRedirectURL         string // with APP: where the OAuth page redirects at the end
	UIMessageWebviewURLScheme string
}

// ConnectWidget returns a Connect widget URL under baseURL whose token is
// random and expires after TokenLifetime or its first use, as the reference
// says of the Connect widget URL.
func (s *Store) ConnectWidget(baseURL, userGUID string, in atrium.ConnectWidgetRequestBody) (atrium.ConnectWidget, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.user(userGUID); err != nil {
		return atrium.ConnectWidget{}, err
	}
	tok := s.issue(&token{kind: tokenConnect, userGUID: userGUID})
	q := url.Values{}
	if in.Mode != nil {
		q.Set("mode", *in.Mode)
	}
	if in.CurrentInstitutionCode != nil {
		q.Set("current_institution_code", *in.CurrentInstitutionCode)
	}
	if in.CurrentMemberGUID != nil {
		q.Set("current_member_guid", *in.CurrentMemberGUID)
	}
	u := base(baseURL) + ConnectPath + tok
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return atrium.ConnectWidget{GUID: atrium.Ptr(userGUID), ConnectWidgetURL: &u}, nil
}

func ptrOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}
