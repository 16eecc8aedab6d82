package sdktests

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var pathParamRE = regexp.MustCompile(`\{([a-z_]+)\}`)

// expandPath substitutes the path template of operations.tsv with the
// escaped argument values.
func expandPath(t testing.TB, template string, a pathArgs) string {
	t.Helper()
	return pathParamRE.ReplaceAllStringFunc(template, func(m string) string {
		name := m[1 : len(m)-1]
		v, ok := a[name]
		if !ok {
			t.Fatalf("no test value for path parameter %s", name)
		}
		return url.PathEscape(v)
	})
}

// successStatus is the status the server answers an operation with: the
// success status of operations.tsv (202 for accepted jobs), or 204 for
// operations without a response body.
func successStatus(t testing.TB, f opFact) int {
	t.Helper()
	if f.Statuses == "" {
		return http.StatusNoContent
	}
	n, err := strconv.Atoi(strings.Split(f.Statuses, ",")[0])
	if err != nil {
		t.Fatalf("%s: bad status %q", f.Op, f.Statuses)
	}
	return n
}

func successReply(t testing.TB, f opFact, c opCase) reply {
	status := successStatus(t, f)
	switch c.kind {
	case kindEmpty:
		return reply{Status: status}
	case kindStream:
		return reply{Status: status, ContentType: pdfAccept, Body: c.resp}
	}
	return jsonReply(status, c.resp)
}

func queryKeys(t testing.TB, q string) []string {
	t.Helper()
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatalf("bad query %q: %v", q, err)
	}
	return slices.Sorted(maps.Keys(v))
}

// TestOperationTableCoversSpec checks that opCases holds exactly the 48
// operations of spec/facts/operations.tsv, once each, and that each case
// exercises what the facts say the operation has: every query parameter, a
// request body exactly when one is documented, and the right result kind.
func TestOperationTableCoversSpec(t *testing.T) {
	facts := loadOperationFacts(t)
	seen := map[string]bool{}
	for _, c := range opCases {
		if seen[c.op] {
			t.Errorf("operation %s is in the table twice", c.op)
		}
		seen[c.op] = true
		f, ok := facts[c.op]
		if !ok {
			t.Errorf("table operation %s is not in operations.tsv", c.op)
			continue
		}
		want := slices.Sorted(slices.Values(f.QueryParams))
		got := []string{}
		if c.query != "" {
			got = queryKeys(t, c.query)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: table query parameters %v, operations.tsv has %v", c.op, got, want)
		}
		if (c.body != "") != (f.RequestBody != "") {
			t.Errorf("%s: table body %q, operations.tsv request body %q", c.op, c.body, f.RequestBody)
		}
		wantKind := kindJSON
		switch f.ResponseBody {
		case "(empty)":
			wantKind = kindEmpty
		case "binary":
			wantKind = kindStream
		}
		if c.kind != wantKind {
			t.Errorf("%s: table result kind %d, operations.tsv response %q", c.op, c.kind, f.ResponseBody)
		}
		for _, p := range f.PathParams {
			if _, ok := defaultArgs[p]; !ok {
				t.Errorf("%s: no test value for path parameter %s", c.op, p)
			}
		}
	}
	for op := range facts {
		if !seen[op] {
			t.Errorf("operation %s of operations.tsv has no table entry", op)
		}
	}
	if len(opCases) != 48 || len(seen) != 48 {
		t.Errorf("table has %d entries, %d distinct operations; want 48", len(opCases), len(seen))
	}
}

// TestWireEveryOperation sends every operation to a recording server and
// checks the request on the wire and the decoded response.
func TestWireEveryOperation(t *testing.T) {
	facts := loadOperationFacts(t)
	for _, c := range opCases {
		f, ok := facts[c.op]
		if !ok {
			t.Errorf("%s not in operations.tsv", c.op)
			continue
		}
		variants := []bool{false}
		if c.query != "" {
			variants = []bool{true, false}
		}
		for _, withParams := range variants {
			name := c.op
			if c.query != "" {
				name += map[bool]string{true: "/params", false: "/nil_params"}[withParams]
			}
			t.Run(name, func(t *testing.T) {
				rep := successReply(t, f, c)
				srv := newRecorder(t, rep)
				client := newTestClient(srv.URL)
				ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
				defer cancel()

				v, resp, err := c.call(ctx, client, defaultArgs, withParams)
				if err != nil {
					t.Fatalf("call failed: %v", err)
				}
				if resp == nil {
					t.Fatal("nil *Response")
				}
				eq(t, "Response.StatusCode", resp.StatusCode, rep.Status)

				req := srv.only(t)
				eq(t, "method", req.Method, f.Method)
				wantPath := expandPath(t, f.Path, defaultArgs)
				eq(t, "escaped path", req.EscapedPath, wantPath)
				if withParams {
					eq(t, "request URI", req.RequestURI, wantPath+"?"+req.RawQuery)
					assertQuery(t, req.RawQuery, c.query)
				} else {
					eq(t, "request URI (no query)", req.RequestURI, wantPath)
				}
				assertCommonHeaders(t, req, f.Accept)
				if c.body != "" {
					if got := req.Header.Values("Content-Type"); len(got) != 1 || got[0] != "application/json" {
						t.Errorf("Content-Type = %q, want [application/json]", got)
					}
					assertJSONEqual(t, req.Body, c.body)
				} else {
					if got := req.Header.Values("Content-Type"); len(got) != 0 {
						t.Errorf("Content-Type = %q sent without a body", got)
					}
					if len(req.Body) != 0 {
						t.Errorf("unexpected request body %q", req.Body)
					}
				}

				switch c.kind {
				case kindEmpty:
					if v != nil {
						t.Errorf("result = %v, want none", v)
					}
				default:
					if v == nil {
						t.Fatal("nil result")
					}
					c.check(t, v)
				}
			})
		}
	}
}
