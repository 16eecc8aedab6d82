package emit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOnlySanitizerWritesComments fails when an emitter calls jennifer's
// comment methods directly instead of comment/packageComment: the
// sanitizer is the only gate from spec text to a Go comment.
func TestOnlySanitizerWritesComments(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	allowed := map[string]bool{"comment.go": true}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || allowed[name] {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			switch sel.Sel.Name {
			case "Comment", "Commentf", "PackageComment":
				t.Errorf("%s: %s bypasses the comment sanitizer", fset.Position(sel.Pos()), sel.Sel.Name)
			case "HeaderComment":
				// allowed only with the sanitized Header
				if !strings.Contains(string(src[fset.Position(sel.Pos()).Offset:fset.Position(sel.End()).Offset+40]), "Header(") {
					t.Errorf("%s: HeaderComment without Header()", fset.Position(sel.Pos()))
				}
			}
			return true
		})
	}
}

func TestCommentLines(t *testing.T) {
	for in, want := range map[string]string{
		"/*\n*/ func init() {} //":   "// / *\n// * / func init() {} //",
		"//go:generate sh":           "// //go:generate sh",
		"+build ignore":              "// \u2024+build ignore",
		"  go:build x":               "// \u2024go:build x",
		"a\rb\r\nc\u2028d\u2029e":    "// a\n// b\n// c\n// d\n// e",
		"x\x00y\u202ez\u2066w\ufeff": "// x yzw",
		"bad \xff utf8":              "// bad \ufffd utf8",
		"a\n\nb  ":                   "// a\n//\n// b",
		"/**/":                       "// / ** /",
	} {
		if got := strings.Join(commentLines(in), "\n"); got != want {
			t.Errorf("commentLines(%q) = %q, want %q", in, got, want)
		}
	}
	if got := oneLine("a\nb */ c"); got != "a b * / c" {
		t.Errorf("oneLine = %q", got)
	}
}

func TestDocFileConfined(t *testing.T) {
	for in, want := range map[string]string{
		"../../../../x": "docs/____________x.md",
		"../README":     "docs/___README.md",
		"Users":         "docs/Users.md",
		"Ünïcode tag":   "docs/Ünïcode tag.md",
		"":              "docs/_.md",
		"a/b\x00c":      "docs/a_b_c.md",
	} {
		if got := DocFile(in); got != want {
			t.Errorf("DocFile(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPlainTextIsUnchanged: every line plainText lets skip the rune loop
// is one the loop returns as it is, so the fast path changes no comment.
func TestPlainTextIsUnchanged(t *testing.T) {
	alphabet := []string{"a", "Z", " ", "\t", "/", "*", "+build", "go:build", "é", "中", "😀", "\x00", "\x1f", "\x7f",
		"\u0085", "\u009f", "\u00a0", "\u202e", "\u2066", "\u200f", "\ufeff", "\ufffd", "\xff", "\xe2\x80", "\u2028"}
	rng := rand.New(rand.NewPCG(3, 4))
	plain := 0
	for i := range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		l := b.String()
		if !plainText(l) {
			continue
		}
		plain++
		if got := sanitizeRunes(l); got != l {
			t.Fatalf("case %d %q: plain text, but the rune loop makes it %q", i, l, got)
		}
	}
	if plain < 1000 || plain > 19000 {
		t.Fatalf("%d of 20,000 lines plain: the alphabet no longer tests both paths", plain)
	}
}
