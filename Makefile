# The two commands that matter: `make generate` and `make test`.
GO ?= go

.PHONY: generate check test vet fmt-check bench bench-scale bench-peers

generate:
	$(GO) run ./generator -spec spec/atrium.yaml -out generated/atrium -package atrium -nullable-pointers

check:
	$(GO) run ./generator -spec spec/atrium.yaml -out generated/atrium -package atrium -nullable-pointers -check

test: fmt-check vet
	$(GO) test -race ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './generator/testdata/*')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

bench:
	$(GO) test ./generator/ -run '^$$' -bench . -benchmem

# Not part of `make test`: timing on a shared machine. See BENCHMARKS.md.
bench-scale:
	ATRIUMGEN_BENCH_SCALE=1 $(GO) test ./generator/ -run '^TestScalingExponent$$' -count=1 -v

bench-peers:
	@gobin=$$(mktemp -d); trap 'rm -rf "$$gobin"' EXIT; \
	GOBIN=$$gobin $(GO) install github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2 && \
	$(GO) run ./bench/peers -oapi-codegen $$gobin/oapi-codegen -out BENCHMARKS.md
