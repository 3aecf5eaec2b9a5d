package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBadInputs runs the command on broken exports: each must fail (exit
// status 1, not a usage error) with one message that names the file, where
// the problem is and what to do, and must leave no output behind.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.xlsx")
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Invoice No", "Client", "Invoice Date", "Amount"})
	for i := 2; i < 200; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		f.SetSheetRow("Sheet1", cell, &[]any{i, "Client with a long name to fill the sheet", "2026-01-05", 10.5})
	}
	if err := f.SaveAs(good); err != nil {
		t.Fatal(err)
	}
	f.Close()
	whole, _ := os.ReadFile(good)
	empty := excelize.NewFile()
	empty.SaveAs(filepath.Join(dir, "empty.xlsx"))
	empty.Close()

	var huge strings.Builder
	huge.WriteString("Invoice No,Client,Invoice Date,Amount\n")
	for i := 1; i <= 100; i++ {
		fmt.Fprintf(&huge, "%d,A,2026-01-05,\"999,999,999,999,999.00\"\n", i)
	}
	tests := []struct {
		name, file string
		data       []byte // nil: the file exists already
		want       []string
	}{
		{"corrupt workbook", "corrupt.xlsx", []byte("PK\x03\x04 this is not really a zip file"), []string{"corrupt.xlsx:", "damaged or incomplete", "save it again"}},
		{"truncated workbook", "truncated.xlsx", whole[:len(whole)/2], []string{"truncated.xlsx:", "damaged or incomplete"}},
		{"encrypted workbook", "secret.xlsx", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 OLE container"), []string{"secret.xlsx:", "encrypted", "without a password"}},
		{"empty file", "empty.csv", []byte{}, []string{"empty.csv:", "no invoices table found"}},
		{"empty workbook", "empty.xlsx", nil, []string{"empty.xlsx:", "no invoices table found"}},
		{"not a spreadsheet", "picture.csv", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), []string{"picture.csv:", "not a text export", ".xlsx, .csv"}},
		{"wrong columns", "wrong.csv", []byte("Name,Street,City\nJansen,Kerkstraat 1,Utrecht\n"),
			[]string{"wrong.csv:", `"Name", "Street", "City"`, "invoice_no (accepted:", "issue_date (accepted:"}},
		{"bad dates", "dates.csv", []byte("Factuurnummer;Klant;Factuurdatum;Bedrag\nF1;A;31-02-2026;10,00\nF2;A;32-01-2026;10,00\nF3;A;15-01-2026;10,00\n"),
			[]string{"dates.csv:", "2 of 3 rows could not be read", `row 2, column "Factuurdatum": "31-02-2026" is not a date`, "--date-order"}},
		{"ambiguous date order", "ambiguous.csv", []byte("Invoice No,Client,Invoice Date,Amount\n1,A,01/02/2026,10\n2,A,03/04/2026,10\n"),
			[]string{"ambiguous.csv:", `column "Invoice Date"`, "could be day-month or month-day", "--date-order dmy"}},
		{"mixed currencies", "currencies.csv", []byte("Invoice No,Client,Invoice Date,Amount,Currency\n1,A,2026-01-05,10,EUR\n2,A,2026-01-06,10,USD\n3,A,2026-01-07,10,GBP\n"),
			[]string{"3 currencies (EUR, GBP, USD)", "--fx", "--currency"}},
		// 100 × 1e15: the sum would wrap int64 cents; the 24th row passes the bound.
		{"amounts past exact sums", "huge.csv", []byte(huge.String()),
			[]string{"huge.csv: row 25:", `invoice "24"`, "more than arreport can add up exactly"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.file)
			if tt.data != nil {
				if err := os.WriteFile(path, tt.data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(t.TempDir(), "out")
			err := run([]string{"--invoices", path, "--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer))
			if err == nil || errors.Is(err, errUsage) {
				t.Fatalf("run = %v; want a failed run", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("message spans several lines: %q", err)
			}
			if _, statErr := os.Stat(out); statErr == nil {
				t.Errorf("output left behind in %s", out)
			}
		})
	}
}

// TestSmallTableErrorFirst: the clients table is read beside the invoices,
// yet when both are broken the clients' error is the one said, as when
// they were read first, whichever read fails first; and a broken clients
// table stops a long invoices read.
func TestSmallTableErrorFirst(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var long strings.Builder
	long.WriteString("Invoice No,Client ID,Invoice Date,Amount\n")
	for i := range 200_000 {
		fmt.Fprintf(&long, "F%d,K%d,2026-01-05,10.00\n", i, i%50)
	}
	clients := write("klanten.csv", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	for _, invoices := range []string{
		write("wrong.csv", "Name,Street\nJansen,Kerkstraat 1\n"),
		write("long.csv", long.String()),
	} {
		err := run([]string{"--invoices", invoices, "--clients", clients, "--out", filepath.Join(dir, "o"), "-q"}, new(bytes.Buffer), new(bytes.Buffer))
		if err == nil || !strings.Contains(err.Error(), "klanten.csv") || strings.Contains(err.Error(), filepath.Base(invoices)) {
			t.Errorf("%s: %v; want the clients table's error", filepath.Base(invoices), err)
		}
	}
}
