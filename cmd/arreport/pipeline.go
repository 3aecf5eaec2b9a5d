package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/arreport/arreport/report/fresh"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/render"
	"github.com/arreport/arreport/report/wording"
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
func generate(cfg *config, stdout, stderr io.Writer) (err error) {
	// Every word the command says is in the reader's language: its
	// messages, and the errors of the lower layers, which are values.
	lang, err := render.LoadLang(templates.Source{Dir: cfg.templates}, cfg.lang)
	if err != nil {
		return err
	}
	defer func() { err = localize(err, lang) }()
	say := func(id string, args ...any) {
		if !cfg.quiet {
			fmt.Fprintln(stdout, lang.T(id, args...))
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
		paths, err := samples.WriteTo(dir)
		if err != nil {
			return fmt.Errorf("writing the bundled samples: %w", err)
		}
		cfg.invoices, cfg.clients, cfg.activity = []string{paths.Invoices}, []string{paths.Clients}, []string{paths.Activity}
		say("cmd_samples")
	}
	tuneGC(inputSize(cfg))
	meta := &render.Meta{Lang: lang, DefaultTerms: cfg.defaultTerms, LangTag: cfg.lang, AsOfGiven: cfg.asOfGiven, Today: cfg.today}
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
	// The invoices are read once, their formats settled by their first
	// rows, unless the rest of a file says otherwise.
	invoicesOnce := true
	// read reads one file; the invoices go to emit in batches.
	read := func(path string, kind input.Kind, emit func(*input.Table) error, expect func(int)) (*input.Table, error) {
		opt := cfg.read[kind]
		opt.Progress = func(rows int) { progress.show("reading %s: %d rows", filepath.Base(path), rows) }
		opt.Expect = expect
		opt.RunOrder, opt.RunOrderFrom = runOrder, runOrderFrom
		opt.OnePass = kind == input.Invoices && invoicesOnce
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
			dst.Rates = append(dst.Rates, b.Rates...)
			dst.Sales = append(dst.Sales, b.Sales...)
			return nil
		}
	}
	// Clients and rates first (small), then the invoices stream into the
	// ledger, then the payments and the activity export.
	var small input.Table
	for _, group := range []struct {
		kind  input.Kind
		paths []string
	}{{input.Clients, cfg.clients}, {input.Rates, nonEmpty(cfg.fx)}, {input.Sales, cfg.sales}} {
		for _, path := range group.paths {
			var expect func(int)
			if group.kind == input.Clients {
				// Room for the rows the file is expected to hold: a large
				// table appended batch by batch was copied over and over.
				expect = func(n int) { small.Clients = fresh.Grow(small.Clients, n) }
			}
			if _, err := read(path, group.kind, collect(&small), expect); err != nil {
				return err
			}
		}
	}
	in.Clients, in.Rates, in.Sales = small.Clients, small.Rates, small.Sales
	in.HaveActivity = len(cfg.activity) > 0
	for _, r := range small.Rates {
		meta.Rates = append(meta.Rates, r.Currency+" "+r.Rate.FloatString(6))
	}
	readInvoices := func() (*ledger.Builder, error) {
		builder, err := ledger.NewBuilder(in)
		if err != nil {
			return nil, err
		}
		for _, path := range cfg.invoices {
			tab, err := read(path, input.Invoices, func(b *input.Table) error { return builder.Add(b.Invoices) }, builder.Reserve)
			if err != nil {
				return nil, err
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
		return builder, nil
	}
	sources, problemCount, problemsRead := len(meta.Sources), meta.ProblemCount, len(problems)
	builder, err := readInvoices()
	if errors.Is(err, input.ErrFormatsChanged) {
		// Rows were typed with the formats of a file's first rows, which
		// the whole file does not bear out: all invoices again, in two
		// passes.
		meta.Sources, meta.ProblemCount, problems = meta.Sources[:sources], problemCount, problems[:problemsRead]
		invoicesOnce = false
		builder, err = readInvoices()
	}
	if err != nil {
		return err
	}
	// The payments table and the activity export can be as long as the
	// invoices: they stream into the ledger after them, once every invoice
	// and client is known.
	for _, path := range cfg.payments {
		if _, err := read(path, input.Payments, func(b *input.Table) error { return builder.AddPayments(b.Payments) }, nil); err != nil {
			return err
		}
	}
	for _, path := range cfg.activity {
		if _, err := read(path, input.Activity, func(b *input.Table) error { builder.AddActivities(b.Activities); return nil }, nil); err != nil {
			return err
		}
	}
	// What was read is listed as a reader expects it, invoices first.
	order := map[input.Kind]int{input.Invoices: 0, input.Clients: 1, input.Payments: 2, input.Sales: 3, input.Activity: 4, input.Rates: 5}
	sort.SliceStable(meta.Sources, func(i, j int) bool { return order[meta.Sources[i].Kind] < order[meta.Sources[j].Kind] })
	l, ledgerProblems, err := builder.Finish()
	if err != nil {
		return err
	}
	problems = append(problems, ledgerProblems...)
	meta.ProblemCount += len(ledgerProblems)
	meta.Quality = l.Quality
	if err := reportProblems(problems, meta, cfg.strict, stderr, lang); err != nil {
		return err
	}

	p := cfg.params
	choice, ok := metrics.DefaultAsOf(l, cfg.today)
	if !ok {
		return noInvoicesError(meta, lang)
	}
	if l.Quality.NoPaymentInfo {
		fmt.Fprintln(stderr, lang.T("cmd_no_payment_info"))
	}
	meta.AsOf = choice
	p.AsOf = choice.Date
	if cfg.asOfGiven {
		p.AsOf = cfg.asOf
	}
	progress.show("computing the metrics of %d invoices", l.Quality.Invoices)
	res := metrics.Compute(l, p)
	l.Release() // the renderers need the figures, not the invoices
	// Collected now, the invoices' memory is what the renderers fill;
	// left to the collector's pace (GOGC 200), the heap would grow past
	// them first (csv-1m: 341 -> 313 MB at the peak, in the same time).
	runtime.GC()
	progress.show("writing the report")

	files, err := render.Files(res, meta, templates.Source{Dir: cfg.templates}, cfg.outputs)
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
	var written []string
	for _, name := range []string{"report.html", "report.md", "metrics.json", "report.xlsx", "report.eml"} {
		if _, ok := files[name]; ok {
			written = append(written, filepath.Join(cfg.out, name))
		}
	}
	say("cmd_done", "Date", lang.Date(p.AsOf), "Clients", len(res.Clients), "Flagged", flagged, "Files", strings.Join(written, ", "))
	if !render.Interactive() {
		say("cmd_no_echarts")
	}
	// Sent last: every output is written, report.eml among them.
	if len(cfg.mail.to) > 0 {
		if err := send(&cfg.mail, files["report.eml"].Bytes(), os.Getenv(passwordVar)); err != nil {
			return err
		}
		say("cmd_sent", "To", cfg.mail.recipients(), "Server", cfg.mail.smtp)
	}
	return nil
}

// noInvoicesError says why no invoice was left: each reason rows were
// skipped for, with its count.
func noInvoicesError(meta *render.Meta, l *wording.Lang) error {
	reasons := meta.SkipReasons()
	if len(reasons) == 0 {
		return errors.New(l.T("cmd_no_invoices"))
	}
	var parts []string
	for _, r := range slices.Sorted(maps.Keys(reasons)) {
		parts = append(parts, l.T("cmd_skip_count", "N", reasons[r], "Reason", l.T("skip_"+strings.ReplaceAll(r, " ", "_"))))
	}
	return errors.New(l.T("cmd_all_skipped", "Reasons", strings.Join(parts, ", ")))
}

// reportProblems prints the row problems on stderr and keeps them for the
// report; under --strict any problem fails the run.
func reportProblems(problems []*input.Problem, meta *render.Meta, strict bool, stderr io.Writer, l *wording.Lang) error {
	meta.Problems = problems[:min(len(problems), maxReportProblems)]
	if len(problems) == 0 {
		return nil
	}
	var b strings.Builder
	for i, p := range problems {
		if i == maxShownProblems {
			fmt.Fprintln(&b, l.T("and_more", "Count", meta.ProblemCount-maxShownProblems))
			break
		}
		fmt.Fprintln(&b, p.Describe(l))
	}
	if strict {
		fmt.Fprint(stderr, b.String())
		return errors.New(l.T("cmd_strict", "Count", meta.ProblemCount))
	}
	fmt.Fprintf(stderr, "%s\n%s", l.T("cmd_problems", "Count", meta.ProblemCount), b.String())
	return nil
}

// describer is an error value that can say itself in a language.
type describer interface {
	error
	Describe(*wording.Lang) string
}

// localized is an error said in the reader's language.
type localized struct {
	msg string
	err error
}

func (e *localized) Error() string { return e.msg }
func (e *localized) Unwrap() error { return e.err }

// localize says an error in the reader's language: the error values of
// the lower layers that can describe themselves do, inside what wraps
// them (the file name); the rest stay as they are.
func localize(err error, l *wording.Lang) error {
	var d describer
	if err == nil || !errors.As(err, &d) {
		return err
	}
	return &localized{msg: strings.Replace(err.Error(), d.Error(), d.Describe(l), 1), err: err}
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

// inputSize adds up the sizes of the input files, a workbook's twice and
// a half: its zipped XML holds about that many more invoices a byte than
// a CSV (a million: 43-49 MB against 96 MB), and softLimit reads sizes as
// text.
func inputSize(cfg *config) int64 {
	var n int64
	for _, list := range [][]string{cfg.invoices, cfg.clients, cfg.payments, cfg.sales, cfg.activity} {
		for _, p := range list {
			if st, err := os.Stat(p); err == nil {
				size := st.Size()
				if input.IsWorkbookName(p) {
					size = size * 5 / 2
				}
				n += size
			}
		}
	}
	return n
}
