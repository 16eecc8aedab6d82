package sandbox

import (
	"bytes"
	"context"

	"github.com/atriumgen/atriumgen/generated/atrium"
	srv "github.com/atriumgen/atriumgen/generated/atriumserver"
)

// service adapts a Store to the generated server interface.
type service struct{ s *Store }

var _ srv.Service = service{}

func page(p, per *int32) Page { return Page{Page: p, PerPage: per} }

func memberBody(m atrium.Member, err error) (*atrium.MemberResponseBody, error) {
	if err != nil {
		return nil, err
	}
	return &atrium.MemberResponseBody{Member: &m}, nil
}

// job starts an aggregation-type job: 200 when started, 202 when one of the
// same kind already runs (Aggregate Member and every premium-feature page of
// the reference).
func (v service) job(userGUID, memberGUID string, kind JobKind) (int, *atrium.MemberResponseBody, error) {
	m, running, err := v.s.StartJob(userGUID, memberGUID, kind)
	body, err := memberBody(m, err)
	status := 200
	if running {
		status = 202
	}
	return status, body, err
}

// ---- accounts ----

func (v service) ListAccountTransactions(_ context.Context, r *srv.ListAccountTransactionsRequest) (*srv.ListAccountTransactionsResult, error) {
	txs, pg, err := v.s.Transactions(TransactionQuery{UserGUID: r.UserGUID, AccountGUID: r.AccountGUID, From: r.Params.FromDate, To: r.Params.ToDate}, page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListAccountTransactionsResult{Body: &atrium.TransactionsResponseBody{Transactions: txs, Pagination: &pg}}, nil
}

func (v service) ListUserAccounts(_ context.Context, r *srv.ListUserAccountsRequest) (*srv.ListUserAccountsResult, error) {
	as, pg, err := v.s.Accounts(r.UserGUID, "", page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListUserAccountsResult{Body: &atrium.AccountsResponseBody{Accounts: as, Pagination: &pg}}, nil
}

func (v service) ReadAccount(_ context.Context, r *srv.ReadAccountRequest) (*srv.ReadAccountResult, error) {
	a, err := v.s.Account(r.UserGUID, "", r.AccountGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ReadAccountResult{Body: &atrium.AccountResponseBody{Account: &a}}, nil
}

func (v service) ReadAccountByMemberGUID(_ context.Context, r *srv.ReadAccountByMemberGUIDRequest) (*srv.ReadAccountByMemberGUIDResult, error) {
	a, err := v.s.Account(r.UserGUID, r.MemberGUID, r.AccountGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ReadAccountByMemberGUIDResult{Body: &atrium.AccountResponseBody{Account: &a}}, nil
}

// ---- connect widget ----

func (v service) GetConnectWidget(ctx context.Context, r *srv.GetConnectWidgetRequest) (*srv.GetConnectWidgetResult, error) {
	w, err := v.s.ConnectWidget(baseFrom(ctx), r.UserGUID, *r.Body)
	if err != nil {
		return nil, err
	}
	return &srv.GetConnectWidgetResult{Body: &atrium.ConnectWidgetResponseBody{User: &w}}, nil
}

// ---- holdings ----

func (v service) ListHoldings(_ context.Context, r *srv.ListHoldingsRequest) (*srv.ListHoldingsResult, error) {
	hs, pg, err := v.s.Holdings(r.UserGUID, "", "", page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListHoldingsResult{Body: &atrium.HoldingsResponseBody{Holdings: hs, Pagination: &pg}}, nil
}

func (v service) ListHoldingsByAccount(_ context.Context, r *srv.ListHoldingsByAccountRequest) (*srv.ListHoldingsByAccountResult, error) {
	hs, pg, err := v.s.Holdings(r.UserGUID, "", r.AccountGUID, page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListHoldingsByAccountResult{Body: &atrium.HoldingsResponseBody{Holdings: hs, Pagination: &pg}}, nil
}

func (v service) ListHoldingsByMember(_ context.Context, r *srv.ListHoldingsByMemberRequest) (*srv.ListHoldingsByMemberResult, error) {
	hs, pg, err := v.s.Holdings(r.UserGUID, r.MemberGUID, "", page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListHoldingsByMemberResult{Body: &atrium.HoldingsResponseBody{Holdings: hs, Pagination: &pg}}, nil
}

func (v service) ReadHolding(_ context.Context, r *srv.ReadHoldingRequest) (*srv.ReadHoldingResult, error) {
	h, err := v.s.Holding(r.UserGUID, r.HoldingGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ReadHoldingResult{Body: &atrium.HoldingResponseBody{Holding: &h}}, nil
}

// ---- identity ----

func (v service) IdentifyMember(_ context.Context, r *srv.IdentifyMemberRequest) (*srv.IdentifyMemberResult, error) {
	st, body, err := v.job(r.UserGUID, r.MemberGUID, JobIdentify)
	if err != nil {
		return nil, err
	}
	return &srv.IdentifyMemberResult{Status: st, Body: body}, nil
}

func (v service) ListAccountOwners(_ context.Context, r *srv.ListAccountOwnersRequest) (*srv.ListAccountOwnersResult, error) {
	os, err := v.s.AccountOwners(r.UserGUID, r.MemberGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ListAccountOwnersResult{Body: &atrium.AccountOwnersResponseBody{AccountOwners: os}}, nil
}

// ---- institutions ----

func (v service) ListInstitutions(_ context.Context, r *srv.ListInstitutionsRequest) (*srv.ListInstitutionsResult, error) {
	p := r.Params
	is, pg, err := v.s.ListInstitutions(InstitutionFilter{
		Name: p.Name, SupportsAccountIdentification: p.SupportsAccountIdentification, SupportsAccountStatement: p.SupportsAccountStatement,
		SupportsAccountVerification: p.SupportsAccountVerification, SupportsTransactionHistory: p.SupportsTransactionHistory,
	}, page(p.Page, p.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListInstitutionsResult{Body: &atrium.InstitutionsResponseBody{Institutions: is, Pagination: &pg}}, nil
}

func (v service) ReadInstitution(_ context.Context, r *srv.ReadInstitutionRequest) (*srv.ReadInstitutionResult, error) {
	in, err := v.s.ReadInstitution(r.InstitutionCode)
	if err != nil {
		return nil, err
	}
	return &srv.ReadInstitutionResult{Body: &atrium.InstitutionResponseBody{Institution: &in}}, nil
}

func (v service) ReadInstitutionCredentials(_ context.Context, r *srv.ReadInstitutionCredentialsRequest) (*srv.ReadInstitutionCredentialsResult, error) {
	cs, err := v.s.InstitutionCredentials(r.InstitutionCode)
	if err != nil {
		return nil, err
	}
	return &srv.ReadInstitutionCredentialsResult{Body: &atrium.CredentialsResponseBody{Credentials: cs}}, nil
}

// ---- members ----

func (v service) AggregateMember(_ context.Context, r *srv.AggregateMemberRequest) (*srv.AggregateMemberResult, error) {
	st, body, err := v.job(r.UserGUID, r.MemberGUID, JobAggregate)
	if err != nil {
		return nil, err
	}
	return &srv.AggregateMemberResult{Status: st, Body: body}, nil
}

func (v service) AggregateMemberBalances(_ context.Context, r *srv.AggregateMemberBalancesRequest) (*srv.AggregateMemberBalancesResult, error) {
	st, body, err := v.job(r.UserGUID, r.MemberGUID, JobBalance)
	if err != nil {
		return nil, err
	}
	return &srv.AggregateMemberBalancesResult{Status: st, Body: body}, nil
}

func (v service) CreateMember(ctx context.Context, r *srv.CreateMemberRequest) (*srv.CreateMemberResult, error) {
	body, err := memberBody(v.s.CreateMemberAt(baseFrom(ctx), r.UserGUID, r.Body.Member))
	if err != nil {
		return nil, err
	}
	return &srv.CreateMemberResult{Body: body}, nil
}

func (v service) DeleteMember(_ context.Context, r *srv.DeleteMemberRequest) (*srv.DeleteMemberResult, error) {
	if err := v.s.DeleteMember(r.UserGUID, r.MemberGUID); err != nil {
		return nil, err
	}
	return &srv.DeleteMemberResult{}, nil
}

func (v service) ExtendHistory(_ context.Context, r *srv.ExtendHistoryRequest) (*srv.ExtendHistoryResult, error) {
	st, body, err := v.job(r.UserGUID, r.MemberGUID, JobExtendHistory)
	if err != nil {
		return nil, err
	}
	return &srv.ExtendHistoryResult{Status: st, Body: body}, nil
}

func (v service) ListMemberAccounts(_ context.Context, r *srv.ListMemberAccountsRequest) (*srv.ListMemberAccountsResult, error) {
	as, pg, err := v.s.Accounts(r.UserGUID, r.MemberGUID, page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListMemberAccountsResult{Body: &atrium.AccountsResponseBody{Accounts: as, Pagination: &pg}}, nil
}

func (v service) ListMemberCredentials(_ context.Context, r *srv.ListMemberCredentialsRequest) (*srv.ListMemberCredentialsResult, error) {
	cs, err := v.s.MemberCredentials(r.UserGUID, r.MemberGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ListMemberCredentialsResult{Body: &atrium.CredentialsResponseBody{Credentials: cs}}, nil
}

func (v service) ListMemberMFAChallenges(_ context.Context, r *srv.ListMemberMFAChallengesRequest) (*srv.ListMemberMFAChallengesResult, error) {
	cs, challenged, err := v.s.Challenges(r.UserGUID, r.MemberGUID)
	if err != nil {
		return nil, err
	}
	if !challenged {
		return &srv.ListMemberMFAChallengesResult{Status: 204}, nil
	}
	return &srv.ListMemberMFAChallengesResult{Body: &atrium.ChallengesResponseBody{Challenges: cs}}, nil
}

func (v service) ListMemberTransactions(_ context.Context, r *srv.ListMemberTransactionsRequest) (*srv.ListMemberTransactionsResult, error) {
	txs, pg, err := v.s.Transactions(TransactionQuery{UserGUID: r.UserGUID, MemberGUID: r.MemberGUID, From: r.Params.FromDate, To: r.Params.ToDate}, page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListMemberTransactionsResult{Body: &atrium.TransactionsResponseBody{Transactions: txs, Pagination: &pg}}, nil
}

func (v service) ListMembers(_ context.Context, r *srv.ListMembersRequest) (*srv.ListMembersResult, error) {
	ms, pg, err := v.s.ListMembers(r.UserGUID, page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListMembersResult{Body: &atrium.MembersResponseBody{Members: ms, Pagination: &pg}}, nil
}

func (v service) ReadMember(_ context.Context, r *srv.ReadMemberRequest) (*srv.ReadMemberResult, error) {
	body, err := memberBody(v.s.ReadMember(r.UserGUID, r.MemberGUID))
	if err != nil {
		return nil, err
	}
	return &srv.ReadMemberResult{Body: body}, nil
}

func (v service) ReadMemberStatus(_ context.Context, r *srv.ReadMemberStatusRequest) (*srv.ReadMemberStatusResult, error) {
	st, err := v.s.MemberStatus(r.UserGUID, r.MemberGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ReadMemberStatusResult{Body: &atrium.MemberConnectionStatusResponseBody{Member: &st}}, nil
}

func (v service) ReadOAuthWindowURI(ctx context.Context, r *srv.ReadOAuthWindowURIRequest) (*srv.ReadOAuthWindowURIResult, error) {
	p := r.Params
	body, err := memberBody(v.s.OAuthWindowURI(baseFrom(ctx), r.UserGUID, r.MemberGUID, OAuthOptions{
		SkipAggregation: ptrOr(p.SkipAggregation, false), ReferralSource: string(ptrOr(p.ReferralSource, "")),
		ClientRedirectURL: ptrOr(p.ClientRedirectURL, ""), UIMessageWebviewURLScheme: ptrOr(p.UIMessageWebviewURLScheme, ""),
	}))
	if err != nil {
		return nil, err
	}
	return &srv.ReadOAuthWindowURIResult{Body: body}, nil
}

func (v service) ResumeMember(_ context.Context, r *srv.ResumeMemberRequest) (*srv.ResumeMemberResult, error) {
	body, err := memberBody(v.s.Resume(r.UserGUID, r.MemberGUID, r.Body.Member.Challenges))
	if err != nil {
		return nil, err
	}
	// 200, as the reference's response sample (RESUMED); 202 is the old SDK's.
	return &srv.ResumeMemberResult{Status: 200, Body: body}, nil
}

func (v service) UpdateMember(_ context.Context, r *srv.UpdateMemberRequest) (*srv.UpdateMemberResult, error) {
	var in atrium.MemberUpdateRequest
	if r.Body != nil {
		in = r.Body.Member
	}
	body, err := memberBody(v.s.UpdateMember(r.UserGUID, r.MemberGUID, in))
	if err != nil {
		return nil, err
	}
	return &srv.UpdateMemberResult{Body: body}, nil
}

// ---- merchants ----

func (v service) ListMerchantLocations(_ context.Context, r *srv.ListMerchantLocationsRequest) (*srv.ListMerchantLocationsResult, error) {
	ls, pg, err := v.s.ListMerchantLocations(r.MerchantGUID, page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListMerchantLocationsResult{Body: &atrium.MerchantLocationsResponseBody{MerchantLocations: ls, Pagination: &pg}}, nil
}

func (v service) ListMerchants(_ context.Context, r *srv.ListMerchantsRequest) (*srv.ListMerchantsResult, error) {
	ms, pg, err := v.s.ListMerchants(page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListMerchantsResult{Body: &atrium.MerchantsResponseBody{Merchants: ms, Pagination: &pg}}, nil
}

func (v service) ReadMerchant(_ context.Context, r *srv.ReadMerchantRequest) (*srv.ReadMerchantResult, error) {
	m, err := v.s.ReadMerchant(r.MerchantGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ReadMerchantResult{Body: &atrium.MerchantResponseBody{Merchant: &m}}, nil
}

func (v service) ReadMerchantLocation(_ context.Context, r *srv.ReadMerchantLocationRequest) (*srv.ReadMerchantLocationResult, error) {
	l, err := v.s.ReadMerchantLocation(r.MerchantGUID, r.MerchantLocationGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ReadMerchantLocationResult{Body: &atrium.MerchantLocationResponseBody{MerchantLocation: &l}}, nil
}

// ---- statements ----

func (v service) DownloadStatementPDF(_ context.Context, r *srv.DownloadStatementPDFRequest) (*srv.DownloadStatementPDFResult, error) {
	b, err := v.s.StatementPDF(r.UserGUID, r.MemberGUID, r.StatementGUID)
	if err != nil {
		return nil, err
	}
	return &srv.DownloadStatementPDFResult{Body: bytes.NewReader(b)}, nil
}

func (v service) FetchStatements(_ context.Context, r *srv.FetchStatementsRequest) (*srv.FetchStatementsResult, error) {
	st, body, err := v.job(r.UserGUID, r.MemberGUID, JobFetchStatements)
	if err != nil {
		return nil, err
	}
	return &srv.FetchStatementsResult{Status: st, Body: body}, nil
}

func (v service) ListMemberStatements(_ context.Context, r *srv.ListMemberStatementsRequest) (*srv.ListMemberStatementsResult, error) {
	ss, pg, err := v.s.Statements(r.UserGUID, r.MemberGUID, page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListMemberStatementsResult{Body: &atrium.StatementsResponseBody{Statements: ss, Pagination: &pg}}, nil
}

func (v service) ReadMemberStatement(_ context.Context, r *srv.ReadMemberStatementRequest) (*srv.ReadMemberStatementResult, error) {
	st, err := v.s.Statement(r.UserGUID, r.MemberGUID, r.StatementGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ReadMemberStatementResult{Body: &atrium.StatementResponseBody{Statement: &st}}, nil
}

// ---- transactions ----

func (v service) CleanseAndCategorizeTransactions(_ context.Context, r *srv.CleanseAndCategorizeTransactionsRequest) (*srv.CleanseAndCategorizeTransactionsResult, error) {
	return &srv.CleanseAndCategorizeTransactionsResult{Body: &atrium.TransactionsCleanseAndCategorizeResponseBody{
		Transactions: v.s.CleanseAndCategorize(r.Body.Transactions),
	}}, nil
}

func (v service) ListUserTransactions(_ context.Context, r *srv.ListUserTransactionsRequest) (*srv.ListUserTransactionsResult, error) {
	txs, pg, err := v.s.Transactions(TransactionQuery{UserGUID: r.UserGUID, From: r.Params.FromDate, To: r.Params.ToDate}, page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListUserTransactionsResult{Body: &atrium.TransactionsResponseBody{Transactions: txs, Pagination: &pg}}, nil
}

func (v service) ReadTransaction(_ context.Context, r *srv.ReadTransactionRequest) (*srv.ReadTransactionResult, error) {
	t, err := v.s.Transaction(r.UserGUID, r.TransactionGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ReadTransactionResult{Body: &atrium.TransactionResponseBody{Transaction: &t}}, nil
}

// ---- users ----

func (v service) CreateUser(_ context.Context, r *srv.CreateUserRequest) (*srv.CreateUserResult, error) {
	u, err := v.s.CreateUser(r.Body.User)
	if err != nil {
		return nil, err
	}
	return &srv.CreateUserResult{Body: &atrium.UserResponseBody{User: &u}}, nil
}

func (v service) DeleteUser(_ context.Context, r *srv.DeleteUserRequest) (*srv.DeleteUserResult, error) {
	if err := v.s.DeleteUser(r.UserGUID); err != nil {
		return nil, err
	}
	return &srv.DeleteUserResult{}, nil
}

func (v service) ListUsers(_ context.Context, r *srv.ListUsersRequest) (*srv.ListUsersResult, error) {
	us, pg, err := v.s.ListUsers(page(r.Params.Page, r.Params.RecordsPerPage))
	if err != nil {
		return nil, err
	}
	return &srv.ListUsersResult{Body: &atrium.UsersResponseBody{Users: us, Pagination: &pg}}, nil
}

func (v service) ReadUser(_ context.Context, r *srv.ReadUserRequest) (*srv.ReadUserResult, error) {
	u, err := v.s.ReadUser(r.UserGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ReadUserResult{Body: &atrium.UserResponseBody{User: &u}}, nil
}

func (v service) UpdateUser(_ context.Context, r *srv.UpdateUserRequest) (*srv.UpdateUserResult, error) {
	var in atrium.User
	if r.Body != nil {
		in = r.Body.User
	}
	u, err := v.s.UpdateUser(r.UserGUID, in)
	if err != nil {
		return nil, err
	}
	return &srv.UpdateUserResult{Body: &atrium.UserResponseBody{User: &u}}, nil
}

// ---- verification ----

func (v service) ListAccountNumbers(_ context.Context, r *srv.ListAccountNumbersRequest) (*srv.ListAccountNumbersResult, error) {
	ns, err := v.s.AccountNumbers(r.UserGUID, r.MemberGUID, "")
	if err != nil {
		return nil, err
	}
	return &srv.ListAccountNumbersResult{Body: &atrium.AccountNumbersResponseBody{AccountNumbers: ns}}, nil
}

func (v service) ListAccountNumbersByAccount(_ context.Context, r *srv.ListAccountNumbersByAccountRequest) (*srv.ListAccountNumbersByAccountResult, error) {
	ns, err := v.s.AccountNumbers(r.UserGUID, "", r.AccountGUID)
	if err != nil {
		return nil, err
	}
	return &srv.ListAccountNumbersByAccountResult{Body: &atrium.AccountNumbersResponseBody{AccountNumbers: ns}}, nil
}

func (v service) VerifyMember(_ context.Context, r *srv.VerifyMemberRequest) (*srv.VerifyMemberResult, error) {
	st, body, err := v.job(r.UserGUID, r.MemberGUID, JobVerify)
	if err != nil {
		return nil, err
	}
	return &srv.VerifyMemberResult{Status: st, Body: body}, nil
}
