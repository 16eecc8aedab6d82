package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDiffSubcommand checks that `generator diff` reaches the spec differ
// and passes its exit status through.
func TestDiffSubcommand(t *testing.T) {
	dir := "testdata/diff/potential-response-optional-field-removed/"
	var out, errb bytes.Buffer
	if code := run([]string{"diff", "-base", dir + "base.yaml", "-head", dir + "head.yaml"}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1; stderr %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "`Pet` field `tag` removed") {
		t.Errorf("report:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"diff", "-base", dir + "base.yaml"}, &out, &errb); code != 2 {
		t.Errorf("usage error: exit %d, want 2", code)
	}
}

// TestSpecDiffWorkflow runs the diff command of .github/workflows/spec-diff.yml
// as written (its expressions filled in, the specs replaced by a fixture
// pair, the report files put in a temporary directory): every flag it uses
// exists, it prints annotations, writes the three reports and exits 1 on a
// breaking change. The README shows the same workflow, byte for byte.
func TestSpecDiffWorkflow(t *testing.T) {
	data, err := os.ReadFile("../.github/workflows/spec-diff.yml")
	if err != nil {
		t.Fatal(err)
	}
	wf := string(data)
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```yaml\n"+wf+"```\n") {
		t.Errorf("README does not show .github/workflows/spec-diff.yml as it is")
	}
	i := strings.Index(wf, "go run ./generator diff ")
	j := strings.Index(wf[max(i, 0):], "\n          echo ")
	if i < 0 || j < 0 {
		t.Fatalf("no diff command in the workflow")
	}
	cmd := strings.ReplaceAll(wf[i:i+j], "\\\n", " ")
	cmd = regexp.MustCompile(`\$\{\{[^}]*\}\}`).ReplaceAllString(cmd, "x")
	var args []string
	for _, f := range regexp.MustCompile(`"[^"]*"|\S+`).FindAllString(cmd, -1) {
		args = append(args, strings.Trim(f, `"`))
	}
	args = args[3:] // after "go run ./generator": diff and its flags
	dir := t.TempDir()
	fx := "testdata/diff/potential-response-optional-field-removed/"
	for k := 0; k+1 < len(args); k++ {
		switch args[k] {
		case "-base":
			args[k+1] = fx + "base.yaml"
		case "-head":
			args[k+1] = fx + "head.yaml"
		case "-config":
			args[k+1] = "../" + args[k+1]
		case "-report", "-full-report":
			args[k+1] = filepath.Join(dir, args[k+1])
		}
	}
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 1 {
		t.Fatalf("%v: exit %d, want 1; stderr %s", args, code, errb.String())
	}
	if !strings.Contains(out.String(), "::error file="+fx+"head.yaml,line=") || !strings.Contains(out.String(), "::notice title=API diff%3A breaking::") {
		t.Errorf("annotations:\n%s", out.String())
	}
	for _, f := range []string{"api-diff.md", "api-diff-full.md", "api-diff.json"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}

// TestMakeSpecDiff runs `make spec-diff BASE=HEAD` in this checkout: the
// committed spec against the work tree's, through atriumgen.yaml. It prints
// the short report (the work tree's spec is the committed one here, so it
// says no changes) and exits 0. Skipped with -short (it builds the
// generator with go run).
func TestMakeSpecDiff(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the generator")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make not installed")
	}
	if out, err := exec.Command("git", "-C", "..", "diff", "--quiet", "HEAD", "--", "spec/atrium.yaml").CombinedOutput(); err != nil {
		t.Skipf("spec/atrium.yaml differs from HEAD in this work tree: %s", out)
	}
	cmd := exec.Command("make", "--no-print-directory", "spec-diff", "BASE=HEAD")
	cmd.Dir = ".."
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("make spec-diff: %v\n%s", err, errb.String())
	}
	if !strings.HasPrefix(out.String(), "# API diff: no changes\n") || !strings.Contains(out.String(), "**0 breaking, 0 potentially breaking, 0 non-breaking**") {
		t.Errorf("make spec-diff printed:\n%s", out.String())
	}
}
