package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/wording"
)

// TestRaisedFlagsAllNamed: "what changed" names every raised flag of a
// client at high or critical risk, grouped by client and linked to its
// details; of the others it names four, then counts the rest.
func TestRaisedFlagsAllNamed(t *testing.T) {
	res := &metrics.Result{}
	var raised []metrics.FlagChange
	for i := range 8 {
		c := &ledger.Client{ID: fmt.Sprint("L", i), Name: fmt.Sprint("Low ", i)}
		res.Clients = append(res.Clients, metrics.ClientResult{Client: c, Score: 10, Tier: "low", Open: 100})
		raised = append(raised, metrics.FlagChange{Client: c, Flag: metrics.Disputes})
	}
	crit := &ledger.Client{ID: "K", Name: "Kritiek BV"}
	res.Clients = append([]metrics.ClientResult{{Client: crit, Score: 90, Tier: "critical", Open: 100,
		Flags: []metrics.Flag{{ID: metrics.StoppedPaying}}}}, res.Clients...)
	// Five flags raised on the critical client, after the others.
	for _, f := range []string{metrics.StoppedPaying, metrics.SeverelyOverdue, metrics.RisingBalance, metrics.PartialPayments, metrics.GoingSouth} {
		raised = append(raised, metrics.FlagChange{Client: crit, Flag: f})
	}
	res.Changes.Raised = raised
	lang := wording.English()
	b := &viewBuilder{rep: NewReport(res, &Meta{Lang: lang}), res: res, lang: lang, loc: lang.Format, esc: EscapeMarkdown}
	got := b.flagGroups(raised, true)
	want := "[Kritiek BV (K)](#client-1): stopped-paying, severely-overdue, rising-balance, partial-payments, going-south; " +
		"[Low 0 (L0)](#aged-debtors): disputes; [Low 1 (L1)](#aged-debtors): disputes; [Low 2 (L2)](#aged-debtors): disputes; [Low 3 (L3)](#aged-debtors): disputes; " +
		"4 more on 4 other clients"
	if got != want {
		t.Errorf("raised:\n got %s\nwant %s", got, want)
	}
	if strings.Contains(got, "…") {
		t.Error("a raised flag of the critical client is hidden")
	}
}
