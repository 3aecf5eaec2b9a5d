package render

import (
	"fmt"
	"github.com/arreport/arreport/report/civil"
	"sort"
	"strings"

	"github.com/arreport/arreport/report/metrics"
)

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// narrative writes three to six sentences on what changed and why.
func (b *viewBuilder) narrative() []string {
	res, loc := b.res, b.loc
	now := res.Now()
	d := res.VsPrevious
	if d == nil {
		d = &metrics.Delta{}
	}
	var out []string
	if res.OpenOnly {
		out = append(out, "The invoices come from an open-item list (open amounts, no payment dates): balances are known at the export only, so the trend, CEI, paying behaviour, what changed and the flags that rest on payment history ("+
			strings.Join(metrics.HistoryFlags, ", ")+") could not be computed.")
	}

	s := fmt.Sprintf("Receivables stood at %s on %s", b.money(now.AR), b.date(now.End))
	if res.Previous != nil {
		switch {
		case d.AR > 0:
			s += ", up " + b.money(d.AR)
		case d.AR < 0:
			s += ", down " + b.money(-d.AR)
		default:
			s += ", unchanged"
		}
		s += " since " + b.date(res.PreviousEnd)
	}
	if now.OverdueShare != nil {
		s += fmt.Sprintf("; %s of it is overdue", loc.Percent(now.OverdueShare))
		if d.OverdueShare != nil {
			s += fmt.Sprintf(" (%s)", loc.SignedPoints(d.OverdueShare))
		}
	}
	out = append(out, s+".")

	if now.DSO != nil {
		s = fmt.Sprintf("DSO is %s days", loc.Days(now.DSO))
		if d.DSO != nil {
			s += fmt.Sprintf(", %s days against %s", loc.SignedDays(d.DSO), b.date(res.PreviousEnd))
		}
		if res.VsYearAgo != nil && res.VsYearAgo.DSO != nil {
			s += fmt.Sprintf(" and %s against a year earlier", loc.SignedDays(res.VsYearAgo.DSO))
		}
		var movers []string
		for _, c := range res.Changes.Contributors[:min(3, len(res.Changes.Contributors))] {
			days := c.Days
			movers = append(movers, fmt.Sprintf("%s (%s days)", b.clientName(c.Client.ID, c.Client.Name), loc.SignedDays(&days)))
		}
		if len(movers) > 0 {
			s += "; the clients that moved it most are " + strings.Join(movers, ", ")
		}
		out = append(out, s+".")
		if now.ADD != nil {
			out = append(out, fmt.Sprintf("Best possible DSO is %s days, so %s days of DSO come from late payment (average days delinquent); countback DSO, which reads receivables against the most recent months' sales, is %s days.",
				loc.Days(now.BPDSO), loc.Days(now.ADD), b.countback(now)))
		}
	} else {
		switch now.NoDSO {
		case metrics.NoSales:
			out = append(out, "DSO, countback DSO and best possible DSO are not computed: an open-items list holds no sales; give the sales per month with --sales (month, amount) to compute them.")
		case metrics.ShortHistory:
			out = append(out, fmt.Sprintf("DSO, countback DSO and best possible DSO are not computed: the data begins after %s, the first month of the %d-month DSO window, so the window's sales are incomplete (history shorter than the window).",
				loc.MonthLabel(civil.MonthOf(now.End)-civil.Month(res.Params.DSOWindow-1)), res.Params.DSOWindow))
		default:
			out = append(out, fmt.Sprintf("DSO cannot be computed: there were no positive sales in the %d months to %s.", res.Params.DSOWindow, b.date(now.End)))
		}
	}
	if now.CEI != nil {
		out = append(out, fmt.Sprintf("In %s, %s of what could be collected was collected (CEI).", loc.MonthLabel(monthOf(now)), loc.Percent(ptr(*now.CEI/100))))
	}

	var risky []string
	for _, c := range res.Clients {
		if c.Tier == "critical" || c.Tier == "high" {
			risky = append(risky, fmt.Sprintf("%s (%s, %d)", b.clientName(c.Client.ID, c.Client.Name), c.Tier, c.Score))
		}
	}
	switch {
	case len(risky) == 0:
		out = append(out, "No client is at high or critical risk.")
	case len(risky) <= 4:
		out = append(out, fmt.Sprintf("At high or critical risk: %s.", strings.Join(risky, ", ")))
	default:
		out = append(out, fmt.Sprintf("%d clients are at high or critical risk, led by %s.", len(risky), strings.Join(risky[:3], ", ")))
	}
	if !res.OpenOnly {
		out = append(out, b.flagMoves())
	}
	return out
}

func (b *viewBuilder) flagMoves() string {
	ch := b.res.Changes
	list := func(changes []metrics.FlagChange) string {
		var parts []string
		for _, f := range changes[:min(4, len(changes))] {
			parts = append(parts, fmt.Sprintf("%s on %s", f.Flag, b.clientName(f.Client.ID, f.Client.Name)))
		}
		if len(changes) > 4 {
			parts = append(parts, fmt.Sprintf("%d more", len(changes)-4))
		}
		return strings.Join(parts, ", ")
	}
	since := b.date(b.res.PreviousEnd)
	switch {
	case len(ch.Raised) == 0 && len(ch.Cleared) == 0:
		return fmt.Sprintf("No flag was raised or cleared since %s.", since)
	case len(ch.Cleared) == 0:
		return fmt.Sprintf("Raised since %s: %s; none cleared.", since, list(ch.Raised))
	case len(ch.Raised) == 0:
		return fmt.Sprintf("None raised since %s; cleared: %s.", since, list(ch.Cleared))
	}
	return fmt.Sprintf("Raised since %s: %s. Cleared: %s.", since, list(ch.Raised), list(ch.Cleared))
}

func ptr(v float64) *float64 { return &v }
