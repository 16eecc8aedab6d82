package srvruntime

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	oapi "github.com/oapi-codegen/runtime"
)

// The runtime on its own: a hand-written route table standing in for the
// generated one.

type item struct {
	Name *string `json:"name,omitempty"`
	Tags []tag   `json:"tags,omitempty"`
}

type tag struct {
	Key string `json:"key"`
}

var shapeTag = &shape{required: []string{"key"}, enums: map[string][]string{"kind": {"a", "b"}}}
var shapeItem = &shape{required: []string{"name"}, fields: map[string]*shape{"tags": {elem: shapeTag}}}

type got struct {
	id    string
	file  string
	page  *int32
	ids   []int64
	trace *string
	body  *item
}

func testHandler(t *testing.T, rec *got, answer error) http.Handler {
	errBody := func(status int, msg string) any { return map[string]string{"message": msg} }
	serveItem := func(svc Service, c *call) {
		pathParam(c, "id", "simple", false, &rec.id)
		queryParam(c, "page", "form", true, false, false, &rec.page)
		queryParam(c, "ids", "form", false, false, false, &rec.ids)
		optHeaderParam(c, "X-Trace", false, &rec.trace)
		if !c.ok() {
			return
		}
		if answer != nil {
			c.fail(answer)
			return
		}
		writeJSON(c, "application/json", 0, &item{Name: &rec.id}, []int{200}, nil)
	}
	serveFile := func(svc Service, c *call) {
		pathParam(c, "id", "simple", false, &rec.file)
		if c.ok() {
			writeStream(c, "", "application/pdf", 0, strings.NewReader("%PDF"), []int{200}, nil)
		}
	}
	servePut := func(svc Service, c *call) {
		pathParam(c, "id", "simple", false, &rec.id)
		jsonBody(c, true, shapeItem, &rec.body)
		if c.ok() {
			writeEmpty(c, 0, []int{204})
		}
	}
	return newHandler(nil, &api{
		errorBody:        errBody,
		errorContentType: "application/problem+json",
		routes: []*route{
			{"GET", "/items/{s1}", "/items/{id}", "", serveItem, errBody},
			{"PUT", "/items/{s1}", "/items/{id}", "application/merge-patch+json", servePut, errBody},
			{"GET", "/items/{s1}", "/items/{id}.pdf", "", serveFile, errBody},
		},
	}, nil)
}

func do(t *testing.T, h http.Handler, method, target, body string, hdr ...string) (*http.Response, map[string]string) {
	t.Helper()
	req := httptest.NewRequestWithContext(context.Background(), method, target, strings.NewReader(body))
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	resp := w.Result()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]string
	_ = json.Unmarshal(raw, &m)
	return resp, m
}

func TestRoutesAndBinding(t *testing.T) {
	var rec got
	h := testHandler(t, &rec, nil)
	resp, _ := do(t, h, "GET", "/items/a%2Fb%20c?page=3&ids=1,2", "", "X-Trace", "t1")
	if resp.StatusCode != 200 || rec.id != "a/b c" || *rec.page != 3 || len(rec.ids) != 2 || *rec.trace != "t1" {
		t.Errorf("status %d, bound %+v", resp.StatusCode, rec)
	}
	resp, _ = do(t, h, "GET", "/items/x.pdf", "")
	if resp.StatusCode != 200 || rec.file != "x" || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf(".pdf: status %d, file %q", resp.StatusCode, rec.file)
	}
	resp, m := do(t, h, "GET", "/items/x?page=x", "")
	if resp.StatusCode != 400 || !strings.HasPrefix(m["message"], `invalid query parameter "page"`) || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("bad page: %d %v", resp.StatusCode, m)
	}
	resp, m = do(t, h, "POST", "/items/x", "")
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD, PUT" || m["message"] == "" {
		t.Errorf("POST: %d %q %v", resp.StatusCode, resp.Header.Get("Allow"), m)
	}
	resp, _ = do(t, h, "GET", "/other", "")
	if resp.StatusCode != 404 {
		t.Errorf("unknown path: %d", resp.StatusCode)
	}
}

func TestBodyValidation(t *testing.T) {
	var rec got
	h := testHandler(t, &rec, nil)
	for body, want := range map[string]string{
		`{"tags":[]}`:                          `body: missing required field "name"`,
		`{"name":"n","tags":[{"key":"a"},{}]}`: `body: missing required field "tags[1].key"`,
		`{"name":1}`:                           `body: field "name": cannot use JSON number as string`,
		`{"name":"n","tags":[{"key":"a","kind":"c"}]}`: `body: field "tags[0].kind": unknown value "c" (want one of a, b)`,
		`{"name":"n","tags":[{"key":"a","kind":1}]}`:   `body: field "tags[0].kind": unknown value 1 (want one of a, b)`,
		`[`: `body: invalid JSON: unexpected EOF`,
		``:  `body: missing request body`,
		`{"name":"n","tags":[{"key":"a"}]} trailer`: `body: invalid JSON: data after the value`,
	} {
		resp, m := do(t, h, "PUT", "/items/x", body, "Content-Type", "application/json")
		if resp.StatusCode != 400 || m["message"] != want {
			t.Errorf("%s: %d %q, want %q", body, resp.StatusCode, m["message"], want)
		}
	}
	resp, m := do(t, h, "PUT", "/items/x", `{"name":"n"}`, "Content-Type", "text/plain")
	if resp.StatusCode != 415 || m["message"] != `unsupported Content-Type "text/plain": want application/merge-patch+json` {
		t.Errorf("text/plain: %d %v", resp.StatusCode, m)
	}
	resp, _ = do(t, h, "PUT", "/items/x", `{"name":"n","tags":[{"key":"a"}]}`, "Content-Type", "application/merge-patch+json; charset=utf-8")
	if resp.StatusCode != 204 || *rec.body.Name != "n" {
		t.Errorf("valid body: %d %+v", resp.StatusCode, rec.body)
	}
}

func TestErrors(t *testing.T) {
	var rec got
	resp, m := do(t, testHandler(t, &rec, Errorf(409, "busy %d", 1)), "GET", "/items/x", "")
	if resp.StatusCode != 409 || m["message"] != "busy 1" {
		t.Errorf("*Error: %d %v", resp.StatusCode, m)
	}
	resp, m = do(t, testHandler(t, &rec, errors.New("secret")), "GET", "/items/x", "")
	if resp.StatusCode != 500 || m["message"] != "internal server error" {
		t.Errorf("plain error: %d %v", resp.StatusCode, m)
	}
}

func TestMediaTypeOK(t *testing.T) {
	for _, c := range []struct {
		header, declared string
		ok               bool
	}{
		{"", "application/json", true},
		{"application/json", "application/vnd.x+json", true},
		{"application/vnd.x+json; charset=utf-8", "application/vnd.x+json", true},
		{"text/plain", "application/json", false},
		{"application/xml", "application/xml", true},
		{"application/json", "application/xml", false},
		{";;", "application/json", false},
	} {
		if got := mediaTypeOK(c.header, c.declared); got != c.ok {
			t.Errorf("mediaTypeOK(%q, %q) = %v", c.header, c.declared, got)
		}
	}
}

// Operations sharing a route are picked by Content-Type: the exact media
// type first, then the first accepting it, the first when none is named.
func TestPickMedia(t *testing.T) {
	j := parseRoute(&route{media: "application/json"})
	m := parseRoute(&route{media: "application/merge-patch+json"})
	f := parseRoute(&route{media: "application/x-www-form-urlencoded"})
	img := parseRoute(&route{media: "image/*"})
	cands := []*parsedRoute{j, m, f, img}
	for header, want := range map[string]*parsedRoute{
		"":                                  j,
		"application/json; charset=utf-8":   j,
		"application/merge-patch+json":      m,
		"application/vnd.x+json":            j,
		"application/x-www-form-urlencoded": f,
		"image/png":                         img,
		"text/plain":                        nil,
		"not a media type":                  nil,
		"APPLICATION/X-WWW-FORM-URLENCODED": f,
	} {
		if got := pickMedia(cands, header); got != want {
			t.Errorf("%q: got %v, want %v", header, got, want)
		}
	}
	if got := pickMedia([]*parsedRoute{parseRoute(&route{})}, "text/plain"); got == nil {
		t.Error("an operation without a body takes any Content-Type")
	}
}

// extraItem keeps unknown members, like a generated struct with
// additionalProperties.
type extraItem struct {
	Name  string           `json:"name"`
	Extra map[string]int64 `json:"-"`
}

func (e *extraItem) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	for k, v := range m {
		if k == "name" {
			if err := json.Unmarshal(v, &e.Name); err != nil {
				return err
			}
			continue
		}
		var n int64
		if err := json.Unmarshal(v, &n); err != nil {
			return err
		}
		if e.Extra == nil {
			e.Extra = map[string]int64{}
		}
		e.Extra[k] = n
	}
	return nil
}

type formPet struct {
	Name  string     `json:"name"`
	Age   *int64     `json:"age,omitempty"`
	Ok    *bool      `json:"ok,omitempty"`
	When  *time.Time `json:"when,omitempty"`
	Tags  []string   `json:"tags,omitempty"`
	Sizes []float64  `json:"sizes,omitempty"`
	Owner *struct {
		First string `json:"first"`
	} `json:"owner,omitempty"`
}

// Form bodies decode as the client encodes them without an Encoding
// Object: repeated keys for arrays, an object as JSON text, the JSON text
// of numbers, booleans and dates; unknown keys go to additionalProperties.
func TestFormBody(t *testing.T) {
	decode := func(form string, dst any) string {
		var msg string
		serve := func(svc Service, c *call) {
			switch d := dst.(type) {
			case **formPet:
				formBody(c, true, &shape{required: []string{"name"}}, nil, d)
			case **extraItem:
				formBody(c, true, nil, nil, d)
			}
			if c.err != nil {
				msg = c.err.Error()
			}
		}
		h := newHandler(nil, &api{
			errorBody: func(int, string) any { return nil },
			routes:    []*route{{"POST", "/f", "/f", "application/x-www-form-urlencoded", serve, nil}},
		}, nil)
		req := httptest.NewRequestWithContext(context.Background(), "POST", "/f", strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		h.ServeHTTP(httptest.NewRecorder(), req)
		return msg
	}
	var p *formPet
	if msg := decode("name=a+b&age=3&ok=true&when=2024-01-02T03:04:05Z&tags=x&tags=%22y%22&sizes=1.5&owner=%7B%22first%22%3A%22Ann%22%7D", &p); msg != "" || p == nil {
		t.Fatalf("decode: %q", msg)
	}
	if p.Name != "a b" || *p.Age != 3 || !*p.Ok || p.When.Year() != 2024 || strings.Join(p.Tags, "|") != `x|"y"` || p.Sizes[0] != 1.5 || p.Owner.First != "Ann" {
		t.Errorf("decoded %+v owner %+v", p, p.Owner)
	}
	for form, want := range map[string]string{
		"age=3":             `body: missing required field "name"`,
		"name=a&age=x":      `body: field "age": cannot use "x" as int64`,
		"name=a&when=never": `body: field "when": cannot use "never" as time.Time`,
		"name=a&ok=yes":     `body: field "ok": cannot use "yes" as bool`,
	} {
		p = nil
		if msg := decode(form, &p); !strings.HasPrefix(msg, want) || p != nil {
			t.Errorf("%s: %q, want %q", form, msg, want)
		}
	}
	var e *extraItem
	if msg := decode("name=n&a=1&b=2", &e); msg != "" || e.Name != "n" || e.Extra["a"] != 1 || e.Extra["b"] != 2 {
		t.Errorf("extra: %q %+v", msg, e)
	}
}

// The segment matcher: literal text around and between parameters as
// written, non-empty values, shortest-first splits; and the precedence of
// templates matching one path.
func TestSegmentMatcher(t *testing.T) {
	for _, tc := range []struct {
		tmpl, path string
		want       map[string]string // nil: no match
	}{
		{"/g/{page}.{format}", "/g/3.jpg", map[string]string{"page": "3", "format": "jpg"}},
		{"/g/{page}.{format}", "/g/a.b.c", map[string]string{"page": "a", "format": "b.c"}},
		{"/g/{page}.{format}", "/g/.b", nil},
		{"/g/{page}.{format}", "/g/a.", nil},
		{"/g/{page}.{format}", "/g/..", nil},
		{"/g/{page}t.{format}", "/g/2t.png", map[string]string{"page": "2", "format": "png"}},
		{"/g/{page}t.{format}", "/g/t.png", nil},
		{"/v{major}.{minor}/info", "/v1.2/info", map[string]string{"major": "1", "minor": "2"}},
		{"/v{major}.{minor}/info", "/1.2/info", nil},
		{"/s/{id}.pdf", "/s/x.pdf", map[string]string{"id": "x"}},
		{"/s/{id}.pdf", "/s/.pdf", nil},
		{"/s/{id}", "/s/a%2Fb", map[string]string{"id": "a%2Fb"}},
		{"/s/lit", "/s/l%69t", map[string]string{}},
		{"/d/{name}/", "/d/x/", map[string]string{"name": "x"}},
		{"/d/{name}/", "/d/x", nil},
	} {
		rt := parseRoute(&route{path: tc.tmpl})
		got, ok := rt.match(strings.Split(strings.TrimPrefix(tc.path, "/"), "/"))
		if ok != (tc.want != nil) || ok && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s on %s: %v %v, want %v", tc.tmpl, tc.path, got, ok, tc.want)
		}
	}
	order := []string{ // most specific first
		"/a/b/c", "/a/b/{z}.pdf", "/a/b/{z}", "/a/{y}/c", "/a/{y}t.{x}/{z}", "/a/{y}.{x}/{z}", "/a/{y}/{z}", "/{x}/b/c",
	}
	for i, a := range order {
		sa, _ := parseTemplate(a)
		for _, b := range order[i+1:] {
			sb, _ := parseTemplate(b)
			if !moreSpecific(sa, sb) || moreSpecific(sb, sa) {
				t.Errorf("%s should be more specific than %s", a, b)
			}
		}
	}
}

// Why objects and path values are not bound with oapi-codegen/runtime
// alone: it binds an object's members as strings (so an integer member
// fails) and unescapes a path value before splitting it (so an item's
// escaped "," splits it).
func TestObjectParamDiffersFromOapi(t *testing.T) {
	type point struct {
		X int64 `json:"x"`
		Y int64 `json:"y"`
	}
	opts := paramOptions("path", true, true)
	var theirs, ours point
	if err := oapi.BindStyledParameterWithOptions("simple", "p", "x=1,y=-2", &theirs, opts); err == nil {
		t.Errorf("oapi-codegen/runtime now binds integer members: %+v", theirs)
	}
	if err := bindStyled("simple", "p", "x=1,y=-2", &ours, opts); err != nil || ours != (point{1, -2}) {
		t.Errorf("bindStyled: %+v, %v", ours, err)
	}
	var items []string
	if err := bindStyled("simple", "p", "a%2Cb,c", &items, paramOptions("path", false, true)); err != nil || len(items) != 2 || items[0] != "a,b" {
		t.Errorf("path array: %q, %v", items, err)
	}
	var label string
	if err := bindStyled("label", "p", ".a%2Eb%2Cc", &label, paramOptions("path", false, true)); err != nil || label != "a.b,c" {
		t.Errorf("label: %q, %v", label, err)
	}
	if err := oapi.BindStyledParameterWithOptions("label", "p", ".a%2Cc", &label, paramOptions("path", false, true)); err == nil {
		t.Errorf("oapi-codegen/runtime now binds an escaped comma in a label value: %q", label)
	}
}

type sortOrder string

// Query, header and path parameters are held to their enums, as body
// fields are: a value the spec does not list is a 400 naming it.
func TestEnumParams(t *testing.T) {
	var sort *sortOrder
	var modes []sortOrder
	var kind sortOrder
	serve := func(svc Service, c *call) {
		pathParam(c, "kind", "simple", false, &kind)
		enumParam(c, "path", "kind", kind, "a", "b")
		queryParam(c, "sort", "form", true, false, false, &sort)
		enumParam(c, "query", "sort", sort, "asc", "desc")
		optSliceHeader(c, "X-Modes", false, &modes)
		enumParam(c, "header", "X-Modes", modes, "asc", "desc")
		if c.ok() {
			writeEmpty(c, 0, []int{204})
		}
	}
	errBody := func(status int, msg string) any { return map[string]string{"message": msg} }
	h := newHandler(nil, &api{errorBody: errBody, routes: []*route{{"GET", "/k/{s1}", "/k/{kind}", "", serve, errBody}}}, nil)
	for _, tc := range []struct {
		target, modes string
		status        int
		msg           string
	}{
		{"/k/a?sort=asc", "desc,asc", 204, ""},
		{"/k/b", "", 204, ""},
		{"/k/c?sort=asc", "", 400, `invalid path parameter "kind": unknown value "c" (want one of a, b)`},
		{"/k/a?sort=up", "", 400, `invalid query parameter "sort": unknown value "up" (want one of asc, desc)`},
		{"/k/a?sort=", "", 400, `invalid query parameter "sort": unknown value "" (want one of asc, desc)`},
		{"/k/a", "asc,sideways", 400, `invalid header parameter "X-Modes": unknown value "sideways" (want one of asc, desc)`},
	} {
		sort, modes, kind = nil, nil, ""
		var hdr []string
		if tc.modes != "" {
			hdr = []string{"X-Modes", tc.modes}
		}
		resp, m := do(t, h, "GET", tc.target, "", hdr...)
		if resp.StatusCode != tc.status || m["message"] != tc.msg {
			t.Errorf("%s (X-Modes %q): %d %q, want %d %q", tc.target, tc.modes, resp.StatusCode, m["message"], tc.status, tc.msg)
		}
	}
}
