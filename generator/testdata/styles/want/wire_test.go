package styles_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	oapi "github.com/oapi-codegen/runtime"
	"github.com/oapi-codegen/runtime/types"

	"github.com/atriumgen/atriumgen/generator/testdata/styles/want"
)

func capture(t *testing.T) (*styles.Client, *http.Request) {
	var got http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = *r
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return styles.NewClient(styles.WithBaseURL(srv.URL)), &got
}

func style(t *testing.T, style string, explode bool, name string, loc oapi.ParamLocation, v any) string {
	t.Helper()
	s, err := oapi.StyleParamWithLocation(style, explode, name, loc, v)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Every path style and explode combination is what oapi-codegen/runtime
// produces, and binds back to the value sent.
func TestPathStylesMatchRuntime(t *testing.T) {
	c, got := capture(t)
	pt := styles.Point{X: 1, Y: -2}
	arr := []string{"a b", "c/d"}
	if _, err := c.Default.PathStyles(context.Background(), 5, arr, pt, "l.v", []int64{3, 4}, "m;v", arr, pt); err != nil {
		t.Fatal(err)
	}
	p := oapi.ParamLocationPath
	want := "/p/" + strings.Join([]string{
		style(t, "simple", false, "simple", p, 5),
		style(t, "simple", false, "simpleArr", p, arr),
		style(t, "simple", true, "simpleObjX", p, pt),
		style(t, "label", false, "label", p, "l.v"),
		style(t, "label", true, "labelArrX", p, []int64{3, 4}),
		style(t, "matrix", false, "matrix", p, "m;v"),
		style(t, "matrix", false, "matrixArr", p, arr),
		style(t, "matrix", true, "matrixObjX", p, pt),
	}, "/")
	if got.URL.EscapedPath() != want {
		t.Errorf("path\n got %s\nwant %s", got.URL.EscapedPath(), want)
	}
	segs := strings.Split(strings.TrimPrefix(got.URL.EscapedPath(), "/p/"), "/")
	var backArr []string
	if err := oapi.BindStyledParameterWithOptions("matrix", "matrixArr", segs[6], &backArr, oapi.BindStyledParameterOptions{ParamLocation: p, Explode: false, Required: true}); err != nil || len(backArr) != 2 || backArr[1] != "c/d" {
		t.Errorf("matrixArr binds back to %q, %v", backArr, err)
	}
	var backLabel []int64
	if err := oapi.BindStyledParameterWithOptions("label", "labelArrX", segs[4], &backLabel, oapi.BindStyledParameterOptions{ParamLocation: p, Explode: true, Required: true}); err != nil || len(backLabel) != 2 || backLabel[1] != 4 {
		t.Errorf("labelArrX binds back to %v, %v", backLabel, err)
	}
}

func TestQueryHeaderCookieStylesMatchRuntime(t *testing.T) {
	c, got := capture(t)
	pt := styles.Point{X: 7, Y: 8}
	day := types.Date{Time: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)}
	params := &styles.QueryStylesParams{
		FormArrX: []string{"a", "b&c"},
		FormArr:  []string{"a", "b"},
		FormObjX: &pt,
		FormObj:  &pt,
		Space:    []int64{1, 2},
		Pipe:     []int64{3, 4},
		Deep:     &pt,
		Reserved: styles.Ptr("a/b?c"),
		Plain:    styles.Ptr("a/b?c"),
		XArr:     []string{"h1", "h2"},
		XObj:     &pt,
		Session:  styles.Ptr("s 1"),
		Prefs:    []string{"x", "y"},
	}
	if _, err := c.Default.QueryStyles(context.Background(), day, params); err != nil {
		t.Fatal(err)
	}
	q := func(style string, explode, reserved bool, name string, v any) string {
		s, err := oapi.StyleParamWithOptions(style, explode, name, v, oapi.StyleParamOptions{ParamLocation: oapi.ParamLocationQuery, AllowReserved: reserved})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	want := strings.Join([]string{
		q("form", true, false, "required", day),
		q("form", true, false, "formArrX", params.FormArrX),
		q("form", false, false, "formArr", params.FormArr),
		q("form", true, false, "formObjX", pt),
		q("form", false, false, "formObj", pt),
		// The runtime joins spaceDelimited values with a bare space, which a
		// URL cannot carry; it is sent percent-encoded.
		strings.ReplaceAll(q("spaceDelimited", false, false, "space", params.Space), " ", "%20"),
		q("pipeDelimited", false, false, "pipe", params.Pipe),
		q("deepObject", true, false, "deep", pt),
		q("form", true, true, "reserved", "a/b?c"),
		q("form", true, false, "plain", "a/b?c"),
	}, "&")
	if got.URL.RawQuery != want {
		t.Errorf("query\n got %s\nwant %s", got.URL.RawQuery, want)
	}
	if !strings.Contains(got.URL.RawQuery, "reserved=a/b?c") || !strings.Contains(got.URL.RawQuery, "plain=a%2Fb%3Fc") {
		t.Errorf("allowReserved not honoured: %s", got.URL.RawQuery)
	}
	h := oapi.ParamLocationHeader
	if g, w := got.Header.Get("X-Arr"), style(t, "simple", false, "X-Arr", h, params.XArr); g != w {
		t.Errorf("X-Arr = %q, want %q", g, w)
	}
	if g, w := got.Header.Get("X-Obj"), style(t, "simple", true, "X-Obj", h, pt); g != w || g != "x=7,y=8" {
		t.Errorf("X-Obj = %q, want %q", g, w)
	}
	cookies := map[string]string{}
	for _, ck := range got.Cookies() {
		v, _ := url.QueryUnescape(ck.Value)
		cookies[ck.Name] = v
	}
	if cookies["session"] != "s 1" || cookies["prefs"] != "x,y" {
		t.Errorf("cookies %v", cookies)
	}
	var back []int64
	vals, _ := url.ParseQuery(got.URL.RawQuery)
	if err := oapi.BindQueryParameter("pipeDelimited", false, false, "pipe", vals, &back); err != nil || len(back) != 2 || back[1] != 4 {
		t.Errorf("pipe binds back to %v, %v", back, err)
	}
	var deep styles.Point
	if err := oapi.BindQueryParameter("deepObject", true, false, "deep", vals, &deep); err != nil || deep != pt {
		t.Errorf("deep binds back to %+v, %v", deep, err)
	}
}
