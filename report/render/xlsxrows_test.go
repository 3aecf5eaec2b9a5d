package render

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/money"
)

// hostileTexts are client names and the like that test the writing of
// text cells: escapes, white space at either end, other scripts, bytes
// that are no UTF-8, text that starts like a formula, text past a cell's
// limit in characters of one and two UTF-16 units.
var hostileTexts = []string{
	"Jansen & Zn.", "<b>\"quoted\" 'single'</b>", " leading", "trailing\t", "line\nfeed", "carriage\rreturn",
	"Müller GmbH", "株式会社", "emoji 🧾 bill", "bad \xff\xfe bytes", "ctrl \x01\x1f", "=SUM(A1)", "+31 20 123", "-minus", "@at",
	"", " ", "\n", "del \x7f", strings.Repeat("é", 40000), strings.Repeat("𝄞", 20000), strings.Repeat("a", 32767), strings.Repeat("b", 32768),
}

// resultWithClients computes a portfolio of one client per name, with
// their segments, managers, credit limits and invoices paid or not.
func resultWithClients(t *testing.T, names []string) (*metrics.Result, *Meta) {
	t.Helper()
	var clients []input.ClientRow
	var rows []input.InvoiceRow
	for i, name := range names {
		id := fmt.Sprint("C", i)
		clients = append(clients, input.ClientRow{ID: id, Name: name, Segment: names[(i+1)%len(names)], AccountManager: names[(i+2)%len(names)],
			CreditLimit: money.Cents(i * 123456789), HasCreditLimit: i%3 == 0, Terms: 14 + i%30, HasTerms: i%2 == 0})
		for k := range 3 {
			issue := civil.New(2026, 1, 1).AddDays(i*7 + k*50)
			r := input.InvoiceRow{No: fmt.Sprint("F", i, "-", k), ClientID: id, Issue: issue, HasIssue: true, Due: issue.AddDays(30), HasDue: true,
				Amount: money.Cents(1 + i*99991 + k*7)}
			if (i+k)%2 == 0 {
				r.PaidDate, r.HasPaidDate = issue.AddDays(10+i%60), true
			}
			rows = append(rows, r)
		}
	}
	l, _, err := ledger.Build(ledger.Input{Invoices: rows, Clients: clients, HaveClients: true, DefaultTerms: 30, Currency: "EUR", PaidColumns: true})
	if err != nil {
		t.Fatal(err)
	}
	meta := &Meta{DefaultTerms: 30, Lang: builtinEnglish()}
	return metrics.Compute(l, metrics.DefaultParams(civil.New(2026, 10, 31))), meta
}

// TestRowXMLAgainstExcelize holds report.xlsx with the debtors' rows
// written by rowXML to the same workbook written by excelize alone, byte
// for byte: with hostile text, and with text rowXML leaves to excelize
// (the whole sheet then goes through excelize).
func TestRowXMLAgainstExcelize(t *testing.T) {
	for _, tc := range []struct {
		name    string
		names   []string
		ownRows bool // rowXML writes the rows
	}{
		{"hostile text", hostileTexts, true},
		{"many rows", manyNames(700), true},
		{"an excelize escape", append(manyNames(5), "_x0041_ looks escaped"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, meta := resultWithClients(t, tc.names)
			rep := NewReport(res, meta)
			bk, err := newBook(rep)
			if err != nil {
				t.Fatal(err)
			}
			bk.f.Close()
			if _, ok := bk.debtorRowsXML(rep.Debtors.Rows); ok != tc.ownRows {
				t.Fatalf("rowXML writes the rows: %v, want %v", ok, tc.ownRows)
			}
			fast, err := workbook(rep, []byte("# Methodology"))
			if err != nil {
				t.Fatal(err)
			}
			rowsWithoutExcelize = false
			defer func() { rowsWithoutExcelize = true }()
			plain, err := workbook(rep, []byte("# Methodology"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(fast, plain) {
				t.Fatalf("report.xlsx differs: %d bytes with rowXML, %d with excelize", len(fast), len(plain))
			}
		})
	}
}

func manyNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("Client %d & Co", i)
	}
	return names
}

// FuzzRowXML holds a row of every kind of cell rowXML writes to the row
// excelize's stream writer writes from the same values, wherever rowXML
// says it writes them exactly.
func FuzzRowXML(f *testing.F) {
	for i, s := range hostileTexts {
		if len(s) < 100 { // the long ones are TestRowXMLAgainstExcelize's: fuzzing them is slow
			f.Add(s, float64(i)*1234.56, i*1000-3, int32(20000+i*97))
		}
	}
	f.Add("_x0041_", 0.1, 0, int32(-25508))
	f.Add("x", 123456789012345.67, -1, int32(-30000))
	f.Add("x", math.Inf(1), math.MaxInt, int32(2932896))
	f.Fuzz(func(t *testing.T, s string, v float64, n int, day int32) {
		cells := []cell{{kind: textCell, text: s}, {kind: textCell, style: 2, text: s}, {kind: intCell, n: n}, {}, {kind: numberCell, style: 3, num: v},
			{kind: numberCell, num: v}, {kind: dateCell, style: 4, date: civil.Date(day)}, {kind: dateCell, date: civil.Date(day)}, {kind: intCell, style: 5, n: -n}}
		for i, c := range cells { // a value rowXML leaves to excelize leaves the others to compare
			if _, ok := appendRow(nil, 7, []cell{c}); !ok {
				cells[i] = cell{}
			}
		}
		own, ok := appendRow(nil, 7, cells)
		if !ok {
			t.Fatalf("rowXML writes each of %v but not all", cells)
		}
		if want := excelizeRow(t, 7, values(cells)); !bytes.Equal(own, want) {
			t.Fatalf("rowXML wrote\n%q\nexcelize\n%q", own, want)
		}
	})
}

// excelizeRow is row r as excelize's stream writer writes it.
func excelizeRow(t *testing.T, r int, cells []any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for range 5 {
		if _, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
			t.Fatal(err)
		}
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow(fmt.Sprint("A", r), cells); err != nil {
		t.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	part, err := zr.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := io.ReadAll(part)
	if err != nil {
		t.Fatal(err)
	}
	_, rows, _ := bytes.Cut(sheet, []byte("<sheetData>"))
	rows, _, _ = bytes.Cut(rows, []byte("</sheetData>"))
	return rows
}
