package metrics

import (
	"testing"

	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
)

// TestWorklist: who is on it (overdue > 0), weighted overdue and
// priority, the order, and the next step with its boundaries.
func TestWorklist(t *testing.T) {
	// As of 31 Mar 2026. Each client X has one open invoice of 1000.00 due
	// on the day that makes it dpd days past due.
	due := func(dpd int) string { return d("2026-03-31").AddDays(-dpd).String() }
	type one struct {
		client   string
		dpd      int
		disputed bool
	}
	ladderCases := []one{{"D14", 14, false}, {"D15", 15, false}, {"D30", 30, false}, {"D31", 31, false}, {"D60", 60, false}, {"D61", 61, false}, {"DIS", 45, true}}
	var invs []inv
	for _, c := range ladderCases {
		invs = append(invs, inv{c.client + "-1", c.client, "2026-01-01", due(c.dpd), 100000, "", 0, c.disputed})
		// A recent payment keeps stopped-paying away (it would change scores only).
		invs = append(invs, inv{c.client + "-0", c.client, "2026-02-01", "2026-03-03", 1000, "2026-03-25", 1000, false})
	}
	// PAY: two invoices, 10 and 100 days past due: weighted 0.1 × 1000.00 + 1.0 × 500.00 = 600.00.
	invs = append(invs, inv{"PAY-1", "PAY", "2026-02-01", due(10), 100000, "", 0, false}, inv{"PAY-2", "PAY", "2025-11-01", due(100), 50000, "", 0, false})
	// OK: nothing overdue: not on the list.
	invs = append(invs, inv{"OK-1", "OK", "2026-03-20", "2026-04-19", 100000, "", 0, false})
	in := ledger.Input{Invoices: rows(invs), DefaultTerms: 30, Currency: "EUR", PaidColumns: true, HaveActivity: true,
		// PROM: 40 days past due, an open promise (made 25 Mar for 5 Apr, 800.00): await-promise.
		Activities: []input.ActivityRow{{ClientID: "PROM", Date: d("2026-03-25"), Type: input.ActivityPromise, Promised: d("2026-04-05"), HasPromised: true, Amount: 80000, HasAmount: true},
			// BRK: 20 days past due (call), and a promise broken: one step up, final-notice.
			{ClientID: "BRK", Date: d("2026-03-01"), Type: input.ActivityPromise, Promised: d("2026-03-15"), HasPromised: true}}}
	in.Invoices = append(in.Invoices, rows([]inv{{"PROM-1", "PROM", "2026-01-01", due(40), 100000, "", 0, false}, {"BRK-1", "BRK", "2026-01-01", due(20), 100000, "", 0, false}})...)
	l, _, err := ledger.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	res := Compute(l, params("2026-03-31"))
	steps := map[string]string{"D14": StepReminder, "D15": StepCall, "D30": StepCall, "D31": StepFinalNotice, "D60": StepFinalNotice, "D61": StepCollections,
		"DIS": StepResolveDispute, "PAY": StepCollections, "PROM": StepAwaitPromise, "BRK": StepFinalNotice}
	got := map[string]WorkItem{}
	for _, w := range res.Worklist {
		got[w.Client.Client.ID] = w
	}
	if _, on := got["OK"]; on || len(got) != len(steps) {
		t.Errorf("%d clients on the worklist (OK: %v); want %d, not OK", len(got), got["OK"].Step, len(steps))
	}
	for id, step := range steps {
		if got[id].Step != step {
			t.Errorf("%s (oldest %d days): step %q; want %q", id, got[id].OldestDPD, got[id].Step, step)
		}
	}
	if w := got["DIS"]; w.Invoice != "DIS-1" {
		t.Errorf("resolve-dispute names %q; want DIS-1", w.Invoice)
	}
	if w := got["PROM"]; !w.HasDate || w.Date != d("2026-04-05") || w.Amount != 80000 {
		t.Errorf("await-promise %v %v; want 5 Apr 2026, 800.00", w.Date, w.Amount)
	}
	pay := got["PAY"]
	if pay.Weighted != 60000 {
		t.Errorf("PAY weighted %v; want 600.00", pay.Weighted)
	}
	// Priority = weighted × (1 + score / 100), rounded once.
	if want := money.Cents((60000*(100+pay.Client.Score) + 50) / 100); pay.Priority != want {
		t.Errorf("PAY priority %v (score %d); want %v", pay.Priority, pay.Client.Score, want)
	}
	// D61 (1000.00 at 1.0 weighted, 1000.00) comes before D14 (100.00).
	for i := 1; i < len(res.Worklist); i++ {
		if res.Worklist[i].Priority > res.Worklist[i-1].Priority {
			t.Errorf("worklist not by priority at %d", i)
		}
	}
}
