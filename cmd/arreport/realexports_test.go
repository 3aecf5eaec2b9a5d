package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realExport is an export as a system writes it (after its documented
// layout), with figures checked by hand.
type realExport struct {
	name, file, data string
	args             []string // beyond --invoices FILE
	asOf             string
	currency         any // "USD", or nil for none
	ar               string
	dsoNull          bool   // the DSO family is n/a at as-of
	rule             string // part of as_of_rule
}

// TestRealExports reads exports in the layouts of real systems as they
// come: headers they write, what they say (and leave out) about payment,
// their as-of, their currency, their short histories.
func TestRealExports(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1795996800") // 2026-11-30
	tests := []realExport{
		{
			// An invoicing app's export: camelCase headers, paid so far but
			// no paid dates (a snapshot), no currency. Open: 1000-900 +
			// 500-0 + 250-250 = 600.00. Last month's invoices only: the data
			// begins in October, after the DSO window's first month (Aug).
			name: "invoicing app, paid so far", file: "invoices.csv",
			data: "InvoiceID,CustomerID,InvoiceDate,DueDate,Amount,Paid\n" +
				"INV-1,C1,2026-10-02,2026-11-01,1000.00,900.00\nINV-2,C2,2026-10-15,2026-11-14,500.00,0\nINV-3,C1,2026-10-20,2026-11-19,250.00,250.00\n",
			asOf: "2026-10-20", currency: nil, ar: "600.00", dsoNull: true, rule: "a guess",
		},
		{
			// Zoho Invoice: Balance is what is open; Currency Code USD;
			// Draft and Void rows are skipped (so the latest date is 12 Sep).
			// Open 1,200.00 + 300.50.
			name: "Zoho Invoice", file: "Invoice.csv",
			data: "Invoice Date,Invoice Number,Invoice Status,Customer Name,Due Date,Total,Balance,Currency Code\n" +
				"2026-09-01,INV-000101,Overdue,Acme Corp,2026-10-01,1200.00,1200.00,USD\n" +
				"2026-09-10,INV-000102,Partially Paid,Globex,2026-10-10,800.50,300.50,USD\n" +
				"2026-09-12,INV-000103,Paid,Initech,2026-10-12,400.00,0.00,USD\n" +
				"2026-09-15,INV-000104,Draft,Initech,2026-10-15,999.00,999.00,USD\n" +
				"2026-09-16,INV-000105,Void,Globex,2026-10-16,50.00,0.00,USD\n",
			asOf: "2026-09-12", currency: "USD", ar: "1500.50", dsoNull: true, rule: "a guess",
		},
		{
			// Akaunting: snake_case, paid_at history, currency_code EUR.
			// As of 31 Oct: A-1 paid 20 Sep, A-2 paid 5 Nov (after as-of:
			// open), A-3 open: 700 + 300 = 1,000.00; since Jun: DSO known.
			name: "Akaunting", file: "invoices.csv",
			data: "invoice_number,contact_name,invoiced_at,due_at,amount,currency_code,paid_at\n" +
				"A-1,Jansen,2026-06-05,2026-07-05,400.00,EUR,2026-09-20\n" +
				"A-2,Jansen,2026-10-01,2026-10-31,700.00,EUR,2026-11-05\n" +
				"A-3,Pietersen,2026-10-10,2026-11-09,300.00,EUR,\n",
			asOf: "2026-10-31", currency: "EUR", ar: "1000.00", dsoNull: false, rule: "month end before",
		},
		{
			// SAP FBL5N open items: the export date in the title line,
			// Dutch decimal marks, days in arrears. Open 98,846.41.
			name: "SAP open items", file: "fbl5n.txt",
			data: "Customer Line Item Display per 06.11.2026\n\n" +
				"Customer;Document Number;Document Date;Net due date;Arrears after net due date;Amount in local currency;Local Currency\n" +
				"100045;1800012345;01.10.2026;31.10.2026;6;90.000,00;EUR\n" +
				"100046;1800012346;02.10.2026;31.10.2026;6;8.846,41;EUR\n",
			asOf: "2026-11-06", currency: "EUR", ar: "98846.41", dsoNull: true, rule: "export date, from the lines above",
		},
		{
			// A Dutch debtor list without a date in its title: the days past
			// due give it (31 Oct + 7 = 7 Nov, as both rows agree). Aged as
			// of 7 Nov, all 98,846.41 is 7 days overdue, not current.
			name: "Dutch debtor list with Vervaldagen", file: "debiteuren.csv",
			data: "Openstaande posten debiteuren\nBakkerij B.V.\n\n" +
				"Factuurnr.;Debiteurnummer;Naam;Factuurdatum;Vervaldatum;Vervaldagen;Restant\n" +
				"F-101;D1;Jansen;01-10-2026;31-10-2026;7;90.000,00\nF-102;D2;De Vries;01-10-2026;31-10-2026;7;8.846,41\n",
			asOf: "2026-11-07", currency: nil, ar: "98846.41", dsoNull: true, rule: "due dates and the days past due",
		},
		{
			// A payment-prediction ledger: clear_date history, doc_id,
			// cust_number, name_customer, posting_date, due_in_date as
			// yyyymmdd numbers. As of 30 Sep: D2 cleared 3 Oct is open
			// (2,000.00) and D3 (500.00): 2,500.00.
			name: "payment-prediction ledger", file: "ledger.csv",
			data: "business_code,cust_number,name_customer,clear_date,posting_date,due_in_date,invoice_currency,total_open_amount,doc_id\n" +
				"U001,0200769623,WAL-MAR corp,2026-03-15 00:00:00,2026-02-11,20260226,USD,1000.00,1930438491\n" +
				"U001,0200769623,WAL-MAR corp,2026-10-03 00:00:00,2026-09-01,20260916,USD,2000.00,1930438492\n" +
				"U001,0200980828,BEN E,,2026-09-20,20261005,USD,500.00,1930438493\n",
			args: []string{"--as-of", "30-09-2026", "--map", "amount=total_open_amount"}, asOf: "2026-09-30", currency: "USD", ar: "2500.00", dsoNull: false, rule: "given",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.file)
			os.WriteFile(path, []byte(tt.data), 0o644)
			out := filepath.Join(t.TempDir(), "out")
			var stderr bytes.Buffer
			if err := run(append([]string{"--invoices", path, "--out", out, "-q"}, tt.args...), new(bytes.Buffer), &stderr); err != nil {
				t.Fatalf("run: %v\n%s", err, stderr.String())
			}
			raw, _ := os.ReadFile(filepath.Join(out, "metrics.json"))
			var doc struct {
				AsOf      string `json:"as_of"`
				Rule      string `json:"as_of_rule"`
				Currency  any    `json:"currency"`
				Portfolio struct {
					Months []struct {
						End string   `json:"month_end"`
						AR  string   `json:"ar"`
						DSO *float64 `json:"dso"`
					} `json:"months"`
				} `json:"portfolio"`
			}
			if err := json.Unmarshal(raw, &doc); err != nil {
				t.Fatal(err)
			}
			now := doc.Portfolio.Months[len(doc.Portfolio.Months)-1]
			if doc.AsOf != tt.asOf || now.End != tt.asOf {
				t.Errorf("as_of = %s (last point %s); want %s", doc.AsOf, now.End, tt.asOf)
			}
			if !strings.Contains(doc.Rule, tt.rule) {
				t.Errorf("as_of_rule = %q; want it to say %q", doc.Rule, tt.rule)
			}
			if doc.Currency != tt.currency {
				t.Errorf("currency = %v; want %v", doc.Currency, tt.currency)
			}
			if now.AR != tt.ar {
				t.Errorf("AR = %s; want %s", now.AR, tt.ar)
			}
			if (now.DSO == nil) != tt.dsoNull {
				t.Errorf("DSO = %v; want null: %v", now.DSO, tt.dsoNull)
			}
		})
	}
}

// TestDateOrderFromTheRun: a clients file whose start dates all fall on
// the 1st (01-11-2024 reads both ways) takes the day-month order the
// invoices of the same run settled; without them, the decimal comma of
// its credit limits settles it; with neither, it asks for --date-order.
func TestDateOrderFromTheRun(t *testing.T) {
	dir := t.TempDir()
	inv := filepath.Join(dir, "facturen.csv")
	os.WriteFile(inv, []byte("Factuurnummer,Klant,Factuurdatum,Bedrag\nF1,K1,13-01-2026,10.00\nF2,K2,20-02-2026,20.00\n"), 0o644)
	clients := filepath.Join(dir, "klanten.csv")
	os.WriteFile(clients, []byte("Klantnummer,Naam,Startdatum\nK1,Jansen,01-11-2024\nK2,De Vries,01-03-2025\n"), 0o644)
	doc, _ := runOK(t, "--invoices", inv, "--clients", clients, "--as-of", "2026-02-28")
	notes := fmt.Sprint(doc["data_quality"].(map[string]any)["reading_notes"])
	if !strings.Contains(notes, `klanten.csv: column "Startdatum" read day-month, as facturen.csv settled`) {
		t.Errorf("reading_notes = %s", notes)
	}
	// Semicolons and decimal commas, no help from the invoices (ISO dates).
	os.WriteFile(inv, []byte("Factuurnummer,Klant,Factuurdatum,Bedrag\nF1,K1,2026-01-13,10.00\n"), 0o644)
	os.WriteFile(clients, []byte("Klantnummer;Naam;Startdatum;Kredietlimiet\nK1;Jansen;01-11-2024;1.000,00\n"), 0o644)
	doc, _ = runOK(t, "--invoices", inv, "--clients", clients, "--as-of", "2026-02-28")
	if notes := fmt.Sprint(doc["data_quality"].(map[string]any)["reading_notes"]); !strings.Contains(notes, "as the decimal comma of the amounts suggests") {
		t.Errorf("reading_notes = %s", notes)
	}
	// Nothing settles it.
	os.WriteFile(clients, []byte("Client ID,Name,Start Date\nK1,Jansen,01/11/2024\n"), 0o644)
	err := run([]string{"--invoices", inv, "--clients", clients, "--out", filepath.Join(dir, "o"), "-q"}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), "--date-order dmy") {
		t.Errorf("run = %v; want the question for --date-order", err)
	}
}

// TestDateOrderSettledBeforeTheInvoices: the small tables are read beside
// the invoices, yet a run order they settle reaches every invoice file as
// though they were read first. Here the clients table (no evidence of its
// own) settles month-day from a.csv, so b.csv's 01/02/2026 is 2 January,
// not the 1 February its decimal commas would give it on its own.
func TestDateOrderSettledBeforeTheInvoices(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "in")
	writeTreeFiles(t, dir, map[string]string{
		"a.csv":       "Invoice No,Client ID,Invoice Date,Amount\nA1,K1,01/13/2026,10.00\n",
		"b.csv":       "Invoice No;Client ID;Invoice Date;Amount\nB1;K2;01/02/2026;1.000,00\n",
		"clients.csv": "Client ID,Name,Start Date\nK1,Jansen,01/11/2024\nK2,De Vries,03/01/2025\n",
	})
	a, b, clients := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), filepath.Join(dir, "clients.csv")
	for _, args := range [][]string{
		{"--invoices", a, "--invoices", b, "--clients", clients},
		{"--invoices", a, "--invoices", b},
	} {
		doc, _ := runOK(t, append(args, "--as-of", "2026-03-31")...)
		notes := fmt.Sprint(doc["data_quality"].(map[string]any)["reading_notes"])
		withClients := len(args) > 4
		if got := strings.Contains(notes, `b.csv: column "Invoice Date" read month-day, as a.csv settled`); got != withClients {
			t.Errorf("with clients %v: reading_notes = %s", withClients, notes)
		}
		if withClients && !strings.Contains(notes, `clients.csv: column "Start Date" read month-day, as a.csv settled`) {
			t.Errorf("the clients' order: reading_notes = %s", notes)
		}
	}
}

// TestPaidBeforeInvoice: payments dated before their invoice (on the
// invoice row, or in a payments table) are kept, counted and named.
func TestPaidBeforeInvoice(t *testing.T) {
	dir := t.TempDir()
	inv := filepath.Join(dir, "inv.csv")
	os.WriteFile(inv, []byte("Invoice No,Client,Invoice Date,Amount,Paid Date\nF1,A,2026-03-10,100.00,2026-03-01\nF2,A,2026-03-10,100.00,2026-03-10\nF3,B,2026-04-01,50.00,\n"), 0o644)
	doc, _ := runOK(t, "--invoices", inv, "--as-of", "2026-04-30")
	dq := doc["data_quality"].(map[string]any)
	if dq["payments_before_invoice"] != 1.0 || !strings.Contains(fmt.Sprint(dq["payments_before_invoice_rows"]), `inv.csv: row 2: invoice "F1" of 2026-03-10, paid 2026-03-01`) {
		t.Errorf("payments before invoice: %v %v", dq["payments_before_invoice"], dq["payments_before_invoice_rows"])
	}
	pay := filepath.Join(dir, "pay.csv")
	os.WriteFile(pay, []byte("Invoice No,Payment Date,Payment Amount\nF3,2026-03-20,50.00\nF1,2026-03-15,100.00\n"), 0o644)
	doc, _ = runOK(t, "--invoices", inv, "--payments", pay, "--as-of", "2026-04-30")
	dq = doc["data_quality"].(map[string]any)
	if dq["payments_before_invoice"] != 1.0 || !strings.Contains(fmt.Sprint(dq["payments_before_invoice_rows"]), `pay.csv: row 2: invoice "F3" of 2026-04-01, paid 2026-03-20`) {
		t.Errorf("payments table: %v %v", dq["payments_before_invoice"], dq["payments_before_invoice_rows"])
	}
}

// TestOpenItemsWithSales: an open-item list gets its DSO from --sales
// (revenue per month), at as-of alone; without it the DSO family is "not
// computed".
func TestOpenItemsWithSales(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1795996800") // 2026-11-30
	dir := t.TempDir()
	inv := filepath.Join(dir, "openstaand.csv")
	// Open 3,000.00 (current on 31 Oct) + 600.00 (due 3 Oct: overdue).
	os.WriteFile(inv, []byte("Openstaande posten per 31-10-2026\n\nFactuurnr.;Klant;Factuurdatum;Vervaldatum;Openstaand\nF1;A;10-10-2026;09-11-2026;3.000,00\nF2;B;03-09-2026;03-10-2026;600,00\n"), 0o644)
	doc, _ := runOK(t, "--invoices", inv)
	if nc := fmt.Sprint(doc["not_computed"]); !strings.Contains(nc, "dso:no_sales") {
		t.Errorf("not_computed = %s; want dso:no_sales", nc)
	}
	// Aug 10,000 + Sep 8,000 + Oct 18,000 = 36,000 over 92 days:
	// DSO = 3,600 / 36,000 × 92 = 9.2; BPDSO = 3,000 / 36,000 × 92 = 7.7.
	sales := filepath.Join(dir, "omzet.csv")
	os.WriteFile(sales, []byte("Maand;Omzet\n2026-08;10.000,00\n09-2026;8.000,00\nokt 2026;18.000,00\n"), 0o644)
	doc, _ = runOK(t, "--invoices", inv, "--sales", sales)
	now := lastMonth(doc)
	if doc["as_of"] != "2026-10-31" || now["dso"] != 9.2 || now["bpdso"] != 7.7 || now["ar"] != "3600.00" {
		t.Errorf("as of %v: AR %v, DSO %v, BPDSO %v; want 2026-10-31, 3600.00, 9.2, 7.7", doc["as_of"], now["ar"], now["dso"], now["bpdso"])
	}
}
