package metrics

import (
	"testing"

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
