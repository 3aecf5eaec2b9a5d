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

// New returns the date for year, month and day. Out-of-range days roll over
// as time.Date does; callers that need validation use Parts.
func New(year int, month time.Month, day int) Date {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Date(t.Unix() / 86400)
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

// DaysIn returns the number of days in the month.
func DaysIn(year int, month time.Month) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Time returns the date as midnight UTC.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Parts returns year, month and day.
func (d Date) Parts() (int, time.Month, int) { return d.Time().Date() }

// Year returns the year.
func (d Date) Year() int { return d.Time().Year() }

// Month returns the month.
func (d Date) Month() time.Month { return d.Time().Month() }

// Day returns the day of the month.
func (d Date) Day() int { return d.Time().Day() }

// String formats the date as ISO 8601, 2026-10-31.
func (d Date) String() string {
	y, m, day := d.Parts()
	return fmt.Sprintf("%04d-%02d-%02d", y, int(m), day)
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
