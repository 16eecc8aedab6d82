package names

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
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

// TestFastPathsAreTheRuneCode holds the ASCII fast paths of Words, Pascal
// and title to the rune code they skip: each must give the same words,
// cases and initialisms, so no name changes.
func TestFastPathsAreTheRuneCode(t *testing.T) {
	alphabet := []string{"a", "b", "z", "A", "Q", "Z", "0", "9", "_", "-", ".", " ", "/", "{", "id", "ID", "Url", "uri", "HTTPS", "https", "ascii", "utf8", "UTF8",
		"é", "É", "中", "ß", "ı", "ſ", "ıd", "uſ", "ǅ", "Σ", "\xff", "OAuth", "v2", "2fa", "URIList", "userGUID"}
	rng := rand.New(rand.NewPCG(5, 6))
	ascii := 0
	for i := range 50000 {
		var b strings.Builder
		for range rng.IntN(7) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		if isASCII(s) {
			ascii++
			if got, want := asciiWords(s), runeWords(s); !slices.Equal(got, want) {
				t.Fatalf("case %d: asciiWords(%q) = %q, runeWords %q", i, s, got, want)
			}
			if got, want := hasLower(s), strings.ToUpper(s) != s; got != want {
				t.Fatalf("case %d: hasLower(%q) = %v, want %v", i, s, got, want)
			}
		}
		for _, w := range runeWords(s) {
			if got, want := title(w), titleRunes(w); got != want {
				t.Fatalf("title(%q) = %q, the rune code %q", w, got, want)
			}
			if got, want := IsInitialism(w), initialisms[strings.ToUpper(w)]; got != want {
				t.Fatalf("IsInitialism(%q) = %v, want %v", w, got, want)
			}
		}
	}
	if ascii < 5000 || ascii > 45000 {
		t.Fatalf("%d of 50,000 names ASCII: the alphabet no longer tests both paths", ascii)
	}
}
