package emit

import (
	"strings"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"
)

// comment is the only way text reaches a Go comment in generated code:
// every emitter builds comments with it (TestOnlySanitizerWritesComments
// checks that no other jen.Comment call exists). The result is always a
// run of // lines, each passed to jennifer already starting with "// ",
// so jennifer neither copies spec text verbatim nor opens a /* */ block.
func comment(s string) *jen.Statement {
	lines := commentLines(s)
	st := jen.Comment(lines[0])
	for _, l := range lines[1:] {
		st = st.Line().Comment(l)
	}
	return st
}

// commentLines splits s into sanitized "// ..." lines: CR, CRLF, U+2028
// and U+2029 break lines like LF; NUL, other control characters, bidi
// controls (Trojan Source), BOMs and invalid UTF-8 become spaces or
// U+FFFD; "/*" and "*/" are broken apart; and a line that would read as a
// directive (// +build) is defused. Since each line starts with "// "
// (a space after the slashes), //go:, //line, //export and //extern can
// never start a line.
func commentLines(s string) []string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = lineBreaks.Replace(s)
	raw := strings.Split(strings.TrimRight(s, "\n \t"), "\n")
	out := make([]string, len(raw))
	for i, l := range raw {
		out[i] = commentLine(l)
	}
	return out
}

// The line breaks commentLines and oneLine replace. A Replacer is safe for
// concurrent use, and building one per comment was a tenth of a second of
// Stripe's generation.
var (
	lineBreaks    = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\u0085", "\n")
	oneLineBreaks = strings.NewReplacer("\r", " ", "\n", " ", "\u2028", " ", "\u2029", " ", "\u0085", " ")
)

// commentLine is one sanitized comment line, "//" plus " text" when the
// text is not empty.
func commentLine(l string) string {
	t := l
	if !plainText(l) {
		t = sanitizeRunes(l)
	}
	for strings.Contains(t, "/*") || strings.Contains(t, "*/") {
		t = strings.ReplaceAll(strings.ReplaceAll(t, "/*", "/ *"), "*/", "* /")
	}
	t = strings.TrimRight(t, " \t")
	if t == "" {
		return "//"
	}
	if lead := strings.TrimLeft(t, " \t"); strings.HasPrefix(lead, "+build") || strings.HasPrefix(lead, "go:build") {
		t = "\u2024" + lead // a visible one-dot leader: no longer a constraint
	}
	return "// " + t
}

// sanitizeRunes turns control characters into spaces and drops bidi and
// invisible ones.
func sanitizeRunes(l string) string {
	var b strings.Builder
	for _, r := range l {
		switch {
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			b.WriteByte(' ')
		case isBidiOrInvisible(r):
			// dropped: it could reorder or hide what a reader sees
		default:
			b.WriteRune(r) // U+FFFD for a byte that is not UTF-8
		}
	}
	return b.String()
}

// plainText reports whether sanitizeRunes would return l as it
// is: no control character but tab, no C1 control, no bidi or invisible
// character, and valid UTF-8 (any U+FFFD, written or decoded from a bad
// byte, takes the loop). Most spec text is plain, and is not copied.
func plainText(l string) bool {
	for _, r := range l {
		if (r < 0x20 && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError || isBidiOrInvisible(r) {
			return false
		}
	}
	return true
}

// isBidiOrInvisible reports the bidirectional formatting characters of
// CVE-2021-42574 and the zero-width BOM.
func isBidiOrInvisible(r rune) bool {
	switch {
	case r == 0x061c, r == 0x200e, r == 0x200f, r == 0xfeff:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// oneLine is s as a single sanitized comment line's text (without the
// leading "// "), for header comments jennifer prefixes itself.
func oneLine(s string) string {
	s = oneLineBreaks.Replace(strings.ToValidUTF8(s, "\uFFFD"))
	return strings.TrimPrefix(commentLine(s), "// ")
}

// packageComment adds s to f's package comment as sanitized // lines.
func packageComment(f *jen.File, s string) {
	for _, l := range commentLines(s) {
		f.PackageComment(l)
	}
}
