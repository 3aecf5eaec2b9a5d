package metrics

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
)

// TestForecast: the 13 weeks, after them, doubtful and credits add up to
// AR; each invoice falls in its week by due date + ADL (the client's with
// three settled invoices, else the portfolio's); the track record
// compares the forecast made at a month end with what came in.
func TestForecast(t *testing.T) {
	// As of Tue 31 Mar 2026.
	//	A1-A3 1000.00 each, paid 10 days late: A's ADL 10.0.
	//	A4 1000.00 due 10 Apr, open: expected 20 Apr, day 20: week 3.
	//	B0  100.00 due  3 Mar, paid 20 Mar (17 days late): B has 1 settled invoice.
	//	Portfolio ADL = (3×1000×10 + 100×17) / 3100 = 31700 / 3100 = 10.2, rounded 10.
	//	B1 2000.00 due 25 Mar: expected 4 Apr, day 4: week 1.
	//	B2  500.00 due 15 Jan (75 days past due): expected 25 Jan, before as-of: week 1.
	//	C1  700.00 due  1 Dec 2025: 120 days past due: doubtful.
	//	D1 -300.00 credit note: credits to settle.
	//	E1  400.00 issued 2 Mar, due 30 Sep 2026: expected 10 Oct, day 193: after 13 weeks.
	// AR 4300.00 = week 1 2500.00 + week 3 1000.00 + after 400.00 + doubtful 700.00 + credits -300.00.
	invs := []inv{
		{"A1", "A", "2025-12-01", "2025-12-31", 100000, "2026-01-10", 100000, false},
		{"A2", "A", "2026-01-01", "2026-01-31", 100000, "2026-02-10", 100000, false},
		{"A3", "A", "2026-02-01", "2026-03-03", 100000, "2026-03-13", 100000, false},
		{"A4", "A", "2026-03-11", "2026-04-10", 100000, "", 0, false},
		{"B0", "B", "2026-02-01", "2026-03-03", 10000, "2026-03-20", 10000, false},
		{"B1", "B", "2026-02-23", "2026-03-25", 200000, "", 0, false},
		{"B2", "B", "2025-12-16", "2026-01-15", 50000, "", 0, false},
		{"C1", "C", "2025-11-01", "2025-12-01", 70000, "", 0, false},
		{"D1", "D", "2026-03-05", "", -30000, "", 0, false},
		{"E1", "E", "2026-03-02", "2026-09-30", 40000, "", 0, false},
	}
	res := Compute(build(t, invs, nil, nil), params("2026-03-31"))
	f := res.Forecast
	want := map[int]money.Cents{1: 250000, 3: 100000}
	var sum money.Cents
	for k, w := range f.Weeks {
		if w.Amount != want[k+1] {
			t.Errorf("week %d (%s to %s) = %v; want %v", k+1, w.Start, w.End, w.Amount, want[k+1])
		}
		sum += w.Amount
	}
	if f.Weeks[0].Start != d("2026-04-01") || f.Weeks[0].End != d("2026-04-07") || f.Weeks[12].End != d("2026-06-30") {
		t.Errorf("weeks run %s to %s; want 1 Apr to 30 Jun", f.Weeks[0].Start, f.Weeks[12].End)
	}
	if f.AfterWeeks != 40000 || f.Doubtful != 70000 || f.Credits != -30000 || !near(&f.PortfolioADL, 10.2) {
		t.Errorf("after %v, doubtful %v, credits %v, portfolio ADL %v; want 400.00, 700.00, -300.00, 10.2", f.AfterWeeks, f.Doubtful, f.Credits, f.PortfolioADL)
	}
	if total := sum + f.AfterWeeks + f.Doubtful + f.Credits; total != res.Now().AR {
		t.Errorf("forecast adds up to %v; AR is %v", total, res.Now().AR)
	}
	// At 28 Feb: A3 (A has 2 settled: the portfolio ADL, 10) is expected
	// 13 Mar: forecast 1000.00. B had paid nothing by then and B2 was past
	// due: B had stopped paying, so B0 was doubtful; C1 too. What came in
	// on the invoices open then: A3 on 13 Mar and B0 on 20 Mar, 1100.00.
	// Error = |1000 - 1100| / 1100 = 0.0909.
	if len(f.Track) != 6 || f.Track[5].End != d("2026-02-28") {
		t.Fatalf("track record %+v", f.Track)
	}
	feb := f.Track[5]
	if feb.Forecast != 100000 || feb.Actual != 110000 || feb.Error == nil || *feb.Error < 0.0909 || *feb.Error > 0.091 {
		t.Errorf("28 Feb: forecast %v, actual %v, error %v; want 1000.00, 1100.00, 0.0909", feb.Forecast, feb.Actual, deref(feb.Error))
	}
}

// TestForecastBoundaries: the edges of metrics.md's forecast rules, as of
// Tue 31 Mar 2026.
//
//	Settled: P1 1300.00 5 days late; T1-T3 100.00 each 20 days late (T
//	has 3: its own ADL 20); U1-U2 100.00 each 20 days late (U has 2: the
//	portfolio's); X0 and Y0 100.00 on time (a payment on 20 Mar, so
//	neither has stopped paying).
//	Portfolio ADL = (1300×5 + 500×20 + 200×0) / 2000 = 16500 / 2000 = 8.25, round 8.
//	X1 1000.00 due 31 Dec 2025: 90 days past due, not doubtful; E = 8 Jan <= as-of: week 1.
//	Y1 2000.00 due 30 Dec 2025: 91 days past due: doubtful.
//	X2  300.00 due 23 Mar: E = 31 Mar = as-of: week 1.
//	X3   50.00 due 30 Mar: E = 7 Apr, the last day of week 1.
//	X4   70.00 due 31 Mar: E = 8 Apr, the first day of week 2.
//	T4  500.00 due  1 Apr: T's ADL 20, E = 21 Apr: week 3.
//	U3  600.00 due  1 Apr: the portfolio's 8, E = 9 Apr: week 2.
//	Week 1 1350.00, week 2 670.00, week 3 500.00, doubtful 2000.00: AR 4520.00.
func TestForecastBoundaries(t *testing.T) {
	invs := []inv{
		{"P1", "P", "2026-01-30", "2026-03-01", 130000, "2026-03-06", 130000, false},
		{"T1", "T", "2026-01-02", "2026-02-01", 10000, "2026-02-21", 10000, false},
		{"T2", "T", "2026-01-02", "2026-02-01", 10000, "2026-02-21", 10000, false},
		{"T3", "T", "2026-01-02", "2026-02-01", 10000, "2026-02-21", 10000, false},
		{"U1", "U", "2026-01-02", "2026-02-01", 10000, "2026-02-21", 10000, false},
		{"U2", "U", "2026-01-02", "2026-02-01", 10000, "2026-02-21", 10000, false},
		{"X0", "X", "2026-02-18", "2026-03-20", 10000, "2026-03-20", 10000, false},
		{"Y0", "Y", "2026-02-18", "2026-03-20", 10000, "2026-03-20", 10000, false},
		{"X1", "X", "2025-12-01", "2025-12-31", 100000, "", 0, false},
		{"Y1", "Y", "2025-11-30", "2025-12-30", 200000, "", 0, false},
		{"X2", "X", "2026-02-21", "2026-03-23", 30000, "", 0, false},
		{"X3", "X", "2026-02-28", "2026-03-30", 5000, "", 0, false},
		{"X4", "X", "2026-03-01", "2026-03-31", 7000, "", 0, false},
		{"T4", "T", "2026-03-02", "2026-04-01", 50000, "", 0, false},
		{"U3", "U", "2026-03-02", "2026-04-01", 60000, "", 0, false},
	}
	res := Compute(build(t, invs, nil, nil), params("2026-03-31"))
	f := res.Forecast
	want := map[int]money.Cents{1: 135000, 2: 67000, 3: 50000}
	var sum money.Cents
	for k, w := range f.Weeks {
		if w.Amount != want[k+1] {
			t.Errorf("week %d (%s to %s) = %v; want %v", k+1, w.Start, w.End, w.Amount, want[k+1])
		}
		sum += w.Amount
	}
	if f.Doubtful != 200000 || f.AfterWeeks != 0 || f.Credits != 0 || !near(&f.PortfolioADL, 8.25) {
		t.Errorf("doubtful %v, after %v, credits %v, portfolio ADL %v; want 2000.00, 0, 0, 8.25", f.Doubtful, f.AfterWeeks, f.Credits, f.PortfolioADL)
	}
	if total := sum + f.AfterWeeks + f.Doubtful + f.Credits; total != res.Now().AR || total != 452000 {
		t.Errorf("forecast adds up to %v; AR is %v, by hand 4520.00", total, res.Now().AR)
	}
}

// The plain way, one date at a time (the code expectAt replaced): the
// reference of TestForecastAcrossDates.

// expect finds, at t, when each open positive invoice is expected to be
// paid, using only what was known at t, and hands each to visit; credits
// are open balances below 0.
func expect(l *ledger.Ledger, t civil.Date, p Params, visit func(expectation)) (credits money.Cents, portfolioADL float64) {
	from := lookbackStart(t, p.Lookback)
	var all settledStats
	stats := make([]settledStats, len(l.Clients))
	for i, c := range l.Clients {
		stats[i] = settledIn(c, from, t)
		all.merge(stats[i])
	}
	if all.n > 0 && all.weight > 0 {
		portfolioADL = all.adl()
	}
	for i, c := range l.Clients {
		adl := portfolioADL
		if s := stats[i]; s.n >= forecastMinSettled && s.weight > 0 {
			adl = s.adl()
		}
		stopped, _ := stoppedPaying(c, t, overdueAt(c, t), p.Rules)
		credits += eachExpectation(c, t, int(roundHalfAway(adl)), stopped, p.Rules.SevereDays, visit)
	}
	return credits, portfolioADL
}

// forecast makes the 13-week forecast at as-of and its track record.

// plainForecast is forecast worked out one date at a time.
func plainForecast(l *ledger.Ledger, p Params) Forecast {
	t := p.AsOf
	f := Forecast{Track: make([]TrackPoint, trackMonths)}
	for m := trackMonths; m >= 1; m-- {
		f.Track[trackMonths-m] = trackPoint(l, (civil.MonthOf(t) - civil.Month(m)).Last(), p)
	}
	for k := 1; k <= forecastWeeks; k++ {
		f.Weeks = append(f.Weeks, ForecastWeek{Start: t.AddDays(7*(k-1) + 1), End: t.AddDays(7 * k)})
	}
	f.Credits, f.PortfolioADL = expect(l, t, p, func(e expectation) {
		switch week := (int(e.expected-t) + 6) / 7; {
		case e.doubtful:
			f.Doubtful += e.open
		case week <= forecastWeeks:
			f.Weeks[week-1].Amount += e.open
		default:
			f.AfterWeeks += e.open
		}
	})
	f.MeanError = meanError(f.Track)
	return f
}

// trackPoint compares the forecast made at t for (t, t+28] with the
// receipts then on the invoices open at t, each capped at its open amount.
func trackPoint(l *ledger.Ledger, t civil.Date, p Params) TrackPoint {
	until := t.AddDays(trackDays)
	pt := TrackPoint{End: t}
	expect(l, t, p, func(e expectation) {
		if !e.doubtful && e.expected <= until {
			pt.Forecast += e.open
		}
		var got money.Cents
		for pay := range e.client.Payments(e.inv) {
			if pay.Date > t && pay.Date <= until {
				got += pay.Amount
			}
		}
		pt.Actual += min(max(got, 0), e.open)
	})
	pt.Error = trackError(pt.Forecast, pt.Actual)
	return pt
}

// TestForecastAcrossDates holds the forecast worked out for all its dates
// in two passes, the clients split over the cores, to the plain way, one
// date at a time: weeks, doubtful, credits, the portfolio ADL and the
// track record, on 3,000 clients (several workers; make test runs it
// under -race) paying early, late, in parts and never, with credit notes,
// at as-of dates across the year.
func TestForecastAcrossDates(t *testing.T) {
	var invs []inv
	for i := range 18000 {
		issue := civil.New(2025, 6, 1).AddDays(i % 480)
		v := inv{no: fmt.Sprint("F", i), client: fmt.Sprint("C", i%3000), issue: issue.String(),
			due: issue.AddDays(14 + i%45).String(), amount: money.Cents(1000 + 7*i)}
		switch {
		case i%7 == 0: // open
		case i%5 == 0: // paid in part
			v.paid, v.paidAmt = issue.AddDays(20+i%70).String(), v.amount/2
		default:
			v.paid = issue.AddDays(5 + i%120).String()
		}
		if i%13 == 0 {
			v.amount = -v.amount // a credit note
		}
		if i%3000 < 40 && issue > civil.New(2026, 4, 1) {
			v.paid = "" // clients that stopped paying
		}
		invs = append(invs, v)
	}
	l := build(t, invs, nil, nil)
	for _, asOf := range []string{"2025-07-15", "2026-01-31", "2026-06-30", "2026-09-30", "2026-12-31"} {
		p := params(asOf)
		got, want := forecast(l, p), plainForecast(l, p)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("as of %s:\n got %+v\nwant %+v", asOf, got, want)
		}
		if want.Track[5].Actual == 0 || want.Doubtful == 0 || want.Credits == 0 {
			t.Errorf("as of %s: the ledger does not reach every case: %+v", asOf, want)
		}
	}
}
