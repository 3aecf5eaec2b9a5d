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
	"sync"

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
	// The language's catalog is parsed on a goroutine of its own while the
	// exports are read (2-4 ms of one core at the start of every run); a
	// language the command has not was refused with the flags (parseArgs).
	var lang *wording.Lang
	langOf := loadLang(cfg)
	waitLang := func() error {
		var err error
		lang, err = langOf()
		return err
	}
	defer func() {
		if langErr := waitLang(); langErr != nil {
			err = langErr // as though found first, as it once was
			return
		}
		err = localize(err, lang)
	}()
	say := func(id string, args ...any) {
		if !cfg.quiet && waitLang() == nil {
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
	meta := &render.Meta{DefaultTerms: cfg.defaultTerms, LangTag: cfg.lang, AsOfGiven: cfg.asOfGiven, Today: cfg.today}
	in := ledger.Input{DefaultTerms: cfg.defaultTerms, Currency: cfg.currency, Today: cfg.today,
		HaveClients: len(cfg.clients) > 0, HavePayments: len(cfg.payments) > 0, HaveRates: cfg.fx != ""}
	progress := newProgress(stderr, cfg.quiet)
	defer progress.done()
	// The invoices are read once, their formats settled by their first
	// rows, unless the rest of a file says otherwise.
	invoicesOnce := true
	// read reads one file into log; the invoices go to emit in batches. A
	// table whose date columns read both ways takes the order the
	// invoices settle (order), found when first needed.
	read := func(log *readLog, order *runOrder, path string, kind input.Kind, emit func(*input.Table) error, expect func(int)) (*input.Table, error) {
		opt := cfg.read[kind]
		opt.Progress = func(rows int) { progress.show("reading %s: %d rows", filepath.Base(path), rows) }
		opt.Expect = expect
		opt.RunOrder, opt.RunOrderFrom = order.order, order.from
		opt.OnePass = kind == input.Invoices && invoicesOnce
		tab, err := input.ReadBatches(path, kind, opt, emit)
		var ambiguous *input.AmbiguousOrderError
		if errors.As(err, &ambiguous) && order.order == input.Auto && cfg.dateOrder == input.Auto {
			order.settle(cfg)
			if order.order != input.Auto {
				opt.RunOrder, opt.RunOrderFrom = order.order, order.from
				tab, err = input.ReadBatches(path, kind, opt, emit)
			}
		}
		if err != nil {
			return nil, err
		}
		log.add(tab)
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
	// Clients and rates (small) are read, and the ledger made of them, on
	// their own goroutine while the invoices' first rows are read and
	// typed: the ledger takes the first batch once it is made. Then the
	// payments and the activity export.
	var small input.Table
	var smallLog readLog
	var smallOrder runOrder
	var made *ledger.Builder // the first read's ledger, made of the small tables
	smallRead := make(chan error, 1)
	go func() {
		smallRead <- func() error {
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
					if _, err := read(&smallLog, &smallOrder, path, group.kind, collect(&small), expect); err != nil {
						return err
					}
				}
			}
			in.Clients, in.Rates, in.Sales = small.Clients, small.Rates, small.Sales
			in.HaveActivity = len(cfg.activity) > 0
			var err error
			made, err = ledger.NewBuilder(in) // indexing 217,000 clients takes a while
			return err
		}()
	}()
	waitSmall := sync.OnceValue(func() error {
		if err := <-smallRead; err != nil {
			return err
		}
		for _, r := range small.Rates {
			meta.Rates = append(meta.Rates, r.Currency+" "+r.Rate.FloatString(6))
		}
		return nil
	})
	// The invoices are read with the run order as it stands before the
	// small tables settle one (they seldom do); when they do, again with it,
	// as though read after them.
	var invoiceOrder runOrder
	var invoiceLog readLog
	var builder *ledger.Builder
	var startErr error
	start := func() error { // the ledger, once the small tables are in
		if builder == nil && startErr == nil {
			switch {
			case waitSmall() != nil:
				startErr = errSmallTables
			case smallOrder != invoiceOrder && smallOrder.order != input.Auto:
				startErr = errRunOrderSettled
			case made != nil:
				builder, made = made, nil
			default: // a read again
				builder, startErr = ledger.NewBuilder(in)
			}
		}
		return startErr
	}
	readInvoices := func() error {
		builder, startErr, invoiceLog = nil, nil, readLog{}
		for _, path := range cfg.invoices {
			expect := func(n int) {
				if start() == nil {
					builder.Reserve(n)
				}
			}
			emit := func(b *input.Table) error {
				if err := start(); err != nil {
					return err
				}
				return builder.Add(b.Invoices)
			}
			tab, err := read(&invoiceLog, &invoiceOrder, path, input.Invoices, emit, expect)
			if err != nil {
				return err
			}
			if err := start(); err != nil { // a file of no rows
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
		return nil
	}
	for {
		err = readInvoices()
		if smallErr := waitSmall(); smallErr != nil {
			return smallErr // the small tables' error first, as they come first
		}
		switch {
		case smallOrder != invoiceOrder && smallOrder.order != input.Auto:
			invoiceOrder = smallOrder
			continue
		case errors.Is(err, input.ErrFormatsChanged) && invoicesOnce:
			// Rows were typed with the formats of a file's first rows,
			// which the whole file does not bear out: all invoices
			// again, in two passes.
			invoicesOnce = false
			continue
		}
		break
	}
	if err != nil {
		return err
	}
	// The payments table and the activity export can be as long as the
	// invoices: they stream into the ledger after them, once every invoice
	// and client is known.
	restLog, restOrder := readLog{}, invoiceOrder
	for _, path := range cfg.payments {
		if _, err := read(&restLog, &restOrder, path, input.Payments, func(b *input.Table) error { return builder.AddPayments(b.Payments) }, nil); err != nil {
			return err
		}
	}
	for _, path := range cfg.activity {
		if _, err := read(&restLog, &restOrder, path, input.Activity, func(b *input.Table) error { builder.AddActivities(b.Activities); return nil }, nil); err != nil {
			return err
		}
	}
	if err := waitLang(); err != nil {
		return err
	}
	meta.Lang = lang
	var problems []*input.Problem
	for _, log := range []*readLog{&smallLog, &invoiceLog, &restLog} {
		meta.Sources = append(meta.Sources, log.sources...)
		meta.ProblemCount += log.problemCount
		problems = append(problems, log.problems...)
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

// errSmallTables stops the invoices' read when the clients, rates or
// sales table failed: that error is the one reported.
var errSmallTables = errors.New("the small tables were not read")

// errRunOrderSettled stops the invoices' read when the small tables
// settled the run's date order: the invoices are read again with it.
var errRunOrderSettled = errors.New("the run's date order was settled")

// readLog is what the reads of a group of files add to the report's
// account of its inputs: the groups read side by side keep their own, and
// the report lists them in the order of the groups.
type readLog struct {
	sources      []input.Source
	problemCount int
	problems     []*input.Problem
}

func (l *readLog) add(tab *input.Table) {
	l.sources = append(l.sources, tab.Source)
	l.problemCount += tab.Source.Problems + tab.Source.Warnings
	l.problems = append(l.problems, tab.Problems...)
}

// runOrder is the day-month order for a run's tables whose date columns
// read both ways: the one the invoices settle, with the file it came
// from; Auto until it is needed.
type runOrder struct {
	order input.DateOrder
	from  string
}

// settle finds the order the invoices settle.
func (o *runOrder) settle(cfg *config) {
	for _, path := range cfg.invoices {
		if order, err := input.SettledOrder(path, input.Invoices, cfg.read[input.Invoices]); err == nil && order != input.Auto {
			o.order, o.from = order, filepath.Base(path)
			return
		}
	}
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

// loadLang parses the catalog of the run's language on a goroutine of its
// own; the function it returns waits for it.
func loadLang(cfg *config) func() (*wording.Lang, error) {
	type loaded struct {
		lang *wording.Lang
		err  error
	}
	done := make(chan loaded, 1)
	go func() {
		l, err := render.LoadLang(templates.Source{Dir: cfg.templates}, cfg.lang)
		done <- loaded{l, err}
	}()
	return sync.OnceValues(func() (*wording.Lang, error) {
		r := <-done
		return r.lang, r.err
	})
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
	mu     sync.Mutex // the small tables and the invoices are read side by side
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
	p.mu.Lock()
	defer p.mu.Unlock()
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
