package input_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
)

// TestBatchTextGoesBack builds a ledger from ReadBatches, whose blocks go
// back to their pool (and are overwritten there, poisonBlocks) once the
// builder has taken a batch, and holds it to the ledger built from the
// table read whole: anything the builder kept as a view of a block
// (an unknown client's name, the invoice of a future-dated row, a
// number) would read as the poison.
func TestBatchTextGoesBack(t *testing.T) {
	defer input.SetTextBlocks(512, 40)()
	var b strings.Builder
	b.WriteString("Invoice No,Client ID,Client Name,Invoice Date,Due Date,Amount,Paid Date\n")
	for i := range 3000 {
		paid := ""
		switch i % 7 {
		case 0:
			paid = "2026-03-01"
		case 1:
			paid = "2025-12-01" // before the issue date
		case 2:
			paid = "2027-01-05" // after the day of the run
		}
		fmt.Fprintf(&b, "INV-%05d,K%03d,Klant nummer %d,2026-01-%02d,2026-02-%02d,%d.%02d,%s\n",
			i, i%401, i%401, 1+i%28, 1+i%28, 10+i, i%100, paid)
	}
	path := filepath.Join(t.TempDir(), "invoices.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	today := civil.New(2026, 11, 30)
	settings := ledger.Input{PaidColumns: true, DefaultTerms: 30, Currency: "EUR", Today: today,
		Clients: []input.ClientRow{{ID: "K001", Name: "Listed"}}, HaveClients: true}

	whole, err := input.Read(path, input.Invoices, input.Options{})
	if err != nil {
		t.Fatal(err)
	}
	in := settings
	in.Invoices = whole.Invoices
	want, _, err := ledger.Build(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, once := range []bool{false, true} {
		builder, err := ledger.NewBuilder(settings)
		if err != nil {
			t.Fatal(err)
		}
		batches := 0
		if _, err := input.ReadBatches(path, input.Invoices, input.Options{OnePass: once}, func(part *input.Table) error {
			batches++
			return builder.Add(part.Invoices)
		}); err != nil {
			t.Fatal(err)
		}
		got, _, err := builder.Finish()
		if err != nil {
			t.Fatal(err)
		}
		if batches < 100 {
			t.Fatalf("one pass %v: %d batches; the test needs many blocks", once, batches)
		}
		if g, w := ledgerText(got), ledgerText(want); g != w {
			t.Errorf("one pass %v: the ledger from batches differs from the one read whole:\n%s", once, firstDiff(g, w))
		}
		if !reflect.DeepEqual(got.Quality, want.Quality) {
			t.Errorf("one pass %v: quality differs:\n got %+v\nwant %+v", once, got.Quality, want.Quality)
		}
	}
}

// ledgerText writes out every client and invoice of a ledger.
func ledgerText(l *ledger.Ledger) string {
	var b strings.Builder
	for _, c := range l.Clients {
		fmt.Fprintf(&b, "%s %q %v\n", c.ID, c.Name, c.Listed)
		for inv := range c.Invoices.All() {
			fmt.Fprintf(&b, "  %s %v %v %v %v\n", c.InvoiceNo(inv), inv.Amount, inv.Issue, inv.Due, slices.Collect(c.Payments(inv)))
		}
	}
	return b.String()
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}
