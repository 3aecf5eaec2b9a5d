package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func metricsOf(t *testing.T, out string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func lastMonth(doc map[string]any) map[string]any {
	months := doc["portfolio"].(map[string]any)["months"].([]any)
	return months[len(months)-1].(map[string]any)
}

// TestIBMWithConfig reads the IBM sample through an explicit mapping in a
// config file, as its README describes the columns, and checks the figures
// computed by hand for 30 Jun 2013.
func TestIBMWithConfig(t *testing.T) {
	path, _ := filepath.Abs(filepath.Join("..", "..", "..", "shared", "data", "ibm-accounts-receivable", "WA_Fn-UseC_-Accounts-Receivable.csv"))
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared data not beside the repository: %v", err)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "ibm.toml")
	os.WriteFile(cfg, []byte(`currency = "USD"
date_order = "mdy"
as_of = "2013-06-30"
out = "report"
[invoices]
files = ["`+filepath.ToSlash(path)+`"]
columns = { invoice_no = "invoiceNumber", client_id = "customerID", issue_date = "InvoiceDate", due_date = "DueDate", amount = "InvoiceAmount", paid_date = "SettledDate", disputed = "Disputed" }
[thresholds]
chronic_late_days = 20
`), 0o644)
	if err := run([]string{"--config", cfg, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	doc := metricsOf(t, filepath.Join(dir, "report"))
	m := lastMonth(doc)
	if m["ar"] != "5119.85" || m["current"] != "4284.29" || m["dso"] != 23.2 || m["dso_countback"] != 26.3 {
		t.Errorf("IBM at 2013-06-30 = ar %v current %v dso %v countback %v; want 5119.85, 4284.29, 23.2, 26.3", m["ar"], m["current"], m["dso"], m["dso_countback"])
	}
	th := doc["parameters"].(map[string]any)["thresholds"].(map[string]any)
	if th["chronic_late_days"] != 20.0 {
		t.Errorf("threshold from the config = %v; want 20", th["chronic_late_days"])
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report", "report.md"))
	if !strings.Contains(string(md), "| customerID | mapped by you |") {
		t.Error("report.md does not show the mapping used")
	}
}

func TestMapFlag(t *testing.T) {
	dir := t.TempDir()
	inv := filepath.Join(dir, "odd.csv")
	// Headers nobody would guess: mapped by hand.
	os.WriteFile(inv, []byte("Doc,Wie,Wanneer,Hoeveel\nA1,Klant A,2026-01-05,100.00\nA2,Klant B,2026-01-06,50.00\n"), 0o644)
	out := filepath.Join(dir, "out")
	err := run([]string{"--invoices", inv, "--map", "invoice_no=Doc", "--map", "invoices.client_name=Wie", "--map", "issue_date=Wanneer",
		"--map", "amount=Hoeveel", "--as-of", "2026-01-31", "--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer))
	if err != nil {
		t.Fatal(err)
	}
	if m := lastMonth(metricsOf(t, out)); m["ar"] != "150.00" {
		t.Errorf("AR = %v; want 150.00", m["ar"])
	}
	err = run([]string{"--invoices", inv, "--map", "invoice_number=Doc"}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), `"invoice_number" is not a field`) || !strings.Contains(err.Error(), "invoice_no") {
		t.Errorf("unknown field: %v", err)
	}
	err = run([]string{"--invoices", inv, "--map", "invoice_no=Nummer", "--out", t.TempDir()}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), `invoice_no (mapped to the column "Nummer", which is not there)`) {
		t.Errorf("mapped column missing: %v", err)
	}
}

func TestSheetsAndFiles(t *testing.T) {
	dir := t.TempDir()
	book := filepath.Join(dir, "book.xlsx")
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Notes about this export"})
	f.NewSheet("Facturen")
	f.SetSheetRow("Facturen", "A1", &[]any{"Factuurnummer", "Klant", "Factuurdatum", "Bedrag", "Betaaldatum"})
	f.SetSheetRow("Facturen", "A2", &[]any{"F1", "Klant A", "2026-01-05", 100.0, "2026-01-20"})
	f.SetSheetRow("Facturen", "A3", &[]any{"F2", "Klant A", "2026-01-06", 40.0, ""})
	f.NewSheet("Oud")
	f.SetSheetRow("Oud", "A1", &[]any{"Factuurnummer", "Klant", "Factuurdatum", "Bedrag", "Betaaldatum"})
	f.SetSheetRow("Oud", "A2", &[]any{"F0", "Klant A", "2025-12-05", 7.0, ""})
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tt := range []struct {
		path, ar string
	}{{book, "40.00"}, {book + "#Oud", "7.00"}} {
		out := filepath.Join(t.TempDir(), "out")
		if err := run([]string{"--invoices", tt.path, "--as-of", "2026-01-31", "--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
			t.Fatal(err)
		}
		if m := lastMonth(metricsOf(t, out)); m["ar"] != tt.ar {
			t.Errorf("%s: AR = %v; want %s", filepath.Base(tt.path), m["ar"], tt.ar)
		}
	}
	err := run([]string{"--invoices", book + "#Nope", "--out", t.TempDir()}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), `no sheet named "Nope"; the sheets are "Sheet1", "Facturen", "Oud"`) {
		t.Errorf("missing sheet: %v", err)
	}

	// Two yearly exports overlap by one identical row (dropped, counted)
	// and a payments table pays F2 in two parts.
	a := filepath.Join(dir, "2025.csv")
	b := filepath.Join(dir, "2026.csv")
	pays := filepath.Join(dir, "betalingen.csv")
	os.WriteFile(a, []byte("Invoice No,Client,Invoice Date,Amount\nF0,Klant A,2025-12-05,7.00\nF1,Klant A,2026-01-05,100.00\n"), 0o644)
	os.WriteFile(b, []byte("Invoice No,Client,Invoice Date,Amount\nF1,Klant A,2026-01-05,100.00\nF2,Klant A,2026-01-06,40.00\n"), 0o644)
	os.WriteFile(pays, []byte("Factuurnummer;Betaaldatum;Bedrag\nF1;20-01-2026;100,00\nF2;15-01-2026;10,00\nF2;25-01-2026;30,00\n"), 0o644)
	out := filepath.Join(t.TempDir(), "out")
	if err := run([]string{"--invoices", a, "--invoices", b, "--payments", pays, "--as-of", "2026-01-31", "--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	doc := metricsOf(t, out)
	if m := lastMonth(doc); m["ar"] != "7.00" {
		t.Errorf("AR with payments = %v; want 7.00 (F0 open)", m["ar"])
	}
	dq := doc["data_quality"].(map[string]any)
	if dq["reasons"].(map[string]any)["identical duplicate invoice"] != 1.0 || dq["payments"] != 3.0 {
		t.Errorf("data quality = %v", dq)
	}
	// The same number with other content is refused, naming both places.
	os.WriteFile(b, []byte("Invoice No,Client,Invoice Date,Amount\nF1,Klant A,2026-01-05,101.00\n"), 0o644)
	err = run([]string{"--invoices", a, "--invoices", b, "--out", t.TempDir()}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), `invoice "F1" appears twice with different content: 2025.csv: row 3 and 2026.csv: row 2`) {
		t.Errorf("conflicting duplicate: %v", err)
	}
}
