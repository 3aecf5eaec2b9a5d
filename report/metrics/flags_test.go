package metrics

import (
	"testing"

	"github.com/arreport/arreport/report/input"
)

// All flag cases are at as-of 31 Oct 2026: lookback Nov 2025..Oct 2026,
// slowing compares Aug..Oct with Feb..Jul, partial payments look at
// invoices issued May..Oct. Amounts are 1000.00 unless said.
func TestFlags(t *testing.T) {
	const k = 100000 // 1000.00
	tests := []struct {
		name    string
		invs    []inv
		clients []input.ClientRow
		pays    []payment
		flag    string
		fires   bool
		weight  int
	}{
		// chronic-late: 3 settled, 2 late: on time 1/3 < 50%.
		{"chronic-late fires", []inv{
			{"1", "A", "2026-06-01", "2026-07-01", k, "2026-07-05", 0, false},
			{"2", "A", "2026-06-02", "2026-07-02", k, "2026-07-07", 0, false},
			{"3", "A", "2026-06-03", "2026-07-03", k, "2026-06-20", 0, false},
		}, nil, nil, ChronicLate, true, 25},
		// Only 2 settled: too few to judge.
		{"chronic-late needs 3", []inv{
			{"1", "A", "2026-06-01", "2026-07-01", k, "2026-08-05", 0, false},
			{"2", "A", "2026-06-02", "2026-07-02", k, "2026-08-07", 0, false},
		}, nil, nil, ChronicLate, false, 0},
		// Boundary: on time exactly 50% and ADL exactly (30+30)/4 = 15: neither rule fires.
		{"chronic-late boundary", []inv{
			{"1", "A", "2026-06-01", "2026-07-01", k, "2026-07-31", 0, false},
			{"2", "A", "2026-06-02", "2026-07-02", k, "2026-08-01", 0, false},
			{"3", "A", "2026-06-03", "2026-07-03", k, "2026-07-01", 0, false},
			{"4", "A", "2026-06-04", "2026-07-04", k, "2026-07-02", 0, false},
		}, nil, nil, ChronicLate, false, 0},
		// Just over: ADL (31+30)/4 = 15.25 > 15.
		{"chronic-late ADL over 15", []inv{
			{"1", "A", "2026-06-01", "2026-07-01", k, "2026-08-01", 0, false},
			{"2", "A", "2026-06-02", "2026-07-02", k, "2026-08-01", 0, false},
			{"3", "A", "2026-06-03", "2026-07-03", k, "2026-07-01", 0, false},
			{"4", "A", "2026-06-04", "2026-07-04", k, "2026-07-02", 0, false},
		}, nil, nil, ChronicLate, true, 25},
		// slowing boundary: prior ADP 40 (settled in Mar), recent 50 (settled in Sep):
		// +10 days and +25% exactly: fires.
		{"slowing boundary fires", []inv{
			{"1", "A", "2026-02-01", "2026-04-01", k, "2026-03-13", 0, false},
			{"2", "A", "2026-02-02", "2026-04-02", k, "2026-03-14", 0, false},
			{"3", "A", "2026-08-01", "2026-10-01", k, "2026-09-20", 0, false},
			{"4", "A", "2026-08-02", "2026-10-02", k, "2026-09-21", 0, false},
		}, nil, nil, Slowing, true, 25},
		// prior 41, recent 51: +10 days but +24.4%: no.
		{"slowing under 25%", []inv{
			{"1", "A", "2026-02-01", "2026-04-01", k, "2026-03-14", 0, false},
			{"2", "A", "2026-02-02", "2026-04-02", k, "2026-03-15", 0, false},
			{"3", "A", "2026-08-01", "2026-10-01", k, "2026-09-21", 0, false},
			{"4", "A", "2026-08-02", "2026-10-02", k, "2026-09-22", 0, false},
		}, nil, nil, Slowing, false, 0},
		// prior 20, recent 29: +9 days: no.
		{"slowing under 10 days", []inv{
			{"1", "A", "2026-02-01", "2026-04-01", k, "2026-02-21", 0, false},
			{"2", "A", "2026-02-02", "2026-04-02", k, "2026-02-22", 0, false},
			{"3", "A", "2026-08-01", "2026-10-01", k, "2026-08-30", 0, false},
			{"4", "A", "2026-08-02", "2026-10-02", k, "2026-08-31", 0, false},
		}, nil, nil, Slowing, false, 0},
		// stopped-paying: overdue and the last payment on 1 Sep = as-of - 60: outside (1 Sep, 31 Oct].
		{"stopped-paying boundary fires", []inv{
			{"1", "A", "2026-07-01", "2026-07-31", k, "2026-09-01", 0, false},
			{"2", "A", "2026-08-01", "2026-08-31", k, "", 0, false},
		}, nil, nil, StoppedPaying, true, 30},
		{"stopped-paying paid 2 Sep", []inv{
			{"1", "A", "2026-07-01", "2026-07-31", k, "2026-09-02", 0, false},
			{"2", "A", "2026-08-01", "2026-08-31", k, "", 0, false},
		}, nil, nil, StoppedPaying, false, 0},
		{"stopped-paying needs overdue", []inv{
			{"1", "A", "2026-10-01", "2026-11-30", k, "", 0, false},
		}, nil, nil, StoppedPaying, false, 0},
		// severely-overdue: due 1 Aug → 91 days past due at 31 Oct: 25.
		{"severely-overdue 91 days", []inv{{"1", "A", "2026-07-01", "2026-08-01", k, "", 0, false}}, nil, nil, SeverelyOverdue, true, 25},
		// due 2 Aug → 90 days: half weight, 13.
		{"severely-overdue 90 days", []inv{{"1", "A", "2026-07-01", "2026-08-02", k, "", 0, false}}, nil, nil, SeverelyOverdue, true, 13},
		// due 31 Aug → 61 days: 13.
		{"severely-overdue 61 days", []inv{{"1", "A", "2026-07-01", "2026-08-31", k, "", 0, false}}, nil, nil, SeverelyOverdue, true, 13},
		// due 1 Sep → 60 days: nothing.
		{"severely-overdue 60 days", []inv{{"1", "A", "2026-07-01", "2026-09-01", k, "", 0, false}}, nil, nil, SeverelyOverdue, false, 0},
		// A credit note past due is no open invoice.
		{"severely-overdue ignores credit notes", []inv{{"1", "A", "2026-01-01", "", -k, "", 0, false}}, nil, nil, SeverelyOverdue, false, 0},
		// partial-payments: two invoices of May..Oct paid in part, still open.
		{"partial-payments fires", []inv{
			{"1", "A", "2026-05-01", "2026-05-31", k, "2026-06-01", 40000, false},
			{"2", "A", "2026-06-01", "2026-07-01", k, "2026-07-01", 50000, false},
		}, nil, nil, PartialPayments, true, 10},
		// The April invoice is outside the window: only one counts.
		{"partial-payments window", []inv{
			{"1", "A", "2026-04-30", "2026-05-31", k, "2026-06-01", 40000, false},
			{"2", "A", "2026-06-01", "2026-07-01", k, "2026-07-01", 50000, false},
		}, nil, nil, PartialPayments, false, 0},
		// One part-paid and open, one settled in two payments (payments table).
		{"partial-payments several payments", []inv{
			{"1", "A", "2026-06-01", "2026-07-01", k, "", 0, false},
			{"2", "A", "2026-07-01", "2026-07-31", k, "", 0, false},
		}, nil, []payment{{"1", "2026-06-15", 30000}, {"2", "2026-07-10", 60000}, {"2", "2026-07-20", 40000}}, PartialPayments, true, 10},
		// rising-balance: 1000.00 a month, unpaid: open 31 Jul 1000 < Aug 2000 < Sep 3000 < Oct 4000, sales flat.
		{"rising-balance fires", []inv{
			{"1", "A", "2026-07-15", "2026-08-14", k, "", 0, false},
			{"2", "A", "2026-08-15", "2026-09-14", k, "", 0, false},
			{"3", "A", "2026-09-15", "2026-10-15", k, "", 0, false},
			{"4", "A", "2026-10-15", "2026-11-14", k, "", 0, false},
		}, nil, nil, RisingBalance, true, 15},
		// October's sales (1000.01) exceed September's: the rise is explained by sales.
		{"rising-balance with rising sales", []inv{
			{"1", "A", "2026-07-15", "2026-08-14", k, "", 0, false},
			{"2", "A", "2026-08-15", "2026-09-14", k, "", 0, false},
			{"3", "A", "2026-09-15", "2026-10-15", k, "", 0, false},
			{"4", "A", "2026-10-15", "2026-11-14", k + 1, "", 0, false},
		}, nil, nil, RisingBalance, false, 0},
		// over-credit-limit: open 1000.00 at a limit of 1000.00 is not over; 1000.01 is.
		{"over-credit-limit at limit", []inv{{"1", "A", "2026-10-01", "2026-10-31", k, "", 0, false}},
			[]input.ClientRow{{ID: "A", CreditLimit: k, HasCreditLimit: true}}, nil, OverCreditLimit, false, 0},
		{"over-credit-limit over", []inv{{"1", "A", "2026-10-01", "2026-10-31", k + 1, "", 0, false}},
			[]input.ClientRow{{ID: "A", CreditLimit: k, HasCreditLimit: true}}, nil, OverCreditLimit, true, 15},
		// disputes: a credit note of 1000.00 against 10,000.00 invoiced = 10%: fires; 999.99 does not.
		{"disputes 10%", []inv{
			{"1", "A", "2026-03-01", "2026-03-31", 10 * k, "2026-03-20", 0, false},
			{"2", "A", "2026-04-01", "", -k, "", 0, false},
		}, nil, nil, Disputes, true, 10},
		{"disputes under 10%", []inv{
			{"1", "A", "2026-03-01", "2026-03-31", 10 * k, "2026-03-20", 0, false},
			{"2", "A", "2026-04-01", "", -k + 1, "", 0, false},
		}, nil, nil, Disputes, false, 0},
		// Two disputed invoices fire whatever their share.
		{"disputes two disputed", []inv{
			{"1", "A", "2026-03-01", "2026-03-31", 100 * k, "2026-03-20", 0, false},
			{"2", "A", "2026-04-01", "2026-05-01", 100, "2026-05-01", 0, true},
			{"3", "A", "2026-04-02", "2026-05-02", 100, "2026-05-01", 0, true},
		}, nil, nil, Disputes, true, 10},
		// early-warning: start 1 Jun 2026; of the first 3 invoices one was paid late, one is overdue.
		{"early-warning fires", []inv{
			{"1", "A", "2026-06-05", "2026-06-19", k, "2026-07-10", 0, false},
			{"2", "A", "2026-07-05", "2026-07-19", k, "2026-07-15", 0, false},
			{"3", "A", "2026-08-05", "2026-08-19", k, "", 0, false},
			{"4", "A", "2026-09-05", "2026-09-19", k, "", 0, false},
		}, []input.ClientRow{{ID: "A", Start: d("2026-06-01"), HasStart: true}}, nil, EarlyWarning, true, 15},
		// Only one of the first three is bad (the fourth, also overdue, is not among them).
		{"early-warning one bad", []inv{
			{"1", "A", "2026-06-05", "2026-06-19", k, "2026-06-10", 0, false},
			{"2", "A", "2026-07-05", "2026-07-19", k, "2026-07-15", 0, false},
			{"3", "A", "2026-08-05", "2026-08-19", k, "", 0, false},
			{"4", "A", "2026-09-05", "2026-09-19", k, "", 0, false},
		}, []input.ClientRow{{ID: "A", Start: d("2026-06-01"), HasStart: true}}, nil, EarlyWarning, false, 0},
		// Started 31 Oct 2025, the day before the lookback: not new.
		{"early-warning old client", []inv{
			{"1", "A", "2026-06-05", "2026-06-19", k, "2026-07-10", 0, false},
			{"2", "A", "2026-07-05", "2026-07-19", k, "", 0, false},
		}, []input.ClientRow{{ID: "A", Start: d("2025-10-31"), HasStart: true}}, nil, EarlyWarning, false, 0},
		// going-south: stopped paying and severely overdue.
		{"going-south", []inv{
			{"1", "A", "2026-05-01", "2026-05-31", k, "2026-06-15", 0, false},
			{"2", "A", "2026-06-01", "2026-07-01", k, "", 0, false},
		}, nil, nil, GoingSouth, true, 20},
		// stopped paying alone (overdue 30 days, no payment ever) is not going south.
		{"going-south needs a second sign", []inv{
			{"1", "A", "2026-09-01", "2026-10-01", k, "", 0, false},
		}, nil, nil, GoingSouth, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := build(t, tt.invs, tt.clients, tt.pays)
			res := Compute(l, params("2026-10-31"))
			c := clientByID(res, "A")
			f, ok := hasFlag(c, tt.flag)
			if ok != tt.fires {
				var got []string
				if c != nil {
					for _, f := range c.Flags {
						got = append(got, f.ID)
					}
				}
				t.Fatalf("%s fires = %v; want %v (flags %v)", tt.flag, ok, tt.fires, got)
			}
			if ok && f.Weight != tt.weight {
				t.Errorf("%s weight = %d; want %d", tt.flag, f.Weight, tt.weight)
			}
		})
	}
}

func TestConcentration(t *testing.T) {
	// A holds 200.00 of 1000.00 = 20% exactly: flagged, weight 0. B holds 80%.
	// HHI = 20² + 80² = 6800.
	res := Compute(build(t, []inv{
		{"1", "A", "2026-10-01", "2026-10-31", 20000, "", 0, false},
		{"2", "B", "2026-10-01", "2026-10-31", 80000, "", 0, false},
	}, nil, nil), params("2026-10-31"))
	if f, ok := hasFlag(clientByID(res, "A"), Concentration); !ok || f.Weight != 0 {
		t.Errorf("A concentration = %v (weight %d); want flagged with weight 0", ok, f.Weight)
	}
	if c := clientByID(res, "A"); c.Score != 0 {
		t.Errorf("A score = %d; want 0", c.Score)
	}
	if h := res.Concentration.HHI; h < 6799.99 || h > 6800.01 {
		t.Errorf("HHI = %v; want 6800", h)
	}
}

func TestScoreTierOrder(t *testing.T) {
	for _, tt := range []struct {
		score int
		tier  string
	}{{0, "low"}, {24, "low"}, {25, "medium"}, {49, "medium"}, {50, "high"}, {74, "high"}, {75, "critical"}, {100, "critical"}} {
		if got := Tier(tt.score); got != tt.tier {
			t.Errorf("Tier(%d) = %q; want %q", tt.score, got, tt.tier)
		}
	}
	// B: stopped-paying 30 + severely-overdue 25 + going-south 20 = 75, critical.
	// A: nothing. C: older than the lookback, settled: not listed.
	res := Compute(build(t, []inv{
		{"1", "A", "2026-10-01", "2026-10-31", 1000, "2026-10-20", 0, false},
		{"2", "B", "2026-05-01", "2026-05-31", 1000, "", 0, false},
		{"3", "C", "2024-01-01", "2024-01-31", 1000, "2024-01-20", 0, false},
	}, nil, nil), params("2026-10-31"))
	if len(res.Clients) != 2 || res.Clients[0].Client.ID != "B" || res.Clients[1].Client.ID != "A" {
		t.Fatalf("clients = %d, order %v", len(res.Clients), res.Clients)
	}
	if b := res.Clients[0]; b.Score != 75 || b.Tier != "critical" {
		t.Errorf("B score, tier = %d, %s; want 75, critical", b.Score, b.Tier)
	}
	// C was inactive at both dates: no flag moves on it.
	for _, r := range res.Changes.Raised {
		if r.Client.ID == "C" {
			t.Errorf("raised flag on inactive client C: %v", r.Flag)
		}
	}
}

func TestFlagsRaisedAndCleared(t *testing.T) {
	// A never paid: stopped-paying at both dates. At 30 Sep its invoice is
	// 60 days past due (not severe); at 31 Oct 91 days: severely-overdue is
	// raised, and with stopped-paying it makes going-south. B paid its overdue invoice in
	// October: stopped-paying, raised in September, is cleared.
	res := Compute(build(t, []inv{
		{"1", "A", "2026-07-01", "2026-08-01", 1000, "", 0, false},
		{"2", "B", "2026-06-01", "2026-07-01", 1000, "2026-10-10", 0, false},
	}, nil, nil), params("2026-10-31"))
	raised := map[string]string{}
	for _, r := range res.Changes.Raised {
		raised[r.Client.ID] += r.Flag + " "
	}
	cleared := map[string]string{}
	for _, r := range res.Changes.Cleared {
		cleared[r.Client.ID] += r.Flag + " "
	}
	if raised["A"] != "severely-overdue going-south " {
		t.Errorf("raised on A = %q; want severely-overdue and going-south", raised["A"])
	}
	if cleared["B"] == "" {
		t.Errorf("cleared on B = %q; want stopped-paying among them", cleared["B"])
	}
}
