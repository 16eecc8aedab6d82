package sdkruntime

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// The worked examples of RFC 7616 section 3.9.1.
func TestDigestHeaderRFC7616Vectors(t *testing.T) {
	for _, tc := range []struct{ alg, response string }{
		{"MD5", "8ca523f5e9506fed4657c9700eebdbec"},
		{"SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"},
	} {
		ch, _ := parseDigestChallenge([]string{`Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=` + tc.alg +
			`, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`})
		if ch == nil {
			t.Fatalf("%s: challenge not parsed", tc.alg)
		}
		got := digestHeader(ch, "Mufasa", "Circle of Life", "GET", "/dir/index.html", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1)
		p := splitChallenges(got)
		if len(p) != 1 || p[0].scheme != "Digest" {
			t.Fatalf("%s: header %q", tc.alg, got)
		}
		want := map[string]string{"username": "Mufasa", "realm": "http-auth@example.org", "uri": "/dir/index.html", "algorithm": tc.alg,
			"nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "nc": "00000001", "cnonce": "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
			"qop": "auth", "response": tc.response, "opaque": "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"}
		for k, v := range want {
			if p[0].params[k] != v {
				t.Errorf("%s: %s = %q, want %q (header %s)", tc.alg, k, p[0].params[k], v, got)
			}
		}
	}
}

// Several challenges in one header and across headers: Digest with
// SHA-256 is preferred over MD5; Basic, auth-int only and unknown
// algorithms are skipped.
func TestParseDigestChallengeChoice(t *testing.T) {
	ch, _ := parseDigestChallenge([]string{
		`Basic realm="x", Digest realm="r", nonce="n1", algorithm=MD5, qop="auth"`,
		`Digest realm="r", nonce="n2", algorithm=SHA-512-256, qop="auth"`,
		`Digest realm="r", nonce="n3", qop="auth-int"`,
		`Digest realm="r, with comma", nonce="n4", algorithm=SHA-256, qop="auth", stale=true`,
	})
	if ch == nil || ch.nonce != "n4" || ch.realm != "r, with comma" || ch.algorithm != "SHA-256" || !ch.qop {
		t.Fatalf("chose %+v, want the SHA-256 challenge n4", ch)
	}
	if ch, _ := parseDigestChallenge([]string{`Basic realm="x"`, `Bearer`}); ch != nil {
		t.Errorf("no Digest challenge: got %+v", ch)
	}
}

// digestServer challenges every request without a valid Digest answer and
// checks answers with its own computation (RFC 7616 section 3.4.1).
type digestServer struct {
	t        *testing.T
	alg      string
	newHash  func() hash.Hash
	mu       sync.Mutex
	requests []string // "challenge" or "ok", in order
	bodies   []string
}

func (s *digestServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := make([]byte, 64)
	n, _ := r.Body.Read(b)
	s.bodies = append(s.bodies, string(b[:n]))
	h := func(s ...string) string {
		x := md5.New
		if strings.HasPrefix(s[0], "\x00sha") {
			x = sha256.New
			s = s[1:]
		}
		hh := x()
		hh.Write([]byte(strings.Join(s, ":")))
		return hex.EncodeToString(hh.Sum(nil))
	}
	H := func(parts ...string) string {
		if s.alg == "SHA-256" {
			return h(append([]string{"\x00sha"}, parts...)...)
		}
		return h(parts...)
	}
	auth := r.Header.Get("Authorization")
	if c := splitChallenges(auth); len(c) == 1 && c[0].scheme == "Digest" {
		p := c[0].params
		ha1 := H("api", "example realm", "secret pass")
		ha2 := H(r.Method, r.URL.RequestURI())
		want := H(ha1, "nonce-1", p["nc"], p["cnonce"], "auth", ha2)
		if p["username"] == "api" && p["realm"] == "example realm" && p["nonce"] == "nonce-1" && p["uri"] == r.URL.RequestURI() &&
			p["qop"] == "auth" && p["opaque"] == "op" && p["cnonce"] != "" && p["response"] == want {
			s.requests = append(s.requests, "ok "+p["nc"])
			w.WriteHeader(204)
			return
		}
		s.t.Errorf("wrong digest answer %q (want response %s)", auth, want)
	} else if auth != "" {
		s.t.Errorf("unexpected Authorization %q", auth)
	}
	s.requests = append(s.requests, "challenge")
	w.Header().Add("WWW-Authenticate", `Basic realm="example realm"`)
	w.Header().Add("WWW-Authenticate", `Digest realm="example realm", qop="auth", algorithm=`+s.alg+`, nonce="nonce-1", opaque="op"`)
	w.WriteHeader(http.StatusUnauthorized)
}

// A Digest credential answers the server's challenge once, replaying the
// body, then answers the remembered challenge with the next nonce count,
// sending no password anywhere.
func TestDigestChallengeRoundTrip(t *testing.T) {
	for _, alg := range []string{"MD5", "SHA-256"} {
		s := &digestServer{t: t, alg: alg}
		srv := httptest.NewServer(s)
		c := newCore(srv.URL, []credential{digestCredential("digest", "api", "secret pass")}, nil)
		for i := 0; i < 2; i++ {
			r := c.newRequest(context.Background(), "POST", "/things/1?x=1", "", nil, nil)
			r.body = []byte("payload")
			if _, err := doEmpty(c, r); err != nil {
				t.Fatalf("%s: call %d: %v", alg, i, err)
			}
		}
		srv.Close()
		want := []string{"challenge", "ok 00000001", "ok 00000002"}
		if strings.Join(s.requests, ",") != strings.Join(want, ",") {
			t.Errorf("%s: requests %v, want %v", alg, s.requests, want)
		}
		for i, b := range s.bodies {
			if b != "payload" {
				t.Errorf("%s: request %d body %q", alg, i, b)
			}
		}
	}
}

// A refused answer to the same challenge is not answered again: the call
// returns the 401 rather than looping.
func TestDigestRefusedAnswerStops(t *testing.T) {
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		w.Header().Set("WWW-Authenticate", `Digest realm="r", nonce="same", qop="auth"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	c := newCore(srv.URL, []credential{digestCredential("digest", "u", "wrong")}, nil)
	for i := 0; i < 2; i++ {
		_, err := doEmpty(c, c.newRequest(context.Background(), "GET", "/x", "", nil, nil))
		if err == nil || !strings.Contains(err.Error(), "401") {
			t.Fatalf("call %d: err %v, want the 401", i, err)
		}
	}
	if n != 3 { // challenge + one answer, then the remembered answer refused
		t.Errorf("%d requests, want 3", n)
	}
}
