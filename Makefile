# Targets are what people type. Running and testing never need npm; only
# `make assets` (the editor bundle) and `make audit` (HTML, accessibility and
# Lighthouse checkers) install npm packages.
GO ?= go
PG_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: run build test test-short bench audit assets vet

run:
	$(GO) run ./cmd/broadsheet serve --demo

build:
	$(GO) build -o bin/broadsheet ./cmd/broadsheet

test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

test-short:
	$(GO) test -short ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/richtext/ ./internal/demo/ ./internal/web/...

vet:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@test -z "$$(gofmt -l cmd internal)" || (gofmt -l cmd internal; echo "gofmt needed"; exit 1)

assets:
	cd editor && npm ci && npm run build

audit:
	./scripts/audit.sh
