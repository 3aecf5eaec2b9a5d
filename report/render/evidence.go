package render

import (
	"fmt"
	"strings"

	"github.com/arreport/arreport/report/metrics"
)

// evidenceWriter turns a flag's facts into its one-line evidence sentence.
type evidenceWriter struct {
	loc      Locale
	currency string
	rules    metrics.Rules
	esc      func(string) string // for spreadsheet text such as invoice numbers
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// sentence returns the evidence of one flag, e.g. "paid 7 of 9 invoices
// late, 23.0 days late on average".
func (w evidenceWriter) sentence(f metrics.Flag) string {
	e, loc, cur := f.Evidence, w.loc, w.currency
	days := func(v float64) string { return loc.Number(v) }
	switch f.ID {
	case metrics.ChronicLate:
		return fmt.Sprintf("paid %d of %s late in the lookback (on time %s), %s days late on average",
			e.Count, plural(e.Of, "settled invoice", "settled invoices"), loc.Percent(&e.Share), days(e.Days))
	case metrics.Slowing:
		return fmt.Sprintf("took %s days to pay on average since %s (%s) against %s days in the %d months before (%s)",
			days(e.Days), loc.Date(e.Date), plural(e.Count, "invoice", "invoices"), days(e.Days2),
			w.rules.SlowingPriorMonths, plural(e.Of, "invoice", "invoices"))
	case metrics.StoppedPaying:
		if e.HasDate {
			return fmt.Sprintf("%s overdue and no payment since %s (%d days)", loc.Money(e.Amount, cur), loc.Date(e.Date), e.Count)
		}
		return fmt.Sprintf("%s overdue and no payment received at all", loc.Money(e.Amount, cur))
	case metrics.SeverelyOverdue:
		holds := "hold"
		if e.Count == 1 {
			holds = "holds"
		}
		return fmt.Sprintf("invoice %s is %d days past due; %s more than %d days past due %s %s",
			w.esc(e.Invoice), int(e.Days), plural(e.Count, "invoice", "invoices"), int(e.Days2), holds, loc.Money(e.Amount, cur))
	case metrics.PartialPayments:
		return fmt.Sprintf("of the invoices issued since %s, %s paid in part and still open, %s settled in several payments",
			loc.Date(e.Date), plural(e.Count, "is", "are"), plural(e.Count2, "was", "were"))
	case metrics.RisingBalance:
		return fmt.Sprintf("open balance rose at each of the last %d month ends, from %s on %s to %s on %s, while sales did not rise",
			e.Count, loc.Money(e.Amount2, cur), loc.Date(e.Date2), loc.Money(e.Amount, cur), loc.Date(e.Date))
	case metrics.OverCreditLimit:
		return fmt.Sprintf("open balance %s is over the credit limit of %s by %s",
			loc.Money(e.Amount, cur), loc.Money(e.Amount2, cur), loc.Money(e.Amount-e.Amount2, cur))
	case metrics.Disputes:
		return fmt.Sprintf("credit notes and disputed invoices of %s are %s of the %s invoiced in the lookback (%s, %s)",
			loc.Money(e.Amount, cur), loc.Percent(&e.Share), loc.Money(e.Amount2, cur),
			plural(e.Of, "credit note", "credit notes"), plural(e.Count, "disputed invoice", "disputed invoices"))
	case metrics.EarlyWarning:
		return fmt.Sprintf("new client since %s: %d of its first %s paid late or overdue",
			loc.Date(e.Date), e.Count, plural(e.Of, "invoice", "invoices"))
	case metrics.Concentration:
		return fmt.Sprintf("holds %s of all receivables (%s)", loc.Percent(&e.Share), loc.Money(e.Amount, cur))
	case metrics.GoingSouth:
		return "paying worse on several fronts at once: " + strings.Join(e.Parts, ", ")
	}
	return f.ID
}
