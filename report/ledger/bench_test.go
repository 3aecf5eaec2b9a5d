package ledger

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/money"
)

// BenchmarkBuilder1M streams a million invoice rows of 20,000 listed
// clients, in random client order and with every tenth row a credit note
// of its own number series (the numbers rise within each series: no index
// is needed), through a Builder in batches as the reader hands them on.
func BenchmarkBuilder1M(b *testing.B) { benchBuilder(b, false) }

// BenchmarkBuilder1MShuffled is BenchmarkBuilder1M with the numbers in
// random order: the index finds repeats.
func BenchmarkBuilder1MShuffled(b *testing.B) { benchBuilder(b, true) }

func benchBuilder(b *testing.B, shuffle bool) {
	const n, clients = 1000000, 20000
	rnd := rand.New(rand.NewPCG(1, 2))
	var listed []input.ClientRow
	for i := range clients {
		listed = append(listed, input.ClientRow{ID: fmt.Sprintf("C%05d", i), Name: fmt.Sprint("Client ", i)})
	}
	start := civil.New(2024, 11, 1)
	rows := make([]input.InvoiceRow, n)
	for i := range rows {
		issue := start.AddDays(i * 730 / n)
		no, amount := fmt.Sprintf("2025-%07d", i), money.Cents(10000+rnd.IntN(90000))
		if i%10 == 9 {
			no, amount = fmt.Sprintf("CN%07d", i), -amount
		}
		rows[i] = input.InvoiceRow{No: no, ClientID: listed[rnd.IntN(clients)].ID, Issue: issue, HasIssue: true,
			Due: issue.AddDays(30), HasDue: true, Amount: amount, PaidDate: issue.AddDays(20 + rnd.IntN(40)), HasPaidDate: true,
			Pos: input.Position{File: "invoices.csv", Row: i + 2}}
	}
	if shuffle {
		rnd.Shuffle(len(rows), func(i, j int) { rows[i].No, rows[j].No = rows[j].No, rows[i].No })
	}
	b.ResetTimer()
	for range b.N {
		builder, err := NewBuilder(Input{Clients: listed, HaveClients: true, DefaultTerms: 30, PaidColumns: true})
		if err != nil {
			b.Fatal(err)
		}
		builder.Reserve(n)
		for lo := 0; lo < n; lo += 1 << 16 {
			if err := builder.Add(rows[lo:min(lo+1<<16, n)]); err != nil {
				b.Fatal(err)
			}
		}
		if _, _, err := builder.Finish(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewBuilder200k makes a builder of a clients table of 200,000
// clients: the run waits for it before it takes the first invoices (not
// for the index of their names, made beside them).
func BenchmarkNewBuilder200k(b *testing.B) {
	var listed []input.ClientRow
	for i := range 200000 {
		listed = append(listed, input.ClientRow{ID: fmt.Sprintf("C%06d", i), Name: fmt.Sprint("Client ", i), Segment: "Retail"})
	}
	b.ResetTimer()
	for range b.N {
		bld, err := NewBuilder(Input{Clients: listed, HaveClients: true, DefaultTerms: 30, Currency: "EUR"})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		bld.clients.names() // the names are made beside the invoices' reading
		b.StartTimer()
	}
}
