package input

import (
	"encoding/csv"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// textInputs are text exports that exercise the row-by-row rules: quoted
// separators and line ends, empty and total rows, bad values, drafts and
// voids, CRLF, a Windows-1252 file, day-month dates that only later rows
// settle.
func textInputs() map[string][]byte {
	var en, nl, late strings.Builder
	en.WriteString("Report of receivables\n\nInvoice No,Client ID,Client Name,Invoice Date,Due Date,Amount,Paid Date,Status\n")
	nl.WriteString("Factuurnummer;Klant;Factuurdatum;Vervaldatum;Bedrag;Betaaldatum\r\n")
	late.WriteString("Invoice No,Client,Invoice Date,Due Date,Amount\n")
	for i := range 300 {
		name := fmt.Sprintf("Client %d", i%17)
		switch i % 23 {
		case 3:
			name = `"Smith, Jones & Co"`
		case 7:
			name = "\"Line one\nline two\""
		case 11:
			name = `"He said ""pay"" twice"`
		}
		amount := fmt.Sprintf("%d.%02d", 100+i, i%100)
		status := "paid"
		switch i % 31 {
		case 5:
			amount = "ten"
		case 9:
			status = "draft"
		case 13:
			status = "void"
		}
		paid := fmt.Sprintf("2026-%02d-%02d", 1+i%12, 1+i%28)
		if i%4 == 0 {
			paid, status = "", "open"
		}
		fmt.Fprintf(&en, "INV-%04d,C%02d,%s,2026-%02d-%02d,2026-%02d-%02d,%s,%s,%s\n", i, i%17, name, 1+i%12, 1+i%28, 1+i%12, 1+i%28, amount, paid, status)
		if i%50 == 49 {
			en.WriteString("\n,,,,,,,\n")
		}
		if i%60 == 59 {
			// A subtotal, then a row cut short: it has no amount of its own
			// and must not take the subtotal's.
			fmt.Fprintf(&en, "Subtotal,,,,,%d.00,2026-03-01,paid\nINV-S%04d,C01,Client 1,2026-01-02\n", 9000+i, i)
		}
		fmt.Fprintf(&nl, "F%d;Klant %d;%02d-%02d-2026;%02d-%02d-2026;%d,%02d;\r\n", i, i%9, 1+i%28, 1+i%12, 1+i%28, 1+i%12, 1000+i, i%100)
		// Days up to 12 for 200 rows: only the later ones say day-month.
		fmt.Fprintf(&late, "L%d,K%d,%02d/%02d/2026,%02d/%02d/2026,%d.00\n", i, i%5, 1+i%12, 1+i%9, 1+i%12, 1+i%9, 10+i)
		if i >= 200 {
			fmt.Fprintf(&late, "M%d,K%d,%02d/%02d/2026,%02d/%02d/2026,%d.00\n", i, i%5, 13+i%15, 1+i%12, 13+i%15, 1+i%12, 10+i)
		}
	}
	en.WriteString("Total,,,,,123456.00,,\n")
	cp, err := charmap.Windows1252.NewEncoder().String(strings.ReplaceAll(nl.String(), "Klant 3", "Café Müller"))
	if err != nil {
		panic(err)
	}
	return map[string][]byte{"en.csv": []byte(en.String()), "nl.csv": []byte(nl.String()), "cp1252.csv": []byte(cp), "late.csv": []byte(late.String())}
}

// plainRead reads a text file the plain way: every row below the header
// one by one into memory, then typed in one go.
func plainRead(t *testing.T, path string, kind Kind, opt Options) *Table {
	t.Helper()
	tab, err := plainReadErr(path, kind, opt)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// plainReadErr is plainRead, failing with the error the plain way meets.
func plainReadErr(path string, kind Kind, opt Options) (*Table, error) {
	raw, err := readRaw(path, kind, opt, false)
	if err != nil {
		return nil, err
	}
	p, err := newParser(raw, opt)
	if err != nil {
		return nil, err
	}
	raw.src.TitleDate, raw.src.HasTitleDate = titleDate(raw.titles, p.tableOrder())
	tab := &Table{Source: raw.src}
	typed := p.typeRows(kind, raw.rows, nil)
	tab.addCounts(typed)
	tab.Invoices, tab.Clients, tab.Payments = typed.Invoices, typed.Clients, typed.Payments
	return tab, nil
}

// TestTextBodyInParallel holds the block-wise reading on every core, in
// two passes and in one, to the plain row-by-row reading, with blocks and
// samples small enough that every input spans many of them.
func TestTextBodyInParallel(t *testing.T) {
	defer func(size, rows int) { blockSize, onePassRows = size, rows }(blockSize, onePassRows)
	for name, data := range textInputs() {
		path := writeFile(t, name, data)
		blockSize, onePassRows = 1<<20, 50000
		want := plainRead(t, path, Invoices, Options{})
		if len(want.Invoices) < 200 {
			t.Fatalf("%s: %d invoices read", name, len(want.Invoices))
		}
		for _, size := range []int{1, 97, 4096} {
			for _, sample := range []int{1, 40, 50000} {
				blockSize, onePassRows = size, sample
				for _, once := range []bool{false, true} {
					got, err := Read(path, Invoices, Options{OnePass: once})
					if err != nil {
						t.Fatalf("%s (blocks of %d, one pass %v, sample %d): %v", name, size, once, sample, err)
					}
					if !reflect.DeepEqual(got.Invoices, want.Invoices) {
						t.Errorf("%s (blocks of %d, one pass %v, sample %d): the invoices differ", name, size, once, sample)
					}
					if !reflect.DeepEqual(got.Source, want.Source) || !reflect.DeepEqual(got.Problems, want.Problems) {
						t.Errorf("%s (blocks of %d, one pass %v, sample %d):\n got %+v\nwant %+v", name, size, once, sample, got.Source, want.Source)
					}
				}
			}
		}
	}
}

// TestOnePassFormatsChanged: a file whose first rows take a dot for the
// decimal mark and whose whole takes a comma cannot be read once.
func TestOnePassFormatsChanged(t *testing.T) {
	defer func(rows int) { onePassRows = rows }(onePassRows)
	onePassRows = 10
	var b strings.Builder
	b.WriteString("Invoice No,Client,Invoice Date,Amount\n")
	for i := range 40 {
		amount := "12.50"
		if i >= 10 {
			amount = `"12,50"`
		}
		fmt.Fprintf(&b, "F%d,K,2026-01-05,%s\n", i, amount)
	}
	path := writeFile(t, "changed.csv", []byte(b.String()))
	handed := 0
	_, err := ReadBatches(path, Invoices, Options{OnePass: true}, func(part *Table) error { handed += len(part.Invoices); return nil })
	if !errors.Is(err, ErrFormatsChanged) || handed == 0 {
		t.Fatalf("one pass: %v after %d rows; want ErrFormatsChanged after some", err, handed)
	}
	tab, err := Read(path, Invoices, Options{})
	if err != nil || tab.Source.Problems != 10 || len(tab.Invoices) != 30 || tab.Invoices[0].Amount != 1250 {
		t.Fatalf("two passes: %v, %d problems, %d invoices", err, tab.Source.Problems, len(tab.Invoices))
	}
}

// TestWorkbookReadOnce holds a workbook read once (its first rows settle
// the formats, the rest is typed in batches as the sheet is read) to the
// plain reading, on the text inputs saved as sheets of text cells, with
// samples and batches small enough that each spans many.
func TestWorkbookReadOnce(t *testing.T) {
	defer func(rows, batch int) { onePassRows, batchRows = rows, batch }(onePassRows, batchRows)
	for name, data := range textInputs() {
		if name == "cp1252.csv" {
			continue // the same rows as nl.csv
		}
		src := plainRead(t, writeFile(t, name, data), Invoices, Options{}) // to know the test reaches its rows
		book := excelize.NewFile()
		r := csv.NewReader(strings.NewReader(string(data)))
		r.FieldsPerRecord, r.LazyQuotes = -1, true
		if strings.HasPrefix(name, "nl") {
			r.Comma = ';'
		}
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for i, rec := range recs {
			row := make([]any, len(rec))
			for j, v := range rec {
				row[j] = v
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := book.SetSheetRow("Sheet1", cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		path := filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".csv")+".xlsx")
		if err := book.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		onePassRows, batchRows = 50000, 1<<16
		want := plainRead(t, path, Invoices, Options{})
		if len(want.Invoices) != len(src.Invoices) {
			t.Fatalf("%s: %d invoices from the sheet, %d from the text", name, len(want.Invoices), len(src.Invoices))
		}
		for _, sample := range []int{1, 40, 50000} {
			for _, batch := range []int{1, 33, 1 << 16} {
				onePassRows, batchRows = sample, batch
				got, err := Read(path, Invoices, Options{OnePass: true})
				if err != nil {
					t.Fatalf("%s (sample %d, batches of %d): %v", name, sample, batch, err)
				}
				if !reflect.DeepEqual(got.Invoices, want.Invoices) || !reflect.DeepEqual(got.Source, want.Source) || !reflect.DeepEqual(got.Problems, want.Problems) {
					t.Errorf("%s (sample %d, batches of %d): the table differs:\n got %+v\nwant %+v", name, sample, batch, got.Source, want.Source)
				}
			}
		}
	}
}

// Every test of the package reads with poisoned block buffers: a value
// kept from a block after its worker let it go reads as 0xff bytes.
func init() { poisonBlocks = true }

// TestEvidenceOutlivesBlocks: a date column whose rows say day-month in
// one block and month-day in another fails naming both values, read in
// blocks whose buffers are poisoned once read.
func TestEvidenceOutlivesBlocks(t *testing.T) {
	defer func(size int) { blockSize = size }(blockSize)
	blockSize = 64
	var b strings.Builder
	b.WriteString("Invoice No,Client,Invoice Date,Amount\n")
	for i := range 200 {
		date := "05/06/2026"
		switch i {
		case 20:
			date = "25/06/2026"
		case 150:
			date = "06/25/2026"
		}
		fmt.Fprintf(&b, "F%d,K,%s,10.00\n", i, date)
	}
	for _, once := range []bool{false, true} {
		_, err := Read(writeFile(t, "conflict.csv", []byte(b.String())), Invoices, Options{OnePass: once})
		if err == nil || !strings.Contains(err.Error(), "25/06/2026") || !strings.Contains(err.Error(), "06/25/2026") {
			t.Errorf("one pass %v: %v; want both dates named", once, err)
		}
	}
}

// TestDatesOfRowBefore: dates in runs, as exports list them, read as each
// row's own text says, also across blocks whose buffers are reused (left
// as they were, so that a date remembered from a block before would show
// the text now in its place) and after a bad value; statuses likewise.
func TestDatesOfRowBefore(t *testing.T) {
	defer func(size, rows int) { blockSize, onePassRows = size, rows }(blockSize, onePassRows)
	defer func() { poisonBlocks = true }()
	poisonBlocks = false
	var b strings.Builder
	b.WriteString("Invoice No,Client,Invoice Date,Due Date,Amount,Paid Date,Status\n")
	type want struct {
		issue, paid string
		status      InvoiceStatus
	}
	var wants []want
	statuses := []struct {
		text   string
		status InvoiceStatus
	}{{"paid", StatusPaid}, {"Paid", StatusPaid}, {"open", StatusOpen}, {"disputed", StatusDisputed}}
	for i := range 400 {
		issue := fmt.Sprintf("2026-%02d-%02d", 1+i/70, 1+i/7%10)
		paid := fmt.Sprintf("2026-%02d-%02d", 1+i/120, 1+i/3%28)
		due := issue
		if i%37 == 5 {
			due = "2026-02-30" // not a date, within a run of one
		}
		st := statuses[i/5%len(statuses)]
		fmt.Fprintf(&b, "F%d,K%d,%s,%s,10.00,%s,%s\n", i, i%3, issue, due, paid, st.text)
		if i%37 != 5 {
			wants = append(wants, want{issue, paid, st.status})
		}
	}
	path := writeFile(t, "runs.csv", []byte(b.String()))
	for _, size := range []int{64, 1000, 1 << 20} {
		for _, once := range []bool{false, true} {
			blockSize, onePassRows = size, 40
			tab, err := Read(path, Invoices, Options{OnePass: once})
			if err != nil {
				t.Fatal(err)
			}
			if len(tab.Invoices) != len(wants) || tab.Source.Problems != 400-len(wants) {
				t.Fatalf("blocks of %d, one pass %v: %d invoices, %d problems; want %d, %d", size, once, len(tab.Invoices), tab.Source.Problems, len(wants), 400-len(wants))
			}
			for i, r := range tab.Invoices {
				w := wants[i]
				if r.Issue.String() != w.issue || r.PaidDate.String() != w.paid || r.Status != w.status {
					t.Fatalf("blocks of %d, one pass %v: row %s read %s, %s, %v; want %s, %s, %v", size, once, r.No, r.Issue, r.PaidDate, r.Status, w.issue, w.paid, w.status)
				}
			}
		}
	}
}
