package ledger

import (
	"errors"
	"fmt"
	"hash/maphash"
	"maps"
	"math/big"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/wording"
)

func day(s string) civil.Date {
	t, _ := time.Parse("2006-01-02", s)
	return civil.FromTime(t)
}

func row(no, client, issue string, amount money.Cents) input.InvoiceRow {
	return input.InvoiceRow{No: no, ClientID: client, Issue: day(issue), HasIssue: true, Amount: amount,
		Pos: input.Position{File: "inv.csv", Row: 2}}
}

func TestDueDates(t *testing.T) {
	withDue := row("1", "A", "2026-01-01", 100)
	withDue.Due, withDue.HasDue = day("2026-01-15"), true
	l, _, err := Build(Input{
		Invoices:     []input.InvoiceRow{withDue, row("2", "A", "2026-01-01", 100), row("3", "B", "2026-01-01", 100), row("4", "B", "2026-01-10", -100)},
		Clients:      []input.ClientRow{{ID: "A", Terms: 14, HasTerms: true}, {ID: "B"}},
		HaveClients:  true,
		DefaultTerms: 30,
	})
	if err != nil {
		t.Fatal(err)
	}
	due := map[string]string{}
	for _, c := range l.Clients {
		for inv := range c.Invoices.All() {
			due[c.InvoiceNo(inv)] = inv.Due.String()
		}
	}
	// 1: from the data; 2: client terms 14; 3: default 30; 4: a credit note is due on its date.
	want := map[string]string{"1": "2026-01-15", "2": "2026-01-15", "3": "2026-01-31", "4": "2026-01-10"}
	for no, w := range want {
		if due[no] != w {
			t.Errorf("due of %s = %s; want %s", no, due[no], w)
		}
	}
	if l.Quality.DerivedDueDates != 3 {
		t.Errorf("derived due dates = %d; want 3", l.Quality.DerivedDueDates)
	}
}

func TestDuplicates(t *testing.T) {
	a := row("1", "A", "2026-01-01", 100)
	b := a
	b.Pos.File, b.Pos.Row = "inv2.csv", 7
	l, _, err := Build(Input{Invoices: []input.InvoiceRow{a, b}})
	if err != nil || l.Quality.DuplicatesDropped != 1 || l.Quality.Invoices != 1 {
		t.Fatalf("identical duplicate: %v, %+v", err, l.Quality)
	}
	b.Amount = 200
	_, _, err = Build(Input{Invoices: []input.InvoiceRow{a, b}})
	want := `invoice "1" appears twice with different content: inv.csv: row 2 and inv2.csv: row 7`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("conflicting duplicate: %v; want %s", err, want)
	}
}

func TestPayments(t *testing.T) {
	paidFull := row("1", "A", "2026-01-01", 10000)
	paidFull.PaidDate, paidFull.HasPaidDate = day("2026-02-01"), true
	zero := row("2", "A", "2026-01-01", 10000)
	zero.PaidDate, zero.HasPaidDate, zero.PaidAmount, zero.HasPaidAmount = day("2026-02-01"), true, 0, true
	l, _, err := Build(Input{Invoices: []input.InvoiceRow{paidFull, zero}, PaidColumns: true})
	if err != nil {
		t.Fatal(err)
	}
	inv := slices.Collect(l.Clients[0].Invoices.All())
	if !inv[0].IsSettled() || inv[0].Settled != day("2026-02-01") || len(slices.Collect(l.Clients[0].Payments(inv[1]))) != 0 || l.Quality.ZeroPayments != 1 {
		t.Errorf("paid in full / zero payment: %+v %+v", inv[0], inv[1])
	}
	// A payments table replaces the paid columns: settled by the second of two payments.
	l, problems, err := Build(Input{Invoices: []input.InvoiceRow{paidFull}, HavePayments: true, Payments: []input.PaymentRow{
		{InvoiceNo: "1", Date: day("2026-03-10"), Amount: 6000},
		{InvoiceNo: "1", Date: day("2026-03-01"), Amount: 4000},
		{InvoiceNo: "9", Date: day("2026-03-01"), Amount: 4000},
	}})
	if err != nil {
		t.Fatal(err)
	}
	c, got := l.Clients[0], l.Clients[0].Invoices.At(0)
	if !got.IsSettled() || got.Settled != day("2026-03-10") || c.OpenAt(got, day("2026-03-05")) != 6000 {
		t.Errorf("payments table: settled %v on %v, open 5 Mar %v; want 10 Mar, 60.00", got.IsSettled(), got.Settled, c.OpenAt(got, day("2026-03-05")))
	}
	if len(problems) != 1 || l.Quality.PaymentsNoInvoice != 1 {
		t.Errorf("payment for unknown invoice: %v", problems)
	}
}

func TestCurrencies(t *testing.T) {
	eur, usd := row("1", "A", "2026-01-01", 10000), row("2", "A", "2026-01-01", 10001)
	eur.Currency, usd.Currency = "EUR", "USD"
	_, _, err := Build(Input{Invoices: []input.InvoiceRow{eur, usd}, Currency: "EUR"})
	if err == nil || !strings.Contains(err.Error(), "2 currencies (EUR, USD)") || !strings.Contains(err.Error(), "--fx") {
		t.Fatalf("mixed currencies: %v", err)
	}
	// 100.01 USD at 0.925 EUR = 92.50925 → 92.51 EUR.
	rate, _ := new(big.Rat).SetString("0.925")
	l, _, err := Build(Input{Invoices: []input.InvoiceRow{eur, usd}, Currency: "EUR", HaveRates: true, Rates: []input.RateRow{{Currency: "USD", Rate: rate}}})
	if err != nil {
		t.Fatal(err)
	}
	if l.Currency != "EUR" || l.Clients[0].Invoices.At(1).Amount != 9251 || l.Quality.Converted != 1 {
		t.Errorf("converted = %v %v, %d; want EUR 92.51", l.Currency, l.Clients[0].Invoices.At(1).Amount, l.Quality.Converted)
	}
	// Half away from zero: -0.5 cent rounds to -1 cent.
	half, _ := new(big.Rat).SetString("0.5")
	if got, ok := convertCents(-1, half); got != -1 || !ok {
		t.Errorf("convertCents(-1, 0.5) = %d; want -1", got)
	}
}

// TestAmountsNeverWrap: sums of cents are int64; amounts whose absolute
// values add up past money.MaxTotal (about 2.3e16 in currency units) stop
// the run at the row where they pass it, instead of wrapping to a
// negative receivable.
func TestAmountsNeverWrap(t *testing.T) {
	const huge = money.Cents(99_999_999_999_999_999) // 999,999,999,999,999.99: the largest amount the reader takes
	paid := func(r input.InvoiceRow) input.InvoiceRow {
		r.PaidDate, r.HasPaidDate, r.PaidAmount, r.HasPaidAmount = day("2026-02-01"), true, r.Amount, true
		return r
	}
	big1e30, _ := new(big.Rat).SetString("1000000000000000000000000000000")
	tests := []struct {
		name    string
		rows    []input.InvoiceRow
		pays    []input.PaymentRow
		rate    *big.Rat
		wantRow int // row named in the error; 0: no error
	}{
		// 23 × 1e17 cents = 2.3e18 ≤ MaxTotal (2.305843e18); the 24th passes it.
		{"many huge amounts", nil, nil, nil, 24},
		// The paid amount counts too: 12 rows of amount + paid stay within, the 12th row passes.
		{"huge amounts paid", nil, nil, nil, 12},
		{"a rate that makes an amount huge", []input.InvoiceRow{func() input.InvoiceRow {
			r := row("1", "A", "2026-01-01", 1000)
			r.Currency = "USD"
			return r
		}()}, nil, big1e30, 2},
		{"huge payments", []input.InvoiceRow{row("1", "A", "2026-01-01", huge)},
			[]input.PaymentRow{{Pos: input.Position{File: "p.csv", Row: 2}, InvoiceNo: "1", Date: day("2026-02-01"), Amount: huge}, {Pos: input.Position{File: "p.csv", Row: 3}, InvoiceNo: "1", Date: day("2026-02-01"), Amount: money.MaxTotal}}, nil, 3},
		{"within the bound", []input.InvoiceRow{row("1", "A", "2026-01-01", huge), row("2", "A", "2026-01-01", -huge)}, nil, nil, 0},
	}
	for i := range 100 {
		r := row(fmt.Sprint(i+1), "A", "2026-01-01", huge)
		r.Pos = input.Position{File: "big.csv", Row: i + 1}
		tests[0].rows = append(tests[0].rows, r)
		tests[1].rows = append(tests[1].rows, paid(r))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Invoices: tt.rows, Currency: "EUR", Payments: tt.pays, HavePayments: tt.pays != nil}
			if tt.rate != nil {
				in.HaveRates, in.Rates = true, []input.RateRow{{Currency: "USD", Rate: tt.rate}}
			}
			l, _, err := Build(in)
			if tt.wantRow == 0 {
				if err != nil {
					t.Fatal(err)
				}
				var sum money.Cents
				for inv := range l.Clients[0].Invoices.All() {
					sum += l.Clients[0].OpenAt(inv, day("2026-12-31"))
				}
				if sum != 0 {
					t.Errorf("open = %d; want 0", sum)
				}
				return
			}
			var ae *AmountError
			if !errors.As(err, &ae) {
				t.Fatalf("Build = %v; want an AmountError", err)
			}
			if ae.Pos.Row != tt.wantRow {
				t.Errorf("error names row %d; want %d (%v)", ae.Pos.Row, tt.wantRow, err)
			}
			if !strings.Contains(err.Error(), "more than arreport can add up exactly") {
				t.Errorf("message %q", err)
			}
		})
	}
}

func TestUnknownClients(t *testing.T) {
	named := row("2", "", "2026-01-01", 100)
	named.ClientID, named.ClientName = "Jansen BV", "Jansen BV"
	l, _, err := Build(Input{
		Invoices:    []input.InvoiceRow{row("1", "X", "2026-01-01", 100), named},
		Clients:     []input.ClientRow{{ID: "C1", Name: "Jansen BV"}},
		HaveClients: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	// "X" is unknown; the invoice named "Jansen BV" finds client C1 by name.
	if l.Quality.UnknownClients != 1 || l.Quality.UnknownClientRows != 1 {
		t.Errorf("quality = %+v; want 1 unknown client with 1 invoice", l.Quality)
	}
	for _, c := range l.Clients {
		if c.ID == "C1" && c.Invoices.Len() != 1 {
			t.Errorf("C1 has %d invoices; want 1", c.Invoices.Len())
		}
	}
}

func TestBuilderBatches(t *testing.T) {
	var rows []input.InvoiceRow
	for i := 0; i < 250; i++ {
		r := row(fmt.Sprint("F", i), fmt.Sprint("C", i%7), "2026-01-01", money.Cents(100+i))
		r.Pos.Row = i + 2
		if i%3 == 0 {
			r.PaidDate, r.HasPaidDate = day("2026-02-01"), true
		}
		rows = append(rows, r)
	}
	for i := 0; i < 50; i++ { // the first 50 again, as a second export would hold them
		r := rows[i]
		r.Pos.Row += 1000
		rows = append(rows, r)
	}
	in := Input{Invoices: rows, PaidColumns: true, DefaultTerms: 30}
	whole, _, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBuilder(Input{PaidColumns: true, DefaultTerms: 30})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(rows); i += 17 {
		if err := b.Add(rows[i:min(i+17, len(rows))]); err != nil {
			t.Fatal(err)
		}
	}
	parts, _, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(whole.Quality, parts.Quality) || whole.Quality.DuplicatesDropped != 50 || len(whole.Clients) != len(parts.Clients) {
		t.Fatalf("quality %+v vs %+v", whole.Quality, parts.Quality)
	}
	for i, c := range whole.Clients {
		d := parts.Clients[i]
		if c.ID != d.ID || c.Invoices.Len() != d.Invoices.Len() {
			t.Fatalf("client %s: %d invoices vs %s: %d", c.ID, c.Invoices.Len(), d.ID, d.Invoices.Len())
		}
		for j, inv := range slices.Collect(c.Invoices.All()) {
			o := d.Invoices.At(j)
			if c.InvoiceNo(inv) != d.InvoiceNo(o) || inv.Amount != o.Amount || inv.Due != o.Due || inv.IsSettled() != o.IsSettled() {
				t.Errorf("invoice %s differs: %+v vs %+v", c.InvoiceNo(inv), *inv, *o)
			}
		}
	}
}

func TestNumberIndex(t *testing.T) {
	numbers := make([]string, 100000)
	idx := newNumberIndex(maphash.MakeSeed(), func(i int32) string { return numbers[i] })
	for i := range numbers {
		numbers[i] = fmt.Sprintf("F-%06d", i)
		if got, added := idx.findOrAdd(numbers[i], int32(i)); !added || got != int32(i) {
			t.Fatalf("add %s = %d, %v", numbers[i], got, added)
		}
	}
	for i, no := range numbers { // found after growing many times
		if got, added := idx.findOrAdd(no, -1); added || got != int32(i) {
			t.Fatalf("again %s = %d, %v; want %d", no, got, added, i)
		}
		if got, ok := idx.find(no); !ok || got != int32(i) {
			t.Fatalf("find %s = %d, %v", no, got, ok)
		}
	}
	if _, ok := idx.find("F-nope"); ok {
		t.Error("found a number never added")
	}
}

// TestLargeBatch adds one large batch with a client from the table,
// unknown clients, and names that fill in ids; make test runs it under
// -race.
func TestLargeBatch(t *testing.T) {
	var rows []input.InvoiceRow
	for i := 0; i < 10000; i++ {
		r := row(fmt.Sprintf("N%06d", i), fmt.Sprint("C", i%300), "2026-01-01", 100)
		r.ClientName = fmt.Sprint("Name ", i%300)
		rows = append(rows, r)
	}
	l, _, err := Build(Input{Invoices: rows, HaveClients: true, Clients: []input.ClientRow{{ID: "C1", Name: "Listed One"}}, DefaultTerms: 30})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Clients) != 300 || l.Quality.UnknownClients != 299 || l.Quality.Invoices != 10000 {
		t.Errorf("clients %d, unknown %d, invoices %d; want 300, 299, 10000", len(l.Clients), l.Quality.UnknownClients, l.Quality.Invoices)
	}
	for _, c := range l.Clients {
		if c.Invoices.Len() == 0 || (c.ID == "C1") != c.Listed || (c.ID != "C1" && c.Name != "Name "+c.ID[1:]) {
			t.Errorf("client %+v", c)
		}
	}
}

// TestActivitiesStreamed: an activity export added in batches after the
// invoices gives each client the same activities, in date order, as one
// given with the Input; rows of a client no one knows are counted.
func TestActivitiesStreamed(t *testing.T) {
	invoices := []input.InvoiceRow{row("F1", "A", "2026-01-05", 1000), row("F2", "B", "2026-01-06", 2000)}
	var acts []input.ActivityRow
	for i := 0; i < 40; i++ {
		client := []string{"A", "B", "Z"}[i%3] // Z is in no table
		acts = append(acts, input.ActivityRow{ClientID: client, Date: day("2026-03-01").AddDays(-i), Type: input.ActivityReminder})
	}
	whole, _, err := Build(Input{Invoices: invoices, PaidColumns: true, Activities: acts, HaveActivity: true})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBuilder(Input{PaidColumns: true, HaveActivity: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Add(invoices); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(acts); i += 9 {
		b.AddActivities(acts[i:min(i+9, len(acts))])
	}
	parts, _, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	// A gets rows 0, 3, ..., 39 (14), B rows 1, 4, ..., 37 (13); Z's 13 are counted.
	if parts.Quality.Activities != 27 || parts.Quality.ActivityNoClient != 13 || !reflect.DeepEqual(whole.Quality, parts.Quality) {
		t.Fatalf("quality: streamed %+v, whole %+v; want 27 attached, 13 without client", parts.Quality, whole.Quality)
	}
	for i, c := range parts.Clients {
		if !reflect.DeepEqual(c.Activities, whole.Clients[i].Activities) {
			t.Errorf("client %s: streamed %v, whole %v", c.ID, c.Activities, whole.Clients[i].Activities)
		}
		for j := 1; j < len(c.Activities); j++ {
			if c.Activities[j].Date < c.Activities[j-1].Date {
				t.Errorf("client %s: activities not in date order", c.ID)
			}
		}
	}
}

// TestPaymentsStreamed: a payments table attached in batches after the
// invoices gives the ledger and problems attaching it whole does.
func TestPaymentsStreamed(t *testing.T) {
	invoices := []input.InvoiceRow{row("F1", "A", "2026-01-05", 10000), row("F2", "B", "2026-01-06", 20000), row("F3", "A", "2026-02-06", -5000)}
	var pays []input.PaymentRow
	for i := 0; i < 40; i++ {
		no := []string{"F1", "F2", "F9", "F3"}[i%4] // F9 is no invoice
		pays = append(pays, input.PaymentRow{InvoiceNo: no, Date: day("2026-03-01").AddDays(i%7 - 40), Amount: money.Cents(i%5) * 300})
	}
	whole, wholeProblems, err := Build(Input{Invoices: invoices, HavePayments: true, Payments: pays, Today: day("2026-02-20")})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewBuilder(Input{HavePayments: true, Today: day("2026-02-20")})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Add(invoices); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(pays); i += 9 {
		if err := b.AddPayments(pays[i:min(i+9, len(pays))]); err != nil {
			t.Fatal(err)
		}
	}
	parts, partProblems, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	// 10 payments for F9 (i%4 == 2); zero are i%5 == 0 but for F9's 10
	// and 30: 6.
	if parts.Quality.PaymentsNoInvoice != 10 || parts.Quality.ZeroPayments != 6 || !reflect.DeepEqual(whole.Quality, parts.Quality) {
		t.Fatalf("quality: streamed %+v, whole %+v", parts.Quality, whole.Quality)
	}
	if !reflect.DeepEqual(partProblems, wholeProblems) {
		t.Errorf("problems: streamed %v, whole %v", partProblems, wholeProblems)
	}
	for i, c := range parts.Clients {
		for j, inv := range slices.Collect(c.Invoices.All()) {
			wc := whole.Clients[i]
			if w := wc.Invoices.At(j); !reflect.DeepEqual(slices.Collect(c.Payments(inv)), slices.Collect(wc.Payments(w))) || inv.Settled != w.Settled || inv.IsSettled() != w.IsSettled() {
				t.Errorf("%s: streamed %v settled %v, whole %v settled %v", c.InvoiceNo(inv), slices.Collect(c.Payments(inv)), inv.Settled, slices.Collect(wc.Payments(w)), w.Settled)
			}
		}
	}
}

// TestRelease: the clients keep their own fields and let their invoices
// and activities go.
func TestRelease(t *testing.T) {
	l, _, err := Build(Input{Invoices: []input.InvoiceRow{row("1", "A", "2026-01-01", 100), row("2", "B", "2026-01-02", 200)},
		Clients: []input.ClientRow{{ID: "A", Name: "Alfa", CreditLimit: 500, HasCreditLimit: true}}, HaveClients: true})
	if err != nil || len(l.Clients) != 2 || l.Clients[0].Invoices.Len() != 1 {
		t.Fatalf("%v, %d clients", err, len(l.Clients))
	}
	l.Release()
	for _, c := range l.Clients {
		if c.Invoices.Len() != 0 || c.Activities != nil {
			t.Errorf("client %s still holds %d invoices, %d activities", c.ID, c.Invoices.Len(), len(c.Activities))
		}
	}
	if c := l.Clients[0]; c.ID != "A" || c.Name != "Alfa" || c.CreditLimit != 500 || !c.Listed {
		t.Errorf("client A lost its fields: %+v", c)
	}
}

// TestSteadyFrom holds SteadyFrom to OpenAt: from its day on, OpenAt gives
// its balance, whatever the payments (one, several, before the invoice's
// date, more than the amount) or an open-item list's open amount.
func TestSteadyFrom(t *testing.T) {
	issue := day("2026-03-10")
	client := &Client{book: &Book{}}
	paid := func(amount money.Cents, pays ...Payment) *Invoice {
		inv := &Invoice{Amount: amount, Issue: issue, Due: issue + 30}
		for _, p := range pays {
			client.book.addPayment(inv, p)
		}
		client.book.settle(inv)
		return inv
	}
	openItem := &Invoice{Amount: 50000, Issue: issue, Due: issue + 30, bits: uint32(openKnown), paidAmount: 12345}
	for _, c := range []struct {
		name string
		inv  *Invoice
		day  civil.Date
		open money.Cents
	}{
		{"unpaid: its amount from its date", paid(10000), issue, 10000},
		{"credit note", paid(-2500), issue, -2500},
		{"paid once", paid(10000, Payment{issue + 20, 10000}), issue + 20, 0},
		// 100.00 - 40.00 - 70.00
		{"paid twice, more than the amount", paid(10000, Payment{issue + 5, 4000}, Payment{issue + 45, 7000}), issue + 45, -1000},
		{"paid before its date", paid(10000, Payment{issue - 3, 10000}), issue, 0},
		{"part paid before, part after", paid(10000, Payment{issue - 3, 2500}, Payment{issue + 9, 5000}), issue + 9, 2500},
		{"open-item list", openItem, issue, 12345},
	} {
		d, open := client.SteadyFrom(c.inv)
		if d != c.day || open != c.open {
			t.Errorf("%s: steady from %v at %d; want %v at %d", c.name, d, open, c.day, c.open)
		}
		for t2 := d; t2 < d+400; t2++ {
			if got := client.OpenAt(c.inv, t2); got != open {
				t.Fatalf("%s: OpenAt(%v) = %d, steady %d from %v", c.name, t2, got, open, d)
			}
		}
	}
}

// TestInvoiceRecordHasNoPointers: an invoice record is 40 bytes without a
// pointer, so that the collector never reads the blocks of them (a field
// added with a pointer, a string or a slice in it fails here).
func TestInvoiceRecordHasNoPointers(t *testing.T) {
	if size := unsafe.Sizeof(Invoice{}); size != 40 {
		t.Errorf("an invoice record is %d bytes, want 40", size)
	}
	var pointerFree func(reflect.Type) bool
	pointerFree = func(typ reflect.Type) bool {
		switch typ.Kind() {
		case reflect.Struct:
			for i := range typ.NumField() {
				if !pointerFree(typ.Field(i).Type) {
					return false
				}
			}
			return true
		case reflect.Array:
			return pointerFree(typ.Elem())
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
			return true
		}
		return false
	}
	if !pointerFree(reflect.TypeOf(Invoice{})) {
		t.Error("an invoice record holds a pointer")
	}
}

// TestNumberStore stores numbers of every length, a number longer than a
// block among them, and finds each one by its reference.
func TestNumberStore(t *testing.T) {
	var s numberStore
	want := []string{"", "F1", "2026-00001", strings.Repeat("x", 127), strings.Repeat("y", 128)}
	for i := range 300000 { // several blocks; odd and even lengths
		want = append(want, fmt.Sprintf("INV-%07d", i), fmt.Sprintf("F%d", i))
	}
	want = append(want, strings.Repeat("L", numberBlockBytes*2+5), "after", strings.Repeat("z", numberBlockBytes-3), "last")
	refs := make([]uint32, len(want))
	for i, no := range want {
		ref, ok := s.add(no)
		if !ok {
			t.Fatal("the store is full")
		}
		refs[i] = ref
	}
	for i, no := range want {
		if got := s.get(refs[i]); got != no {
			t.Fatalf("number %d: got %.20q (%d bytes), want %.20q (%d bytes)", i, got, len(got), no, len(no))
		}
	}
}

// TestNumbersTooLargeInBothLanguages: the error of a full number store
// names the row and the limit, in English and in Dutch.
func TestNumbersTooLargeInBothLanguages(t *testing.T) {
	inBothLanguages(t, &NumbersTooLargeError{Pos: input.Position{File: "inv.csv", Row: 7}}, "8 GiB", "7")
}

// inBothLanguages checks that an error reads in English and in Dutch,
// every word in the catalogs, with each of want in it.
func inBothLanguages(t *testing.T, e interface{ Describe(*wording.Lang) string }, want ...string) {
	t.Helper()
	for _, tag := range []string{"en", "nl"} {
		l := wording.Builtin(tag)
		msg := e.Describe(l)
		for _, w := range want {
			if !strings.Contains(msg, w) || len(l.Missing()) > 0 {
				t.Errorf("%s: %q, want %q in it (missing %v)", tag, msg, w, l.Missing())
			}
		}
	}
}

// TestRecordBits: the flags and the place of an invoice's payments in the
// Book share one word; neither spills into the other, up to the largest
// place, and the error at the limit reads in both languages.
func TestRecordBits(t *testing.T) {
	all := []invoiceFlags{dueDerived, disputed, settled, openKnown, paid}
	for _, place := range []uint32{0, 1, 12345, maxMore} {
		for mask := range 1 << len(all) {
			inv := &Invoice{bits: place << flagBits}
			for i, f := range all {
				inv.set(f, mask&(1<<i) != 0)
			}
			for i, f := range all {
				if inv.has(f) != (mask&(1<<i) != 0) {
					t.Fatalf("place %d, flags %05b: flag %d reads %v", place, mask, i, inv.has(f))
				}
			}
			if inv.more() != place {
				t.Fatalf("place %d, flags %05b: place reads %d", place, mask, inv.more())
			}
		}
	}
	if maxMore < 100_000_000 {
		t.Errorf("a ledger holds only %d invoices paid in parts", maxMore)
	}
	inBothLanguages(t, &PaidInPartsError{Pos: input.Position{File: "pay.csv", Row: 9}}, "134", "9")
}

// TestDuplicateClientIDs: a clients table that lists an id twice is an
// error naming both rows, the first the earliest.
func TestDuplicateClientIDs(t *testing.T) {
	var clients []input.ClientRow
	for i, id := range []string{"C1", "C2", "C3", "C2", "C1"} {
		clients = append(clients, input.ClientRow{ID: id, Pos: input.Position{File: "klanten.csv", Row: i + 2}})
	}
	_, _, err := Build(Input{Clients: clients, HaveClients: true, Invoices: []input.InvoiceRow{row("1", "C1", "2026-01-01", 100)}})
	var dup *DuplicateError
	if !errors.As(err, &dup) || !dup.Client || dup.ID != "C2" || dup.First.Row != 3 || dup.Second.Row != 5 {
		t.Fatalf("err = %#v; want C2 in rows 3 and 5", err)
	}
}

// TestNamesBesideTheLedger: the clients' names are indexed on a goroutine
// of their own while the invoices are read; a ledger finished before that
// goroutine is done (a long clients table, few invoices, none looked up
// by name) must not sort the clients under it (go test -race), and a look
// up by name finds the clients table's first client of the name.
func TestNamesBesideTheLedger(t *testing.T) {
	var clients []input.ClientRow
	for i := range 60000 {
		clients = append(clients, input.ClientRow{ID: fmt.Sprintf("K%05d", 60000-i), Name: fmt.Sprint("Klant ", i%50000)})
	}
	byName := row("2", "", "2026-01-02", 200)
	byName.ClientName = "klant 49999" // K10001's and K00001's: the first in the table has it
	for _, tc := range []struct {
		invoices []input.InvoiceRow
		want     map[string]int
	}{
		{[]input.InvoiceRow{row("1", "K60000", "2026-01-01", 100)}, map[string]int{"K60000": 1}},
		{[]input.InvoiceRow{row("1", "K60000", "2026-01-01", 100), byName}, map[string]int{"K60000": 1, "K10001": 1}},
	} {
		l, _, err := Build(Input{Clients: clients, HaveClients: true, Invoices: tc.invoices, DefaultTerms: 30, Currency: "EUR"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, c := range l.Clients {
			if c.Invoices.Len() > 0 {
				got[c.ID] = c.Invoices.Len()
			}
		}
		if !maps.Equal(got, tc.want) {
			t.Fatalf("clients with invoices %v; want %v", got, tc.want)
		}
	}
}
