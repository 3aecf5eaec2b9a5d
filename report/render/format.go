// Package render turns computed metrics into the report's outputs:
// metrics.json and report.md. It formats and lays out; it never computes a
// figure (those come from package metrics).
package render

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/money"
)

// Locale is how numbers and dates are written for the reader.
type Locale struct {
	Name      string
	Thousands rune
	Decimal   rune
	Months    [12]string
}

// Locales are the supported reader locales, by name.
var Locales = map[string]Locale{
	"en": {"en", ',', '.', [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}},
	"nl": {"nl", '.', ',', [12]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}},
}

var currencySigns = map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "CHF": "CHF "}

// Money formats an amount with the currency sign and the locale's
// separators: "€1,234.56" or "-€12.00".
func (loc Locale) Money(c money.Cents, currency string) string {
	sign, ok := currencySigns[currency]
	if !ok && currency != "" {
		sign = currency + " "
	}
	s := c.Abs().Group(loc.Thousands, loc.Decimal)
	if c < 0 {
		return "-" + sign + s
	}
	return sign + s
}

// Date formats a date unambiguously: "31 Oct 2026".
func (loc Locale) Date(d civil.Date) string {
	y, m, day := d.Parts()
	return fmt.Sprintf("%d %s %d", day, loc.Months[m-1], y)
}

// MonthLabel formats a month as "Oct 2026".
func (loc Locale) MonthLabel(m civil.Month) string {
	return loc.Months[int(m)%12] + " " + strconv.Itoa(int(m)/12)
}

// Number formats v with one decimal in the locale: "1,234.5".
func (loc Locale) Number(v float64) string {
	c := money.Cents(math.Round(round1(v) * 100))
	s := c.Group(loc.Thousands, loc.Decimal)
	return strings.TrimSuffix(s, "0") // one decimal, from the two of Group
}

// Days formats a day figure to 0.1, or "n/a".
func (loc Locale) Days(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return loc.Number(*v)
}

// Percent formats a share (0 to 1) as "23.4%", or "n/a".
func (loc Locale) Percent(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return loc.Number(*v*100) + "%"
}

// SignedDays formats a change in days: "+3.2", "-1.0", "0.0", or "n/a".
func (loc Locale) SignedDays(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return signed(round1(*v), loc.Number(*v))
}

// SignedPoints formats a change of a share in percentage points: "+1.2 pp".
func (loc Locale) SignedPoints(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return signed(round1(*v*100), loc.Number(*v*100)) + " pp"
}

// SignedMoney formats a change of money: "+€1,200.00".
func (loc Locale) SignedMoney(c money.Cents, currency string) string {
	if c > 0 {
		return "+" + loc.Money(c, currency)
	}
	return loc.Money(c, currency)
}

func signed(v float64, s string) string {
	if v > 0 {
		return "+" + s
	}
	return s
}

// round1 rounds half away from zero to one decimal: day figures and CEI.
func round1(v float64) float64 { return math.Round(v*10) / 10 }

// round4 rounds half away from zero to four decimals: shares.
func round4(v float64) float64 { return math.Round(v*10000) / 10000 }
