package sdktests

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
)

// formatAll renders v with every formatting verb a caller might log with.
func formatAll(v any) string {
	return fmt.Sprintf("%v %+v %#v %s %q", v, v, v, v, v)
}

// assertErrorHasNoSecrets checks an error and everything it wraps.
func assertErrorHasNoSecrets(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", what)
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		assertNoSecrets(t, what+" error", e.Error())
		assertNoSecrets(t, what+" formatted error", formatAll(e))
	}
	var apiErr *atrium.APIError
	if errors.As(err, &apiErr) {
		assertNoSecrets(t, what+" APIError value", formatAll(*apiErr))
	}
	var de *atrium.DecodeError
	if errors.As(err, &de) {
		assertNoSecrets(t, what+" DecodeError value", formatAll(*de))
	}
}

// TestSecretsNotInErrors: no error of any kind mentions the credentials.
func TestSecretsNotInErrors(t *testing.T) {
	ctx := context.Background()

	srv := newRecorder(t, reply{Status: 401, ContentType: "application/json", Body: errorJSON("Unauthorized")})
	client := newTestClient(srv.URL)
	_, _, err := client.Users.ReadUser(ctx, "USR-1")
	assertErrorHasNoSecrets(t, "401", err)
	_, err = client.Users.DeleteUser(ctx, "USR-1")
	assertErrorHasNoSecrets(t, "401 delete", err)
	_, _, err = client.Statements.DownloadStatementPDF(ctx, "USR-1", "MBR-1", "STA-1")
	assertErrorHasNoSecrets(t, "401 stream", err)

	srv.setReply(jsonReply(200, `{"user":`))
	_, _, err = client.Users.ReadUser(ctx, "USR-1")
	assertErrorHasNoSecrets(t, "decode", err)

	_, _, err = client.Users.ReadUser(ctx, "")
	assertErrorHasNoSecrets(t, "empty path argument", err)

	// Transport error: nobody listens any more.
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	_, _, err = newTestClient(closedURL).Users.ReadUser(ctx, "USR-1")
	assertErrorHasNoSecrets(t, "transport", err)
	_, _, err = newTestClient(closedURL).Statements.DownloadStatementPDF(ctx, "USR-1", "MBR-1", "STA-1")
	assertErrorHasNoSecrets(t, "transport stream", err)

	// Timeout and cancellation.
	blocking, _ := blockingServer(t)
	_, _, err = newTestClient(blocking.URL).Users.ReadUser(ctx, "USR-1", atrium.WithTimeout(50*time.Millisecond))
	assertErrorHasNoSecrets(t, "timeout", err)
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, _, err = newTestClient(blocking.URL).Users.ReadUser(cctx, "USR-1")
	assertErrorHasNoSecrets(t, "cancelled", err)

	// A base URL that does not parse.
	_, _, err = newTestClient("http://[::1:bad").Users.ReadUser(ctx, "USR-1")
	assertErrorHasNoSecrets(t, "bad base URL", err)
}

// TestSecretsNotInFormattedValues: formatting the client, its services and a
// Response with any verb does not print the credentials.
func TestSecretsNotInFormattedValues(t *testing.T) {
	srv := newRecorder(t, jsonReply(200, `{"user":{"guid":"USR-1"}}`))
	client := newTestClient(srv.URL, atrium.WithHeader("X-Partner", "acme"), atrium.WithUserAgent("ua/1"))
	_, resp, err := client.Users.ReadUser(context.Background(), "USR-1")
	if err != nil {
		t.Fatal(err)
	}
	assertNoSecrets(t, "client", fmt.Sprintf("%v %+v %#v", client, *client, client))
	assertNoSecrets(t, "Response", formatAll(resp))
	assertNoSecrets(t, "Response value", formatAll(*resp))
	// Every service, as pointer and as value.
	cv := reflect.ValueOf(client).Elem()
	for i := 0; i < cv.NumField(); i++ {
		if !cv.Type().Field(i).IsExported() {
			continue
		}
		f := cv.Field(i)
		assertNoSecrets(t, cv.Type().Field(i).Name, formatAll(f.Interface()))
		if f.Kind() == reflect.Pointer && !f.IsNil() {
			assertNoSecrets(t, cv.Type().Field(i).Name+" value", formatAll(f.Elem().Interface()))
		}
	}
}

// TestCredentialsNotForwardedOnCrossHostRedirect: a redirect to another host
// is followed without MX-API-Key and MX-Client-ID (net/http only strips
// Authorization, Cookie and the like); credentials only ever go to the
// configured server.
func TestCredentialsNotForwardedOnCrossHostRedirect(t *testing.T) {
	other := newRecorder(t, jsonReply(200, `{"user":{"guid":"USR-elsewhere"}}`))
	otherURL, err := url.Parse(other.URL)
	if err != nil {
		t.Fatal(err)
	}
	// Same listener, different host name: "localhost" instead of "127.0.0.1".
	elsewhere := "http://localhost:" + otherURL.Port() + "/collect"
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere, http.StatusFound)
	}))
	defer api.Close()

	u, _, err := newTestClient(api.URL).Users.ReadUser(context.Background(), "USR-1")
	if err != nil {
		t.Fatalf("following the redirect: %v", err)
	}
	eq(t, "user from the redirect target", val(t, "guid", val(t, "user", u.User).GUID), "USR-elsewhere")
	// Without this the header check below would pass vacuously.
	req := other.only(t)
	for _, h := range []string{"MX-API-Key", "MX-Client-ID"} {
		if v := req.Header.Get(h); v != "" {
			t.Errorf("redirect target %s received %s: %q", elsewhere, h, v)
		}
	}
}
