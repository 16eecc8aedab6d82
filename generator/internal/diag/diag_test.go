package diag

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Finding 12 of issue 13: a diagnostic is one line whatever spec text it
// quotes, so a name holding a newline cannot forge a diagnostic line
// (nor CR, line separators or bidi controls hide or reorder one).
func TestDiagnosticIsOneLine(t *testing.T) {
	forged := "x\nspec.yaml:1:1: /paths: everything is fine\r\u2028\u2029\u0085\u202e\x00\x1b[2J\xff"
	var l List
	l.Errorf(Pos{File: "spec.yaml", Line: 3, Col: 5}, "/paths/"+forged, "path parameter %s is not declared", forged)
	l.Warnf(Pos{File: "spec.yaml", Line: 4}, "", "tag %s", forged)
	out := l.Error()
	if got := strings.Count(out, "\n"); got != 1 {
		t.Fatalf("%d newlines in two diagnostics:\n%s", got, out)
	}
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "spec.yaml:3:5: ") && !strings.HasPrefix(line, "spec.yaml:4: ") {
			t.Errorf("line not located: %q", line)
		}
		if strings.ContainsAny(line, "\r\u2028\u2029\u0085\u202e\x00\x1b") || !utf8.ValidString(line) {
			t.Errorf("control character left in %q", line)
		}
		if !strings.Contains(line, `x\nspec.yaml:1:1`) {
			t.Errorf("newline not shown escaped: %q", line)
		}
	}
	// Ordinary text is untouched.
	d := Diagnostic{Pos: Pos{File: "a.yaml", Line: 1}, Pointer: "/info", Msg: `title "Café" — fine`}
	if got, want := d.String(), `a.yaml:1: /info: title "Café" — fine`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
