package render

import (
	"slices"
	"sort"
	"strings"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/ledger"
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
			movers = append(movers, l.T("nr_mover", "Client", b.clientLink(c.Client), "Change", loc.SignedDays(&days)))
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
			risky = append(risky, l.T("nr_risky_item", "Client", b.clientLink(c.Client), "Tier", tierName(l, c.Tier), "Score", c.Score))
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

// flagMoves says which flags were raised and cleared since the previous
// month end, grouped by client: every raised flag of a client at high or
// critical risk is named; of the others the first few, then a count.
// Every client named links to where it is explained.
func (b *viewBuilder) flagMoves() string {
	ch, l := b.res.Changes, b.lang
	since := b.date(b.res.PreviousEnd)
	switch {
	case len(ch.Raised) == 0 && len(ch.Cleared) == 0:
		return l.T("nr_no_moves", "Date", since)
	case len(ch.Cleared) == 0:
		return l.T("nr_raised_only", "Date", since, "Raised", b.flagGroups(ch.Raised, true))
	case len(ch.Raised) == 0:
		return l.T("nr_cleared_only", "Date", since, "Cleared", b.flagGroups(ch.Cleared, false))
	}
	return l.T("nr_raised_cleared", "Date", since, "Raised", b.flagGroups(ch.Raised, true), "Cleared", b.flagGroups(ch.Cleared, false))
}

// othersNamed is how many clients outside high and critical risk a list of
// flag changes names before it counts the rest.
const othersNamed = 4

// flagGroups writes flag changes grouped by client, clients at high or
// critical risk first (all of them, when raised), by score.
func (b *viewBuilder) flagGroups(changes []metrics.FlagChange, raised bool) string {
	l := b.lang
	type group struct {
		ledgerClient *ledger.Client
		client       *metrics.ClientResult // nil when it is not among the clients
		flags        []string
	}
	var groups []*group
	byClient := map[string]*group{}
	for _, f := range changes {
		g := byClient[f.Client.ID]
		if g == nil {
			g = &group{ledgerClient: f.Client, client: b.rep.resultOf(f.Client)}
			byClient[f.Client.ID] = g
			groups = append(groups, g)
		}
		g.flags = append(g.flags, flagName(l, f.Flag))
	}
	score := func(g *group) int {
		if g.client == nil {
			return -1
		}
		return g.client.Score
	}
	slices.SortStableFunc(groups, func(x, y *group) int { return score(y) - score(x) })
	var parts []string
	others, moreFlags, moreClients := 0, 0, 0
	for _, g := range groups {
		severe := g.client != nil && (g.client.Tier == "critical" || g.client.Tier == "high")
		if !(severe && raised) && others == othersNamed {
			moreFlags += len(g.flags)
			moreClients++
			continue
		}
		if !(severe && raised) {
			others++
		}
		parts = append(parts, l.T("nr_flags_of", "Client", b.clientLink(g.ledgerClient), "Flags", strings.Join(g.flags, ", ")))
	}
	if moreClients > 0 {
		parts = append(parts, l.T("nr_others", "Flags", moreFlags, "Clients", moreClients))
	}
	return strings.Join(parts, "; ")
}

// clientLink names a client with a link to where the report explains it:
// its details when it is shown in full, else the aged debtors list when it
// has an open balance.
func (b *viewBuilder) clientLink(client *ledger.Client) string {
	name := b.clientName(client.ID, client.Name)
	if b.plain {
		return name
	}
	if anchor := b.rep.anchorOf(client); anchor != "" {
		return "[" + name + "](#" + anchor + ")"
	}
	if c := b.rep.resultOf(client); c != nil && c.Open != 0 {
		return "[" + name + "](#aged-debtors)"
	}
	return name
}

func ptr(v float64) *float64 { return &v }
