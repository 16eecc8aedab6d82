package sandbox

import (
	"fmt"
	"strings"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// TestInstitution is the code of the institution whose test user
// (TestUsername) picks an aggregation scenario by password; see Scenario.
const (
	TestInstitution = "mxbank"
	TestUsername    = "test_atrium"
)

// TestOAuthInstitution is the test institution's OAuth twin: it supports
// OAuth, so its members are created with is_oauth and no credentials and
// connect through the sandbox's OAuth page (see OAuthPath); once authorized
// they aggregate like the password scenario.
const TestOAuthInstitution = "mxbank_oauth"

type institution struct {
	code, name, url string
	oauth           bool
	identification  bool
	verification    bool
	statements      bool
	history         bool
	test            bool // answers with the test_atrium scenarios
	creds           []credDef
}

type credDef struct {
	guid, fieldName, label, typ string
}

// institutions returns the sandbox's institutions, sorted by code.
func institutions(s *Store) []institution {
	mk := func(code, name string, oauth, ident, verif, stmts, hist, test bool) institution {
		in := institution{
			code: code, name: name, url: "https://www." + strings.ReplaceAll(code, "_", "") + ".example",
			oauth: oauth, identification: ident, verification: verif, statements: stmts, history: hist, test: test,
		}
		in.creds = []credDef{
			{guid: s.guid("CRD", code, "username"), fieldName: "LOGIN", label: "Username", typ: "LOGIN"},
			{guid: s.guid("CRD", code, "password"), fieldName: "PASSWORD", label: "Password", typ: "PASSWORD"},
		}
		return in
	}
	return []institution{
		mk("gringotts", "Gringotts", false, true, true, false, true, false),
		mk("iron_bank", "Iron Bank of Braavos", false, false, true, true, false, false),
		mk("mxbank", "MX Bank", false, true, true, true, true, true),
		mk(TestOAuthInstitution, "MX Bank (OAuth)", true, true, true, true, true, true),
		mk("springfield_savings", "Springfield Savings and Loan", false, false, false, false, false, false),
	}
}

func (s *Store) institution(code string) (institution, bool) {
	for _, in := range s.inst {
		if in.code == code {
			return in, true
		}
	}
	return institution{}, false
}

func (in institution) model() atrium.Institution {
	logo := func(size string) *string {
		return atrium.Ptr(fmt.Sprintf("https://content.sandbox.invalid/institutions/%s/%s.png", size, in.code))
	}
	return atrium.Institution{
		Code:                          atrium.Ptr(in.code),
		Name:                          atrium.Ptr(in.name),
		URL:                           atrium.Ptr(in.url),
		SmallLogoURL:                  logo("50x50"),
		MediumLogoURL:                 logo("100x100"),
		SupportsOauth:                 atrium.Ptr(in.oauth),
		SupportsAccountIdentification: atrium.Ptr(in.identification),
		SupportsAccountVerification:   atrium.Ptr(in.verification),
		SupportsAccountStatement:      atrium.Ptr(in.statements),
		SupportsTransactionHistory:    atrium.Ptr(in.history),
	}
}

func (in institution) credentialResponses() []atrium.CredentialResponse {
	out := make([]atrium.CredentialResponse, 0, len(in.creds))
	for i, c := range in.creds {
		out = append(out, atrium.CredentialResponse{
			GUID: atrium.Ptr(c.guid), FieldName: atrium.Ptr(c.fieldName), Label: atrium.Ptr(c.label), Type: atrium.Ptr(c.typ),
			DisplayOrder: atrium.Ptr(int32(i)),
		})
	}
	return out
}

// checkCredentials validates answers to the institution's credentials,
// keyed by credential GUID; all says every credential must be answered.
func (in institution) checkCredentials(field string, reqs []atrium.CredentialRequest, all bool) (map[string]string, error) {
	out := map[string]string{}
	for i, r := range reqs {
		known := false
		for _, c := range in.creds {
			known = known || c.guid == r.GUID
		}
		if !known {
			return nil, errorf(400, "%s[%d].guid: %q is not a credential of institution %q (see ReadInstitutionCredentials)", field, i, r.GUID, in.code)
		}
		if _, dup := out[r.GUID]; dup {
			return nil, errorf(400, "%s[%d].guid: credential %q answered twice", field, i, r.GUID)
		}
		out[r.GUID] = r.Value
	}
	if all {
		for _, c := range in.creds {
			if _, ok := out[c.guid]; !ok {
				return nil, errorf(400, "%s: no value for the %s credential (guid %s)", field, c.label, c.guid)
			}
		}
	}
	return out, nil
}

// username and password are the member's values of the LOGIN and PASSWORD
// credentials.
func (in institution) value(creds map[string]string, typ string) string {
	for _, c := range in.creds {
		if c.typ == typ {
			return creds[c.guid]
		}
	}
	return ""
}

// InstitutionFilter narrows ListInstitutions.
type InstitutionFilter struct {
	Name                          *string // case-insensitive substring of the name or code
	SupportsAccountIdentification *bool
	SupportsAccountStatement      *bool
	SupportsAccountVerification   *bool
	SupportsTransactionHistory    *bool
}

// ListInstitutions searches institutions, sorted by code.
func (s *Store) ListInstitutions(f InstitutionFilter, p Page) ([]atrium.Institution, atrium.Pagination, error) {
	match := func(want *bool, have bool) bool { return want == nil || *want == have }
	var all []atrium.Institution
	for _, in := range s.inst {
		if f.Name != nil {
			q := strings.ToLower(*f.Name)
			if !strings.Contains(strings.ToLower(in.name), q) && !strings.Contains(in.code, q) {
				continue
			}
		}
		if !match(f.SupportsAccountIdentification, in.identification) || !match(f.SupportsAccountStatement, in.statements) ||
			!match(f.SupportsAccountVerification, in.verification) || !match(f.SupportsTransactionHistory, in.history) {
			continue
		}
		all = append(all, in.model())
	}
	return paginate(all, p)
}

// ReadInstitution reads one institution.
func (s *Store) ReadInstitution(code string) (atrium.Institution, error) {
	in, ok := s.institution(code)
	if !ok {
		return atrium.Institution{}, errorf(404, "institution %q not found", code)
	}
	return in.model(), nil
}

// InstitutionCredentials lists the credentials an institution requires.
func (s *Store) InstitutionCredentials(code string) ([]atrium.CredentialResponse, error) {
	in, ok := s.institution(code)
	if !ok {
		return nil, errorf(404, "institution %q not found", code)
	}
	return in.credentialResponses(), nil
}
