# The two commands that matter: `make generate` and `make test`.
GO ?= go

.PHONY: generate check test vet fmt-check bench

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
