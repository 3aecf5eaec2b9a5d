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

fuzz:
	for t in FuzzParseDate FuzzParseAmount FuzzSniff FuzzHeader FuzzReadCSV FuzzFastReader FuzzFastPaths FuzzColumnOf FuzzCellTag FuzzCSVScanner FuzzValidUTF8File FuzzNumericDate; do $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime 60s ./report/input || exit 1; done
	for t in FuzzIndentCompact FuzzRowXML FuzzOrderedMap FuzzAppendClient; do $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime 60s ./report/render || exit 1; done
	for t in FuzzPipeline FuzzActivity; do $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime 60s -fuzzminimizetime 5s ./cmd/arreport || exit 1; done
