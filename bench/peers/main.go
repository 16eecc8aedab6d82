// Command peers compares this generator with oapi-codegen on the real-world
// corpus (generator/testdata/realworld), a synthetic 2,000-operation
// spec and Stripe's and Kubernetes' specs (bench/specs), in the same run on the same machine, and writes BENCHMARKS.md.
//
// For each spec and tool it measures generation wall time (median of
// -runs), peak resident memory of the generator process, lines of Go
// produced, and the warm build time of the generated package (one build
// first so every dependency is cached, then -build-runs timed builds of the
// package alone, median), and whether it built. Specs matching -split
// (GitHub's by default) are generated again with -split-services, and a
// program importing their two largest service packages is timed the same
// way, against our one package.
//
//	make bench-peers
//
// which installs oapi-codegen (pinned) into a temporary GOBIN and runs
//
//	go run ./bench/peers -oapi-codegen /tmp/x/oapi-codegen -out BENCHMARKS.md
//
// oapi-codegen is run with `-generate types,client` (what this generator
// produces: models and a client); ours with -skip-unsupported, the
// operations it leaves out are reported.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	benchspecs "github.com/atriumgen/atriumgen/bench/specs"
	"github.com/atriumgen/atriumgen/bench/synthetic"
)

const oapiVersion = "v2.8.2"

// runnerFlag makes this program run the command after it and write its
// wall time and peak RSS to the file named by $PEERS_USAGE_FILE.
//
// Linux counts in a child's peak RSS the memory of the process that
// spawned it (the exec'ing copy shares or copies its parent's memory), so
// measuring a generator directly from this process would add this
// process's own RSS. A small intermediate runner keeps that floor to a few
// MB, the same for both tools; the floor is measured and reported.
const runnerFlag = "-run-measured"

func runner(args []string) int {
	c := exec.Command(args[0], args[1:]...)
	c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := c.Run()
	wall := time.Since(start)
	var rss int64
	if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss // kilobytes on Linux
	}
	if f := os.Getenv("PEERS_USAGE_FILE"); f != "" {
		os.WriteFile(f, []byte(fmt.Sprintf("%d %d\n", wall.Nanoseconds(), rss)), 0o644)
	}
	if err != nil {
		if c.ProcessState != nil {
			return max(c.ProcessState.ExitCode(), 1)
		}
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// measured runs name args under the runner and returns its wall time and
// peak RSS in KB.
func measured(c *exec.Cmd, env ...string) (time.Duration, int64, error) {
	usage, err := os.CreateTemp("", "peers-usage-")
	if err != nil {
		return 0, 0, err
	}
	usage.Close()
	defer os.Remove(usage.Name())
	self, err := os.Executable()
	if err != nil {
		return 0, 0, err
	}
	c.Args = append([]string{self, runnerFlag, c.Path}, c.Args[1:]...)
	c.Path = self
	c.Env = append(append(os.Environ(), env...), "PEERS_USAGE_FILE="+usage.Name())
	runErr := c.Run()
	b, err := os.ReadFile(usage.Name())
	if err != nil {
		return 0, 0, err
	}
	var ns, kb int64
	fmt.Sscan(string(b), &ns, &kb)
	return time.Duration(ns), kb, runErr
}

func main() {
	if len(os.Args) > 2 && os.Args[1] == runnerFlag {
		os.Exit(runner(os.Args[2:]))
	}
	oapi := flag.String("oapi-codegen", "", "path of the oapi-codegen binary ("+oapiVersion+")")
	out := flag.String("out", "BENCHMARKS.md", "markdown report to write")
	runs := flag.Int("runs", 5, "generation runs per spec and tool (median)")
	buildRuns := flag.Int("build-runs", 3, "timed warm builds per spec and tool (median)")
	corpus := flag.String("corpus", "generator/testdata/realworld", "directory of real-world specs")
	only := flag.String("only", "", "regexp: benchmark only specs whose name matches")
	keep := flag.Bool("keep", false, "keep the work directory")
	scale := flag.Bool("scale", true, "also run the scaling test (make bench-scale) and add its table")
	flags := flag.String("ours-flags", "", "more atriumgen flags, e.g. -share-types")
	split := flag.String("split", "github", "regexp: specs also generated with -split-services, timing a program that imports their two largest services (empty: none)")
	flag.Parse()
	oursFlags = strings.Fields(*flags)
	if *split != "" {
		re, err := regexp.Compile(*split)
		if err != nil {
			fmt.Fprintln(os.Stderr, "peers: -split:", err)
			os.Exit(2)
		}
		splitSpecs = re
	}
	if *oapi == "" {
		fmt.Fprintln(os.Stderr, "usage: peers -oapi-codegen PATH [-out BENCHMARKS.md]")
		os.Exit(2)
	}
	if err := run(*oapi, *out, *corpus, *only, *runs, *buildRuns, *keep, *scale); err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		os.Exit(1)
	}
}

type spec struct {
	name, path string
	ops        int
}

type result struct {
	genOK   bool
	genErr  string
	gen     time.Duration // median wall time
	peakKB  int64         // max over runs of peak RSS
	lines   int
	skipped int
	buildOK bool
	build   time.Duration // median warm build
	buildKB int64         // peak RSS of the warm builds (go and the compiler it waits for)
	buildEr string
}

type row struct {
	spec
	ours, theirs result
	split        *splitResult // -split-services, when -split matches the spec
}

// splitResult measures our -split-services output: a program importing the
// two largest service packages, and one building them all.
type splitResult struct {
	err      string
	services int
	two      []string // the two largest service packages, by lines
	lines    int      // lines compiled for the two: models package, internal/sdk and theirs
	models   int      // the models package's lines
	twoBuild time.Duration
	twoKB    int64
	allBuild time.Duration
	allKB    int64
}

// oursFlags are the -ours-flags given to every atriumgen generation.
var oursFlags []string

// splitSpecs (-split) matches the specs also generated with -split-services.
var splitSpecs *regexp.Regexp

func run(oapi, out, corpus, only string, runs, buildRuns int, keep, scale bool) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "bench-peers-")
	if err != nil {
		return err
	}
	if !keep {
		defer os.RemoveAll(work)
	} else {
		fmt.Println("work directory:", work)
	}

	ours := filepath.Join(work, "atriumgen")
	if err := sh(root, nil, "go", "build", "-o", ours, "./generator"); err != nil {
		return fmt.Errorf("building our generator: %v", err)
	}
	oursVersion := strings.TrimSpace(output(root, "git", "describe", "--always", "--dirty"))
	theirsVersion := strings.Join(strings.Fields(output(root, oapi, "-version")), " ")

	_, floorKB, _ := measured(exec.Command("/bin/true"))

	specs, err := listSpecs(corpus, work)
	if err != nil {
		return err
	}
	if only != "" {
		re, err := regexp.Compile(only)
		if err != nil {
			return err
		}
		var keep []spec
		for _, s := range specs {
			if re.MatchString(s.name) {
				keep = append(keep, s)
			}
		}
		specs = keep
	}

	mod := filepath.Join(work, "mod")
	if err := writeModule(root, mod); err != nil {
		return err
	}
	var rows []*row
	for _, s := range specs {
		fmt.Fprintf(os.Stderr, "%s (%d operations)...\n", s.name, s.ops)
		r := &row{spec: s}
		pkg := "p" + sanitize(s.name)
		oursDir := filepath.Join(mod, "ours", pkg)
		r.ours = measure(runs, oursDir, func(dir string) *exec.Cmd {
			args := append([]string{"-skip-unsupported", "-spec", s.path, "-out", dir,
				"-package", pkg, "-import", "example.com/bench/ours/" + pkg}, oursFlags...)
			return exec.Command(ours, args...)
		})
		theirsDir := filepath.Join(mod, "theirs", pkg)
		r.theirs = measure(runs, theirsDir, func(dir string) *exec.Cmd {
			return exec.Command(oapi, "-generate", "types,client", "-package", pkg,
				"-o", filepath.Join(dir, pkg+".gen.go"), s.path)
		})
		for _, x := range []struct {
			res *result
			dir string
		}{{&r.ours, oursDir}, {&r.theirs, theirsDir}} {
			if x.res.genOK {
				x.res.build, x.res.buildKB, x.res.buildOK, x.res.buildEr = warmBuild(mod, x.dir, buildRuns)
			}
		}
		if splitSpecs != nil && splitSpecs.MatchString(s.name) && r.ours.buildOK {
			r.split = measureSplit(ours, mod, s, pkg, buildRuns)
		}
		fmt.Fprintf(os.Stderr, "  ours:   %s\n  theirs: %s\n", brief(r.ours), brief(r.theirs))
		rows = append(rows, r)
	}

	report := render(rows, oursVersion, theirsVersion, runs, buildRuns, floorKB)
	if scale {
		fmt.Fprintln(os.Stderr, "scaling test...")
		table, err := scaling(root)
		if err != nil {
			table += "\nFAILED: " + err.Error() + "\n"
		}
		fmt.Print(table)
		report += "\n## Scaling (synthetic specs, `make bench-scale`)\n\n" +
			"Our generation alone, in process: best wall time of several runs and bytes allocated, " +
			"fitted as c·n^k by least squares on a log-log scale.\n\n```\n" + table + "```\n"
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	if err := os.WriteFile(out, []byte(report), 0o644); err != nil {
		return err
	}
	fmt.Print(ratios(rows))
	fmt.Printf("wrote %s\n", out)
	return nil
}

// scaling runs the generator's scaling test and returns its table.
func scaling(root string) (string, error) {
	c := exec.Command("go", "test", "./generator/", "-run", "^TestScalingExponent$", "-count=1", "-v")
	c.Dir = root
	c.Env = append(os.Environ(), "ATRIUMGEN_BENCH_SCALE=1")
	out, err := c.CombinedOutput()
	var b strings.Builder
	for _, line := range strings.Split(string(out), "\n") {
		if _, rest, ok := strings.Cut(line, "bench_test.go:"); ok {
			if _, msg, ok := strings.Cut(rest, ": "); ok {
				b.WriteString(msg + "\n")
			}
		}
	}
	return b.String(), err
}

// listSpecs returns the corpus specs and the synthetic 2,000-operation one
// (written into work), each with its operation count.
func listSpecs(corpus, work string) ([]spec, error) {
	var specs []spec
	entries, err := os.ReadDir(corpus)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || (ext != ".yaml" && ext != ".yml" && ext != ".json") {
			continue
		}
		abs, err := filepath.Abs(filepath.Join(corpus, e.Name()))
		if err != nil {
			return nil, err
		}
		specs = append(specs, spec{name: e.Name(), path: abs})
	}
	syn := filepath.Join(work, "synthetic-2000.yaml")
	if err := os.WriteFile(syn, []byte(synthetic.Spec(2000)), 0o644); err != nil {
		return nil, err
	}
	specs = append(specs, spec{name: "synthetic-2000.yaml", path: syn})
	// Stripe's and Kubernetes' specs from the Go modules that ship them
	// (bench/specs); GitHub's is in the corpus already.
	root, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	large, err := benchspecs.Large(root, work)
	if err != nil {
		return nil, err
	}
	for _, l := range large {
		if l.Name != "github.json" {
			specs = append(specs, spec{name: l.Name, path: l.Path})
		}
	}
	for i := range specs {
		specs[i].ops = countOps(specs[i].path)
	}
	return specs, nil
}

func countOps(path string) int {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	t, err := loader.LoadFromFile(path)
	if err != nil || t.Paths == nil {
		return -1
	}
	n := 0
	for _, item := range t.Paths.Map() {
		n += len(item.Operations())
	}
	return n
}

// writeModule makes dir a module with this module's requirements plus
// oapi-codegen's runtime, so both outputs resolve from the module cache.
func writeModule(root, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	gosum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	gomod = regexp.MustCompile(`(?m)^module .*$`).ReplaceAll(gomod, []byte("module example.com/bench"))
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644)
}

// measure runs a generator runs times, each into a fresh dir, and keeps
// the last output in dir.
func measure(runs int, dir string, cmd func(dir string) *exec.Cmd) result {
	var res result
	var times []time.Duration
	for i := 0; i < runs; i++ {
		os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			res.genErr = err.Error()
			return res
		}
		c := cmd(dir)
		var stderr bytes.Buffer
		c.Stdout = io.Discard
		c.Stderr = &stderr
		d, kb, err := measured(c)
		res.peakKB = max(res.peakKB, kb)
		if err != nil {
			res.genErr = firstLine(stderr.String())
			if res.genErr == "" {
				res.genErr = err.Error()
			}
			return res
		}
		times = append(times, d)
		res.skipped = countSkipped(stderr.String())
	}
	res.genOK = true
	res.gen = median(times)
	res.lines = goLines(dir)
	return res
}

var skippedRE = regexp.MustCompile(`(?m) (/paths/[^/ ]+/(?:get|put|post|delete|patch|head|options|trace))[^ ]*: warning: .*unsupported`)

// countSkipped counts the distinct operations our generator left out with
// a warning.
func countSkipped(stderr string) int {
	ops := map[string]bool{}
	for _, m := range skippedRE.FindAllStringSubmatch(stderr, -1) {
		ops[m[1]] = true
	}
	return len(ops)
}

// warmBuild builds the package once (caching every dependency), then times
// builds of the package alone: a comment changed each time forces the
// package, and only it, to be compiled again.
func warmBuild(mod, dir string, runs int) (time.Duration, int64, bool, string) {
	return warmBuildOf(mod, []string{dir}, []string{relPkg(mod, dir)}, runs)
}

// relPkg is dir as a package pattern relative to the module mod.
func relPkg(mod, dir string) string {
	rel, _ := filepath.Rel(mod, dir)
	return "./" + filepath.ToSlash(rel)
}

// warmBuildOf is warmBuild of the packages pkgs, after a nonce file is
// written into each of changed (what a regeneration would touch).
func warmBuildOf(mod string, changed, pkgs []string, runs int) (time.Duration, int64, bool, string) {
	var peak int64
	env := []string{"GOFLAGS=-mod=mod", "GOWORK=off"}
	if err := sh(mod, env, "go", append([]string{"build"}, pkgs...)...); err != nil {
		return 0, 0, false, firstLine(err.Error())
	}
	for _, dir := range changed {
		defer os.Remove(filepath.Join(dir, "zz_bench_nonce.go"))
	}
	var times []time.Duration
	for i := 0; i < runs; i++ {
		for _, dir := range changed {
			src := fmt.Sprintf("package %s\n\n// bench nonce %d %d\nconst benchNonce%d = %d\n", packageName(dir), time.Now().UnixNano(), i, i, i)
			if err := os.WriteFile(filepath.Join(dir, "zz_bench_nonce.go"), []byte(src), 0o644); err != nil {
				return 0, 0, false, err.Error()
			}
		}
		c := exec.Command("go", append([]string{"build"}, pkgs...)...)
		c.Dir = mod
		var outb bytes.Buffer
		c.Stdout, c.Stderr = &outb, &outb
		d, kb, err := measured(c, env...)
		if err != nil {
			return 0, 0, false, firstLine(fmt.Sprintf("go build %s: %v: %s", strings.Join(pkgs, " "), err, outb.String()))
		}
		peak = max(peak, kb)
		times = append(times, d)
	}
	return median(times), peak, true, ""
}

// measureSplit generates s with -split-services and times a warm build
// of its two largest service packages (a nonce in the models package and
// internal/sdk, which a regeneration changes), then of every package.
func measureSplit(ours, mod string, s spec, pkg string, runs int) *splitResult {
	r := &splitResult{}
	dir := filepath.Join(mod, "ours", pkg+"split")
	args := append([]string{"-skip-unsupported", "-spec", s.path, "-out", dir, "-package", pkg,
		"-import", "example.com/bench/ours/" + pkg + "split", "-split-services"}, oursFlags...)
	if out, err := exec.Command(ours, args...).CombinedOutput(); err != nil {
		r.err = firstLine(fmt.Sprintf("%v: %s", err, out))
		return r
	}
	entries, _ := os.ReadDir(dir)
	type svc struct {
		name  string
		lines int
	}
	var svcs []svc
	for _, e := range entries {
		if e.IsDir() && e.Name() != "internal" && e.Name() != "docs" {
			if n := goLines(filepath.Join(dir, e.Name())); n > 0 {
				svcs = append(svcs, svc{e.Name(), n})
			}
		}
	}
	sort.SliceStable(svcs, func(i, j int) bool { return svcs[i].lines > svcs[j].lines })
	r.services = len(svcs)
	if len(svcs) < 2 {
		r.err = fmt.Sprintf("%d service packages", len(svcs))
		return r
	}
	sdk := filepath.Join(dir, "internal", "sdk")
	r.models = goLines(dir)
	r.lines = r.models + goLines(sdk)
	var pkgs []string
	for _, x := range svcs[:2] {
		r.two = append(r.two, x.name)
		r.lines += x.lines
		pkgs = append(pkgs, relPkg(mod, filepath.Join(dir, x.name)))
	}
	changed := []string{dir, sdk}
	var ok bool
	var msg string
	if r.twoBuild, r.twoKB, ok, msg = warmBuildOf(mod, changed, pkgs, runs); !ok {
		r.err = msg
		return r
	}
	if r.allBuild, r.allKB, ok, msg = warmBuildOf(mod, changed, []string{relPkg(mod, dir) + "/..."}, runs); !ok {
		r.err = msg
	}
	return r
}

// splitTable reports the -split-services measurements against our one
// package.
func splitTable(rows []*row) string {
	var b strings.Builder
	for _, r := range rows {
		x := r.split
		if x == nil {
			continue
		}
		if b.Len() == 0 {
			b.WriteString("\n## Per-service packages (`-split-services`)\n\n")
			b.WriteString("Ours again with `-split-services`: a program importing the spec's two largest service packages compiles the models package, `internal/sdk` and those two (lines compiled); its warm build has a nonce in the models package and in `internal/sdk`, which a regeneration changes. Ratios are against our one package above, in the same run.\n\n")
			b.WriteString("| spec | services | two largest | lines compiled | models package | warm build (two) | build MB | every package | build MB | two vs one package: time, memory, lines |\n")
			b.WriteString("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
		}
		if x.err != "" {
			fmt.Fprintf(&b, "| %s | %d | — | — | — | — | — | — | — | failed: %s |\n", r.name, x.services, mdEscape(x.err))
			continue
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %d | %d | %s | %d | %s | %d | %s, %s, %s |\n", r.name, x.services, strings.Join(x.two, ", "), x.lines, x.models,
			ms(x.twoBuild), x.twoKB/1024, ms(x.allBuild), x.allKB/1024,
			ratio(float64(x.twoBuild), float64(r.ours.build)), ratio(float64(x.twoKB), float64(r.ours.buildKB)), ratio(float64(x.lines), float64(r.ours.lines)))
	}
	return b.String()
}

func packageName(dir string) string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "package "); ok {
				fh.Close()
				return strings.TrimSpace(rest)
			}
		}
		fh.Close()
	}
	return "p"
}

// goLines counts the lines of the non-test Go files in dir: what gets
// compiled into the package.
func goLines(dir string) int {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err == nil {
			n += bytes.Count(b, []byte("\n"))
		}
	}
	return n
}

func sh(dir string, env []string, name string, args ...string) error {
	c := exec.Command(name, args...)
	c.Dir = dir
	c.Env = append(os.Environ(), env...)
	out, err := c.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v: %s", name, strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

func output(dir, name string, args ...string) string {
	c := exec.Command(name, args...)
	c.Dir = dir
	out, _ := c.Output()
	return string(out)
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

func sanitize(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSuffix(name, filepath.Ext(name))) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func brief(r result) string {
	if !r.genOK {
		return "generation failed: " + r.genErr
	}
	s := fmt.Sprintf("gen %s, %d MB peak, %d lines", ms(r.gen), r.peakKB/1024, r.lines)
	if r.buildOK {
		return s + ", build " + ms(r.build)
	}
	return s + ", BUILD FAILED: " + r.buildEr
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 0, 64) + " ms"
}

func machine() string {
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				mem = fmt.Sprintf(", %.1f GiB memory", float64(kb)/(1<<20))
			}
		}
	}
	model := ""
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = " (" + strings.TrimSpace(v) + ")"
				break
			}
		}
	}
	return fmt.Sprintf("%d cores%s%s, %s/%s, %s", runtime.NumCPU(), model, mem, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

// targetsMet checks the goals on a spec both tools handle with 50+
// operations: generation ≥2x faster, no more lines, build no slower, peak
// memory no higher. It returns the misses.
func targetsMet(r *row) (applies bool, misses []string) {
	if r.ops < 50 || !r.ours.genOK || !r.theirs.genOK || !r.theirs.buildOK {
		return false, nil
	}
	if !r.ours.buildOK {
		return true, []string{"ours does not build"}
	}
	if 2*r.ours.gen > r.theirs.gen {
		misses = append(misses, "generation <2x faster")
	}
	if r.ours.lines > r.theirs.lines {
		misses = append(misses, "more lines")
	}
	if r.ours.build > r.theirs.build {
		misses = append(misses, "slower build")
	}
	if r.ours.peakKB > r.theirs.peakKB {
		misses = append(misses, "more memory")
	}
	return true, misses
}

func render(rows []*row, oursV, theirsV string, runs, buildRuns int, floorKB int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmarks: atriumgen vs oapi-codegen\n\n")
	fmt.Fprintf(&b, "Written by `make bench-peers` (bench/peers) on %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- Machine: %s\n", machine())
	fmt.Fprintf(&b, "- atriumgen: %s (`%s`; skipped = operations left out with a warning)\n", oursV, strings.Join(append([]string{"-skip-unsupported"}, oursFlags...), " "))
	fmt.Fprintf(&b, "- oapi-codegen: %s (`-generate types,client`)\n", theirsV)
	fmt.Fprintf(&b, "- Generation: wall time, median of %d runs; peak RSS of the generator process (max over runs; measured through a small runner process, whose floor, `/bin/true` measured the same way, is %.1f MB).\n", runs, float64(floorKB)/1024)
	fmt.Fprintf(&b, "- Lines: non-test Go files produced (our runtime files included).\n")
	fmt.Fprintf(&b, "- Build: `go build` of the generated package with every dependency already cached, median of %d; the package alone is recompiled each time. Build MB: peak RSS over those builds (the go command and the compiler processes it waits for).\n", buildRuns)
	fmt.Fprintf(&b, "- Targets (specs with 50+ operations both tools handle): generation ≥2x faster, no more lines, build no slower, peak memory no higher.\n\n")

	fmt.Fprintln(&b, "| spec | ops | tool | generation | peak MB | Go lines | warm build | build MB | result |")
	fmt.Fprintln(&b, "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, r := range rows {
		for i, x := range []result{r.ours, r.theirs} {
			tool := "atriumgen"
			if i == 1 {
				tool = "oapi-codegen"
			}
			name := r.name
			ops := strconv.Itoa(r.ops)
			if i == 1 {
				name, ops = "", ""
			}
			if !x.genOK {
				fmt.Fprintf(&b, "| %s | %s | %s | — | %d | — | — | — | generation failed: %s |\n", name, ops, tool, x.peakKB/1024, mdEscape(x.genErr))
				continue
			}
			res := "builds"
			build, buildMB := ms(x.build), strconv.FormatInt(x.buildKB/1024, 10)
			if !x.buildOK {
				res, build, buildMB = "build failed: "+mdEscape(x.buildEr), "—", "—"
			}
			if i == 0 && x.skipped > 0 {
				res += fmt.Sprintf(" (%d skipped)", x.skipped)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %d | %d | %s | %s | %s |\n", name, ops, tool, ms(x.gen), x.peakKB/1024, x.lines, build, buildMB, res)
		}
	}
	b.WriteString("\n## Ratios (atriumgen / oapi-codegen; below 1 is better for us)\n\n")
	b.WriteString("```\n" + ratios(rows) + "```\n")
	b.WriteString(splitTable(rows))
	return b.String()
}

func ratios(rows []*row) string {
	var buf bytes.Buffer
	w := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "spec\tops\tgeneration\tpeak memory\tlines\twarm build\ttargets")
	met, applicable := 0, 0
	for _, r := range rows {
		if !r.ours.genOK || !r.theirs.genOK {
			status := "n/a"
			if r.ours.genOK && r.ours.buildOK && !r.theirs.genOK {
				status = "oapi-codegen fails; ours builds"
			} else if !r.ours.genOK {
				status = "ours fails"
			}
			fmt.Fprintf(w, "%s\t%d\t\t\t\t\t%s\n", r.name, r.ops, status)
			continue
		}
		build := "—"
		if r.ours.buildOK && r.theirs.buildOK && r.theirs.build > 0 {
			build = ratio(float64(r.ours.build), float64(r.theirs.build))
		}
		status := "(<50 ops)"
		applies, misses := targetsMet(r)
		if applies {
			applicable++
			if len(misses) == 0 {
				met++
				status = "met"
			} else {
				status = "MISSED: " + strings.Join(misses, ", ")
			}
		} else if !r.theirs.buildOK && r.ours.buildOK {
			status = "oapi-codegen output does not build; ours builds"
		}
		if r.ours.skipped > 0 {
			status += fmt.Sprintf(" [ours left out %d ops]", r.ours.skipped)
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%s\t%s\n", r.name, r.ops,
			ratio(float64(r.ours.gen), float64(r.theirs.gen)),
			ratio(float64(r.ours.peakKB), float64(r.theirs.peakKB)),
			ratio(float64(r.ours.lines), float64(r.theirs.lines)),
			build, status)
	}
	w.Flush()
	fmt.Fprintf(&buf, "targets met on %d of %d specs with 50+ operations that both tools handle\n", met, applicable)
	return buf.String()
}

func ratio(a, b float64) string {
	if b == 0 {
		return "—"
	}
	return strconv.FormatFloat(a/b, 'f', 2, 64) + "x"
}

func mdEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}
