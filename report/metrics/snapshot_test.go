package metrics

import (
	"fmt"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/money"
)

// TestSnapshotsAcrossCores holds the one-pass snapshots, taken with the
// clients split over the cores, to the plain sum per date: every client's
// open balance, AR, overdue and each aging bucket, for 2,000 clients
// (enough for several workers; make test runs it under -race).
func TestSnapshotsAcrossCores(t *testing.T) {
	var invs []inv
	for i := range 12000 {
		issue := civil.New(2026, 1, 1).AddDays(i % 300)
		v := inv{no: fmt.Sprint("F", i), client: fmt.Sprint("C", i%2000), issue: issue.String(),
			due: issue.AddDays(14 + i%40).String(), amount: money.Cents(1000 + i)}
		if i%3 != 0 {
			v.paid = issue.AddDays(10 + i%90).String()
		}
		if i%11 == 0 {
			v.amount = -v.amount // a credit note
		}
		invs = append(invs, v)
	}
	l := build(t, invs, nil, nil)
	edges := []int{30, 60, 90}
	dates := []civil.Date{d("2026-03-31"), d("2026-06-30"), d("2026-08-15"), d("2026-10-31")}
	shots := takeSnapshots(l, dates, edges)
	for k, at := range dates {
		want := make([]money.Cents, len(edges)+2)
		var ar, overdue money.Cents
		for ci, c := range l.Clients {
			var open money.Cents
			for _, v := range c.Invoices {
				o := v.OpenAt(at)
				open += o
				if at > v.Due {
					overdue += o
				}
				want[bucketOf(int(at-v.Due), edges)] += o
			}
			ar += open
			if got := shots[k].clientOpen[ci]; got != open {
				t.Fatalf("%s: client %s open %d; want %d", at, c.ID, got, open)
			}
		}
		s := shots[k]
		if s.ar != ar || s.overdue != overdue || s.current != ar-overdue || fmt.Sprint(s.aging) != fmt.Sprint(want) {
			t.Errorf("%s: AR %d overdue %d current %d aging %v; want %d %d %d %v", at, s.ar, s.overdue, s.current, s.aging, ar, overdue, ar-overdue, want)
		}
	}
}
