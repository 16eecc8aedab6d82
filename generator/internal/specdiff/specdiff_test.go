package specdiff

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite want.md / want.json under testdata/diff")

const fixtures = "../../testdata/diff"

// TestFixtures diffs every base.yaml/head.yaml pair under testdata/diff and
// compares the short report with want.md (and the JSON with want.json
// where present). A pair named breaking-* must report at least one breaking
// spec change; potential-* no breaking but a potentially breaking one;
// safe-* neither: the classification is asserted, not only recorded. On
// every pair the short report keeps to the budget and the JSON holds every
// change.
func TestFixtures(t *testing.T) {
	entries, err := os.ReadDir(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		name := e.Name()
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(fixtures, name)
			rep := compareFixture(t, name)
			specBreaking, potential := rep.Summary.Breaking-rep.Summary.GoBreaking, rep.Summary.Potential
			switch {
			case strings.HasPrefix(name, "breaking-"):
				if specBreaking == 0 {
					t.Errorf("want a breaking spec change, got none")
				}
			case strings.HasPrefix(name, "potential-"):
				if specBreaking != 0 || potential == 0 {
					t.Errorf("want a potentially breaking spec change and no breaking one, got %d breaking, %d potentially breaking", specBreaking, potential)
				}
			case strings.HasPrefix(name, "safe-"):
				if specBreaking != 0 || potential != 0 {
					t.Errorf("want no breaking or potentially breaking spec change, got %d breaking, %d potentially breaking", specBreaking, potential)
				}
			default:
				t.Errorf("fixture name must start with breaking-, potential- or safe-")
			}
			if name != "safe-no-change" && len(rep.Changes) == 0 {
				t.Errorf("no change reported")
			}
			if rep.GoAPINote != "" {
				t.Errorf("Go API not compared: %s", rep.GoAPINote)
			}
			var md bytes.Buffer
			if err := rep.WriteMarkdown(&md); err != nil {
				t.Fatal(err)
			}
			if md.Len() > DefaultBudget {
				t.Errorf("Markdown report is %d characters, over the budget of %d", md.Len(), DefaultBudget)
			}
			golden(t, filepath.Join(dir, "want.md"), md.String(), true)
			var js bytes.Buffer
			if err := rep.WriteJSON(&js); err != nil {
				t.Fatal(err)
			}
			checkJSONComplete(t, rep, js.Bytes())
			golden(t, filepath.Join(dir, "want.json"), js.String(), false)
		})
	}
	if n < 40 {
		t.Errorf("%d fixture pairs; want at least 40", n)
	}
}

// compareFixture diffs a fixture pair, naming its files relative to the
// fixture directory in the report (as the goldens show them).
func compareFixture(t *testing.T, name string) *Report {
	t.Helper()
	dir := filepath.Join(fixtures, name)
	rep, err := Compare(filepath.Join(dir, "base.yaml"), filepath.Join(dir, "head.yaml"), "", Model{})
	if err != nil {
		t.Fatal(err)
	}
	rep.Base, rep.Head = name+"/base.yaml", name+"/head.yaml"
	prefix := filepath.ToSlash(fixtures) + "/"
	for i := range rep.Changes {
		rep.Changes[i].Location = strings.TrimPrefix(rep.Changes[i].Location, prefix)
	}
	for i := range rep.Warnings {
		rep.Warnings[i].Location = strings.TrimPrefix(rep.Warnings[i].Location, prefix)
	}
	return rep
}

// checkJSONComplete decodes the JSON report and requires every change of
// the report in it, in order, field for field, and the counts to match.
func checkJSONComplete(t *testing.T, rep *Report, data []byte) {
	t.Helper()
	var got Report
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("JSON report: %v", err)
	}
	if len(got.Changes) != len(rep.Changes) {
		t.Fatalf("JSON holds %d changes, the report %d", len(got.Changes), len(rep.Changes))
	}
	exported := func(c Change) Change {
		return Change{Section: c.Section, Kind: c.Kind, Where: c.Where, Pointer: c.Pointer, Location: c.Location,
			Level: c.Level, Breaking: c.Breaking, Message: c.Message, Reason: c.Reason}
	}
	for i, c := range rep.Changes {
		if exported(c) != got.Changes[i] {
			t.Errorf("JSON change %d = %+v, want %+v", i, got.Changes[i], exported(c))
		}
	}
	if got.Summary != rep.Summary {
		t.Errorf("JSON summary %+v, want %+v", got.Summary, rep.Summary)
	}
	n := got.Summary.Breaking + got.Summary.Potential + got.Summary.NonBreaking
	if n != len(got.Changes) {
		t.Errorf("JSON counts %d changes, holds %d", n, len(got.Changes))
	}
}

// golden compares got with the file; with -update it rewrites it. Optional
// goldens are only checked (and updated) when the file exists.
func golden(t *testing.T, path, got string, required bool) {
	t.Helper()
	want, err := os.ReadFile(path)
	if os.IsNotExist(err) && !required {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if d := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(got, "\n")); d != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, d)
	}
}

func runDiff(t *testing.T, gitDir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb, gitDir, Model{})
	return code, out.String(), errb.String()
}

func fixture(name, side string) string { return filepath.Join(fixtures, name, side+".yaml") }

func TestExitStatus(t *testing.T) {
	b, h := fixture("breaking-operation-removed", "base"), fixture("breaking-operation-removed", "head")
	if code, out, errs := runDiff(t, "", "-base", b, "-head", h); code != 1 || !strings.Contains(out, "operation removed") || errs != "" {
		t.Errorf("breaking: exit %d, stderr %q, report:\n%s", code, errs, out)
	}
	if code, _, _ := runDiff(t, "", "-base", b, "-head", h, "-allow-breaking"); code != 0 {
		t.Errorf("-allow-breaking: exit %d, want 0", code)
	}
	sb, sh := fixture("safe-operation-added", "base"), fixture("safe-operation-added", "head")
	if code, out, _ := runDiff(t, "", "-base", sb, "-head", sh); code != 0 || !strings.Contains(out, "**0 breaking, ") {
		t.Errorf("safe: exit %d, report:\n%s", code, out)
	}
	code, out, _ := runDiff(t, "", "-base", b, "-head", h, "-format", "json")
	if code != 1 {
		t.Errorf("json: exit %d", code)
	}
	var rep Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json output: %v\n%s", err, out)
	}
	if rep.Summary.Breaking != 2 || rep.Changes[0].Kind != "operation-removed" || !rep.Changes[0].Breaking {
		t.Errorf("json report: %+v", rep)
	}
}

func TestUsageAndLoadErrors(t *testing.T) {
	ok := fixture("safe-no-change", "base")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-base", ok}, "usage: generator diff"},
		{[]string{"-base", ok, "-head", ok, "-format", "xml"}, "usage: generator diff"},
		{[]string{"-base", ok, "-head", ok, "extra"}, "usage: generator diff"},
		{[]string{"-nope"}, "flag provided but not defined"},
		{[]string{"-base", "does-not-exist.yaml", "-head", ok}, "does-not-exist.yaml: cannot read spec"},
		{[]string{"-base", ok, "-head", "../../testdata/errors/badref.yaml"}, "../../testdata/errors/badref.yaml:"},
		{[]string{"-base", "git:", "-head", ok}, "want git:REV:path"},
	} {
		code, out, errs := runDiff(t, "", tc.args...)
		if code != 2 || out != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errs, tc.want)
		}
	}
	// With -format github a spec that cannot be loaded is annotated at its line.
	bad := "../../testdata/errors/badref.yaml"
	code, out, _ := runDiff(t, "", "-base", ok, "-head", bad, "-format", "github")
	if code != 2 || !strings.HasPrefix(out, "::error file="+bad+",line=") || !strings.Contains(out, "title=API diff%3A cannot compare the specs::") {
		t.Errorf("github format, load error: exit %d, stdout %q", code, out)
	}
	// In base, whose lines the pull request does not show: no file.
	code, out, _ = runDiff(t, "", "-base", bad, "-head", ok, "-format", "github")
	if code != 2 || !strings.HasPrefix(out, "::error title=API diff%3A cannot compare the specs::") {
		t.Errorf("github format, load error in base: exit %d, stdout %q", code, out)
	}
}

// TestAtriumAcceptance diffs the Atrium spec against a copy with one
// operation removed and one response type narrowed: the removal breaks the
// wire and Go, the narrowing only Go (clients decoding numbers decode
// integers); exit 1.
func TestAtriumAcceptance(t *testing.T) {
	base := "../../../spec/atrium.yaml"
	data, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	from := strings.Index(s, "  /users/{user_guid}/accounts/{account_guid}:\n")
	to := strings.Index(s, "  /users/{user_guid}/accounts/{account_guid}/transactions:\n")
	if from < 0 || to < from {
		t.Fatal("ReadAccount path not found in the spec")
	}
	s = s[:from] + s[to:]
	amount := "        amount:\n          type: number\n          format: double\n          description: The amount of the transaction, always positive"
	if !strings.Contains(s, amount) {
		t.Fatal("Transaction.amount not found in the spec")
	}
	s = strings.Replace(s, amount, strings.Replace(amount, "type: number\n          format: double", "type: integer\n          format: int64", 1), 1)
	head := filepath.Join(t.TempDir(), "atrium.yaml")
	if err := os.WriteFile(head, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runDiff(t, "", "-base", base, "-head", head, "-format", "json")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, errs)
	}
	var rep Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	find := func(kind, where string) *Change {
		for i, c := range rep.Changes {
			if c.Kind == kind && strings.Contains(c.Where, where) {
				return &rep.Changes[i]
			}
		}
		return nil
	}
	for _, w := range []struct {
		kind, where string
		level       Level
	}{
		{"operation-removed", "ReadAccount GET /users/{user_guid}/accounts/{account_guid}", Breaking},
		{"type-changed", "schema Transaction", NonBreaking},
		{"method-removed", "(*AccountsService).ReadAccount", Breaking},
		{"field-changed", "Transaction.Amount", Breaking},
	} {
		c := find(w.kind, w.where)
		if c == nil {
			t.Errorf("no %s at %s in:\n%s", w.kind, w.where, out)
			continue
		}
		if c.Level != w.level || c.Breaking != (w.level == Breaking) {
			t.Errorf("%s at %s: %s (breaking %v), want %s", w.kind, w.where, c.Level, c.Breaking, w.level)
		}
		if !strings.HasPrefix(c.Location, "../../../spec/atrium.yaml:") && !strings.HasPrefix(c.Location, head+":") {
			t.Errorf("%s at %s: location %q", w.kind, w.where, c.Location)
		}
	}
	if len(rep.Changes) != 4 {
		t.Errorf("%d changes, want 4:\n%s", len(rep.Changes), out)
	}
	// The spec against itself: nothing, exit 0.
	if code, out, _ := runDiff(t, "", "-base", base, "-head", base); code != 0 || !strings.Contains(out, "No changes.") {
		t.Errorf("self diff: exit %d\n%s", code, out)
	}
}

// TestGitRevision reads both sides from git history: the spec refers to a
// second file, which must be read at the same revision.
func TestGitRevision(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	repo := t.TempDir()
	gitRun := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+repo)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(rel, content string) {
		t.Helper()
		p := filepath.Join(repo, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	spec := `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: Things.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing: {$ref: 'schemas/thing.yaml'}
`
	write("api/spec.yaml", spec)
	write("api/schemas/thing.yaml", "type: object\nproperties:\n  id: {type: string}\n  name: {type: string}\n")
	gitRun("init", "-q")
	gitRun("add", ".")
	gitRun("commit", "-q", "-m", "one")
	// Only the referenced file changes: a field removed from the response.
	write("api/schemas/thing.yaml", "type: object\nproperties:\n  id: {type: string}\n")
	gitRun("commit", "-q", "-am", "two")
	// The work tree differs from both revisions, so reading it would be wrong.
	write("api/schemas/thing.yaml", "type: object\nproperties:\n  other: {type: integer}\n")

	code, out, errs := runDiff(t, repo, "-base", "git:HEAD~1:api/spec.yaml", "-head", "git:HEAD:api/spec.yaml")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s\n%s", code, errs, out)
	}
	for _, want := range []string{"- Base: `git:HEAD~1:api/spec.yaml`", "`Thing` field `name` removed", "`Thing.Name *string`"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "other") {
		t.Errorf("report read the work tree:\n%s", out)
	}
	// Annotations name the head's path in the repository, at the line of
	// the component (its fields live in the referenced file).
	_, out, _ = runDiff(t, repo, "-base", "git:HEAD~1:api/spec.yaml", "-head", "git:HEAD:api/spec.yaml", "-format", "github")
	if !strings.Contains(out, "::warning file=api/spec.yaml,line=15,title=potentially-breaking%3A schema Thing") || !strings.Contains(out, "::error file=api/spec.yaml,line=15,title=breaking (Go API)%3A Thing.Name::") {
		t.Errorf("annotations:\n%s", out)
	}
	// Same revision on both sides: no change.
	if code, out, _ := runDiff(t, repo, "-base", "git:HEAD:api/spec.yaml", "-head", "git:HEAD:api/spec.yaml"); code != 0 || !strings.Contains(out, "No changes.") {
		t.Errorf("same revision: exit %d\n%s", code, out)
	}
	// A revision or path git does not know: exit 2 naming it.
	for _, arg := range []string{"git:nosuchrev:api/spec.yaml", "git:HEAD:api/missing.yaml"} {
		code, _, errs := runDiff(t, repo, "-base", arg, "-head", "git:HEAD:api/spec.yaml")
		if code != 2 || !strings.Contains(errs, arg) {
			t.Errorf("%s: exit %d, stderr %q", arg, code, errs)
		}
	}
	// A broken spec at a revision is located at that revision, not in a temporary copy.
	write("api/spec.yaml", "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /x:\n    get:\n      responses:\n        \"200\": {$ref: '#/components/responses/Nope'}\n")
	gitRun("commit", "-q", "-am", "three")
	code, _, errs = runDiff(t, repo, "-base", "git:HEAD:api/spec.yaml", "-head", "git:HEAD~1:api/spec.yaml")
	if code != 2 || !strings.Contains(errs, "git:HEAD:api/spec.yaml") || strings.Contains(errs, os.TempDir()) {
		t.Errorf("broken spec at a revision: exit %d, stderr %q", code, errs)
	}
}

// TestUnrelatedSpecs diffs unrelated specs both ways: no panic, a report
// either way, and the same bytes on a second run.
func TestUnrelatedSpecs(t *testing.T) {
	specs := []string{"../../../spec/atrium.yaml"}
	for _, c := range []string{"models", "params", "paging", "responses"} {
		specs = append(specs, filepath.Join("../../testdata", c, "spec.yaml"))
	}
	specs = append(specs, fixture("safe-no-change", "base"))
	render := func(a, b string) string {
		rep, err := Compare(a, b, "", Model{})
		if err != nil {
			t.Fatalf("%s → %s: %v", a, b, err)
		}
		var buf bytes.Buffer
		if err := rep.WriteMarkdown(&buf); err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteJSON(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	// Every pair of the small specs, and Atrium (slow to load) against one.
	type pair struct{ a, b string }
	var pairs []pair
	for i, a := range specs[1:] {
		for j, b := range specs[1:] {
			if i != j {
				pairs = append(pairs, pair{a, b})
			}
		}
	}
	pairs = append(pairs, pair{specs[0], specs[2]}, pair{specs[2], specs[0]})
	for k, p := range pairs {
		first := render(p.a, p.b)
		if !strings.Contains(first, "# API diff") || !strings.Contains(first, "operation") {
			t.Errorf("%s → %s: report lacks operations:\n%s", p.a, p.b, first)
		}
		if k%4 == 0 || k >= len(pairs)-2 {
			if again := render(p.a, p.b); again != first {
				t.Errorf("%s → %s: output differs between runs", p.a, p.b)
			}
		}
	}
}

// TestNullablePointers models the Go API as `make generate` builds it:
// with -nullable-pointers an optional field that becomes nullable stays *T.
func TestNullablePointers(t *testing.T) {
	spec := func(nullable string) string {
		return `openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: getThing
      responses:
        "200":
          description: A thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string` + nullable + `}
`
	}
	dir := t.TempDir()
	base, head := filepath.Join(dir, "base.yaml"), filepath.Join(dir, "head.yaml")
	if err := os.WriteFile(base, []byte(spec("")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(head, []byte(spec(", nullable: true")), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "`Thing.Name *string` → `Thing.Name Nullable[string]`"},
		{[]string{"-nullable-pointers"}, "Go API: 0 breaking, 0 non-breaking"},
	} {
		_, out, errs := runDiff(t, "", append([]string{"-base", base, "-head", head}, tc.args...)...)
		if !strings.Contains(out, tc.want) {
			t.Errorf("%v: report lacks %q; stderr %q:\n%s", tc.args, tc.want, errs, out)
		}
	}
}
