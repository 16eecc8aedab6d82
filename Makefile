# The two commands that matter: `make generate` and `make test`.
GO ?= go

.PHONY: generate check test test-short vet fmt-check fuzz bench spec-diff bench-scale bench-peers bench-size bench-diff-peers

# Every generation option lives in atriumgen.yaml, so this, `go generate ./...`
# and the README cannot disagree.
GENERATE = $(GO) run ./generator -config atriumgen.yaml

generate:
	$(GENERATE)

check:
	$(GENERATE) -check

# The real-world corpus tests (TestRealWorld*) skip themselves under -race
# and run in a second pass without it: their cost is generating and building
# dozens of SDKs, which the race detector only slows down.
test: fmt-check vet
	$(GO) test -race -timeout 25m ./...
	$(GO) test -timeout 25m -run '^TestRealWorld' ./generator/

# The fast loop: gofmt and every test without -race, skipping the slow ones
# (the real-world corpus, the fresh-module adoption test, scaling).
test-short: fmt-check
	$(GO) test -short ./...

vet:
	$(GO) vet ./...

# The fuzz targets beyond their seed corpus (which `make test` runs):
# FuzzSpecText, the property that spec text never becomes code, then
# FuzzGenerate, arbitrary documents through the whole pipeline. Each runs
# $(FUZZTIME); a failing input lands in generator/testdata/fuzz/<target>/.
# Minimizing is capped at 20 runs: each run generates whole packages, and
# the default (60 s of minimizing per new input) leaves no time to fuzz.
FUZZTIME ?= 2m
FUZZFLAGS = -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 20x
fuzz:
	$(GO) test ./generator/ $(FUZZFLAGS) -fuzz '^FuzzSpecText$$'
	$(GO) test ./generator/ $(FUZZFLAGS) -fuzz '^FuzzGenerate$$'
	$(GO) test ./generator/internal/load/ $(FUZZFLAGS) -fuzz '^FuzzJSONTree$$'

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './generator/testdata/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

bench:
	$(GO) test ./generator/ -run '^$$' -bench . -benchmem
	BENCH_RATIOS=1 $(GO) test ./sdktests/ -run '^TestBenchRatios$$' -count=1 -v | grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS$$'
	BENCH_RATIOS=1 $(GO) test ./generator/internal/specdiff/ -run '^TestCompareBenchRatios$$' -count=1 -v | grep -v -e '^=== RUN' -e '^--- PASS' -e '^PASS$$'
	$(GO) test ./sdktests/ -run '^$$' -bench . -benchmem

# spec-diff prints the short report (verdict and counts first, breaking and
# potentially breaking changes with their spec lines, the rest grouped;
# at most 60,000 characters) of what the spec change since the merge base
# with $(BASE) does to clients and to the generated Go API. It exits 1 when
# something breaks; DIFFFLAGS passes flags through (-allow-breaking,
# '-fail-on potentially-breaking', '-format json', '-full-report
# api-diff.json'). The head side is the work tree. Without $(BASE) it
# compares with HEAD~1. The overlays and -nullable-pointers come from
# atriumgen.yaml, as `make generate` reads them.
BASE ?= origin/main
SPEC ?= spec/atrium.yaml
spec-diff:
	@base=$$(git merge-base $(BASE) HEAD 2>/dev/null || git rev-parse --verify -q HEAD~1 || true); \
	if [ -z "$$base" ]; then echo "spec-diff: neither $(BASE) nor HEAD~1 exists: nothing to compare" >&2; exit 0; fi; \
	if ! git cat-file -e "$$base:$(SPEC)" 2>/dev/null; then echo "spec-diff: $(SPEC) does not exist at $$base: nothing to compare" >&2; exit 0; fi; \
	echo "spec-diff: $(SPEC) at $$base → work tree" >&2; \
	$(GO) run ./generator diff -config atriumgen.yaml -base "git:$$base:$(SPEC)" -head $(SPEC) $(DIFFFLAGS)

# Not part of `make test`: timing on a shared machine. See BENCHMARKS.md.
bench-scale:
	ATRIUMGEN_BENCH_SCALE=1 $(GO) test ./generator/ -run '^TestScalingExponent$$' -count=1 -v

# Where the generated lines of Stripe's, GitHub's and Kubernetes' SDKs go,
# by construct (specs fetched from the Go modules that ship them).
bench-size:
	$(GO) run ./bench/size

# bench-diff-peers runs generator diff and oasdiff (pinned) on every
# consecutive pair of versions of $(SPEC) in the git repository $(REPO), e.g.
# REPO=../openapi SPEC=openapi/mx_platform_api.yml (MX Platform's spec,
# github.com/mxenabled/openapi), and writes BENCHMARKS-diff.md.
REPO ?=
bench-diff-peers:
	@if [ -z "$(REPO)" ]; then echo "bench-diff-peers: set REPO=<git repository> and SPEC=<path in it>" >&2; exit 2; fi; \
	gobin=$$(mktemp -d); trap 'rm -rf "$$gobin"' EXIT; \
	GOBIN=$$gobin $(GO) install github.com/oasdiff/oasdiff@v1.39.0 && \
	$(GO) build -o $$gobin/atriumgen ./generator && \
	$(GO) run ./bench/diffpeers -repo "$(REPO)" -spec "$(SPEC)" -oasdiff $$gobin/oasdiff -atriumgen $$gobin/atriumgen -out BENCHMARKS-diff.md

# PEERSFLAGS pass through, e.g. PEERSFLAGS='-ours-flags=-share-types -only stripe'.
bench-peers:
	@gobin=$$(mktemp -d); trap 'rm -rf "$$gobin"' EXIT; \
	GOBIN=$$gobin $(GO) install github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 && \
	$(GO) run ./bench/peers -oapi-codegen $$gobin/oapi-codegen -out BENCHMARKS.md $(PEERSFLAGS)
