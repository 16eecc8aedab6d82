package servertests

import (
	"context"

	"github.com/atriumgen/atriumgen/generated/atriumserver"
)

// The recording Service: every method hands its request to fake.serve,
// which records it and answers what the running test asked for.

func (f *fake) AggregateMember(ctx context.Context, req *atriumserver.AggregateMemberRequest) (*atriumserver.AggregateMemberResult, error) {
	return serve[atriumserver.AggregateMemberResult](f, "AggregateMember", req)
}

func (f *fake) AggregateMemberBalances(ctx context.Context, req *atriumserver.AggregateMemberBalancesRequest) (*atriumserver.AggregateMemberBalancesResult, error) {
	return serve[atriumserver.AggregateMemberBalancesResult](f, "AggregateMemberBalances", req)
}

func (f *fake) CleanseAndCategorizeTransactions(ctx context.Context, req *atriumserver.CleanseAndCategorizeTransactionsRequest) (*atriumserver.CleanseAndCategorizeTransactionsResult, error) {
	return serve[atriumserver.CleanseAndCategorizeTransactionsResult](f, "CleanseAndCategorizeTransactions", req)
}

func (f *fake) CreateMember(ctx context.Context, req *atriumserver.CreateMemberRequest) (*atriumserver.CreateMemberResult, error) {
	return serve[atriumserver.CreateMemberResult](f, "CreateMember", req)
}

func (f *fake) CreateUser(ctx context.Context, req *atriumserver.CreateUserRequest) (*atriumserver.CreateUserResult, error) {
	return serve[atriumserver.CreateUserResult](f, "CreateUser", req)
}

func (f *fake) DeleteMember(ctx context.Context, req *atriumserver.DeleteMemberRequest) (*atriumserver.DeleteMemberResult, error) {
	return serve[atriumserver.DeleteMemberResult](f, "DeleteMember", req)
}

func (f *fake) DeleteUser(ctx context.Context, req *atriumserver.DeleteUserRequest) (*atriumserver.DeleteUserResult, error) {
	return serve[atriumserver.DeleteUserResult](f, "DeleteUser", req)
}

func (f *fake) DownloadStatementPDF(ctx context.Context, req *atriumserver.DownloadStatementPDFRequest) (*atriumserver.DownloadStatementPDFResult, error) {
	return serve[atriumserver.DownloadStatementPDFResult](f, "DownloadStatementPDF", req)
}

func (f *fake) ExtendHistory(ctx context.Context, req *atriumserver.ExtendHistoryRequest) (*atriumserver.ExtendHistoryResult, error) {
	return serve[atriumserver.ExtendHistoryResult](f, "ExtendHistory", req)
}

func (f *fake) FetchStatements(ctx context.Context, req *atriumserver.FetchStatementsRequest) (*atriumserver.FetchStatementsResult, error) {
	return serve[atriumserver.FetchStatementsResult](f, "FetchStatements", req)
}

func (f *fake) GetConnectWidget(ctx context.Context, req *atriumserver.GetConnectWidgetRequest) (*atriumserver.GetConnectWidgetResult, error) {
	return serve[atriumserver.GetConnectWidgetResult](f, "GetConnectWidget", req)
}

func (f *fake) IdentifyMember(ctx context.Context, req *atriumserver.IdentifyMemberRequest) (*atriumserver.IdentifyMemberResult, error) {
	return serve[atriumserver.IdentifyMemberResult](f, "IdentifyMember", req)
}

func (f *fake) ListAccountNumbers(ctx context.Context, req *atriumserver.ListAccountNumbersRequest) (*atriumserver.ListAccountNumbersResult, error) {
	return serve[atriumserver.ListAccountNumbersResult](f, "ListAccountNumbers", req)
}

func (f *fake) ListAccountNumbersByAccount(ctx context.Context, req *atriumserver.ListAccountNumbersByAccountRequest) (*atriumserver.ListAccountNumbersByAccountResult, error) {
	return serve[atriumserver.ListAccountNumbersByAccountResult](f, "ListAccountNumbersByAccount", req)
}

func (f *fake) ListAccountOwners(ctx context.Context, req *atriumserver.ListAccountOwnersRequest) (*atriumserver.ListAccountOwnersResult, error) {
	return serve[atriumserver.ListAccountOwnersResult](f, "ListAccountOwners", req)
}

func (f *fake) ListAccountTransactions(ctx context.Context, req *atriumserver.ListAccountTransactionsRequest) (*atriumserver.ListAccountTransactionsResult, error) {
	return serve[atriumserver.ListAccountTransactionsResult](f, "ListAccountTransactions", req)
}

func (f *fake) ListHoldings(ctx context.Context, req *atriumserver.ListHoldingsRequest) (*atriumserver.ListHoldingsResult, error) {
	return serve[atriumserver.ListHoldingsResult](f, "ListHoldings", req)
}

func (f *fake) ListHoldingsByAccount(ctx context.Context, req *atriumserver.ListHoldingsByAccountRequest) (*atriumserver.ListHoldingsByAccountResult, error) {
	return serve[atriumserver.ListHoldingsByAccountResult](f, "ListHoldingsByAccount", req)
}

func (f *fake) ListHoldingsByMember(ctx context.Context, req *atriumserver.ListHoldingsByMemberRequest) (*atriumserver.ListHoldingsByMemberResult, error) {
	return serve[atriumserver.ListHoldingsByMemberResult](f, "ListHoldingsByMember", req)
}

func (f *fake) ListInstitutions(ctx context.Context, req *atriumserver.ListInstitutionsRequest) (*atriumserver.ListInstitutionsResult, error) {
	return serve[atriumserver.ListInstitutionsResult](f, "ListInstitutions", req)
}

func (f *fake) ListMemberAccounts(ctx context.Context, req *atriumserver.ListMemberAccountsRequest) (*atriumserver.ListMemberAccountsResult, error) {
	return serve[atriumserver.ListMemberAccountsResult](f, "ListMemberAccounts", req)
}

func (f *fake) ListMemberCredentials(ctx context.Context, req *atriumserver.ListMemberCredentialsRequest) (*atriumserver.ListMemberCredentialsResult, error) {
	return serve[atriumserver.ListMemberCredentialsResult](f, "ListMemberCredentials", req)
}

func (f *fake) ListMemberMFAChallenges(ctx context.Context, req *atriumserver.ListMemberMFAChallengesRequest) (*atriumserver.ListMemberMFAChallengesResult, error) {
	return serve[atriumserver.ListMemberMFAChallengesResult](f, "ListMemberMFAChallenges", req)
}

func (f *fake) ListMemberStatements(ctx context.Context, req *atriumserver.ListMemberStatementsRequest) (*atriumserver.ListMemberStatementsResult, error) {
	return serve[atriumserver.ListMemberStatementsResult](f, "ListMemberStatements", req)
}

func (f *fake) ListMemberTransactions(ctx context.Context, req *atriumserver.ListMemberTransactionsRequest) (*atriumserver.ListMemberTransactionsResult, error) {
	return serve[atriumserver.ListMemberTransactionsResult](f, "ListMemberTransactions", req)
}

func (f *fake) ListMembers(ctx context.Context, req *atriumserver.ListMembersRequest) (*atriumserver.ListMembersResult, error) {
	return serve[atriumserver.ListMembersResult](f, "ListMembers", req)
}

func (f *fake) ListMerchantLocations(ctx context.Context, req *atriumserver.ListMerchantLocationsRequest) (*atriumserver.ListMerchantLocationsResult, error) {
	return serve[atriumserver.ListMerchantLocationsResult](f, "ListMerchantLocations", req)
}

func (f *fake) ListMerchants(ctx context.Context, req *atriumserver.ListMerchantsRequest) (*atriumserver.ListMerchantsResult, error) {
	return serve[atriumserver.ListMerchantsResult](f, "ListMerchants", req)
}

func (f *fake) ListUserAccounts(ctx context.Context, req *atriumserver.ListUserAccountsRequest) (*atriumserver.ListUserAccountsResult, error) {
	return serve[atriumserver.ListUserAccountsResult](f, "ListUserAccounts", req)
}

func (f *fake) ListUserTransactions(ctx context.Context, req *atriumserver.ListUserTransactionsRequest) (*atriumserver.ListUserTransactionsResult, error) {
	return serve[atriumserver.ListUserTransactionsResult](f, "ListUserTransactions", req)
}

func (f *fake) ListUsers(ctx context.Context, req *atriumserver.ListUsersRequest) (*atriumserver.ListUsersResult, error) {
	return serve[atriumserver.ListUsersResult](f, "ListUsers", req)
}

func (f *fake) ReadAccount(ctx context.Context, req *atriumserver.ReadAccountRequest) (*atriumserver.ReadAccountResult, error) {
	return serve[atriumserver.ReadAccountResult](f, "ReadAccount", req)
}

func (f *fake) ReadAccountByMemberGUID(ctx context.Context, req *atriumserver.ReadAccountByMemberGUIDRequest) (*atriumserver.ReadAccountByMemberGUIDResult, error) {
	return serve[atriumserver.ReadAccountByMemberGUIDResult](f, "ReadAccountByMemberGUID", req)
}

func (f *fake) ReadHolding(ctx context.Context, req *atriumserver.ReadHoldingRequest) (*atriumserver.ReadHoldingResult, error) {
	return serve[atriumserver.ReadHoldingResult](f, "ReadHolding", req)
}

func (f *fake) ReadInstitution(ctx context.Context, req *atriumserver.ReadInstitutionRequest) (*atriumserver.ReadInstitutionResult, error) {
	return serve[atriumserver.ReadInstitutionResult](f, "ReadInstitution", req)
}

func (f *fake) ReadInstitutionCredentials(ctx context.Context, req *atriumserver.ReadInstitutionCredentialsRequest) (*atriumserver.ReadInstitutionCredentialsResult, error) {
	return serve[atriumserver.ReadInstitutionCredentialsResult](f, "ReadInstitutionCredentials", req)
}

func (f *fake) ReadMember(ctx context.Context, req *atriumserver.ReadMemberRequest) (*atriumserver.ReadMemberResult, error) {
	return serve[atriumserver.ReadMemberResult](f, "ReadMember", req)
}

func (f *fake) ReadMemberStatement(ctx context.Context, req *atriumserver.ReadMemberStatementRequest) (*atriumserver.ReadMemberStatementResult, error) {
	return serve[atriumserver.ReadMemberStatementResult](f, "ReadMemberStatement", req)
}

func (f *fake) ReadMemberStatus(ctx context.Context, req *atriumserver.ReadMemberStatusRequest) (*atriumserver.ReadMemberStatusResult, error) {
	return serve[atriumserver.ReadMemberStatusResult](f, "ReadMemberStatus", req)
}

func (f *fake) ReadMerchant(ctx context.Context, req *atriumserver.ReadMerchantRequest) (*atriumserver.ReadMerchantResult, error) {
	return serve[atriumserver.ReadMerchantResult](f, "ReadMerchant", req)
}

func (f *fake) ReadMerchantLocation(ctx context.Context, req *atriumserver.ReadMerchantLocationRequest) (*atriumserver.ReadMerchantLocationResult, error) {
	return serve[atriumserver.ReadMerchantLocationResult](f, "ReadMerchantLocation", req)
}

func (f *fake) ReadOAuthWindowURI(ctx context.Context, req *atriumserver.ReadOAuthWindowURIRequest) (*atriumserver.ReadOAuthWindowURIResult, error) {
	return serve[atriumserver.ReadOAuthWindowURIResult](f, "ReadOAuthWindowURI", req)
}

func (f *fake) ReadTransaction(ctx context.Context, req *atriumserver.ReadTransactionRequest) (*atriumserver.ReadTransactionResult, error) {
	return serve[atriumserver.ReadTransactionResult](f, "ReadTransaction", req)
}

func (f *fake) ReadUser(ctx context.Context, req *atriumserver.ReadUserRequest) (*atriumserver.ReadUserResult, error) {
	return serve[atriumserver.ReadUserResult](f, "ReadUser", req)
}

func (f *fake) ResumeMember(ctx context.Context, req *atriumserver.ResumeMemberRequest) (*atriumserver.ResumeMemberResult, error) {
	return serve[atriumserver.ResumeMemberResult](f, "ResumeMember", req)
}

func (f *fake) UpdateMember(ctx context.Context, req *atriumserver.UpdateMemberRequest) (*atriumserver.UpdateMemberResult, error) {
	return serve[atriumserver.UpdateMemberResult](f, "UpdateMember", req)
}

func (f *fake) UpdateUser(ctx context.Context, req *atriumserver.UpdateUserRequest) (*atriumserver.UpdateUserResult, error) {
	return serve[atriumserver.UpdateUserResult](f, "UpdateUser", req)
}

func (f *fake) VerifyMember(ctx context.Context, req *atriumserver.VerifyMemberRequest) (*atriumserver.VerifyMemberResult, error) {
	return serve[atriumserver.VerifyMemberResult](f, "VerifyMember", req)
}
