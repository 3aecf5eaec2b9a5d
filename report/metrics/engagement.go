package metrics

import (
	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
)

// The engagement flags: the client whose decision maker stops answering.
// They rest on an activity export (reminders, calls, replies, promises)
// and never fire without one.
const (
	RemindersIgnored = "reminders-ignored"
	BrokenPromise    = "broken-promise"
	GoneQuiet        = "gone-quiet"
)

// RemindersIgnoredEvidence: Count outreach events from First to Last, and
// no reply and no payment since First.
type RemindersIgnoredEvidence struct {
	Count       int
	First, Last civil.Date
}

// BrokenPromiseEvidence: on Made the client promised Amount (when
// HasAmount) by Promised, and had paid Paid by PaidBy (Promised plus the
// grace days).
type BrokenPromiseEvidence struct {
	Made, Promised, PaidBy civil.Date
	Amount                 money.Cents
	HasAmount              bool
	Paid                   money.Cents
}

// GoneQuietEvidence: Count outreach events since Since, no reply, and an
// invoice OldestDPD days past due.
type GoneQuietEvidence struct {
	Count     int
	Since     civil.Date
	OldestDPD int
}

func (RemindersIgnoredEvidence) FlagID() string { return RemindersIgnored }
func (BrokenPromiseEvidence) FlagID() string    { return BrokenPromise }
func (GoneQuietEvidence) FlagID() string        { return GoneQuiet }

// replied reports whether the client replied (a reply, promise or
// dispute, or its last-contact date) on a day in [from, to].
func replied(c *ledger.Client, from, to civil.Date) bool {
	if c.HasLastContact && c.LastContact >= from && c.LastContact <= to {
		return true
	}
	for _, a := range c.Activities {
		if a.Kind.Reply() && a.Date >= from && a.Date <= to {
			return true
		}
	}
	return false
}

// paidIn adds up the client's payments dated in [from, to].
func paidIn(c *ledger.Client, from, to civil.Date) money.Cents {
	var paid money.Cents
	for inv := range c.Invoices.All() {
		for p := range c.Payments(inv) {
			if p.Amount > 0 && p.Date >= from && p.Date <= to {
				paid += p.Amount
			}
		}
	}
	return paid
}

// outreachIn lists the dates of our outreach to the client in (from, to].
func outreachIn(c *ledger.Client, from, to civil.Date) []civil.Date {
	var dates []civil.Date
	for _, a := range c.Activities {
		if a.Kind.Outreach() && a.Date > from && a.Date <= to {
			dates = append(dates, a.Date)
		}
	}
	return dates
}

// remindersIgnored: overdue, at least RemindersMin outreach events in the
// last EngagementDays, and neither a reply nor a payment since the first.
func remindersIgnored(c *ledger.Client, t civil.Date, overdue money.Cents, rules Rules) (RemindersIgnoredEvidence, bool) {
	dates := outreachIn(c, t.AddDays(-rules.EngagementDays), t)
	if overdue <= 0 || len(dates) < rules.RemindersMin {
		return RemindersIgnoredEvidence{}, false
	}
	first, last := dates[0], dates[len(dates)-1]
	if replied(c, first, t) || paidIn(c, first, t) > 0 {
		return RemindersIgnoredEvidence{}, false
	}
	return RemindersIgnoredEvidence{Count: len(dates), First: first, Last: last}, true
}

// brokenPromise: a promise made in the lookback whose date (plus the
// grace days) has passed without the promised amount paid; the latest
// such promise is the evidence. A promise without a promised date is not
// judged; one without an amount is broken by no payment at all.
func brokenPromise(c *ledger.Client, t civil.Date, lookback int, rules Rules) (BrokenPromiseEvidence, bool) {
	from := lookbackStart(t, lookback)
	var ev BrokenPromiseEvidence
	found := false
	for _, a := range c.Activities {
		if a.Kind != input.ActivityPromise || !a.HasPromised || a.Date < from || a.Date > t || a.Promised > t.AddDays(-rules.PromiseGrace) {
			continue
		}
		by := a.Promised.AddDays(rules.PromiseGrace)
		paid := paidIn(c, a.Date, by)
		broken := paid == 0
		if a.HasAmount {
			broken = paid < a.Amount
		}
		if broken && (!found || a.Date >= ev.Made) {
			ev = BrokenPromiseEvidence{Made: a.Date, Promised: a.Promised, PaidBy: by, Amount: a.Amount, HasAmount: a.HasAmount, Paid: paid}
			found = true
		}
	}
	return ev, found
}

// goneQuiet: an invoice more than QuietDPD days past due, outreach in the
// last QuietDays, and no reply in that window.
func goneQuiet(c *ledger.Client, t civil.Date, oldestDPD int, rules Rules) (GoneQuietEvidence, bool) {
	since := t.AddDays(-rules.QuietDays)
	dates := outreachIn(c, since, t)
	if oldestDPD <= rules.QuietDPD || len(dates) == 0 || replied(c, since.AddDays(1), t) {
		return GoneQuietEvidence{}, false
	}
	return GoneQuietEvidence{Count: len(dates), Since: since.AddDays(1), OldestDPD: oldestDPD}, true
}
