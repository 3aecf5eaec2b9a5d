package metrics

import (
	"runtime"
	"sort"
	"sync"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
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
	// Countback is the countback DSO; CountbackCapped says the 24-month
	// limit was reached with receivables left, so the true value is higher.
	Countback       float64
	CountbackCapped bool
}

// countbackMonths is how far back countback DSO looks.
const countbackMonths = 24

// salesIndex answers "how much was invoiced between two dates" in
// O(log n): invoice amounts by issue date with running totals.
type salesIndex struct {
	dates []civil.Date
	cum   []money.Cents // cum[i] = sum of amounts of entries 0..i
}

func newSalesIndex(invoices []*ledger.Invoice) salesIndex {
	sorted := make([]*ledger.Invoice, len(invoices))
	copy(sorted, invoices)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Issue < sorted[j].Issue })
	idx := salesIndex{dates: make([]civil.Date, len(sorted)), cum: make([]money.Cents, len(sorted))}
	var sum money.Cents
	for i, inv := range sorted {
		sum += inv.Amount
		idx.dates[i], idx.cum[i] = inv.Issue, sum
	}
	return idx
}

// upTo returns the amount invoiced on or before t.
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
	clientOpen           map[*ledger.Client]money.Cents
}

// takeSnapshot computes the open balances of every invoice at t.
func takeSnapshot(l *ledger.Ledger, t civil.Date, edges []int) *snapshot {
	s := &snapshot{aging: make([]money.Cents, len(edges)+2), clientOpen: make(map[*ledger.Client]money.Cents, len(l.Clients))}
	for _, c := range l.Clients {
		var open money.Cents
		for _, inv := range c.Invoices {
			if inv.Issue > t {
				break // invoices are sorted by issue date
			}
			o := inv.OpenAt(t)
			if o == 0 {
				continue
			}
			open += o
			dpd := int(t - inv.Due)
			if dpd > 0 {
				s.overdue += o
			}
			s.aging[bucketOf(dpd, edges)] += o
		}
		s.ar += open
		s.clientOpen[c] = open
	}
	s.current = s.ar - s.overdue
	return s
}

// portfolio computes points, memoising the snapshots they share.
type portfolio struct {
	l         *ledger.Ledger
	p         Params
	sales     salesIndex
	snapshots map[civil.Date]*snapshot
}

func (pf *portfolio) snapshot(t civil.Date) *snapshot {
	if s, ok := pf.snapshots[t]; ok {
		return s
	}
	s := takeSnapshot(pf.l, t, pf.p.Buckets)
	pf.snapshots[t] = s
	return s
}

// prepare takes the snapshots at the dates, on every core: each is a pass
// over all invoices, and they do not depend on each other.
func (pf *portfolio) prepare(dates []civil.Date) {
	var todo []civil.Date
	seen := map[civil.Date]bool{}
	for _, d := range dates {
		if _, done := pf.snapshots[d]; !done && !seen[d] {
			seen[d] = true
			todo = append(todo, d)
		}
	}
	taken := make([]*snapshot, len(todo))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(todo); i += workers {
				taken[i] = takeSnapshot(pf.l, todo[i], pf.p.Buckets)
			}
		}()
	}
	wg.Wait()
	for i, d := range todo {
		pf.snapshots[d] = taken[i]
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
	pt.DSO = ratioDays(pt.AR, pt.WindowSales, days)
	pt.BPDSO = ratioDays(pt.Current, pt.WindowSales, days)
	if pt.DSO != nil {
		add := *pt.DSO - *pt.BPDSO
		pt.ADD = &add
	}
	pt.Countback, pt.CountbackCapped = countback(pt.AR, t, pf.sales)
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
