package servertests

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/atriumgen/atriumgen/generated/atriumserver"
)

const jsonType = "application/vnd.mx.atrium.v1+json"

// send makes a raw request and returns status, headers and the error
// message of an Atrium error body ("" when the body is not one).
func send(t *testing.T, method, url, contentType, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var e atrium.Error
	if json.Unmarshal(raw, &e) != nil || e.Error == nil || e.Error.Message == nil {
		return resp.StatusCode, resp.Header, ""
	}
	return resp.StatusCode, resp.Header, *e.Error.Message
}

// TestBadInput: bad parameters and bodies answer 400 with the Error body
// naming the parameter or field, and the Service is not called.
func TestBadInput(t *testing.T) {
	fk := newFake()
	fk.answer = func(op string) (any, error) { return nil, errors.New("the Service must not be called") }
	srv, _ := start(t, fk)
	cases := []struct {
		name, method, path, contentType, body, want string
	}{
		{"missing required field", "POST", "/users", "application/json", `{}`, `body: missing required field "user"`},
		{"missing nested field", "POST", "/users/U/members", "application/json",
			`{"member":{"institution_code":"mxbank","credentials":[{"guid":"CRD-1","value":"x"},{"guid":"CRD-2"}]}}`,
			`body: missing required field "member.credentials[1].value"`},
		{"unknown enum value", "POST", "/users/U/members", "application/json",
			`{"member":{"institution_code":"mxbank","credentials":[],"referral_source":"FAX"}}`,
			`body: field "member.referral_source": unknown value "FAX" (want one of BROWSER, APP)`},
		{"wrong JSON type", "POST", "/users", "application/json", `{"user":{"identifier":5}}`, `body: field "user.identifier": cannot use JSON number as string`},
		{"invalid JSON", "POST", "/users", "application/json", `{"user":`, `body: invalid JSON: unexpected EOF`},
		{"data after the value", "POST", "/users", "application/json", `{"user":{}} {}`, `body: invalid JSON: data after the value`},
		{"missing body", "POST", "/users", "application/json", ``, `body: missing request body`},
		// Finding 10 of issue 13: null is no body, and a null object
		// still misses the fields it requires.
		{"null body", "POST", "/users", "application/json", `null`, `body: missing request body (null)`},
		{"null required member", "POST", "/users/U/members", "application/json", `{"member":null}`, `body: required field "member" is null`},
		{"null required user", "POST", "/users", "application/json", `{"user":null}`, `body: required field "user" is null`},
		{"bad query type", "GET", "/users?page=abc", "", "", `invalid query parameter "page": `},
		{"unknown query enum value", "GET", "/users/U/members/M/oauth_window_uri?referral_source=FAX", "", "",
			`invalid query parameter "referral_source": unknown value "FAX" (want one of BROWSER, APP)`},
		{"bad query type, second param", "GET", "/users/U/transactions?page=1&from_date=yesterday", "", "", `invalid query parameter "from_date": `},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, h, msg := send(t, c.method, srv.URL+c.path, c.contentType, c.body)
			if status != http.StatusBadRequest {
				t.Fatalf("status %d (%q), want 400", status, msg)
			}
			if !strings.HasPrefix(msg, c.want) {
				t.Errorf("message %q, want it to start with %q", msg, c.want)
			}
			if h.Get("Content-Type") != jsonType {
				t.Errorf("Content-Type %q", h.Get("Content-Type"))
			}
			if len(fk.got) > 0 {
				t.Errorf("the Service was called: %v", fk.got)
			}
		})
	}
}

// TestWrongContentType: a body in a media type the operation does not take
// answers 415 naming the accepted type, and the Service is not called.
func TestWrongContentType(t *testing.T) {
	fk := newFake()
	fk.answer = func(op string) (any, error) { return nil, errors.New("the Service must not be called") }
	srv, _ := start(t, fk)
	status, h, msg := send(t, "POST", srv.URL+"/users", "text/plain", `{"user":{}}`)
	if status != http.StatusUnsupportedMediaType || msg != `unsupported Content-Type "text/plain": want application/json` || h.Get("Content-Type") != jsonType {
		t.Errorf("status %d, message %q, Content-Type %q", status, msg, h.Get("Content-Type"))
	}
	if len(fk.got) > 0 {
		t.Errorf("the Service was called: %v", fk.got)
	}
}

// TestLenientContentType: the declared type, application/json with a
// charset and a missing Content-Type are all accepted.
func TestLenientContentType(t *testing.T) {
	fk := newFake()
	fk.answer = func(op string) (any, error) {
		return &atriumserver.CreateUserResult{Body: &atrium.UserResponseBody{User: &atrium.User{GUID: atrium.Ptr("USR-1")}}}, nil
	}
	srv, _ := start(t, fk)
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "", jsonType} {
		status, h, msg := send(t, "POST", srv.URL+"/users", ct, `{"user":{"identifier":"a@b.c"}}`)
		if status != http.StatusOK || h.Get("Content-Type") != jsonType {
			t.Errorf("Content-Type %q: status %d (%q), response type %q", ct, status, msg, h.Get("Content-Type"))
		}
		req, _ := fk.take("CreateUser").(*atriumserver.CreateUserRequest)
		if req == nil || req.Body.User.Identifier == nil || *req.Body.User.Identifier != "a@b.c" {
			t.Errorf("Content-Type %q: request %+v", ct, req)
		}
	}
}

// TestRouting: unknown paths answer 404 and known paths with another method
// 405 with Allow, both with the Error body; a base path is stripped.
func TestRouting(t *testing.T) {
	fk := newFake()
	srv, _ := start(t, fk)
	status, _, msg := send(t, "GET", srv.URL+"/nope", "", "")
	if status != http.StatusNotFound || !strings.Contains(msg, "/nope") {
		t.Errorf("unknown path: %d %q", status, msg)
	}
	status, h, msg := send(t, "DELETE", srv.URL+"/institutions", "", "")
	if status != http.StatusMethodNotAllowed || h.Get("Allow") != "GET, HEAD" || msg == "" {
		t.Errorf("wrong method: %d Allow %q %q", status, h.Get("Allow"), msg)
	}
	status, h, _ = send(t, "PATCH", srv.URL+"/users/U", "", "")
	if status != http.StatusMethodNotAllowed || h.Get("Allow") != "DELETE, GET, HEAD, PUT" {
		t.Errorf("wrong method on /users/U: %d Allow %q", status, h.Get("Allow"))
	}
	// {statement_guid} and {statement_guid}.pdf share one ServeMux pattern.
	status, _, msg = send(t, "POST", srv.URL+"/users/U/members/M/statements/S.pdf", "", "")
	if status != http.StatusMethodNotAllowed {
		t.Errorf("POST .pdf: %d %q", status, msg)
	}

	fk.answer = func(op string) (any, error) {
		return &atriumserver.ReadUserResult{Body: &atrium.UserResponseBody{User: &atrium.User{GUID: atrium.Ptr("USR-1")}}}, nil
	}
	_, c0 := start(t, fk)
	for _, guid := range []string{".", "..", "a/b c", "%2F", "x.pdf", "?#&"} {
		if _, _, err := c0.Users.ReadUser(context.Background(), guid); err != nil {
			t.Errorf("ReadUser(%q): %v", guid, err)
		}
		if req, _ := fk.take("ReadUser").(*atriumserver.ReadUserRequest); req == nil || req.UserGUID != guid {
			t.Errorf("ReadUser(%q): request %+v", guid, req)
		}
	}
	prefixed, _ := start(t, fk, atriumserver.WithBaseURLPath("/v1/"))
	c := atrium.NewClient("k", "c", atrium.WithBaseURL(prefixed.URL+"/v1"))
	if _, _, err := c.Users.ReadUser(context.Background(), "USR-1"); err != nil {
		t.Errorf("with base path: %v", err)
	}
	if req, _ := fk.take("ReadUser").(*atriumserver.ReadUserRequest); req == nil || req.UserGUID != "USR-1" {
		t.Errorf("with base path: request %+v", req)
	}
	for _, p := range []string{"/users/USR-1", "/v10/users/USR-1"} {
		if status, _, _ := send(t, "GET", prefixed.URL+p, "", ""); status != http.StatusNotFound {
			t.Errorf("%s outside the base path: %d, want 404", p, status)
		}
	}
}

// TestServerErrors: a plain error, a nil body and an undeclared status
// answer 500 with a generic message and are logged; internals never reach
// the client.
func TestServerErrors(t *testing.T) {
	var logs bytes.Buffer
	fk := newFake()
	_, c := start(t, fk, atriumserver.WithErrorLog(slog.New(slog.NewTextHandler(&logs, nil))))
	cases := []struct {
		name   string
		answer any
		err    error
		log    string
	}{
		{"plain error", nil, errors.New("database password=hunter2 refused"), "hunter2"},
		{"nil body", &atriumserver.ReadUserResult{}, nil, "nil result body"},
		{"undeclared status", &atriumserver.ReadUserResult{Status: 201, Body: &atrium.UserResponseBody{}}, nil, "status 201"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			logs.Reset()
			fk.answer = func(string) (any, error) { return tc.answer, tc.err }
			_, _, err := c.Users.ReadUser(context.Background(), "USR-1")
			var apiErr *atrium.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusInternalServerError {
				t.Fatalf("error %v, want a 500 APIError", err)
			}
			d, _ := apiErr.Detail.(*atrium.Error)
			if d == nil || d.Error == nil || d.Error.Message == nil || *d.Error.Message != "internal server error" {
				t.Errorf("Detail %#v, want the generic message", apiErr.Detail)
			}
			if strings.Contains(string(apiErr.Body), "hunter2") {
				t.Errorf("the body leaks the cause: %s", apiErr.Body)
			}
			if !strings.Contains(logs.String(), tc.log) || !strings.Contains(logs.String(), "GET /users/{user_guid}") {
				t.Errorf("log %q, want %q and the operation", logs.String(), tc.log)
			}
		})
	}
}

// TestUnimplemented: UnimplementedService answers 501 with the Error body.
func TestUnimplemented(t *testing.T) {
	_, c := start(t, atriumserver.UnimplementedService{})
	_, err := c.Users.DeleteUser(context.Background(), "USR-1")
	var apiErr *atrium.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotImplemented || !strings.Contains(string(apiErr.Body), "DeleteUser not implemented") {
		t.Errorf("error %v, want 501 naming DeleteUser", err)
	}
}
