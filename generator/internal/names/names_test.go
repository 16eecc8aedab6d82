package names

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestPascal(t *testing.T) {
	for in, want := range map[string]string{
		"user_guid":               "UserGUID",
		"ReadOAuthWindowURI":      "ReadOAuthWindowURI",
		"ListMemberMFAChallenges": "ListMemberMFAChallenges",
		"DownloadStatementPdf":    "DownloadStatementPDF",
		"CONNECTED":               "Connected",
		"IMAGE_OPTIONS":           "ImageOptions",
		"connect_widget_url":      "ConnectWidgetURL",
		"is_oauth":                "IsOauth",
		"apr":                     "Apr",
		"api-key":                 "APIKey",
		"http_status":             "HTTPStatus",
		"json":                    "JSON",
		"URIList":                 "URIList",
		"v1_items":                "V1Items",
		"":                        "",
	} {
		if got := Pascal(in); got != want {
			t.Errorf("Pascal(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCamelAndExported(t *testing.T) {
	for in, want := range map[string]string{
		"user_guid": "userGUID",
		"GUID":      "guid",
		"type":      "typ",
		"page":      "page",
		"URLPath":   "urlPath",
		"2fa":       "n2fa",
		"range":     "rng",
		"params":    "params_",
	} {
		if got := Camel(in); got != want {
			t.Errorf("Camel(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Exported("2fa", "X"); got != "N2fa" {
		t.Errorf("Exported(2fa) = %q", got)
	}
	if got := Exported("---", "Fallback"); got != "Fallback" {
		t.Errorf("Exported(---) = %q", got)
	}
}

func TestUnique(t *testing.T) {
	u := NewUnique("Client")
	for _, want := range []string{"Client2", "Client3"} {
		if got := u.Take("Client"); got != want {
			t.Errorf("Take = %q, want %q", got, want)
		}
	}
	if got := u.Take("Member"); got != "Member" {
		t.Errorf("Take(Member) = %q", got)
	}
}

// wordsRef, pascalRef and titleRef are Words, Pascal and title as they were
// before their ASCII fast paths: those must not change a single name.
func wordsRef(s string) []string {
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

func pascalRef(s string) string {
	allCaps := strings.ToUpper(s) == s
	var b strings.Builder
	for _, w := range wordsRef(s) {
		switch {
		case initialisms[strings.ToUpper(w)]:
			b.WriteString(strings.ToUpper(w))
		case allCaps:
			b.WriteString(titleRef(strings.ToLower(w)))
		case isUpper(w) && len([]rune(w)) > 1:
			// An all-caps word inside mixed-case text is an acronym the
			// author meant (e.g. "MFA"); keep it.
			b.WriteString(w)
		default:
			b.WriteString(titleRef(w))
		}
	}
	return b.String()
}

func titleRef(w string) string {
	if w == "" {
		return w
	}
	rs := []rune(w)
	rs[0] = unicode.ToUpper(rs[0])
	return string(rs)
}

func TestFastPathsAreTheRuneCode(t *testing.T) {
	alphabet := []string{"a", "b", "z", "A", "Q", "Z", "0", "9", "_", "-", ".", " ", "/", "{", "id", "ID", "Url", "uri", "HTTPS", "https", "ascii", "utf8", "UTF8",
		"é", "É", "中", "ß", "ı", "ſ", "ıd", "uſ", "ǅ", "Σ", "\xff", "OAuth", "v2", "2fa", "URIList", "userGUID"}
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 50000 {
		var b strings.Builder
		for range rng.IntN(7) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := Words(s), wordsRef(s); !slices.Equal(got, want) {
			t.Fatalf("case %d: Words(%q) = %q, the rune code %q", i, s, got, want)
		}
		if got, want := Pascal(s), pascalRef(s); got != want {
			t.Fatalf("case %d: Pascal(%q) = %q, the rune code %q", i, s, got, want)
		}
		for _, w := range wordsRef(s) {
			if got, want := title(w), titleRef(w); got != want {
				t.Fatalf("title(%q) = %q, the rune code %q", w, got, want)
			}
			if got, want := IsInitialism(w), initialisms[strings.ToUpper(w)]; got != want {
				t.Fatalf("IsInitialism(%q) = %v, want %v", w, got, want)
			}
		}
	}
}
