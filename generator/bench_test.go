package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/bench/specs"
	"github.com/atriumgen/atriumgen/bench/synthetic"
	"github.com/atriumgen/atriumgen/generator/internal/load"
	"github.com/atriumgen/atriumgen/generator/internal/pipeline"
)

// BenchmarkGenerateAtrium is one whole generation of the Atrium SDK in
// memory: load, model, render (nothing written to disk).
func BenchmarkGenerateAtrium(b *testing.B) {
	spec := filepath.Join("..", "spec", "atrium.yaml")
	data, err := os.ReadFile(spec)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		generateData(b, spec, data)
	}
}

// BenchmarkStripe loads Stripe's spec (8 MB of JSON, 594 operations) and
// generates its client with share-types, in memory: the spec issue 19's
// generation target is set on. It skips when the Go module shipping the
// spec cannot be downloaded.
func BenchmarkStripe(b *testing.B) {
	path, err := specs.Stripe()
	if err != nil {
		b.Skip(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("load", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, diags := load.Data(path, data); diags.HasErrors() {
				b.Fatal(diags.Error())
			}
		}
	})
	b.Run("generate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			doc, diags := load.Data(path, data)
			if diags.HasErrors() {
				b.Fatal(diags.Error())
			}
			cfg := pipeline.Config{Package: "pstripe", ImportPath: "example.com/pstripe", ShareTypes: true, SkipUnsupported: true}
			if _, err := pipeline.FromDocument(doc, cfg); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// scaleSizes are the synthetic spec sizes of the scaling benchmark.
var scaleSizes = []int{250, 500, 1000, 2000, 4000}

// BenchmarkGenerateScaling generates synthetic specs of 250 to 4,000
// operations; ns/op divided by operations ("ns/operation") stays flat when
// the generator scales linearly, and TestScalingExponent fits how time and
// memory grow with size.
func BenchmarkGenerateScaling(b *testing.B) {
	for _, n := range scaleSizes {
		data := []byte(synthetic.Spec(n))
		b.Run(fmt.Sprintf("ops=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				generateData(b, "synthetic.yaml", data)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/operation")
		})
	}
}

// TestScalingExponent measures generation of each synthetic size (best of
// at least three runs for time, allocated bytes for memory), fits t = c·n^k on a
// log-log scale by least squares and requires k ≤ 1.15 for both. It runs
// only with ATRIUMGEN_BENCH_SCALE=1 (`make bench-scale`): timing on a busy
// machine is no unit test.
func TestScalingExponent(t *testing.T) {
	if os.Getenv("ATRIUMGEN_BENCH_SCALE") == "" {
		t.Skip("set ATRIUMGEN_BENCH_SCALE=1 (make bench-scale)")
	}
	var xs, ts, ms []float64
	t.Logf("%10s %14s %14s %14s", "operations", "time", "allocated", "ns/operation")
	for _, n := range scaleSizes {
		data := []byte(synthetic.Spec(n))
		best := time.Duration(math.MaxInt64)
		var alloc uint64
		// Best of at least five runs, more for small sizes (which are quick
		// and most disturbed by other work on the machine); fewer runs on
		// the large sizes would bias the fit upwards on a busy machine.
		for range max(5, 8000/n) {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			generateData(t, "synthetic.yaml", data)
			d := time.Since(start)
			runtime.ReadMemStats(&after)
			best = min(best, d)
			alloc = after.TotalAlloc - before.TotalAlloc
		}
		t.Logf("%10d %14s %12.1fMB %14.0f", n, best.Round(time.Millisecond), float64(alloc)/1e6, float64(best.Nanoseconds())/float64(n))
		xs = append(xs, math.Log(float64(n)))
		ts = append(ts, math.Log(float64(best.Nanoseconds())))
		ms = append(ms, math.Log(float64(alloc)))
	}
	kt, km := slope(xs, ts), slope(xs, ms)
	t.Logf("fitted exponent: time n^%.3f, memory n^%.3f (linear is 1; limit 1.15)", kt, km)
	if kt > 1.15 || km > 1.15 {
		t.Errorf("generation grows faster than linearly: time n^%.3f, memory n^%.3f", kt, km)
	}
}

// slope is the least-squares slope of y over x.
func slope(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var num, den float64
	for i := range x {
		num += (x[i] - mx) * (y[i] - my)
		den += (x[i] - mx) * (x[i] - mx)
	}
	return num / den
}

func generateData(b testing.TB, name string, data []byte) {
	doc, diags := load.Data(name, data)
	if diags.HasErrors() {
		b.Fatal(diags.Error())
	}
	res, err := pipeline.FromDocument(doc, pipeline.Config{Package: "api", ImportPath: "example.com/api"})
	if err != nil {
		b.Fatal(err)
	}
	if len(res.Files) == 0 {
		b.Fatal("no files")
	}
}
