package metrics

import (
	"math"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/parallel"
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
	client   *ledger.Client // whose invoice it is
	inv      *ledger.Invoice
	open     money.Cents
	expected civil.Date // valid when !doubtful
	doubtful bool
}

// expectAt finds, at each of the dates, when each open positive invoice
// is expected to be paid, using only what was known at that date, and
// hands each to visit with the index of its date and the worker that
// found it (visit is called from every worker at once); credits are open
// balances below 0. It reads each client's invoices twice for all the
// dates, the clients split over the cores: once for what the client and
// the portfolio paid (their ADL, and whether the client stopped paying),
// once for the expectations. expect in forecast_test.go is the plain way
// at one date, which TestForecastAcrossDates holds it to.
func expectAt(l *ledger.Ledger, dates []civil.Date, p Params, visit func(w, i int, e expectation)) (credits []money.Cents, portfolioADL []float64) {
	n, clients := len(dates), len(l.Clients)
	from := make([]civil.Date, n)
	for i, t := range dates {
		from[i] = lookbackStart(t, p.Lookback)
	}
	own := make([]float64, n*clients) // a client's own ADL at a date; NaN when it settled too few
	stopped := make([]bool, n*clients)
	workers := parallel.Workers(clients)
	settled := make([][]settledStats, workers)
	parallel.Ranges(clients, func(w, lo, hi int) {
		all := make([]settledStats, n)
		for ci := lo; ci < hi; ci++ {
			c := l.Clients[ci]
			for i, t := range dates {
				k := ci*n + i
				s := settledIn(c, from[i], t)
				all[i].merge(s)
				own[k] = math.NaN()
				if s.n >= forecastMinSettled && s.weight > 0 {
					own[k] = s.adl()
				}
				stopped[k], _ = stoppedPaying(c, t, overdueAt(c, t), p.Rules)
			}
		}
		settled[w] = all
	})
	portfolioADL = make([]float64, n)
	for i := range dates {
		var all settledStats // integer sums: the order of the workers does not matter
		for _, part := range settled {
			all.merge(part[i])
		}
		if all.n > 0 && all.weight > 0 {
			portfolioADL[i] = all.adl()
		}
	}
	owed := make([][]money.Cents, workers)
	parallel.Ranges(clients, func(w, lo, hi int) {
		cr := make([]money.Cents, n)
		for ci := lo; ci < hi; ci++ {
			c := l.Clients[ci]
			for i, t := range dates {
				adl := portfolioADL[i]
				if a := own[ci*n+i]; !math.IsNaN(a) {
					adl = a
				}
				lag := int(roundHalfAway(adl))
				cr[i] += eachExpectation(c, t, lag, stopped[ci*n+i], p.Rules.SevereDays, func(e expectation) { visit(w, i, e) })
			}
		}
		owed[w] = cr
	})
	credits = make([]money.Cents, n)
	for _, cr := range owed {
		for i, v := range cr {
			credits[i] += v
		}
	}
	return credits, portfolioADL
}

// trackError is |forecast - actual| / actual; nil when actual is 0.
func trackError(forecast, actual money.Cents) *float64 {
	if actual == 0 {
		return nil
	}
	diff := float64(forecast - actual)
	if diff < 0 {
		diff = -diff
	}
	e := diff / float64(actual)
	return &e
}

// overdueAt is what the client owed past due at t.
func overdueAt(c *ledger.Client, t civil.Date) money.Cents {
	var overdue money.Cents
	for inv := range c.Invoices.All() {
		if inv.Issue > t {
			break
		}
		if o := c.OpenAt(inv, t); o != 0 && t > inv.Due {
			overdue += o
		}
	}
	return overdue
}

// eachExpectation hands visit the expectation at t of each open positive
// invoice of the client issued by t, given the client's lag (its ADL,
// rounded) and whether it had stopped paying; it returns the client's
// credits (open balances below 0).
func eachExpectation(c *ledger.Client, t civil.Date, lag int, stopped bool, severeDays int, visit func(expectation)) (credits money.Cents) {
	for inv := range c.Invoices.All() {
		if inv.Issue > t {
			break
		}
		o := c.OpenAt(inv, t)
		switch {
		case o < 0:
			credits += o
			continue
		case o == 0 || inv.Amount <= 0:
			continue
		}
		e := expectation{client: c, inv: inv, open: o}
		if stopped || int(t-inv.Due) > severeDays {
			e.doubtful = true
		} else if e.expected = inv.Due.AddDays(lag); e.expected <= t {
			e.expected = t + 1 // already due: expected in the first week
		}
		visit(e)
	}
	return credits
}

func forecast(l *ledger.Ledger, p Params) Forecast {
	t := p.AsOf
	// The track record's month ends, oldest first, then as-of: all are
	// worked out in the same two passes over the invoices.
	dates := make([]civil.Date, 0, trackMonths+1)
	for m := trackMonths; m >= 1; m-- {
		dates = append(dates, (civil.MonthOf(t) - civil.Month(m)).Last())
	}
	dates = append(dates, t)
	f := Forecast{Track: make([]TrackPoint, trackMonths)}
	for k := 1; k <= forecastWeeks; k++ {
		f.Weeks = append(f.Weeks, ForecastWeek{Start: t.AddDays(7*(k-1) + 1), End: t.AddDays(7 * k)})
	}
	// Each worker adds up its own share; the sums are of whole cents.
	type share struct {
		weeks              [forecastWeeks]money.Cents
		after, doubtful    money.Cents
		forecast, received [trackMonths]money.Cents
	}
	shares := make([]share, parallel.Workers(len(l.Clients)))
	credits, adl := expectAt(l, dates, p, func(w, i int, e expectation) {
		sh := &shares[w]
		if i < trackMonths {
			// The track record: what was forecast at the month end for
			// the 28 days after it, and what came in on the invoice.
			end := dates[i]
			until := end.AddDays(trackDays)
			if !e.doubtful && e.expected <= until {
				sh.forecast[i] += e.open
			}
			var got money.Cents
			for pay := range e.client.Payments(e.inv) {
				if pay.Date > end && pay.Date <= until {
					got += pay.Amount
				}
			}
			sh.received[i] += min(max(got, 0), e.open)
			return
		}
		switch week := (int(e.expected-t) + 6) / 7; {
		case e.doubtful:
			sh.doubtful += e.open
		case week <= forecastWeeks:
			sh.weeks[week-1] += e.open
		default:
			sh.after += e.open
		}
	})
	f.Credits, f.PortfolioADL = credits[trackMonths], adl[trackMonths]
	for _, sh := range shares {
		for k, v := range sh.weeks {
			f.Weeks[k].Amount += v
		}
		f.AfterWeeks += sh.after
		f.Doubtful += sh.doubtful
		for i := range f.Track {
			f.Track[i].Forecast += sh.forecast[i]
			f.Track[i].Actual += sh.received[i]
		}
	}
	for i := range f.Track {
		pt := &f.Track[i]
		pt.End, pt.Error = dates[i], trackError(pt.Forecast, pt.Actual)
	}
	f.MeanError = meanError(f.Track)
	return f
}

// meanError is the mean of the track record's defined errors; nil when
// none is.
func meanError(track []TrackPoint) *float64 {
	var sum float64
	n := 0
	for _, pt := range track {
		if pt.Error != nil {
			sum += *pt.Error
			n++
		}
	}
	if n == 0 {
		return nil
	}
	mean := sum / float64(n)
	return &mean
}

// roundHalfAway rounds to a whole number, half away from zero.
func roundHalfAway(v float64) float64 {
	if v < 0 {
		return -roundHalfAway(-v)
	}
	return float64(int64(v + 0.5))
}
