package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// exportInvoice is one open invoice of the fixture company; every export
// layout below is written from this list, following the layout's
// documented columns, and must give the same figures.
type exportInvoice struct {
	no, clientID, client string
	issue                string // ISO; the due date is 30 days later
	cents                int64  // all fully open (open-item lists hold only open items)
}

var exportInvoices = []exportInvoice{
	{"F-1001", "D001", "De Vries Bouw B.V.", "2026-06-02", 121000},
	{"F-1002", "D001", "De Vries Bouw B.V.", "2026-09-15", 425000},
	{"F-1003", "D002", "Bakkerij Jansen", "2026-08-20", 60550},
	{"F-1004", "D002", "Bakkerij Jansen", "2026-10-13", 181500},
	{"F-1005", "D003", "Café 't Hoekje", "2026-07-14", 96800},
	{"C-1006", "D003", "Café 't Hoekje", "2026-08-25", -15000},
	{"F-1007", "D004", "Müller GmbH", "2026-10-22", 1234567},
	{"F-1008", "D004", "Müller GmbH", "2026-05-18", 200000},
}

func (e exportInvoice) dates() (time.Time, time.Time) {
	issue, _ := time.Parse("2006-01-02", e.issue)
	return issue, issue.AddDate(0, 0, 30)
}

// amount formats cents with the given separators and sign style.
func amount(c int64, thousands, decimal string) string {
	neg := c < 0
	if neg {
		c = -c
	}
	units := fmt.Sprint(c / 100)
	var b strings.Builder
	for i, r := range units {
		if i > 0 && (len(units)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(r)
	}
	s := fmt.Sprintf("%s%s%02d", b.String(), decimal, c%100)
	if neg {
		return "-" + s
	}
	return s
}

// layout writes the fixture company in one export format.
type layout struct {
	name  string
	file  string
	write func(path string) error
}

func csvLines(header string, sep string, row func(e exportInvoice, issue, due time.Time) []string) string {
	var b strings.Builder
	b.WriteString(header + "\r\n")
	for _, e := range exportInvoices {
		issue, due := e.dates()
		b.WriteString(strings.Join(row(e, issue, due), sep) + "\r\n")
	}
	return b.String()
}

func writeText(path, text string) error { return os.WriteFile(path, []byte(text), 0o644) }

func writeXLSX(path string, header []string, row func(e exportInvoice, issue, due time.Time) []any) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Debiteuren")
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetSheetRow("Debiteuren", "A1", &[]string{"Openstaande posten"})
	f.SetSheetRow("Debiteuren", "A3", &header)
	for i, e := range exportInvoices {
		issue, due := e.dates()
		cells := row(e, issue, due)
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		f.SetSheetRow("Debiteuren", cell, &cells)
		for j, v := range cells {
			if _, ok := v.(time.Time); ok {
				c, _ := excelize.CoordinatesToCellName(j+1, i+4)
				f.SetCellStyle("Debiteuren", c, c, dateStyle)
			}
		}
	}
	return f.SaveAs(path)
}

func layouts() []layout {
	dmy := func(t time.Time) string { return t.Format("02-01-2006") }
	return []layout{
		{"canonical csv", "canonical.csv", func(p string) error {
			return writeText(p, csvLines("Invoice No,Client ID,Client Name,Invoice Date,Due Date,Amount,Open Amount,Currency", ",",
				func(e exportInvoice, issue, due time.Time) []string {
					a := amount(e.cents, "", ".")
					return []string{e.no, e.clientID, `"` + e.client + `"`, issue.Format("2006-01-02"), due.Format("2006-01-02"), a, a, "EUR"}
				}))
		}},
		{"canonical xlsx", "canonical.xlsx", func(p string) error {
			return writeXLSX(p, []string{"Invoice No", "Client ID", "Client Name", "Invoice Date", "Due Date", "Amount", "Open Amount", "Currency"},
				func(e exportInvoice, issue, due time.Time) []any {
					v := float64(e.cents) / 100
					return []any{e.no, e.clientID, e.client, issue, due, v, v, "EUR"}
				})
		}},
		{"Dutch csv, Windows-1252, title rows", "nl.csv", func(p string) error {
			text := "Debiteurenoverzicht Voorbeeld B.V.\r\nPeriode: oktober 2026\r\n\r\n" +
				csvLines("Factuurnummer;Debiteurnummer;Klantnaam;Factuurdatum;Vervaldatum;Bedrag incl. BTW;Openstaand;Valuta", ";",
					func(e exportInvoice, issue, due time.Time) []string {
						a := amount(e.cents, ".", ",")
						return []string{e.no, e.clientID, e.client, dmy(issue), dmy(due), a, a, "EUR"}
					}) + ";;;;Totaal;;;\r\n"
			enc, err := charmap.Windows1252.NewEncoder().String(text)
			if err != nil {
				return err
			}
			return writeText(p, enc)
		}},
		{"Exact Online receivables list", "exact.xlsx", func(p string) error {
			return writeXLSX(p, []string{"AccountCode", "AccountName", "InvoiceNumber", "InvoiceDate", "DueDate", "Amount"},
				func(e exportInvoice, issue, due time.Time) []any {
					return []any{e.clientID, e.client, e.no, issue, due, float64(e.cents) / 100}
				})
		}},
		{"Xero invoice export", "xero.csv", func(p string) error {
			return writeText(p, csvLines("ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,InvoiceAmountPaid,InvoiceAmountDue,Currency,Status", ",",
				func(e exportInvoice, issue, due time.Time) []string {
					a := amount(e.cents, "", ".")
					return []string{`"` + e.client + `"`, e.no, issue.Format("02/01/2006"), due.Format("02/01/2006"), a, "0.00", a, "EUR", "AUTHORISED"}
				})+"Voided Ltd,F-0999,01/10/2026,31/10/2026,500.00,0.00,500.00,EUR,VOIDED\r\n")
		}},
		{"QuickBooks open invoices", "quickbooks.csv", func(p string) error {
			return writeText(p, "Open Invoices\r\nAs of October 31, 2026\r\n\r\n"+csvLines("Date,Transaction type,Num,Customer,Due date,Amount,Open balance", ",",
				func(e exportInvoice, issue, due time.Time) []string {
					kind, a := "Invoice", amount(e.cents, ",", ".")
					if e.cents < 0 {
						kind = "Credit Memo"
					}
					money := `"$` + strings.TrimPrefix(a, "-") + `"`
					if e.cents < 0 {
						money = `"-$` + strings.TrimPrefix(a, "-") + `"`
					}
					return []string{issue.Format("01/02/2006"), kind, e.no, `"` + e.client + `"`, due.Format("01/02/2006"), money, money}
				})+`TOTAL,,,,,"$23,044.17","$23,044.17"`+"\r\n")
		}},
		{"e-Boekhouden open items", "eboekhouden.csv", func(p string) error {
			return writeText(p, csvLines("Relatiecode;Relatie;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Openstaand", ";",
				func(e exportInvoice, issue, due time.Time) []string {
					a := amount(e.cents, "", ",")
					return []string{e.clientID, e.client, e.no, dmy(issue), dmy(due), a, a}
				}))
		}},
		{"Dutch debtor list without invoice dates", "debiteurenlijst.csv", func(p string) error {
			return writeText(p, csvLines("Factuurnr.;Naam;Deb.nr.;Vervalt;Factuur;Saldo", ";",
				func(e exportInvoice, _, due time.Time) []string {
					a := amount(e.cents, ".", ",")
					return []string{e.no, e.client, e.clientID, dmy(due), a, a}
				}))
		}},
	}
}

// figures is what must agree between layouts: the portfolio, and each
// client's balances, DSO, score and flags, by name (layouts without a
// client id use the name as id).
type figures struct {
	Portfolio json.RawMessage
	Clients   map[string]string
}

func readFigures(t *testing.T, dir string) figures {
	t.Helper()
	var doc struct {
		Portfolio struct {
			Months json.RawMessage `json:"months"`
		} `json:"portfolio"`
		Clients []struct {
			Name    string          `json:"name"`
			Open    string          `json:"open"`
			Overdue string          `json:"overdue"`
			Aging   json.RawMessage `json:"aging"`
			DSO     *float64        `json:"dso"`
			Score   int             `json:"score"`
			Flags   []struct {
				ID string `json:"id"`
			} `json:"flags"`
		} `json:"clients"`
	}
	data, err := os.ReadFile(filepath.Join(dir, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	f := figures{Portfolio: doc.Portfolio.Months, Clients: map[string]string{}}
	for _, c := range doc.Clients {
		var flags []string
		for _, fl := range c.Flags {
			flags = append(flags, fl.ID)
		}
		sort.Strings(flags)
		dso := "n/a"
		if c.DSO != nil {
			dso = fmt.Sprint(*c.DSO)
		}
		f.Clients[c.Name] = fmt.Sprintf("open %s overdue %s aging %s dso %s score %d flags %v", c.Open, c.Overdue, c.Aging, dso, c.Score, flags)
	}
	return f
}

func TestExportLayouts(t *testing.T) {
	dir := t.TempDir()
	var want figures
	for i, l := range layouts() {
		t.Run(l.name, func(t *testing.T) {
			path := filepath.Join(dir, l.file)
			if err := l.write(path); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "out-"+l.file)
			var stderr bytes.Buffer
			if err := run([]string{"--invoices", path, "--as-of", "2026-10-31", "--out", out, "-q"}, new(bytes.Buffer), &stderr); err != nil {
				t.Fatalf("run: %v\n%s", err, stderr.String())
			}
			got := readFigures(t, out)
			if i == 0 {
				want = got
				// By hand at 31 Oct: current F-1004 + F-1007 = 14,160.67; 1-30 F-1002
				// (16 days) 4,250.00; 31-60 F-1003 (42) 605.50 and C-1006 (37) -150.00;
				// 61-90 F-1005 (79) 968.00; 91+ F-1001 (121) 1,210.00 and F-1008 (136)
				// 2,000.00. AR 23,044.17.
				want := `"ar":"23044.17","current":"14160.67","overdue":"8883.50"`
				if !strings.Contains(string(compact(t, got.Portfolio)), want) {
					t.Fatalf("canonical figures: %s", compact(t, got.Portfolio))
				}
				if !strings.Contains(string(compact(t, got.Portfolio)), `"aging":{"current":"14160.67","1-30":"4250.00","31-60":"455.50","61-90":"968.00","91+":"3210.00"}`) {
					t.Fatalf("canonical aging: %s", compact(t, got.Portfolio))
				}
				return
			}
			if !bytes.Equal(compact(t, got.Portfolio), compact(t, want.Portfolio)) {
				t.Errorf("portfolio differs from the canonical file:\n got %s\nwant %s", compact(t, got.Portfolio), compact(t, want.Portfolio))
			}
			if !reflect.DeepEqual(got.Clients, want.Clients) {
				for name, w := range want.Clients {
					if got.Clients[name] != w {
						t.Errorf("client %q:\n got %s\nwant %s", name, got.Clients[name], w)
					}
				}
				if len(got.Clients) != len(want.Clients) {
					t.Errorf("%d clients; want %d", len(got.Clients), len(want.Clients))
				}
			}
		})
	}
}

func compact(t *testing.T, raw json.RawMessage) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
