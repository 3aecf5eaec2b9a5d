package input

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/arreport/arreport/report/money"
)

// amountCore strips what surrounds the digits of an amount: spaces,
// currency signs and codes, and the sign in its forms (-12, 12-, (12), −12).
// It returns the remaining number text and whether the amount is negative.
func amountCore(s string) (string, bool, bool) {
	s = strings.TrimSpace(s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg = true
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	// Currency and sign in either order, before or after the number:
	// "EUR -12", "-€ 12", "€ -12", "12,00-", "12 EUR".
	for range 2 {
		s = stripCurrency(s)
		for _, sign := range []string{"-", "−", "+"} {
			if strings.HasPrefix(s, sign) {
				neg, s = neg != (sign != "+"), strings.TrimSpace(s[len(sign):])
				break
			}
			if strings.HasSuffix(s, sign) {
				neg, s = neg != (sign != "+"), strings.TrimSpace(s[:len(s)-len(sign)])
				break
			}
		}
	}
	if s == "" {
		return "", false, false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9') && r != '.' && r != ',' && r != ' ' && r != '\'' && r != '\u00a0' && r != '\u202f' && r != 'e' && r != 'E' && r != '-' && r != '+' {
			return "", false, false
		}
	}
	return s, neg, true
}

// currencySigns are the signs exports put before amounts, with their ISO
// codes, in the order a cell with two of them is read ("$" is taken as
// US dollars).
var currencySigns = []struct{ sign, code string }{{"€", "EUR"}, {"$", "USD"}, {"£", "GBP"}, {"¥", "JPY"}}

// amountCurrency returns the currency an amount cell names by its sign or
// code ("€ 12,00", "EUR 12,00", "$4,250.00"), or "". It is asked of most
// rows of an export without a currency column: a plain number, digits at
// both ends, is answered at once.
func amountCurrency(s string) string {
	if n := len(s); n > 0 && s[0] >= '0' && s[0] <= '9' && s[n-1] >= '0' && s[n-1] <= '9' {
		return "" // no sign or code can stand at either end
	}
	return amountCurrencyText(s)
}

// amountCurrencyText is amountCurrency for any cell.
func amountCurrencyText(s string) string {
	s = strings.Trim(strings.TrimSpace(s), "()-−+ ")
	for _, c := range currencySigns {
		if strings.HasPrefix(s, c.sign) || strings.HasSuffix(s, c.sign) || strings.HasPrefix(s, "-"+c.sign) {
			return c.code
		}
	}
	if len(s) > 3 && isCode(s[:3]) && !unicode.IsLetter(rune(s[3])) {
		return s[:3]
	}
	if n := len(s); n > 3 && isCode(s[n-3:]) && !unicode.IsLetter(rune(s[n-4])) {
		return s[n-3:]
	}
	return ""
}

// stripCurrency removes a currency sign (€, $) or a three-letter code
// (EUR) from either end of s.
func stripCurrency(s string) string {
	s = strings.TrimSpace(s)
	if r, size := utf8.DecodeRuneInString(s); unicode.Is(unicode.Sc, r) {
		s = s[size:]
	} else if len(s) >= 3 && isCode(s[:3]) && (len(s) == 3 || !unicode.IsLetter(rune(s[3]))) {
		s = s[3:]
	}
	s = strings.TrimSpace(s)
	if r, size := utf8.DecodeLastRuneInString(s); unicode.Is(unicode.Sc, r) {
		s = s[:len(s)-size]
	} else if n := len(s); n >= 3 && isCode(s[n-3:]) && (n == 3 || !unicode.IsLetter(rune(s[n-4]))) {
		s = s[:n-3]
	}
	return strings.TrimSpace(s)
}

func isCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// plainNumber splits the usual amount shape, an optional minus, digits, and
// at most one '.' or ',' followed by digits, into its parts; ok is false
// for any other shape.
func plainNumber(s string) (neg bool, units, frac string, mark byte, ok bool) {
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 15 {
		return false, "", "", 0, false
	}
	units = s[:i]
	if i == len(s) {
		return neg, units, "", 0, true
	}
	mark = s[i]
	if (mark != '.' && mark != ',') || i+1 == len(s) || !isDigits(s[i+1:]) {
		return false, "", "", 0, false
	}
	return neg, units, s[i+1:], mark, true
}

// decimalEvidence says which decimal mark one amount implies: '.' or ','
// when it can tell, 0 when it cannot (1.234 could be either).
func decimalEvidence(s string) rune {
	if _, _, _, mark, ok := groupedNumber(s); ok {
		return rune(mark) // the last of two marks
	}
	return decimalEvidenceText(s)
}

// decimalEvidenceText is decimalEvidence for any form.
func decimalEvidenceText(s string) rune {
	if _, _, frac, mark, ok := plainNumber(s); ok {
		switch {
		case mark == 0:
			return 0
		case len(frac) != 3:
			return rune(mark)
		}
		return 0
	}
	core, _, ok := amountCore(s)
	if !ok {
		return 0
	}
	dot, comma := strings.LastIndexByte(core, '.'), strings.LastIndexByte(core, ',')
	switch {
	case dot >= 0 && comma >= 0:
		if dot > comma {
			return '.'
		}
		return ','
	case dot >= 0:
		return soleMarkEvidence(core, '.', ',')
	case comma >= 0:
		return soleMarkEvidence(core, ',', '.')
	}
	return 0
}

func soleMarkEvidence(core string, mark, other rune) rune {
	if strings.Count(core, string(mark)) > 1 {
		return other // repeated: it groups thousands
	}
	if digits := len(core) - strings.LastIndexByte(core, byte(mark)) - 1; digits != 3 {
		return mark
	}
	return 0
}

// decimal picks the column's decimal mark by the evidence of its values,
// falling back to def when no value can tell.
func (e *columnEvidence) decimal(def rune) rune {
	switch {
	case e.commas > e.dots:
		return ','
	case e.dots > e.commas:
		return '.'
	}
	return def
}

// detectDecimal picks a column's decimal mark by the evidence of its
// values, falling back to def when no value can tell.
func detectDecimal(values func(yield func(string) bool), def rune) rune {
	var e columnEvidence
	for v := range values {
		e.seeAmount(v)
	}
	return e.decimal(def)
}

// parseAmount reads an amount with the given decimal mark into cents,
// rounding half away from zero past the second decimal. It reports false
// when s is not an amount.
func parseAmount(s string, decimal rune) (money.Cents, bool) {
	if neg, units, frac, mark, ok := plainNumber(s); ok && (mark == 0 || rune(mark) == decimal) {
		return centsOf(neg, units, frac), true
	}
	if neg, units, frac, mark, ok := groupedNumber(s); ok && rune(mark) == decimal {
		return centsOfUnits(neg, units, frac), true
	}
	return parseAmountGeneral(s, decimal)
}

// groupedNumber splits the usual amount with thousands marks, an optional
// minus, one to three digits, groups of three digits each after the same
// mark, and the other mark with the decimals (1.212,87, -1,212.87), into
// its parts: the units as a number, the decimals, the decimal mark.
// ok is false for any other shape (one without groups is plainNumber's).
func groupedNumber(s string) (neg bool, units int64, frac string, mark byte, ok bool) {
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	i := digitsAt(s, 0)
	if i == 0 || i > 3 || i == len(s) || s[i] != '.' && s[i] != ',' {
		return false, 0, "", 0, false
	}
	group, digits := s[i], i
	units = int64(smallNumber(s[:i]))
	for i < len(s) && s[i] == group {
		if digitsAt(s, i+1) != 3 {
			return false, 0, "", 0, false
		}
		units = units*1000 + int64(smallNumber(s[i+1:i+4]))
		digits, i = digits+3, i+4
	}
	if i == len(s) || digits > 15 || s[i] != '.' && s[i] != ',' || digitsAt(s, i+1) != len(s)-i-1 || i+1 == len(s) {
		return false, 0, "", 0, false
	}
	return neg, units, s[i+1:], s[i], true
}

// parseAmountGeneral reads every amount form; parseAmount tries the plain
// shape first.
func parseAmountGeneral(s string, decimal rune) (money.Cents, bool) {
	core, neg, ok := amountCore(s)
	if !ok {
		return 0, false
	}
	if strings.ContainsAny(core, "eE") {
		// Scientific notation only comes from raw numeric cells.
		v, err := strconv.ParseFloat(core, 64)
		if err != nil || math.IsInf(v, 0) || math.Abs(v) > 1e15 {
			return 0, false
		}
		c := money.Cents(math.Round(v * 100))
		if neg {
			c = -c
		}
		return c, true
	}
	if strings.ContainsAny(core, "+-") {
		return 0, false
	}
	intPart, frac := core, ""
	if i := strings.LastIndexByte(core, byte(decimal)); i >= 0 {
		intPart, frac = core[:i], core[i+1:]
	}
	digits, ok := ungroup(intPart)
	if !ok || !isDigits(frac) && frac != "" {
		return 0, false
	}
	if digits == "" {
		digits = "0"
	}
	if len(digits) > 15 {
		return 0, false
	}
	return centsOf(neg, digits, frac), true
}

// centsOf turns the digits before and after the decimal mark into cents,
// rounding half away from zero past the second decimal.
func centsOf(neg bool, units, frac string) money.Cents {
	u, _ := strconv.ParseInt(units, 10, 64)
	return centsOfUnits(neg, u, frac)
}

// centsOfUnits is centsOf with the units read already.
func centsOfUnits(neg bool, u int64, frac string) money.Cents {
	cents := u * 100
	if len(frac) > 0 {
		cents += int64(frac[0]-'0') * 10
	}
	if len(frac) > 1 {
		cents += int64(frac[1] - '0')
	}
	if len(frac) > 2 && frac[2] >= '5' {
		cents++ // the sign is applied after rounding
	}
	if neg {
		cents = -cents
	}
	return money.Cents(cents)
}

// ungroup removes thousands separators from the integer part, checking
// that every group after the first has three digits.
func ungroup(s string) (string, bool) {
	groups := strings.FieldsFunc(s, func(r rune) bool {
		return r == '.' || r == ',' || r == ' ' || r == '\'' || r == '\u00a0' || r == '\u202f'
	})
	if len(groups) == 0 {
		return "", s == ""
	}
	for i, g := range groups {
		if !isDigits(g) || (i > 0 && len(g) != 3) || (i == 0 && len(groups) > 1 && len(g) > 3) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}
