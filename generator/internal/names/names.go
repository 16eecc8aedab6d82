// Package names turns OpenAPI names into Go identifiers.
//
// All casing rules live here, including the one table of initialisms, so
// that every Go name in the output is decided by the same code.
package names

import (
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms are words written all in capitals in Go names.
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true, "CSV": true,
	"DNS": true, "EOF": true, "GUID": true, "HTML": true, "HTTP": true, "HTTPS": true,
	"ID": true, "IP": true, "JSON": true, "JWT": true, "MFA": true, "OS": true,
	"PDF": true, "RPC": true, "SDK": true, "SLA": true, "SMS": true, "SMTP": true,
	"SQL": true, "SSH": true, "TCP": true, "TLS": true, "TTL": true, "UI": true,
	"UID": true, "URI": true, "URL": true, "UTF8": true, "UUID": true, "VM": true,
	"XML": true,
}

// IsInitialism reports whether w (any case) is in the initialism table.
func IsInitialism(w string) bool { return isInitialism(w) }

// Words splits s into words at non-alphanumeric runes and at case changes
// ("ReadOAuthWindowURI" → Read O Auth Window URI, "user_guid" → user guid).
// Digits stay attached to the word before them.
func Words(s string) []string {
	if isASCII(s) {
		return asciiWords(s)
	}
	return runeWords(s)
}

// runeWords is Words on any text.
func runeWords(s string) []string {
	var words []string
	rs := []rune(s)
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, string(rs[start:end]))
		}
		start = -1
	}
	for i, r := range rs {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := rs[i-1]
		switch {
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			flush(i)
			start = i
		case unicode.IsUpper(r) && unicode.IsDigit(prev) && i >= 2 && unicode.IsLower(rs[i-2]):
			flush(i)
			start = i
		case unicode.IsLower(r) && unicode.IsUpper(prev) && i-1 > start:
			// "URIList": the last capital starts the next word.
			flush(i - 1)
			start = i - 1
		}
	}
	flush(len(rs))
	return words
}

// asciiWords is runeWords on ASCII text, where a byte is a rune: the same
// rules, with words sliced from s rather than copied (names are split
// hundreds of thousands of times on a large spec).
func asciiWords(s string) []string {
	var words []string
	start := -1
	flush := func(end int) {
		if start >= 0 && end > start {
			words = append(words, s[start:end])
		}
		start = -1
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isLower(c) && !isUpperByte(c) && !isDigit(c) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
			continue
		}
		prev := s[i-1]
		switch {
		case isUpperByte(c) && isLower(prev):
			flush(i)
			start = i
		case isUpperByte(c) && isDigit(prev) && i >= 2 && isLower(s[i-2]):
			flush(i)
			start = i
		case isLower(c) && isUpperByte(prev) && i-1 > start:
			flush(i - 1)
			start = i - 1
		}
	}
	flush(len(s))
	return words
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func isLower(c byte) bool     { return 'a' <= c && c <= 'z' }
func isUpperByte(c byte) bool { return 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool     { return '0' <= c && c <= '9' }

// isInitialism is initialisms[strings.ToUpper(w)] without allocating for
// the short ASCII words every name is made of.
func isInitialism(w string) bool {
	if len(w) > 8 || !isASCII(w) {
		return initialisms[strings.ToUpper(w)]
	}
	var buf [8]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if isLower(c) {
			c -= 'a' - 'A'
		}
		buf[i] = c
	}
	return initialisms[string(buf[:len(w)])]
}

// hasLower reports whether strings.ToUpper(s) != s would hold, for ASCII s.
func hasLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if isLower(s[i]) {
			return true
		}
	}
	return false
}

// Pascal converts s to an exported Go identifier: "user_guid" → "UserGUID",
// "CONNECTED" → "Connected", "ReadOAuthWindowURI" → "ReadOAuthWindowURI".
// The result may still start with a digit or be empty; see Exported.
func Pascal(s string) string {
	var allCaps bool
	if isASCII(s) {
		allCaps = !hasLower(s)
	} else {
		allCaps = strings.ToUpper(s) == s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, w := range Words(s) {
		switch {
		case isInitialism(w):
			b.WriteString(strings.ToUpper(w))
		case allCaps:
			b.WriteString(title(strings.ToLower(w)))
		case isUpper(w) && len([]rune(w)) > 1:
			// An all-caps word inside mixed-case text is an acronym the
			// author meant (e.g. "MFA"); keep it.
			b.WriteString(w)
		default:
			b.WriteString(title(w))
		}
	}
	return b.String()
}

// Exported returns a valid exported Go identifier for s, never empty.
// A leading digit gets the prefix "N" ("2fa" → "N2fa"); names with nothing
// usable become fallback.
func Exported(s, fallback string) string {
	p := Pascal(s)
	if p == "" {
		return fallback
	}
	if r := []rune(p)[0]; unicode.IsDigit(r) {
		p = "N" + p
	} else if !unicode.IsUpper(r) {
		// Letters without case (e.g. CJK) cannot be exported as they are.
		p = "X" + p
	}
	return p
}

// Camel converts s to an unexported Go identifier that is not a keyword:
// "user_guid" → "userGUID", "GUID" → "guid", "type" → "typ".
func Camel(s string) string {
	p := Exported(s, "v")
	words := Words(p)
	if len(words) == 0 {
		return "v"
	}
	first := words[0]
	rest := p[len(first):]
	id := strings.ToLower(first) + rest
	if token.IsKeyword(id) || predeclared[id] {
		id += "_"
		if k, ok := keywordRenames[strings.TrimSuffix(id, "_")]; ok {
			id = k
		}
	}
	return id
}

var keywordRenames = map[string]string{"type": "typ", "func": "fn", "range": "rng", "package": "pkg", "import": "imp"}

// predeclared identifiers we must not shadow in generated method bodies.
var predeclared = map[string]bool{
	"ctx": true, "opts": true, "params": true, "body": true, "r": true, "s": true,
	"string": true, "error": true, "len": true, "new": true, "nil": true, "true": true, "false": true,
	"any": true, "int": true, "bool": true, "byte": true, "make": true, "append": true, "copy": true,
	"http": true, "url": true, "time": true, "types": true, "io": true, "context": true, "json": true,
}

func isUpper(w string) bool {
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func title(w string) string {
	if w == "" {
		return w
	}
	if c := w[0]; c < utf8.RuneSelf {
		if isLower(c) {
			return string(c-('a'-'A')) + w[1:]
		}
		return w
	}
	return titleRunes(w)
}

// titleRunes is title for a word starting with a multi-byte rune.
func titleRunes(w string) string {
	rs := []rune(w)
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

// Unique hands out names that do not collide, deterministically: the first
// claimant keeps the name, later ones get a numeric suffix (Name2, Name3...).
type Unique struct{ used map[string]bool }

// NewUnique returns a Unique with the given names already taken.
func NewUnique(taken ...string) *Unique {
	u := &Unique{used: map[string]bool{}}
	for _, t := range taken {
		u.used[t] = true
	}
	return u
}

// Take claims name, or the first free name+N.
func (u *Unique) Take(name string) string {
	if !u.used[name] {
		u.used[name] = true
		return name
	}
	for i := 2; ; i++ {
		n := name + itoa(i)
		if !u.used[n] {
			u.used[n] = true
			return n
		}
	}
}

// Has reports whether name is taken.
func (u *Unique) Has(name string) bool { return u.used[name] }

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
