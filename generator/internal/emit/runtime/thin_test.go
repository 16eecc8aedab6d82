package sdkruntime

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func newTestRequest(path string) *request {
	return (&core{}).newRequest(context.Background(), "GET", path, "application/json", nil, nil)
}

// pathParams, one call of name, value pairs, builds the path pathParam
// builds in the simple, unexploded style, for values that must be escaped
// or are refused.
func TestPathParamsIsSimplePathParam(t *testing.T) {
	for _, v := range []any{"octo/cat", "..", ".", "a b?c#d", int64(42), []string{"a", "b/c"}, "", true} {
		one, many := newTestRequest("/r/{owner}/{id}"), newTestRequest("/r/{owner}/{id}")
		one.pathParam("owner", "simple", false, "me")
		one.pathParam("id", "simple", false, v)
		many.pathParams("owner", "me", "id", v)
		if one.path != many.path || (one.err == nil) != (many.err == nil) {
			t.Errorf("%#v: pathParams gives %q (err %v), pathParam %q (err %v)", v, many.path, many.err, one.path, one.err)
		}
	}
	r := newTestRequest("/r/{owner}/{id}")
	r.pathParams("owner", "o", "id", int64(7))
	if r.path != "/r/o/7" || r.err != nil {
		t.Errorf("path = %q, err = %v", r.path, r.err)
	}
}

// The optional parameter helpers send nothing for nil and what the
// required call sends for a value.
func TestOptionalParamsSendNothingWhenNil(t *testing.T) {
	var nilStr *string
	var nilList *[]int64
	r := newTestRequest("/p")
	r.queryOpt("q", "form", true, false, nilStr)
	r.queryOpt("l", "form", false, false, nilList)
	r.headerOpt("X-H", false, nilStr)
	r.cookieOpt("c", true, nilStr)
	r.jsonBodyOpt("application/json", nilStr)
	r.queryOpt("n", "form", true, false, nil)
	if len(r.query) != 0 || len(r.header) != 0 || len(r.cookies) != 0 || r.body != nil || r.contentType != "" || r.err != nil {
		t.Errorf("nil optional parameters sent something: %+v", r)
	}

	s, list := "a b&c", []int64{1, 2}
	got, want := newTestRequest("/p"), newTestRequest("/p")
	got.queryOpt("q", "form", true, false, &s)
	got.queryOpt("l", "form", false, false, &list)
	got.headerOpt("X-H", false, &s)
	got.cookieOpt("c", true, &s)
	got.jsonBodyOpt("application/json", &list)
	want.queryParam("q", "form", true, false, s)
	want.queryParam("l", "form", false, false, list)
	want.headerParam("X-H", false, s)
	want.cookieParam("c", true, s)
	want.jsonBody("application/json", &list)
	if !reflect.DeepEqual(got.query, want.query) || !reflect.DeepEqual(got.header, want.header) ||
		!reflect.DeepEqual(got.cookies, want.cookies) || string(got.body) != string(want.body) || got.contentType != want.contentType {
		t.Errorf("set optional parameters: got %+v, want %+v", got, want)
	}
	if strings.Join(got.query, "&") != "q=a+b%26c&l=1,2" {
		t.Errorf("query = %q", got.query)
	}
	if string(got.body) != "[1,2]" {
		t.Errorf("body = %s", got.body)
	}
}

// doJSONValue returns an array result by value: decoded, nil without a
// body, nil with the error on a bad body.
func TestDoJSONValue(t *testing.T) {
	get := func(status int, body string, empty ...int) ([]int64, *Response, error) {
		c := limitedCore(fakeTransport(func(*http.Request) *http.Response {
			resp := okResponse(io.NopCloser(strings.NewReader(body)), int64(len(body)))
			resp.StatusCode = status
			return resp
		}))
		return doJSONValue[[]int64](c, c.newRequest(context.Background(), "GET", "/l", "application/json", nil, nil), empty...)
	}
	if got, resp, err := get(200, "[1,2,3]"); err != nil || !reflect.DeepEqual(got, []int64{1, 2, 3}) || resp == nil {
		t.Errorf("200: %v, %v", got, err)
	}
	if got, resp, err := get(204, ""); err != nil || got != nil || resp == nil || resp.StatusCode != 204 {
		t.Errorf("204: %v, %v", got, err)
	}
	if got, _, err := get(202, "ignored", 202); err != nil || got != nil {
		t.Errorf("declared empty 202: %v, %v", got, err)
	}
	var de *DecodeError
	if got, _, err := get(200, `[1,"two"]`); !errors.As(err, &de) || got != nil {
		t.Errorf("bad body: %v, %v (want nil and a *DecodeError)", got, err)
	}
}
