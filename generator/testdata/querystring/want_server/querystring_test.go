package querystringserver_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/atriumgen/atriumgen/generator/testdata/querystring/want"
	"github.com/atriumgen/atriumgen/generator/testdata/querystring/want_server"
)

type recorder struct {
	querystringserver.UnimplementedService
	got *querystring.Filter
}

func (r *recorder) Search(_ context.Context, req *querystringserver.SearchRequest) (*querystringserver.SearchResult, error) {
	r.got = req.Params.Filter
	return &querystringserver.SearchResult{Body: &[]string{}}, nil
}

// An OpenAPI 3.2 in: querystring parameter with a form-urlencoded object
// is the whole query string, one key per property (no "filter" key), and
// the server reads back what the client sent.
func TestQuerystringRoundTrip(t *testing.T) {
	rec := &recorder{}
	var raw string
	h := querystringserver.NewHandler(rec)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw = r.URL.RawQuery
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c := querystring.NewClient(querystring.WithBaseURL(srv.URL))
	for _, f := range []querystring.Filter{
		{Q: "a b&c=d", Limit: querystring.Ptr(int64(3)), Exact: querystring.Ptr(false)},
		{Q: "x"},
	} {
		rec.got = nil
		if _, _, err := c.Default.Search(context.Background(), &querystring.SearchParams{Filter: &f}); err != nil {
			t.Fatal(err)
		}
		q, err := url.ParseQuery(raw)
		if err != nil {
			t.Fatal(err)
		}
		want := url.Values{"q": {f.Q}}
		if f.Limit != nil {
			want["limit"] = []string{"3"}
			want["exact"] = []string{"false"}
		}
		if d := cmp.Diff(want, q); d != "" {
			t.Errorf("query string %q (-want +got):\n%s", raw, d)
		}
		if d := cmp.Diff(&f, rec.got); d != "" {
			t.Errorf("server decoded (-sent +got):\n%s", d)
		}
	}
}
