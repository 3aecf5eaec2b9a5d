package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/render"
	"github.com/arreport/arreport/samples"
	"github.com/arreport/arreport/templates"
)

// maxShownProblems bounds the row problems printed on stderr; the report
// lists more.
const (
	maxShownProblems  = 20
	maxReportProblems = 200
)

// generate runs the pipeline: read → ledger → metrics → render → write.
func generate(cfg *config, stdout, stderr io.Writer) error {
	logf := func(format string, args ...any) {
		if !cfg.quiet {
			fmt.Fprintf(stdout, format+"\n", args...)
		}
	}
	if len(cfg.invoices) == 0 {
		dir, err := os.MkdirTemp("", "arreport-samples-")
		if err != nil {
			return err
		}
		track(dir)
		defer func() {
			os.RemoveAll(dir)
			untrack(dir)
		}()
		if cfg.invoices, cfg.clients, err = samples.WriteTo(dir); err != nil {
			return fmt.Errorf("writing the bundled samples: %w", err)
		}
		logf("no --invoices given: running on the bundled sample company (invoices.xlsx, clients.xlsx)")
	}
	tuneGC(inputSize(cfg))
	meta := &render.Meta{DefaultTerms: cfg.defaultTerms, LangTag: cfg.lang, AsOfGiven: cfg.asOfGiven, Today: cfg.today}
	in := ledger.Input{DefaultTerms: cfg.defaultTerms, Currency: cfg.currency, Today: cfg.today,
		HaveClients: len(cfg.clients) > 0, HavePayments: len(cfg.payments) > 0, HaveRates: cfg.fx != ""}
	var problems []*input.Problem
	progress := newProgress(stderr, cfg.quiet)
	defer progress.done()
	// A table whose date columns read both ways takes the order the
	// invoices settle, found when first needed.
	var runOrder input.DateOrder
	var runOrderFrom string
	settleRunOrder := func() {
		for _, path := range cfg.invoices {
			if order, err := input.SettledOrder(path, input.Invoices, cfg.read[input.Invoices]); err == nil && order != input.Auto {
				runOrder, runOrderFrom = order, filepath.Base(path)
				return
			}
		}
	}
	// read reads one file; the invoices go to emit in batches.
	read := func(path string, kind input.Kind, emit func(*input.Table) error, expect func(int)) (*input.Table, error) {
		opt := cfg.read[kind]
		opt.Progress = func(rows int) { progress.show("reading %s: %d rows", filepath.Base(path), rows) }
		opt.Expect = expect
		opt.RunOrder, opt.RunOrderFrom = runOrder, runOrderFrom
		tab, err := input.ReadBatches(path, kind, opt, emit)
		var ambiguous *input.AmbiguousOrderError
		if errors.As(err, &ambiguous) && runOrder == input.Auto && cfg.dateOrder == input.Auto {
			settleRunOrder()
			if runOrder != input.Auto {
				opt.RunOrder, opt.RunOrderFrom = runOrder, runOrderFrom
				tab, err = input.ReadBatches(path, kind, opt, emit)
			}
		}
		if err != nil {
			return nil, err
		}
		meta.Sources = append(meta.Sources, tab.Source)
		meta.ProblemCount += tab.Source.Problems + tab.Source.Warnings
		problems = append(problems, tab.Problems...)
		return tab, nil
	}
	collect := func(dst *input.Table) func(*input.Table) error {
		return func(b *input.Table) error {
			dst.Clients = append(dst.Clients, b.Clients...)
			dst.Payments = append(dst.Payments, b.Payments...)
			dst.Rates = append(dst.Rates, b.Rates...)
			dst.Sales = append(dst.Sales, b.Sales...)
			return nil
		}
	}
	// Clients and rates first (small), then the invoices stream into the
	// ledger, then the payments.
	var small input.Table
	for _, group := range []struct {
		kind  input.Kind
		paths []string
	}{{input.Clients, cfg.clients}, {input.Rates, nonEmpty(cfg.fx)}, {input.Sales, cfg.sales}} {
		for _, path := range group.paths {
			if _, err := read(path, group.kind, collect(&small), nil); err != nil {
				return err
			}
		}
	}
	in.Clients, in.Rates, in.Sales = small.Clients, small.Rates, small.Sales
	for _, r := range small.Rates {
		meta.Rates = append(meta.Rates, r.Currency+" "+r.Rate.FloatString(6))
	}
	builder, err := ledger.NewBuilder(in)
	if err != nil {
		return err
	}
	for _, path := range cfg.invoices {
		tab, err := read(path, input.Invoices, func(b *input.Table) error { return builder.Add(b.Invoices) }, builder.Reserve)
		if err != nil {
			return err
		}
		for _, c := range tab.Source.Columns {
			if c.Field == input.PaidDate {
				builder.NotePaidColumns()
			}
		}
		if tab.Source.HasTitleDate {
			builder.NoteTitleDate(tab.Source.TitleDate)
		}
	}
	for _, path := range cfg.payments {
		if _, err := read(path, input.Payments, collect(&small), nil); err != nil {
			return err
		}
	}
	builder.SetPayments(small.Payments)
	// What was read is listed as a reader expects it, invoices first.
	order := map[input.Kind]int{input.Invoices: 0, input.Clients: 1, input.Payments: 2, input.Sales: 3, input.Rates: 4}
	sort.SliceStable(meta.Sources, func(i, j int) bool { return order[meta.Sources[i].Kind] < order[meta.Sources[j].Kind] })
	l, ledgerProblems, err := builder.Finish()
	if err != nil {
		return err
	}
	problems = append(problems, ledgerProblems...)
	meta.ProblemCount += len(ledgerProblems)
	meta.Quality = l.Quality
	if err := reportProblems(problems, meta, cfg.strict, stderr); err != nil {
		return err
	}

	p := cfg.params
	choice, ok := metrics.DefaultAsOf(l, cfg.today)
	if !ok {
		return noInvoicesError(meta)
	}
	if l.Quality.NoPaymentInfo {
		fmt.Fprintln(stderr, "warning: the invoices have no paid date and no open amount, and no --payments was given: read as a list of open items, every invoice on it fully open")
	}
	meta.AsOf = choice
	p.AsOf = choice.Date
	if cfg.asOfGiven {
		p.AsOf = cfg.asOf
	}
	progress.show("computing the metrics of %d invoices", l.Quality.Invoices)
	res := metrics.Compute(l, p)
	progress.show("writing the report")

	files, err := render.Files(res, meta, templates.Source{Dir: cfg.templates})
	if err != nil {
		return fmt.Errorf("rendering the report: %w", err)
	}
	if err := writeOutputs(cfg.out, files); err != nil {
		return err
	}
	flagged := 0
	for _, c := range res.Clients {
		if len(c.Flags) > 0 {
			flagged++
		}
	}
	logf("as of %s: %d clients, %d with flags; wrote %s, %s and %s",
		p.AsOf, len(res.Clients), flagged, filepath.Join(cfg.out, "report.html"), filepath.Join(cfg.out, "report.md"), filepath.Join(cfg.out, "metrics.json"))
	if !render.Interactive() {
		logf("this binary was built without ECharts (make assets): report.html has static charts only")
	}
	return nil
}

// noInvoicesError says why no invoice was left: each reason rows were
// skipped for, with its count.
func noInvoicesError(meta *render.Meta) error {
	reasons := meta.SkipReasons()
	if len(reasons) == 0 {
		return errors.New("no invoices to report on: the files hold no invoice rows")
	}
	var parts []string
	for _, r := range slices.Sorted(maps.Keys(reasons)) {
		parts = append(parts, fmt.Sprintf("%d × %s", reasons[r], r))
	}
	return fmt.Errorf("no invoices to report on: every row was skipped (%s)", strings.Join(parts, ", "))
}

// reportProblems prints the row problems on stderr and keeps them for the
// report; under --strict any problem fails the run.
func reportProblems(problems []*input.Problem, meta *render.Meta, strict bool, stderr io.Writer) error {
	for i, p := range problems {
		if i < maxReportProblems {
			meta.Problems = append(meta.Problems, p.Error())
		}
	}
	if len(problems) == 0 {
		return nil
	}
	var b strings.Builder
	for i, p := range problems {
		if i == maxShownProblems {
			fmt.Fprintf(&b, "… and %d more\n", meta.ProblemCount-maxShownProblems)
			break
		}
		fmt.Fprintf(&b, "%s\n", p.Error())
	}
	if strict {
		fmt.Fprint(stderr, b.String())
		return fmt.Errorf("%d row problems and --strict is set; correct the rows above or run without --strict to skip them", meta.ProblemCount)
	}
	fmt.Fprintf(stderr, "warning: %d row problems (rows skipped, or values left out of rows kept); they are listed in the report's data-quality section:\n%s", meta.ProblemCount, b.String())
	return nil
}

func nonEmpty(path string) []string {
	if path == "" {
		return nil
	}
	return []string{path}
}

// progress shows what a long run is doing on one line of a terminal;
// elsewhere (a pipe, a log, --quiet) it stays silent.
type progress struct {
	w      io.Writer
	active bool
	shown  bool
}

func newProgress(w io.Writer, quiet bool) *progress {
	f, ok := w.(*os.File)
	if !ok || quiet {
		return &progress{}
	}
	st, err := f.Stat()
	return &progress{w: w, active: err == nil && st.Mode()&os.ModeCharDevice != 0}
}

func (p *progress) show(format string, args ...any) {
	if p.active {
		fmt.Fprintf(p.w, "\r\033[K"+format, args...)
		p.shown = true
	}
}

// done clears the line.
func (p *progress) done() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// inputSize adds up the sizes of the input files.
func inputSize(cfg *config) int64 {
	var n int64
	for _, list := range [][]string{cfg.invoices, cfg.clients, cfg.payments} {
		for _, p := range list {
			if st, err := os.Stat(p); err == nil {
				n += st.Size()
			}
		}
	}
	return n
}
