package metrics

import (
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
// paid, using only what was known at t; credits are open balances below 0.
func expect(l *ledger.Ledger, t civil.Date, p Params) (list []expectation, credits money.Cents, portfolioADL float64) {
	from := lookbackStart(t, p.Lookback)
	var all settledStats
	for _, c := range l.Clients {
		all.merge(settledIn(c, from, t))
	}
	if all.n > 0 && all.weight > 0 {
		portfolioADL = all.adl()
	}
	for _, c := range l.Clients {
		adl := portfolioADL
		if s := settledIn(c, from, t); s.n >= forecastMinSettled && s.weight > 0 {
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
			list = append(list, e)
		}
	}
	return list, credits, portfolioADL
}

// forecast makes the 13-week forecast at as-of and its track record.
func forecast(l *ledger.Ledger, p Params) Forecast {
	t := p.AsOf
	list, credits, adl := expect(l, t, p)
	f := Forecast{Credits: credits, PortfolioADL: adl}
	for k := 1; k <= forecastWeeks; k++ {
		f.Weeks = append(f.Weeks, ForecastWeek{Start: t.AddDays(7*(k-1) + 1), End: t.AddDays(7 * k)})
	}
	for _, e := range list {
		switch week := (int(e.expected-t) + 6) / 7; {
		case e.doubtful:
			f.Doubtful += e.open
		case week <= forecastWeeks:
			f.Weeks[week-1].Amount += e.open
		default:
			f.AfterWeeks += e.open
		}
	}
	var sum float64
	n := 0
	for m := trackMonths; m >= 1; m-- {
		end := (civil.MonthOf(t) - civil.Month(m)).Last()
		pt := trackPoint(l, end, p)
		if pt.Error != nil {
			sum += *pt.Error
			n++
		}
		f.Track = append(f.Track, pt)
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
	list, _, _ := expect(l, t, p)
	until := t.AddDays(trackDays)
	pt := TrackPoint{End: t}
	for _, e := range list {
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
	}
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
