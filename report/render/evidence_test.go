package render

import (
	"strings"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/templates"
)

// TestEveryFlagHasASentence: each flag of FlagOrder has an evidence type,
// and that type has a sentence in every language, with its numbers in
// it. A new flag without its sentence (or its messages) fails here.
func TestEveryFlagHasASentence(t *testing.T) {
	d := civil.New(2026, 8, 1)
	evidence := []struct {
		ev   metrics.Evidence
		want map[string]string // a part of the sentence, per language
	}{
		{metrics.ChronicLateEvidence{Late: 7, Settled: 9, OnTimeRate: 2.0 / 9, AvgDaysLate: 23}, map[string]string{"en": "paid 7 of 9 settled invoices late", "nl": "7 van 9 voldane facturen te laat"}},
		{metrics.SlowingEvidence{RecentADP: 72.1, PriorADP: 54.6, RecentCount: 1, PriorCount: 5, RecentFrom: d, PriorFrom: d.AddMonths(-6), PriorMonths: 6}, map[string]string{"en": "72.1 days to pay on average since 1 Aug 2026 (1 invoice)", "nl": "gemiddeld in 72,1 dagen (1 factuur)"}},
		{metrics.StoppedPayingEvidence{Overdue: 4029599, LastPayment: d, HasPayment: true, DaysSince: 148}, map[string]string{"en": "€40,295.99 overdue and no payment since 1 Aug 2026 (148 days)", "nl": "€ 40.295,99 vervallen en geen betaling sinds 1 aug 2026"}},
		{metrics.SeverelyOverdueEvidence{Worst: "F-1", WorstDays: 120, Threshold: 90, Count: 1, Amount: 100}, map[string]string{"en": "1 invoice more than 90 days past due holds €1.00", "nl": "1 factuur van meer dan 90 dagen vervallen staat open"}},
		{metrics.PartialPaymentsEvidence{Since: d, PaidInPart: 2, SplitSettled: 1}, map[string]string{"en": "2 are paid in part and still open, 1 was settled", "nl": "zijn er 2 deels betaald"}},
		{metrics.RisingBalanceEvidence{Steps: 3, From: 100, To: 500, FromDate: d, ToDate: d.AddMonths(3)}, map[string]string{"en": "from €1.00 on 1 Aug 2026 to €5.00", "nl": "van € 1,00 op 1 aug 2026 naar € 5,00"}},
		{metrics.OverCreditLimitEvidence{Open: 4608453, Limit: 2000000}, map[string]string{"en": "over the credit limit of €20,000.00 by €26,084.53", "nl": "€ 26.084,53 boven de kredietlimiet van € 20.000,00"}},
		{metrics.DisputesEvidence{Amount: 841847, Invoiced: 4615318, Share: 0.182, CreditNotes: 1, Disputed: 2}, map[string]string{"en": "(1 credit note, 2 disputed invoices)", "nl": "(1 creditnota, 2 betwiste facturen)"}},
		{metrics.EarlyWarningEvidence{Start: d, Bad: 2, First: 3}, map[string]string{"en": "2 of its first 3 invoices paid late", "nl": "2 van de eerste 3 facturen te laat"}},
		{metrics.ConcentrationEvidence{Share: 0.245, Open: 14683663}, map[string]string{"en": "holds 24.5% of all receivables", "nl": "heeft 24,5% van alle debiteuren openstaan"}},
		{metrics.RemindersIgnoredEvidence{Count: 3, First: d.AddMonths(1).AddDays(11), Last: d.AddMonths(2).AddDays(19)}, map[string]string{"en": "3 reminders and calls since 12 Sep 2026 (last 20 Oct 2026), no reply and no payment since", "nl": "3 herinneringen en telefoontjes sinds 12 sep 2026"}},
		{metrics.BrokenPromiseEvidence{Made: d.AddMonths(2), Promised: d.AddMonths(2).AddDays(14), PaidBy: d.AddMonths(2).AddDays(17), Amount: 500000, HasAmount: true}, map[string]string{"en": "promised €5,000.00 by 15 Oct 2026 (on 1 Oct 2026), paid €0.00 by 18 Oct 2026", "nl": "beloofde € 5.000,00 te betalen op 15 okt 2026"}},
		{metrics.GoneQuietEvidence{Count: 1, Since: d, OldestDPD: 45}, map[string]string{"en": "1 outreach since 1 Aug 2026 and no reply, with an invoice 45 days past due", "nl": "1 keer benaderd sinds 1 aug 2026"}},
		{metrics.GoingSouthEvidence{Parts: []string{metrics.StoppedPaying, metrics.SeverelyOverdue}}, map[string]string{"en": "several fronts at once: stopped-paying, severely-overdue", "nl": "tegelijk slechter: gestopt met betalen, ernstig vervallen"}},
	}
	covered := map[string]bool{}
	for _, tag := range []string{"en", "nl"} {
		lang, err := loadLang(templates.Source{}, tag)
		if err != nil {
			t.Fatal(err)
		}
		w := evidenceWriter{lang: lang, currency: "EUR", esc: func(s string) string { return s }}
		for _, e := range evidence {
			covered[e.ev.FlagID()] = true
			got := w.sentence(metrics.Flag{ID: e.ev.FlagID(), Evidence: e.ev})
			if !strings.Contains(got, e.want[tag]) {
				t.Errorf("%s %s: %q; want it to hold %q", tag, e.ev.FlagID(), got, e.want[tag])
			}
		}
		if m := lang.Missing(); len(m) > 0 {
			t.Errorf("%s: missing messages %v", tag, m)
		}
	}
	for _, id := range metrics.FlagOrder {
		if !covered[id] {
			t.Errorf("flag %s has no evidence in this test", id)
		}
	}
}
