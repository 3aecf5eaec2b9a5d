package metrics

import (
	"fmt"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
)

// syntheticLedger makes n invoices over 24 months for n/50 clients, most
// paid 20-60 days after issue, some open.
func syntheticLedger(b *testing.B, n int) *ledger.Ledger {
	start := civil.New(2024, 11, 1)
	rows := make([]input.InvoiceRow, n)
	for i := range rows {
		issue := start.AddDays(i * 730 / n)
		r := input.InvoiceRow{No: fmt.Sprint(i), ClientID: fmt.Sprint("C", i%(n/50+1)), Issue: issue, HasIssue: true,
			Due: issue.AddDays(30), HasDue: true, Amount: money.Cents(10000 + i%90000)}
		if i%7 != 0 {
			r.PaidDate, r.HasPaidDate = issue.AddDays(20+i%41), true
		}
		rows[i] = r
	}
	l, _, err := ledger.Build(ledger.Input{Invoices: rows, DefaultTerms: 30, Currency: "EUR", PaidColumns: true})
	if err != nil {
		b.Fatal(err)
	}
	return l
}

// BenchmarkCompute100k computes every figure for 100,000 invoices.
func BenchmarkCompute100k(b *testing.B) {
	l := syntheticLedger(b, 100000)
	p := DefaultParams(civil.New(2026, 10, 31))
	b.ResetTimer()
	for range b.N {
		Compute(l, p)
	}
}

// BenchmarkCompute1M computes every figure for 1,000,000 invoices of
// 20,000 clients.
func BenchmarkCompute1M(b *testing.B) {
	l := syntheticLedger(b, 1000000)
	p := DefaultParams(civil.New(2026, 10, 31))
	b.ResetTimer()
	for range b.N {
		Compute(l, p)
	}
}
