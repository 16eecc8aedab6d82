package sandbox

import (
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/oapi-codegen/runtime/types"
)

// scope is the members a read covers: one member, or all of a user's
// (callers hold s.mu).
func (s *Store) scope(userGUID, memberGUID string) ([]*member, error) {
	if memberGUID != "" {
		_, m, err := s.member(userGUID, memberGUID)
		if err != nil {
			return nil, err
		}
		return []*member{m}, nil
	}
	u, err := s.user(userGUID)
	if err != nil {
		return nil, err
	}
	return s.members(u), nil
}

// findAccount finds an account of a user, optionally within one member.
func (s *Store) findAccount(userGUID, memberGUID, accountGUID string) (*member, atrium.Account, error) {
	ms, err := s.scope(userGUID, memberGUID)
	if err != nil {
		return nil, atrium.Account{}, err
	}
	for _, m := range ms {
		for _, a := range m.data.accounts {
			if *a.GUID == accountGUID {
				return m, a, nil
			}
		}
	}
	return nil, atrium.Account{}, errorf(404, "account %q not found for user %q", accountGUID, userGUID)
}

// within is the members a read covers, narrowed to the one holding
// accountGUID when it is set (callers hold s.mu). Each member is advanced
// once.
func (s *Store) within(userGUID, memberGUID, accountGUID string) ([]*member, error) {
	if accountGUID == "" {
		return s.scope(userGUID, memberGUID)
	}
	m, _, err := s.findAccount(userGUID, memberGUID, accountGUID)
	if err != nil {
		return nil, err
	}
	return []*member{m}, nil
}

// Accounts lists the accounts of a user, or of one member when memberGUID
// is set.
func (s *Store) Accounts(userGUID, memberGUID string, p Page) ([]atrium.Account, atrium.Pagination, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ms, err := s.scope(userGUID, memberGUID)
	if err != nil {
		return nil, atrium.Pagination{}, err
	}
	var all []atrium.Account
	for _, m := range ms {
		all = append(all, m.data.accounts...)
	}
	return paginate(all, p)
}

// Account reads an account of a user (of one member when memberGUID is set).
func (s *Store) Account(userGUID, memberGUID, accountGUID string) (atrium.Account, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, a, err := s.findAccount(userGUID, memberGUID, accountGUID)
	return a, err
}

// TransactionQuery selects transactions: of a user, narrowed to a member or
// an account, dated From..To inclusive (defaults: 90 days back, 5 days
// ahead).
type TransactionQuery struct {
	UserGUID, MemberGUID, AccountGUID string
	From, To                          *types.Date
}

// Default transaction date window.
const (
	DefaultFromDays = 90
	DefaultToDays   = 5
)

// Transactions lists transactions by date.
func (s *Store) Transactions(q TransactionQuery, p Page) ([]atrium.Transaction, atrium.Pagination, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	today := day(s.now())
	from, to := today.AddDate(0, 0, -DefaultFromDays), today.AddDate(0, 0, DefaultToDays)
	if q.From != nil {
		from = day(q.From.Time)
	}
	if q.To != nil {
		to = day(q.To.Time)
	}
	if from.After(to) {
		return nil, atrium.Pagination{}, errorf(400, "from_date: %s is after to_date %s", from.Format(time.DateOnly), to.Format(time.DateOnly))
	}
	ms, err := s.within(q.UserGUID, q.MemberGUID, q.AccountGUID)
	if err != nil {
		return nil, atrium.Pagination{}, err
	}
	all := []atrium.Transaction{}
	for _, m := range ms {
		for _, t := range m.data.transactions {
			if q.AccountGUID != "" && *t.AccountGUID != q.AccountGUID {
				continue
			}
			if d := day(t.Date.Time); d.Before(from) || d.After(to) {
				continue
			}
			all = append(all, t)
		}
	}
	return paginate(all, p)
}

// Transaction reads one transaction of a user.
func (s *Store) Transaction(userGUID, guid string) (atrium.Transaction, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ms, err := s.scope(userGUID, "")
	if err != nil {
		return atrium.Transaction{}, err
	}
	for _, m := range ms {
		for _, t := range m.data.transactions {
			if *t.GUID == guid {
				return t, nil
			}
		}
	}
	return atrium.Transaction{}, errorf(404, "transaction %q not found for user %q", guid, userGUID)
}

// Holdings lists holdings of a user, narrowed to a member or an account.
func (s *Store) Holdings(userGUID, memberGUID, accountGUID string, p Page) ([]atrium.Holding, atrium.Pagination, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ms, err := s.within(userGUID, memberGUID, accountGUID)
	if err != nil {
		return nil, atrium.Pagination{}, err
	}
	all := []atrium.Holding{}
	for _, m := range ms {
		for _, h := range m.data.holdings {
			if accountGUID == "" || *h.AccountGUID == accountGUID {
				all = append(all, h)
			}
		}
	}
	return paginate(all, p)
}

// Holding reads one holding of a user.
func (s *Store) Holding(userGUID, guid string) (atrium.Holding, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ms, err := s.scope(userGUID, "")
	if err != nil {
		return atrium.Holding{}, err
	}
	for _, m := range ms {
		for _, h := range m.data.holdings {
			if *h.GUID == guid {
				return h, nil
			}
		}
	}
	return atrium.Holding{}, errorf(404, "holding %q not found for user %q", guid, userGUID)
}

// AccountNumbers lists the account numbers found by verification, of a
// member or (with accountGUID) of one account.
func (s *Store) AccountNumbers(userGUID, memberGUID, accountGUID string) ([]atrium.AccountNumber, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ms, err := s.within(userGUID, memberGUID, accountGUID)
	if err != nil {
		return nil, err
	}
	out := []atrium.AccountNumber{}
	for _, m := range ms {
		for _, n := range m.data.accountNumbers {
			if accountGUID == "" || *n.AccountGUID == accountGUID {
				out = append(out, n)
			}
		}
	}
	return out, nil
}

// AccountOwners lists the owners found by identification.
func (s *Store) AccountOwners(userGUID, memberGUID string) ([]atrium.AccountOwner, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.member(userGUID, memberGUID)
	if err != nil {
		return nil, err
	}
	return append([]atrium.AccountOwner{}, m.data.owners...), nil
}

// Statements lists the statements fetched for a member.
func (s *Store) Statements(userGUID, memberGUID string, p Page) ([]atrium.Statement, atrium.Pagination, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, m, err := s.member(userGUID, memberGUID)
	if err != nil {
		return nil, atrium.Pagination{}, err
	}
	return paginate(m.data.statements, p)
}

// Statement reads a statement of a member.
func (s *Store) Statement(userGUID, memberGUID, guid string) (atrium.Statement, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, _, err := s.statement(userGUID, memberGUID, guid)
	return st, err
}

func (s *Store) statement(userGUID, memberGUID, guid string) (atrium.Statement, *member, error) {
	_, m, err := s.member(userGUID, memberGUID)
	if err != nil {
		return atrium.Statement{}, nil, err
	}
	for _, st := range m.data.statements {
		if *st.GUID == guid {
			return st, m, nil
		}
	}
	return atrium.Statement{}, nil, errorf(404, "statement %q not found for member %q", guid, memberGUID)
}

// StatementPDF renders a statement as a PDF document.
func (s *Store) StatementPDF(userGUID, memberGUID, guid string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, m, err := s.statement(userGUID, memberGUID, guid)
	if err != nil {
		return nil, err
	}
	name := *st.AccountGUID
	for _, a := range m.data.accounts {
		if *a.GUID == *st.AccountGUID {
			name = *a.Name
			break
		}
	}
	return statementPDF(st, name), nil
}
