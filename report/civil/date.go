// Package civil holds the calendar date used everywhere in arreport: a day
// with no time of day and no time zone, so that "31-10-2026" means the same
// day on every machine.
package civil

import (
	"fmt"
	"time"
)

// Date is a calendar day, counted in days since 1970-01-01. The zero value
// is 1970-01-01; use Valid dates from the constructors.
type Date int32

// New returns the date for year, month and day. Out-of-range months and
// days roll over as time.Date does; callers that need validation use Valid.
// It counts in integers (the proleptic Gregorian calendar in 400-year
// eras) rather than through time.Date: readers call it for every date of
// millions of rows.
func New(year int, month time.Month, day int) Date {
	m := int(month) - 1
	year += floorDiv(m, 12)
	m -= floorDiv(m, 12) * 12 // 0 = January
	// Count years from March, so that the leap day ends the year.
	if m < 2 {
		year--
		m += 12
	}
	era := floorDiv(year, 400)
	yoe := year - era*400                  // year of the era, 0-399
	doy := (153*(m-2)+2)/5 + day - 1       // day of the year from 1 March
	doe := yoe*365 + yoe/4 - yoe/100 + doy // day of the era
	return Date(era*146097 + doe - 719468) // 719468: 0000-03-01 to 1970-01-01
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// FromTime returns the calendar day of t in t's own location.
func FromTime(t time.Time) Date {
	return New(t.Year(), t.Month(), t.Day())
}

// Valid reports whether year, month and day name a real calendar day.
func Valid(year int, month time.Month, day int) bool {
	if month < 1 || month > 12 || day < 1 {
		return false
	}
	return day <= DaysIn(year, month)
}

// DaysIn returns the number of days in the month; months out of range
// roll over into the years around.
func DaysIn(year int, month time.Month) int {
	m := int(month) - 1
	year += floorDiv(m, 12)
	m -= floorDiv(m, 12) * 12
	if m == 1 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		return 29
	}
	return daysInMonth[m]
}

var daysInMonth = [12]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Parts returns year, month and day: New in reverse.
func (d Date) Parts() (int, time.Month, int) {
	z := int(d) + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097                                  // day of the era, 0-146096
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // year of the era
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // day of the year from 1 March
	mp := (5*doy + 2) / 153                                // month from March, 0-11
	day := doy - (153*mp+2)/5 + 1
	month := mp + 3
	year := yoe + era*400
	if month > 12 {
		month -= 12
		year++
	}
	return year, time.Month(month), day
}

// Year returns the year.
func (d Date) Year() int { y, _, _ := d.Parts(); return y }

// Month returns the month.
func (d Date) Month() time.Month { _, m, _ := d.Parts(); return m }

// Day returns the day of the month.
func (d Date) Day() int { _, _, day := d.Parts(); return day }

// String formats the date as ISO 8601, 2026-10-31.
func (d Date) String() string { return string(d.Append(make([]byte, 0, 10))) }

// Append appends the date as String writes it, yyyy-mm-dd.
func (d Date) Append(b []byte) []byte {
	y, m, day := d.Parts()
	if y < 0 || y > 9999 {
		b = fmt.Appendf(b, "%04d", y)
	} else {
		b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
	}
	return append(b, '-', byte('0'+int(m)/10), byte('0'+int(m)%10), '-', byte('0'+day/10), byte('0'+day%10))
}

// AddDays returns the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return d + Date(n) }

// AddMonths returns the same day n months later, clamped to the last day of
// the target month (31 Aug + 6 months is 28 or 29 Feb, not 3 Mar).
func (d Date) AddMonths(n int) Date {
	y, m, day := d.Parts()
	first := New(y, m+time.Month(n), 1)
	fy, fm, _ := first.Parts()
	if last := DaysIn(fy, fm); day > last {
		day = last
	}
	return New(fy, fm, day)
}

// MonthStart returns the first day of d's month.
func (d Date) MonthStart() Date { return d - Date(d.Day()-1) }

// MonthEnd returns the last day of d's month.
func (d Date) MonthEnd() Date {
	y, m, _ := d.Parts()
	return New(y, m, DaysIn(y, m))
}

// IsMonthEnd reports whether d is the last day of its month.
func (d Date) IsMonthEnd() bool { return d == d.MonthEnd() }

// Month is a calendar month counted from year 0 (year*12 + month-1), so
// that consecutive months are consecutive integers.
type Month int32

// MonthOf returns the calendar month of d.
func MonthOf(d Date) Month {
	y, m, _ := d.Parts()
	return Month(y*12 + int(m) - 1)
}

// First returns the first day of the month.
func (m Month) First() Date { return New(int(m)/12, time.Month(int(m)%12+1), 1) }

// Last returns the last day of the month.
func (m Month) Last() Date { return m.First().MonthEnd() }

// Days returns the number of days in the month.
func (m Month) Days() int { return int(m.Last()-m.First()) + 1 }

// String formats the month as 2026-10.
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", int(m)/12, int(m)%12+1) }
