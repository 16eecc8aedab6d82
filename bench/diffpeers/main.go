// Command diffpeers compares `generator diff` with oasdiff over the real
// history of one spec: every consecutive pair of versions a git repository
// holds, in the same run on the same machine, and writes a Markdown
// summary.
//
//	make bench-diff-peers REPO=../openapi SPEC=openapi/mx_platform_api.yml
//
// which installs oasdiff (pinned) into a temporary GOBIN, builds the
// generator and runs
//
//	go run ./bench/diffpeers -repo DIR -spec PATH -oasdiff BIN -atriumgen BIN -out BENCHMARKS-diff.md
//
// For each pair both tools run on the same two files, one after the other
// (oasdiff `breaking --fail-on ERR`, ours `diff -format json -fail-on
// none`, with `-report` to measure the short report). It reports the wall
// time of each (median over the pairs both judge), whether each gave a
// verdict, whether every pair oasdiff rates as an error is breaking for us,
// what our extra breaking verdicts rest on (spec changes or the Go API
// only), and the size of our short and full reports.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"
)

type report struct {
	Summary struct {
		Verdict    string `json:"verdict"`
		Breaking   int    `json:"breaking"`
		Potential  int    `json:"potentiallyBreaking"`
		GoBreaking int    `json:"goBreaking"`
	} `json:"summary"`
	Changes []json.RawMessage `json:"changes"`
}

type pair struct {
	n                 int
	base, head        string // revisions
	oasErr, oasOK     bool   // oasdiff exit 1 (an error-level finding), gave a verdict
	oasTime, ourTime  time.Duration
	ours              *report
	ourErr            string
	shortLen, fullLen int
}

func main() {
	repo := flag.String("repo", "", "git repository holding the spec's history")
	spec := flag.String("spec", "", "the spec's path in the repository")
	oasdiff := flag.String("oasdiff", "oasdiff", "oasdiff binary")
	ours := flag.String("atriumgen", "", "generator binary (go build ./generator)")
	out := flag.String("out", "BENCHMARKS-diff.md", "Markdown summary to write")
	flag.Parse()
	if *repo == "" || *spec == "" || *ours == "" {
		fmt.Fprintln(os.Stderr, "usage: diffpeers -repo DIR -spec PATH -atriumgen BIN [-oasdiff BIN] [-out FILE]")
		os.Exit(2)
	}
	if err := run(*repo, *spec, *oasdiff, *ours, *out); err != nil {
		fmt.Fprintln(os.Stderr, "diffpeers:", err)
		os.Exit(1)
	}
}

func git(repo string, args ...string) ([]byte, error) {
	out, err := exec.Command("git", append([]string{"-C", repo}, args...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v", strings.Join(args, " "), err)
	}
	return out, nil
}

func run(repo, spec, oasdiff, ours, outFile string) error {
	log, err := git(repo, "log", "--reverse", "--format=%h", "--", spec)
	if err != nil {
		return err
	}
	revs := strings.Fields(string(log))
	if len(revs) < 2 {
		return fmt.Errorf("%s has %d versions in %s: nothing to compare", spec, len(revs), repo)
	}
	tmp, err := os.MkdirTemp("", "diffpeers-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	ext := filepath.Ext(spec)
	files := make([]string, len(revs))
	for i, r := range revs {
		data, err := git(repo, "show", r+":"+spec)
		if err != nil {
			return err
		}
		files[i] = filepath.Join(tmp, fmt.Sprintf("%03d%s", i, ext))
		if err := os.WriteFile(files[i], data, 0o644); err != nil {
			return err
		}
	}
	oasVersion, _ := exec.Command(oasdiff, "--version").CombinedOutput()
	loadStart := loadavg()
	var pairs []pair
	for i := 1; i < len(revs); i++ {
		p := pair{n: i, base: revs[i-1], head: revs[i]}
		a, b := files[i-1], files[i]
		start := time.Now()
		err := exec.Command(oasdiff, "breaking", a, b, "--fail-on", "ERR").Run()
		p.oasTime = time.Since(start)
		code := exitCode(err)
		p.oasErr, p.oasOK = code == 1, code == 0 || code == 1
		short := filepath.Join(tmp, "short.md")
		os.Remove(short)
		var stdout, stderr bytes.Buffer
		c := exec.Command(ours, "diff", "-base", a, "-head", b, "-format", "json", "-fail-on", "none", "-report", short)
		c.Stdout, c.Stderr = &stdout, &stderr
		start = time.Now()
		err = c.Run()
		p.ourTime = time.Since(start)
		if err != nil {
			p.ourErr = strings.ReplaceAll(firstLine(stderr.String()), tmp+string(filepath.Separator), "")
		} else {
			var r report
			if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
				return fmt.Errorf("pair %d: JSON report: %v", i, err)
			}
			p.ours, p.fullLen = &r, stdout.Len()
			if data, err := os.ReadFile(short); err == nil {
				p.shortLen = len(data)
			}
		}
		pairs = append(pairs, p)
	}
	text := summarize(spec, strings.TrimSpace(string(oasVersion)), pairs, loadStart, loadavg())
	return os.WriteFile(outFile, []byte(text), 0o644)
}

func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return l
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// loadavg is the machine's 1-minute load average ("?" where unknown): a
// busy machine slows both tools, not always alike.
func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

func summarize(spec, oasVersion string, pairs []pair, loadStart, loadEnd string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# generator diff vs oasdiff over a spec's history\n\n")
	fmt.Fprintf(&b, "Written by `make bench-diff-peers` (bench/diffpeers) on %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "- Spec: `%s`, %d consecutive pairs of its versions in the git history (files named by version number below)\n", spec, len(pairs))
	fmt.Fprintf(&b, "- Machine: %d cores, %s/%s, %s, load average %s at the start and %s at the end; both tools run one after the other on each pair (wall time of the process)\n",
		runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), loadStart, loadEnd)
	fmt.Fprintf(&b, "- oasdiff: %s, `breaking --fail-on ERR`; ours: `diff -format json -fail-on none -report FILE`\n\n", oasVersion)
	var both, oasV, ourV int
	var ot, gt []time.Duration
	var missed, extraSpec, extraGo []int
	maxShort, maxFull := 0, 0
	verdicts := map[string]int{}
	var failures []string
	for _, p := range pairs {
		if p.oasOK {
			oasV++
		}
		if p.ours != nil {
			ourV++
			verdicts[p.ours.Summary.Verdict]++
			maxShort, maxFull = max(maxShort, p.shortLen), max(maxFull, p.fullLen)
		} else if len(failures) < 5 {
			failures = append(failures, fmt.Sprintf("%s→%s: %s", p.base, p.head, p.ourErr))
		}
		if !p.oasOK || p.ours == nil {
			continue
		}
		both++
		ot, gt = append(ot, p.oasTime), append(gt, p.ourTime)
		breaking := p.ours.Summary.Breaking > 0
		switch {
		case p.oasErr && !breaking:
			missed = append(missed, p.n)
		case breaking && !p.oasErr && p.ours.Summary.Breaking > p.ours.Summary.GoBreaking:
			extraSpec = append(extraSpec, p.n)
		case breaking && !p.oasErr:
			extraGo = append(extraGo, p.n)
		}
	}
	mo, mg := median(ot), median(gt)
	fmt.Fprintf(&b, "| | oasdiff | generator diff |\n|---|---|---|\n")
	fmt.Fprintf(&b, "| pairs with a verdict | %d | %d |\n", oasV, ourV)
	fmt.Fprintf(&b, "| median time per pair (the %d pairs both judge) | %s | %s |\n", both, mo.Round(time.Millisecond), mg.Round(time.Millisecond))
	if mo > 0 {
		fmt.Fprintf(&b, "| ratio (ours / oasdiff) | | %.2f |\n", float64(mg)/float64(mo))
	}
	fmt.Fprintf(&b, "\nOur verdicts: ")
	var vs []string
	for _, k := range []string{"breaking", "potentially-breaking", "non-breaking", "no changes"} {
		if verdicts[k] > 0 {
			vs = append(vs, fmt.Sprintf("%d %s", verdicts[k], k))
		}
	}
	fmt.Fprintf(&b, "%s. Largest short report %d characters (budget 60,000); largest full JSON report %d bytes.\n\n", strings.Join(vs, ", "), maxShort, maxFull)
	fmt.Fprintf(&b, "- Pairs oasdiff rates as an error that we do not call breaking: %d %v\n", len(missed), missed)
	fmt.Fprintf(&b, "- Pairs we call breaking and oasdiff does not, with a breaking spec change: %d %v\n", len(extraSpec), extraSpec)
	fmt.Fprintf(&b, "- Pairs we call breaking and oasdiff does not, on the Go API alone: %d %v\n", len(extraGo), extraGo)
	if len(failures) > 0 {
		fmt.Fprintf(&b, "- Pairs we could not compare (first %d of %d): %s\n", len(failures), len(pairs)-ourV, strings.Join(failures, "; "))
	}
	return b.String()
}
