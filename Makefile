# The two commands that matter: `make generate` and `make test`.
GO ?= go

.PHONY: generate check test test-short vet fmt-check bench spec-diff bench-scale bench-peers bench-size

# Every generation option lives in atriumgen.yaml, so this, `go generate ./...`
# and the README cannot disagree.
GENERATE = $(GO) run ./generator -config atriumgen.yaml

generate:
	$(GENERATE)

check:
	$(GENERATE) -check

test: fmt-check vet
	$(GO) test -race ./...

# The fast loop: gofmt and every test without -race, skipping the slow ones
# (the real-world corpus, the fresh-module adoption test, scaling).
test-short: fmt-check
	$(GO) test -short ./...

vet:
	$(GO) vet ./...

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

bench-peers:
	@gobin=$$(mktemp -d); trap 'rm -rf "$$gobin"' EXIT; \
	GOBIN=$$gobin $(GO) install github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 && \
	$(GO) run ./bench/peers -oapi-codegen $$gobin/oapi-codegen -out BENCHMARKS.md
