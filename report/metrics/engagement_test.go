package metrics

import (
	"testing"

	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
)

type act struct {
	date     string
	kind     input.ActivityKind
	promised string
	amount   money.Cents
}

// engaged builds client A with one invoice (issued 1 Jun 2026, due 1 Jul,
// 5000.00, optionally paid) and the activities, and evaluates it at as-of.
func engaged(t *testing.T, asOf string, paid string, acts []act, lastContact string) *ClientResult {
	t.Helper()
	in := ledger.Input{Invoices: rows([]inv{{"F1", "A", "2026-06-01", "2026-07-01", 500000, paid, 0, false}}), DefaultTerms: 30, Currency: "EUR", PaidColumns: true, HaveActivity: true}
	if paid != "" {
		in.Invoices[0].PaidAmount, in.Invoices[0].HasPaidAmount = 100000, true // 1000.00 paid, 4000.00 still open
	}
	for _, a := range acts {
		r := input.ActivityRow{ClientID: "A", Date: d(a.date), Type: a.kind, Amount: a.amount, HasAmount: a.amount != 0}
		if a.promised != "" {
			r.Promised, r.HasPromised = d(a.promised), true
		}
		in.Activities = append(in.Activities, r)
	}
	if lastContact != "" {
		in.Clients, in.HaveClients = []input.ClientRow{{ID: "A", LastContact: d(lastContact), HasLastContact: true}}, true
	}
	l, _, err := ledger.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	return clientByID(Compute(l, params(asOf)), "A")
}

// TestEngagementFlags: the rules of metrics.md's "Engagement" table, at
// their boundaries. As of 31 Oct 2026 the invoice is 122 days past due.
func TestEngagementFlags(t *testing.T) {
	const asOf = "2026-10-31"
	rem, call, reply, promise := input.ActivityReminder, input.ActivityCall, input.ActivityReply, input.ActivityPromise
	tests := []struct {
		name        string
		paid        string
		acts        []act
		lastContact string
		want        map[string]bool
	}{
		// reminders-ignored: 2 outreach in (1 Sep, 31 Oct], no reply, no payment since the first.
		{"two reminders, no answer", "", []act{{"2026-09-12", rem, "", 0}, {"2026-10-20", call, "", 0}}, "",
			map[string]bool{RemindersIgnored: true, GoneQuiet: true}},
		// 60 days before as-of is 1 Sep: a reminder on 1 Sep is outside (the window is (as-of - 60, as-of]).
		{"the first one 60 days back", "", []act{{"2026-09-01", rem, "", 0}, {"2026-10-20", rem, "", 0}}, "",
			map[string]bool{RemindersIgnored: false, GoneQuiet: true}},
		{"59 days back", "", []act{{"2026-09-02", rem, "", 0}, {"2026-10-20", rem, "", 0}}, "",
			map[string]bool{RemindersIgnored: true}},
		{"a reply after the first", "", []act{{"2026-09-12", rem, "", 0}, {"2026-09-20", reply, "", 0}, {"2026-10-20", rem, "", 0}}, "",
			map[string]bool{RemindersIgnored: false, GoneQuiet: false}},
		{"a last contact counts as a reply", "", []act{{"2026-09-12", rem, "", 0}, {"2026-10-20", rem, "", 0}}, "2026-10-01",
			map[string]bool{RemindersIgnored: false, GoneQuiet: false}},
		{"a payment after the first", "2026-09-15", []act{{"2026-09-12", rem, "", 0}, {"2026-10-20", rem, "", 0}}, "",
			map[string]bool{RemindersIgnored: false}},
		// gone-quiet: 90 days back is 2 Aug; one call on 3 Aug is inside, one on 2 Aug is not.
		{"one call 89 days back", "", []act{{"2026-08-03", call, "", 0}}, "", map[string]bool{GoneQuiet: true, RemindersIgnored: false}},
		{"one call 90 days back", "", []act{{"2026-08-02", call, "", 0}}, "", map[string]bool{GoneQuiet: false}},
		// broken-promise: promised 5000.00 by 28 Oct: judged (28 Oct <= 31 Oct - 3), nothing paid.
		{"promise judged and broken", "", []act{{"2026-10-01", promise, "2026-10-28", 500000}}, "",
			map[string]bool{BrokenPromise: true, GoneQuiet: false}},
		// Promised by 29 Oct: 29 Oct > 28 Oct, not judged yet.
		{"promise within its grace", "", []act{{"2026-10-01", promise, "2026-10-29", 500000}}, "",
			map[string]bool{BrokenPromise: false}},
		// 1000.00 paid on 15 Sep, the promise made 1 Sep for 1000.00 by 10 Sep: paid within [1 Sep, 13 Sep]? No: 15 Sep > 13 Sep.
		{"paid after the grace", "2026-09-15", []act{{"2026-09-01", promise, "2026-09-10", 100000}}, "",
			map[string]bool{BrokenPromise: true}},
		{"paid within the grace", "2026-09-13", []act{{"2026-09-01", promise, "2026-09-10", 100000}}, "",
			map[string]bool{BrokenPromise: false}},
		// No amount promised: any payment in the window keeps it.
		{"no amount, a payment", "2026-09-12", []act{{"2026-09-01", promise, "2026-09-10", 0}}, "",
			map[string]bool{BrokenPromise: false}},
		{"no promised date: not judged", "", []act{{"2026-09-01", promise, "", 500000}}, "",
			map[string]bool{BrokenPromise: false}},
		{"no activity at all", "", nil, "", map[string]bool{RemindersIgnored: false, BrokenPromise: false, GoneQuiet: false}},
	}
	for _, tt := range tests {
		c := engaged(t, asOf, tt.paid, tt.acts, tt.lastContact)
		for id, want := range tt.want {
			if _, got := hasFlag(c, id); got != want {
				t.Errorf("%s: %s = %v; want %v (flags %v)", tt.name, id, got, want, c.Flags)
			}
		}
	}
	// The evidence names the dates and counts.
	c := engaged(t, asOf, "", []act{{"2026-09-12", rem, "", 0}, {"2026-10-01", rem, "", 0}, {"2026-10-20", call, "", 0}}, "")
	f, _ := hasFlag(c, RemindersIgnored)
	if e := f.Evidence.(RemindersIgnoredEvidence); e.Count != 3 || e.First != d("2026-09-12") || e.Last != d("2026-10-20") {
		t.Errorf("evidence %+v", e)
	}
}
