package metrics

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/parallel"
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
	// The same invoices with a payments table: partly paid, paid in
	// parts, overpaid and paid back, paid before their date; and a zero
	// amount.
	var pays []payment
	withTable := make([]inv, len(invs))
	for i, v := range invs {
		v.paid = ""
		if i%97 == 0 {
			v.amount = 0
		}
		withTable[i] = v
		issue := d(v.issue)
		switch i % 6 {
		case 0: // open
		case 1: // in full
			pays = append(pays, payment{v.no, issue.AddDays(20 + i%50).String(), v.amount})
		case 2: // in two parts
			pays = append(pays, payment{v.no, issue.AddDays(10).String(), v.amount / 2}, payment{v.no, issue.AddDays(40 + i%60).String(), v.amount - v.amount/2})
		case 3: // partly
			pays = append(pays, payment{v.no, issue.AddDays(30).String(), v.amount / 3})
		case 4: // overpaid, then the excess paid back
			pays = append(pays, payment{v.no, issue.AddDays(15).String(), v.amount + 500}, payment{v.no, issue.AddDays(70).String(), -500})
		case 5: // before its date, in full or in part
			pays = append(pays, payment{v.no, issue.AddDays(-5).String(), v.amount / money.Cents(1+i%2)})
		}
	}
	for _, l := range []*ledger.Ledger{build(t, invs, nil, nil), build(t, withTable, nil, pays)} {
		checkSnapshots(t, l)
	}
}

func checkSnapshots(t *testing.T, l *ledger.Ledger) {
	t.Helper()
	edges := []int{30, 60, 90}
	// Out of order, twice the same, before the first invoice and after
	// the last payment.
	dates := []civil.Date{d("2026-08-15"), d("2026-03-31"), d("2026-10-31"), d("2026-06-30"), d("2025-12-31"), d("2026-03-31"), d("2027-06-30"), d("2026-01-10")}
	shots := takeSnapshots(l, dates, edges)
	for k, at := range dates {
		want := make([]money.Cents, len(edges)+2)
		var ar, overdue money.Cents
		for ci, c := range l.Clients {
			var open money.Cents
			for v := range c.Invoices.All() {
				o := c.OpenAt(v, at)
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

// TestDatesAcrossCores holds DefaultAsOf's dates, seen per share of the
// clients and joined, to one look at all of them: 2,000 clients, some of
// their invoices and payments after the day of the run, at several days
// (before every date, among them, after them all, and none).
func TestDatesAcrossCores(t *testing.T) {
	var invs []inv
	for i := range 8000 {
		// Later clients, later dates: the shares' earliest and latest differ.
		issue := civil.New(2026, 1, 1).AddDays(i%2000/5 + i%7)
		v := inv{no: fmt.Sprint("F", i), client: fmt.Sprintf("C%04d", i%2000), issue: issue.String(), due: issue.AddDays(30).String(), amount: 1000}
		if i%2 == 0 {
			v.paid = issue.AddDays(5 + i%120).String()
		}
		invs = append(invs, v)
	}
	l := build(t, invs, nil, nil)
	if parallel.Workers(len(l.Clients)) < 2 && runtime.GOMAXPROCS(0) > 1 {
		t.Fatal("too few clients for more than one share")
	}
	for _, today := range []civil.Date{0, d("2025-06-01"), d("2026-03-15"), d("2026-09-30"), d("2030-01-01")} {
		shares := make([]datesSeen, parallel.Workers(len(l.Clients)))
		parallel.Ranges(len(l.Clients), func(w, lo, hi int) { shares[w] = seeDates(l.Clients[lo:hi], today) })
		var joined datesSeen
		for _, s := range shares {
			joined.join(s)
		}
		if whole := seeDates(l.Clients, today); joined != whole {
			t.Errorf("today %s: joined %+v; at once %+v", today, joined, whole)
		}
	}
}
