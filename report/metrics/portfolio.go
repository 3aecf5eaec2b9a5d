package metrics

import (
	"cmp"
	"slices"
	"sort"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/parallel"
)

// Point is the portfolio at one date (a month end, or the as-of date).
type Point struct {
	End         civil.Date
	AR          money.Cents
	Current     money.Cents // not past due
	Overdue     money.Cents // past due (net of credit notes past due)
	Sales       money.Cents // invoiced in End's month, up to End
	WindowSales money.Cents // S_W: invoiced in the DSO window
	WindowDays  int         // N_W: days in the DSO window
	Aging       []money.Cents
	// AgingShare is each bucket's share of AR; nil when AR is not positive.
	AgingShare []float64
	// DSO, BPDSO and ADD are nil when the window's sales are not positive;
	// CEI is nil when its denominator is not positive.
	DSO, BPDSO, ADD, CEI *float64
	// OverdueShare is Overdue / AR; nil when AR is not positive.
	OverdueShare *float64
	// Countback is the countback DSO (nil where the DSO family is not
	// computed); CountbackCapped says the 24-month limit was reached with
	// receivables left, so the true value is higher.
	Countback       *float64
	CountbackCapped bool
	// NoDSO says why the DSO family (DSO, countback DSO, BPDSO, ADD) is
	// not computed at this point; empty when it is.
	NoDSO NoDSOReason
}

// NoDSOReason says why the DSO family is not computed.
type NoDSOReason string

// The reasons.
const (
	// ShortHistory: the data begins after the first month of the DSO
	// window, so the window's sales are incomplete (a file of last
	// month's unpaid invoices would show a DSO equal to the window).
	ShortHistory NoDSOReason = "short_history"
	// NoSales: an open-item list holds no sales, and no sales table was
	// given.
	NoSales NoDSOReason = "no_sales"
)

// countbackMonths is how far back countback DSO looks.
const countbackMonths = 24

// salesIndex answers "how much was invoiced between two dates" in
// O(log d), d being the number of distinct issue dates: the total invoiced
// on each date, with running totals.
type salesIndex struct {
	dates []civil.Date  // distinct issue dates, ascending
	cum   []money.Cents // cum[i] = invoiced on or before dates[i]
}

// salesIndexOf indexes the totals invoiced per issue date. Invoices share
// a few thousand dates, so totals per date are cheaper than sorting
// millions of invoices.
func salesIndexOf(perDate map[civil.Date]money.Cents) salesIndex {
	idx := salesIndex{dates: make([]civil.Date, 0, len(perDate))}
	for d := range perDate {
		idx.dates = append(idx.dates, d)
	}
	slices.Sort(idx.dates)
	idx.cum = make([]money.Cents, len(idx.dates))
	var sum money.Cents
	for i, d := range idx.dates {
		sum += perDate[d]
		idx.cum[i] = sum
	}
	return idx
}

// upTo returns the amount invoiced on or before t.
// monthlySalesIndex indexes a sales table: each month's sales on its
// first day. from is the first day of the first month.
func monthlySalesIndex(months []ledger.MonthSales) (idx salesIndex, from civil.Date) {
	var total money.Cents
	for _, m := range months {
		total += m.Amount
		idx.dates = append(idx.dates, m.Month.First())
		idx.cum = append(idx.cum, total)
	}
	if len(months) > 0 {
		from = months[0].Month.First()
	}
	return idx, from
}

func (s salesIndex) upTo(t civil.Date) money.Cents {
	n := sort.Search(len(s.dates), func(i int) bool { return s.dates[i] > t })
	if n == 0 {
		return 0
	}
	return s.cum[n-1]
}

// between returns the amount invoiced in [from, to].
func (s salesIndex) between(from, to civil.Date) money.Cents {
	return s.upTo(to) - s.upTo(from-1)
}

// dsoWindow returns the first day of the W-month window ending at t and the
// number of days from it to t.
func dsoWindow(t civil.Date, w int) (civil.Date, int) {
	first := (civil.MonthOf(t) - civil.Month(w-1)).First()
	return first, int(t-first) + 1
}

// ratioDays is amount / sales * days, nil when sales are not positive.
func ratioDays(amount, sales money.Cents, days int) *float64 {
	if sales <= 0 {
		return nil
	}
	v := float64(amount) / float64(sales) * float64(days)
	return &v
}

// countback runs the exhaustion method: walk back month by month from t,
// using up the receivables against each month's sales.
func countback(ar money.Cents, t civil.Date, sales salesIndex) (float64, bool) {
	if ar <= 0 {
		return 0, false
	}
	r, d := ar, 0.0
	m := civil.MonthOf(t)
	for k := 0; k < countbackMonths; k, m = k+1, m-1 {
		end := m.Last()
		if k == 0 {
			end = t
		}
		days := float64(end-m.First()) + 1
		s := sales.between(m.First(), end)
		switch {
		case s <= 0:
			d += days
		case r >= s:
			r -= s
			d += days
		default:
			return d + float64(r)/float64(s)*days, false
		}
		if r <= 0 {
			return d, false
		}
	}
	return d, true
}

// snapshot holds the open balances at one date, for the portfolio and per
// client.
type snapshot struct {
	ar, current, overdue money.Cents
	aging                []money.Cents
	clientOpen           []money.Cents // by the client's index in the ledger
}

// takeSnapshots computes the open balances of every invoice at each of the
// dates in one pass over the invoices, the clients split over the cores:
// reading each invoice once for all dates costs far less memory traffic
// than a pass per date.
func takeSnapshots(l *ledger.Ledger, dates []civil.Date, edges []int) []*snapshot {
	shots := make([]*snapshot, len(dates))
	for i := range shots {
		shots[i] = &snapshot{aging: make([]money.Cents, len(edges)+2), clientOpen: make([]money.Cents, len(l.Clients))}
	}
	// The dates in order (byDate[k] is the index of the k-th earliest):
	// an invoice is open at the dates from its issue on, and from its
	// steady day on its balance no longer changes.
	byDate := make([]int, len(dates))
	for i := range byDate {
		byDate[i] = i
	}
	slices.SortStableFunc(byDate, func(a, b int) int { return cmp.Compare(dates[a], dates[b]) })
	partial := make([][]snapshot, parallel.Workers(len(l.Clients))) // each worker's portfolio totals
	parallel.Ranges(len(l.Clients), func(w, lo, hi int) {
		sums := make([]snapshot, len(dates))
		for i := range sums {
			sums[i].aging = make([]money.Cents, len(edges)+2)
		}
		for ci := lo; ci < hi; ci++ {
			c := l.Clients[ci]
			from := 0 // the first date on or after the issue
			for inv := range c.Invoices.All() {
				if from > 0 && dates[byDate[from-1]] >= inv.Issue {
					from = 0 // not in issue order after all (the ledger's are)
				}
				for from < len(byDate) && dates[byDate[from]] < inv.Issue {
					from++
				}
				// Most invoices were paid long before most of the dates:
				// their balance there is the steady one, most often 0.
				steadyDay, steady := c.SteadyFrom(inv)
				for _, i := range byDate[from:] {
					t := dates[i]
					var o money.Cents
					if t >= steadyDay {
						if steady == 0 {
							break // and at every later date
						}
						o = steady
					} else {
						o = c.OpenAt(inv, t)
					}
					if o == 0 {
						continue
					}
					shots[i].clientOpen[ci] += o
					sums[i].ar += o
					dpd := int(t - inv.Due)
					if dpd > 0 {
						sums[i].overdue += o
					}
					sums[i].aging[bucketOf(dpd, edges)] += o
				}
			}
		}
		partial[w] = sums
	})
	for i, s := range shots {
		for _, sums := range partial {
			s.ar += sums[i].ar
			s.overdue += sums[i].overdue
			for b, v := range sums[i].aging {
				s.aging[b] += v
			}
		}
		s.current = s.ar - s.overdue
	}
	return shots
}

// portfolio computes points, memoising the snapshots they share.
type portfolio struct {
	l         *ledger.Ledger
	p         Params
	sales     salesIndex
	snapshots map[civil.Date]*snapshot
	// salesFrom is the first day the sales are known from: the first
	// invoice's month, or the sales table's first month.
	salesFrom civil.Date
	noSales   bool // an open-item list without a sales table
}

// noDSO says why the DSO family cannot be computed for a window that
// begins on first.
func (pf *portfolio) noDSO(first civil.Date) NoDSOReason {
	switch {
	case pf.noSales:
		return NoSales
	case pf.salesFrom.MonthStart() > first:
		return ShortHistory
	}
	return ""
}

func (pf *portfolio) snapshot(t civil.Date) *snapshot {
	if s, ok := pf.snapshots[t]; ok {
		return s
	}
	s := takeSnapshots(pf.l, []civil.Date{t}, pf.p.Buckets)[0]
	pf.snapshots[t] = s
	return s
}

// prepare takes the snapshots at the dates in one pass.
func (pf *portfolio) prepare(dates []civil.Date) {
	var todo []civil.Date
	for _, d := range dates {
		if _, done := pf.snapshots[d]; !done && !slices.Contains(todo, d) {
			todo = append(todo, d)
		}
	}
	for i, s := range takeSnapshots(pf.l, todo, pf.p.Buckets) {
		pf.snapshots[todo[i]] = s
	}
}

// point computes every portfolio figure at t.
func (pf *portfolio) point(t civil.Date) Point {
	s := pf.snapshot(t)
	first, days := dsoWindow(t, pf.p.DSOWindow)
	pt := Point{
		End: t, AR: s.ar, Current: s.current, Overdue: s.overdue,
		Sales:       pf.sales.between(t.MonthStart(), t),
		WindowSales: pf.sales.between(first, t),
		WindowDays:  days,
		Aging:       s.aging,
	}
	pt.NoDSO = pf.noDSO(first)
	if pt.NoDSO == "" {
		pt.DSO = ratioDays(pt.AR, pt.WindowSales, days)
		pt.BPDSO = ratioDays(pt.Current, pt.WindowSales, days)
		if pt.DSO != nil {
			add := *pt.DSO - *pt.BPDSO
			pt.ADD = &add
		}
		cb, capped := countback(pt.AR, t, pf.sales)
		pt.Countback, pt.CountbackCapped = &cb, capped
	}
	if pt.AR > 0 {
		share := float64(pt.Overdue) / float64(pt.AR)
		pt.OverdueShare = &share
		pt.AgingShare = shares(pt.Aging, pt.AR)
	}
	// CEI over t's month: what was collectible (opening AR plus the month's
	// sales) against what was collected.
	prev := pf.snapshot(t.MonthStart() - 1)
	collectible := prev.ar + pt.Sales
	if den := collectible - pt.Current; den > 0 {
		cei := float64(collectible-pt.AR) / float64(den) * 100
		pt.CEI = &cei
	}
	return pt
}

// shares divides each part by the total.
func shares(parts []money.Cents, total money.Cents) []float64 {
	out := make([]float64, len(parts))
	for i, p := range parts {
		out[i] = float64(p) / float64(total)
	}
	return out
}
