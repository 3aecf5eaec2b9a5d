// Package money holds exact amounts of money as integer cents.
package money

import (
	"math"
	"strconv"
)

// Cents is an amount of money in hundredths of the currency unit. Sums of
// Cents are exact; never accumulate money in float64.
type Cents int64

// String formats the amount as a plain decimal with two decimals and a
// leading minus when negative: "1234.50", "-0.05". It is the form used in
// metrics.json.
func (c Cents) String() string { return string(c.Append(make([]byte, 0, 24))) }

// Append appends the amount as String writes it.
func (c Cents) Append(b []byte) []byte {
	v := int64(c)
	if v < 0 {
		b, v = append(b, '-'), -v
	}
	return appendCents(append(strconv.AppendInt(b, v/100, 10), '.'), v%100)
}

// Group formats the amount with a thousands separator and a decimal mark,
// e.g. Group(',', '.') gives "1,234.50" and Group('.', ',') "1.234,50".
func (c Cents) Group(thousands, decimal rune) string {
	neg := c < 0
	v := int64(c)
	if neg {
		v = -v
	}
	units := strconv.FormatInt(v/100, 10)
	var out []rune
	if neg {
		out = append(out, '-')
	}
	for i, r := range units {
		if i > 0 && (len(units)-i)%3 == 0 {
			out = append(out, thousands)
		}
		out = append(out, r)
	}
	out = append(out, decimal)
	return string(appendCents([]byte(string(out)), v%100))
}

// appendCents appends the cents of an amount as two digits (String and
// Group both end with them).
func appendCents(b []byte, cents int64) []byte {
	if cents < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, cents, 10)
}

// Float returns the amount in currency units as a float64, for ratios only.
func (c Cents) Float() float64 { return float64(c) / 100 }

// Abs returns the absolute amount.
func (c Cents) Abs() Cents {
	if c < 0 {
		return -c
	}
	return c
}

// MaxTotal bounds the sum of the absolute values of every amount in one
// run. Any sum or difference of such amounts then stays far inside int64,
// so no figure can wrap around; a run whose amounts add up past it stops.
const MaxTotal Cents = math.MaxInt64 / 4

// Budget adds up the absolute values of amounts as they are read, to
// stop a run before any sum could pass MaxTotal.
type Budget struct{ used Cents }

// Take counts one amount; it reports false when the total would pass
// MaxTotal (the amount is then not counted).
func (b *Budget) Take(c Cents) bool {
	a := c.Abs()
	if c == math.MinInt64 || a > MaxTotal-b.used {
		return false
	}
	b.used += a
	return true
}
