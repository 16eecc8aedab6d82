package srvruntime

import (
	"net/http"
	"testing"
)

type account struct {
	Owner  *tag `json:"owner"`
	Backup *tag `json:"backup"`
}

// Finding 10 of issue 13: a required body that is null is refused like a
// missing one, and a null object does not hide the fields it requires
// ({"owner":null}); a member declared nullable may be null.
func TestNullBodyAndNullParents(t *testing.T) {
	shapeAccount := &shape{required: []string{"owner"}, nullable: []string{"backup"},
		fields: map[string]*shape{"owner": shapeTag, "backup": shapeTag, "other": shapeTag, "others": {elem: shapeTag}}}
	var got *account
	h := func(required bool) http.Handler {
		errBody := func(status int, msg string) any { return map[string]string{"message": msg} }
		serve := func(svc Service, c *call) {
			got = nil
			jsonBody(c, required, shapeAccount, &got)
			if c.ok() {
				writeEmpty(c, 0, []int{204})
			}
		}
		return newHandler(nil, &api{errorBody: errBody, routes: []*route{{"PUT", "/a", "/a", "application/json", serve, errBody}}}, nil)
	}
	for body, want := range map[string]string{
		`null`:                                  `body: missing request body (null)`,
		" null \n":                              `body: missing request body (null)`,
		`{"owner":null}`:                        `body: required field "owner" is null`,
		`{"owner":{"key":null}}`:                `body: required field "owner.key" is null`,
		`{"owner":{"key":"k"},"other":null}`:    `body: missing required field "other.key"`,
		`{"owner":{"key":"k"},"backup":{}}`:     `body: missing required field "backup.key"`,
		`{"owner":{"key":"k"},"others":[null]}`: `body: missing required field "others[0].key"`,
	} {
		resp, m := do(t, h(true), "PUT", "/a", body, "Content-Type", "application/json")
		if resp.StatusCode != 400 || m["message"] != want {
			t.Errorf("%s: %d %q, want 400 %q", body, resp.StatusCode, m["message"], want)
		}
	}
	for _, body := range []string{`{"owner":{"key":"k"},"backup":null}`, `{"owner":{"key":"k"}}`} {
		if resp, m := do(t, h(true), "PUT", "/a", body, "Content-Type", "application/json"); resp.StatusCode != 204 || got == nil {
			t.Errorf("%s: %d %v, want 204", body, resp.StatusCode, m)
		}
	}
	// An optional body sent as null is no body.
	if resp, m := do(t, h(false), "PUT", "/a", "null", "Content-Type", "application/json"); resp.StatusCode != 204 || got != nil {
		t.Errorf("optional null body: %d %v, body %+v; want 204 and nil", resp.StatusCode, m, got)
	}
}
