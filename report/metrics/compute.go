package metrics

import (
	"cmp"
	"slices"
	"strings"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/fresh"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/parallel"
)

// Result is everything the report shows, computed at Params.AsOf.
type Result struct {
	Params   Params
	Currency string
	// Months is the trend, oldest first; the last point is the as-of date.
	Months []Point
	// Previous is the previous month end; YearAgo the same date a year
	// earlier, nil when the data does not reach that far back. Both are
	// nil for an open-item list (balances known only at the export).
	Previous *Point
	YearAgo  *Point
	// PreviousEnd is the month end before the as-of month.
	PreviousEnd civil.Date
	// VsPrevious and VsYearAgo are the changes of the key figures.
	VsPrevious *Delta
	VsYearAgo  *Delta
	// OpenOnly: the ledger came from an open-item list. The trend, CEI,
	// paying behaviour, the flags that rest on payment history and what
	// changed could not be computed.
	OpenOnly bool
	// HaveActivity: an activity export was given, so the engagement flags
	// could be seen.
	HaveActivity bool
	// Clients lists the active clients by score, then overdue, then id.
	Clients       []ClientResult
	Changes       Changes
	Concentration ConcentrationResult
	Debtors       Debtors
	// Worklist lists the clients to chase, by priority; Forecast the cash
	// expected in the next 13 weeks, with its track record.
	Worklist []WorkItem
	Forecast Forecast
	Ignored  Ignored
}

// Now returns the point at the as-of date.
func (r *Result) Now() Point { return r.Months[len(r.Months)-1] }

// Ignored counts what lies after the as-of date and was left out: the
// payments received after the month end are what a reviewer asks about.
type Ignored struct {
	Invoices      int // issued after as-of
	Payments      int // dated after as-of
	InvoiceAmount money.Cents
	PaymentAmount money.Cents
	// InvoiceItems and PaymentItems name the first of them (in the
	// ledger's order, then by date).
	InvoiceItems, PaymentItems []IgnoredItem
}

// IgnoredItem is an invoice, or a payment on one, dated after as-of.
type IgnoredItem struct {
	Client  *ledger.Client
	Invoice string
	Date    civil.Date
	Amount  money.Cents
}

// Changes is what moved since the previous month end.
type Changes struct {
	// Contributors are the clients that moved DSO most, largest first.
	Contributors []Contribution
	Raised       []FlagChange
	Cleared      []FlagChange
}

// Contribution is a client's share of the DSO change: its AR change
// divided by the portfolio's S_W at as-of, times N_W.
type Contribution struct {
	Client            *ledger.Client
	OpenNow, OpenThen money.Cents
	Days              float64
}

// FlagChange is a flag raised or cleared on a client.
type FlagChange struct {
	Client *ledger.Client
	Flag   string
}

// ConcentrationResult shows how much of AR sits with the largest clients.
type ConcentrationResult struct {
	Top []ShareRow // the largest open balances, largest first
	// HHI is the Herfindahl-Hirschman index over clients with a positive
	// open balance: the sum of squared percentage shares (0 to 10,000).
	HHI      float64
	Positive int // clients with a positive open balance
}

// ShareRow is one client in the Pareto of open balances.
type ShareRow struct {
	Client     *ledger.Client
	Open       money.Cents
	Share      float64
	Cumulative float64
}

// topContributors and topConcentration bound the lists of the report.
const (
	topContributors  = 5
	topConcentration = 10
)

// AsOfChoice is the default review date and how it was chosen.
type AsOfChoice struct {
	Date   civil.Date
	Latest civil.Date // the latest invoice or payment date up to today
	Rule   AsOfRule
}

// AsOfRule says how the default as-of date was chosen.
type AsOfRule string

// The rules, in metrics.md's order.
const (
	AsOfMonthEnd       AsOfRule = "latest_month_end"   // the latest date, a month end
	AsOfMonthEndBefore AsOfRule = "month_end_before"   // the month end before the latest date
	AsOfLatestDate     AsOfRule = "latest_date"        // the latest date: the month end before it precedes the data
	AsOfExportTitle    AsOfRule = "export_title"       // an open-item list's date, from its title lines
	AsOfExportDPD      AsOfRule = "export_due_and_dpd" // an open-item list's date: due date + days past due
	AsOfOpenItemGuess  AsOfRule = "open_item_guess"    // an open-item list that does not say its date: the latest date
)

// DefaultAsOf returns the default review date: the latest invoice or payment
// date when it is a month end, else the month end before it. Dates after
// today (the day of the run; zero: no such check) are typos or planned
// invoices and never choose it, unless every date lies after today. An
// open-item list states its open amounts as of its export, so its default
// is the export date when the export says it, else the latest date itself
// (a guess the report says is one): an earlier month end would pair today's
// balances with an old date. A date before the first invoice would leave
// the report empty: the latest date is used then. ok is false for an empty
// ledger.
func DefaultAsOf(l *ledger.Ledger, today civil.Date) (choice AsOfChoice, ok bool) {
	// Each core scans its share of the clients; the earliest and latest
	// dates of the shares are the ledger's.
	shares := make([]datesSeen, parallel.Workers(len(l.Clients)))
	parallel.Ranges(len(l.Clients), func(w, lo, hi int) {
		shares[w] = seeDates(l.Clients[lo:hi], today)
	})
	var all datesSeen
	for _, s := range shares {
		all.join(s)
	}
	if !all.found {
		return AsOfChoice{}, false
	}
	first, latest, ok := all.first, all.latest, all.ok
	if !ok {
		latest, ok = all.any, true // every date after today: the data's own latest
	}
	choice.Latest = latest
	switch {
	case l.OpenOnly && l.ExportDate >= first && l.ExportDateFrom == ledger.ExportDateTitle:
		choice.Date, choice.Rule = l.ExportDate, AsOfExportTitle
	case l.OpenOnly && l.ExportDate >= first && l.ExportDateFrom == ledger.ExportDateDaysPastDue:
		choice.Date, choice.Rule = l.ExportDate, AsOfExportDPD
	case l.OpenOnly:
		choice.Date, choice.Rule = latest, AsOfOpenItemGuess
	case latest.IsMonthEnd():
		choice.Date, choice.Rule = latest, AsOfMonthEnd
	case latest.MonthStart()-1 < first:
		choice.Date, choice.Rule = latest, AsOfLatestDate
	default:
		choice.Date, choice.Rule = latest.MonthStart()-1, AsOfMonthEndBefore
	}
	return choice, true
}

// datesSeen are the dates of some clients' invoices and payments.
type datesSeen struct {
	first  civil.Date // the earliest invoice date; valid when found
	found  bool
	latest civil.Date // the latest date on or before today; valid when ok
	ok     bool
	any    civil.Date // the latest date of all
}

func seeDates(clients []*ledger.Client, today civil.Date) datesSeen {
	var s datesSeen
	seen := func(d civil.Date) {
		if (today == 0 || d <= today) && (!s.ok || d > s.latest) {
			s.latest, s.ok = d, true
		}
		s.any = max(s.any, d)
	}
	for _, c := range clients {
		for inv := range c.Invoices.All() {
			if !s.found || inv.Issue < s.first {
				s.first, s.found = inv.Issue, true
			}
			seen(inv.Issue)
			for p := range c.Payments(inv) {
				seen(p.Date)
			}
		}
	}
	return s
}

// join adds the dates of other clients.
func (s *datesSeen) join(o datesSeen) {
	if o.found && (!s.found || o.first < s.first) {
		s.first, s.found = o.first, true
	}
	if o.ok && (!s.ok || o.latest > s.latest) {
		s.latest, s.ok = o.latest, true
	}
	s.any = max(s.any, o.any)
}

// Compute computes every figure of the report.
func Compute(l *ledger.Ledger, p Params) *Result {
	facts := scanInvoices(l, p.AsOf)
	pf := &portfolio{l: l, p: p, sales: facts.sales, salesFrom: facts.first, snapshots: map[civil.Date]*snapshot{}}
	if l.OpenOnly {
		// An open-item list holds no sales: only a sales table gives them.
		pf.noSales = len(l.Sales) == 0
		if !pf.noSales {
			pf.sales, pf.salesFrom = monthlySalesIndex(l.Sales)
		}
	}
	res := &Result{Params: p, Currency: l.Currency, OpenOnly: l.OpenOnly, HaveActivity: l.HaveActivity, PreviousEnd: p.AsOf.MonthStart() - 1}
	res.Ignored = facts.ignored
	if l.OpenOnly {
		computeOpenOnly(res, l, pf)
		return res
	}
	ends := trendEnds(p.AsOf, p.Months)
	yearAgo := p.AsOf.AddMonths(-12)
	if p.AsOf.IsMonthEnd() {
		yearAgo = yearAgo.MonthEnd()
	}
	var dates []civil.Date
	for _, e := range append(ends, res.PreviousEnd, yearAgo) {
		dates = append(dates, e, e.MonthStart()-1)
	}
	pf.prepare(dates)
	for _, e := range ends {
		res.Months = append(res.Months, pf.point(e))
	}
	prevEnd := res.PreviousEnd
	prev := pf.point(prevEnd)
	res.Previous = &prev
	d := Diff(res.Now(), prev)
	res.VsPrevious = &d
	if facts.first <= yearAgo {
		pt := pf.point(yearAgo)
		res.YearAgo = &pt
		d := Diff(res.Now(), pt)
		res.VsYearAgo = &d
	}

	now := res.Now()
	// Each client is evaluated in its place, and of its evaluation at the
	// previous month end only the flags are kept: a result is large, and
	// moving 200,000 pairs of them cost more than evaluating them.
	results := fresh.Slice[ClientResult](len(l.Clients))
	type earlier struct {
		flags  []Flag
		active bool
	}
	before := make([]earlier, len(l.Clients))
	eachParallel(len(l.Clients), func(i int) {
		c, r := l.Clients[i], &results[i]
		*r = evaluateClient(c, p.AsOf, p, now.AR, true, now.NoDSO != "")
		b := evaluateClient(c, prevEnd, p, prev.AR, true, prev.NoDSO != "")
		before[i] = earlier{b.Flags, b.Active}
		if r.Active && len(r.Flags) > 0 {
			addDetail(r, ends, p.AsOf) // series and overdue list: for flagged clients
		}
	})
	// The forecast and the portfolio's contributors and concentration
	// need the ledger, not the clients' results: they are worked out
	// beside the results' ordering, which runs on one core.
	var projection Forecast
	var contributions []Contribution
	var conc ConcentrationResult
	beside := make(chan struct{})
	nowSnap, prevSnap := pf.snapshot(p.AsOf), pf.snapshot(prevEnd)
	go func() {
		defer close(beside)
		projection = forecast(l, p)
		contributions = contributors(l, nowSnap, prevSnap, now)
		conc = concentration(l, nowSnap)
	}()
	active := results[:0] // the active ones, moved up in place
	for i, c := range l.Clients {
		r, b := &results[i], before[i]
		if !r.Active && !b.active {
			continue
		}
		res.Changes.Raised = append(res.Changes.Raised, flagDiff(c, r.Flags, b.flags)...)
		res.Changes.Cleared = append(res.Changes.Cleared, flagDiff(c, b.flags, r.Flags)...)
		if r.Active {
			active = append(active, *r)
		}
	}
	if len(active) > 0 {
		res.Clients = active
	}
	res.Clients = sortedClients(res.Clients)
	res.Debtors = debtors(res.Clients, len(p.Buckets)+2)
	res.Worklist = worklist(res.Clients, p.AsOf, p)
	<-beside
	res.Forecast, res.Changes.Contributors, res.Concentration = projection, contributions, conc
	return res
}

// computeOpenOnly fills what an open-item list allows: the portfolio and
// the clients at the as-of date, with the flags that need no payment
// history. CEI needs the balance a month earlier, which such a list does
// not have.
func computeOpenOnly(res *Result, l *ledger.Ledger, pf *portfolio) {
	p := res.Params
	pt := pf.point(p.AsOf)
	pt.CEI = nil
	res.Months = []Point{pt}
	for _, c := range l.Clients {
		r := evaluateClient(c, p.AsOf, p, pt.AR, false, true)
		if r.Active {
			if len(r.Flags) > 0 {
				addDetail(&r, []civil.Date{p.AsOf}, p.AsOf)
			}
			res.Clients = append(res.Clients, r)
		}
	}
	res.Clients = sortedClients(res.Clients)
	res.Debtors = debtors(res.Clients, len(p.Buckets)+2)
	res.Worklist = worklist(res.Clients, p.AsOf, p)
	res.Forecast = forecast(l, p)
	res.Concentration = concentration(l, pf.snapshot(p.AsOf))
}

// sortedClients returns the clients ordered by score, then overdue, then
// id. It sorts positions and moves each result once, into a new list
// (list is left as it was): a result is large, too large to move at every
// step of a sort, or twice.
func sortedClients(list []ClientResult) []ClientResult {
	if len(list) == 0 {
		return list
	}
	order := make([]int, len(list))
	for i := range order {
		order[i] = i
	}
	order = parallel.SortFunc(order, func(i, j int) int { // ids are unique: a total order
		a, b := &list[i], &list[j]
		switch {
		case a.Score != b.Score:
			return cmp.Compare(b.Score, a.Score)
		case a.Overdue != b.Overdue:
			return cmp.Compare(b.Overdue, a.Overdue)
		}
		return strings.Compare(a.Client.ID, b.Client.ID)
	})
	// Written before it is read (the copies' write barriers read what
	// they replace): see fresh.
	sorted := fresh.Slice[ClientResult](len(list))
	eachParallel(len(order), func(k int) { sorted[k] = list[order[k]] }) // 336 bytes each: 73 MB at ten million invoices
	return sorted
}

// eachParallel calls fn for 0..n-1, spread over the cores; fn must only
// touch what belongs to its index.
func eachParallel(n int, fn func(i int)) {
	parallel.Ranges(n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			fn(i)
		}
	})
}

// trendEnds returns the month ends of the trend, oldest first, the last
// being asOf itself.
func trendEnds(asOf civil.Date, months int) []civil.Date {
	m := civil.MonthOf(asOf)
	ends := make([]civil.Date, 0, months)
	for k := months - 1; k >= 1; k-- {
		ends = append(ends, (m - civil.Month(k)).Last())
	}
	return append(ends, asOf)
}

// maxIgnoredNamed bounds the transactions after as-of that are named.
const maxIgnoredNamed = 20

// flagDiff lists the flags in a that are not in b.
func flagDiff(c *ledger.Client, a, b []Flag) []FlagChange {
	var out []FlagChange
	for _, f := range a {
		found := false
		for _, g := range b {
			found = found || g.ID == f.ID
		}
		if !found {
			out = append(out, FlagChange{Client: c, Flag: f.ID})
		}
	}
	return out
}

func contributors(l *ledger.Ledger, now, then *snapshot, pt Point) []Contribution {
	if pt.WindowSales <= 0 {
		return nil
	}
	// The first topContributors in an order that is total (client ids are
	// unique), kept in order as the clients pass: sorting all of them
	// (217,000 at ten million invoices) cost 0.15 s on one core.
	var top []Contribution
	for i, c := range l.Clients {
		a, b := now.clientOpen[i], then.clientOpen[i]
		if a == b {
			continue
		}
		days := float64(a-b) / float64(pt.WindowSales) * float64(pt.WindowDays)
		top = keepFirst(top, Contribution{Client: c, OpenNow: a, OpenThen: b, Days: days}, topContributors, contributionOrder)
	}
	return top
}

// contributionOrder puts the largest change in days first, then by id.
func contributionOrder(a, b Contribution) int {
	if c := cmp.Compare(abs(b.Days), abs(a.Days)); c != 0 {
		return c
	}
	return strings.Compare(a.Client.ID, b.Client.ID)
}

// keepFirst adds v to first, the first n of the values seen so far in the
// total order cmp, in that order.
func keepFirst[T any](first []T, v T, n int, cmp func(a, b T) int) []T {
	if n == 0 || len(first) == n && cmp(v, first[n-1]) >= 0 {
		return first
	}
	k, _ := slices.BinarySearchFunc(first, v, cmp)
	if len(first) < n {
		first = append(first, v)
	}
	copy(first[k+1:], first[k:len(first)-1])
	first[k] = v
	return first
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func concentration(l *ledger.Ledger, s *snapshot) ConcentrationResult {
	var res ConcentrationResult
	var rows []ShareRow
	for i, c := range l.Clients {
		if open := s.clientOpen[i]; open > 0 {
			rows = append(rows, ShareRow{Client: c, Open: open})
		}
	}
	res.Positive = len(rows)
	if s.ar <= 0 {
		return res
	}
	slices.SortFunc(rows, func(a, b ShareRow) int {
		if c := cmp.Compare(b.Open, a.Open); c != 0 {
			return c
		}
		return strings.Compare(a.Client.ID, b.Client.ID)
	})
	cum := 0.0
	for i := range rows {
		rows[i].Share = float64(rows[i].Open) / float64(s.ar)
		cum += rows[i].Share
		rows[i].Cumulative = cum
		res.HHI += rows[i].Share * 100 * rows[i].Share * 100
	}
	res.Top = rows[:min(len(rows), topConcentration)]
	return res
}

// Delta is the change of the key figures between two points: now minus
// then. A figure undefined at either point has a nil delta.
type Delta struct {
	AR                                            money.Cents
	OverdueShare, DSO, Countback, BPDSO, ADD, CEI *float64
}

// Diff returns now minus then for every key figure.
func Diff(now, then Point) Delta {
	return Delta{
		AR:           now.AR - then.AR,
		OverdueShare: sub(now.OverdueShare, then.OverdueShare),
		DSO:          sub(now.DSO, then.DSO),
		Countback:    sub(now.Countback, then.Countback),
		BPDSO:        sub(now.BPDSO, then.BPDSO),
		ADD:          sub(now.ADD, then.ADD),
		CEI:          sub(now.CEI, then.CEI),
	}
}

func sub(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	d := *a - *b
	return &d
}

// invoiceFacts is what Compute takes from one pass over every invoice.
type invoiceFacts struct {
	sales   salesIndex // invoiced per issue date
	first   civil.Date // the earliest issue date; 0 without invoices
	ignored Ignored    // what is dated after as-of
}

// scanInvoices reads every invoice once, the clients split over the
// cores, for the sales per issue date, the earliest issue date and what is
// dated after asOf. Each worker keeps its share (integer sums; the named
// items are the first of each share, taken in client order, as one pass
// in order would take them); TestInvoiceFactsAcrossCores holds it to the
// plain passes (newSalesIndex, ignoredAfter and earliestIssue in
// compute_test.go).
func scanInvoices(l *ledger.Ledger, asOf civil.Date) invoiceFacts {
	type share struct {
		perDate map[civil.Date]money.Cents
		first   civil.Date
		found   bool
		ignored Ignored
	}
	shares := make([]share, parallel.Workers(len(l.Clients)))
	parallel.Ranges(len(l.Clients), func(w, lo, hi int) {
		sh := share{perDate: map[civil.Date]money.Cents{}}
		ig := &sh.ignored
		for _, c := range l.Clients[lo:hi] {
			for inv := range c.Invoices.All() {
				sh.perDate[inv.Issue] += inv.Amount
				if !sh.found || inv.Issue < sh.first {
					sh.first, sh.found = inv.Issue, true
				}
				if inv.Issue > asOf {
					ig.Invoices++
					ig.InvoiceAmount += inv.Amount
					if len(ig.InvoiceItems) < maxIgnoredNamed {
						ig.InvoiceItems = append(ig.InvoiceItems, IgnoredItem{Client: c, Invoice: c.InvoiceNo(inv), Date: inv.Issue, Amount: inv.Amount})
					}
				}
				for p := range c.Payments(inv) {
					if p.Date > asOf {
						ig.Payments++
						ig.PaymentAmount += p.Amount
						if len(ig.PaymentItems) < maxIgnoredNamed {
							ig.PaymentItems = append(ig.PaymentItems, IgnoredItem{Client: c, Invoice: c.InvoiceNo(inv), Date: p.Date, Amount: p.Amount})
						}
					}
				}
			}
		}
		shares[w] = sh
	})
	var f invoiceFacts
	perDate := map[civil.Date]money.Cents{}
	found := false
	ig := &f.ignored
	for _, sh := range shares {
		for d, v := range sh.perDate {
			perDate[d] += v
		}
		if sh.found && (!found || sh.first < f.first) {
			f.first, found = sh.first, true
		}
		ig.Invoices += sh.ignored.Invoices
		ig.InvoiceAmount += sh.ignored.InvoiceAmount
		ig.Payments += sh.ignored.Payments
		ig.PaymentAmount += sh.ignored.PaymentAmount
		for _, it := range sh.ignored.InvoiceItems {
			if len(ig.InvoiceItems) < maxIgnoredNamed {
				ig.InvoiceItems = append(ig.InvoiceItems, it)
			}
		}
		for _, it := range sh.ignored.PaymentItems {
			if len(ig.PaymentItems) < maxIgnoredNamed {
				ig.PaymentItems = append(ig.PaymentItems, it)
			}
		}
	}
	f.sales = salesIndexOf(perDate)
	slices.SortFunc(ig.InvoiceItems, ignoredOrder)
	slices.SortFunc(ig.PaymentItems, ignoredOrder)
	return f
}

// ignoredOrder lists what is dated after as-of by date, then number.
func ignoredOrder(a, b IgnoredItem) int {
	if a.Date != b.Date {
		return cmp.Compare(a.Date, b.Date)
	}
	return strings.Compare(a.Invoice, b.Invoice)
}
