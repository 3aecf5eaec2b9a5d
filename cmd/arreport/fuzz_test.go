package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/money"
	"github.com/xuri/excelize/v2"
)

// pipelineSeeds are exports of the kinds the command reads: history with
// paid dates, an open-item list, Dutch, credit notes, drafts, duplicates.
var pipelineSeeds = []string{
	"Invoice No,Client,Invoice Date,Due Date,Amount,Paid Date,Paid Amount\nF1,A,2026-01-05,2026-02-04,100.00,2026-02-01,100.00\nF2,B,2026-02-05,,250.50,,\nF3,A,2026-03-01,2026-03-31,-20.00,,\nF4,C,2026-03-10,2026-04-09,75.25,2026-05-01,30.00\n",
	"Factuurnummer;Klant;Factuurdatum;Vervaldatum;Bedrag;Openstaand\nF-1;Jansen;13-01-2026;12-02-2026;1.234,56;1.234,56\nF-2;De Vries;02-02-2026;;-50,00;-50,00\nTotaal;;;;1.184,56;\n",
	"Invoice,Customer,Date,Due,Total,Status,Paid\n1,X,01/15/2026,02/14/2026,\"$4,250.00\",paid,01/30/2026\n2,Y,01/20/2026,02/19/2026,$100.00,draft,\n2,Y,01/20/2026,02/19/2026,$100.00,draft,\n3,Y,02/01/2026,03/03/2026,(15.00),credit note,\n",
	"Invoice No,Client ID,Client Name,Invoice Date,Amount,Currency,Paid Date\nA-9,C1,\"Acme, Inc\",2026-04-30,10,EUR,2026-05-31\nA-9,C1,\"Acme, Inc\",2026-04-30,10,EUR,2026-05-31\nA-10,c1,acme,2026-05-31,99999999.99,EUR,\n",
}

// FuzzPipeline runs the whole command (read → ledger → metrics → every
// output) on mutated CSV and xlsx exports: it never panics, it ends with
// exit status 0 or 1 (never a usage error), and when it succeeds its
// receivables at the as-of date equal the open amounts of the rows it
// kept, read again and added up here.
func FuzzPipeline(f *testing.F) {
	for _, s := range pipelineSeeds {
		f.Add([]byte(s), false)
		f.Add(csvToXLSX(f, s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, xlsx bool) {
		t.Setenv("SOURCE_DATE_EPOCH", "1793491200") // 2026-11-01
		dir := t.TempDir()
		path := filepath.Join(dir, "invoices.csv")
		if xlsx {
			path = filepath.Join(dir, "invoices.xlsx")
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "out")
		err := run([]string{"--invoices", path, "--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer))
		if errors.Is(err, errUsage) {
			t.Fatalf("a usage error (exit 2) for a file: %v", err)
		}
		if err != nil {
			if _, serr := os.Stat(out); serr == nil {
				t.Fatalf("failed run (%v) left %s", err, out)
			}
			return
		}
		raw, rerr := os.ReadFile(filepath.Join(out, "metrics.json"))
		if rerr != nil {
			t.Fatal(rerr)
		}
		var doc struct {
			AsOf      string `json:"as_of"`
			Portfolio struct {
				Months []struct {
					End string `json:"month_end"`
					AR  string `json:"ar"`
				} `json:"months"`
			} `json:"portfolio"`
			DataQuality struct {
				Invoices int `json:"invoices"`
			} `json:"data_quality"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("metrics.json: %v", err)
		}
		asOf, ok, _ := input.ParseDate(doc.AsOf, input.YMD)
		if !ok {
			t.Fatalf("as_of %q", doc.AsOf)
		}
		kept, want := keptOpen(t, path, asOf)
		if kept != doc.DataQuality.Invoices {
			t.Fatalf("the run kept %d invoices; reading again finds %d", doc.DataQuality.Invoices, kept)
		}
		for _, m := range doc.Portfolio.Months {
			if m.End == doc.AsOf && m.AR != want.String() {
				t.Fatalf("AR at %s = %s; the rows kept are open for %s", m.End, m.AR, want)
			}
		}
	})
}

// keptOpen reads an invoices export again and adds up, independently of
// the ledger, what its rows leave open at asOf: identical rows count
// once; a row with a paid date has its paid amount (else its amount) paid
// by then; in a list without paid dates the open amount (else the
// amount) is open; invoice dates not in the export are the due date less
// 30 days.
func keptOpen(t *testing.T, path string, asOf civil.Date) (int, money.Cents) {
	tab, err := input.Read(path, input.Invoices, input.Options{})
	if err != nil {
		t.Fatalf("the run read the file, a second read fails: %v", err)
	}
	history := false
	for _, c := range tab.Source.Columns {
		history = history || c.Field == input.PaidDate
	}
	seen := map[string]bool{}
	var open money.Cents
	for _, r := range tab.Invoices {
		if seen[r.No] {
			continue // the same number with other content fails the run
		}
		seen[r.No] = true
		issue := r.Issue
		if !r.HasIssue {
			issue = r.Due.AddDays(-30)
		}
		if issue > asOf {
			continue
		}
		switch {
		case !history && r.HasOpenAmount:
			open += r.OpenAmount
		case !history:
			open += r.Amount
		case r.HasPaidDate && r.PaidDate <= asOf:
			paid := r.Amount
			if r.HasPaidAmount {
				paid = r.PaidAmount
			}
			open += r.Amount - paid
		default:
			open += r.Amount
		}
	}
	return len(seen), open
}

// csvToXLSX writes a CSV seed as a workbook, every cell as text.
func csvToXLSX(f *testing.F, s string) []byte {
	wb := excelize.NewFile()
	for i, line := range bytes.Split([]byte(s), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		sep := byte(',')
		if bytes.Count(line, []byte(";")) > bytes.Count(line, []byte(",")) {
			sep = ';'
		}
		var cells []any
		for _, c := range bytes.Split(line, []byte{sep}) {
			cells = append(cells, string(bytes.Trim(c, `"`)))
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		wb.SetSheetRow("Sheet1", cell, &cells)
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// activitySeeds are dunning logs of the kinds the command reads, against
// activityInvoices: Dutch and English types, promises with and without
// an amount, an unknown type, a client in no table, dates both ways.
var activitySeeds = []string{
	"Debiteurnummer;Datum;Soort;Factuurnummer;Beloofde datum;Bedrag\nA;01-09-2026;Herinnering;F1;;\nA;20-09-2026;Aanmaning;F1;;\nA;05-10-2026;Gebeld;F1;;\nB;25-09-2026;Betalingsbelofte;F2;09-10-2026;500,00\nB;26-09-2026;Memo;;;\nZ;01-10-2026;Reactie;;;\n",
	"Client ID,Date,Type,Promised Date,Amount,Note\nA,2026-10-20,promise to pay,2026-11-05,,\"call back, Monday\"\nB,2026-10-01,dispute,,,\nB,2026-10-02,reminder,,,\nC,2026-08-01,phone call,,,\n",
}

// activityInvoices is a small history with overdue invoices for A, B
// and C, settled ones for C.
const activityInvoices = "Invoice No,Client ID,Invoice Date,Due Date,Amount,Paid Date\n" +
	"F1,A,2026-06-01,2026-07-01,1000.00,\nF2,B,2026-07-15,2026-08-14,800.00,\nF3,C,2026-05-01,2026-05-31,300.00,2026-06-10\n" +
	"F4,C,2026-06-01,2026-07-01,450.50,2026-07-20\nF5,C,2026-09-01,2026-10-01,99.99,\nF6,A,2026-10-15,2026-11-14,-50.00,\n"

// FuzzActivity runs the whole command with mutated activity exports
// beside a fixed invoices export: it never panics nor ends in a usage
// error, and when it succeeds the forecast's parts add up to AR to the
// cent, the worklist is in priority order, and no more activity rows are
// attached than the export holds.
func FuzzActivity(f *testing.F) {
	for _, s := range activitySeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		t.Setenv("SOURCE_DATE_EPOCH", "1793491200") // 2026-11-01
		dir := t.TempDir()
		inv, act := filepath.Join(dir, "invoices.csv"), filepath.Join(dir, "activity.csv")
		if err := os.WriteFile(inv, []byte(activityInvoices), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(act, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "out")
		err := run([]string{"--invoices", inv, "--activity", act, "--out", out, "-q", "--as-of", "2026-10-31"}, new(bytes.Buffer), new(bytes.Buffer))
		if errors.Is(err, errUsage) {
			t.Fatalf("a usage error (exit 2) for a file: %v", err)
		}
		if err != nil {
			return
		}
		raw, err := os.ReadFile(filepath.Join(out, "metrics.json"))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Portfolio struct {
				Months []struct {
					AR string `json:"ar"`
				} `json:"months"`
			} `json:"portfolio"`
			Worklist []struct {
				Priority string `json:"priority"`
			} `json:"worklist"`
			Forecast jsonForecast `json:"forecast"`
			Quality  struct {
				Activities       *int `json:"activities"`
				WithoutClient    int  `json:"activities_without_client"`
				RowsReadByInputs int  `json:"rows_read"`
			} `json:"data_quality"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("metrics.json: %v", err)
		}
		if sum, ar := doc.Forecast.total(t), jsonCents(t, doc.Portfolio.Months[len(doc.Portfolio.Months)-1].AR); sum != ar {
			t.Fatalf("forecast parts add up to %s; AR is %s", sum, ar)
		}
		for i := 1; i < len(doc.Worklist); i++ {
			if jsonCents(t, doc.Worklist[i].Priority) > jsonCents(t, doc.Worklist[i-1].Priority) {
				t.Fatalf("worklist row %d has a higher priority than the one before", i+1)
			}
		}
		if doc.Quality.Activities == nil {
			t.Fatal("activities not counted although an export was given")
		}
		if n := *doc.Quality.Activities + doc.Quality.WithoutClient; n > bytes.Count(data, []byte("\n"))+bytes.Count(data, []byte("\r"))+1 {
			t.Fatalf("%d activity rows attached or counted from a file of fewer lines", n)
		}
	})
}

// jsonForecast is metrics.json's forecast, as far as its parts go.
type jsonForecast struct {
	Weeks []struct {
		Amount string `json:"amount"`
	} `json:"weeks"`
	After    string `json:"after_13_weeks"`
	Doubtful string `json:"doubtful"`
	Credits  string `json:"credits_to_settle"`
}

// total adds up the forecast's parts: the weeks, after them, doubtful and
// the credits to settle.
func (f jsonForecast) total(t *testing.T) money.Cents {
	sum := jsonCents(t, f.After) + jsonCents(t, f.Doubtful) + jsonCents(t, f.Credits)
	for _, w := range f.Weeks {
		sum += jsonCents(t, w.Amount)
	}
	return sum
}

// jsonCents reads a metrics.json amount, a decimal string with two
// places, to cents.
func jsonCents(t *testing.T, s string) money.Cents {
	t.Helper()
	neg := strings.HasPrefix(s, "-")
	whole, frac, ok := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if !ok || len(frac) != 2 || err1 != nil || err2 != nil {
		t.Fatalf("amount %q is not a decimal with two places", s)
	}
	c := money.Cents(w*100 + f)
	if neg {
		c = -c
	}
	return c
}
