package sdkruntime

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func bodyCore(status int, body string) *core {
	return limitedCore(fakeTransport(func(*http.Request) *http.Response {
		resp := okResponse(io.NopCloser(strings.NewReader(body)), int64(len(body)))
		resp.StatusCode = status
		return resp
	}))
}

// Finding 11 of issue 13: a success body that is null, empty or only
// white space, where the schema requires a value, is a *DecodeError, never
// a silent zero value.
func TestNullOrEmptySuccessBodyIsDecodeError(t *testing.T) {
	for _, body := range []string{"null", " null\n", "", " \n\t"} {
		_, _, err := call(bodyCore(200, body), http.MethodGet)
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("body %q: err = %v, want *DecodeError", body, err)
			continue
		}
		if de.StatusCode != 200 || de.Method != "GET" {
			t.Errorf("body %q: %+v", body, de)
		}
	}
}

// A nullable result decodes null to a nil result without error; an empty
// body is still not JSON.
func TestNullBodyOfNullableResult(t *testing.T) {
	r := bodyCore(200, "null")
	req := r.newRequest(context.Background(), "GET", "/x", "application/json", nil, nil)
	req.nullable = true
	res, _, err := doJSON(r, req, new(result))
	if err != nil || res != nil {
		t.Errorf("nullable null: %v, %v; want nil, nil", res, err)
	}
	r = bodyCore(200, "")
	req = r.newRequest(context.Background(), "GET", "/x", "application/json", nil, nil)
	req.nullable = true
	var de *DecodeError
	if _, _, err := doJSON(r, req, new(result)); !errors.As(err, &de) {
		t.Errorf("nullable, empty body: err = %v, want *DecodeError", err)
	}
}

// Statuses the spec declares without content return a nil result, body or
// not; the statuses that never have a body (noBody) need no declaration.
func TestDeclaredEmptyStatusAndNoBody(t *testing.T) {
	res, _, err := doJSON(bodyCore(202, "whatever"), bodyCore(202, "").newRequest(context.Background(), "POST", "/x", "", nil, nil), new(result), 202)
	if err != nil || res != nil {
		t.Errorf("declared-empty 202: %v, %v", res, err)
	}
	for _, status := range []int{204, 205} {
		c := bodyCore(status, "")
		res, _, err := doJSON(c, c.newRequest(context.Background(), "GET", "/x", "", nil, nil), new(result))
		if err != nil || res != nil {
			t.Errorf("%d: %v, %v", status, res, err)
		}
	}
	c := bodyCore(200, "")
	res, _, err = doJSON(c, c.newRequest(context.Background(), "HEAD", "/x", "", nil, nil), new(result))
	if err != nil || res != nil {
		t.Errorf("HEAD: %v, %v", res, err)
	}
}
