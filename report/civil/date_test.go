package civil

import "testing"

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
