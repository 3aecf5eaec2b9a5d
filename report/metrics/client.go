package metrics

import (
	"sort"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
)

// ClientResult is one client's figures at a date.
type ClientResult struct {
	Client      *ledger.Client
	Open        money.Cents // net open balance, credit notes included
	Overdue     money.Cents // net open balance past due
	Aging       []money.Cents
	AgingShare  []float64   // of the client's open balance; nil when it is not positive
	WindowSales money.Cents // the client's S_W
	DSO         *float64    // nil when the client's S_W is not positive
	Share       *float64    // of the portfolio's AR; nil when AR is not positive
	Paying      Paying      // over the lookback
	// DBT (days beyond terms) is the weighted mean lateness over the
	// positive invoices settled in the lookback (settlement - due, at least
	// 0, weighted by amount) and those open past due at as-of (days past
	// due, weighted by what is open): unlike ADL it counts what was never
	// paid. nil when there are none.
	DBT *float64
	// PastDueCount, PastDue and OldestDPD describe the positive invoices
	// open past due at as-of.
	PastDueCount int
	PastDue      money.Cents
	OldestDPD    int
	// LastPayment is the date of the latest payment (of a positive amount)
	// on or before as-of; valid when HasLastPayment.
	LastPayment    civil.Date
	HasLastPayment bool
	// Terms are the client's payment terms in days, or the default terms
	// when the clients table gives none.
	Terms int
	Score int
	Tier  string
	Flags []Flag
	// Active: open balance not zero, or an invoice or payment in the lookback.
	Active bool
	// The detail of a flagged client (empty for the others): amount-weighted
	// days to pay per trend month, the open balance at each trend point and
	// the overdue invoices.
	DaysToPay []MonthValue
	// OpenAge is, per trend month end, the amount-weighted age (days since
	// the invoice date) of the positive invoices still open then: it goes
	// on where days to pay stop because payments stopped.
	OpenAge         []MonthValue
	OpenSeries      []money.Cents
	OverdueInvoices []OverdueInvoice
}

// Paying summarises the invoices settled in a period.
type Paying struct {
	Settled int
	OnTime  int
	// ADP, ADL and OnTimeRate are nil when nothing was settled.
	ADP, ADL, OnTimeRate *float64
}

// MonthValue is a day figure for one month, nil when there is none.
type MonthValue struct {
	Month civil.Month
	Value *float64
}

// OverdueInvoice is an invoice past due and open at the as-of date.
type OverdueInvoice struct {
	No          string
	Issue, Due  civil.Date
	Amount      money.Cents
	Open        money.Cents
	DaysOverdue int
}

// settledStats accumulates settled invoices for amount-weighted means.
type settledStats struct {
	n, onTime       int
	weight          int64   // sum of amounts in cents
	dtpSum, lateSum wideSum // sums of amount × days
}

func (s *settledStats) add(inv *ledger.Invoice) {
	dtp := int64(inv.Settled - inv.Issue)
	late := int64(inv.Settled - inv.Due)
	if late <= 0 {
		late = 0
		s.onTime++
	}
	a := int64(inv.Amount)
	s.n++
	s.weight += a
	s.dtpSum.addProduct(a, dtp)
	s.lateSum.addProduct(a, late)
}

// merge adds another set of settled invoices.
func (s *settledStats) merge(o settledStats) {
	s.n += o.n
	s.onTime += o.onTime
	s.weight += o.weight
	s.dtpSum.add(o.dtpSum)
	s.lateSum.add(o.lateSum)
}

func (s *settledStats) adp() float64 { return s.dtpSum.ratio(s.weight) }
func (s *settledStats) adl() float64 { return s.lateSum.ratio(s.weight) }

// settledIn gathers the client's invoices (amount > 0) settled in [from, to].
func settledIn(c *ledger.Client, from, to civil.Date) settledStats {
	var s settledStats
	for inv := range c.Invoices.All() {
		if inv.Amount > 0 && inv.IsSettled() && inv.Settled >= from && inv.Settled <= to {
			s.add(inv)
		}
	}
	return s
}

func (s settledStats) paying() Paying {
	p := Paying{Settled: s.n, OnTime: s.onTime}
	if s.n > 0 {
		adp, adl := s.adp(), s.adl()
		rate := float64(s.onTime) / float64(s.n)
		p.ADP, p.ADL, p.OnTimeRate = &adp, &adl, &rate
	}
	return p
}

// lookbackStart is the first day of the lookback window ending at t.
func lookbackStart(t civil.Date, months int) civil.Date {
	return (civil.MonthOf(t) - civil.Month(months-1)).First()
}

// clientOpenAt returns the client's net open balance at t.
func clientOpenAt(c *ledger.Client, t civil.Date) money.Cents {
	var open money.Cents
	for inv := range c.Invoices.All() {
		if inv.Issue > t {
			break
		}
		open += c.OpenAt(inv, t)
	}
	return open
}

// clientSales returns the client's invoiced amount in [from, to].
func clientSales(c *ledger.Client, from, to civil.Date) money.Cents {
	var s money.Cents
	for inv := range c.Invoices.All() {
		if inv.Issue >= from && inv.Issue <= to {
			s += inv.Amount
		}
	}
	return s
}

// evaluateClient computes the client's balances, paying behaviour and flags
// at t. ar is the portfolio's AR at t; history is false for an open-item
// list, whose flags can rest only on today's balances.
func evaluateClient(c *ledger.Client, t civil.Date, p Params, ar money.Cents, history, noDSO bool) ClientResult {
	r := ClientResult{Client: c, Aging: make([]money.Cents, len(p.Buckets)+2), Terms: p.DefaultTerms}
	if c.HasTerms {
		r.Terms = c.Terms
	}
	from := lookbackStart(t, p.Lookback)
	var late wideSum // days beyond terms × weight
	var weight int64
	for inv := range c.Invoices.All() {
		if inv.Issue > t {
			break
		}
		if inv.Issue >= from {
			r.Active = true
		}
		for pay := range c.Payments(inv) {
			if pay.Date >= from && pay.Date <= t {
				r.Active = true
			}
			if pay.Date <= t && pay.Amount > 0 && (!r.HasLastPayment || pay.Date > r.LastPayment) {
				r.LastPayment, r.HasLastPayment = pay.Date, true
			}
		}
		if inv.Amount > 0 && inv.IsSettled() && inv.Settled >= from && inv.Settled <= t {
			late.addProduct(int64(inv.Amount), int64(max(0, inv.Settled-inv.Due)))
			weight += int64(inv.Amount)
		}
		o := c.OpenAt(inv, t)
		if o == 0 {
			continue
		}
		dpd := int(t - inv.Due)
		r.Open += o
		r.Aging[bucketOf(dpd, p.Buckets)] += o
		if dpd > 0 {
			r.Overdue += o
		}
		if dpd > 0 && inv.Amount > 0 && o > 0 {
			r.PastDueCount++
			r.PastDue += o
			r.OldestDPD = max(r.OldestDPD, dpd)
			late.addProduct(int64(o), int64(dpd))
			weight += int64(o)
		}
	}
	if weight > 0 {
		dbt := late.ratio(weight)
		r.DBT = &dbt
	}
	if r.Open != 0 {
		r.Active = true
	}
	if r.Open > 0 {
		r.AgingShare = shares(r.Aging, r.Open)
	}
	winFirst, winDays := dsoWindow(t, p.DSOWindow)
	r.WindowSales = clientSales(c, winFirst, t)
	if history && !noDSO { // an open-item list holds no sales; a short history too few
		r.DSO = ratioDays(r.Open, r.WindowSales, winDays)
	}
	if ar > 0 {
		share := float64(r.Open) / float64(ar)
		r.Share = &share
	}
	r.Paying = settledIn(c, from, t).paying()
	r.Flags = evaluateFlags(c, t, p, &r, history)
	for _, f := range r.Flags {
		r.Score += f.Weight
	}
	r.Score = min(r.Score, maxScore)
	r.Tier = Tier(r.Score)
	return r
}

// openAge is the amount-weighted age at e of the client's positive
// invoices open at e.
func openAge(c *ledger.Client, e civil.Date) MonthValue {
	mv := MonthValue{Month: civil.MonthOf(e)}
	var age wideSum
	var weight int64
	for inv := range c.Invoices.All() {
		if inv.Issue > e {
			break
		}
		if o := c.OpenAt(inv, e); inv.Amount > 0 && o > 0 {
			age.addProduct(int64(o), int64(e-inv.Issue))
			weight += int64(o)
		}
	}
	if weight > 0 {
		v := age.ratio(weight)
		mv.Value = &v
	}
	return mv
}

// addDetail fills the client's series over the trend and its overdue list.
func addDetail(r *ClientResult, ends []civil.Date, asOf civil.Date) {
	c := r.Client
	for _, e := range ends {
		r.OpenSeries = append(r.OpenSeries, clientOpenAt(c, e))
		m := civil.MonthOf(e)
		s := settledIn(c, m.First(), e)
		mv := MonthValue{Month: m}
		if s.n > 0 {
			v := s.adp()
			mv.Value = &v
		}
		r.DaysToPay = append(r.DaysToPay, mv)
		r.OpenAge = append(r.OpenAge, openAge(c, e))
	}
	for inv := range c.Invoices.All() {
		if inv.Amount <= 0 || inv.Issue > asOf {
			continue
		}
		if o, dpd := c.OpenAt(inv, asOf), int(asOf-inv.Due); o > 0 && dpd > 0 {
			r.OverdueInvoices = append(r.OverdueInvoices, OverdueInvoice{c.InvoiceNo(inv), inv.Issue, inv.Due, inv.Amount, o, dpd})
		}
	}
	sort.SliceStable(r.OverdueInvoices, func(i, j int) bool {
		return r.OverdueInvoices[i].DaysOverdue > r.OverdueInvoices[j].DaysOverdue
	})
}
