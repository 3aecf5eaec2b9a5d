# One-liners around go and npm; the logic lives in Go.
GO ?= go
ECHARTS := report/render/assets/echarts.common.min.js

.PHONY: report test samples bench fuzz build assets pgo

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

# make pgo: cmd/arreport/default.pgo, the CPU profile that go build and go
# run optimize the command by (profile-guided optimization: inlining and
# devirtualizing where the runs spend their time), merged from whole runs
# on bench inputs (arbench generates them; one run of each, its outputs
# checked). Refresh it when the hot code changes; a stale one still works.
PGO_CASES := csv-1m csv-1m-nl xlsx-1m-shared csv-10m
pgo: build
	$(GO) run ./cmd/arbench -cases $(shell echo $(PGO_CASES) | tr ' ' ',') -runs 1
	rm -rf out/pgo && mkdir -p out/pgo
	for c in $(PGO_CASES); do \
		f=csv; case $$c in xlsx*) f=xlsx;; esac; \
		bin/arreport --invoices out/bench/$$c/invoices.$$f --clients out/bench/$$c/clients.$$f \
			--out out/pgo/report-$$c --quiet --cpuprofile out/pgo/$$c.prof || exit 1; \
	done
	$(GO) tool pprof -proto out/pgo/*.prof > cmd/arreport/default.pgo

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
	fuzz ./report/ledger FuzzFoldID || exit 1; \
	for t in FuzzPipeline FuzzActivity; do fuzz ./cmd/arreport $$t || exit 1; done
