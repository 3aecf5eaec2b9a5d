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
	var slowEv SlowingEvidence
	var stopEv StoppedPayingEvidence
	var partEv PartialPaymentsEvidence
	var riseEv RisingBalanceEvidence
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
		add(OverCreditLimit, rules.Weights[OverCreditLimit], OverCreditLimitEvidence{Open: r.Open, Limit: c.CreditLimit})
	}
	if ev, ok := disputes(c, t, p.Lookback, rules); ok {
		add(Disputes, rules.Weights[Disputes], ev)
	}
	if ev, ok := earlyWarning(c, t, p.Lookback, rules); ok && history {
		add(EarlyWarning, rules.Weights[EarlyWarning], ev)
	}
	ignored, broken := false, false
	if ev, ok := remindersIgnored(c, t, r.Overdue, rules); ok {
		add(RemindersIgnored, rules.Weights[RemindersIgnored], ev)
		ignored = true
	}
	if ev, ok := brokenPromise(c, t, p.Lookback, rules); ok {
		add(BrokenPromise, rules.Weights[BrokenPromise], ev)
		broken = true
	}
	if ev, ok := goneQuiet(c, t, r.OldestDPD, rules); ok {
		add(GoneQuiet, rules.Weights[GoneQuiet], ev)
	}
	if r.Share != nil && atLeast(*r.Share, rules.ConcentrationShare) {
		add(Concentration, rules.Weights[Concentration], ConcentrationEvidence{Share: *r.Share, Open: r.Open})
	}
	if slowing || stopped {
		var parts []string
		for _, f := range flags {
			switch f.ID {
			case Slowing, StoppedPaying, RisingBalance, PartialPayments, SeverelyOverdue, RemindersIgnored, BrokenPromise:
				parts = append(parts, f.ID)
			}
		}
		if rising || partial || severeWeight > 0 || ignored || broken {
			add(GoingSouth, rules.Weights[GoingSouth], GoingSouthEvidence{Parts: parts})
		}
	}
	return flags
}

// chronicLate: enough settled invoices, and too few on time or too late on
// average.
func chronicLate(pay Paying, rules Rules) (ChronicLateEvidence, bool) {
	if pay.Settled < rules.ChronicMinSettled {
		return ChronicLateEvidence{}, false
	}
	rate, adl := *pay.OnTimeRate, *pay.ADL
	if rate < rules.ChronicOnTimeBelow-floatTolerance || above(adl, rules.ChronicLateDays) {
		return ChronicLateEvidence{Late: pay.Settled - pay.OnTime, Settled: pay.Settled, AvgDaysLate: adl, OnTimeRate: rate}, true
	}
	return ChronicLateEvidence{}, false
}

// slowingCheck compares ADP of the recent months with the months before.
func slowingCheck(c *ledger.Client, t civil.Date, rules Rules) (bool, SlowingEvidence) {
	m := civil.MonthOf(t)
	recentFirst := (m - civil.Month(rules.SlowingRecentMonths-1)).First()
	priorFirst := (m - civil.Month(rules.SlowingRecentMonths+rules.SlowingPriorMonths-1)).First()
	recent := settledIn(c, recentFirst, t)
	prior := settledIn(c, priorFirst, recentFirst-1)
	if recent.n < rules.SlowingMinEach || prior.n < rules.SlowingMinEach {
		return false, SlowingEvidence{}
	}
	now, before := recent.adp(), prior.adp()
	rise := now - before
	grew := before <= 0 || atLeast(rise/before, rules.SlowingGrowth)
	if !atLeast(rise, rules.SlowingDays) || !grew {
		return false, SlowingEvidence{}
	}
	return true, SlowingEvidence{RecentADP: now, RecentCount: recent.n, PriorADP: before, PriorCount: prior.n,
		RecentFrom: recentFirst, PriorFrom: priorFirst, PriorMonths: rules.SlowingPriorMonths}
}

// stoppedPaying: overdue, and no payment in the last StoppedDays days.
func stoppedPaying(c *ledger.Client, t civil.Date, overdue money.Cents, rules Rules) (bool, StoppedPayingEvidence) {
	if overdue <= 0 {
		return false, StoppedPayingEvidence{}
	}
	var last civil.Date
	has := false
	for inv := range c.Invoices.All() {
		for pay := range c.Payments(inv) {
			if pay.Date <= t && (!has || pay.Date > last) {
				last, has = pay.Date, true
			}
		}
	}
	if has && last > t.AddDays(-rules.StoppedDays) {
		return false, StoppedPayingEvidence{}
	}
	ev := StoppedPayingEvidence{Overdue: overdue, DaysSince: rules.StoppedDays}
	if has {
		ev.LastPayment, ev.HasPayment, ev.DaysSince = last, true, int(t-last)
	}
	return true, ev
}

// severelyOverdue returns the weight earned by the most overdue open
// invoice: full beyond SevereDays, half (rounded up) beyond WatchDays.
func severelyOverdue(c *ledger.Client, t civil.Date, rules Rules) (int, SeverelyOverdueEvidence) {
	maxDPD, worst := 0, ""
	for inv := range c.Invoices.All() {
		if inv.Issue > t {
			break
		}
		if inv.Amount <= 0 || c.OpenAt(inv, t) <= 0 {
			continue
		}
		if dpd := int(t - inv.Due); dpd > maxDPD {
			maxDPD, worst = dpd, c.InvoiceNo(inv)
		}
	}
	threshold, weight := rules.SevereDays, rules.Weights[SeverelyOverdue]
	switch {
	case maxDPD > rules.SevereDays:
	case maxDPD > rules.WatchDays:
		threshold, weight = rules.WatchDays, (weight+1)/2
	default:
		return 0, SeverelyOverdueEvidence{}
	}
	ev := SeverelyOverdueEvidence{Worst: worst, WorstDays: maxDPD, Threshold: threshold}
	for inv := range c.Invoices.All() {
		if inv.Issue > t {
			break
		}
		if o := c.OpenAt(inv, t); inv.Amount > 0 && o > 0 && int(t-inv.Due) > threshold {
			ev.Count++
			ev.Amount += o
		}
	}
	return weight, ev
}

// partialPayments counts invoices issued in the window that were paid in
// part and are still open, and those settled by several payments.
func partialPayments(c *ledger.Client, t civil.Date, rules Rules) (bool, PartialPaymentsEvidence) {
	from := (civil.MonthOf(t) - civil.Month(rules.PartialMonths-1)).First()
	ev := PartialPaymentsEvidence{Since: from}
	for inv := range c.Invoices.All() {
		if inv.Issue > t {
			break
		}
		if inv.Amount <= 0 || inv.Issue < from {
			continue
		}
		switch {
		case inv.SettledBy(t):
			if c.PaymentsBy(inv, inv.Settled) >= 2 {
				ev.SplitSettled++
			}
		case c.PaymentsBy(inv, t) > 0 && c.OpenAt(inv, t) > 0:
			ev.PaidInPart++
		}
	}
	return ev.PaidInPart+ev.SplitSettled >= rules.PartialMin, ev
}

// risingBalance: the open balance rose at each of the last month ends while
// sales did not.
func risingBalance(c *ledger.Client, t civil.Date, rules Rules) (bool, RisingBalanceEvidence) {
	m := civil.MonthOf(t)
	later := clientOpenAt(c, t)
	laterSales := clientSales(c, m.First(), t)
	for k := 1; k <= rules.RisingSteps; k++ {
		e := (m - civil.Month(k)).Last()
		open := clientOpenAt(c, e)
		sales := clientSales(c, (m - civil.Month(k)).First(), e)
		if later <= open || laterSales > sales {
			return false, RisingBalanceEvidence{}
		}
		later, laterSales = open, sales
	}
	first := (m - civil.Month(rules.RisingSteps)).Last()
	return true, RisingBalanceEvidence{To: clientOpenAt(c, t), ToDate: t, From: later, FromDate: first, Steps: rules.RisingSteps}
}

// disputes: credit notes and disputed invoices as a share of invoicing in
// the lookback, or several disputed invoices.
func disputes(c *ledger.Client, t civil.Date, lookback int, rules Rules) (DisputesEvidence, bool) {
	from := lookbackStart(t, lookback)
	var ev DisputesEvidence
	for inv := range c.Invoices.All() {
		if inv.Issue > t {
			break
		}
		if inv.Issue < from {
			continue
		}
		switch {
		case inv.Amount < 0:
			ev.Amount -= inv.Amount
			ev.CreditNotes++
		case inv.Amount > 0:
			ev.Invoiced += inv.Amount
			if inv.Disputed() {
				ev.Amount += inv.Amount
				ev.Disputed++
			}
		}
	}
	if ev.Invoiced > 0 {
		ev.Share = float64(ev.Amount) / float64(ev.Invoiced)
	}
	byShare := ev.Amount > 0 && float64(ev.Amount) >= rules.DisputeShare*float64(ev.Invoiced)-floatTolerance
	return ev, byShare || ev.Disputed >= rules.DisputeCount
}

// earlyWarning: a client new within the lookback whose first invoices were
// paid late or are overdue.
func earlyWarning(c *ledger.Client, t civil.Date, lookback int, rules Rules) (EarlyWarningEvidence, bool) {
	// The client's invoices (positive, issued by t) are looked at twice
	// rather than gathered: most clients are old, and stop at the check.
	counts := func(inv *ledger.Invoice) bool { return inv.Amount > 0 && inv.Issue <= t }
	start, ok := c.Start, c.HasStart
	if !ok {
		for inv := range c.Invoices.All() {
			if counts(inv) {
				start, ok = inv.Issue, true
				break
			}
		}
	}
	if !ok || start < lookbackStart(t, lookback) || start > t {
		return EarlyWarningEvidence{}, false
	}
	end := start.AddMonths(rules.EarlyMonths)
	var picked []*ledger.Invoice
	for inv := range c.Invoices.All() {
		if counts(inv) && inv.Issue >= start && inv.Issue < end {
			picked = append(picked, inv)
		}
	}
	// Invoices are sorted by date, then number, already; keep it explicit.
	sort.SliceStable(picked, func(i, j int) bool {
		if picked[i].Issue != picked[j].Issue {
			return picked[i].Issue < picked[j].Issue
		}
		return c.InvoiceNo(picked[i]) < c.InvoiceNo(picked[j])
	})
	picked = picked[:min(len(picked), rules.EarlyInvoices)]
	ev := EarlyWarningEvidence{Start: start, First: len(picked)}
	for _, inv := range picked {
		late := inv.SettledBy(t) && inv.Settled > inv.Due
		overdue := !inv.SettledBy(t) && c.OpenAt(inv, t) > 0 && t > inv.Due
		if late || overdue {
			ev.Bad++
		}
	}
	return ev, ev.Bad >= rules.EarlyMinBad
}
