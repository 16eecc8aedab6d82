package sdkruntime

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net/http"
	"strings"
	"sync"
)

// digestAuth is an HTTP Digest credential (RFC 7616). Nothing is sent
// until the server challenges: a 401 whose WWW-Authenticate offers Digest
// is answered once, by sending the request again with the response the
// challenge asks for; later requests answer the remembered challenge
// (with a new nonce count) until the server sends a new one. The password
// itself never leaves the client.
type digestAuth struct {
	username, password string

	mu        sync.Mutex
	challenge *digestChallenge
	nc        uint32
}

// digestChallenge is the parameters of a Digest challenge.
type digestChallenge struct {
	realm, nonce, opaque, algorithm string
	qop                             bool // qop=auth offered
	userhash                        bool
}

func digestCredential(scheme, username, password string) credential {
	d := &digestAuth{username: username, password: password}
	return credential{scheme: scheme, in: "header", name: "Authorization", challenge: d}
}

// authorization is the Authorization header for a request, or "" before
// any challenge.
func (d *digestAuth) authorization(method, uri string) (string, error) {
	d.mu.Lock()
	ch := d.challenge
	d.nc++
	nc := d.nc
	d.mu.Unlock()
	if ch == nil {
		return "", nil
	}
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return digestHeader(ch, d.username, d.password, method, uri, hex.EncodeToString(b[:]), nc), nil
}

// challenged reads a 401's Digest challenge and reports whether the request
// should be sent again: the challenge is new (another nonce than the one
// answered, or marked stale), so an answer to it can succeed.
func (d *digestAuth) challenged(h http.Header) bool {
	ch, stale := parseDigestChallenge(h.Values("WWW-Authenticate"))
	if ch == nil {
		return false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.challenge != nil && d.challenge.nonce == ch.nonce && !stale {
		return false // the answer to this very challenge was refused
	}
	d.challenge, d.nc = ch, 0
	return true
}

// digestHeader computes the Authorization header answering ch (RFC 7616
// section 3.4).
func digestHeader(ch *digestChallenge, username, password, method, uri, cnonce string, nc uint32) string {
	alg := strings.ToUpper(ch.algorithm)
	newHash := md5.New
	if strings.HasPrefix(alg, "SHA-256") {
		newHash = sha256.New
	}
	h := func(parts ...string) string { return digestHash(newHash, strings.Join(parts, ":")) }
	ha1 := h(username, ch.realm, password)
	if strings.HasSuffix(alg, "-SESS") {
		ha1 = h(ha1, ch.nonce, cnonce)
	}
	ha2 := h(method, uri)
	ncs := fmt.Sprintf("%08x", nc)
	var response string
	if ch.qop {
		response = h(ha1, ch.nonce, ncs, cnonce, "auth", ha2)
	} else {
		response = h(ha1, ch.nonce, ha2)
	}
	user := username
	if ch.userhash {
		user = h(username, ch.realm)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Digest username=%s, realm=%s, uri=%s", digestQuote(user), digestQuote(ch.realm), digestQuote(uri))
	if ch.algorithm != "" {
		b.WriteString(", algorithm=" + ch.algorithm)
	}
	fmt.Fprintf(&b, ", nonce=%s", digestQuote(ch.nonce))
	if ch.qop {
		fmt.Fprintf(&b, ", nc=%s, cnonce=%s, qop=auth", ncs, digestQuote(cnonce))
	}
	fmt.Fprintf(&b, ", response=%s", digestQuote(response))
	if ch.opaque != "" {
		b.WriteString(", opaque=" + digestQuote(ch.opaque))
	}
	if ch.userhash {
		b.WriteString(", userhash=true")
	}
	return b.String()
}

func digestHash(newHash func() hash.Hash, s string) string {
	hh := newHash()
	hh.Write([]byte(s))
	return hex.EncodeToString(hh.Sum(nil))
}

func digestQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// parseDigestChallenge finds the Digest challenge to answer among
// WWW-Authenticate values: SHA-256 before MD5 (RFC 7616 section 3.7),
// qop auth or none (auth-int is not offered); nil when there is none.
func parseDigestChallenge(values []string) (ch *digestChallenge, stale bool) {
	rank := func(alg string) int {
		switch strings.ToUpper(alg) {
		case "SHA-256", "SHA-256-SESS":
			return 2
		case "", "MD5", "MD5-SESS":
			return 1
		}
		return 0 // SHA-512-256 and others: not supported
	}
	for _, v := range values {
		for _, c := range splitChallenges(v) {
			if !strings.EqualFold(c.scheme, "Digest") || c.params["nonce"] == "" {
				continue
			}
			qops := c.params["qop"]
			qop := false
			for _, q := range strings.Split(qops, ",") {
				if strings.TrimSpace(q) == "auth" {
					qop = true
				}
			}
			if qops != "" && !qop {
				continue
			}
			cand := &digestChallenge{realm: c.params["realm"], nonce: c.params["nonce"], opaque: c.params["opaque"],
				algorithm: c.params["algorithm"], qop: qop, userhash: strings.EqualFold(c.params["userhash"], "true")}
			if rank(cand.algorithm) == 0 {
				continue
			}
			if ch == nil || rank(cand.algorithm) > rank(ch.algorithm) {
				ch, stale = cand, strings.EqualFold(c.params["stale"], "true")
			}
		}
	}
	return ch, stale
}

type authChallenge struct {
	scheme string
	params map[string]string
}

// splitChallenges parses a WWW-Authenticate value (RFC 9110 section 11.6.1):
// challenges of a scheme and comma-separated name=value parameters, values
// as tokens or quoted strings.
func splitChallenges(v string) []authChallenge {
	var out []authChallenge
	s := v
	for {
		s = strings.TrimLeft(s, " \t,")
		if s == "" {
			return out
		}
		i := strings.IndexAny(s, " \t,")
		if i < 0 {
			i = len(s)
		}
		c := authChallenge{scheme: s[:i], params: map[string]string{}}
		s = s[i:]
		for {
			rest := strings.TrimLeft(s, " \t,")
			eq := strings.IndexByte(rest, '=')
			sp := strings.IndexAny(rest, " \t,")
			if rest == "" || eq <= 0 || (sp >= 0 && sp < eq) {
				s = rest
				break // the next challenge's scheme, or the end
			}
			name := strings.ToLower(strings.TrimSpace(rest[:eq]))
			rest = strings.TrimLeft(rest[eq+1:], " \t")
			var val string
			if strings.HasPrefix(rest, `"`) {
				var b strings.Builder
				j := 1
				for ; j < len(rest) && rest[j] != '"'; j++ {
					if rest[j] == '\\' && j+1 < len(rest) {
						j++
					}
					b.WriteByte(rest[j])
				}
				val, rest = b.String(), rest[min(j+1, len(rest)):]
			} else {
				k := strings.IndexAny(rest, " \t,")
				if k < 0 {
					k = len(rest)
				}
				val, rest = rest[:k], rest[k:]
			}
			c.params[name] = val
			s = rest
		}
		out = append(out, c)
	}
}
