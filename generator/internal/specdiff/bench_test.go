package specdiff

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/atriumgen/atriumgen/generator/internal/load"
)

// benchPair writes the Atrium spec and a copy with one operation removed
// and one response type narrowed (the acceptance change), a pair of the
// size real reviews diff.
func benchPair(tb testing.TB) (base, head string) {
	tb.Helper()
	base = "../../../spec/atrium.yaml"
	data, err := os.ReadFile(base)
	if err != nil {
		tb.Fatal(err)
	}
	s := string(data)
	from := strings.Index(s, "  /users/{user_guid}/accounts/{account_guid}:\n")
	to := strings.Index(s, "  /users/{user_guid}/accounts/{account_guid}/transactions:\n")
	if from < 0 || to < from {
		tb.Fatal("ReadAccount path not found in the spec")
	}
	s = s[:from] + s[to:]
	head = filepath.Join(tb.TempDir(), "atrium.yaml")
	if err := os.WriteFile(head, []byte(s), 0o644); err != nil {
		tb.Fatal(err)
	}
	return base, head
}

// The three ways of diffing one pair: the loads alone (the floor: both
// specs read and validated once, as any diff tool must), the diff one step
// after another, and Compare (loads, models and the spec comparison in
// parallel).
func benchCases(tb testing.TB, base, head string) []struct {
	name string
	run  func(testing.TB)
} {
	must := func(tb testing.TB, err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	return []struct {
		name string
		run  func(testing.TB)
	}{
		{"load-only", func(tb testing.TB) {
			for _, f := range []string{base, head} {
				if _, diags := load.File(f); diags.HasErrors() {
					tb.Fatal(diags)
				}
			}
		}},
		{"sequential", func(tb testing.TB) { _, err := compare(base, head, "", Model{}, false); must(tb, err) }},
		{"compare", func(tb testing.TB) { _, err := Compare(base, head, "", Model{}); must(tb, err) }},
	}
}

// benchSpecs are the pairs benchmarked: the Atrium change, and Asana's
// public spec against itself (YAML with operations the generator skips,
// whose warnings the diff must not pay to locate).
func benchSpecs(tb testing.TB) []struct{ name, base, head string } {
	base, head := benchPair(tb)
	asana := "../../testdata/realworld/asana.yaml"
	return []struct{ name, base, head string }{{"atrium", base, head}, {"asana", asana, asana}}
}

// BenchmarkCompare diffs each pair each way (go test -bench Compare
// -benchmem); TestCompareBenchRatios prints the ratios.
func BenchmarkCompare(b *testing.B) {
	for _, p := range benchSpecs(b) {
		for _, c := range benchCases(b, p.base, p.head) {
			b.Run(p.name+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					c.run(b)
				}
			})
		}
	}
}

// TestCompareBenchRatios measures the three cases in one run, interleaved,
// median of five rounds, and prints Compare against its baselines: against
// the loads alone (what the diff adds to reading the specs) and against
// the sequential diff (what running in parallel saves). It only runs with
// BENCH_RATIOS=1 (make bench): timing is no unit test.
func TestCompareBenchRatios(t *testing.T) {
	if os.Getenv("BENCH_RATIOS") == "" {
		t.Skip("set BENCH_RATIOS=1 (make bench) to measure")
	}
	var out strings.Builder
	fmt.Fprintf(&out, "\n%-8s %-12s %12s %12s %10s\n", "pair", "case", "ns/op", "B/op", "allocs/op")
	for _, p := range benchSpecs(t) {
		cases := benchCases(t, p.base, p.head)
		const rounds = 5
		res := make([][]testing.BenchmarkResult, len(cases))
		for range rounds {
			for i, c := range cases {
				res[i] = append(res[i], testing.Benchmark(func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						c.run(b)
					}
				}))
			}
		}
		med := make([]testing.BenchmarkResult, len(cases))
		for i := range res {
			sort.Slice(res[i], func(a, b int) bool { return res[i][a].NsPerOp() < res[i][b].NsPerOp() })
			med[i] = res[i][len(res[i])/2]
			fmt.Fprintf(&out, "%-8s %-12s %12d %12d %10d\n", p.name, cases[i].name, med[i].NsPerOp(), med[i].AllocedBytesPerOp(), med[i].AllocsPerOp())
		}
		load, seq, cmp := med[0], med[1], med[2]
		fmt.Fprintf(&out, "%-8s compare / load-only %.2f, compare / sequential %.2f\n", p.name,
			float64(cmp.NsPerOp())/float64(load.NsPerOp()), float64(cmp.NsPerOp())/float64(seq.NsPerOp()))
	}
	t.Log(out.String())
}
