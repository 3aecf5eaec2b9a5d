package render

import (
	"strings"

	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/wording"
)

// evidenceWriter turns a flag's facts into its one-line evidence sentence.
type evidenceWriter struct {
	lang     *wording.Lang
	currency string
	rules    metrics.Rules
	esc      func(string) string // for spreadsheet text such as invoice numbers
}

// sentence returns the evidence of one flag, e.g. "paid 7 of 9 settled
// invoices late in the lookback (on time 22.2%), 23.0 days late on
// average". Each evidence type has its sentence; a type without one shows
// as a missing message, which fails the run and the tests.
func (w evidenceWriter) sentence(f metrics.Flag) string {
	l, cur := w.lang, w.currency
	days := func(v float64) string { return l.Number(v) }
	amt := func(c money.Cents) string { return l.Money(c, cur) }
	switch e := f.Evidence.(type) {
	case metrics.ChronicLateEvidence:
		return l.T("ev_chronic-late", "Late", e.Late, "Settled", l.T("n_settled_invoices", "Count", e.Settled), "Rate", l.Percent(&e.OnTimeRate), "Days", days(e.AvgDaysLate))
	case metrics.SlowingEvidence:
		return l.T("ev_slowing", "Days", days(e.RecentADP), "Since", l.Date(e.RecentFrom), "Recent", l.T("n_invoices", "Count", e.RecentCount),
			"Before", days(e.PriorADP), "Months", e.PriorMonths, "Prior", l.T("n_invoices", "Count", e.PriorCount))
	case metrics.StoppedPayingEvidence:
		if e.HasPayment {
			return l.T("ev_stopped-paying", "Amount", amt(e.Overdue), "Since", l.Date(e.LastPayment), "Days", e.DaysSince)
		}
		return l.T("ev_stopped-paying_never", "Amount", amt(e.Overdue))
	case metrics.SeverelyOverdueEvidence:
		return l.T("ev_severely-overdue", "Invoice", w.esc(e.Worst), "Days", e.WorstDays, "Count", e.Count, "Threshold", e.Threshold, "Amount", amt(e.Amount))
	case metrics.PartialPaymentsEvidence:
		return l.T("ev_partial-payments", "Since", l.Date(e.Since), "Open", l.T("n_is", "Count", e.PaidInPart), "Split", l.T("n_was", "Count", e.SplitSettled))
	case metrics.RisingBalanceEvidence:
		return l.T("ev_rising-balance", "Steps", e.Steps, "From", amt(e.From), "FromDate", l.Date(e.FromDate), "To", amt(e.To), "ToDate", l.Date(e.ToDate))
	case metrics.OverCreditLimitEvidence:
		return l.T("ev_over-credit-limit", "Open", amt(e.Open), "Limit", amt(e.Limit), "Over", amt(e.Open-e.Limit))
	case metrics.DisputesEvidence:
		return l.T("ev_disputes", "Amount", amt(e.Amount), "Share", l.Percent(&e.Share), "Invoiced", amt(e.Invoiced),
			"Credits", l.T("n_credit_notes", "Count", e.CreditNotes), "Disputed", l.T("n_disputed", "Count", e.Disputed))
	case metrics.EarlyWarningEvidence:
		return l.T("ev_early-warning", "Since", l.Date(e.Start), "Bad", e.Bad, "First", l.T("n_invoices", "Count", e.First))
	case metrics.ConcentrationEvidence:
		return l.T("ev_concentration", "Share", l.Percent(&e.Share), "Amount", amt(e.Open))
	case metrics.RemindersIgnoredEvidence:
		return l.T("ev_reminders-ignored", "Count", e.Count, "First", l.Date(e.First), "Last", l.Date(e.Last))
	case metrics.BrokenPromiseEvidence:
		if !e.HasAmount {
			return l.T("ev_broken-promise_no_amount", "Promised", l.Date(e.Promised), "Made", l.Date(e.Made), "PaidBy", l.Date(e.PaidBy))
		}
		return l.T("ev_broken-promise", "Amount", amt(e.Amount), "Promised", l.Date(e.Promised), "Made", l.Date(e.Made), "Paid", amt(e.Paid), "PaidBy", l.Date(e.PaidBy))
	case metrics.GoneQuietEvidence:
		return l.T("ev_gone-quiet", "Count", e.Count, "Since", l.Date(e.Since), "Days", e.OldestDPD)
	case metrics.GoingSouthEvidence:
		parts := make([]string, len(e.Parts))
		for i, p := range e.Parts {
			parts[i] = flagName(l, p)
		}
		return l.T("ev_going-south", "Parts", strings.Join(parts, ", "))
	}
	return l.T("ev_" + f.ID) // no sentence for this evidence: a missing message
}

// flagName is a flag's name for the reader: its id in English, a Dutch
// name in Dutch.
func flagName(l *wording.Lang, id string) string { return l.T("flag_" + id) }

// tierName is a risk tier's name for the reader.
func tierName(l *wording.Lang, tier string) string { return l.T("tier_" + tier) }
