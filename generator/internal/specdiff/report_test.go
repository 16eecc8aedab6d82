package specdiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/bench/synthetic"
)

// writeSpecs writes two synthetic specs of nb and nh operations.
func writeSpecs(t testing.TB, nb, nh int) (base, head string) {
	t.Helper()
	dir := t.TempDir()
	base, head = filepath.Join(dir, "base.yaml"), filepath.Join(dir, "head.yaml")
	if err := os.WriteFile(base, []byte(synthetic.Spec(nb)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(head, []byte(synthetic.Spec(nh)), 0o644); err != nil {
		t.Fatal(err)
	}
	return base, head
}

var moreRE = regexp.MustCompile(`\*\*(\d+) more changes? in the full report\*\*`)

// TestShortReportBudget diffs specs whose full report is several times the
// budget, both ways (mostly breaking, mostly additions): the short report
// keeps to the budget, shows the rows it has in level order, and its last
// line counts exactly the changes it left out; the JSON and the full
// Markdown hold every change.
func TestShortReportBudget(t *testing.T) {
	small, large := writeSpecs(t, 150, 400)
	for _, tc := range []struct {
		name, base, head string
		budget           int
	}{
		{"removals", large, small, 0},
		{"additions", small, large, 0},
		{"removals, small budget", large, small, 5000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Compare(tc.base, tc.head, "", Model{})
			if err != nil {
				t.Fatal(err)
			}
			budget := tc.budget
			if budget == 0 {
				budget = DefaultBudget
			}
			var full, short, js bytes.Buffer
			if err := rep.WriteFull(&full, ""); err != nil {
				t.Fatal(err)
			}
			if full.Len() < 3*budget {
				t.Fatalf("full report %d characters: too small to test the budget of %d", full.Len(), budget)
			}
			if err := rep.WriteShort(&short, MarkdownOptions{Budget: tc.budget, FullReport: "api-diff.json"}); err != nil {
				t.Fatal(err)
			}
			md := short.String()
			if len(md) > budget {
				t.Errorf("short report %d characters, budget %d", len(md), budget)
			}
			m := moreRE.FindStringSubmatch(md)
			if m == nil || !strings.Contains(md, "(`api-diff.json`)") {
				t.Fatalf("no 'N more changes in the full report (`api-diff.json`)' line:\n%s", md[max(0, len(md)-2000):])
			}
			omitted, _ := strconv.Atoi(m[1])
			// Count what the report shows: one change per breaking or
			// potentially breaking row, a group's changes per grouped row.
			shown := 0
			for _, lvl := range []Level{Breaking, Potential} {
				for _, row := range foldRemovedTypes(rep.Changes, lvl) {
					msg := row.c.Message
					if row.members.len() > 0 {
						msg += " with its " + row.members.String()
					}
					if strings.Contains(md, "| "+whereCell(row.c)+" | "+cell(clip(msg, 600))+" |") {
						shown += row.n
					}
				}
			}
			for _, g := range groupNonBreaking(rep.Changes) {
				if strings.Contains(md, "| "+g.where+" | "+cell(g.text)+" |\n") {
					shown += g.n
				}
			}
			if shown == 0 || shown+omitted != len(rep.Changes) {
				t.Errorf("%d shown + %d omitted, want %d changes", shown, omitted, len(rep.Changes))
			}
			if rep.Summary.Breaking > 0 && !strings.Contains(md, "## Breaking (") {
				t.Errorf("no breaking rows shown")
			}
			if !strings.HasPrefix(md, "# API diff: "+rep.Verdict()+"\n") {
				t.Errorf("verdict not first:\n%s", md[:200])
			}
			if err := rep.WriteJSON(&js); err != nil {
				t.Fatal(err)
			}
			checkJSONComplete(t, rep, js.Bytes())
			for _, c := range rep.Changes {
				if !strings.Contains(full.String(), cell(c.Message)) {
					t.Fatalf("full report lacks %q", c.Message)
				}
			}
		})
	}
}

// lineOf is the 1-based line of the first line of file equal to text.
func lineOf(t *testing.T, file, text string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if l == text {
			return i + 1
		}
	}
	t.Fatalf("%s: no line %q", file, text)
	return 0
}

// TestGitHubAnnotations checks -format github: one ::error per breaking
// change at the head line that changed (for a removal, the nearest element
// still there), a ::warning per potentially breaking change and per loader
// warning, a closing ::notice, and the workflow-command escaping.
func TestGitHubAnnotations(t *testing.T) {
	b, h := fixture("breaking-operation-removed", "base"), fixture("breaking-operation-removed", "head")
	code, out, errs := runDiff(t, "", "-base", b, "-head", h, "-format", "github")
	if code != 1 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	// deletePet was removed from /pets/{pet_id}: its annotation is at that path, in head.
	line := lineOf(t, h, "  /pets/{pet_id}:")
	hf := filepath.ToSlash(h)
	want := []string{
		"::error file=" + hf + ",line=" + strconv.Itoa(line) + ",title=breaking%3A deletePet DELETE /pets/{pet_id}::operation removed — existing calls to it fail (/paths/~1pets~1{pet_id}/delete)",
		"::error file=" + hf + ",line=" + strconv.Itoa(line) + ",title=breaking (Go API)%3A (*PetsService).DeletePet::removed `func (*PetsService) DeletePet(ctx context.Context, petID string, opts ...RequestOption) (*Response, error)` — code using it no longer compiles (/paths/~1pets~1{pet_id}/delete)",
		"::notice title=API diff%3A breaking::2 breaking, 0 potentially breaking, 0 non-breaking (" + b + " → " + h + ")",
	}
	if got := strings.Split(strings.TrimSuffix(out, "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("annotations:\n%s\nwant:\n%s", out, strings.Join(want, "\n"))
	}

	// A potentially breaking change is a warning at the changed line.
	b, h = fixture("potential-response-oneof-variant-added", "base"), fixture("potential-response-oneof-variant-added", "head")
	code, out, _ = runDiff(t, "", "-base", b, "-head", h, "-format", "github")
	wantLine := "::warning file=" + filepath.ToSlash(h) + ",line=" + strconv.Itoa(lineOf(t, h, "          oneOf:")) + ",title=potentially-breaking%3A schema Pet (used in responses)::"
	if code != 0 || !strings.Contains(out, wantLine) {
		t.Errorf("exit %d (want 0: potentially breaking is below the default -fail-on), want %q in:\n%s", code, wantLine, out)
	}

	// Loader warnings on the head side are warnings at their line.
	b, h = fixture("safe-head-repaired-by-loader", "base"), fixture("safe-head-repaired-by-loader", "head")
	_, out, _ = runDiff(t, "", "-base", b, "-head", h, "-format", "github")
	wantLine = "::warning file=" + filepath.ToSlash(h) + ",line=4,title=spec warning (head)::/info/version: info.version is empty; using \"unspecified\""
	if !strings.Contains(out, wantLine+"\n") || strings.Contains(out, "::error") {
		t.Errorf("want %q and no error in:\n%s", wantLine, out)
	}

	if got := ghData("50% a\r\nb"); got != "50%25 a%0D%0Ab" {
		t.Errorf("ghData: %q", got)
	}
	if got := ghProp("a,b: 5%\n"); got != "a%2Cb%3A 5%25%0A" {
		t.Errorf("ghProp: %q", got)
	}
}

// TestFailOn checks that -fail-on picks the exit status by level, and that
// -allow-breaking still means never fail.
func TestFailOn(t *testing.T) {
	pair := func(name string) []string {
		return []string{"-base", fixture(name, "base"), "-head", fixture(name, "head")}
	}
	for _, tc := range []struct {
		fixture string
		args    []string
		want    int
	}{
		{"breaking-operation-removed", nil, 1},
		{"breaking-operation-removed", []string{"-fail-on", "none"}, 0},
		{"breaking-operation-removed", []string{"-allow-breaking"}, 0},
		{"breaking-operation-removed", []string{"-allow-breaking", "-fail-on", "non-breaking"}, 0},
		{"potential-response-oneof-variant-added", nil, 0},
		{"potential-response-oneof-variant-added", []string{"-fail-on", "breaking"}, 0},
		{"potential-response-oneof-variant-added", []string{"-fail-on", "potentially-breaking"}, 1},
		{"potential-response-oneof-variant-added", []string{"-fail-on", "potential"}, 1},
		{"safe-response-204-body-removed", []string{"-fail-on", "potentially-breaking"}, 0},
		{"safe-response-204-body-removed", []string{"-fail-on", "non-breaking"}, 1},
		{"safe-no-change", []string{"-fail-on", "non-breaking"}, 0},
		{"safe-no-change", []string{"-fail-on", "sometimes"}, 2},
		{"safe-no-change", []string{"-budget", "100"}, 2},
	} {
		code, _, errs := runDiff(t, "", append(pair(tc.fixture), tc.args...)...)
		if code != tc.want {
			t.Errorf("%s %v: exit %d, want %d; stderr %q", tc.fixture, tc.args, code, tc.want, errs)
		}
	}
}

// TestLoaderWarnings diffs a pair whose head the loader repairs (an empty
// info.version, an array without items), then the same pair reversed: the
// warnings of either side are printed on stderr as generation prints them,
// above the report's changes in Markdown, and in the JSON, with their side.
// (Reversed, the pair removes a response field: breaking, exit 1.)
func TestLoaderWarnings(t *testing.T) {
	name := "safe-head-repaired-by-loader"
	for _, side := range []string{"head", "base"} {
		b, h := fixture(name, "base"), fixture(name, "head")
		repaired, wantCode := h, 0
		if side == "base" {
			b, h, wantCode = h, b, 1
		}
		code, out, errs := runDiff(t, "", "-base", b, "-head", h)
		if code != wantCode {
			t.Fatalf("%s: exit %d, stderr %q", side, code, errs)
		}
		wantErr := side + ": " + repaired + ":4:3: /info/version: warning: info.version is empty; using \"unspecified\"\n"
		if !strings.Contains(errs, wantErr) || !strings.Contains(errs, "/components/schemas/Error/properties/details: warning: array schema has no items") {
			t.Errorf("%s: stderr %q lacks %q", side, errs, wantErr)
		}
		wantMD := "- " + side + " `" + repaired + ":4:3` `/info/version`: info.version is empty"
		i, j := strings.Index(out, wantMD), strings.Index(out, "\n| ")
		if i < 0 || j < 0 || i > j {
			t.Errorf("%s: warning not above the changes:\n%s", side, out)
		}
		_, out, _ = runDiff(t, "", "-base", b, "-head", h, "-format", "json")
		var rep Report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Warnings) != 2 || rep.Warnings[0] != (Warning{Side: side, Location: repaired + ":4:3", Pointer: "/info/version", Message: `info.version is empty; using "unspecified"`}) {
			t.Errorf("%s: JSON warnings %+v", side, rep.Warnings)
		}
	}
}

// TestReportFiles checks -full-report (JSON and Markdown by extension),
// -report (the short report, as stdout prints it) and -link.
func TestReportFiles(t *testing.T) {
	dir := t.TempDir()
	fj, fm, sm := filepath.Join(dir, "full.json"), filepath.Join(dir, "full.md"), filepath.Join(dir, "short.md")
	b, h := fixture("safe-resource-added-with-wide-schema", "base"), fixture("safe-resource-added-with-wide-schema", "head")
	link := "https://github.com/o/r/blob/abc/"
	code, out, errs := runDiff(t, "", "-base", b, "-head", h, "-full-report", fj, "-full-report", fm, "-report", sm, "-link", link)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	read := func(p string) string {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	if read(sm) != out {
		t.Errorf("-report file differs from stdout")
	}
	var rep Report
	if err := json.Unmarshal([]byte(read(fj)), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Changes) != 36 || rep.Summary.NonBreaking != 36 {
		t.Errorf("full JSON: %d changes, summary %+v", len(rep.Changes), rep.Summary)
	}
	md := read(fm)
	for _, c := range rep.Changes {
		if !strings.Contains(md, "| ok | `"+cell(c.Where)+"` | "+cell(c.Message)+" |") {
			t.Errorf("full Markdown lacks %s %s", c.Where, c.Message)
		}
	}
	// The new schema's row in the full report links to its line in head.
	hl := filepath.ToSlash(h)
	line := strconv.Itoa(lineOf(t, h, "    InsurancePolicy:"))
	if want := "[" + hl + ":" + line + "](" + link + hl + "#L" + line + ")"; !strings.Contains(md, want) {
		t.Errorf("full Markdown lacks the link %s", want)
	}
	if strings.Count(out, "\n| ") > 8 {
		t.Errorf("short report not grouped:\n%s", out)
	}
	if !strings.Contains(out, "| `schema InsurancePolicy` | schema added (30 fields)") || !strings.Contains(out, "| Go `InsurancePolicy` | new type (30 fields) |") {
		t.Errorf("short report lacks the grouped schema and type rows:\n%s", out)
	}
	// An unwritable report file is an error, exit 2.
	if code, _, errs := runDiff(t, "", "-base", b, "-head", h, "-full-report", filepath.Join(dir, "no", "such", "x.json")); code != 2 || !strings.Contains(errs, "cannot write report") {
		t.Errorf("unwritable report: exit %d, %q", code, errs)
	}
}

// TestShortReportFloors: when breaking changes alone would fill the budget,
// the potentially breaking and the grouped non-breaking sections still get
// rows, and the counts stay exact.
func TestShortReportFloors(t *testing.T) {
	rep := &Report{Base: "a.yaml", Head: "b.yaml"}
	add := func(n int, lvl Level, where string) {
		for i := range n {
			rep.Changes = append(rep.Changes, Change{Section: SecOperations, Kind: "k", Where: fmt.Sprintf("%s%d GET /x/%d", where, i, i),
				Pointer: fmt.Sprintf("/paths/~1x~1%d/get", i), Level: lvl, Breaking: lvl == Breaking,
				Message: strings.Repeat("m", 150), Reason: strings.Repeat("r", 100)})
		}
	}
	add(2000, Breaking, "b")
	add(300, Potential, "p")
	add(500, NonBreaking, "n")
	rep.count()
	var buf bytes.Buffer
	if err := rep.WriteShort(&buf, MarkdownOptions{}); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	if len(md) > DefaultBudget {
		t.Errorf("%d characters", len(md))
	}
	rows := func(prefix string) int { return strings.Count(md, "| `"+prefix) }
	b, p, n := rows("b"), rows("p"), rows("n")
	if b == 0 || p == 0 || n == 0 || b < p {
		t.Errorf("rows shown: %d breaking, %d potentially breaking, %d non-breaking", b, p, n)
	}
	m := moreRE.FindStringSubmatch(md)
	if m == nil {
		t.Fatal("no 'more changes' line")
	}
	if omitted, _ := strconv.Atoi(m[1]); b+p+n+omitted != len(rep.Changes) {
		t.Errorf("%d+%d+%d shown, %d omitted, of %d", b, p, n, omitted, len(rep.Changes))
	}
}
