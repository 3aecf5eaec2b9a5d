// Package ledger is the model of receivables that metrics work on: clients,
// their invoices and credit notes, and the payments on them. Build turns the
// rows read from exports into a ledger, resolving duplicates, unknown
// clients, missing due dates and payments.
package ledger

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"iter"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/wording"
)

// Client is a debtor with its invoices.
type Client struct {
	ID             string
	Name           string
	Terms          int // payment terms in days; valid when HasTerms
	HasTerms       bool
	CreditLimit    money.Cents // valid when HasCreditLimit
	HasCreditLimit bool
	Segment        string
	AccountManager string
	// Contact details, as the clients table gives them.
	ContactName, Email, Phone string
	// LastContact is a last-contact date from the clients table (it
	// counts as a reply on that date); valid when HasLastContact.
	LastContact    civil.Date
	HasLastContact bool
	// Activities are what was done to collect and what the client did
	// (an activity export), by date.
	Activities []Activity
	Start      civil.Date // start of the relationship; valid when HasStart
	HasStart   bool
	Listed     bool        // the client is in the clients table
	Invoices   InvoiceList // by issue date, then number
	// book holds the invoices' numbers and repeated payments: the
	// Client's methods on an invoice read them.
	book *Book
}

// InvoiceList is a client's invoices: a run of the ledger's records,
// which Finish lays out client by client, in pieces (layOut). A list of
// pointers instead was 80 MB at ten million invoices that the collector
// went through in every cycle.
type InvoiceList struct {
	records     *[][]Invoice // the ledger's, pieceSize to a piece, by place
	first, past int32        // the places of the run
}

// Len is the number of invoices.
func (l InvoiceList) Len() int { return int(l.past - l.first) }

// At returns invoice i, 0 <= i < Len().
func (l InvoiceList) At(i int) *Invoice {
	if uint(i) >= uint(l.Len()) {
		panic(fmt.Sprintf("invoice %d of a list of %d", i, l.Len()))
	}
	p := int(l.first) + i
	return &(*l.records)[p/pieceSize][p%pieceSize]
}

// All yields the invoices in their order.
func (l InvoiceList) All() iter.Seq[*Invoice] {
	return func(yield func(*Invoice) bool) {
		for p := int(l.first); p < int(l.past); {
			piece := (*l.records)[p/pieceSize]
			run := piece[p%pieceSize : min(pieceSize, p%pieceSize+int(l.past)-p)]
			for i := range run {
				if !yield(&run[i]) {
					return
				}
			}
			p += len(run)
		}
	}
}

// Invoice is an invoice (Amount > 0) or a credit note (Amount < 0). Its
// record has no pointers, and its fields pack into 40 bytes: ten million
// of them are held at once, and every pass of the metrics reads them. Its
// number and, when paid more than once, its payments are in the ledger's
// Book, which the Client's methods read (InvoiceNo, Payments, OpenAt). Its
// client is the one whose list holds it (a pointer back would cost a fifth
// of the record).
type Invoice struct {
	Amount money.Cents
	// paidAmount and paidOn are the invoice's payment when it is paid
	// once (the Book holds them all when paid more often); an invoice of
	// an open-item list has no payments: paidAmount holds its open amount.
	paidAmount money.Cents
	paidOn     civil.Date
	no         uint32 // the number, in the Book's numberStore
	// bits are the invoice's flags (the low flagBits) and, above them, the
	// place of its payments in the Book plus one when it is paid more than
	// once (a Payment's own padding would take a fifth of the record).
	bits  uint32
	Issue civil.Date
	Due   civil.Date
	// Settled is the date of the payment that brought the open balance of
	// an invoice (Amount > 0) to zero or below; valid when IsSettled.
	Settled civil.Date
}

// invoiceFlags are an invoice's yes-or-no facts, one bit each of its bits.
type invoiceFlags uint32

const (
	dueDerived invoiceFlags = 1 << iota // the due date was not in the data
	disputed
	settled   // Settled is set
	openKnown // an open-item list's: paidAmount is the balance
	paid      // paidOn and paidAmount hold a payment
	flagBits  = iota
)

// maxMore is the most invoices paid more than once that a ledger holds:
// their places in the Book share the record's bits with the flags.
const maxMore = 1<<(32-flagBits) - 1

func (inv *Invoice) has(f invoiceFlags) bool { return invoiceFlags(inv.bits)&f != 0 }

func (inv *Invoice) set(f invoiceFlags, on bool) {
	if on {
		inv.bits |= uint32(f)
	} else {
		inv.bits &^= uint32(f)
	}
}

// more is the place of the invoice's payments in the Book plus one, 0
// when it is paid once or never.
func (inv *Invoice) more() uint32 { return inv.bits >> flagBits }

// DueDerived reports whether the due date was not in the data (issue
// date + terms, or the issue date of a credit note).
func (inv *Invoice) DueDerived() bool { return inv.has(dueDerived) }

// Disputed reports whether the export marks the invoice as disputed.
func (inv *Invoice) Disputed() bool { return inv.has(disputed) }

// IsSettled reports whether payments brought the balance of an invoice
// (Amount > 0) to zero or below; Settled is then the day.
func (inv *Invoice) IsSettled() bool { return inv.has(settled) }

// OpenKnown reports whether the balance is the open amount an open-item
// list gave (Open): known only as of the export, with no payment dates.
func (inv *Invoice) OpenKnown() bool { return inv.has(openKnown) }

// Open is the open amount an open-item list gave; valid when OpenKnown.
func (inv *Invoice) Open() money.Cents { return inv.paidAmount }

// Activity is one event of collecting: our outreach, or the client's
// reply, promise or dispute.
type Activity struct {
	Date        civil.Date
	Kind        input.ActivityKind
	Invoice     string
	Promised    civil.Date // a promise's payment date; valid when HasPromised
	HasPromised bool
	Amount      money.Cents // a promise's amount; valid when HasAmount
	HasAmount   bool
}

// Payment is money received on an invoice.
type Payment struct {
	Date   civil.Date
	Amount money.Cents
}

// SettledBy reports whether the invoice was settled on or before t.
func (inv *Invoice) SettledBy(t civil.Date) bool { return inv.has(settled) && inv.Settled <= t }

// Ledger is every client with its invoices, in one currency.
type Ledger struct {
	Clients  []*Client // by id
	Currency string
	// OpenOnly says the invoices came from an open-item list: open amounts
	// without payment dates. Balances are known at the export only, and
	// nothing about paying behaviour can be said.
	OpenOnly bool
	// Sales are the months of a sales table, in order, one entry a month:
	// an open-item list's only source of sales.
	Sales []MonthSales
	// ExportDate is the day an open-item list was made, when the export
	// says it: in the lines above its header, or through due date + days
	// past due. Zero when it does not.
	ExportDate     civil.Date
	ExportDateFrom ExportDateSource
	// HaveActivity says an activity export was given: without one the
	// engagement flags cannot be seen.
	HaveActivity bool
	Quality      Quality
	book         *Book // the invoices' numbers and repeated payments
}

// ExportDateSource says how the export date was found.
type ExportDateSource string

// The sources of an export date.
const (
	ExportDateTitle       ExportDateSource = "title"         // a date in the lines above the header
	ExportDateDaysPastDue ExportDateSource = "days_past_due" // due date + days past due, as most rows agree
)

// MonthSales is what was sold in a month.
type MonthSales struct {
	Month  civil.Month
	Amount money.Cents
}

// Quality counts what Build had to resolve, for the data-quality section.
type Quality struct {
	Invoices             int // invoices and credit notes kept
	CreditNotes          int
	DerivedDueDates      int      // due date not in the data: issue date + terms (credit notes: issue date)
	UnknownClients       int      // clients of invoices that the clients table lacks (when one was given)
	UnknownClientIDs     []string // the first of them, in the order met
	UnknownClientRows    int      // invoices of those clients
	DuplicatesDropped    int      // identical invoice rows seen more than once
	Payments             int      // payments attached
	PaymentsNoInvoice    int      // payments for invoice numbers not in the invoices
	ZeroPayments         int      // paid amounts of 0, which are no payment
	ClientsWithoutActive int      // clients in the clients table without any invoice
	Converted            int      // invoices converted from another currency
	DerivedIssueDates    int      // invoice date not in the export: due date - terms
	// NoPaymentInfo: an open-item list without open amounts, so every
	// invoice on it counts as fully open.
	NoPaymentInfo bool
	// Activities counts the activity rows attached to a client;
	// ActivityNoClient those whose client is in neither the invoices nor
	// the clients table.
	Activities       int
	ActivityNoClient int
	// FutureDated counts rows with an invoice or payment date after
	// Input.Today (a typo such as 9999-12-01, most likely): kept, but
	// never used to choose the default as-of date. FutureRows names the
	// first maxFutureRows of them.
	FutureDated int
	FutureRows  []FutureRow
	// SimilarIDs are groups of client ids that differ only in case or
	// spacing ("C1", "c1"): possibly one client split in two. At most
	// maxSimilarGroups groups, each sorted; SimilarGroups counts all.
	SimilarIDs    [][]string
	SimilarGroups int
	// PaidBeforeIssue counts payments dated before their invoice's date
	// (kept as they are); PaidBeforeRows names the first of them.
	PaidBeforeIssue int
	PaidBeforeRows  []PaidBeforeRow
}

// PaidBeforeRow is a payment dated before its invoice.
type PaidBeforeRow struct {
	Pos     input.Position
	Invoice string
	Issue   civil.Date
	Paid    civil.Date
}

// String names the row: `invoices.csv: row 5: invoice "F-5" of 2026-03-10, paid 2026-03-01`.
func (r PaidBeforeRow) String() string { return r.Describe(wording.English(), civil.Date.String) }

// Describe names the row in a language, with its dates written by date.
func (r PaidBeforeRow) Describe(l *wording.Lang, date func(civil.Date) string) string {
	return l.T("row_paid_before", "Pos", r.Pos.Describe(l), "Invoice", input.Quote(r.Invoice), "Issue", date(r.Issue), "Paid", date(r.Paid))
}

// notePaidBefore counts a payment dated before its invoice.
func (q *Quality) notePaidBefore(pos input.Position, invoice string, issue, paid civil.Date) {
	if paid >= issue {
		return
	}
	q.PaidBeforeIssue++
	if len(q.PaidBeforeRows) < maxFutureRows {
		q.PaidBeforeRows = append(q.PaidBeforeRows, PaidBeforeRow{pos, strings.Clone(invoice), issue, paid})
	}
}

// FutureRow is a row dated after the day of the run.
type FutureRow struct {
	Pos     input.Position
	Invoice string
	Date    civil.Date
}

// String names the row: `invoices.csv: row 57: invoice "F-57", 9999-12-01`.
func (f FutureRow) String() string { return f.Describe(wording.English(), civil.Date.String) }

// Describe names the row in a language, with its dates written by date.
func (f FutureRow) Describe(l *wording.Lang, date func(civil.Date) string) string {
	return l.T("row_future", "Pos", f.Pos.Describe(l), "Invoice", input.Quote(f.Invoice), "Date", date(f.Date))
}

// maxSimilarGroups bounds the groups of similar client ids named.
const maxSimilarGroups = 20

// findSimilarIDs groups the ids (sorted) that are one once case and
// spacing are set aside.
func (q *Quality) findSimilarIDs(clients []*Client) {
	q.SimilarGroups, q.SimilarIDs = 0, nil
	// Sorted ids whose folded forms rise as well, as ids of one case do,
	// cannot repeat one another: one pass says so, with no table (ten
	// million invoices have 200,000 clients: a string made for each
	// folded id and a map of them took 45 ms of one core at the end of
	// reading, the table below 35, most of it in reads from memory).
	var last, key []byte
	rising := true
	for i, c := range clients {
		key = foldID(key[:0], c.ID)
		if i > 0 && bytes.Compare(last, key) >= 0 {
			rising = false
			break
		}
		last, key = key, last
	}
	if rising {
		return
	}
	// Else the folded ids are kept side by side in an arena and found
	// through a numberIndex.
	folded := make([]string, len(clients))
	index := newShortKeyIndex(maphash.MakeSeed(), func(i int32) string { return folded[i] })
	index.reserve(len(clients))
	var keys stringArena
	var groups [][]string
	groupOf := map[int32]int{} // the first client of a folded id → its group
	for i, c := range clients {
		key = foldID(key[:0], c.ID)
		folded[i] = keys.internBytes(key)
		first, added := index.findOrAdd(folded[i], int32(i))
		if added {
			continue
		}
		if at, ok := groupOf[first]; ok {
			groups[at] = append(groups[at], c.ID)
			continue
		}
		groupOf[first] = len(groups)
		groups = append(groups, []string{clients[first].ID, c.ID})
	}
	q.SimilarGroups = len(groups)
	q.SimilarIDs = groups[:min(len(groups), maxSimilarGroups)]
}

// foldID appends id as findSimilarIDs compares ids: in lower case, its
// words joined by one space (strings.ToLower of strings.Fields joined).
// An ASCII id, as almost every one is, is folded byte by byte; any other
// through those functions, whose Unicode rules it keeps.
func foldID(dst []byte, id string) []byte {
	for i := 0; i < len(id); i++ {
		if id[i] >= utf8.RuneSelf {
			return append(dst, strings.ToLower(strings.Join(strings.Fields(id), " "))...)
		}
	}
	start, space := len(dst), false
	for i := 0; i < len(id); i++ {
		b := id[i]
		switch {
		case b == ' ' || '\t' <= b && b <= '\r': // the ASCII spaces of strings.Fields
			space = len(dst) > start
			continue
		case 'A' <= b && b <= 'Z':
			b += 'a' - 'A'
		}
		if space {
			dst, space = append(dst, ' '), false
		}
		dst = append(dst, b)
	}
	return dst
}

// maxFutureRows bounds the future-dated rows named.
const maxFutureRows = 20

// noteFuture counts a date after today.
func (q *Quality) noteFuture(today civil.Date, pos input.Position, invoice string, d civil.Date) {
	if today == 0 || d <= today {
		return
	}
	q.FutureDated++
	if len(q.FutureRows) < maxFutureRows {
		q.FutureRows = append(q.FutureRows, FutureRow{pos, strings.Clone(invoice), d})
	}
}

// Input is what Build needs: the rows read and the defaults to apply.
type Input struct {
	Invoices     []input.InvoiceRow
	Payments     []input.PaymentRow // used when HavePayments
	HavePayments bool               // a payments table was given: it replaces paid date/amount
	// PaidColumns says an invoices table has a paid-date column: without
	// one (and without a payments table) the invoices are an open-item list.
	PaidColumns  bool
	Clients      []input.ClientRow
	HaveClients  bool
	DefaultTerms int    // days, for clients without terms
	Currency     string // the currency when the data names none, and the one to convert into
	// Rates convert amounts in other currencies into Currency (when
	// HaveRates): units of Currency per unit of the invoice's currency.
	Rates     []input.RateRow
	HaveRates bool
	// Sales is a sales table (revenue per month), for an open-item list.
	Sales []input.SalesRow
	// Activities are an activity export (when HaveActivity): reminders,
	// calls, replies, promises, disputes.
	Activities   []input.ActivityRow
	HaveActivity bool
	// Today is the day of the run: rows dated after it are future-dated
	// (Quality.FutureDated). Zero leaves them unchecked.
	Today civil.Date
}

// Build assembles the ledger from all its rows at once; see Builder for
// rows that come in batches. It fails on contradictions that a person must
// resolve: an invoice number twice with different content, or amounts in
// several currencies. Payments for unknown invoices are returned as problems.
func Build(in Input) (*Ledger, []*input.Problem, error) {
	b, err := NewBuilder(in)
	if err != nil {
		return nil, nil, err
	}
	if err := b.Add(in.Invoices); err != nil {
		return nil, nil, err
	}
	return b.Finish()
}

// dueDate is the row's due date, else one derived (reported true) from
// the issue date, itself perhaps derived, and the client's terms; a credit
// note is due when issued.
func dueDate(row *input.InvoiceRow, issue civil.Date, c *Client, defaultTerms int) (civil.Date, bool) {
	switch {
	case row.HasDue:
		return row.Due, false
	case row.Amount < 0:
		return issue, true
	}
	return issue.AddDays(termsOf(c, defaultTerms)), true
}

// termsOf returns the client's payment terms, else the default.
func termsOf(c *Client, defaultTerms int) int {
	if c.HasTerms {
		return c.Terms
	}
	return defaultTerms
}

// Release lets every client's invoices (with their payments) and
// activities go, keeping the clients' own fields, for a caller that has
// computed what it needs from them: at ten million invoices they are most
// of the memory the collector goes through, and the report renders from
// the computed figures alone.
func (l *Ledger) Release() {
	for _, c := range l.Clients {
		c.Invoices, c.Activities = InvoiceList{}, nil
	}
	// Numbers the figures name keep their own blocks of the store.
	*l.book = Book{}
}

func (l *Ledger) attachPayments(rows []input.PaymentRow, byNo func(string) (*Invoice, bool), rateOf map[*Invoice]*big.Rat, budget *money.Budget, today civil.Date) ([]*input.Problem, error) {
	var problems []*input.Problem
	for _, p := range rows {
		inv, ok := byNo(p.InvoiceNo)
		if !ok {
			l.Quality.PaymentsNoInvoice++
			// The row's text is its block's: the problem outlives it.
			problems = append(problems, &input.Problem{Pos: p.Pos, Value: strings.Clone(p.InvoiceNo), Kind: input.UnknownInvoice})
			continue
		}
		if p.Amount == 0 {
			l.Quality.ZeroPayments++
			continue
		}
		amount := p.Amount
		r, converted := rateOf[inv]
		if converted {
			if amount, ok = convertCents(amount, r); !ok {
				return nil, &AmountError{Pos: p.Pos, Invoice: p.InvoiceNo, Amount: p.Amount, Rate: r}
			}
		}
		if !budget.Take(amount) {
			return nil, &AmountError{Pos: p.Pos, Invoice: p.InvoiceNo, Amount: p.Amount}
		}
		l.Quality.noteFuture(today, p.Pos, p.InvoiceNo, p.Date)
		l.Quality.notePaidBefore(p.Pos, p.InvoiceNo, inv.Issue, p.Date)
		if !l.book.addPayment(inv, Payment{p.Date, amount}) {
			return nil, &PaidInPartsError{Pos: p.Pos}
		}
		l.Quality.Payments++
	}
	return problems, nil
}

// DuplicateError is an invoice number (or a client id, when Client)
// twice with different content: a person must say which is right.
type DuplicateError struct {
	ID            string
	Client        bool
	First, Second input.Position
}

func (e *DuplicateError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *DuplicateError) Describe(l *wording.Lang) string {
	if e.Client {
		return l.T("err_dup_client", "Client", input.Quote(e.ID), "First", e.First.Describe(l), "Second", e.Second.Describe(l))
	}
	return l.T("err_dup_invoice", "Invoice", input.Quote(e.ID), "First", e.First.Describe(l), "Second", e.Second.Describe(l))
}

// CurrenciesError is invoices in several currencies without exchange
// rates: amounts in different currencies are never added.
type CurrenciesError struct {
	Currencies []string // sorted
}

func (e *CurrenciesError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language, with the flags that fix it.
func (e *CurrenciesError) Describe(l *wording.Lang) string {
	return l.T("err_currencies", "N", len(e.Currencies), "List", strings.Join(e.Currencies, ", "), "First", e.Currencies[0])
}

// AmountError stops a run whose amounts are too large to add up exactly,
// rather than print a figure that wrapped around.
type AmountError struct {
	Pos     input.Position
	Invoice string      // the invoice number
	Amount  money.Cents // the amount as read, in its own currency
	// Rate is set when the amount was too large only after conversion.
	Rate *big.Rat
}

func (e *AmountError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *AmountError) Describe(l *wording.Lang) string {
	args := []any{"Pos", e.Pos.Describe(l), "Invoice", input.Quote(e.Invoice), "Amount", e.Amount.String(), "Max", money.MaxTotal.Group(l.Thousands, l.Decimal)}
	if e.Rate != nil {
		return l.T("err_amount_rate", append(args, "Rate", e.Rate.FloatString(6))...)
	}
	return l.T("err_amount", args...)
}

// convertCents multiplies an amount by a rate exactly and rounds the
// result to the cent, half away from zero; ok is false when the result is
// past money.MaxTotal.
func convertCents(c money.Cents, rate *big.Rat) (converted money.Cents, ok bool) {
	v := new(big.Rat).Mul(new(big.Rat).SetInt64(int64(c)), rate)
	num, den := new(big.Int).Abs(v.Num()), v.Denom()
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if rem.Mul(rem, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if !q.IsInt64() || q.Int64() > int64(money.MaxTotal) {
		return 0, false
	}
	if v.Sign() < 0 {
		q.Neg(q)
	}
	return money.Cents(q.Int64()), true
}
