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

// sentence returns the evidence of one flag, e.g. "paid 7 of 9 invoices
// late, 23.0 days late on average".
func (w evidenceWriter) sentence(f metrics.Flag) string {
	e, l, cur := f.Evidence, w.lang, w.currency
	days := func(v float64) string { return l.Number(v) }
	amt := func(c money.Cents) string { return l.Money(c, cur) }
	switch f.ID {
	case metrics.ChronicLate:
		return l.T("ev_chronic-late", "Late", e.Count, "Settled", l.T("n_settled_invoices", "Count", e.Of), "Rate", l.Percent(&e.Share), "Days", days(e.Days))
	case metrics.Slowing:
		return l.T("ev_slowing", "Days", days(e.Days), "Since", l.Date(e.Date), "Recent", l.T("n_invoices", "Count", e.Count),
			"Before", days(e.Days2), "Months", w.rules.SlowingPriorMonths, "Prior", l.T("n_invoices", "Count", e.Of))
	case metrics.StoppedPaying:
		if e.HasDate {
			return l.T("ev_stopped-paying", "Amount", amt(e.Amount), "Since", l.Date(e.Date), "Days", e.Count)
		}
		return l.T("ev_stopped-paying_never", "Amount", amt(e.Amount))
	case metrics.SeverelyOverdue:
		return l.T("ev_severely-overdue", "Invoice", w.esc(e.Invoice), "Days", int(e.Days), "Count", e.Count, "Threshold", int(e.Days2), "Amount", amt(e.Amount))
	case metrics.PartialPayments:
		return l.T("ev_partial-payments", "Since", l.Date(e.Date), "Open", l.T("n_is", "Count", e.Count), "Split", l.T("n_was", "Count", e.Count2))
	case metrics.RisingBalance:
		return l.T("ev_rising-balance", "Steps", e.Count, "From", amt(e.Amount2), "FromDate", l.Date(e.Date2), "To", amt(e.Amount), "ToDate", l.Date(e.Date))
	case metrics.OverCreditLimit:
		return l.T("ev_over-credit-limit", "Open", amt(e.Amount), "Limit", amt(e.Amount2), "Over", amt(e.Amount-e.Amount2))
	case metrics.Disputes:
		return l.T("ev_disputes", "Amount", amt(e.Amount), "Share", l.Percent(&e.Share), "Invoiced", amt(e.Amount2),
			"Credits", l.T("n_credit_notes", "Count", e.Of), "Disputed", l.T("n_disputed", "Count", e.Count))
	case metrics.EarlyWarning:
		return l.T("ev_early-warning", "Since", l.Date(e.Date), "Bad", e.Count, "First", l.T("n_invoices", "Count", e.Of))
	case metrics.Concentration:
		return l.T("ev_concentration", "Share", l.Percent(&e.Share), "Amount", amt(e.Amount))
	case metrics.GoingSouth:
		parts := make([]string, len(e.Parts))
		for i, p := range e.Parts {
			parts[i] = flagName(l, p)
		}
		return l.T("ev_going-south", "Parts", strings.Join(parts, ", "))
	}
	return l.T("ev_" + f.ID) // a flag without a sentence shows as a missing message, which the tests catch
}

// flagName is a flag's name for the reader: its id in English, a Dutch
// name in Dutch.
func flagName(l *wording.Lang, id string) string { return l.T("flag_" + id) }

// tierName is a risk tier's name for the reader.
func tierName(l *wording.Lang, tier string) string { return l.T("tier_" + tier) }
