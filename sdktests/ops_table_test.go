package sdktests

import (
	"context"
	"fmt"
	"io"
	"maps"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// pathArgs maps path parameter names (as in operations.tsv) to values.
type pathArgs map[string]string

// defaultArgs are distinctive values for every path parameter; no two are
// alike, so an argument passed in the wrong position shows in the path.
var defaultArgs = pathArgs{
	"user_guid":              "USR-fa7537f3",
	"member_guid":            "MBR-7c6f361b",
	"account_guid":           "ACT-06d7f44b",
	"holding_guid":           "HOL-d65683e8",
	"institution_code":       "mxbank_inst",
	"merchant_guid":          "MCH-b8b9b5b3",
	"merchant_location_guid": "MCL-00024e59",
	"statement_guid":         "STA-737a344b",
	"transaction_guid":       "TRN-265abee9",
}

func (a pathArgs) with(name, value string) pathArgs {
	out := maps.Clone(a)
	out[name] = value
	return out
}

// opCase drives one operation through the SDK.
type opCase struct {
	op string // operationId, as in operations.tsv
	// call invokes the SDK method with the path arguments in a; withParams
	// selects a fully populated params struct instead of nil.
	call func(ctx context.Context, c *atrium.Client, a pathArgs, withParams bool) (any, *atrium.Response, error)
	// query is the expected query string when withParams is set ("" when
	// the operation takes no query parameters).
	query string
	// body is the expected JSON request body ("" when none is sent).
	body string
	// resp is the response body the server sends on success.
	resp string
	// check asserts the decoded result.
	check func(t *testing.T, v any)
	// kind is how results come back: json (default), empty (deletes) or stream.
	kind resultKind
}

type resultKind int

const (
	kindJSON resultKind = iota
	kindEmpty
	kindStream
)

func as[T any](t *testing.T, v any) *T {
	t.Helper()
	p, ok := v.(*T)
	if !ok || p == nil {
		t.Fatalf("result is %T (%v), want non-nil %T", v, v, p)
	}
	return p
}

const pagination = `"pagination":{"current_page":2,"per_page":50,"total_entries":51,"total_pages":2}`

func checkPagination(t *testing.T, p *atrium.Pagination) {
	t.Helper()
	pg := val(t, "pagination", p)
	eq(t, "pagination.current_page", val(t, "current_page", pg.CurrentPage), 2)
	eq(t, "pagination.per_page", val(t, "per_page", pg.PerPage), 50)
	eq(t, "pagination.total_entries", val(t, "total_entries", pg.TotalEntries), 51)
	eq(t, "pagination.total_pages", val(t, "total_pages", pg.TotalPages), 2)
}

func memberJSON(guid string) string {
	return fmt.Sprintf(`{"member":{"aggregated_at":"2016-10-13T18:07:57Z","connection_status":"CONNECTED","guid":%q,`+
		`"identifier":"unique_id","institution_code":"mxbank","is_being_aggregated":false,"is_oauth":false,`+
		`"metadata":"{\"credentials_last_refreshed_at\": \"2015-10-15\"}","name":"MX Bank","oauth_window_uri":null,`+
		`"status":"COMPLETED","successfully_aggregated_at":"2016-10-13T17:57:38Z","user_guid":"USR-fa7537f3","future_field":{"x":1}}}`, guid)
}

func checkMember(guid string) func(t *testing.T, v any) {
	return func(t *testing.T, v any) {
		m := val(t, "member", as[atrium.MemberResponseBody](t, v).Member)
		eq(t, "member.guid", val(t, "guid", m.GUID), guid)
		eq(t, "member.connection_status", val(t, "connection_status", m.ConnectionStatus), atrium.ConnectionStatusConnected)
		eq(t, "member.status", val(t, "status", m.Status), atrium.MemberStatusCompleted)
		eq(t, "member.is_being_aggregated", val(t, "is_being_aggregated", m.IsBeingAggregated), false)
		eq(t, "member.aggregated_at", val(t, "aggregated_at", m.AggregatedAt).Equal(ts("2016-10-13T18:07:57Z")), true)
		if m.OauthWindowURI != nil {
			t.Errorf("member.oauth_window_uri = %q, want nil for JSON null", *m.OauthWindowURI)
		}
	}
}

func accountJSON(guid string) string {
	return fmt.Sprintf(`{"account_number":"5366","apr":1.0,"apy":1.0,"available_balance":1000.0,"balance":12345678901.23,`+
		`"created_at":"2016-10-13T18:08:00Z","currency_code":"USD","day_payment_is_due":20,"guid":%q,"institution_code":"mxbank",`+
		`"is_closed":false,"matures_on":"2020-01-31","member_guid":"MBR-7c6f361b","name":"Test account 2","subtype":"NONE",`+
		`"type":"SAVINGS","updated_at":"2016-10-13T18:09:00Z","user_guid":"USR-fa7537f3"}`, guid)
}

func checkAccount(t *testing.T, a *atrium.Account, guid string) {
	t.Helper()
	acc := val(t, "account", a)
	eq(t, "account.guid", val(t, "guid", acc.GUID), guid)
	eq(t, "account.balance", val(t, "balance", acc.Balance), 12345678901.23)
	eq(t, "account.day_payment_is_due", val(t, "day_payment_is_due", acc.DayPaymentIsDue), 20)
	eq(t, "account.matures_on", val(t, "matures_on", acc.MaturesOn).String(), "2020-01-31")
	eq(t, "account.is_closed", val(t, "is_closed", acc.IsClosed), false)
}

func transactionJSON(guid string) string {
	return fmt.Sprintf(`{"account_guid":"ACT-06d7f44b","amount":61.11,"category":"Groceries","check_number":15234,`+
		`"check_number_string":"00015234","created_at":"2016-10-06T09:43:42Z","currency_code":"USD","date":"2013-09-23",`+
		`"description":"Whole Foods","guid":%q,"is_bill_pay":false,"is_direct_deposit":false,"is_expense":true,"is_fee":false,`+
		`"is_income":false,"is_international":false,"is_overdraft_fee":false,"is_payroll_advance":false,"latitude":-43.2075,`+
		`"longitude":139.691706,"member_guid":"MBR-7c6f361b","memo":null,"merchant_category_code":5411,`+
		`"merchant_guid":"MCH-7ed79542-884d-2b1b-dd74-501c5cc9d25b","original_description":"WHOLEFDS TSQ 102",`+
		`"posted_at":"2016-10-07T06:00:00Z","status":"POSTED","top_level_category":"Food & Dining",`+
		`"transacted_at":"2016-10-06T13:00:00Z","type":"DEBIT","updated_at":"2016-10-07T05:49:12Z","user_guid":"USR-fa7537f3"}`, guid)
}

func checkTransaction(t *testing.T, tr *atrium.Transaction, guid string) {
	t.Helper()
	x := val(t, "transaction", tr)
	eq(t, "transaction.guid", val(t, "guid", x.GUID), guid)
	eq(t, "transaction.amount", val(t, "amount", x.Amount), 61.11)
	eq(t, "transaction.date", val(t, "date", x.Date).String(), "2013-09-23")
	eq(t, "transaction.posted_at", val(t, "posted_at", x.PostedAt).Equal(ts("2016-10-07T06:00:00Z")), true)
	eq(t, "transaction.check_number_string", val(t, "check_number_string", x.CheckNumberString), "00015234")
	eq(t, "transaction.is_expense", val(t, "is_expense", x.IsExpense), true)
	if x.Memo != nil {
		t.Errorf("transaction.memo = %q, want nil for JSON null", *x.Memo)
	}
}

func holdingJSON(guid string) string {
	return fmt.Sprintf(`{"account_guid":"ACT-06d7f44b","cost_basis":827.0,"created_at":"2015-04-13T18:01:23Z","currency_code":"USD",`+
		`"cusip":"18383M878","daily_change":2.5,"description":"Guggenheim Defensive Equity ETF","guid":%q,"holding_type":"MONEY_MARKET",`+
		`"market_value":29.5,"member_guid":"MBR-7c6f361b","purchase_price":1.0,"shares":6.0,"symbol":"DEF",`+
		`"updated_at":"2015-04-13T18:01:23Z","user_guid":"USR-fa7537f3"}`, guid)
}

func checkHolding(t *testing.T, h *atrium.Holding, guid string) {
	t.Helper()
	x := val(t, "holding", h)
	eq(t, "holding.guid", val(t, "guid", x.GUID), guid)
	eq(t, "holding.symbol", val(t, "symbol", x.Symbol), "DEF")
	eq(t, "holding.shares", val(t, "shares", x.Shares), 6.0)
}

const credentialsJSON = `{"credentials":[{"field_name":"login_email","guid":"CRD-1ec152cd-e628-e81a-e852-d1e7104624da",` +
	`"label":"Username","type":"LOGIN"},{"field_name":"login_password","guid":"CRD-1ec152cd-e628-e81a-e852-d1e7104624db",` +
	`"label":"Password","type":"PASSWORD","options":[{"label":"a","value":"b"}]}]}`

func checkCredentials(t *testing.T, v any) {
	b := as[atrium.CredentialsResponseBody](t, v)
	if len(b.Credentials) != 2 {
		t.Fatalf("got %d credentials, want 2", len(b.Credentials))
	}
	eq(t, "credentials[0].guid", val(t, "guid", b.Credentials[0].GUID), "CRD-1ec152cd-e628-e81a-e852-d1e7104624da")
	eq(t, "credentials[1].type", val(t, "type", b.Credentials[1].Type), "PASSWORD")
	eq(t, "credentials[1].options[0].value", val(t, "value", b.Credentials[1].Options[0].Value), "b")
}

const accountNumbersJSON = `{"account_numbers":[{"account_guid":"ACT-82a93692-f756-534f-9b2e-ad10a0f38462",` +
	`"account_number":"0000000123","institution_number":null,"member_guid":"MBR-7c6f361b","routing_number":"033000033",` +
	`"transit_number":null,"user_guid":"USR-fa7537f3"}]}`

func checkAccountNumbers(t *testing.T, v any) {
	b := as[atrium.AccountNumbersResponseBody](t, v)
	if len(b.AccountNumbers) != 1 {
		t.Fatalf("got %d account numbers, want 1", len(b.AccountNumbers))
	}
	n := b.AccountNumbers[0]
	eq(t, "account_number", val(t, "account_number", n.AccountNumber), "0000000123")
	eq(t, "routing_number", val(t, "routing_number", n.RoutingNumber), "033000033")
	if n.TransitNumber != nil {
		t.Errorf("transit_number = %q, want nil", *n.TransitNumber)
	}
}

func statementJSON(guid string) string {
	return fmt.Sprintf(`{"account_guid":"ACT-06d7f44b","content_hash":"ca53785b812d00ef821c3d94bfd6e5bbc0020504410589b7ea8552169f021981",`+
		`"created_at":"2016-10-13T18:08:00Z","guid":%q,"member_guid":"MBR-7c6f361b",`+
		`"uri":"/users/USR-fa7537f3/members/MBR-7c6f361b/statements/%s.pdf","user_guid":"USR-fa7537f3","updated_at":"2016-10-13T18:09:00Z"}`, guid, guid)
}

func merchantJSON(guid string) string {
	return fmt.Sprintf(`{"created_at":"2017-04-20T19:30:12Z","guid":%q,"logo_url":"https://s3.amazonaws.com/MD_Assets/merchant_logos/comcast.png",`+
		`"name":"Comcast","updated_at":"2018-09-28T21:13:53Z","website_url":"https://www.xfinity.com"}`, guid)
}

func merchantLocationJSON(guid string) string {
	return fmt.Sprintf(`{"city":"Greenwood Village","guid":%q,"latitude":39.5963005,"longitude":-104.89158,`+
		`"merchant_guid":"MCH-b8b9b5b3","phone_number":"(303) 689-0000","postal_code":"80111","state":"CO",`+
		`"store_number":"0042","street_address":"8000 E Belleview Ave"}`, guid)
}

func institutionJSON(code string) string {
	return fmt.Sprintf(`{"code":%q,"medium_logo_url":"https://atrium.mx.com/medium_logo_100w.png","name":"MX Bank",`+
		`"small_logo_url":"https://atrium.mx.com/small_logo_50w.png","supports_account_identification":true,`+
		`"supports_account_statement":false,"supports_account_verification":true,"supports_oauth":false,`+
		`"supports_transaction_history":true,"url":"https://www.mx.com"}`, code)
}

func userJSON(guid string) string {
	return fmt.Sprintf(`{"guid":%q,"identifier":"partner-user-1","is_disabled":false,"metadata":"{\"first_name\": \"Steven\"}"}`, guid)
}

const pdfBytes = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

func p32(v int32) *int32 { return atrium.Ptr(v) }

// opCases covers every operation of operations.tsv; TestOperationTableCoversSpec
// cross-checks the two.
var opCases = []opCase{
	// Accounts
	{
		op: "ListAccountTransactions",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListAccountTransactionsParams
			if p {
				params = &atrium.ListAccountTransactionsParams{FromDate: date(2024, 1, 2), ToDate: date(2024, 3, 4), Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Accounts.ListAccountTransactions(ctx, a["user_guid"], a["account_guid"], params))
		},
		query: "from_date=2024-01-02&to_date=2024-03-04&page=2&records_per_page=50",
		resp:  `{"transactions":[` + transactionJSON("TRN-acct-1") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.TransactionsResponseBody](t, v)
			if len(b.Transactions) != 1 {
				t.Fatalf("got %d transactions", len(b.Transactions))
			}
			checkTransaction(t, &b.Transactions[0], "TRN-acct-1")
			checkPagination(t, b.Pagination)
		},
	},
	{
		op: "ListUserAccounts",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListUserAccountsParams
			if p {
				params = &atrium.ListUserAccountsParams{Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Accounts.ListUserAccounts(ctx, a["user_guid"], params))
		},
		query: "page=2&records_per_page=50",
		resp:  `{"accounts":[` + accountJSON("ACT-user-1") + `,` + accountJSON("ACT-user-2") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.AccountsResponseBody](t, v)
			if len(b.Accounts) != 2 {
				t.Fatalf("got %d accounts", len(b.Accounts))
			}
			checkAccount(t, &b.Accounts[0], "ACT-user-1")
			checkAccount(t, &b.Accounts[1], "ACT-user-2")
			checkPagination(t, b.Pagination)
		},
	},
	{
		op: "ReadAccount",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Accounts.ReadAccount(ctx, a["user_guid"], a["account_guid"]))
		},
		resp:  `{"account":` + accountJSON("ACT-read-1") + `}`,
		check: func(t *testing.T, v any) { checkAccount(t, as[atrium.AccountResponseBody](t, v).Account, "ACT-read-1") },
	},
	{
		op: "ReadAccountByMemberGUID",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Accounts.ReadAccountByMemberGUID(ctx, a["user_guid"], a["member_guid"], a["account_guid"]))
		},
		resp: `{"account":` + accountJSON("ACT-bymember-1") + `}`,
		check: func(t *testing.T, v any) {
			checkAccount(t, as[atrium.AccountResponseBody](t, v).Account, "ACT-bymember-1")
		},
	},
	// ConnectWidget
	{
		op: "GetConnectWidget",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.ConnectWidget.GetConnectWidget(ctx, a["user_guid"], atrium.ConnectWidgetRequestBody{
				IsMobileWebview:           atrium.Ptr(true),
				CurrentMemberGUID:         atrium.Ptr("MBR-7c6f361b"),
				Mode:                      atrium.Ptr("verification"),
				UIMessageVersion:          atrium.Ptr(4.0),
				UIMessageWebviewURLScheme: atrium.Ptr("myapp://atrium"),
				DisableInstitutionSearch:  atrium.Ptr(false),
			}))
		},
		body: `{"is_mobile_webview":true,"current_member_guid":"MBR-7c6f361b","mode":"verification","ui_message_version":4,` +
			`"ui_message_webview_url_scheme":"myapp://atrium","disable_institution_search":false}`,
		resp: `{"user":{"connect_widget_url":"https://int-widgets.moneydesktop.com/md/connect/yxcdk7f1nb99jwApp34lA24m0AZ8rzprgmw17gm8z8h2AzjyAnd1rj42qfv42r3xnn07Amfwlg3j09hwp8bkq8tc5z21j33xjggmp2qtlpkz2v4gywfhfn31l44tx2w91bfc2thc58j4syqp0hgxcyvA4g7754hk7gjc56kt7tc36s45mmkdz2jqqqydspytmtr3dAb9jh6fkb24f3zkfpdjj0v77f0vmrtzvzxkmxz7dklsq8gd0gstkbhlw5bgpgc3m9mAtpAcr2w15gwy5xc4blgxppl42Avnm63291z7cjAkr7Ad1q9mv2kggd2g0mAbyqsx6gkdmbtcnsrvn6sd4rfdb8j0yt7hdlyg25nskwdm6rlmyl6xv1t0Adt0ggf8ql83hg8rk4b3hdqqrl7h5c3lnjw2zc2tbwdq6hzmxpsv1skyg6n3Ab2ns00dp11xxkcw82ylb5ckf0k6dAtxdsm15y6k8zt0pxkgr4z3nwqhv3vqj9vq0k60ztl84hp7vj49l3wmhrb45vwn6whmwl8k7s0s1mnk9f4c0","guid":"USR-fa7537f3"}}`,
		check: func(t *testing.T, v any) {
			u := val(t, "user", as[atrium.ConnectWidgetResponseBody](t, v).User)
			eq(t, "user.guid", val(t, "guid", u.GUID), "USR-fa7537f3")
			if got := val(t, "connect_widget_url", u.ConnectWidgetURL); len(got) < 100 {
				t.Errorf("connect_widget_url = %q", got)
			}
		},
	},
	// Holdings
	{
		op: "ListHoldings",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListHoldingsParams
			if p {
				params = &atrium.ListHoldingsParams{Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Holdings.ListHoldings(ctx, a["user_guid"], params))
		},
		query: "page=2&records_per_page=50",
		resp:  `{"holdings":[` + holdingJSON("HOL-list-1") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.HoldingsResponseBody](t, v)
			if len(b.Holdings) != 1 {
				t.Fatalf("got %d holdings", len(b.Holdings))
			}
			checkHolding(t, &b.Holdings[0], "HOL-list-1")
			checkPagination(t, b.Pagination)
		},
	},
	{
		op: "ListHoldingsByAccount",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListHoldingsByAccountParams
			if p {
				params = &atrium.ListHoldingsByAccountParams{Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Holdings.ListHoldingsByAccount(ctx, a["user_guid"], a["account_guid"], params))
		},
		query: "page=2&records_per_page=50",
		resp:  `{"holdings":[` + holdingJSON("HOL-byacct-1") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.HoldingsResponseBody](t, v)
			if len(b.Holdings) != 1 {
				t.Fatalf("got %d holdings", len(b.Holdings))
			}
			checkHolding(t, &b.Holdings[0], "HOL-byacct-1")
		},
	},
	{
		op: "ListHoldingsByMember",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListHoldingsByMemberParams
			if p {
				params = &atrium.ListHoldingsByMemberParams{Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Holdings.ListHoldingsByMember(ctx, a["user_guid"], a["member_guid"], params))
		},
		query: "page=2&records_per_page=50",
		resp:  `{"holdings":[` + holdingJSON("HOL-bymbr-1") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.HoldingsResponseBody](t, v)
			if len(b.Holdings) != 1 {
				t.Fatalf("got %d holdings", len(b.Holdings))
			}
			checkHolding(t, &b.Holdings[0], "HOL-bymbr-1")
		},
	},
	{
		op: "ReadHolding",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Holdings.ReadHolding(ctx, a["user_guid"], a["holding_guid"]))
		},
		resp:  `{"holding":` + holdingJSON("HOL-read-1") + `}`,
		check: func(t *testing.T, v any) { checkHolding(t, as[atrium.HoldingResponseBody](t, v).Holding, "HOL-read-1") },
	},
	// Identity
	{
		op: "IdentifyMember",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Identity.IdentifyMember(ctx, a["user_guid"], a["member_guid"], nil))
		},
		resp:  memberJSON("MBR-identify"),
		check: checkMember("MBR-identify"),
	},
	{
		op: "ListAccountOwners",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Identity.ListAccountOwners(ctx, a["user_guid"], a["member_guid"]))
		},
		resp: `{"account_owners":[{"account_guid":"ACT-06d7f44b","address":"123 This Way","city":"Middlesex","country":"US",` +
			`"email":"donnie@darko.co","guid":"ACO-63dc7714-6fc0-4aa2-a069-c06cdccd1af9","member_guid":"MBR-7c6f361b",` +
			`"owner_name":"Donnie Darko","postal_code":"00000-0000","state":"VA","user_guid":"USR-fa7537f3"}]}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.AccountOwnersResponseBody](t, v)
			if len(b.AccountOwners) != 1 {
				t.Fatalf("got %d owners", len(b.AccountOwners))
			}
			eq(t, "owner.guid", val(t, "guid", b.AccountOwners[0].GUID), "ACO-63dc7714-6fc0-4aa2-a069-c06cdccd1af9")
			eq(t, "owner.owner_name", val(t, "owner_name", b.AccountOwners[0].OwnerName), "Donnie Darko")
		},
	},
	// Institutions
	{
		op: "ListInstitutions",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListInstitutionsParams
			if p {
				params = &atrium.ListInstitutionsParams{
					Name: atrium.Ptr("MX Bank & Trust"), Page: p32(2), RecordsPerPage: p32(50),
					SupportsAccountIdentification: atrium.Ptr(true), SupportsAccountStatement: atrium.Ptr(false),
					SupportsAccountVerification: atrium.Ptr(true), SupportsTransactionHistory: atrium.Ptr(false),
				}
			}
			return ret(c.Institutions.ListInstitutions(ctx, params))
		},
		query: "name=MX%20Bank%20%26%20Trust&page=2&records_per_page=50&supports_account_identification=true" +
			"&supports_account_statement=false&supports_account_verification=true&supports_transaction_history=false",
		resp: `{"institutions":[` + institutionJSON("mxbank") + `,` + institutionJSON("mx_bank_oauth") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.InstitutionsResponseBody](t, v)
			if len(b.Institutions) != 2 {
				t.Fatalf("got %d institutions", len(b.Institutions))
			}
			eq(t, "institutions[1].code", val(t, "code", b.Institutions[1].Code), "mx_bank_oauth")
			eq(t, "institutions[0].supports_account_statement", val(t, "sas", b.Institutions[0].SupportsAccountStatement), false)
			checkPagination(t, b.Pagination)
		},
	},
	{
		op: "ReadInstitution",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Institutions.ReadInstitution(ctx, a["institution_code"]))
		},
		resp: `{"institution":` + institutionJSON("mxbank_read") + `}`,
		check: func(t *testing.T, v any) {
			in := val(t, "institution", as[atrium.InstitutionResponseBody](t, v).Institution)
			eq(t, "institution.code", val(t, "code", in.Code), "mxbank_read")
			eq(t, "institution.supports_account_identification", val(t, "sai", in.SupportsAccountIdentification), true)
		},
	},
	{
		op: "ReadInstitutionCredentials",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Institutions.ReadInstitutionCredentials(ctx, a["institution_code"]))
		},
		resp:  credentialsJSON,
		check: checkCredentials,
	},
	// Members
	{
		op: "AggregateMember",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Members.AggregateMember(ctx, a["user_guid"], a["member_guid"]))
		},
		resp:  memberJSON("MBR-aggregate"),
		check: checkMember("MBR-aggregate"),
	},
	{
		op: "AggregateMemberBalances",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Members.AggregateMemberBalances(ctx, a["user_guid"], a["member_guid"]))
		},
		resp:  memberJSON("MBR-balance"),
		check: checkMember("MBR-balance"),
	},
	{
		op: "CreateMember",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Members.CreateMember(ctx, a["user_guid"], atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{
				Credentials: []atrium.CredentialRequest{
					{GUID: "CRD-username", Value: "test_atrium"},
					{GUID: "CRD-password", Value: "password"},
				},
				InstitutionCode: "mxbank",
				Identifier:      atrium.Ptr("unique_id"),
				Metadata:        atrium.Ptr(`{"credentials_last_refreshed_at": "2015-10-15"}`),
				ReferralSource:  atrium.Ptr(atrium.MemberCreateRequestReferralSourceApp),
				SkipAggregation: atrium.Ptr(false),
			}}))
		},
		body: `{"member":{"credentials":[{"guid":"CRD-username","value":"test_atrium"},{"guid":"CRD-password","value":"password"}],` +
			`"institution_code":"mxbank","identifier":"unique_id","metadata":"{\"credentials_last_refreshed_at\": \"2015-10-15\"}",` +
			`"referral_source":"APP","skip_aggregation":false}}`,
		resp:  memberJSON("MBR-created"),
		check: checkMember("MBR-created"),
	},
	{
		op: "DeleteMember",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			resp, err := c.Members.DeleteMember(ctx, a["user_guid"], a["member_guid"])
			return nil, resp, err
		},
		kind: kindEmpty,
	},
	{
		op: "ExtendHistory",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Members.ExtendHistory(ctx, a["user_guid"], a["member_guid"]))
		},
		resp:  memberJSON("MBR-extend"),
		check: checkMember("MBR-extend"),
	},
	{
		op: "ListMemberAccounts",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListMemberAccountsParams
			if p {
				params = &atrium.ListMemberAccountsParams{Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Members.ListMemberAccounts(ctx, a["user_guid"], a["member_guid"], params))
		},
		query: "page=2&records_per_page=50",
		resp:  `{"accounts":[` + accountJSON("ACT-mbr-1") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.AccountsResponseBody](t, v)
			if len(b.Accounts) != 1 {
				t.Fatalf("got %d accounts", len(b.Accounts))
			}
			checkAccount(t, &b.Accounts[0], "ACT-mbr-1")
			checkPagination(t, b.Pagination)
		},
	},
	{
		op: "ListMemberCredentials",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Members.ListMemberCredentials(ctx, a["user_guid"], a["member_guid"]))
		},
		resp:  credentialsJSON,
		check: checkCredentials,
	},
	{
		op: "ListMemberMFAChallenges",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Members.ListMemberMFAChallenges(ctx, a["user_guid"], a["member_guid"]))
		},
		resp: `{"challenges":[{"field_name":null,"guid":"CRD-ce76d2e3-86bd-ec4a-ec52-eb53b5194bf5","label":"What city were you born in?",` +
			`"type":"TEXT"},{"guid":"CRD-options","label":"Pick one","type":"OPTIONS","options":[{"label":"correct","value":"correct"}],` +
			`"image_options":[{"data_uri":"data:image/png;base64,iVBORw0KGgo=","label":"cat","value":"img-1"}]}]}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.ChallengesResponseBody](t, v)
			if len(b.Challenges) != 2 {
				t.Fatalf("got %d challenges", len(b.Challenges))
			}
			eq(t, "challenges[0].guid", val(t, "guid", b.Challenges[0].GUID), "CRD-ce76d2e3-86bd-ec4a-ec52-eb53b5194bf5")
			eq(t, "challenges[1].options[0].value", val(t, "value", b.Challenges[1].Options[0].Value), "correct")
			eq(t, "challenges[1].image_options[0].value", val(t, "value", b.Challenges[1].ImageOptions[0].Value), "img-1")
		},
	},
	{
		op: "ListMemberTransactions",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListMemberTransactionsParams
			if p {
				params = &atrium.ListMemberTransactionsParams{FromDate: date(2024, 1, 2), ToDate: date(2024, 3, 4), Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Members.ListMemberTransactions(ctx, a["user_guid"], a["member_guid"], params))
		},
		query: "from_date=2024-01-02&to_date=2024-03-04&page=2&records_per_page=50",
		resp:  `{"transactions":[` + transactionJSON("TRN-mbr-1") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.TransactionsResponseBody](t, v)
			if len(b.Transactions) != 1 {
				t.Fatalf("got %d transactions", len(b.Transactions))
			}
			checkTransaction(t, &b.Transactions[0], "TRN-mbr-1")
		},
	},
	{
		op: "ListMembers",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListMembersParams
			if p {
				params = &atrium.ListMembersParams{Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Members.ListMembers(ctx, a["user_guid"], params))
		},
		query: "page=2&records_per_page=50",
		resp: `{"members":[{"guid":"MBR-list-1","connection_status":"CHALLENGED","is_being_aggregated":true},` +
			`{"guid":"MBR-list-2","connection_status":"SOME_FUTURE_STATUS"}],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.MembersResponseBody](t, v)
			if len(b.Members) != 2 {
				t.Fatalf("got %d members", len(b.Members))
			}
			eq(t, "members[0].guid", val(t, "guid", b.Members[0].GUID), "MBR-list-1")
			eq(t, "members[0].connection_status", val(t, "cs", b.Members[0].ConnectionStatus), atrium.ConnectionStatusChallenged)
			eq(t, "members[1].connection_status (unknown value kept)", val(t, "cs", b.Members[1].ConnectionStatus), atrium.ConnectionStatus("SOME_FUTURE_STATUS"))
			checkPagination(t, b.Pagination)
		},
	},
	{
		op: "ReadMember",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Members.ReadMember(ctx, a["user_guid"], a["member_guid"]))
		},
		resp:  memberJSON("MBR-read"),
		check: checkMember("MBR-read"),
	},
	{
		op: "ReadMemberStatus",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Members.ReadMemberStatus(ctx, a["user_guid"], a["member_guid"]))
		},
		resp: `{"member":{"aggregated_at":"2016-10-13T18:07:57Z","challenges":[{"guid":"CRD-chal","label":"Q?","type":"TEXT"}],` +
			`"connection_status":"CHALLENGED","guid":"MBR-status","has_processed_accounts":true,"has_processed_transactions":false,` +
			`"is_authenticated":false,"is_being_aggregated":true,"status":"CHALLENGED","successfully_aggregated_at":null}}`,
		check: func(t *testing.T, v any) {
			m := val(t, "member", as[atrium.MemberConnectionStatusResponseBody](t, v).Member)
			eq(t, "member.guid", val(t, "guid", m.GUID), "MBR-status")
			eq(t, "member.connection_status", val(t, "cs", m.ConnectionStatus), atrium.ConnectionStatusChallenged)
			eq(t, "member.has_processed_transactions", val(t, "hpt", m.HasProcessedTransactions), false)
			if len(m.Challenges) != 1 || val(t, "challenge guid", m.Challenges[0].GUID) != "CRD-chal" {
				t.Errorf("member.challenges = %+v", m.Challenges)
			}
			if m.SuccessfullyAggregatedAt != nil {
				t.Errorf("successfully_aggregated_at = %v, want nil", m.SuccessfullyAggregatedAt)
			}
		},
	},
	{
		op: "ReadOAuthWindowURI",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ReadOAuthWindowURIParams
			if p {
				params = &atrium.ReadOAuthWindowURIParams{
					ReferralSource:            atrium.Ptr(atrium.ReadOAuthWindowURIReferralSourceApp),
					UIMessageWebviewURLScheme: atrium.Ptr("myapp://oauth/done?x=1"),
				}
			}
			return ret(c.Members.ReadOAuthWindowURI(ctx, a["user_guid"], a["member_guid"], params))
		},
		query: "referral_source=APP&ui_message_webview_url_scheme=myapp%3A%2F%2Foauth%2Fdone%3Fx%3D1",
		resp:  memberJSON("MBR-oauth"),
		check: checkMember("MBR-oauth"),
	},
	{
		op: "ResumeMember",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Members.ResumeMember(ctx, a["user_guid"], a["member_guid"], atrium.MemberResumeRequestBody{
				Member: atrium.MemberResumeRequest{Challenges: []atrium.CredentialRequest{
					{GUID: "CRD-ce76d2e3-86bd-ec4a-ec52-eb53b5194bf5", Value: "correct"},
					{GUID: "CRD-1ec152cd", Value: ""},
				}},
			}))
		},
		body:  `{"member":{"challenges":[{"guid":"CRD-ce76d2e3-86bd-ec4a-ec52-eb53b5194bf5","value":"correct"},{"guid":"CRD-1ec152cd","value":""}]}}`,
		resp:  memberJSON("MBR-resume"),
		check: checkMember("MBR-resume"),
	},
	{
		op: "UpdateMember",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Members.UpdateMember(ctx, a["user_guid"], a["member_guid"], &atrium.MemberUpdateRequestBody{
				Member: atrium.MemberUpdateRequest{
					Credentials: []atrium.CredentialRequest{{GUID: "CRD-password", Value: "new password"}},
					Metadata:    atrium.Ptr("updated"),
				},
			}))
		},
		body:  `{"member":{"credentials":[{"guid":"CRD-password","value":"new password"}],"metadata":"updated"}}`,
		resp:  memberJSON("MBR-update"),
		check: checkMember("MBR-update"),
	},
	// Merchants
	{
		op: "ListMerchantLocations",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListMerchantLocationsParams
			if p {
				params = &atrium.ListMerchantLocationsParams{Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Merchants.ListMerchantLocations(ctx, a["merchant_guid"], params))
		},
		query: "page=2&records_per_page=50",
		resp:  `{"merchant_locations":[` + merchantLocationJSON("MCL-list-1") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.MerchantLocationsResponseBody](t, v)
			if len(b.MerchantLocations) != 1 {
				t.Fatalf("got %d locations", len(b.MerchantLocations))
			}
			eq(t, "merchant_locations[0].guid", val(t, "guid", b.MerchantLocations[0].GUID), "MCL-list-1")
			eq(t, "merchant_locations[0].latitude", val(t, "lat", b.MerchantLocations[0].Latitude), 39.5963005)
			checkPagination(t, b.Pagination)
		},
	},
	{
		op: "ListMerchants",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListMerchantsParams
			if p {
				params = &atrium.ListMerchantsParams{Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Merchants.ListMerchants(ctx, params))
		},
		query: "page=2&records_per_page=50",
		resp:  `{"merchants":[` + merchantJSON("MCH-list-1") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.MerchantsResponseBody](t, v)
			if len(b.Merchants) != 1 {
				t.Fatalf("got %d merchants", len(b.Merchants))
			}
			eq(t, "merchants[0].guid", val(t, "guid", b.Merchants[0].GUID), "MCH-list-1")
			checkPagination(t, b.Pagination)
		},
	},
	{
		op: "ReadMerchant",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Merchants.ReadMerchant(ctx, a["merchant_guid"]))
		},
		resp: `{"merchant":` + merchantJSON("MCH-read-1") + `}`,
		check: func(t *testing.T, v any) {
			m := val(t, "merchant", as[atrium.MerchantResponseBody](t, v).Merchant)
			eq(t, "merchant.guid", val(t, "guid", m.GUID), "MCH-read-1")
			eq(t, "merchant.name", val(t, "name", m.Name), "Comcast")
		},
	},
	{
		op: "ReadMerchantLocation",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Merchants.ReadMerchantLocation(ctx, a["merchant_guid"], a["merchant_location_guid"]))
		},
		resp: `{"merchant_location":` + merchantLocationJSON("MCL-read-1") + `}`,
		check: func(t *testing.T, v any) {
			m := val(t, "merchant_location", as[atrium.MerchantLocationResponseBody](t, v).MerchantLocation)
			eq(t, "merchant_location.guid", val(t, "guid", m.GUID), "MCL-read-1")
			eq(t, "merchant_location.store_number", val(t, "store_number", m.StoreNumber), "0042")
		},
	},
	// Statements
	{
		op: "DownloadStatementPdf",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			// A nil io.ReadCloser becomes a nil any, unlike the pointers ret handles.
			return c.Statements.DownloadStatementPDF(ctx, a["user_guid"], a["member_guid"], a["statement_guid"])
		},
		resp: pdfBytes,
		kind: kindStream,
		check: func(t *testing.T, v any) {
			rc, ok := v.(io.ReadCloser)
			if !ok {
				t.Fatalf("result is %T, want io.ReadCloser", v)
			}
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatalf("reading PDF: %v", err)
			}
			if err := rc.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			eq(t, "pdf bytes", string(b), pdfBytes)
		},
	},
	{
		op: "FetchStatements",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Statements.FetchStatements(ctx, a["user_guid"], a["member_guid"]))
		},
		resp:  memberJSON("MBR-fetchstmt"),
		check: checkMember("MBR-fetchstmt"),
	},
	{
		op: "ListMemberStatements",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListMemberStatementsParams
			if p {
				params = &atrium.ListMemberStatementsParams{Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Statements.ListMemberStatements(ctx, a["user_guid"], a["member_guid"], params))
		},
		query: "page=2&records_per_page=50",
		resp:  `{"statements":[` + statementJSON("STA-list-1") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.StatementsResponseBody](t, v)
			if len(b.Statements) != 1 {
				t.Fatalf("got %d statements", len(b.Statements))
			}
			eq(t, "statements[0].guid", val(t, "guid", b.Statements[0].GUID), "STA-list-1")
			eq(t, "statements[0].uri", val(t, "uri", b.Statements[0].URI), "/users/USR-fa7537f3/members/MBR-7c6f361b/statements/STA-list-1.pdf")
			checkPagination(t, b.Pagination)
		},
	},
	{
		op: "ReadMemberStatement",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Statements.ReadMemberStatement(ctx, a["user_guid"], a["member_guid"], a["statement_guid"]))
		},
		// The wire key of a single statement is "statement" (the reference's
		// response sample; the original SDK read "user").
		resp: `{"statement":` + statementJSON("STA-read-1") + `}`,
		check: func(t *testing.T, v any) {
			s := val(t, "statement", as[atrium.StatementResponseBody](t, v).Statement)
			eq(t, "statement.guid", val(t, "guid", s.GUID), "STA-read-1")
			eq(t, "statement.created_at", val(t, "created_at", s.CreatedAt).Equal(ts("2016-10-13T18:08:00Z")), true)
		},
	},
	// Transactions
	{
		op: "CleanseAndCategorizeTransactions",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Transactions.CleanseAndCategorizeTransactions(ctx, atrium.TransactionsCleanseAndCategorizeRequestBody{
				Transactions: []atrium.TransactionCleanseAndCategorizeRequest{
					{Amount: atrium.Ptr(11.22), Description: "BEER BAR 65000000764SALT LAKE C", Identifier: "12", Type: atrium.Ptr("DEBIT")},
					{Amount: atrium.Ptr(0.0), Description: "IN N OUT BURGER #239", Identifier: "13", MerchantCategoryCode: atrium.Ptr(5812.0)},
				},
			}))
		},
		body: `{"transactions":[{"amount":11.22,"description":"BEER BAR 65000000764SALT LAKE C","identifier":"12","type":"DEBIT"},` +
			`{"amount":0,"description":"IN N OUT BURGER #239","identifier":"13","merchant_category_code":5812}]}`,
		resp: `{"transactions":[{"amount":11.22,"category":"Alcohol & Bars","description":"Beer Bar","identifier":"12","type":"DEBIT",` +
			`"is_bill_pay":false,"is_direct_deposit":false,"is_expense":true,"is_fee":false,"is_income":false,"is_international":false,` +
			`"is_overdraft_fee":false,"is_payroll_advance":false,"merchant_category_code":5813,"merchant_guid":"MCH-1234",` +
			`"original_description":"BEER BAR 65000000764SALT LAKE C"}]}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.TransactionsCleanseAndCategorizeResponseBody](t, v)
			if len(b.Transactions) != 1 {
				t.Fatalf("got %d transactions", len(b.Transactions))
			}
			eq(t, "transactions[0].identifier", val(t, "identifier", b.Transactions[0].Identifier), "12")
			eq(t, "transactions[0].category", val(t, "category", b.Transactions[0].Category), "Alcohol & Bars")
		},
	},
	{
		op: "ListUserTransactions",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListUserTransactionsParams
			if p {
				params = &atrium.ListUserTransactionsParams{FromDate: date(2024, 1, 2), ToDate: date(2024, 3, 4), Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Transactions.ListUserTransactions(ctx, a["user_guid"], params))
		},
		query: "page=2&from_date=2024-01-02&records_per_page=50&to_date=2024-03-04",
		resp:  `{"transactions":[` + transactionJSON("TRN-user-1") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.TransactionsResponseBody](t, v)
			if len(b.Transactions) != 1 {
				t.Fatalf("got %d transactions", len(b.Transactions))
			}
			checkTransaction(t, &b.Transactions[0], "TRN-user-1")
			checkPagination(t, b.Pagination)
		},
	},
	{
		op: "ReadTransaction",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Transactions.ReadTransaction(ctx, a["user_guid"], a["transaction_guid"]))
		},
		resp: `{"transaction":` + transactionJSON("TRN-read-1") + `}`,
		check: func(t *testing.T, v any) {
			checkTransaction(t, as[atrium.TransactionResponseBody](t, v).Transaction, "TRN-read-1")
		},
	},
	// Users
	{
		op: "CreateUser",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Users.CreateUser(ctx, atrium.UserCreateRequestBody{User: atrium.User{
				Identifier: atrium.Ptr("partner-user-1"),
				Metadata:   atrium.Ptr(`{"first_name": "Steven"}`),
				IsDisabled: atrium.Ptr(false),
			}}))
		},
		body: `{"user":{"identifier":"partner-user-1","metadata":"{\"first_name\": \"Steven\"}","is_disabled":false}}`,
		resp: `{"user":` + userJSON("USR-created") + `}`,
		check: func(t *testing.T, v any) {
			u := val(t, "user", as[atrium.UserResponseBody](t, v).User)
			eq(t, "user.guid", val(t, "guid", u.GUID), "USR-created")
			eq(t, "user.is_disabled", val(t, "is_disabled", u.IsDisabled), false)
		},
	},
	{
		op: "DeleteUser",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			resp, err := c.Users.DeleteUser(ctx, a["user_guid"])
			return nil, resp, err
		},
		kind: kindEmpty,
	},
	{
		op: "ListUsers",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			var params *atrium.ListUsersParams
			if p {
				params = &atrium.ListUsersParams{Page: p32(2), RecordsPerPage: p32(50)}
			}
			return ret(c.Users.ListUsers(ctx, params))
		},
		query: "page=2&records_per_page=50",
		resp:  `{"users":[` + userJSON("USR-list-1") + `,` + userJSON("USR-list-2") + `],` + pagination + `}`,
		check: func(t *testing.T, v any) {
			b := as[atrium.UsersResponseBody](t, v)
			if len(b.Users) != 2 {
				t.Fatalf("got %d users", len(b.Users))
			}
			eq(t, "users[1].guid", val(t, "guid", b.Users[1].GUID), "USR-list-2")
			checkPagination(t, b.Pagination)
		},
	},
	{
		op: "ReadUser",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Users.ReadUser(ctx, a["user_guid"]))
		},
		resp: `{"user":` + userJSON("USR-read") + `}`,
		check: func(t *testing.T, v any) {
			u := val(t, "user", as[atrium.UserResponseBody](t, v).User)
			eq(t, "user.guid", val(t, "guid", u.GUID), "USR-read")
			eq(t, "user.metadata", val(t, "metadata", u.Metadata), `{"first_name": "Steven"}`)
		},
	},
	{
		op: "UpdateUser",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Users.UpdateUser(ctx, a["user_guid"], &atrium.UserUpdateRequestBody{User: atrium.User{
				IsDisabled: atrium.Ptr(true), Metadata: atrium.Ptr("m2"),
			}}))
		},
		body: `{"user":{"is_disabled":true,"metadata":"m2"}}`,
		resp: `{"user":` + userJSON("USR-updated") + `}`,
		check: func(t *testing.T, v any) {
			eq(t, "user.guid", val(t, "guid", val(t, "user", as[atrium.UserResponseBody](t, v).User).GUID), "USR-updated")
		},
	},
	// Verification
	{
		op: "ListAccountNumbers",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Verification.ListAccountNumbers(ctx, a["user_guid"], a["member_guid"]))
		},
		resp:  accountNumbersJSON,
		check: checkAccountNumbers,
	},
	{
		op: "ListAccountNumbersByAccount",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Verification.ListAccountNumbersByAccount(ctx, a["user_guid"], a["account_guid"]))
		},
		resp:  accountNumbersJSON,
		check: checkAccountNumbers,
	},
	{
		op: "VerifyMember",
		call: func(ctx context.Context, c *atrium.Client, a pathArgs, p bool) (any, *atrium.Response, error) {
			return ret(c.Verification.VerifyMember(ctx, a["user_guid"], a["member_guid"], nil))
		},
		resp:  memberJSON("MBR-verify"),
		check: checkMember("MBR-verify"),
	},
}

// callTimeout bounds every call the tests make, so a hang fails fast.
const callTimeout = 5 * time.Second
