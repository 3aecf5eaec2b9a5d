package ledger

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/money"
)

// TestSeriesAgainstIndex holds the ledger built while the numbers rise
// within their series to the one built with the index from the first row
// (maxSeries 0), and to the one with few series allowed (maxSeries 2):
// the same invoices, clients, quality, payment problems and errors, on
// interleaved series, series that stop rising, identical and conflicting
// duplicates, numbers without digits, and payments found by number.
func TestSeriesAgainstIndex(t *testing.T) {
	defer func(old int) { maxSeries = old }(maxSeries)
	rnd := rand.New(rand.NewPCG(3, 4))
	inputs := map[string]func() ([]input.InvoiceRow, []input.PaymentRow){
		"interleaved": func() ([]input.InvoiceRow, []input.PaymentRow) {
			var rows []input.InvoiceRow
			var pays []input.PaymentRow
			for i := range 3000 {
				no := fmt.Sprintf("2026-%05d", i)
				amount := money.Cents(1000 + i)
				switch i % 9 {
				case 4:
					no, amount = fmt.Sprintf("CN2026-%d", i), -amount
				case 7:
					no = fmt.Sprintf("F%d", i) // F9, F16, ..., F100: rising shorter first
				}
				rows = append(rows, row(no, fmt.Sprint("C", i%41), "2026-01-01", amount))
				if i%5 == 0 {
					pays = append(pays, input.PaymentRow{InvoiceNo: no, Date: day("2026-02-01"), Amount: amount / 2})
				}
			}
			pays = append(pays, input.PaymentRow{InvoiceNo: "2026-99999", Date: day("2026-02-01"), Amount: 5}, input.PaymentRow{InvoiceNo: "CN", Date: day("2026-02-01"), Amount: 5})
			// Payments backwards, each twice (parts), and next to each other.
			for i := 2998; i >= 0; i -= 97 {
				for _, j := range []int{i, i, i + 1} {
					if j%9 != 4 && j%9 != 7 { // numbered 2026-NNNNN
						pays = append(pays, input.PaymentRow{InvoiceNo: fmt.Sprintf("2026-%05d", j), Date: day("2026-03-01"), Amount: 1})
					}
				}
			}
			return rows, pays
		},
		"stops rising": func() ([]input.InvoiceRow, []input.PaymentRow) {
			var rows []input.InvoiceRow
			for i := range 2000 {
				rows = append(rows, row(fmt.Sprintf("A%04d", i), "C1", "2026-01-01", 100))
				if i == 1500 {
					rows = append(rows, rows[700]) // an identical duplicate: dropped
				}
			}
			rows = append(rows, row("A0003", "C2", "2026-01-01", 100)) // in another's name: an error
			return rows, []input.PaymentRow{{InvoiceNo: "A0010", Date: day("2026-03-01"), Amount: 40}}
		},
		"no digits": func() ([]input.InvoiceRow, []input.PaymentRow) {
			var rows []input.InvoiceRow
			for i := range 400 {
				rows = append(rows, row(fmt.Sprintf("%c%c-X", 'A'+i%26, 'A'+i/26), "C", "2026-01-01", 100))
			}
			return rows, []input.PaymentRow{{InvoiceNo: "B0-X", Date: day("2026-03-01"), Amount: 40}}
		},
		"shuffled": func() ([]input.InvoiceRow, []input.PaymentRow) {
			var rows []input.InvoiceRow
			for _, i := range rnd.Perm(3000) {
				rows = append(rows, row(fmt.Sprintf("S%d", i), fmt.Sprint("C", i%13), "2026-01-01", money.Cents(i)))
			}
			rows = append(rows, rows[17])
			return rows, []input.PaymentRow{{InvoiceNo: "S1234", Date: day("2026-03-01"), Amount: 40}}
		},
	}
	for name, make := range inputs {
		rows, pays := make()
		build := func(series int) (*Ledger, []*input.Problem, error) {
			maxSeries = series
			return Build(Input{Invoices: rows, Payments: pays, HavePayments: len(pays) > 0, DefaultTerms: 30})
		}
		want, wantProblems, wantErr := build(0)
		for _, series := range []int{2, 256} {
			got, problems, err := build(series)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("%s, %d series: error %v; want %v", name, series, err, wantErr)
				continue
			}
			if err != nil {
				continue
			}
			if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(problems, wantProblems) {
				t.Errorf("%s, %d series: the ledgers differ (%+v vs %+v)", name, series, got.Quality, want.Quality)
			}
		}
		if name == "stops rising" && wantErr == nil {
			t.Errorf("%s: no error for a number in two clients' names", name)
		}
		if name == "interleaved" && (wantErr != nil || want.Quality.PaymentsNoInvoice != 2) {
			t.Errorf("%s: %v, %d payments without invoice; want 2", name, wantErr, want.Quality.PaymentsNoInvoice)
		}
		if name == "interleaved" {
			maxSeries = 256
			b, _ := NewBuilder(Input{DefaultTerms: 30})
			if err := b.Add(rows); err != nil || !b.rising || len(b.series.of) != 3 {
				t.Errorf("%s: %v; rising %v in %d series; want rising in 3, without the index", name, err, b.rising, len(b.series.of))
			}
		}
	}
}

// TestShortKeys holds the index that keeps short keys beside their slots
// to a map, on keys of every length around the 7 bytes it packs, keys that
// differ only in length or in a zero byte, and keys never added.
func TestShortKeys(t *testing.T) {
	var keys []string
	for i := range 20000 {
		hex := fmt.Sprintf("%012x", i*7919)
		keys = append(keys, hex[:1+i%10], fmt.Sprint("C", i))
	}
	keys = append(keys, "", "A", "A\x00", "\x00", "ABCDEFG", "ABCDEFGH", "ABCDEFG\x00")
	seen := map[string]int32{}
	var stored []string
	idx := newShortKeyIndex(maphash.MakeSeed(), func(i int32) string { return stored[i] })
	for _, k := range keys {
		got, added := idx.findOrAdd(k, int32(len(stored)))
		want, had := seen[k]
		switch {
		case had && (added || got != want):
			t.Fatalf("%q again: %d, added %v; want %d", k, got, added, want)
		case !had && !added:
			t.Fatalf("%q new: found as %d (%q)", k, got, stored[got])
		case !had:
			seen[k] = int32(len(stored))
			stored = append(stored, k)
		}
	}
	for k, want := range seen {
		if got, ok := idx.find(k); !ok || got != want {
			t.Fatalf("find %q = %d, %v; want %d", k, got, ok, want)
		}
	}
	for _, k := range []string{"B\x00", "ABCDEFGX", "C-1", "zzzzzzzz", "\x00\x00"} {
		if got, ok := idx.find(k); ok {
			t.Errorf("find %q: found %q", k, stored[got])
		}
	}
}

// TestFindAll holds findAll, which visits the table in slot order, to
// find one key at a time, on a table larger than its threshold, with keys
// present, absent and repeated.
func TestFindAll(t *testing.T) {
	var stored []string
	idx := newShortKeyIndex(maphash.MakeSeed(), func(i int32) string { return stored[i] })
	for i := range 50000 {
		stored = append(stored, fmt.Sprint("K", i*3))
		idx.findOrAdd(stored[i], int32(i))
	}
	var keys []string
	for i := range 30000 {
		keys = append(keys, fmt.Sprint("K", i*5), fmt.Sprint("LONGER-KEY-", i*3))
	}
	found := make([]int32, len(keys))
	idx.findAll(len(keys), func(i int) string { return keys[i] }, found)
	hits := 0
	for i, k := range keys {
		want, ok := idx.find(k)
		if !ok {
			want = -1
		} else {
			hits++
		}
		if found[i] != want {
			t.Fatalf("%q: findAll %d, find %d", k, found[i], want)
		}
	}
	if hits == 0 || hits == len(keys) {
		t.Fatalf("%d of %d keys found: the test reaches no misses or no hits", hits, len(keys))
	}
}

// TestClientsKnownInBatches: a ledger of 40,000 clients built from
// batches of 10,000 rows (whose clients are looked up all at once) equals
// the one built from batches of 100 rows (one at a time), names that come
// later and clients that first appear inside a batch included.
func TestClientsKnownInBatches(t *testing.T) {
	var rows []input.InvoiceRow
	for i := range 120000 {
		r := row(fmt.Sprintf("N%07d", i), fmt.Sprint("C", (i*7919)%40000), "2026-01-01", money.Cents(100+i%50))
		if i%3 == 0 {
			r.ClientName = fmt.Sprint("Name ", (i*7919)%40000)
		}
		rows = append(rows, r)
	}
	build := func(batch int) *Ledger {
		b, err := NewBuilder(Input{DefaultTerms: 30})
		if err != nil {
			t.Fatal(err)
		}
		for lo := 0; lo < len(rows); lo += batch {
			if err := b.Add(rows[lo:min(lo+batch, len(rows))]); err != nil {
				t.Fatal(err)
			}
		}
		l, _, err := b.Finish()
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	defer func(old int) { findAllSlots = old }(findAllSlots)
	findAllSlots = 1 << 16
	one, all := build(100), build(10000)
	if len(one.Clients) != 40000 || !reflect.DeepEqual(one, all) {
		t.Fatalf("%d clients one at a time, %d all at once; the ledgers differ", len(one.Clients), len(all.Clients))
	}
}
