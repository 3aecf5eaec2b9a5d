package metrics

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/money"
)

// TestInvoiceFactsAcrossCores holds scanInvoices, one pass with the
// clients split over the cores, to the plain way: every invoice in client
// order, the totals per issue date and the first issue date summed and
// found directly, what is dated after as-of listed whole and its first 20
// invoices and payments named, by date; on 4,000 clients (several
// workers; make test runs it under -race), at as-of dates before, inside
// and after the data.
func TestInvoiceFactsAcrossCores(t *testing.T) {
	var invs []inv
	for i := range 16000 {
		issue := civil.New(2025, 3, 1).AddDays((i * 7919) % 600)
		v := inv{no: fmt.Sprint("F", i), client: fmt.Sprint("C", i%4000), issue: issue.String(), amount: money.Cents(500 + i)}
		if i%3 != 0 {
			v.paid = issue.AddDays(10 + i%80).String()
		}
		invs = append(invs, v)
	}
	l := build(t, invs, nil, nil)
	for _, asOf := range []string{"2025-01-31", "2026-02-28", "2026-09-30", "2027-12-31"} {
		at := d(asOf)
		got := scanInvoices(l, at)
		perDate := map[civil.Date]money.Cents{}
		var first civil.Date
		var want Ignored
		var later, paidLater []IgnoredItem
		n := 0
		for _, c := range l.Clients {
			for v := range c.Invoices.All() {
				perDate[v.Issue] += v.Amount
				if n == 0 || v.Issue < first {
					first = v.Issue
				}
				n++
				if v.Issue > at {
					want.Invoices++
					want.InvoiceAmount += v.Amount
					later = append(later, IgnoredItem{Client: c, Invoice: c.InvoiceNo(v), Date: v.Issue, Amount: v.Amount})
				}
				for p := range c.Payments(v) {
					if p.Date > at {
						want.Payments++
						want.PaymentAmount += p.Amount
						paidLater = append(paidLater, IgnoredItem{Client: c, Invoice: c.InvoiceNo(v), Date: p.Date, Amount: p.Amount})
					}
				}
			}
		}
		want.InvoiceItems = slices.SortedFunc(slices.Values(later[:min(len(later), maxIgnoredNamed)]), ignoredOrder)
		want.PaymentItems = slices.SortedFunc(slices.Values(paidLater[:min(len(paidLater), maxIgnoredNamed)]), ignoredOrder)
		if len(want.InvoiceItems) == 0 {
			want.InvoiceItems = nil
		}
		if len(want.PaymentItems) == 0 {
			want.PaymentItems = nil
		}
		if got.first != first || !reflect.DeepEqual(got.ignored, want) {
			t.Errorf("as of %s: first %v, ignored %+v\nwant %v, %+v", asOf, got.first, got.ignored, first, want)
		}
		for _, day := range []civil.Date{first - 1, first, d("2025-06-15"), d("2026-01-01"), d("2030-01-01")} {
			var sum money.Cents
			for dd, v := range perDate {
				if dd <= day {
					sum += v
				}
			}
			if up := got.sales.upTo(day); up != sum {
				t.Errorf("as of %s: invoiced up to %v = %v; want %v", asOf, day, up, sum)
			}
		}
	}
}
