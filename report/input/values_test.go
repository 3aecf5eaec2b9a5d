package input

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/wording"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in    string
		order DateOrder
		want  string // "" = not a date
	}{
		{"2026-10-31", Auto, "2026-10-31"},
		{"2026-10-31 00:00:00", Auto, "2026-10-31"},
		{"2026-10-31T00:00:00Z", Auto, "2026-10-31"},
		{"31-10-2026", DMY, "2026-10-31"},
		{"31/10/2026", DMY, "2026-10-31"},
		{"31.10.2026", DMY, "2026-10-31"},
		{"10/31/2026", MDY, "2026-10-31"},
		{"3/4/2026", DMY, "2026-04-03"},
		{"3/4/2026", MDY, "2026-03-04"},
		{"3/4/2026", Auto, ""}, // never guessed
		{"31-okt-2026", Auto, "2026-10-31"},
		{"31 oktober 2026", Auto, "2026-10-31"},
		{"Oct 31, 2026", Auto, "2026-10-31"},
		{"1 mrt 2026", Auto, "2026-03-01"},
		{"46326", Auto, "2026-10-31"},    // Excel serial, 1900 system
		{"46326.75", Auto, "2026-10-31"}, // with a time of day
		{"20261031", Auto, "2026-10-31"},
		{"31-02-2026", DMY, ""},
		{"yesterday", Auto, ""},
		{"", Auto, ""},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in, tt.order, false)
		if (tt.want == "") == ok || ok && got.String() != tt.want {
			t.Errorf("parseDate(%q, %v) = %v, %v; want %q", tt.in, tt.order, got, ok, tt.want)
		}
	}
	// 1904 system: serial 0 is 1904-01-01, so 44864 is 4 years and a day later than in 1900.
	if got, ok := parseDate("44864", Auto, true); !ok || got.String() != "2026-10-31" {
		t.Errorf("parseDate(44864, 1904) = %v, %v; want 2026-10-31", got, ok)
	}
}

// seq iterates over values, as rawTable.values does.
func seq(vals ...string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for _, v := range vals {
			if !yield(v) {
				return
			}
		}
	}
}

func TestDetectDateOrder(t *testing.T) {
	if o, conflict := detectDateOrder(seq("01/02/2026", "13/02/2026")); o != DMY || conflict {
		t.Errorf("13/02 → %v %v; want dmy", o, conflict)
	}
	if o, conflict := detectDateOrder(seq("01/02/2026", "02/13/2026")); o != MDY || conflict {
		t.Errorf("02/13 → %v %v; want mdy", o, conflict)
	}
	if o, _ := detectDateOrder(seq("01/02/2026", "2026-03-04")); o != Auto {
		t.Errorf("no evidence → %v; want auto", o)
	}
	if _, conflict := detectDateOrder(seq("13/02/2026", "02/13/2026")); !conflict {
		t.Error("contradicting dates gave no error")
	}
}

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in      string
		decimal rune
		want    money.Cents
		ok      bool
	}{
		{"1234.56", '.', 123456, true},
		{"1,234.56", '.', 123456, true},
		{"1.234,56", ',', 123456, true},
		{"1 234,56", ',', 123456, true},
		{"EUR 1.234,56", ',', 123456, true},
		{"€ -12,00", ',', -1200, true},
		{"-€ 12,00", ',', -1200, true},
		{"(123.45)", '.', -12345, true},
		{"$4,250.00", '.', 425000, true},
		{"12,00-", ',', -1200, true},
		{"0.125", '.', 13, true}, // half away from zero
		{"-0.125", '.', -13, true},
		{"1234.5599999999999", '.', 123456, true}, // a raw float cell
		{"1E3", '.', 100000, true},
		{"1,23,4.00", '.', 0, false},
		{"12abc", '.', 0, false},
		{"", '.', 0, false},
		{"-", '.', 0, false},
	}
	for _, tt := range tests {
		got, ok := parseAmount(tt.in, tt.decimal)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("parseAmount(%q, %q) = %v, %v; want %v, %v", tt.in, tt.decimal, got, ok, tt.want, tt.ok)
		}
	}
}

func TestDetectDecimal(t *testing.T) {
	tests := []struct {
		vals []string
		def  rune
		want rune
	}{
		{[]string{"1.234", "12,50"}, '.', ','},
		{[]string{"1,234", "12.50"}, ',', '.'},
		{[]string{"1.234.567"}, '.', ','},
		{[]string{"1.234"}, ',', ','}, // no evidence: the default
		{[]string{"100"}, '.', '.'},
	}
	for _, tt := range tests {
		if got := detectDecimal(seq(tt.vals...), tt.def); got != tt.want {
			t.Errorf("detectDecimal(%v, %q) = %q; want %q", tt.vals, tt.def, got, tt.want)
		}
	}
}

func TestNormalizeHeader(t *testing.T) {
	tests := map[string]string{
		"Payment Terms (days)": "payment terms",
		"  Factuurnr. ":        "factuurnr",
		"Bedrag incl. BTW":     "bedrag incl btw",
		"Vervaldatum":          "vervaldatum",
		"Créditeur":            "crediteur",
		"customerID":           "customer id",
		"InvoiceID":            "invoice id",
		"invoice_number":       "invoice number",
		"invoiced_at":          "invoiced at",
		"Credit_Terms_Days":    "credit terms days",
		"PaymentDate":          "payment date",
		"IDNumber":             "id number",
		"due-in-date":          "due in date",
		"BTW21Bedrag":          "btw21 bedrag",
	}
	for in, want := range tests {
		if got := normalizeHeader(in); got != want {
			t.Errorf("normalizeHeader(%q) = %q; want %q", in, got, want)
		}
	}
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadDutchCSV(t *testing.T) {
	// A title and a period line above the header, semicolons, decimal
	// commas, day-month dates, a total row and an empty row.
	csv := "Debiteurenlijst Bakkerij B.V.\nPeriode: 2026\n\n" +
		"Factuurnummer;Klantnaam;Factuurdatum;Vervaldatum;Bedrag;Betaaldatum\n" +
		"F-1;De Vries;13-01-2026;12-02-2026;1.234,56;10-02-2026\n" +
		"F-2;Jansen;02-02-2026;;-50,00;\n" +
		";;;;;\n" +
		"Totaal;;;;1.184,56;\n"
	tab, err := Read(writeFile(t, "lijst.csv", []byte(csv)), Invoices, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Invoices) != 2 || len(tab.Problems) != 0 {
		t.Fatalf("read %d invoices, problems %v; want 2, none", len(tab.Invoices), tab.Problems)
	}
	r := tab.Invoices[0]
	if r.No != "F-1" || r.ClientID != "De Vries" || r.Issue.String() != "2026-01-13" || r.Due.String() != "2026-02-12" || r.Amount != 123456 || r.PaidDate.String() != "2026-02-10" {
		t.Errorf("row 1 = %+v", r)
	}
	if tab.Invoices[1].Amount != -5000 || tab.Invoices[1].HasDue {
		t.Errorf("row 2 = %+v", tab.Invoices[1])
	}
	if tab.Source.HeaderRow != 4 || tab.Source.Skipped["total or subtotal row"] != 1 || tab.Source.Skipped["empty row"] != 1 {
		t.Errorf("source = %+v", tab.Source)
	}
}

// TestTotalRows: total and subtotal lines are left out, wherever their
// label stands; an invoice of a client whose name has the word total in
// it is not, even in a list that gives no invoice dates.
func TestTotalRows(t *testing.T) {
	csv := "Invoice No,Client,Due Date,Amount\n" +
		"F-1,Total Nederland B.V.,2026-02-12,1234.56\n" +
		"F-2,Jansen,2026-02-13,100.00\n" +
		"Subtotal,,,1334.56\n" +
		",Total Jansen,,100.00\n" +
		"Totaal debiteur 1040,,,100.00\n" +
		"F-3,Grand Total Logistics,2026-02-14,50.00\n" +
		",,,\n" +
		"Grand total,,,1384.56\n"
	tab, err := Read(writeFile(t, "open.csv", []byte(csv)), Invoices, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range tab.Invoices {
		got = append(got, r.No+" "+r.ClientID)
	}
	want := []string{"F-1 Total Nederland B.V.", "F-2 Jansen", "F-3 Grand Total Logistics"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("invoices %q; want %q", got, want)
	}
	if n := tab.Source.Skipped["total or subtotal row"]; n != 4 {
		t.Errorf("skipped %v; want 4 total rows", tab.Source.Skipped)
	}
}

// TestRepeatedHeader: a header row with one name over two columns reads
// the first and says so; the column letters are a spreadsheet's.
func TestRepeatedHeader(t *testing.T) {
	csv := "Invoice No,Client,Invoice Date,Due Date,Amount,Client,AMOUNT\n" +
		"F-1,Jansen,2026-01-05,2026-02-04,100.00,X,121.00\n"
	tab, err := Read(writeFile(t, "twice.csv", []byte(csv)), Invoices, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Invoices) != 1 || tab.Invoices[0].Amount != 10000 || tab.Invoices[0].ClientID != "Jansen" {
		t.Fatalf("invoices %+v; want F-1 of Jansen, 100.00", tab.Invoices)
	}
	want := []RepeatedHeader{{Field: ClientName, Header: "Client", Columns: []int{1, 5}, Read: 1}, {Field: Amount, Header: "Amount", Columns: []int{4, 6}, Read: 4}}
	if !reflect.DeepEqual(tab.Source.Repeated, want) {
		t.Errorf("repeated %+v; want %+v", tab.Source.Repeated, want)
	}
	if got := want[1].Describe(wording.English()); !strings.Contains(got, `"Amount" stands over columns E, G; column E is read as amount`) {
		t.Errorf("note %q", got)
	}
	for c, name := range map[int]string{0: "A", 25: "Z", 26: "AA", 701: "ZZ", 702: "AAA", 16383: "XFD", 16384: "16385"} {
		if got := columnLetters(c); got != name {
			t.Errorf("columnLetters(%d) = %q; want %q", c, got, name)
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"missing column", "a.csv", "Invoice No,Client,Amount\n1,A,10\n",
			`a.csv: no invoices header row found in the first 30 rows; the closest, row 1, has the columns "Invoice No", "Client", "Amount" but lacks issue_date (accepted: invoice date`},
		{"ambiguous dates", "b.csv", "Invoice No,Client,Invoice Date,Amount\n1,A,01/02/2026,10\n",
			`b.csv: column "Invoice Date" has dates such as "01/02/2026" that could be day-month or month-day, and no value settles it; say which with --date-order dmy or --date-order mdy`},
		{"encrypted", "c.xlsx", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest",
			"c.xlsx: the workbook is encrypted (password-protected) or in the old .xls format; save it as .xlsx without a password"},
		{"not a workbook", "d.xlsx", "hello", "d.xlsx: not an xlsx workbook (it does not start like a zip file)"},
		{"empty", "e.csv", "", "e.csv: no invoices table found: the file has no rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(writeFile(t, tt.file, []byte(tt.data)), Invoices, Options{})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("Read error = %v;\nwant prefix %s", err, tt.want)
			}
		})
	}
}

// TestRunawayQuote: a quote that opens a cell and is never closed where
// the cell ends would read the rows below into that one cell; the read
// fails naming the row where it opened. A quoted cell that spans lines
// (an address with a comma) is read as it is.
func TestRunawayQuote(t *testing.T) {
	head := "Invoice No,Client,Invoice Date,Amount\n"
	var rows strings.Builder
	for i := 5; i <= 200; i++ {
		fmt.Fprintf(&rows, "INV%d,A,2026-01-05,10.00\n", i)
	}
	tests := []struct {
		name, data, want string
		invoices         int
	}{
		{"open at the start of a cell", head + "INV1,A,2026-01-05,10.00\nINV2,A,2026-01-05,10.00\n\"INV3,A,2026-01-05,10.00\n" + rows.String(),
			`q.csv: row 4: column "Invoice No": a quote opens this cell and is not closed where the cell ends, so rows 5 to 200 would be read into it; correct the quote in this row`, 0},
		{"open in a later cell, closed much later", head + "INV1,\"A,2026-01-05,10.00\nINV2,A,2026-01-05,10.00\nINV3,A\",2026-01-05,10.00\n",
			`q.csv: row 2: column "Client": a quote opens this cell`, 0},
		{"semicolons", "Factuurnummer;Klant;Factuurdatum;Bedrag\nF1;\"A;01-02-2026;10,00\nF2;A;13-02-2026;10,00\n",
			`q.csv: row 2: column "Klant": a quote opens this cell`, 0},
		{"a cell over two lines", head + "INV1,\"Jansen\nKerkstraat 1, Utrecht\",2026-01-05,10.00\nINV2,A,2026-01-05,10.00\n", "", 2},
		// The row is a problem row of its own (no invoice date); nothing else is lost.
		{"an unclosed quote in the last row", head + "INV1,A,2026-01-05,10.00\nINV2,\"A,2026-01-05,10.00\n", "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := Read(writeFile(t, "q.csv", []byte(tt.data)), Invoices, Options{})
			if tt.want != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
					t.Fatalf("Read error = %v;\nwant prefix %s", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(tab.Invoices) != tt.invoices {
				t.Errorf("%d invoices; want %d", len(tab.Invoices), tt.invoices)
			}
		})
	}
}

func TestRowProblems(t *testing.T) {
	csv := "Invoice No,Client,Invoice Date,Due Date,Amount\n1,A,2026-01-05,2026-02-31,10\n2,A,2026-01-06,,ten\n3,A,2026-01-07,,10\n4,A,2026-01-08,,10\n5,A,2026-01-09,,10\n"
	tab, err := Read(writeFile(t, "inv.csv", []byte(csv)), Invoices, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`inv.csv: row 2, column "Due Date": "2026-02-31" is not a date`,
		`inv.csv: row 3, column "Amount": "ten" is not an amount`,
	}
	if len(tab.Problems) != 2 || len(tab.Invoices) != 3 {
		t.Fatalf("problems %v, %d rows; want 2 problems, 3 rows", tab.Problems, len(tab.Invoices))
	}
	for i, w := range want {
		if got := tab.Problems[i].Error(); got != w {
			t.Errorf("problem %d = %s; want %s", i, got, w)
		}
	}
}

func TestDecodeText(t *testing.T) {
	// "Café;1" in Windows-1252, UTF-16LE with BOM, UTF-8 with BOM, and
	// Windows-1252 whose only non-ASCII byte lies past the first block read.
	tests := map[string]string{
		"windows-1252": "Caf\xe9;1\n",
		"utf-16":       "\xff\xfeC\x00a\x00f\x00\xe9\x00;\x001\x00\n\x00",
		"utf-8 bom":    "\xef\xbb\xbfCafé;1\n",
		"late 1252":    "Cafe;1\n" + strings.Repeat("x;1\n", 400000) + "Caf\xe9;1\n",
	}
	for name, data := range tests {
		src, delim, err := openText(writeFile(t, "t.csv", []byte(data)), false)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var last []string
		for {
			rec, _, err := src.next()
			if err != nil {
				break
			}
			last = append([]string(nil), rec...)
		}
		src.close()
		if delim != ';' || len(last) != 2 || last[0] != "Café" {
			t.Errorf("%s: last record %q, separator %q; want Café and ;", name, last, delim)
		}
	}
}

func TestMostRowsBadFails(t *testing.T) {
	// Dates read in the wrong order fail on most rows: a wrong reading, not bad rows.
	csv := "Invoice No,Client,Invoice Date,Amount\n1,A,01/13/2026,10\n2,A,01/14/2026,10\n3,A,2026-01-07,10\n"
	_, err := Read(writeFile(t, "inv.csv", []byte(csv)), Invoices, Options{DateOrder: DMY})
	want := `inv.csv: 2 of 3 rows could not be read, the first: inv.csv: row 2, column "Invoice Date": "01/13/2026" is not a date; check the columns used`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v; want %s", err, want)
	}
}

// TestParallelRowsSameAsSerial types a large table on every core and on
// one, and requires the same rows, problems and counts in the same order.
func TestParallelRowsSameAsSerial(t *testing.T) {
	var b strings.Builder
	b.WriteString("Factuurnummer;Klant;Factuurdatum;Bedrag;Status\n")
	for i := 0; i < 30000; i++ {
		date, status := fmt.Sprintf("%02d-%02d-2026", i%28+1, i%12+1), "open"
		switch {
		case i%997 == 0:
			date = "31-02-2026" // a bad row
		case i%1009 == 0:
			status = "geannuleerd" // voided
		}
		fmt.Fprintf(&b, "F%d;Klant é %d;%s;%d,%02d;%s\n", i, i%300, date, i, i%100, status)
	}
	path := writeFile(t, "big.csv", []byte(b.String()))
	par, err := Read(path, Invoices, Options{})
	if err != nil {
		t.Fatal(err)
	}
	saved := parallelRows
	parallelRows = 1 << 30
	defer func() { parallelRows = saved }()
	ser, err := Read(path, Invoices, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(par, ser) {
		t.Errorf("parallel and serial reads differ: %d/%d rows, %d/%d problems, %v/%v skipped",
			len(par.Invoices), len(ser.Invoices), par.Source.Problems, ser.Source.Problems, par.Source.Skipped, ser.Source.Skipped)
	}
	if par.Source.Problems == 0 || par.Source.Skipped[SkipVoided] == 0 {
		t.Errorf("the table should have bad and voided rows: %+v", par.Source)
	}
}

// TestRealHeaders: the header names real systems write are recognised
// after normalising (camelCase and snake_case split, punctuation dropped).
func TestRealHeaders(t *testing.T) {
	tests := []struct {
		name  string
		kind  Kind
		cells []string
		want  map[Field]string
	}{
		{"invoicing app (camelCase)", Invoices, []string{"InvoiceID", "CustomerID", "InvoiceDate", "DueDate", "Amount", "Balance", "PaymentDate"},
			map[Field]string{InvoiceNo: "InvoiceID", ClientID: "CustomerID", IssueDate: "InvoiceDate", DueDate: "DueDate", Amount: "Amount", OpenAmount: "Balance", PaidDate: "PaymentDate"}},
		{"invoicing SaaS (snake_case)", Invoices, []string{"invoice_number", "client_name", "invoiced_at", "due_at", "paid_at", "amount", "currency_code"},
			map[Field]string{InvoiceNo: "invoice_number", ClientName: "client_name", IssueDate: "invoiced_at", DueDate: "due_at", PaidDate: "paid_at", Amount: "amount", Currency: "currency_code"}},
		{"payment-prediction ledger", Invoices, []string{"business_code", "cust_number", "name_customer", "clear_date", "posting_date", "due_in_date", "total_open_amount", "doc_id"},
			map[Field]string{ClientID: "cust_number", ClientName: "name_customer", PaidDate: "clear_date", IssueDate: "posting_date", DueDate: "due_in_date", InvoiceNo: "doc_id"}},
		{"paid so far", Invoices, []string{"Number", "Client", "Date", "Amount", "Paid", "Status"},
			map[Field]string{InvoiceNo: "Number", ClientName: "Client", IssueDate: "Date", Amount: "Amount", PaidAmount: "Paid", Status: "Status"}},
		{"SAP open items", Invoices, []string{"Customer", "Document Number", "Document Date", "Net due date", "Arrears after net due date", "Amount in local currency", "Local Currency"},
			map[Field]string{ClientName: "Customer", InvoiceNo: "Document Number", IssueDate: "Document Date", DueDate: "Net due date", DaysPastDue: "Arrears after net due date", Amount: "Amount in local currency", Currency: "Local Currency"}},
		{"Dutch debtor list", Invoices, []string{"Factuurnr.", "Debiteurnummer", "Naam", "Factuurdatum", "Vervaldatum", "Vervaldagen", "Restant"},
			map[Field]string{InvoiceNo: "Factuurnr.", ClientID: "Debiteurnummer", ClientName: "Naam", IssueDate: "Factuurdatum", DueDate: "Vervaldatum", DaysPastDue: "Vervaldagen", OpenAmount: "Restant"}},
		{"clients with credit terms", Clients, []string{"Customer_ID", "Customer_Name", "Credit_Terms_Days", "Credit_Limit"},
			map[Field]string{ClientID: "Customer_ID", ClientName: "Customer_Name", Terms: "Credit_Terms_Days", CreditLimit: "Credit_Limit"}},
	}
	for _, tt := range tests {
		m := matchHeader(tt.kind, tt.cells, nil)
		for f, want := range tt.want {
			if i, ok := m[f]; !ok || tt.cells[i] != want {
				got := "nothing"
				if ok {
					got = tt.cells[i]
				}
				t.Errorf("%s: %s reads %s; want %q", tt.name, f, got, want)
			}
		}
	}
}

// TestHeaderSuggestions: a header the synonyms miss gets the nearest
// column proposed as a --map.
func TestHeaderSuggestions(t *testing.T) {
	_, err := Read(writeFile(t, "x.csv", []byte("Inv #,Cust,Inv Date,Sum\n1,A,2026-01-05,10\n")), Invoices, Options{})
	var he *HeaderError
	if !errors.As(err, &he) {
		t.Fatalf("Read = %v; want a HeaderError", err)
	}
	for _, want := range []string{`--map invoice_no="Inv #"`, `--map issue_date="Inv Date"`, `--map client_id="Cust"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %s", err, want)
		}
	}
}

// TestReadActivity: a Dutch dunning log as a CRM exports it. The types
// are read in either language; a type that is none of them is kept as
// ActivityUnknown and counted by its text, also when the rows are typed
// on every core.
func TestReadActivity(t *testing.T) {
	var b strings.Builder
	b.WriteString("Debiteurnummer;Datum;Soort;Factuurnummer;Beloofde datum;Bedrag;Notitie\n")
	b.WriteString("D1;15-09-2026;Tweede herinnering;F-1;;;\n")
	b.WriteString("D1;25-09-2026;Betalingsbelofte;F-1;09-10-2026;8.000,00;in twee delen\n")
	b.WriteString("D2;02-10-2026;Memo;;;;intern\n")
	b.WriteString("D2;03-10-2026;Phone call;;;;\n")
	for i := 0; i < 3000; i++ { // enough rows for the parallel path
		fmt.Fprintf(&b, "D%d;%02d-10-2026;%s;;;;\n", i%50, i%28+1, []string{"Reactie", "Memo", "Bezoek"}[i%3])
	}
	path := writeFile(t, "acties.csv", []byte(b.String()))
	saved := parallelRows
	defer func() { parallelRows = saved }()
	for _, rows := range []int{100, 1 << 30} {
		parallelRows = rows
		tab, err := Read(path, Activity, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Activities) != 3004 || len(tab.Problems) != 0 {
			t.Fatalf("parallel from %d: read %d rows, problems %v; want 3004, none", rows, len(tab.Activities), tab.Problems)
		}
		a := tab.Activities
		if a[0].Type != ActivityReminder || a[1].Type != ActivityPromise || a[2].Type != ActivityUnknown || a[3].Type != ActivityCall {
			t.Errorf("types = %v %v %v %v", a[0].Type, a[1].Type, a[2].Type, a[3].Type)
		}
		if p := a[1]; !p.HasPromised || p.Promised.String() != "2026-10-09" || !p.HasAmount || p.Amount != 800000 || p.Invoice != "F-1" || p.Note != "in twee delen" {
			t.Errorf("promise = %+v", p)
		}
		// Memo: 1 + 1000 of the loop; Bezoek: 1000.
		if got := tab.Source.UnknownTypes; len(got) != 2 || got["Memo"] != 1001 || got["Bezoek"] != 1000 {
			t.Errorf("parallel from %d: unknown types = %v; want Memo 1001, Bezoek 1000", rows, got)
		}
	}
}

// TestISOShapedSaysNothing: seeDate skips every yyyy-mm-dd value without
// reading it as a date, which holds because no such value, valid or not,
// is evidence of an order or needs one.
func TestISOShapedSaysNothing(t *testing.T) {
	for _, v := range []string{"2026-10-31", "2026-13-45", "0000-00-00", "1899-12-31", "2026-02-30", "9999-99-99"} {
		if dmy, mdy := orderEvidence(v); dmy || mdy || needsOrder(v) || !isoShaped(v) {
			t.Errorf("%s: evidence %v %v, needs order %v, shaped %v", v, dmy, mdy, needsOrder(v), isoShaped(v))
		}
	}
}

// TestAmountCurrencyOrder: a cell with two currency signs names the
// first in a fixed order, run after run (a map's order would vary), and a
// plain number names none.
func TestAmountCurrencyOrder(t *testing.T) {
	for range 50 {
		if got := amountCurrency("€ 12 $"); got != "EUR" {
			t.Fatalf(`amountCurrency("€ 12 $") = %q; want EUR every time`, got)
		}
	}
	for _, s := range []string{"1212.87", "1.212,87", "0"} {
		if got := amountCurrency(s); got != "" {
			t.Errorf("amountCurrency(%q) = %q; want none", s, got)
		}
	}
}
