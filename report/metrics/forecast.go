package metrics

import (
	"sync"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
)

// forecastWeeks is how many weeks the cash-in forecast covers.
const forecastWeeks = 13

// forecastMinSettled is how many invoices a client must have settled in
// the lookback for its own ADL to set its expected days.
const forecastMinSettled = 3

// trackMonths and trackDays: the track record looks at the forecasts made
// at the 6 month ends before the as-of month, for the 28 days after each.
const (
	trackMonths = 6
	trackDays   = 28
)

// Forecast is the expected receipts of the open invoices, week by week.
// Weeks, AfterWeeks, Doubtful and Credits add up to AR to the cent.
type Forecast struct {
	Weeks      []ForecastWeek // 13, week k covering (as-of + 7(k-1), as-of + 7k]
	AfterWeeks money.Cents    // expected after the 13 weeks
	// Doubtful is not forecast: open invoices more than SevereDays past
	// due, or of a client that stopped paying.
	Doubtful money.Cents
	// Credits are open balances below 0 (credit notes, overpaid invoices):
	// to settle, not to receive.
	Credits money.Cents
	// PortfolioADL is the ADL used for clients with fewer than
	// ChronicMinSettled settled invoices.
	PortfolioADL float64
	Track        []TrackPoint // oldest first
	// MeanError is the mean of the defined errors of Track; nil when none is.
	MeanError *float64
}

// ForecastWeek is one week of expected receipts.
type ForecastWeek struct {
	Start, End civil.Date // Start is the day after the previous week's End
	Amount     money.Cents
}

// TrackPoint is the forecast made at a month end for the 28 days after
// it, against what came in on the invoices open then.
type TrackPoint struct {
	End      civil.Date
	Forecast money.Cents
	Actual   money.Cents
	// Error is |forecast - actual| / actual; nil when actual is 0.
	Error *float64
}

// expectation is the part of a forecast made at a date that the track
// record and the weeks share: each invoice's expected day, or doubtful.
type expectation struct {
	inv      *ledger.Invoice
	open     money.Cents
	expected civil.Date // valid when !doubtful
	doubtful bool
}

// expect finds, at t, when each open positive invoice is expected to be
// paid, using only what was known at t, and hands each to visit; credits
// are open balances below 0.
func expect(l *ledger.Ledger, t civil.Date, p Params, visit func(expectation)) (credits money.Cents, portfolioADL float64) {
	from := lookbackStart(t, p.Lookback)
	var all settledStats
	stats := make([]settledStats, len(l.Clients))
	for i, c := range l.Clients {
		stats[i] = settledIn(c, from, t)
		all.merge(stats[i])
	}
	if all.n > 0 && all.weight > 0 {
		portfolioADL = all.adl()
	}
	for i, c := range l.Clients {
		adl := portfolioADL
		if s := stats[i]; s.n >= forecastMinSettled && s.weight > 0 {
			adl = s.adl()
		}
		var overdue money.Cents
		for _, inv := range c.Invoices {
			if inv.Issue > t {
				break
			}
			if o := inv.OpenAt(t); o != 0 && t > inv.Due {
				overdue += o
			}
		}
		stopped, _ := stoppedPaying(c, t, overdue, p.Rules)
		lag := int(roundHalfAway(adl))
		for _, inv := range c.Invoices {
			if inv.Issue > t {
				break
			}
			o := inv.OpenAt(t)
			switch {
			case o < 0:
				credits += o
				continue
			case o == 0 || inv.Amount <= 0:
				continue
			}
			e := expectation{inv: inv, open: o}
			if stopped || int(t-inv.Due) > p.Rules.SevereDays {
				e.doubtful = true
			} else if e.expected = inv.Due.AddDays(lag); e.expected <= t {
				e.expected = t + 1 // already due: expected in the first week
			}
			visit(e)
		}
	}
	return credits, portfolioADL
}

// forecast makes the 13-week forecast at as-of and its track record.
func forecast(l *ledger.Ledger, p Params) Forecast {
	t := p.AsOf
	// The track record's month ends are independent of each other and of
	// the forecast at as-of: each is worked out on a core of its own.
	f := Forecast{Track: make([]TrackPoint, trackMonths)}
	var wg sync.WaitGroup
	for m := trackMonths; m >= 1; m-- {
		wg.Go(func() { f.Track[trackMonths-m] = trackPoint(l, (civil.MonthOf(t) - civil.Month(m)).Last(), p) })
	}
	for k := 1; k <= forecastWeeks; k++ {
		f.Weeks = append(f.Weeks, ForecastWeek{Start: t.AddDays(7*(k-1) + 1), End: t.AddDays(7 * k)})
	}
	f.Credits, f.PortfolioADL = expect(l, t, p, func(e expectation) {
		switch week := (int(e.expected-t) + 6) / 7; {
		case e.doubtful:
			f.Doubtful += e.open
		case week <= forecastWeeks:
			f.Weeks[week-1].Amount += e.open
		default:
			f.AfterWeeks += e.open
		}
	})
	wg.Wait()
	var sum float64
	n := 0
	for _, pt := range f.Track {
		if pt.Error != nil {
			sum += *pt.Error
			n++
		}
	}
	if n > 0 {
		mean := sum / float64(n)
		f.MeanError = &mean
	}
	return f
}

// trackPoint compares the forecast made at t for (t, t+28] with the
// receipts then on the invoices open at t, each capped at its open amount.
func trackPoint(l *ledger.Ledger, t civil.Date, p Params) TrackPoint {
	until := t.AddDays(trackDays)
	pt := TrackPoint{End: t}
	expect(l, t, p, func(e expectation) {
		if !e.doubtful && e.expected <= until {
			pt.Forecast += e.open
		}
		var got money.Cents
		for _, pay := range e.inv.Payments {
			if pay.Date > t && pay.Date <= until {
				got += pay.Amount
			}
		}
		pt.Actual += min(max(got, 0), e.open)
	})
	if pt.Actual != 0 {
		diff := float64(pt.Forecast - pt.Actual)
		if diff < 0 {
			diff = -diff
		}
		e := diff / float64(pt.Actual)
		pt.Error = &e
	}
	return pt
}

// roundHalfAway rounds to a whole number, half away from zero.
func roundHalfAway(v float64) float64 {
	if v < 0 {
		return -roundHalfAway(-v)
	}
	return float64(int64(v + 0.5))
}
