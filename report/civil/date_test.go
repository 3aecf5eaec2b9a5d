package civil

import (
	"fmt"
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	tests := []struct {
		got  Date
		want string
	}{
		{New(2026, 8, 31).AddMonths(6), "2027-02-28"}, // clamped, not 3 Mar
		{New(2024, 8, 31).AddMonths(6), "2025-02-28"},
		{New(2023, 8, 31).AddMonths(6), "2024-02-29"},
		{New(2026, 3, 31).AddMonths(-1), "2026-02-28"},
		{New(2026, 10, 15).MonthEnd(), "2026-10-31"},
		{New(2026, 10, 15).MonthStart(), "2026-10-01"},
		{MonthOf(New(2026, 1, 15)).First() - 1, "2025-12-31"},
		{(MonthOf(New(2026, 1, 15)) - 2).Last(), "2025-11-30"},
	}
	for i, tt := range tests {
		if tt.got.String() != tt.want {
			t.Errorf("case %d = %s; want %s", i, tt.got, tt.want)
		}
	}
	if !New(2026, 2, 28).IsMonthEnd() || New(2024, 2, 28).IsMonthEnd() {
		t.Error("IsMonthEnd wrong around February")
	}
	if Valid(2026, 2, 29) || !Valid(2024, 2, 29) || Valid(2026, 13, 1) {
		t.Error("Valid wrong")
	}
	if d := (MonthOf(New(2024, 2, 10))).Days(); d != 29 {
		t.Errorf("days in Feb 2024 = %d; want 29", d)
	}
}

// TestAgainstTime holds the integer calendar to the time package: every
// day from year -1000 to 3000 and back, month and day rollover (month 0 and
// 13, day 0 and 40 roll into the neighbours), and the month lengths.
func TestAgainstTime(t *testing.T) {
	for y := -1000; y <= 3000; y++ {
		for m := time.Month(0); m <= 13; m++ {
			for _, day := range []int{-1, 0, 1, 15, 28, 29, 30, 31, 40} {
				want := time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
				got := New(y, m, day)
				if int64(got) != want.Unix()/86400 { // midnight: an exact multiple
					t.Fatalf("New(%d, %d, %d) = %d; want %d", y, m, day, got, want.Unix()/86400)
				}
				wy, wm, wd := want.Date()
				if gy, gm, gd := got.Parts(); gy != wy || gm != wm || gd != wd {
					t.Fatalf("New(%d, %d, %d).Parts() = %d-%d-%d; want %d-%d-%d", y, m, day, gy, gm, gd, wy, wm, wd)
				}
			}
			if got, want := DaysIn(y, m), time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); got != want {
				t.Fatalf("DaysIn(%d, %d) = %d; want %d", y, m, got, want)
			}
		}
	}
}

// TestDateString holds String (by Append) to fmt's %04d-%02d-%02d, years
// outside 0-9999 included.
func TestDateString(t *testing.T) {
	for _, d := range []Date{0, 1, -1, New(2026, 11, 30), New(1900, 1, 1), New(9999, 12, 31), New(10000, 1, 1), New(0, 1, 1), New(-1, 12, 31), New(-12345, 6, 7), New(999, 3, 4)} {
		y, m, day := d.Parts()
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", y, int(m), day); got != want {
			t.Errorf("%d: String() = %q, want %q", int(d), got, want)
		}
	}
}
