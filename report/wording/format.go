package wording

import (
	"math"
	"strconv"
	"strings"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/money"
)

// Format is how a language writes numbers, money and dates.
type Format struct {
	Thousands, Decimal rune
	Months             [12]string // short month names
	// SignSpace puts a space between a currency sign and the amount
	// (€ 1.234,56 in Dutch, €1,234.56 in English); the minus goes after
	// the sign in Dutch (€ -12,00), before it in English (-€12.00).
	SignSpace bool
	NA        string // a figure that is not defined
}

var formats = map[string]Format{
	"en": {',', '.', [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}, false, "n/a"},
	"nl": {'.', ',', [12]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}, true, "n.v.t."},
}

var currencySigns = map[string]string{"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}

// CurrencySign is the sign of a currency ("€" for EUR), or its code when
// it has none known here; ok says which.
func CurrencySign(code string) (sign string, ok bool) {
	if s, ok := currencySigns[code]; ok {
		return s, true
	}
	return code, false
}

// Money formats an amount with its currency sign: "€1,234.56" and
// "-€12.00" in English, "€ 1.234,56" and "€ -12,00" in Dutch; a currency
// without a sign is written as its code ("CHF 12.00"), none as nothing.
func (f Format) Money(c money.Cents, currency string) string {
	sign, ok := currencySigns[currency]
	if !ok && currency != "" {
		sign = currency + " "
	} else if ok && f.SignSpace {
		sign += " "
	}
	s := c.Abs().Group(f.Thousands, f.Decimal)
	switch {
	case c >= 0:
		return sign + s
	case f.SignSpace:
		return sign + "-" + s
	}
	return "-" + sign + s
}

// Date formats a date unambiguously: "31 Oct 2026", "31 okt 2026".
func (f Format) Date(d civil.Date) string {
	y, m, day := d.Parts()
	return strconv.Itoa(day) + " " + f.Months[m-1] + " " + strconv.Itoa(y)
}

// MonthLabel formats a month: "Oct 2026".
func (f Format) MonthLabel(m civil.Month) string {
	return f.Months[int(m)%12] + " " + strconv.Itoa(int(m)/12)
}

// Number formats v with one decimal: "1,234.5", "1.234,5".
func (f Format) Number(v float64) string {
	c := money.Cents(math.Round(Round1(v) * 100))
	s := c.Group(f.Thousands, f.Decimal)
	return strings.TrimSuffix(s, "0") // one decimal, from the two of Group
}

// Int formats a whole number with thousands separators: "1,949".
func (f Format) Int(n int) string {
	s := money.Cents(n*100).Group(f.Thousands, f.Decimal)
	return s[:len(s)-3]
}

// Days formats a day figure to 0.1, or NA.
func (f Format) Days(v *float64) string {
	if v == nil {
		return f.NA
	}
	return f.Number(*v)
}

// Percent formats a share (0 to 1) as "23.4%", or NA.
func (f Format) Percent(v *float64) string {
	if v == nil {
		return f.NA
	}
	return f.Number(*v*100) + "%"
}

// SignedDays formats a change in days: "+3.2", "-1.0", "0.0", or NA.
func (f Format) SignedDays(v *float64) string {
	if v == nil {
		return f.NA
	}
	return signed(Round1(*v), f.Number(*v))
}

// SignedPoints formats a change of a share in percentage points:
// "+1.2 pp" (Dutch: "+1,2 %-punt").
func (f Format) SignedPoints(v *float64, unit string) string {
	if v == nil {
		return f.NA
	}
	return signed(Round1(*v*100), f.Number(*v*100)) + " " + unit
}

// SignedMoney formats a change of money: "+€1,200.00".
func (f Format) SignedMoney(c money.Cents, currency string) string {
	if c > 0 {
		return "+" + f.Money(c, currency)
	}
	return f.Money(c, currency)
}

func signed(v float64, s string) string {
	if v > 0 {
		return "+" + s
	}
	return s
}

// Round1 rounds half away from zero to one decimal: day figures and CEI.
func Round1(v float64) float64 { return math.Round(v*10) / 10 }
