# One-liners around go; the logic lives in Go.
GO ?= go

.PHONY: report test samples bench fuzz build vet

build:
	$(GO) build -o bin/arreport ./cmd/arreport

report:
	$(GO) run ./cmd/arreport --out out

test:
	$(GO) vet ./... && $(GO) test ./...

samples:
	$(GO) run ./cmd/gensamples -out samples

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz:
	for t in FuzzParseDate FuzzParseAmount FuzzReadCSV; do $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime 60s ./report/input || exit 1; done
