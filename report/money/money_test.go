package money

import (
	"math"
	"strconv"
	"testing"
)

// TestString holds String (by Append) to the plain formatting: units, a
// dot, two digits, a minus before a negative amount.
func TestString(t *testing.T) {
	plain := func(c Cents) string {
		v, sign := int64(c), ""
		if v < 0 {
			v, sign = -v, "-"
		}
		frac := strconv.FormatInt(v%100, 10)
		if v%100 < 10 {
			frac = "0" + frac
		}
		return sign + strconv.FormatInt(v/100, 10) + "." + frac
	}
	for _, c := range []Cents{0, 1, 5, 9, 10, 99, 100, 101, 123456, -1, -5, -10, -99, -100, -123456, math.MaxInt64, math.MinInt64 + 1, math.MinInt64} {
		if got, want := c.String(), plain(c); got != want {
			t.Errorf("Cents(%d).String() = %q, want %q", int64(c), got, want)
		}
		if got := string(c.Append([]byte("x"))); got != "x"+plain(c) {
			t.Errorf("Cents(%d).Append = %q", int64(c), got)
		}
	}
	if got := Cents(-5).String(); got != "-0.05" {
		t.Errorf("-5 cents: %q", got)
	}
}
