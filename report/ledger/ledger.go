// Package ledger is the model of receivables that metrics work on: clients,
// their invoices and credit notes, and the payments on them. Build turns the
// rows read from exports into a ledger, resolving duplicates, unknown
// clients, missing due dates and payments.
package ledger

import (
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strings"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/money"
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
	Start          civil.Date // start of the relationship; valid when HasStart
	HasStart       bool
	Listed         bool       // the client is in the clients table
	Invoices       []*Invoice // by issue date, then number
}

// Invoice is an invoice (Amount > 0) or a credit note (Amount < 0).
type Invoice struct {
	No         string
	Client     *Client
	Issue      civil.Date
	Due        civil.Date
	DueDerived bool // the due date was not in the data
	Amount     money.Cents
	Disputed   bool
	Payments   []Payment // by date
	// Settled is the date of the payment that brought the open balance of
	// an invoice (Amount > 0) to zero or below; valid when IsSettled.
	Settled   civil.Date
	IsSettled bool
	// OpenKnown says the export gave the open amount (Open) instead of
	// payments: an open-item list. The balance is then known only as of
	// the export, and there are no payment dates.
	Open      money.Cents
	OpenKnown bool
}

// Payment is money received on an invoice.
type Payment struct {
	Date   civil.Date
	Amount money.Cents
}

// OpenAt returns the invoice's open balance at the end of day t: its amount
// less the payments dated on or before t, and 0 before it is issued.
func (inv *Invoice) OpenAt(t civil.Date) money.Cents {
	if inv.Issue > t {
		return 0
	}
	if inv.OpenKnown {
		return inv.Open
	}
	open := inv.Amount
	for _, p := range inv.Payments {
		if p.Date > t {
			break
		}
		open -= p.Amount
	}
	return open
}

// SettledBy reports whether the invoice was settled on or before t.
func (inv *Invoice) SettledBy(t civil.Date) bool { return inv.IsSettled && inv.Settled <= t }

// PaymentsBy counts the payments dated on or before t.
func (inv *Invoice) PaymentsBy(t civil.Date) int {
	n := 0
	for _, p := range inv.Payments {
		if p.Date <= t {
			n++
		}
	}
	return n
}

// Ledger is every client with its invoices, in one currency.
type Ledger struct {
	Clients  []*Client // by id
	Currency string
	// OpenOnly says the invoices came from an open-item list: open amounts
	// without payment dates. Balances are known at the export only, and
	// nothing about paying behaviour can be said.
	OpenOnly bool
	Quality  Quality
}

// Quality counts what Build had to resolve, for the data-quality section.
type Quality struct {
	Invoices             int // invoices and credit notes kept
	CreditNotes          int
	DerivedDueDates      int // due date not in the data: issue date + terms (credit notes: issue date)
	UnknownClients       int // clients of invoices that the clients table lacks (when one was given)
	UnknownClientRows    int // invoices of those clients
	DuplicatesDropped    int // identical invoice rows seen more than once
	Payments             int // payments attached
	PaymentsNoInvoice    int // payments for invoice numbers not in the invoices
	ZeroPayments         int // paid amounts of 0, which are no payment
	ClientsWithoutActive int // clients in the clients table without any invoice
	Converted            int // invoices converted from another currency
	DerivedIssueDates    int // invoice date not in the export: due date - terms
	// NoPaymentInfo: an open-item list without open amounts, so every
	// invoice on it counts as fully open.
	NoPaymentInfo bool
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
}

// Build assembles the ledger. It fails on contradictions that a person must
// resolve: an invoice number twice with different content, or amounts in
// several currencies. Payments for unknown invoices are returned as problems.
func Build(in Input) (*Ledger, []*input.Problem, error) {
	l := &Ledger{}
	clients, err := l.indexClients(in.Clients)
	if err != nil {
		return nil, nil, err
	}
	invoices, byNo, err := l.dedupe(in.Invoices)
	if err != nil {
		return nil, nil, err
	}
	rates := map[string]*big.Rat{}
	if in.HaveRates {
		if rates, err = l.convert(invoices, in.Rates, in.Currency); err != nil {
			return nil, nil, err
		}
	}
	if l.Currency, err = currencyOf(invoices, in.Currency); err != nil {
		return nil, nil, err
	}
	openAmounts := false
	for _, row := range invoices {
		openAmounts = openAmounts || row.HasOpenAmount
	}
	l.OpenOnly = !in.HavePayments && !in.PaidColumns
	l.Quality.NoPaymentInfo = l.OpenOnly && !openAmounts
	rateOf := make(map[*Invoice]*big.Rat)
	// One block for all invoices and one for the single payments of a
	// one-table export: a million small objects would cost the collector
	// more than the figures cost to compute.
	block := make([]Invoice, len(invoices))
	var paid []Payment
	if !in.HavePayments {
		paid = make([]Payment, 0, len(invoices))
	}
	for i, row := range invoices {
		c := clients.find(row, in.HaveClients, &l.Quality)
		if in.HaveClients && !c.Listed {
			l.Quality.UnknownClientRows++
		}
		if !row.HasIssue {
			row.Issue = row.Due.AddDays(-termsOf(c, in.DefaultTerms))
			l.Quality.DerivedIssueDates++
		}
		inv := &block[i]
		*inv = Invoice{No: row.No, Client: c, Issue: row.Issue, Amount: row.Amount, Disputed: row.Disputed}
		inv.Due, inv.DueDerived = dueDate(row, c, in.DefaultTerms)
		if l.OpenOnly {
			inv.Open, inv.OpenKnown = row.OpenAmount, true
			if !row.HasOpenAmount {
				inv.Open = row.Amount // a list of open items without open amounts: all open
			}
		}
		if inv.DueDerived {
			l.Quality.DerivedDueDates++
		}
		if inv.Amount < 0 {
			l.Quality.CreditNotes++
		}
		if !in.HavePayments && row.HasPaidDate {
			amount := row.Amount
			if row.HasPaidAmount {
				amount = row.PaidAmount
			}
			if amount == 0 {
				l.Quality.ZeroPayments++
			} else {
				paid = append(paid, Payment{row.PaidDate, amount})
				inv.Payments = paid[len(paid)-1 : len(paid) : len(paid)]
				l.Quality.Payments++
			}
		}
		c.Invoices = append(c.Invoices, inv)
		if r, ok := rates[row.Currency]; ok {
			rateOf[inv] = r
		}
	}
	var problems []*input.Problem
	if in.HavePayments {
		problems = l.attachPayments(in.Payments, func(no string) (*Invoice, bool) {
			i, ok := byNo[no]
			if !ok {
				return nil, false
			}
			return &block[i], true
		}, rateOf)
	}
	l.Clients = clients.list
	for _, c := range l.Clients {
		if c.Listed && len(c.Invoices) == 0 {
			l.Quality.ClientsWithoutActive++
		}
		sort.Slice(c.Invoices, func(i, j int) bool {
			a, b := c.Invoices[i], c.Invoices[j]
			if a.Issue != b.Issue {
				return a.Issue < b.Issue
			}
			return a.No < b.No
		})
		for _, inv := range c.Invoices {
			inv.settle()
		}
	}
	sort.Slice(l.Clients, func(i, j int) bool { return l.Clients[i].ID < l.Clients[j].ID })
	l.Quality.Invoices = len(invoices)
	return l, problems, nil
}

// settle orders the payments and finds the settlement date.
func (inv *Invoice) settle() {
	slices.SortStableFunc(inv.Payments, func(a, b Payment) int { return int(a.Date) - int(b.Date) })
	if inv.Amount <= 0 {
		return
	}
	var paid money.Cents
	for _, p := range inv.Payments {
		paid += p.Amount
		if paid >= inv.Amount {
			inv.Settled, inv.IsSettled = p.Date, true
			return
		}
	}
}

func dueDate(row input.InvoiceRow, c *Client, defaultTerms int) (civil.Date, bool) {
	switch {
	case row.HasDue:
		return row.Due, false
	case row.Amount < 0:
		return row.Issue, true
	}
	return row.Issue.AddDays(termsOf(c, defaultTerms)), true
}

// termsOf returns the client's payment terms, else the default.
func termsOf(c *Client, defaultTerms int) int {
	if c.HasTerms {
		return c.Terms
	}
	return defaultTerms
}

// dedupe drops identical repeats of an invoice row and refuses differing
// ones. It filters rows in place and returns, by invoice number, each
// kept row's index.
func (l *Ledger) dedupe(rows []input.InvoiceRow) ([]input.InvoiceRow, map[string]int, error) {
	seen := make(map[string]int, len(rows))
	out := rows[:0]
	for _, row := range rows {
		i, dup := seen[row.No]
		if !dup {
			seen[row.No] = len(out)
			out = append(out, row)
			continue
		}
		first := out[i]
		a, b := first, row
		a.Pos, b.Pos = input.Position{}, input.Position{}
		if a != b {
			return nil, nil, fmt.Errorf("invoice %q appears twice with different content: %s and %s; remove one of them or correct the number",
				row.No, first.Pos, row.Pos)
		}
		l.Quality.DuplicatesDropped++
	}
	return out, seen, nil
}

// currencyOf returns the one currency of the invoices, or def when they
// name none; several currencies are an error because they cannot be added.
func currencyOf(rows []input.InvoiceRow, def string) (string, error) {
	found := map[string]bool{}
	for _, r := range rows {
		if r.Currency != "" {
			found[r.Currency] = true
		}
	}
	if len(found) > 1 {
		names := make([]string, 0, len(found))
		for c := range found {
			names = append(names, c)
		}
		sort.Strings(names)
		return "", fmt.Errorf("the invoices are in %d currencies (%s) and amounts in different currencies are never added; give exchange rates with --fx RATES.csv (columns currency, rate) and the currency to report in with --currency %s",
			len(names), strings.Join(names, ", "), names[0])
	}
	for c := range found {
		return c, nil
	}
	return def, nil
}

func (l *Ledger) attachPayments(rows []input.PaymentRow, byNo func(string) (*Invoice, bool), rateOf map[*Invoice]*big.Rat) []*input.Problem {
	var problems []*input.Problem
	for _, p := range rows {
		inv, ok := byNo(p.InvoiceNo)
		if !ok {
			l.Quality.PaymentsNoInvoice++
			problems = append(problems, &input.Problem{Pos: p.Pos, Value: p.InvoiceNo, Msg: "is not an invoice number in the invoices; the payment is left out"})
			continue
		}
		if p.Amount == 0 {
			l.Quality.ZeroPayments++
			continue
		}
		amount := p.Amount
		if r, ok := rateOf[inv]; ok {
			amount = convertCents(amount, r)
		}
		inv.Payments = append(inv.Payments, Payment{p.Date, amount})
		l.Quality.Payments++
	}
	return problems
}

// convert turns the invoice rows in other currencies into the target
// currency, in place, and returns the rates by currency. A currency
// without a rate is an error.
func (l *Ledger) convert(rows []input.InvoiceRow, rateRows []input.RateRow, target string) (map[string]*big.Rat, error) {
	rates := map[string]*big.Rat{}
	for _, r := range rateRows {
		rates[r.Currency] = r.Rate
	}
	for i := range rows {
		row := &rows[i]
		if row.Currency == "" || row.Currency == target {
			row.Currency = target
			continue
		}
		r, ok := rates[row.Currency]
		if !ok {
			return nil, fmt.Errorf("%s: invoice %q is in %s and the exchange rates have no rate for it; add a row %q to the rates file",
				row.Pos, row.No, row.Currency, row.Currency+",RATE")
		}
		row.Amount = convertCents(row.Amount, r)
		row.PaidAmount = convertCents(row.PaidAmount, r)
		row.OpenAmount = convertCents(row.OpenAmount, r)
		row.Currency = target
		l.Quality.Converted++
	}
	return rates, nil
}

// convertCents multiplies an amount by a rate exactly and rounds the
// result to the cent, half away from zero.
func convertCents(c money.Cents, rate *big.Rat) money.Cents {
	v := new(big.Rat).Mul(new(big.Rat).SetInt64(int64(c)), rate)
	num, den := new(big.Int).Abs(v.Num()), v.Denom()
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if rem.Mul(rem, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if v.Sign() < 0 {
		q.Neg(q)
	}
	return money.Cents(q.Int64())
}
