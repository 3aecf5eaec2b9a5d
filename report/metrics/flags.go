package metrics

import (
	"sort"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
)

// Flag is a risk flag raised on a client, with the facts behind it. The
// renderer turns Evidence into the one-line sentence of the report.
type Flag struct {
	ID       string
	Weight   int
	Evidence Evidence
}

// Evidence holds the numbers behind a flag. Which fields are set depends on
// the flag; see each check for their meaning.
type Evidence struct {
	Count, Count2, Of int
	Days, Days2       float64
	Amount, Amount2   money.Cents
	Share             float64
	Invoice           string
	Date, Date2       civil.Date
	HasDate           bool
	Parts             []string // going-south: the flags it combines
}

// HistoryFlags are the flags that need payment dates or earlier balances,
// which an open-item list does not have.
var HistoryFlags = []string{ChronicLate, Slowing, StoppedPaying, PartialPayments, RisingBalance, EarlyWarning, GoingSouth}

// evaluateFlags runs every check for the client at t, in FlagOrder; with
// history false, only those that rest on today's balances.
func evaluateFlags(c *ledger.Client, t civil.Date, p Params, r *ClientResult, history bool) []Flag {
	rules := p.Rules
	var flags []Flag
	add := func(id string, weight int, ev Evidence) {
		flags = append(flags, Flag{ID: id, Weight: weight, Evidence: ev})
	}
	var slowing, stopped, partial, rising bool
	var slowEv, stopEv, partEv, riseEv Evidence
	if history {
		if ev, ok := chronicLate(r.Paying, rules); ok {
			add(ChronicLate, rules.Weights[ChronicLate], ev)
		}
		if slowing, slowEv = slowingCheck(c, t, rules); slowing {
			add(Slowing, rules.Weights[Slowing], slowEv)
		}
		if stopped, stopEv = stoppedPaying(c, t, r.Overdue, rules); stopped {
			add(StoppedPaying, rules.Weights[StoppedPaying], stopEv)
		}
	}
	severeWeight, sevEv := severelyOverdue(c, t, rules)
	if severeWeight > 0 {
		add(SeverelyOverdue, severeWeight, sevEv)
	}
	if history {
		if partial, partEv = partialPayments(c, t, rules); partial {
			add(PartialPayments, rules.Weights[PartialPayments], partEv)
		}
		if rising, riseEv = risingBalance(c, t, rules); rising {
			add(RisingBalance, rules.Weights[RisingBalance], riseEv)
		}
	}
	if c.HasCreditLimit && r.Open > c.CreditLimit {
		add(OverCreditLimit, rules.Weights[OverCreditLimit], Evidence{Amount: r.Open, Amount2: c.CreditLimit})
	}
	if ev, ok := disputes(c, t, p.Lookback, rules); ok {
		add(Disputes, rules.Weights[Disputes], ev)
	}
	if ev, ok := earlyWarning(c, t, p.Lookback, rules); ok && history {
		add(EarlyWarning, rules.Weights[EarlyWarning], ev)
	}
	if r.Share != nil && atLeast(*r.Share, rules.ConcentrationShare) {
		add(Concentration, rules.Weights[Concentration], Evidence{Share: *r.Share, Amount: r.Open})
	}
	if slowing || stopped {
		var parts []string
		for _, f := range flags {
			switch f.ID {
			case Slowing, StoppedPaying, RisingBalance, PartialPayments, SeverelyOverdue:
				parts = append(parts, f.ID)
			}
		}
		if rising || partial || severeWeight > 0 {
			add(GoingSouth, rules.Weights[GoingSouth], Evidence{Parts: parts})
		}
	}
	return flags
}

// chronicLate: enough settled invoices, and too few on time or too late on
// average. Evidence: Count late of Of settled, Days = ADL, Share = on-time rate.
func chronicLate(pay Paying, rules Rules) (Evidence, bool) {
	if pay.Settled < rules.ChronicMinSettled {
		return Evidence{}, false
	}
	rate, adl := *pay.OnTimeRate, *pay.ADL
	if rate < rules.ChronicOnTimeBelow-floatTolerance || above(adl, rules.ChronicLateDays) {
		return Evidence{Count: pay.Settled - pay.OnTime, Of: pay.Settled, Days: adl, Share: rate}, true
	}
	return Evidence{}, false
}

// slowingCheck compares ADP of the recent months with the months before.
// Evidence: Days = recent ADP over Count invoices, Days2 = earlier ADP over
// Of invoices.
func slowingCheck(c *ledger.Client, t civil.Date, rules Rules) (bool, Evidence) {
	m := civil.MonthOf(t)
	recentFirst := (m - civil.Month(rules.SlowingRecentMonths-1)).First()
	priorFirst := (m - civil.Month(rules.SlowingRecentMonths+rules.SlowingPriorMonths-1)).First()
	recent := settledIn(c, recentFirst, t)
	prior := settledIn(c, priorFirst, recentFirst-1)
	if recent.n < rules.SlowingMinEach || prior.n < rules.SlowingMinEach {
		return false, Evidence{}
	}
	now, before := recent.adp(), prior.adp()
	rise := now - before
	grew := before <= 0 || atLeast(rise/before, rules.SlowingGrowth)
	if !atLeast(rise, rules.SlowingDays) || !grew {
		return false, Evidence{}
	}
	return true, Evidence{Days: now, Count: recent.n, Days2: before, Of: prior.n, Date: recentFirst, Date2: priorFirst}
}

// stoppedPaying: overdue, and no payment in the last StoppedDays days.
// Evidence: Amount = overdue, Date = last payment (HasDate) and Count = days since.
func stoppedPaying(c *ledger.Client, t civil.Date, overdue money.Cents, rules Rules) (bool, Evidence) {
	if overdue <= 0 {
		return false, Evidence{}
	}
	var last civil.Date
	has := false
	for _, inv := range c.Invoices {
		for _, pay := range inv.Payments {
			if pay.Date <= t && (!has || pay.Date > last) {
				last, has = pay.Date, true
			}
		}
	}
	if has && last > t.AddDays(-rules.StoppedDays) {
		return false, Evidence{}
	}
	ev := Evidence{Amount: overdue, Count: rules.StoppedDays}
	if has {
		ev.Date, ev.HasDate, ev.Count = last, true, int(t-last)
	}
	return true, ev
}

// severelyOverdue returns the weight earned by the most overdue open
// invoice: full beyond SevereDays, half (rounded up) beyond WatchDays.
// Evidence: Invoice and Days = the most overdue; Count invoices beyond the
// band's threshold holding Amount; Days2 = the threshold.
func severelyOverdue(c *ledger.Client, t civil.Date, rules Rules) (int, Evidence) {
	maxDPD, worst := 0, ""
	for _, inv := range c.Invoices {
		if inv.Issue > t {
			break
		}
		if inv.Amount <= 0 || inv.OpenAt(t) <= 0 {
			continue
		}
		if dpd := int(t - inv.Due); dpd > maxDPD {
			maxDPD, worst = dpd, inv.No
		}
	}
	threshold, weight := rules.SevereDays, rules.Weights[SeverelyOverdue]
	switch {
	case maxDPD > rules.SevereDays:
	case maxDPD > rules.WatchDays:
		threshold, weight = rules.WatchDays, (weight+1)/2
	default:
		return 0, Evidence{}
	}
	ev := Evidence{Invoice: worst, Days: float64(maxDPD), Days2: float64(threshold)}
	for _, inv := range c.Invoices {
		if inv.Issue > t {
			break
		}
		if o := inv.OpenAt(t); inv.Amount > 0 && o > 0 && int(t-inv.Due) > threshold {
			ev.Count++
			ev.Amount += o
		}
	}
	return weight, ev
}

// partialPayments counts invoices issued in the window that were paid in
// part and are still open, and those settled by several payments.
// Evidence: Count = part-paid and open, Count2 = settled in several
// payments, Date = the window's first day.
func partialPayments(c *ledger.Client, t civil.Date, rules Rules) (bool, Evidence) {
	from := (civil.MonthOf(t) - civil.Month(rules.PartialMonths-1)).First()
	ev := Evidence{Date: from}
	for _, inv := range c.Invoices {
		if inv.Issue > t {
			break
		}
		if inv.Amount <= 0 || inv.Issue < from {
			continue
		}
		switch {
		case inv.SettledBy(t):
			if inv.PaymentsBy(inv.Settled) >= 2 {
				ev.Count2++
			}
		case inv.PaymentsBy(t) > 0 && inv.OpenAt(t) > 0:
			ev.Count++
		}
	}
	return ev.Count+ev.Count2 >= rules.PartialMin, ev
}

// risingBalance: the open balance rose at each of the last month ends while
// sales did not. Evidence: Amount2 at Date2 (the earliest) rose to Amount at Date.
func risingBalance(c *ledger.Client, t civil.Date, rules Rules) (bool, Evidence) {
	m := civil.MonthOf(t)
	later := clientOpenAt(c, t)
	laterSales := clientSales(c, m.First(), t)
	for k := 1; k <= rules.RisingSteps; k++ {
		e := (m - civil.Month(k)).Last()
		open := clientOpenAt(c, e)
		sales := clientSales(c, (m - civil.Month(k)).First(), e)
		if later <= open || laterSales > sales {
			return false, Evidence{}
		}
		later, laterSales = open, sales
	}
	first := (m - civil.Month(rules.RisingSteps)).Last()
	return true, Evidence{Amount: clientOpenAt(c, t), Date: t, Amount2: later, Date2: first, Count: rules.RisingSteps}
}

// disputes: credit notes and disputed invoices as a share of invoicing in
// the lookback, or several disputed invoices. Evidence: Amount = credit
// notes plus disputed amounts, Amount2 = positive invoiced, Share, Count =
// disputed invoices, Of = credit notes.
func disputes(c *ledger.Client, t civil.Date, lookback int, rules Rules) (Evidence, bool) {
	from := lookbackStart(t, lookback)
	var ev Evidence
	for _, inv := range c.Invoices {
		if inv.Issue > t {
			break
		}
		if inv.Issue < from {
			continue
		}
		switch {
		case inv.Amount < 0:
			ev.Amount -= inv.Amount
			ev.Of++
		case inv.Amount > 0:
			ev.Amount2 += inv.Amount
			if inv.Disputed {
				ev.Amount += inv.Amount
				ev.Count++
			}
		}
	}
	if ev.Amount2 > 0 {
		ev.Share = float64(ev.Amount) / float64(ev.Amount2)
	}
	byShare := ev.Amount > 0 && float64(ev.Amount) >= rules.DisputeShare*float64(ev.Amount2)-floatTolerance
	return ev, byShare || ev.Count >= rules.DisputeCount
}

// earlyWarning: a client new within the lookback whose first invoices were
// paid late or are overdue. Evidence: Date = start, Count bad of Of first invoices.
func earlyWarning(c *ledger.Client, t civil.Date, lookback int, rules Rules) (Evidence, bool) {
	var first []*ledger.Invoice
	for _, inv := range c.Invoices {
		if inv.Amount > 0 && inv.Issue <= t {
			first = append(first, inv)
		}
	}
	start, ok := c.Start, c.HasStart
	if !ok && len(first) > 0 {
		start, ok = first[0].Issue, true
	}
	if !ok || start < lookbackStart(t, lookback) || start > t {
		return Evidence{}, false
	}
	end := start.AddMonths(rules.EarlyMonths)
	var picked []*ledger.Invoice
	for _, inv := range first {
		if inv.Issue >= start && inv.Issue < end {
			picked = append(picked, inv)
		}
	}
	// Invoices are sorted by date, then number, already; keep it explicit.
	sort.SliceStable(picked, func(i, j int) bool {
		if picked[i].Issue != picked[j].Issue {
			return picked[i].Issue < picked[j].Issue
		}
		return picked[i].No < picked[j].No
	})
	picked = picked[:min(len(picked), rules.EarlyInvoices)]
	ev := Evidence{Date: start, Of: len(picked)}
	for _, inv := range picked {
		late := inv.SettledBy(t) && inv.Settled > inv.Due
		overdue := !inv.SettledBy(t) && inv.OpenAt(t) > 0 && t > inv.Due
		if late || overdue {
			ev.Count++
		}
	}
	return ev, ev.Count >= rules.EarlyMinBad
}
