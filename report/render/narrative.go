package render

import (
	"sort"
	"strings"

	"github.com/arreport/arreport/report/civil"
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
	res, loc, l := b.res, b.loc, b.lang
	now := res.Now()
	d := res.VsPrevious
	if d == nil {
		d = &metrics.Delta{}
	}
	var out []string
	if res.OpenOnly {
		names := make([]string, len(metrics.HistoryFlags))
		for i, id := range metrics.HistoryFlags {
			names[i] = flagName(l, id)
		}
		out = append(out, l.T("nr_open_only", "Flags", strings.Join(names, ", ")))
	}

	s := l.T("nr_ar", "Amount", b.money(now.AR), "Date", b.date(now.End))
	if res.Previous != nil {
		switch {
		case d.AR > 0:
			s += l.T("nr_up", "Amount", b.money(d.AR))
		case d.AR < 0:
			s += l.T("nr_down", "Amount", b.money(-d.AR))
		default:
			s += l.T("nr_unchanged")
		}
		s += l.T("nr_since", "Date", b.date(res.PreviousEnd))
	}
	if now.OverdueShare != nil {
		s += l.T("nr_overdue", "Share", loc.Percent(now.OverdueShare))
		if d.OverdueShare != nil {
			s += " (" + loc.SignedPoints(d.OverdueShare, l.T("unit_pp")) + ")"
		}
	}
	out = append(out, s+".")

	if now.DSO != nil {
		s = l.T("nr_dso", "Days", loc.Days(now.DSO))
		if d.DSO != nil {
			s += l.T("nr_dso_vs_prev", "Change", loc.SignedDays(d.DSO), "Date", b.date(res.PreviousEnd))
		}
		if res.VsYearAgo != nil && res.VsYearAgo.DSO != nil {
			s += l.T("nr_dso_vs_year", "Change", loc.SignedDays(res.VsYearAgo.DSO))
		}
		var movers []string
		for _, c := range res.Changes.Contributors[:min(3, len(res.Changes.Contributors))] {
			days := c.Days
			movers = append(movers, l.T("nr_mover", "Client", b.clientName(c.Client.ID, c.Client.Name), "Change", loc.SignedDays(&days)))
		}
		if len(movers) > 0 {
			s += l.T("nr_movers", "Clients", strings.Join(movers, ", "))
		}
		out = append(out, s+".")
		if now.ADD != nil {
			out = append(out, l.T("nr_bpdso", "BPDSO", loc.Days(now.BPDSO), "ADD", loc.Days(now.ADD), "Countback", b.countback(now)))
		}
	} else {
		switch now.NoDSO {
		case metrics.NoSales:
			out = append(out, l.T("nr_no_sales"))
		case metrics.ShortHistory:
			first := civil.MonthOf(now.End) - civil.Month(res.Params.DSOWindow-1)
			out = append(out, l.T("nr_short_history", "Month", loc.MonthLabel(first), "Window", res.Params.DSOWindow))
		default:
			out = append(out, l.T("nr_no_dso", "Window", res.Params.DSOWindow, "Date", b.date(now.End)))
		}
	}
	if now.CEI != nil {
		out = append(out, l.T("nr_cei", "Month", loc.MonthLabel(monthOf(now)), "Share", loc.Percent(ptr(*now.CEI/100))))
	}

	var risky []string
	for _, c := range res.Clients {
		if c.Tier == "critical" || c.Tier == "high" {
			risky = append(risky, l.T("nr_risky_item", "Client", b.clientName(c.Client.ID, c.Client.Name), "Tier", tierName(l, c.Tier), "Score", c.Score))
		}
	}
	switch {
	case len(risky) == 0:
		out = append(out, l.T("nr_no_risky"))
	case len(risky) <= 4:
		out = append(out, l.T("nr_risky_few", "Clients", strings.Join(risky, ", ")))
	default:
		out = append(out, l.T("nr_risky_many", "Count", len(risky), "Clients", strings.Join(risky[:3], ", ")))
	}
	if !res.OpenOnly {
		out = append(out, b.flagMoves())
	}
	return out
}

func (b *viewBuilder) flagMoves() string {
	ch, l := b.res.Changes, b.lang
	list := func(changes []metrics.FlagChange) string {
		var parts []string
		for _, f := range changes[:min(4, len(changes))] {
			parts = append(parts, l.T("nr_flag_on", "Flag", flagName(l, f.Flag), "Client", b.clientName(f.Client.ID, f.Client.Name)))
		}
		if len(changes) > 4 {
			parts = append(parts, l.T("nr_more", "Count", len(changes)-4))
		}
		return strings.Join(parts, ", ")
	}
	since := b.date(b.res.PreviousEnd)
	switch {
	case len(ch.Raised) == 0 && len(ch.Cleared) == 0:
		return l.T("nr_no_moves", "Date", since)
	case len(ch.Cleared) == 0:
		return l.T("nr_raised_only", "Date", since, "Raised", list(ch.Raised))
	case len(ch.Raised) == 0:
		return l.T("nr_cleared_only", "Date", since, "Cleared", list(ch.Cleared))
	}
	return l.T("nr_raised_cleared", "Date", since, "Raised", list(ch.Raised), "Cleared", list(ch.Cleared))
}

func ptr(v float64) *float64 { return &v }
