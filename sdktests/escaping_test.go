package sdktests

import (
	"context"
	"net/url"
	"strings"
	"testing"
)

// hostileValues are path arguments that would change the shape of the
// request path (or add a query or fragment) if they were not escaped.
var hostileValues = []string{
	"../x?y#z",
	"a/b",
	".",
	"..",
	"?",
	"#frag",
	"a b+c",
	"%2F",
	"a;b=c",
	"x&page=9",
	"ünïcødé",
}

// TestPathArgumentsCannotChangePathShape calls every operation with every
// path argument replaced, in turn, by each hostile value. The server must see
// the template's number of segments, the argument as exactly one segment that
// unescapes to the value (never a bare "." or ".." segment), and no query.
func TestPathArgumentsCannotChangePathShape(t *testing.T) {
	facts := loadOperationFacts(t)
	srv := newRecorder(t, reply{})
	client := newTestClient(srv.URL)
	for _, c := range opCases {
		f := facts[c.op]
		if len(f.PathParams) == 0 {
			continue
		}
		srv.setReply(successReply(t, f, c))
		tmplSegs := strings.Split(f.Path, "/")
		for _, param := range f.PathParams {
			for _, hostile := range hostileValues {
				a := defaultArgs.with(param, hostile)
				ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
				v, _, err := c.call(ctx, client, a, false)
				cancel()
				if rc, ok := v.(interface{ Close() error }); ok {
					_ = rc.Close()
				}
				if err != nil {
					t.Errorf("%s(%s=%q): %v", c.op, param, hostile, err)
					continue
				}
				req := srv.only(t)
				what := c.op + "(" + param + "=" + hostile + ")"
				if req.RawQuery != "" || strings.Contains(req.RequestURI, "?") {
					t.Errorf("%s: request URI %q has a query", what, req.RequestURI)
				}
				gotSegs := strings.Split(req.RequestURI, "/")
				if len(gotSegs) != len(tmplSegs) {
					t.Errorf("%s: request URI %q has %d segments, template %q has %d", what, req.RequestURI, len(gotSegs), f.Path, len(tmplSegs))
					continue
				}
				for i, seg := range tmplSegs {
					want := pathParamRE.ReplaceAllStringFunc(seg, func(m string) string { return a[m[1:len(m)-1]] })
					got, err := url.PathUnescape(gotSegs[i])
					if err != nil {
						t.Errorf("%s: segment %q is not valid escaping: %v", what, gotSegs[i], err)
						continue
					}
					if got != want {
						t.Errorf("%s: segment %d = %q (unescaped %q), want %q; request URI %q", what, i, gotSegs[i], got, want, req.RequestURI)
					}
					if gotSegs[i] == "." || gotSegs[i] == ".." {
						t.Errorf("%s: bare dot segment %q in request URI %q", what, gotSegs[i], req.RequestURI)
					}
				}
			}
		}
	}
}

// TestEmptyPathArgumentIsRejected: an empty path argument would collapse
// two segments into one ("/users//members"), so the call fails before
// anything is sent.
func TestEmptyPathArgumentIsRejected(t *testing.T) {
	facts := loadOperationFacts(t)
	srv := newRecorder(t, reply{})
	client := newTestClient(srv.URL)
	for _, c := range opCases {
		f := facts[c.op]
		for _, param := range f.PathParams {
			ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
			v, _, err := c.call(ctx, client, defaultArgs.with(param, ""), false)
			cancel()
			if err == nil {
				t.Errorf("%s(%s=\"\"): no error", c.op, param)
			} else {
				assertNoSecrets(t, "error", err.Error())
			}
			if v != nil {
				t.Errorf("%s(%s=\"\"): result %v, want nil", c.op, param, v)
			}
			if reqs := srv.requests(); len(reqs) != 0 {
				t.Errorf("%s(%s=\"\"): sent %d requests (%s)", c.op, param, len(reqs), reqs[0].RequestURI)
			}
		}
	}
}
