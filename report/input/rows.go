package input

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/fresh"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/wording"
)

// InvoiceStatus is an invoice status as exported.
type InvoiceStatus int

// The statuses recognised in English and Dutch. StatusNone is an empty or
// unrecognised status.
const (
	StatusNone InvoiceStatus = iota
	StatusPaid
	StatusOpen
	StatusDisputed
	StatusCreditNote
	StatusWrittenOff
	StatusVoided
	StatusDraft
)

var statusWords = map[string]InvoiceStatus{
	"paid": StatusPaid, "betaald": StatusPaid, "settled": StatusPaid, "voldaan": StatusPaid,
	"open": StatusOpen, "openstaand": StatusOpen, "unpaid": StatusOpen, "outstanding": StatusOpen, "overdue": StatusOpen, "vervallen": StatusOpen, "partially paid": StatusOpen, "deels betaald": StatusOpen,
	"disputed": StatusDisputed, "betwist": StatusDisputed, "in dispute": StatusDisputed, "dispute": StatusDisputed, "geschil": StatusDisputed,
	"credit note": StatusCreditNote, "creditnota": StatusCreditNote, "credit": StatusCreditNote, "creditfactuur": StatusCreditNote, "credit nota": StatusCreditNote,
	"written off": StatusWrittenOff, "afgeschreven": StatusWrittenOff, "write off": StatusWrittenOff, "oninbaar": StatusWrittenOff, "bad debt": StatusWrittenOff,
	"credit memo": StatusCreditNote, "authorised": StatusOpen, "submitted": StatusOpen, "sent": StatusOpen,
	"voided": StatusVoided, "void": StatusVoided, "deleted": StatusVoided, "cancelled": StatusVoided, "canceled": StatusVoided, "vervallen verklaard": StatusVoided, "geannuleerd": StatusVoided, "gecrediteerd en vervallen": StatusVoided,
	"draft": StatusDraft, "concept": StatusDraft, "ontwerp": StatusDraft, "not sent": StatusDraft, "unsent": StatusDraft,
}

func parseStatus(s string) InvoiceStatus { return statusWords[normalizeHeader(s)] }

var boolWords = map[string]bool{
	"yes": true, "y": true, "ja": true, "j": true, "true": true, "waar": true, "1": true, "x": true,
	"no": false, "n": false, "nee": false, "false": false, "onwaar": false, "0": false,
}

// Reasons for skipping a row that is no invoice (yet, or any more), as
// counted in Source.Skipped.
const (
	SkipDraft  = "draft invoice"
	SkipVoided = "voided or cancelled invoice"
)

// InvoiceRow is one invoice (or credit note) as read.
type InvoiceRow struct {
	Pos           Position // file, sheet and row
	No            string
	ClientID      string // the name when the export has no id column
	ClientName    string
	Issue         civil.Date
	HasIssue      bool // false in exports without invoice dates (they have due dates)
	Due           civil.Date
	HasDue        bool
	Amount        money.Cents // negative for a credit note
	OpenAmount    money.Cents // what is still open at the export, in open-item lists
	HasOpenAmount bool
	Currency      string // upper case; empty when not given
	PaidDate      civil.Date
	HasPaidDate   bool
	PaidAmount    money.Cents
	HasPaidAmount bool
	Status        InvoiceStatus
	Disputed      bool
	// DaysPastDue is what the export says the invoice is past due on the
	// day it was made (a debtor list's "Vervaldagen"); valid when
	// HasDaysPastDue.
	DaysPastDue    int
	HasDaysPastDue bool
}

// PaymentRow is one payment from a separate payments table.
type PaymentRow struct {
	Pos       Position
	InvoiceNo string
	Date      civil.Date
	Amount    money.Cents
}

// ClientRow is one client from the clients table.
type ClientRow struct {
	Pos            Position
	ID             string
	Name           string
	Terms          int
	HasTerms       bool
	CreditLimit    money.Cents
	HasCreditLimit bool
	Segment        string
	AccountManager string
	Start          civil.Date
	HasStart       bool
	// LastContact is the date of the last contact when the column holds
	// one; LastContactText is the cell as written (free text is kept).
	LastContact     civil.Date
	HasLastContact  bool
	LastContactText string
	ContactName     string
	Email           string
	Phone           string
}

// RateRow is one exchange rate: how many units of the report currency
// one unit of Currency is worth.
type RateRow struct {
	Pos      Position
	Currency string
	Rate     *big.Rat
}

// ActivityKind is what a row of an activity export records: our outreach
// (a reminder, a call, an e-mail), or the client's side (a reply, a
// promise to pay, a dispute).
type ActivityKind int

// The activity types.
const (
	ActivityUnknown ActivityKind = iota
	ActivityReminder
	ActivityCall
	ActivityEmail
	ActivityReply
	ActivityPromise
	ActivityDispute
)

// Outreach reports whether the activity is ours: a reminder, call or e-mail.
func (t ActivityKind) Outreach() bool {
	return t == ActivityReminder || t == ActivityCall || t == ActivityEmail
}

// Reply reports whether the activity is the client's: a reply, a promise
// or a dispute it raised.
func (t ActivityKind) Reply() bool {
	return t == ActivityReply || t == ActivityPromise || t == ActivityDispute
}

var activityWords = map[string]ActivityKind{
	"reminder": ActivityReminder, "payment reminder": ActivityReminder, "herinnering": ActivityReminder, "betalingsherinnering": ActivityReminder,
	"aanmaning": ActivityReminder, "dunning letter": ActivityReminder, "dunning": ActivityReminder, "ingebrekestelling": ActivityReminder,
	"eerste herinnering": ActivityReminder, "tweede herinnering": ActivityReminder, "final notice": ActivityReminder, "sommatie": ActivityReminder,
	"call": ActivityCall, "phone call": ActivityCall, "phone": ActivityCall, "telefoon": ActivityCall, "gebeld": ActivityCall, "telefonisch": ActivityCall, "bellen": ActivityCall,
	"e mail": ActivityEmail, "email": ActivityEmail, "mail": ActivityEmail, "gemaild": ActivityEmail,
	"reply": ActivityReply, "response": ActivityReply, "reactie": ActivityReply, "antwoord": ActivityReply, "contact": ActivityReply, "teruggebeld": ActivityReply,
	"promise": ActivityPromise, "promise to pay": ActivityPromise, "payment promise": ActivityPromise, "betalingsbelofte": ActivityPromise,
	"toezegging": ActivityPromise, "betaalafspraak": ActivityPromise, "belofte": ActivityPromise, "betalingstoezegging": ActivityPromise,
	"dispute": ActivityDispute, "geschil": ActivityDispute, "betwist": ActivityDispute, "bezwaar": ActivityDispute, "dispute raised": ActivityDispute,
}

// parseActivityType reads a type in English or Dutch; anything else is
// ActivityUnknown, counted and listed, never guessed.
func parseActivityType(s string) ActivityKind { return activityWords[normalizeHeader(s)] }

// ActivityRow is one row of an activity export: what was done to collect,
// or what the client did.
type ActivityRow struct {
	Pos         Position
	ClientID    string // the name when the export has no id column
	ClientName  string
	Date        civil.Date
	Type        ActivityKind
	TypeText    string // as written
	Invoice     string
	Promised    civil.Date // the promised payment date (promises); valid when HasPromised
	HasPromised bool
	Amount      money.Cents // the promised amount; valid when HasAmount
	HasAmount   bool
	Note        string
}

// SalesRow is one month's sales from a sales table (revenue per month
// from the P&L), for an open-item list's DSO.
type SalesRow struct {
	Pos    Position
	Month  civil.Month
	Amount money.Cents
}

// Table is what one file gave: its source description, its rows (in the
// slice of its kind) and the row problems found.
type Table struct {
	Source     Source
	Invoices   []InvoiceRow
	Payments   []PaymentRow
	Clients    []ClientRow
	Rates      []RateRow
	Sales      []SalesRow
	Activities []ActivityRow
	Problems   []*Problem // at most maxProblems; Source.Problems counts all
	// text is the block a batch's invoice rows are views of (ReadBatches
	// of a text file), given back to its pool once the receiver is done
	// with the batch.
	text textBlock
}

// Read reads one file as a table of the given kind. It fails when the file
// cannot be read, when no header row with the required columns is found,
// when a date column's order cannot be told, or when most rows fail;
// problems with single rows are returned in Table.Problems and those rows
// are left out.
func Read(path string, kind Kind, opt Options) (*Table, error) {
	var all Table
	expect := opt.Expect
	opt.Expect = func(n int) {
		// Room for the rows the file is expected to hold, so that they
		// are not copied over and over as the table grows; for no more
		// than a million on an estimate's word (read once, a file's
		// count is its size at the length of its first rows).
		n = min(n, 1<<20)
		switch kind {
		case Invoices:
			all.Invoices = slices.Grow(all.Invoices, n)
		case Payments:
			all.Payments = slices.Grow(all.Payments, n)
		case Clients:
			all.Clients = slices.Grow(all.Clients, n)
		case Activity:
			all.Activities = slices.Grow(all.Activities, n)
		}
		if expect != nil {
			expect(n)
		}
	}
	tab, err := ReadBatches(path, kind, opt, func(b *Table) error {
		all.Invoices = append(all.Invoices, b.Invoices...) // the batch's rows are reused
		b.text = textBlock{}                               // their text is not: it stays theirs
		all.Payments = append(all.Payments, b.Payments...)
		all.Clients = append(all.Clients, b.Clients...)
		all.Rates = append(all.Rates, b.Rates...)
		all.Sales = append(all.Sales, b.Sales...)
		all.Activities = append(all.Activities, b.Activities...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	tab.Invoices, tab.Payments, tab.Clients = all.Invoices, all.Payments, all.Clients
	tab.Rates, tab.Sales, tab.Activities = all.Rates, all.Sales, all.Activities
	return tab, nil
}

// errStopped ends reading once the receiver of the batches has failed.
var errStopped = errors.New("stopped")

// batchRows is how many rows a batch of ReadBatches holds.
var batchRows = 1 << 16

// ReadBatches reads a file like Read but hands the typed rows to emit in
// batches, in file order, so that a large export is never held whole. A
// batch's rows, and the text their strings are views of, are reused once
// emit returns without an error: emit copies what it keeps. A
// text file is read twice (once to find the header and the formats, once
// to type its rows) or, with Options.OnePass, once; a workbook (at most
// about a million rows) once. The
// Table returned holds the source, the problems and the counts; emit gets
// the rows.
func ReadBatches(path string, kind Kind, opt Options, emit func(*Table) error) (*Table, error) {
	raw, err := readRaw(path, kind, opt, true)
	if err != nil {
		return nil, err
	}
	if raw.open != nil {
		defer raw.closeOpen()
	}
	p, err := newParser(raw, opt)
	if raw.open != nil && (err != nil || len(raw.src.Notes) > 0) {
		// The first rows could not settle the formats, or settled a date
		// column by the other files or the decimal comma: the whole file
		// may say more. Nothing is handed on yet: read it in two passes.
		raw.closeOpen()
		opt.OnePass = false
		return ReadBatches(path, kind, opt, emit)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", raw.src.Name(), err)
	}
	raw.src.TitleDate, raw.src.HasTitleDate = titleDate(raw.titles, p.tableOrder())
	counts := &Table{} // the typed rows' problems and skips
	kept := 0
	// The receiver takes each typed batch on its own goroutine while the
	// next batch is read and typed.
	parts := make(chan *Table, 1)
	emitted := make(chan error, 1)
	spare := newBatchPool()
	go func() {
		var err error
		for part := range parts {
			if err == nil {
				err = emit(part)
				if err == nil {
					// The receiver copied what it keeps: the rows' text can be
					// read into again. (A failed receiver's error may quote it.)
					part.text.release()
				}
			}
			spare.put(part.Invoices)
		}
		emitted <- err
	}()
	failed := func() bool {
		select {
		case err := <-emitted:
			emitted <- err
			return true
		default:
			return false
		}
	}
	handOn := func(part *Table, rows int) error {
		if failed() {
			return errStopped
		}
		counts.addCounts(part)
		kept += rows
		parts <- part
		return nil
	}
	flush := func(rows []rawRow) error {
		n := len(rows)
		var out []InvoiceRow
		if kind == Invoices {
			out = spare.get(n) // the batches the receiver is done with
		}
		return handOn(p.typeRows(kind, rows, out), n)
	}
	if opt.Expect != nil {
		expect := raw.src.DataRows
		if raw.open != nil && raw.sampleBytes > 0 {
			// Read once, the file's rows are not counted yet: as many as
			// its size holds at the length of the first ones.
			if st, err := os.Stat(raw.src.Path); err == nil {
				expect = int(int64(expect) * st.Size() / raw.sampleBytes)
			}
		}
		opt.Expect(expect)
	}
	for i := 0; i < len(raw.rows) && err == nil; i += batchRows {
		err = flush(raw.rows[i:min(i+batchRows, len(raw.rows))])
	}
	raw.rows = nil
	switch {
	case err != nil:
	case raw.open != nil && raw.text:
		text := raw.open.(*textRows)
		err = raw.readTextBody(text.rest(), text.quotes, bodyPass{count: true, observe: true, types: p, spare: spare}, handOn)
		if err != nil {
			err = fmt.Errorf("%s: %w", raw.src.Name(), err)
		}
	case raw.open != nil:
		if err = raw.readRest(flush); err != nil {
			err = fmt.Errorf("%s: %w", raw.src.Name(), err)
		}
	case raw.text:
		err = raw.streamText(path, bodyPass{types: p, spare: spare}, handOn)
	}
	close(parts)
	if emitErr := <-emitted; emitErr != nil {
		return nil, emitErr
	}
	if err != nil {
		return nil, err
	}
	if raw.open != nil && raw.text {
		if text := raw.open.(*textRows); text.utf8Assumed && !text.tee.validUTF8() {
			return nil, ErrFormatsChanged // taken for UTF-8 from its first bytes, it is not
		}
		if err := raw.settleTextHash(); err != nil {
			return nil, fmt.Errorf("%s: %w", raw.src.Name(), err)
		}
	}
	if raw.open != nil && !raw.settledAsSampled(p, opt) {
		return nil, ErrFormatsChanged
	}
	res := &Table{Source: raw.src}
	res.addCounts(counts)
	// Most rows failing means the file was read wrongly (a column mapped to
	// the wrong field, the wrong date order), not that a few rows are bad.
	if kept > 0 && res.Source.Problems*2 > kept {
		return nil, &BadRowsError{File: raw.src.Name(), Bad: res.Source.Problems, Rows: kept, First: res.Problems[0]}
	}
	return res, nil
}

// ErrFormatsChanged is a file read in one pass (Options.OnePass)
// whose rows, read whole, settle a column's format otherwise than its
// first rows did, or that was taken for UTF-8 from its first bytes and
// is not: the rows handed on were read wrongly and the file must be read
// again in two passes.
var ErrFormatsChanged = errors.New("the formats of the file's first rows are not those of the whole file")

// settledAsSampled reports whether the evidence of the whole file settles
// every column's date order and decimal mark as p, made from the first
// rows, did.
func (t *rawTable) settledAsSampled(p *parser, opt Options) bool {
	notes := t.src.Notes
	t.src.Notes = nil
	whole, err := newParser(t, opt)
	same := err == nil && p.orders == whole.orders && p.decimal == whole.decimal && slices.Equal(notes, t.src.Notes)
	t.src.Notes = notes
	return same
}

// streamText reads a text file's data rows again, after its header, and
// hands them on typed, block by block.
func (t *rawTable) streamText(path string, pass bodyPass, handOn func(*Table, int) error) error {
	src, _, err := openTextKnown(path, &t.validUTF8)
	if err != nil {
		return fmt.Errorf("%s: %w", t.src.Name(), err)
	}
	defer src.close()
	for {
		_, num, err := src.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: row %d: %w", t.src.Name(), num, err)
		}
		if num >= t.src.HeaderRow {
			break
		}
	}
	src.setHeader(t.header) // rows below are checked for runaway quotes
	if err := t.readTextBody(src.rest(), src.quotes, pass, handOn); err != nil {
		return fmt.Errorf("%s: %w", t.src.Name(), err)
	}
	return nil
}

// typeRows types a batch of raw rows, on every core when it is large, and
// joins the results in order; invoices go into out when it has room for
// them all.
func (p *parser) typeRows(kind Kind, raw []rawRow, out []InvoiceRow) *Table {
	chunks := 1
	if len(raw) >= parallelRows {
		chunks = runtime.GOMAXPROCS(0)
	}
	parts := make([]*Table, chunks)
	var invoices []InvoiceRow // every chunk types its invoices into its own stretch
	if kind == Invoices {
		invoices = out[:min(len(raw), cap(out))]
		if len(invoices) < len(raw) {
			invoices = fresh.Slice[InvoiceRow](len(raw))
		}
	}
	var wg sync.WaitGroup
	for c := range chunks {
		lo, hi := c*len(raw)/chunks, (c+1)*len(raw)/chunks
		wg.Add(1)
		go func() {
			defer wg.Done()
			cp := *p
			var out []InvoiceRow
			if kind == Invoices {
				out = invoices[lo:hi:hi]
			}
			parts[c] = cp.rows(kind, raw[lo:hi], out)
		}()
	}
	wg.Wait()
	tab := &Table{}
	if kind == Invoices {
		tab.Invoices = invoices[:0]
	}
	if kind == Activity { // the one other table that can be large
		n := 0
		for _, part := range parts {
			n += len(part.Activities)
		}
		tab.Activities = make([]ActivityRow, 0, n)
	}
	for _, part := range parts {
		// Close the gaps left by skipped rows; nothing moves when none were.
		n := len(tab.Invoices)
		tab.Invoices = tab.Invoices[:n+len(part.Invoices)]
		if len(part.Invoices) > 0 && &tab.Invoices[n] != &part.Invoices[0] {
			copy(tab.Invoices[n:], part.Invoices)
		}
		tab.Payments = append(tab.Payments, part.Payments...)
		tab.Clients = append(tab.Clients, part.Clients...)
		tab.Rates = append(tab.Rates, part.Rates...)
		tab.Sales = append(tab.Sales, part.Sales...)
		tab.Activities = append(tab.Activities, part.Activities...)
		tab.addCounts(part)
	}
	return tab
}

// parallelRows is the table size from which rows are typed on every core.
var parallelRows = 20000

// addCounts adds a part's problem and skip counts, and its problems up to
// the limit, to the table's.
func (t *Table) addCounts(part *Table) {
	t.Source.Problems += part.Source.Problems
	t.Source.Warnings += part.Source.Warnings
	for reason, n := range part.Source.Skipped {
		t.Source.Skipped = addCount(t.Source.Skipped, reason, n)
	}
	for typ, n := range part.Source.UnknownTypes {
		t.Source.UnknownTypes = addCount(t.Source.UnknownTypes, typ, n)
	}
	for _, pr := range part.Problems {
		if len(t.Problems) < maxProblems {
			t.Problems = append(t.Problems, pr)
		}
	}
}

func addCount(m map[string]int, key string, n int) map[string]int {
	if m == nil {
		m = map[string]int{}
	}
	m[key] += n
	return m
}

// rows types a run of raw rows; invoices go into out, which has room for
// all of them. Its Table holds the rows, the problems (at most
// maxProblems) and, in Source, the problem and skip counts.
func (p *parser) rows(kind Kind, raw []rawRow, out []InvoiceRow) *Table {
	tab := &Table{Invoices: out[:0]}
	// p is this run's copy: its own caches, of the texts of these rows.
	p.statuses, p.lastDates = nil, [numFields]seenDate{}
	switch kind {
	case Activity:
		tab.Activities = make([]ActivityRow, 0, len(raw))
	case Payments:
		tab.Payments = make([]PaymentRow, 0, len(raw)) // a payments table can be as long as the invoices: no growing
	case Clients:
		tab.Clients = make([]ClientRow, 0, len(raw)) // large rows: growing them cost more than typing them
	}
	for i, r := range raw {
		raw[i] = rawRow{} // let the raw cells go as the typed rows grow
		p.problem, p.warnings = nil, p.warnings[:0]
		switch kind {
		case Invoices:
			row := p.invoice(r)
			if p.problem == nil && row.Status == StatusVoided {
				tab.Source.skip(SkipVoided)
				continue
			}
			if p.problem == nil && row.Status == StatusDraft {
				tab.Source.skip(SkipDraft)
				continue
			}
			if p.problem == nil {
				tab.Invoices = append(tab.Invoices, row)
			}
		case Payments:
			if row := p.payment(r); p.problem == nil {
				tab.Payments = append(tab.Payments, row)
			}
		case Clients:
			if row := p.client(r); p.problem == nil {
				tab.Clients = append(tab.Clients, row)
			}
		case Rates:
			if row := p.rate(r); p.problem == nil {
				tab.Rates = append(tab.Rates, row)
			}
		case Sales:
			if row := p.sales(r); p.problem == nil {
				tab.Sales = append(tab.Sales, row)
			}
		case Activity:
			if row := p.activity(r); p.problem == nil {
				tab.Activities = append(tab.Activities, row)
				if row.Type == ActivityUnknown {
					tab.Source.UnknownTypes = addCount(tab.Source.UnknownTypes, row.TypeText, 1)
				}
			}
		}
		if p.problem != nil {
			tab.Source.Problems++
			tab.Source.skip("invalid value")
			if len(tab.Problems) < maxProblems {
				tab.Problems = append(tab.Problems, p.problem)
			}
			continue
		}
		for _, w := range p.warnings {
			tab.Source.Warnings++
			if len(tab.Problems) < maxProblems {
				tab.Problems = append(tab.Problems, w)
			}
		}
	}
	return tab
}

// parser turns raw cells into typed values with the formats detected for
// each column, remembering the first problem of the current row.
type parser struct {
	t *rawTable
	// orders and decimal are the date order and decimal mark of each
	// field's column, by field (Auto and 0 for the columns the table has
	// not): arrays, as they are asked of every cell.
	orders  [numFields]DateOrder
	decimal [numFields]rune
	problem *Problem
	// warnings are the current row's values left out of a row that is
	// still kept.
	warnings []*Problem
	// statuses remembers the statuses read, as written: a file has a
	// handful, and normalizing one is slower than finding it among them
	// (a list: faster than a map for so few). Each copy of the parser
	// (one per run of rows) makes its own.
	statuses []seenStatus
	// lastDates are each date column's last value read and its date:
	// exports list invoices by date, so the row before's is the likeliest
	// (csv-1m: all but one issue date in 2,000, a third of the due dates).
	// Its texts are views of the rows being typed, forgotten with them.
	lastDates [numFields]seenDate
}

// seenDate is a date as written and as read.
type seenDate struct {
	text string
	date civil.Date
}

// seenStatus is a status as written and as read.
type seenStatus struct {
	text   string
	status InvoiceStatus
}

// maxSeenStatuses bounds the statuses a parser remembers: a file of more
// has free text in its status column.
const maxSeenStatuses = 16

// status reads an invoice status.
func (p *parser) status(s string) InvoiceStatus {
	for _, seen := range p.statuses {
		if seen.text == s {
			return seen.status
		}
	}
	st := parseStatus(s)
	if len(p.statuses) < maxSeenStatuses {
		p.statuses = append(p.statuses, seenStatus{s, st})
	}
	return st
}

var dateFields = []Field{IssueDate, DueDate, PaidDate, PaymentDate, StartDate, LastContact, ActivityDate, PromisedDate}
var amountFields = []Field{Amount, PaidAmount, OpenAmount, PaymentAmount, CreditLimit}

func newParser(t *rawTable, opt Options) (*parser, error) {
	p := &parser{t: t}
	defDecimal := '.'
	if t.delim == ';' {
		defDecimal = ','
	}
	for _, f := range amountFields {
		switch {
		case !t.has(f):
		case opt.Decimal != 0:
			p.decimal[f] = opt.Decimal
		default:
			p.decimal[f] = t.ev[f].decimal(defDecimal)
		}
	}
	if err := p.detectOrders(opt); err != nil {
		return nil, err
	}
	return p, nil
}

// SettledOrder reads the first rows of a file and returns the day-month
// order its date columns settle on (Auto when none does), for the run's
// other files.
func SettledOrder(path string, kind Kind, opt Options) (DateOrder, error) {
	opt.sampleRows = 5000
	raw, err := readRaw(path, kind, opt, true)
	if err != nil {
		return Auto, err
	}
	for _, f := range dateFields {
		if raw.has(f) {
			if order, conflict := raw.ev[f].dateOrder(); !conflict && order != Auto {
				return order, nil
			}
		}
	}
	return Auto, nil
}

// detectOrders settles the day-month order of each date column: forced by
// the user, else from the column's own values, else from the other date
// columns of the same table (one export uses one format). A column that
// needs an order and has no evidence anywhere is an error, never a guess.
func (p *parser) detectOrders(opt Options) error {
	forced := opt.DateOrder
	t := p.t
	tableOrder := Auto
	var undecided []Field
	for _, f := range dateFields {
		if !t.has(f) {
			continue
		}
		if forced != Auto {
			p.orders[f] = forced
			continue
		}
		order, conflict := t.ev[f].dateOrder()
		if conflict {
			return &OrderConflictError{Sheet: t.src.Sheet, Column: t.column(f), DMY: t.ev[f].dmy, MDY: t.ev[f].mdy}
		}
		if order == Auto {
			undecided = append(undecided, f)
			continue
		}
		if tableOrder != Auto && tableOrder != order {
			return &OrderConflictError{Sheet: t.src.Sheet, Column: t.column(f), Order: order}
		}
		tableOrder = order
		p.orders[f] = order
	}
	for _, f := range undecided {
		p.orders[f] = tableOrder
		v := t.ev[f].ambiguous
		if tableOrder != Auto || v == "" {
			continue
		}
		// No evidence in this table: what the run's other files settled,
		// else the decimal comma (day-month goes with it).
		switch {
		case opt.RunOrder != Auto:
			p.orders[f] = opt.RunOrder
			t.src.Notes = append(t.src.Notes, OrderNote{Column: t.column(f), Order: opt.RunOrder, From: opt.RunOrderFrom, Example: v})
			continue
		case p.decimalComma():
			p.orders[f] = DMY
			t.src.Notes = append(t.src.Notes, OrderNote{Column: t.column(f), Order: DMY, Example: v})
			continue
		}
		return &AmbiguousOrderError{Sheet: t.src.Sheet, Column: t.column(f), Value: v}
	}
	return nil
}

// tableOrder is the day-month order the table's date columns settled on,
// Auto when none did.
func (p *parser) tableOrder() DateOrder {
	for _, f := range dateFields {
		if o := p.orders[f]; o != Auto {
			return o
		}
	}
	return Auto
}

// BadRowsError is a file most of whose rows could not be read: a column
// mapped to the wrong field or a wrong date order, more likely than bad rows.
type BadRowsError struct {
	File      string
	Bad, Rows int
	First     *Problem
}

func (e *BadRowsError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *BadRowsError) Describe(l *wording.Lang) string {
	return l.T("err_bad_rows", "File", e.File, "Bad", e.Bad, "Rows", e.Rows, "First", e.First.Describe(l))
}

// OrderConflictError is a date column whose values contradict each other
// (DMY and MDY are examples of each), or one whose order (Order) differs
// from the table's other date columns.
type OrderConflictError struct {
	Sheet, Column string
	DMY, MDY      string
	Order         DateOrder
}

func (e *OrderConflictError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *OrderConflictError) Describe(l *wording.Lang) string {
	sheet := sheetPrefix(l, e.Sheet)
	if e.DMY != "" {
		return l.T("err_order_mixed", "Where", sheet, "Column", Quote(e.Column), "DMY", Quote(e.DMY), "MDY", Quote(e.MDY))
	}
	return l.T("err_order_disagree", "Where", sheet, "Column", Quote(e.Column), "Order", e.Order.String())
}

// AmbiguousOrderError is a date column whose values read both as
// day-month and as month-day, with nothing in the run to settle it.
type AmbiguousOrderError struct {
	Sheet, Column, Value string
}

func (e *AmbiguousOrderError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *AmbiguousOrderError) Describe(l *wording.Lang) string {
	sheet := sheetPrefix(l, e.Sheet)
	return l.T("err_ambiguous_order", "Where", sheet, "Column", Quote(e.Column), "Value", Quote(e.Value))
}

// decimalComma reports whether the table's amounts use a decimal comma.
func (p *parser) decimalComma() bool {
	for _, mark := range p.decimal {
		if mark == ',' {
			return true
		}
	}
	return false
}

// sheetPrefix names a sheet at the start of a message ("sheet
// \"Facturen\": "), or nothing for a text file.
func sheetPrefix(l *wording.Lang, sheet string) string {
	if sheet == "" {
		return ""
	}
	return l.T("err_sheet", "Name", Quote(sheet))
}

// fail notes the row's first problem. The value is copied: a text row's
// cells are parts of one string for the rows of its whole block, which a
// kept problem would keep in memory.
func (p *parser) fail(r rawRow, f Field, value string, kind ProblemKind) {
	if p.problem == nil {
		p.problem = &Problem{Pos: p.t.pos(r.num, f), Value: strings.Clone(value), Kind: kind}
	}
}

// warn notes a value that the row can do without: the row is kept.
func (p *parser) warn(r rawRow, f Field, value string, kind ProblemKind, kept KeptAs) {
	p.warnings = append(p.warnings, &Problem{Pos: p.t.pos(r.num, f), Value: strings.Clone(value), Kind: kind, Kept: kept})
}

// optional runs parse, which may fail the row, and turns its failure into
// a warning: the row is kept without the value.
func (p *parser) optional(r rawRow, kept KeptAs, parse func()) bool {
	before := p.problem
	parse()
	if p.problem == before {
		return true
	}
	w := p.problem
	p.problem = before
	w.Kept = kept
	p.warnings = append(p.warnings, w)
	return false
}

// text returns a text cell without bidi controls, cut to a sane length
// (clipValue).
func (p *parser) text(r rawRow, f Field) string { return clipValue(stripBidi(p.t.get(r, f))) }

// date parses an optional date cell; ok is false when the cell is empty.
func (p *parser) date(r rawRow, f Field) (d civil.Date, ok bool) {
	v := p.t.get(r, f)
	if v == "" {
		return 0, false
	}
	if last := &p.lastDates[f]; v == last.text {
		return last.date, true
	}
	d, ok = parseDate(v, p.orders[f], p.t.date1904)
	if !ok {
		p.fail(r, f, v, NotADate)
		return d, ok
	}
	p.lastDates[f] = seenDate{v, d}
	return d, ok
}

// amount parses an optional amount cell; ok is false when the cell is empty.
func (p *parser) amount(r rawRow, f Field) (c money.Cents, ok bool) {
	v := p.t.get(r, f)
	if v == "" {
		return 0, false
	}
	c, ok = parseAmount(v, p.decimal[f])
	if !ok {
		p.fail(r, f, v, NotAnAmount)
	}
	return c, ok
}

func (p *parser) required(r rawRow, f Field, kind ProblemKind) {
	if p.t.get(r, f) == "" && p.t.has(f) {
		p.fail(r, f, "", kind)
	}
}

func (p *parser) invoice(r rawRow) InvoiceRow {
	t := p.t
	row := InvoiceRow{
		Pos:        t.pos(r.num, noField),
		No:         p.text(r, InvoiceNo),
		ClientID:   p.text(r, ClientID),
		ClientName: p.text(r, ClientName),
		Currency:   strings.ToUpper(p.text(r, Currency)),
		Status:     p.status(p.text(r, Status)),
	}
	p.required(r, InvoiceNo, NoInvoiceNumber)
	if row.ClientID == "" {
		row.ClientID = row.ClientName
	}
	if row.ClientID == "" {
		f := ClientID
		if !t.has(ClientID) {
			f = ClientName
		}
		p.fail(r, f, "", NoClient)
	}
	if row.Issue, row.HasIssue = p.date(r, IssueDate); !row.HasIssue {
		p.required(r, IssueDate, NoInvoiceDate)
	}
	row.Due, row.HasDue = p.date(r, DueDate)
	if !t.has(IssueDate) && !row.HasDue {
		p.required(r, DueDate, NoDueDate)
	}
	row.OpenAmount, row.HasOpenAmount = p.amount(r, OpenAmount)
	var ok bool
	if row.Amount, ok = p.amount(r, Amount); !ok {
		p.required(r, Amount, NoAmount)
		if !t.has(Amount) {
			row.Amount = row.OpenAmount // an open-item list that gives only what is open
		}
	}
	if t.has(OpenAmount) && !row.HasOpenAmount {
		row.OpenAmount, row.HasOpenAmount = 0, true // an empty open amount is nothing open
	}
	row.PaidDate, row.HasPaidDate = p.date(r, PaidDate)
	row.PaidAmount, row.HasPaidAmount = p.amount(r, PaidAmount)
	switch {
	case t.has(OpenAmount):
		// The open amount says what is left.
	case !t.has(PaidDate) && t.has(PaidAmount):
		// Paid so far, with no dates in the file: a snapshot at the export,
		// what is open is the amount less what was paid.
		row.OpenAmount, row.HasOpenAmount = row.Amount-row.PaidAmount, true
		row.PaidAmount, row.HasPaidAmount = 0, false
	case !t.has(PaidDate) && row.Status == StatusPaid:
		row.OpenAmount, row.HasOpenAmount = 0, true // paid, when is not known: nothing open
	case row.HasPaidAmount && row.PaidAmount != 0 && !row.HasPaidDate && p.problem == nil:
		// The file has paid dates, but not on this row.
		p.fail(r, PaidAmount, p.t.get(r, PaidAmount), PaidWithoutDate)
	}
	if v := p.t.get(r, Disputed); v != "" {
		b, known := boolWords[normalizeHeader(v)]
		if !known {
			p.warn(r, Disputed, v, NotYesNo, KeptNotDisputed)
		}
		row.Disputed = b
	}
	if row.Status == StatusDisputed {
		row.Disputed = true
	}
	if v := p.t.get(r, DaysPastDue); v != "" {
		if n, ok := wholeDays(v); ok {
			row.DaysPastDue, row.HasDaysPastDue = n, true
		} else {
			p.warn(r, DaysPastDue, v, NotDays, KeptWithoutDaysPastDue)
		}
	}
	if row.Status == StatusCreditNote && row.Amount > 0 {
		row.Amount, row.OpenAmount = -row.Amount, -row.OpenAmount
	}
	if row.Currency == "" {
		// No currency column: the sign or code on the amounts, if any.
		row.Currency = amountCurrency(p.t.get(r, Amount))
		if row.Currency == "" {
			row.Currency = amountCurrency(p.t.get(r, OpenAmount))
		}
	}
	return row
}

func (p *parser) payment(r rawRow) PaymentRow {
	row := PaymentRow{Pos: p.t.pos(r.num, noField), InvoiceNo: p.text(r, InvoiceNo)}
	p.required(r, InvoiceNo, NoInvoiceNumber)
	var ok bool
	if row.Date, ok = p.date(r, PaymentDate); !ok {
		p.required(r, PaymentDate, NoPaymentDate)
	}
	if row.Amount, ok = p.amount(r, PaymentAmount); !ok {
		p.required(r, PaymentAmount, NoPaymentAmount)
	}
	return row
}

func (p *parser) client(r rawRow) ClientRow {
	row := ClientRow{
		Pos:            p.t.pos(r.num, noField),
		ID:             p.text(r, ClientID),
		Name:           p.text(r, ClientName),
		Segment:        p.text(r, Segment),
		AccountManager: p.text(r, AccountMgr),
	}
	if row.ID == "" {
		row.ID = row.Name
	}
	if row.ID == "" {
		p.fail(r, ClientID, "", NoClientID)
	}
	if v := p.t.get(r, Terms); v != "" {
		n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.ToLower(v), "days"), "dagen")))
		if err != nil || n < 0 || n > 3650 {
			p.warn(r, Terms, v, NotDays, KeptDefaultTerms)
		} else {
			row.Terms, row.HasTerms = n, true
		}
	}
	// A client is worth keeping without the values below: each that
	// cannot be read is left out, and the rest of the row counts.
	if !p.optional(r, KeptNoCreditLimit, func() { row.CreditLimit, row.HasCreditLimit = p.amount(r, CreditLimit) }) {
		row.CreditLimit, row.HasCreditLimit = 0, false
	}
	if !p.optional(r, KeptNoStartDate, func() { row.Start, row.HasStart = p.date(r, StartDate) }) {
		row.Start, row.HasStart = 0, false
	}
	row.ContactName, row.Email, row.Phone = p.text(r, ContactName), p.text(r, Email), p.text(r, Phone)
	row.LastContactText = p.text(r, LastContact)
	if !p.optional(r, KeptAsText, func() { row.LastContact, row.HasLastContact = p.date(r, LastContact) }) {
		row.LastContact, row.HasLastContact = 0, false
	}
	return row
}

func (p *parser) sales(r rawRow) SalesRow {
	row := SalesRow{Pos: p.t.pos(r.num, noField)}
	p.required(r, SalesMonth, NoMonth)
	if v := p.t.get(r, SalesMonth); v != "" {
		m, ok := parseMonth(v, p.orders[SalesMonth], p.t.date1904)
		if !ok {
			p.fail(r, SalesMonth, v, NotAMonth)
		}
		row.Month = m
	}
	var ok bool
	if row.Amount, ok = p.amount(r, Amount); !ok {
		p.required(r, Amount, NoAmount)
	}
	return row
}

func (p *parser) activity(r rawRow) ActivityRow {
	row := ActivityRow{Pos: p.t.pos(r.num, noField), ClientID: p.text(r, ClientID), ClientName: p.text(r, ClientName),
		Invoice: p.text(r, InvoiceNo), TypeText: p.text(r, ActivityType), Note: p.text(r, Note)}
	if row.ClientID == "" {
		row.ClientID = row.ClientName
	}
	if row.ClientID == "" {
		p.fail(r, ClientID, "", NoClient)
	}
	var ok bool
	if row.Date, ok = p.date(r, ActivityDate); !ok {
		p.required(r, ActivityDate, NoActivityDate)
	}
	row.Type = parseActivityType(row.TypeText)
	if row.TypeText == "" {
		p.fail(r, ActivityType, "", NoActivityType)
	}
	if !p.optional(r, KeptNoPromisedDate, func() { row.Promised, row.HasPromised = p.date(r, PromisedDate) }) {
		row.Promised, row.HasPromised = 0, false
	}
	if !p.optional(r, KeptNoAmount, func() { row.Amount, row.HasAmount = p.amount(r, Amount) }) {
		row.Amount, row.HasAmount = 0, false
	}
	return row
}

func (p *parser) rate(r rawRow) RateRow {
	row := RateRow{Pos: p.t.pos(r.num, noField), Currency: strings.ToUpper(p.text(r, Currency))}
	p.required(r, Currency, NoCurrency)
	v := p.t.get(r, Rate)
	text := v
	if strings.Count(text, ",") == 1 && !strings.Contains(text, ".") {
		text = strings.Replace(text, ",", ".", 1)
	}
	rate, ok := new(big.Rat).SetString(text)
	if !ok || rate.Sign() <= 0 || strings.ContainsAny(text, "/eE") {
		p.fail(r, Rate, v, NotARate)
	}
	row.Rate = rate
	return row
}

// batchPool keeps the invoice rows of batches that were handed on, for
// the batches still to be typed: a million invoices are typed into a few
// dozen slices instead of a hundred.
type batchPool chan []InvoiceRow

func newBatchPool() batchPool { return make(batchPool, 8) }

// put offers rows back, once their receiver is done with them. They are
// not cleared: the next batch writes over them, and the text their
// strings view is the pool's blocks (blockPool), kept anyway, or a table
// read whole, which holds the same text (clearing them cost a write
// barrier per string while the collector ran).
func (p batchPool) put(rows []InvoiceRow) {
	if p == nil || cap(rows) == 0 {
		return
	}
	select {
	case p <- rows[:0]:
	default:
	}
}

// get returns room for n rows. A new batch has room for an eighth more:
// the blocks' rows vary a little, and a batch made to one block's measure
// was too short for most of the next (a million invoices: 17 MB of new
// batches, each page of them a fault).
func (p batchPool) get(n int) []InvoiceRow {
	select {
	case rows := <-p:
		if cap(rows) >= n {
			return rows[:n]
		}
	default:
	}
	return fresh.Slice[InvoiceRow](n + n/8)[:n]
}
