package metrics

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
)

// The worked example: as-of 2026-03-31, DSO window Jan-Mar 2026 (90 days).
//
//	A1  A  10 Jan  due 9 Feb   1000.00  paid in full 5 Feb        open 0
//	A2  A  15 Feb  due 17 Mar  2000.00  500.00 paid 10 Mar        open 1500, 14 days past due
//	B1  B  20 Mar  due 19 Apr  3000.00  unpaid                    open 3000, current
//	B2  B  25 Mar  credit note -500.00, no due date (due 25 Mar)  open -500, 6 days past due
//	C1  C   5 Nov 2025 due 5 Dec 800.00 unpaid                    open 800, 116 days past due
//
// AR 4800.00; overdue 1500 - 500 + 800 = 1800.00; current 3000.00.
// Aging: current 3000, 1-30 1000, 31-60 0, 61-90 0, 91+ 800.
// Sales: Jan 1000, Feb 2000, Mar 2500 → S_W 5500, N_W 90.
// DSO 4800/5500*90 = 78.545 → 78.5; BPDSO 3000/5500*90 = 49.09 → 49.1; ADD 29.45 → 29.5.
// Countback: Mar uses 2500 (r 2300, 31 d), Feb 2000 (r 300, 59 d), Jan 300/1000*31 = 9.3 → 68.3.
// CEI March: AR(28 Feb) = 2000 (A2) + 800 (C1) = 2800;
// (2800 + 2500 - 4800) / (2800 + 2500 - 3000) * 100 = 500/2300*100 = 21.7.
var example = []inv{
	{"A1", "A", "2026-01-10", "2026-02-09", 100000, "2026-02-05", 0, false},
	{"A2", "A", "2026-02-15", "2026-03-17", 200000, "2026-03-10", 50000, false},
	{"B1", "B", "2026-03-20", "2026-04-19", 300000, "", 0, false},
	{"B2", "B", "2026-03-25", "", -50000, "", 0, false},
	{"C1", "C", "2025-11-05", "2025-12-05", 80000, "", 0, false},
}

func TestPortfolioExample(t *testing.T) {
	res := Compute(build(t, example, nil, nil), params("2026-03-31"))
	now := res.Now()
	if now.AR != 480000 || now.Overdue != 180000 || now.Current != 300000 {
		t.Errorf("AR, overdue, current = %v, %v, %v; want 4800.00, 1800.00, 3000.00", now.AR, now.Overdue, now.Current)
	}
	wantAging := []int64{300000, 100000, 0, 0, 80000}
	for i, w := range wantAging {
		if int64(now.Aging[i]) != w {
			t.Errorf("aging[%d] = %v; want %d cents", i, now.Aging[i], w)
		}
	}
	if now.WindowSales != 550000 || now.WindowDays != 90 {
		t.Errorf("S_W, N_W = %v, %d; want 5500.00, 90", now.WindowSales, now.WindowDays)
	}
	checks := []struct {
		name string
		got  *float64
		want float64
	}{
		{"DSO", now.DSO, 78.5}, {"BPDSO", now.BPDSO, 49.1}, {"ADD", now.ADD, 29.5},
		{"countback", now.Countback, 68.3}, {"CEI", now.CEI, 21.7},
	}
	for _, c := range checks {
		if !near(c.got, c.want) {
			t.Errorf("%s = %v; want %.1f", c.name, deref(c.got), c.want)
		}
	}
	if now.CountbackCapped {
		t.Error("countback capped; want not")
	}
	if len(res.Months) != 12 || res.Months[0].End != d("2025-04-30") {
		t.Errorf("trend has %d points from %v; want 12 from 2025-04-30", len(res.Months), res.Months[0].End)
	}
}

func deref(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func TestCountbackEdges(t *testing.T) {
	tests := []struct {
		name   string
		invs   []inv
		asOf   string
		want   float64
		capped bool
		dso    bool // DSO defined
	}{
		// AR <= 0 gives 0: only a credit note is open (the paid January
		// invoice makes the history as long as the window).
		{"no receivables", []inv{{"P", "A", "2026-01-05", "", 1000, "2026-01-20", 1000, false}, {"X", "A", "2026-03-01", "", -1000, "", 0, false}}, "2026-03-31", 0, false, false},
		// Nothing invoiced in the 24 months Apr 2024..Mar 2026 (730 days): capped.
		{"capped", []inv{{"X", "A", "2023-01-15", "", 10000, "", 0, false}}, "2026-03-31", 730, true, false},
		// Mid-month as-of 15 Mar: Mar counts 15 days with sales 600 (r 1000),
		// Feb has none (+28 days), Jan's 1000 is used up exactly: 15+28+31 = 74.
		// DSO: 1600 / 1600 * (31+28+15) = 74.0. The 20 Mar invoice is after as-of.
		{"mid-month", []inv{
			{"J", "A", "2026-01-10", "2026-02-09", 100000, "", 0, false},
			{"M", "A", "2026-03-14", "2026-04-13", 60000, "", 0, false},
			{"L", "A", "2026-03-20", "2026-04-19", 70000, "", 0, false},
		}, "2026-03-15", 74, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Compute(build(t, tt.invs, nil, nil), params(tt.asOf))
			now := res.Now()
			if !near(now.Countback, tt.want) || now.CountbackCapped != tt.capped {
				t.Errorf("countback = %v (capped %v); want %v (capped %v)", now.Countback, now.CountbackCapped, tt.want, tt.capped)
			}
			if (now.DSO != nil) != tt.dso {
				t.Errorf("DSO = %v; want defined %v", deref(now.DSO), tt.dso)
			}
			if tt.dso && !near(now.DSO, tt.want) {
				t.Errorf("DSO = %v; want %v", *now.DSO, tt.want)
			}
		})
	}
}

func TestMidMonthIgnoresLaterRows(t *testing.T) {
	res := Compute(build(t, []inv{
		{"J", "A", "2026-01-10", "2026-02-09", 100000, "2026-03-20", 0, false},
		{"L", "A", "2026-03-20", "2026-04-19", 70000, "", 0, false},
	}, nil, nil), params("2026-03-15"))
	// J is paid on 20 Mar, after as-of: still open on 15 Mar (1000.00, 34 days past due).
	if now := res.Now(); now.AR != 100000 || now.Overdue != 100000 {
		t.Errorf("AR, overdue = %v, %v; want 1000.00, 1000.00", now.AR, now.Overdue)
	}
	if res.Ignored.Invoices != 1 || res.Ignored.Payments != 1 {
		t.Errorf("ignored = %+v; want 1 invoice, 1 payment", res.Ignored)
	}
}

func TestDefaultAsOf(t *testing.T) {
	tests := []struct {
		name                 string
		issue, paid, today   string
		wantAsOf, wantLatest string
	}{
		{"a month end: itself", "2026-01-05", "2026-10-31", "2026-11-30", "2026-10-31", "2026-10-31"},
		{"else the month end before", "2026-01-05", "2026-11-04", "2026-11-30", "2026-10-31", "2026-11-04"},
		{"February", "2026-01-05", "2026-03-01", "2026-11-30", "2026-02-28", "2026-03-01"},
		// A typo far in the future (a payment on 9999-12-01) does not choose
		// the as-of: the invoice date (5 Jan) is the latest date up to today,
		// and its month end before (31 Dec 2025) precedes the first invoice,
		// which would leave the report empty: 5 Jan itself.
		{"a future payment", "2026-01-05", "9999-12-01", "2026-11-30", "2026-01-05", "2026-01-05"},
		{"paid today", "2026-01-05", "2026-11-30", "2026-11-30", "2026-11-30", "2026-11-30"},
		{"paid the day after today", "2026-01-05", "2026-12-01", "2026-11-30", "2026-01-05", "2026-01-05"},
		// Everything after today: the data's own latest date.
		{"all in the future", "2062-03-10", "2062-04-02", "2026-11-30", "2062-03-31", "2062-04-02"},
		// No today (zero): no date is future.
		{"no today", "2026-01-05", "9999-12-01", "", "9999-11-30", "9999-12-01"},
	}
	for _, tt := range tests {
		l := build(t, []inv{{"X", "A", tt.issue, "", 1000, tt.paid, 0, false}}, nil, nil)
		var today civil.Date
		if tt.today != "" {
			today = d(tt.today)
		}
		got, ok := DefaultAsOf(l, today)
		if !ok || got.Date != d(tt.wantAsOf) || got.Latest != d(tt.wantLatest) {
			t.Errorf("%s: DefaultAsOf = %v, %v; want %s, %s", tt.name, got.Date, got.Latest, tt.wantAsOf, tt.wantLatest)
		}
	}
}

func TestPayingBehaviour(t *testing.T) {
	// I1 1000.00: 1 Jan, due 31 Jan, paid 21 Jan: 20 days to pay, on time.
	// I2 3000.00: 1 Feb, due 3 Mar, paid 13 Mar: 40 days to pay, 10 days late.
	// ADP = (1000*20 + 3000*40) / 4000 = 35.0; ADL = 3000*10/4000 = 7.5; on time 1 of 2.
	// The credit note counts nowhere here.
	res := Compute(build(t, []inv{
		{"I1", "A", "2026-01-01", "2026-01-31", 100000, "2026-01-21", 0, false},
		{"I2", "A", "2026-02-01", "2026-03-03", 300000, "2026-03-13", 0, false},
		{"CN", "A", "2026-02-10", "", -20000, "", 0, false},
	}, nil, nil), params("2026-03-31"))
	c := clientByID(res, "A")
	if c == nil {
		t.Fatal("client A not listed")
	}
	p := c.Paying
	if p.Settled != 2 || !near(p.ADP, 35) || !near(p.ADL, 7.5) || *p.OnTimeRate != 0.5 {
		t.Errorf("paying = %d settled, ADP %v, ADL %v, on time %v; want 2, 35.0, 7.5, 0.5", p.Settled, deref(p.ADP), deref(p.ADL), deref(p.OnTimeRate))
	}
	// Client DSO: open -200.00 over its own S_W (1000+3000-200 = 3800) × 90 days = -4.7.
	if !near(c.DSO, -4.7) {
		t.Errorf("client DSO = %v; want -4.7", deref(c.DSO))
	}
}

func TestAgingBucketEdges(t *testing.T) {
	edges := []int{30, 60, 90}
	tests := []struct{ dpd, want int }{{-5, 0}, {0, 0}, {1, 1}, {30, 1}, {31, 2}, {60, 2}, {61, 3}, {90, 3}, {91, 4}}
	for _, tt := range tests {
		if got := bucketOf(tt.dpd, edges); got != tt.want {
			t.Errorf("bucketOf(%d) = %d; want %d", tt.dpd, got, tt.want)
		}
	}
	if got := BucketNames([]int{15, 45}); len(got) != 4 || got[1] != "1-15" || got[2] != "16-45" || got[3] != "46+" {
		t.Errorf("BucketNames(15,45) = %v", got)
	}
}

// TestShortHistory: the DSO family is n/a when the data begins in a
// month after the DSO window's first month; an open-item list has it
// only from a sales table, at as-of.
func TestShortHistory(t *testing.T) {
	// Window of 3 months ending 31 Mar 2026: Jan, Feb, Mar.
	tests := []struct {
		name   string
		first  string // issue date of the earliest invoice
		reason NoDSOReason
	}{
		{"begins in the window's first month", "2026-01-31", ""},
		{"begins on its first day", "2026-01-01", ""},
		{"begins before the window", "2025-12-31", ""},
		// A file of February's and March's invoices: the window's sales
		// are short, DSO would read about the window's length.
		{"begins in its second month", "2026-02-01", ShortHistory},
		{"begins in its last month", "2026-03-15", ShortHistory},
	}
	for _, tt := range tests {
		l := build(t, []inv{{"A1", "A", tt.first, "", 1000, "", 0, false}, {"A2", "A", "2026-03-20", "", 5000, "", 0, false}}, nil, nil)
		now := Compute(l, params("2026-03-31")).Now()
		if now.NoDSO != tt.reason {
			t.Errorf("%s: NoDSO = %q; want %q", tt.name, now.NoDSO, tt.reason)
		}
		if defined := now.DSO != nil && now.Countback != nil && now.BPDSO != nil && now.ADD != nil; defined != (tt.reason == "") {
			t.Errorf("%s: DSO %v, countback %v, BPDSO %v, ADD %v; want all defined: %v", tt.name, deref(now.DSO), now.Countback, deref(now.BPDSO), deref(now.ADD), tt.reason == "")
		}
		if c := clientByID(Compute(l, params("2026-03-31")), "A"); (c.DSO != nil) != (tt.reason == "") {
			t.Errorf("%s: client DSO %v", tt.name, deref(c.DSO))
		}
	}
}

// TestOpenItemDSO: an open-item list holds no sales; with a sales table
// the DSO family is computed at as-of from it.
func TestOpenItemDSO(t *testing.T) {
	rows := []input.InvoiceRow{
		{No: "F1", ClientID: "A", Issue: d("2026-03-10"), HasIssue: true, Due: d("2026-04-09"), HasDue: true, Amount: 300000, OpenAmount: 300000, HasOpenAmount: true},
		{No: "F2", ClientID: "A", Issue: d("2026-02-01"), HasIssue: true, Due: d("2026-03-03"), HasDue: true, Amount: 100000, OpenAmount: 60000, HasOpenAmount: true},
	}
	l, _, err := ledger.Build(ledger.Input{Invoices: rows, DefaultTerms: 30, Currency: "EUR"})
	if err != nil {
		t.Fatal(err)
	}
	now := Compute(l, params("2026-03-31")).Now()
	if now.NoDSO != NoSales || now.DSO != nil || now.Countback != nil {
		t.Errorf("without sales: NoDSO %q, DSO %v, countback %v; want no_sales, n/a", now.NoDSO, deref(now.DSO), now.Countback)
	}
	// Sales Jan 10,000, Feb 8,000, Mar 18,000 = 36,000 over 90 days.
	// AR 3,600.00 (3,000 + 600): DSO = 3,600 / 36,000 × 90 = 9.0;
	// current (due 9 Apr) 3,000: BPDSO = 7.5; ADD 1.5.
	// Countback: March's 18,000 covers 3,600: 3,600 / 18,000 × 31 = 6.2.
	sales := []input.SalesRow{{Month: civil.MonthOf(d("2026-01-01")), Amount: 1000000}, {Month: civil.MonthOf(d("2026-02-01")), Amount: 800000}, {Month: civil.MonthOf(d("2026-03-01")), Amount: 1800000}}
	l, _, err = ledger.Build(ledger.Input{Invoices: rows, DefaultTerms: 30, Currency: "EUR", Sales: sales})
	if err != nil {
		t.Fatal(err)
	}
	now = Compute(l, params("2026-03-31")).Now()
	if now.NoDSO != "" || !near(now.DSO, 9) || !near(now.BPDSO, 7.5) || !near(now.ADD, 1.5) || !near(now.Countback, 6.2) {
		t.Errorf("with sales: NoDSO %q, DSO %v, BPDSO %v, ADD %v, countback %v; want 9.0, 7.5, 1.5, 6.2", now.NoDSO, deref(now.DSO), deref(now.BPDSO), deref(now.ADD), deref(now.Countback))
	}
	// A sales table that begins after the window's first month is short too.
	l, _, _ = ledger.Build(ledger.Input{Invoices: rows, DefaultTerms: 30, Currency: "EUR", Sales: sales[1:]})
	if now = Compute(l, params("2026-03-31")).Now(); now.NoDSO != ShortHistory {
		t.Errorf("short sales table: NoDSO %q; want short_history", now.NoDSO)
	}
}

// TestDaysBeyondTerms: dbt counts what is still open past due beside
// what was settled, so a client who stopped paying no longer looks
// punctual.
func TestDaysBeyondTerms(t *testing.T) {
	// As of 31 Mar 2026:
	//	I1 1000.00  1 Jan, due 31 Jan, paid 10 Feb: settled 10 days late
	//	I2 3000.00  1 Feb, due  3 Mar, open: 28 days past due
	//	I3  500.00 20 Mar, due 19 Apr, open, not due: not counted
	//	C1 -200.00 credit note: not counted
	// dbt = (1000×10 + 3000×28) / (1000 + 3000) = 94000 / 4000 = 23.5
	// (ADL, settled only: 10.0); past due 1 invoice, 3000.00, oldest 28.
	invs := []inv{
		{"I1", "A", "2026-01-01", "2026-01-31", 100000, "2026-02-10", 100000, false},
		{"I2", "A", "2026-02-01", "2026-03-03", 300000, "", 0, false},
		{"I3", "A", "2026-03-20", "2026-04-19", 50000, "", 0, false},
		{"C1", "A", "2026-03-05", "", -20000, "", 0, false},
	}
	c := clientByID(Compute(build(t, invs, nil, nil), params("2026-03-31")), "A")
	if !near(c.DBT, 23.5) || !near(c.Paying.ADL, 10) || c.PastDueCount != 1 || c.PastDue != 300000 || c.OldestDPD != 28 ||
		!c.HasLastPayment || c.LastPayment != d("2026-02-10") {
		t.Errorf("dbt %v, ADL %v, past due %d %v, oldest %d, last payment %v; want 23.5, 10.0, 1 3000.00, 28, 2026-02-10",
			deref(c.DBT), deref(c.Paying.ADL), c.PastDueCount, c.PastDue, c.OldestDPD, c.LastPayment)
	}
	// 1000.00 paid on I2 on 15 Mar: 2000.00 open, 28 days past due.
	// dbt = (1000×10 + 2000×28) / 3000 = 66000 / 3000 = 22.0; last payment 15 Mar.
	pays := []payment{{"I1", "2026-02-10", 100000}, {"I2", "2026-03-15", 100000}}
	invs[0].paid, invs[0].paidAmt = "", 0
	c = clientByID(Compute(build(t, invs, nil, pays), params("2026-03-31")), "A")
	if !near(c.DBT, 22) || c.PastDue != 200000 || c.LastPayment != d("2026-03-15") {
		t.Errorf("with a part payment: dbt %v, past due %v, last payment %v; want 22.0, 2000.00, 2026-03-15", deref(c.DBT), c.PastDue, c.LastPayment)
	}
	// Nothing settled, nothing past due: dbt undefined.
	c = clientByID(Compute(build(t, invs[2:3], nil, nil), params("2026-03-31")), "A")
	if c.DBT != nil || c.HasLastPayment {
		t.Errorf("only a current invoice: dbt %v, last payment %v; want n/a, none", deref(c.DBT), c.HasLastPayment)
	}
}

// TestDebtors: every client with an open balance other than 0, by open
// balance then id, with totals that equal AR and the aging to the cent,
// and subtotals by segment when the clients table gives segments.
func TestDebtors(t *testing.T) {
	// As of 31 Mar 2026: A open 1500.00 (A2 paid in part); B 3000.00 - 500.00
	// credit note = 2500.00; C 800.00; D paid in full (0: not listed);
	// E only a credit note: -100.00 (listed: not 0).
	invs := []inv{
		{"A1", "A", "2026-01-10", "2026-02-09", 100000, "2026-02-05", 100000, false},
		{"A2", "A", "2026-02-15", "2026-03-17", 200000, "2026-03-10", 50000, false},
		{"B1", "B", "2026-03-20", "2026-04-19", 300000, "", 0, false},
		{"B2", "B", "2026-03-25", "", -50000, "", 0, false},
		{"C1", "C", "2025-11-05", "2025-12-05", 80000, "", 0, false},
		{"D1", "D", "2026-03-01", "2026-03-31", 70000, "2026-03-15", 70000, false},
		{"E1", "E", "2026-03-02", "", -10000, "", 0, false},
	}
	clients := []input.ClientRow{{ID: "A", Segment: "Retail"}, {ID: "B", Segment: "Bouw"}, {ID: "C", Segment: "Retail"}, {ID: "D"}, {ID: "E"}}
	res := Compute(build(t, invs, clients, nil), params("2026-03-31"))
	var ids []string
	for _, i := range res.Debtors.Rows {
		ids = append(ids, res.Clients[i].Client.ID)
	}
	if got := strings.Join(ids, " "); got != "B A C E" {
		t.Errorf("debtors %s; want B A C E (2500.00, 1500.00, 800.00, -100.00)", got)
	}
	now, tot := res.Now(), res.Debtors.Total
	if tot.Open != now.AR || tot.Overdue != now.Overdue || tot.Count != 4 || !slices.Equal(tot.Aging, now.Aging) {
		t.Errorf("total %+v; want AR %v, overdue %v, aging %v", tot, now.AR, now.Overdue, now.Aging)
	}
	// Bouw 2500.00; Retail 1500.00 + 800.00 = 2300.00; "" (E) -100.00.
	var segs []string
	for _, s := range res.Debtors.BySegment {
		segs = append(segs, s.Key+"="+s.Open.String())
	}
	if got := strings.Join(segs, " "); got != "Bouw=2500.00 Retail=2300.00 =-100.00" {
		t.Errorf("by segment %s", got)
	}
	if res.Debtors.ByAccountManager != nil {
		t.Error("subtotals by account manager without any account manager")
	}
}

// TestKeepFirst holds keepFirst to sorting everything and keeping the
// first n: values in random order, sorted, reversed, fewer than n and
// none.
func TestKeepFirst(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 5, 12} {
		for _, size := range []int{0, 1, 4, 5, 6, 100, 1000} {
			for _, shape := range []string{"random", "sorted", "reversed"} {
				values := rnd.Perm(size)
				switch shape {
				case "sorted":
					slices.Sort(values)
				case "reversed":
					slices.Sort(values)
					slices.Reverse(values)
				}
				var got []int
				for _, v := range values {
					got = keepFirst(got, v, n, cmp.Compare[int])
				}
				want := slices.Sorted(slices.Values(values))
				want = want[:min(n, len(want))]
				if !slices.Equal(got, want) {
					t.Fatalf("n %d, %d %s values: %v, want %v", n, size, shape, got, want)
				}
			}
		}
	}
}
