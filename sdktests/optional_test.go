package sdktests

import (
	"context"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/oapi-codegen/runtime/types"
)

// TestZeroValuedQueryParamsAreSent: Ptr(false), Ptr(int32(0)) and Ptr("")
// are sent; nil fields are left out.
func TestZeroValuedQueryParamsAreSent(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"institutions":[]}`))
	client := newTestClient(srv.URL)
	_, _, err := client.Institutions.ListInstitutions(context.Background(), &atrium.ListInstitutionsParams{
		Name:                          atrium.Ptr(""),
		Page:                          atrium.Ptr(int32(0)),
		SupportsAccountIdentification: atrium.Ptr(false),
		SupportsTransactionHistory:    atrium.Ptr(true),
		// RecordsPerPage, SupportsAccountStatement, SupportsAccountVerification: nil
	})
	if err != nil {
		t.Fatal(err)
	}
	req := srv.only(t)
	assertQuery(t, req.RawQuery, "name=&page=0&supports_account_identification=false&supports_transaction_history=true")
}

// TestEmptyParamsSendNoQuery: a non-nil params struct with only nil fields
// sends no query at all, not even a bare "?".
func TestEmptyParamsSendNoQuery(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"users":[]}`))
	client := newTestClient(srv.URL)
	if _, _, err := client.Users.ListUsers(context.Background(), &atrium.ListUsersParams{}); err != nil {
		t.Fatal(err)
	}
	eq(t, "request URI", srv.only(t).RequestURI, "/users")
	if _, _, err := client.Institutions.ListInstitutions(context.Background(), &atrium.ListInstitutionsParams{}); err != nil {
		t.Fatal(err)
	}
	eq(t, "request URI", srv.only(t).RequestURI, "/institutions")
}

// TestDateParamsUseTheCalendarDate: a types.Date is sent as YYYY-MM-DD of
// the date as given, whatever the location of its time.Time.
func TestDateParamsUseTheCalendarDate(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"transactions":[]}`))
	client := newTestClient(srv.URL)
	_, _, err := client.Transactions.ListUserTransactions(context.Background(), "USR-1", &atrium.ListUserTransactionsParams{
		FromDate: &types.Date{Time: time.Date(2024, 1, 2, 23, 30, 0, 0, time.FixedZone("EST", -5*3600))},
		ToDate:   &types.Date{Time: time.Date(2024, 12, 31, 0, 30, 0, 0, time.FixedZone("LINT", 14*3600))},
	})
	if err != nil {
		t.Fatal(err)
	}
	req := srv.only(t)
	assertQuery(t, req.RawQuery, "from_date=2024-01-02&to_date=2024-12-31")
}

// TestZeroValuedBodyFieldsAreSent: in JSON bodies, Ptr(false) and Ptr("")
// are sent and nil fields are absent (not null).
func TestZeroValuedBodyFieldsAreSent(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"user":{"guid":"USR-1"}}`))
	client := newTestClient(srv.URL)
	ctx := context.Background()

	_, _, err := client.Users.UpdateUser(ctx, "USR-1", &atrium.UserUpdateRequestBody{User: atrium.User{
		IsDisabled: atrium.Ptr(false),
		Metadata:   atrium.Ptr(""),
		// GUID and Identifier nil: absent.
	}})
	if err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, srv.only(t).Body, `{"user":{"is_disabled":false,"metadata":""}}`)

	if _, _, err := client.Users.UpdateUser(ctx, "USR-1", &atrium.UserUpdateRequestBody{}); err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, srv.only(t).Body, `{"user":{}}`)

	srv.setReply(jsonReply(200, `{"user":{"guid":"USR-1","connect_widget_url":"https://x"}}`))
	_, _, err = client.ConnectWidget.GetConnectWidget(ctx, "USR-1", atrium.ConnectWidgetRequestBody{
		IsMobileWebview:  atrium.Ptr(false),
		UIMessageVersion: atrium.Ptr(0.0),
		Mode:             atrium.Ptr(""),
	})
	if err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, srv.only(t).Body, `{"is_mobile_webview":false,"ui_message_version":0,"mode":""}`)

	if _, _, err := client.ConnectWidget.GetConnectWidget(ctx, "USR-1", atrium.ConnectWidgetRequestBody{}); err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, srv.only(t).Body, `{}`)

	srv.setReply(jsonReply(202, memberJSON("MBR-1")))
	_, _, err = client.Members.CreateMember(ctx, "USR-1", atrium.MemberCreateRequestBody{Member: atrium.MemberCreateRequest{
		Credentials:     []atrium.CredentialRequest{{GUID: "CRD-1", Value: ""}},
		InstitutionCode: "mxbank",
		IsOauth:         atrium.Ptr(false),
		SkipAggregation: atrium.Ptr(false),
		Identifier:      atrium.Ptr(""),
	}})
	if err != nil {
		t.Fatal(err)
	}
	assertJSONEqual(t, srv.only(t).Body, `{"member":{"credentials":[{"guid":"CRD-1","value":""}],"institution_code":"mxbank",`+
		`"is_oauth":false,"skip_aggregation":false,"identifier":""}}`)
}

// TestNilOptionalBodyIsNotSent: the update operations take an optional body;
// nil sends no body and no Content-Type.
func TestNilOptionalBodyIsNotSent(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"user":{"guid":"USR-1"}}`))
	client := newTestClient(srv.URL)
	if _, _, err := client.Users.UpdateUser(context.Background(), "USR-1", nil); err != nil {
		t.Fatal(err)
	}
	req := srv.only(t)
	eq(t, "method", req.Method, "PUT")
	eq(t, "body length", len(req.Body), 0)
	eq(t, "Content-Type", req.Header.Get("Content-Type"), "")

	srv.setReply(jsonReply(200, memberJSON("MBR-1")))
	if _, _, err := client.Members.UpdateMember(context.Background(), "USR-1", "MBR-1", nil); err != nil {
		t.Fatal(err)
	}
	req = srv.only(t)
	eq(t, "body length", len(req.Body), 0)
	eq(t, "Content-Type", req.Header.Get("Content-Type"), "")
}
