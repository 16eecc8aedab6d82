// Package diag carries located problems found in an OpenAPI document.
//
// Every problem the generator reports names where it is: the file, line and
// column when the loader recorded them, and always a JSON pointer into the
// document. The printed form is one line per problem:
//
//	spec/atrium.yaml:12:7: /paths/~1users/get: what is wrong
package diag

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pos is a position in a source document. Line and Col are 1-based; zero
// means unknown.
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// String renders the position as file:line:col, dropping unknown parts.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity tells errors from warnings.
type Severity int

const (
	// Error stops generation.
	Error Severity = iota
	// Warning is printed and generation goes on.
	Warning
)

// Diagnostic is one located problem.
type Diagnostic struct {
	Severity Severity
	Pos      Pos
	Pointer  string // JSON pointer into the document, e.g. /components/schemas/Member
	Msg      string
}

// String formats the diagnostic as file:line:col: pointer: message, on
// one line whatever spec text it holds: line breaks, other control
// characters, Unicode line and paragraph separators and bidi controls are
// written as Go escapes (\n, \u2028), so spec text can neither forge a
// diagnostic line nor hide or reorder one.
func (d Diagnostic) String() string {
	var b strings.Builder
	if s := d.Pos.String(); s != "" {
		writeOneLine(&b, s)
		b.WriteString(": ")
	}
	if d.Pointer != "" {
		writeOneLine(&b, d.Pointer)
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	writeOneLine(&b, d.Msg)
	return b.String()
}

// writeOneLine writes s with every rune that could break or disguise a
// line escaped.
func writeOneLine(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteByte(' ')
		case unicode.IsControl(r), r == '\u2028', r == '\u2029', isBidi(r), r == '\ufeff':
			fmt.Fprintf(b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
}

// isBidi reports the Unicode bidirectional formatting characters (Trojan
// Source, CVE-2021-42574).
func isBidi(r rune) bool {
	return r == '\u061c' || r == '\u200e' || r == '\u200f' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// List is an ordered collection of diagnostics. It implements error when it
// holds at least one Error-severity diagnostic.
type List []Diagnostic

// Errorf appends an error.
func (l *List) Errorf(pos Pos, pointer, format string, args ...any) {
	*l = append(*l, Diagnostic{Severity: Error, Pos: pos, Pointer: pointer, Msg: fmt.Sprintf(format, args...)})
}

// Warnf appends a warning.
func (l *List) Warnf(pos Pos, pointer, format string, args ...any) {
	*l = append(*l, Diagnostic{Severity: Warning, Pos: pos, Pointer: pointer, Msg: fmt.Sprintf(format, args...)})
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns only the error-severity diagnostics.
func (l List) Errors() List {
	var out List
	for _, d := range l {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns only the warnings.
func (l List) Warnings() List {
	var out List
	for _, d := range l {
		if d.Severity == Warning {
			out = append(out, d)
		}
	}
	return out
}

// Strict returns the list with every warning made an error (marked
// "(strict)"), for -strict.
func (l List) Strict() List {
	out := make(List, len(l))
	for i, d := range l {
		if d.Severity == Warning {
			d.Severity = Error
			d.Msg = "(strict) " + d.Msg
		}
		out[i] = d
	}
	return out
}

// Sort orders diagnostics by file, line, column, pointer and message so
// output is deterministic.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Pointer != b.Pointer {
			return a.Pointer < b.Pointer
		}
		return a.Msg < b.Msg
	})
}

// Error joins the diagnostics one per line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, d := range l {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns the list as an error when it holds errors, else nil.
func (l List) Err() error {
	if l.HasErrors() {
		return l.Errors()
	}
	return nil
}

// Pointer builds a JSON pointer from unescaped reference tokens.
func Pointer(tokens ...string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		t = strings.ReplaceAll(t, "/", "~1")
		b.WriteString(t)
	}
	return b.String()
}

// Fprint writes err to w: the located lines of the List it holds (without
// any wrapping text, so each line stays file:line:col: pointer: message),
// or else the error's text.
func Fprint(w io.Writer, err error) {
	var list List
	if errors.As(err, &list) {
		fmt.Fprintln(w, list.Error())
		return
	}
	fmt.Fprintln(w, err)
}
