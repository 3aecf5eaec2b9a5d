# One-liners around go and npm; the logic lives in Go.
GO ?= go
ECHARTS := report/render/assets/echarts.common.min.js

.PHONY: report test samples bench fuzz build assets

# ECharts comes from npm, pinned with its integrity hash in package-lock.json,
# and is embedded in the binary; without it report.html has static charts only.
assets: $(ECHARTS)

$(ECHARTS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	cp node_modules/echarts/dist/echarts.common.min.js $@

build: assets
	$(GO) build -o bin/arreport ./cmd/arreport

report: assets
	$(GO) run ./cmd/arreport --out out

test: assets
	$(GO) vet ./... && $(GO) test ./... && $(GO) test -race -run "Parallel|FastReader|Chunked|SharedInChunks|ReadOnce|Outlives|FormatsChanged|GoesBack|HashAsRead|LateLegacy" ./report/input && $(GO) test -race ./report/ledger ./report/metrics ./report/render && $(GO) test -race -run "SmallTableErrorFirst|DateOrder|SamplesGolden" ./cmd/arreport

samples:
	$(GO) run ./cmd/gensamples -out samples

# Whole runs on generated 100k-10M invoice inputs (cached in out/bench),
# then the Go benchmarks. Results and the machine go into BENCHMARKS.md.
bench: assets
	$(GO) run ./cmd/arbench
	$(GO) test -run '^$$' -bench . -benchmem ./report/...

# make fuzz: every fuzz target for FUZZTIME. A target that stops at the
# deadline with "context deadline exceeded" and writes no failing input
# has found nothing: a race in Go 1.26's fuzz coordinator (golang/go#75804,
# fixed in Go 1.27) reports the deadline as a failure now and then. Any
# failing input a target writes fails the run.
FUZZTIME ?= 60s
fuzz:
	@fuzz() { before=$$(ls $$1/testdata/fuzz/$$2 2>/dev/null | wc -l); \
		$(GO) test -run '^$$' -fuzz "^$$2$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s $$1 && return 0; \
		[ "$$(ls $$1/testdata/fuzz/$$2 2>/dev/null | wc -l)" = "$$before" ] || return 1; \
		echo "$$2: stopped at the deadline without a failing input (golang/go#75804)"; }; \
	for t in FuzzParseDate FuzzParseAmount FuzzSniff FuzzHeader FuzzReadCSV FuzzFastReader FuzzFastPaths FuzzColumnOf FuzzCellTag FuzzCSVScanner FuzzValidUTF8File FuzzUTF8Check FuzzNumericDate; do fuzz ./report/input $$t || exit 1; done; \
	for t in FuzzIndentCompact FuzzRowXML FuzzOrderedMap FuzzAppendClient FuzzDebtorRow; do fuzz ./report/render $$t || exit 1; done; \
	for t in FuzzPipeline FuzzActivity; do fuzz ./cmd/arreport $$t || exit 1; done
