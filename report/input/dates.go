package input

import (
	"strconv"
	"strings"
	"time"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/wording"
	"github.com/xuri/excelize/v2"
)

// DateOrder is the order of day, month and year in text dates such as
// 03/04/2026.
type DateOrder int

// The date orders. Auto detects the order per column from the values.
const (
	Auto DateOrder = iota
	DMY
	MDY
	YMD
)

// ParseDateOrder reads "dmy", "mdy", "ymd" or "auto".
func ParseDateOrder(s string) (DateOrder, bool) {
	switch strings.ToLower(s) {
	case "", "auto":
		return Auto, true
	case "dmy":
		return DMY, true
	case "mdy":
		return MDY, true
	case "ymd":
		return YMD, true
	}
	return Auto, false
}

// OrderNote says how a date column whose values read both ways was
// read: in the order From (another file of the run) settled, or, without
// From, day-month as the table's decimal comma suggests.
type OrderNote struct {
	Column  string
	Order   DateOrder
	From    string // the file that settled it; empty: the decimal comma
	Example string // a value that reads both ways
}

// Describe writes the note in a language.
func (n OrderNote) Describe(l *wording.Lang) string {
	if n.From == "" {
		return l.T("note_decimal_comma", "Column", Quote(n.Column), "Example", Quote(n.Example))
	}
	return l.T("note_run_order", "Column", Quote(n.Column), "Order", l.T("order_"+n.Order.String()), "From", n.From, "Example", Quote(n.Example))
}

// String returns the order's flag value.
func (o DateOrder) String() string {
	return [...]string{"auto", "dmy", "mdy", "ymd"}[o]
}

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "januari": 1,
	"feb": 2, "february": 2, "februari": 2,
	"mar": 3, "march": 3, "mrt": 3, "maart": 3,
	"apr": 4, "april": 4,
	"may": 5, "mei": 5,
	"jun": 6, "june": 6, "juni": 6,
	"jul": 7, "july": 7, "juli": 7,
	"aug": 8, "august": 8, "augustus": 8,
	"sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10, "okt": 10, "oktober": 10,
	"nov": 11, "november": 11,
	"dec": 12, "december": 12,
}

// dateParts splits a text date into its tokens: numbers and month names.
// A time of day after the date (" 00:00:00", "T00:00:00Z") is dropped.
func dateParts(s string) []string {
	s = dateOnly(strings.TrimSpace(s))
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '-' || r == '/' || r == '.' || r == ' ' || r == ','
	})
}

// dateOnly drops a time of day after a date (" 00:00:00",
// "T00:00:00Z"), as database exports write them.
func dateOnly(s string) string {
	// A loop rather than strings.IndexAny: it is asked of every date cell,
	// twice, and a ten-byte cell is read before IndexAny has set up.
	// FuzzNumericDate holds it to dateOnlyPlain.
	for i := 0; i < len(s); i++ {
		if s[i] == 'T' || s[i] == ' ' {
			if i > 0 && strings.IndexByte(s[i:], ':') >= 0 {
				return s[:i]
			}
			return s
		}
	}
	return s
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// orderEvidence says which orders a single numeric text date allows: a
// first part above 12 can only be a day (DMY), a second part above 12 only
// a day (MDY). ISO and month-name dates say nothing about the column.
func orderEvidence(s string) (dmy, mdy bool) {
	d := dateOnly(s)
	if a, b, _, ok := numericDate(d); ok {
		return a > 12 && b <= 12, b > 12 && a <= 12
	}
	if isoShaped(d) || isDigits(s) {
		return false, false // ISO, or a workbook's serial number
	}
	return orderEvidenceText(s)
}

// orderEvidenceText is orderEvidence for any form, through dateParts.
func orderEvidenceText(s string) (dmy, mdy bool) {
	if _, ok := isoDate(s); ok || !strings.ContainsAny(s, "/-. ") {
		return false, false // ISO, a serial number or a single word
	}
	p := dateParts(s)
	if len(p) != 3 || !isDigits(p[0]) || !isDigits(p[1]) || !isDigits(p[2]) || len(p[0]) > 2 {
		return false, false
	}
	a, _ := strconv.Atoi(p[0])
	b, _ := strconv.Atoi(p[1])
	return a > 12 && b <= 12, b > 12 && a <= 12
}

// needsOrder reports whether a value is a numeric day-month date whose
// meaning depends on the column's order.
func needsOrder(s string) bool {
	d := dateOnly(s)
	if _, _, _, ok := numericDate(d); ok {
		return true
	}
	if isoShaped(d) || isDigits(s) {
		return false // ISO, or a workbook's serial number
	}
	return needsOrderText(s)
}

// needsOrderText is needsOrder for any form, through dateParts.
func needsOrderText(s string) bool {
	if _, iso := isoDate(s); iso || !strings.ContainsAny(s, "/-. ") {
		return false
	}
	p := dateParts(s)
	return len(p) == 3 && isDigits(p[0]) && isDigits(p[1]) && isDigits(p[2]) && len(p[0]) <= 2
}

// parseDate reads one date value. Numbers are Excel serial dates (in the
// 1904 system when date1904) or compact yyyymmdd; text dates follow order
// for day-month-year forms. It reports false when s is not a date.
func parseDate(s string, order DateOrder, date1904 bool) (civil.Date, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if d, ok := isoDate(s); ok {
		return d, true
	}
	date := dateOnly(s)
	if len(date) < len(s) && isoShaped(date) {
		return isoDate(date) // a time of day after it
	}
	if a, b, year, ok := numericDate(date); ok { // never a serial number: it has two separators
		var y, m, d int
		switch order {
		case YMD:
			y, m, d = fullYear(s[:digitsAt(s, 0)]), b, smallNumber(year)
		case MDY:
			m, d, y = a, b, fullYear(year)
		case DMY:
			d, m, y = a, b, fullYear(year)
		default:
			return 0, false
		}
		return validDate(y, m, d)
	}
	return parseDateText(s, order, date1904)
}

// numericDate splits the usual numeric day-month date, one or two digits,
// a separator (- / .), one or two digits, a separator, and a year of two
// or four digits, into its numbers, without allocating: the form of most
// Dutch exports' dates, read millions of times. ok is false for any other
// form (dateParts reads those); for this one it gives what dateParts does.
func numericDate(s string) (a, b int, year string, ok bool) {
	i := digitsAt(s, 0)
	if i < 1 || i > 2 || i == len(s) || !isDateSeparator(s[i]) {
		return 0, 0, "", false
	}
	j := i + 1 + digitsAt(s, i+1)
	if j-i-1 < 1 || j-i-1 > 2 || j == len(s) || !isDateSeparator(s[j]) {
		return 0, 0, "", false
	}
	year = s[j+1:]
	if n := digitsAt(s, j+1); n != len(year) || n != 2 && n != 4 {
		return 0, 0, "", false
	}
	return smallNumber(s[:i]), smallNumber(s[i+1 : j]), year, true
}

// digitsAt counts the digits of s from i on.
func digitsAt(s string, i int) int {
	n := 0
	for i+n < len(s) && s[i+n] >= '0' && s[i+n] <= '9' {
		n++
	}
	return n
}

func isDateSeparator(c byte) bool { return c == '-' || c == '/' || c == '.' }

// validDate is the date of y, m, d when it is one arreport accepts.
func validDate(y, m, d int) (civil.Date, bool) {
	if y < 1900 || y > 9999 || !civil.Valid(y, time.Month(m), d) {
		return 0, false
	}
	return civil.New(y, time.Month(m), d), true
}

// parseDateText reads a date that is neither ISO nor numeric day-month:
// serial numbers, month names, other separators, a time of day after it.
func parseDateText(s string, order DateOrder, date1904 bool) (civil.Date, bool) {
	if d, ok := parseSerial(s, date1904); ok {
		return d, true
	}
	p := dateParts(s)
	if len(p) != 3 {
		return 0, false
	}
	var y, m, d int
	if name, ok := monthIndex(p); ok {
		// 31-okt-2026, 31 oktober 2026, Oct 31 2026: the other two are day and year.
		var nums []string
		for i, t := range p {
			if i != name {
				nums = append(nums, t)
			}
		}
		if !isDigits(nums[0]) || !isDigits(nums[1]) {
			return 0, false
		}
		m = int(monthNames[p[name]])
		if len(nums[0]) == 4 {
			y, _ = strconv.Atoi(nums[0])
			d, _ = strconv.Atoi(nums[1])
		} else {
			d, _ = strconv.Atoi(nums[0])
			y = fullYear(nums[1])
		}
	} else {
		if !isDigits(p[0]) || !isDigits(p[1]) || !isDigits(p[2]) {
			return 0, false
		}
		a, _ := strconv.Atoi(p[0])
		b, _ := strconv.Atoi(p[1])
		switch {
		case len(p[0]) == 4 || order == YMD:
			y, m, d = fullYear(p[0]), b, atoi(p[2])
		case order == MDY:
			m, d, y = a, b, fullYear(p[2])
		case order == DMY:
			d, m, y = a, b, fullYear(p[2])
		default:
			return 0, false
		}
	}
	return validDate(y, m, d)
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// smallNumber is the value of a few digits already checked to be digits,
// without strconv's checks: the fast date paths call it millions of times.
func smallNumber(digits string) int {
	n := 0
	for i := 0; i < len(digits); i++ {
		n = n*10 + int(digits[i]-'0')
	}
	return n
}

// fullYear turns a two-digit year into 19xx or 20xx (70-99 are 19xx).
func fullYear(s string) int {
	n := atoi(s)
	if len(s) <= 2 {
		if n < 70 {
			return 2000 + n
		}
		return 1900 + n
	}
	return n
}

func monthIndex(p []string) (int, bool) {
	for i, t := range p {
		if _, ok := monthNames[t]; ok {
			return i, true
		}
	}
	return 0, false
}

// isoDate reads exactly yyyy-mm-dd, the usual export form, without the
// general parser's allocations.
func isoDate(s string) (civil.Date, bool) {
	y, m, d, ok := isoParts(s)
	if !ok || y < 1900 || !civil.Valid(y, time.Month(m), d) {
		return 0, false
	}
	return civil.New(y, time.Month(m), d), true
}

// isoShaped reports whether s has the shape yyyy-mm-dd.
func isoShaped(s string) bool {
	_, _, _, ok := isoParts(s)
	return ok
}

// isoParts reads the numbers of a yyyy-mm-dd text in one look at its
// eight digits (asked of every date cell of most exports); ok is false
// for any other shape.
func isoParts(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	y0, y1, y2, y3 := s[0]-'0', s[1]-'0', s[2]-'0', s[3]-'0' // a byte below '0' wraps above 9
	m0, m1, d0, d1 := s[5]-'0', s[6]-'0', s[8]-'0', s[9]-'0'
	if y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9 {
		return 0, 0, 0, false
	}
	y = int(y0)*1000 + int(y1)*100 + int(y2)*10 + int(y3)
	return y, int(m0)*10 + int(m1), int(d0)*10 + int(d1), true
}

// The days Excel counts serial dates from (after its 1900 leap-day quirk).
var (
	excel1900Epoch = civil.New(1899, 12, 30)
	excel1904Epoch = civil.New(1904, 1, 1)
)

// parseSerial reads an Excel serial date (45961 or 45961.5) or a compact
// yyyymmdd number.
func parseSerial(s string, date1904 bool) (civil.Date, bool) {
	if len(s) == 8 && isDigits(s) && (s[:2] == "19" || s[:2] == "20") {
		y, m, d := smallNumber(s[:4]), smallNumber(s[4:6]), smallNumber(s[6:])
		if civil.Valid(y, time.Month(m), d) {
			return civil.New(y, time.Month(m), d), true
		}
		return 0, false
	}
	if isDigits(s) && len(s) <= 7 {
		// Whole days after 1 Mar 1900 are days from the epoch; earlier ones
		// follow Excel's calendar quirks in excelize below.
		if n := atoi(s); n > 61 && n <= 2958465 {
			if date1904 {
				return excel1904Epoch + civil.Date(n), true
			}
			return excel1900Epoch + civil.Date(n), true
		}
	}
	whole, _, _ := strings.Cut(s, ".")
	if !isDigits(whole) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	// 1 = 1900-01-01; 2958465 = 9999-12-31.
	if err != nil || v < 1 || v > 2958465 {
		return 0, false
	}
	t, err := excelize.ExcelDateToTime(v, date1904)
	if err != nil {
		return 0, false
	}
	return civil.FromTime(t), true
}

// columnEvidence gathers, while rows are read, what a column's values say
// about its format: the first values that can only be day-month or only
// month-day, the first that could be either, and how many amounts imply
// each decimal mark.
type columnEvidence struct {
	dmy, mdy, ambiguous string
	dots, commas        int
}

func (e *columnEvidence) seeDate(v string) {
	// A yyyy-mm-dd value, valid or not, says nothing about the order (its
	// first part is no day or month): not worth reading as a date.
	if isoShaped(dateOnly(v)) || (e.ambiguous != "" && e.dmy != "" && e.mdy != "") {
		return
	}
	d, m := orderEvidence(v)
	if d && e.dmy == "" {
		e.dmy = v
	}
	if m && e.mdy == "" {
		e.mdy = v
	}
	if e.ambiguous == "" && needsOrder(v) {
		e.ambiguous = v
	}
}

func (e *columnEvidence) seeAmount(v string) {
	switch decimalEvidence(v) {
	case '.':
		e.dots++
	case ',':
		e.commas++
	}
}

// dateOrder decides the column's day-month order: Auto when the values
// give no evidence, and an error message when they contradict each other.
func (e *columnEvidence) dateOrder() (order DateOrder, conflict bool) {
	switch {
	case e.dmy != "" && e.mdy != "":
		return Auto, true
	case e.dmy != "":
		return DMY, false
	case e.mdy != "":
		return MDY, false
	}
	return Auto, false
}

// detectDateOrder decides a column's day-month order from its values. It
// returns Auto when the values give no evidence, and conflict when they
// contradict each other.
func detectDateOrder(values func(yield func(string) bool)) (order DateOrder, conflict bool) {
	var e columnEvidence
	for v := range values {
		e.seeDate(v)
	}
	return e.dateOrder()
}

// ParseDate reads a date typed by a person (a flag's value) in any text
// form the exports may use: 2026-10-31, 31-10-2026, 31/10/2026,
// 31.10.2026, 31-okt-2026, 31 oktober 2026, 20261031. A day-month date
// that could be read both ways (03-04-2026) needs order; ok is false for
// what is no date, ambiguous reports a date that order must settle.
func ParseDate(s string, order DateOrder) (d civil.Date, ok, ambiguous bool) {
	s = strings.TrimSpace(s)
	if isDigits(s) && len(s) != 8 {
		return 0, false, false // an Excel serial is no way to type a date
	}
	if order == Auto && needsOrder(s) {
		dmy, mdy := orderEvidence(s)
		p := dateParts(s)
		switch {
		case dmy:
			order = DMY
		case mdy:
			order = MDY
		case atoi(p[0]) == atoi(p[1]):
			order = DMY // 05-05-2026 reads the same both ways
		default:
			return 0, false, true
		}
	}
	d, ok = parseDate(s, order, false)
	return d, ok, false
}

// parseMonth reads a month: 2026-10, 10-2026, 10/2026, okt 2026, October
// 2026, or a date (its month). A day-month date that could be read both
// ways needs order.
func parseMonth(s string, order DateOrder, date1904 bool) (civil.Month, bool) {
	if d, ok := parseDate(s, order, date1904); ok {
		return civil.MonthOf(d), true
	}
	p := dateParts(strings.TrimSpace(s))
	if len(p) != 2 {
		return 0, false
	}
	var y, m int
	switch {
	case monthNames[p[0]] != 0 && isDigits(p[1]):
		m, y = int(monthNames[p[0]]), fullYear(p[1])
	case monthNames[p[1]] != 0 && isDigits(p[0]) && len(p[0]) == 4:
		m, y = int(monthNames[p[1]]), atoi(p[0])
	case isDigits(p[0]) && isDigits(p[1]) && len(p[0]) == 4:
		y, m = atoi(p[0]), atoi(p[1])
	case isDigits(p[0]) && isDigits(p[1]) && len(p[1]) == 4:
		m, y = atoi(p[0]), atoi(p[1])
	default:
		return 0, false
	}
	if m < 1 || m > 12 || y < 1900 || y > 9999 {
		return 0, false
	}
	return civil.MonthOf(civil.New(y, time.Month(m), 1)), true
}

// wholeDays reads a number of days: 12, -3, 12.0, 12,0.
func wholeDays(s string) (int, bool) {
	s = strings.TrimSpace(s)
	for _, zero := range []string{".0", ",0", ".00", ",00"} {
		s = strings.TrimSuffix(s, zero)
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > -100000 && n < 100000
}

// titleDate finds the latest date written in the lines above a table's
// header ("Openstaande posten per 31-10-2026", "Aged Receivables as of
// October 31, 2026", "Periode 01-01-2026 t/m 31-10-2026"): dates of one
// to three words, in the table's day-month order where one is needed.
func titleDate(cells []string, order DateOrder) (civil.Date, bool) {
	var latest civil.Date
	found := false
	for _, cell := range cells {
		words := strings.Fields(cell)
		for i := range words {
			for n := 3; n >= 1; n-- {
				if i+n > len(words) {
					continue
				}
				text := strings.Trim(strings.Join(words[i:i+n], " "), ",:;()[]")
				if len(text) < 6 || isDigits(text) && len(text) != 8 {
					continue // a year, a page number, an amount
				}
				if d, ok, _ := ParseDate(text, order); ok {
					if !found || d > latest {
						latest, found = d, true
					}
					break
				}
			}
		}
	}
	return latest, found
}
