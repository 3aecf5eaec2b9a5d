package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readBook opens report.xlsx and returns it with its parts by name.
func readBook(t *testing.T, path string) (*excelize.File, map[string]string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("report.xlsx is no zip: %v", err)
	}
	defer zr.Close()
	parts := map[string]string{}
	for _, f := range zr.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		parts[f.Name] = string(b)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("excelize cannot open report.xlsx: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, parts
}

// numFmt is the number format of a cell's style.
func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return strconv.Itoa(st.NumFmt)
}

// TestWorkbook reads report.xlsx of the samples back: the sheets in
// order, numbers as numbers in the currency's format, dates as dates,
// shares as percentages, the figures equal to metrics.json, frozen
// headers and filters, three native charts, no formula anywhere.
func TestWorkbook(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	f, parts := readBook(t, filepath.Join(out, "report.xlsx"))
	want := []string{"Summary", "DSO trend", "Aging", "Debtors", "At risk", "Worklist", "Forecast", "Data quality", "Methodology"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q; want %q", got, want)
	}
	var m struct {
		Portfolio struct {
			Months []struct {
				End string `json:"month_end"`
				AR  string `json:"ar"`
				DSO *float64
			} `json:"months"`
		} `json:"portfolio"`
		Debtors struct {
			Rows []struct {
				ID string `json:"id"`
			} `json:"rows"`
		} `json:"debtors"`
		Worklist []struct {
			ID string `json:"id"`
		} `json:"worklist"`
	}
	data, _ := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	now := m.Portfolio.Months[len(m.Portfolio.Months)-1]
	raw := excelize.Options{RawCellValue: true}
	cell := func(sheet, ref string) string {
		v, err := f.GetCellValue(sheet, ref, raw)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Summary: the key figures under the title, the as-of line and a gap.
	if got := cell("Summary", "A5"); got != "Receivables (AR)" {
		t.Errorf("Summary!A5 = %q; want the AR row", got)
	}
	if got, _ := strconv.ParseFloat(cell("Summary", "B5"), 64); fmt.Sprintf("%.2f", got) != now.AR {
		t.Errorf("Summary!B5 = %v; want AR %s", got, now.AR)
	}
	if got := numFmt(t, f, "Summary", "B5"); !strings.Contains(got, "€") || !strings.Contains(got, "0.00") {
		t.Errorf("AR's number format %q; want euros with cents", got)
	}
	if got := numFmt(t, f, "Summary", "B6"); got != "0.0%" {
		t.Errorf("overdue share's number format %q; want 0.0%%", got)
	}
	// DSO trend: a row per month end, dates as date serials.
	rows, _ := f.GetRows("DSO trend", raw)
	if len(rows) != len(m.Portfolio.Months)+1 {
		t.Errorf("DSO trend has %d rows; want %d and the header", len(rows), len(m.Portfolio.Months))
	}
	if serial, err := strconv.Atoi(cell("DSO trend", "A13")); err != nil || serial < 46000 {
		t.Errorf("DSO trend!A13 = %q; want a date serial", cell("DSO trend", "A13"))
	}
	if got := numFmt(t, f, "DSO trend", "A13"); got != "yyyy-mm-dd" {
		t.Errorf("date format %q", got)
	}
	if got, _ := strconv.ParseFloat(cell("DSO trend", "D13"), 64); now.DSO == nil || got != *now.DSO {
		t.Errorf("DSO trend!D13 = %v; want DSO %v", got, now.DSO)
	}
	// Debtors: every client with a balance, then the total, equal to AR.
	rows, _ = f.GetRows("Debtors", raw)
	if len(rows) != len(m.Debtors.Rows)+2 {
		t.Errorf("Debtors has %d rows; want %d clients, the header and the total", len(rows), len(m.Debtors.Rows))
	}
	total := rows[len(rows)-1]
	openCol := slices.Index(rows[0], "Open")
	if openCol < 0 || total[0] != "Total" {
		t.Fatalf("Debtors header %q, last row %q", rows[0], total)
	}
	if got, _ := strconv.ParseFloat(total[openCol], 64); fmt.Sprintf("%.2f", got) != now.AR {
		t.Errorf("debtors' total open %s; want AR %s", total[openCol], now.AR)
	}
	if rows[1][0] != m.Debtors.Rows[0].ID {
		t.Errorf("first debtor %q; want %q", rows[1][0], m.Debtors.Rows[0].ID)
	}
	// Worklist: every row, in order.
	rows, _ = f.GetRows("Worklist", raw)
	if len(rows) != len(m.Worklist)+1 || rows[1][1] != m.Worklist[0].ID {
		t.Errorf("Worklist has %d rows (first %q); want %d, first %q", len(rows)-1, rows[1][1], len(m.Worklist), m.Worklist[0].ID)
	}
	// Structure: three charts, frozen headers and a table with filters on
	// the tabular sheets, no formula in any sheet.
	charts := 0
	for name, part := range parts {
		if strings.HasPrefix(name, "xl/charts/chart") {
			charts++
		}
		if strings.HasPrefix(name, "xl/worksheets/sheet") && strings.Contains(part, "<f>") {
			t.Errorf("%s holds a formula", name)
		}
	}
	if charts != 3 {
		t.Errorf("%d charts; want the DSO trend, aging and forecast", charts)
	}
	for _, n := range []int{2, 3, 4, 5, 6, 7} {
		if !strings.Contains(parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", n)], `state="frozen"`) {
			t.Errorf("sheet %d (%s) has no frozen header", n, want[n-1])
		}
	}
	tables := 0
	for name, part := range parts {
		if strings.HasPrefix(name, "xl/tables/") && strings.Contains(part, "<autoFilter") {
			tables++
		}
	}
	if tables < 7 {
		t.Errorf("%d tables with filters; want one on each tabular sheet", tables)
	}
}

// TestWorkbookDutch: the sheet names and headers in Dutch.
func TestWorkbookDutch(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"--out", out, "-q", "--lang", "nl", "--outputs", "xlsx"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 1 {
		t.Errorf("--outputs xlsx wrote %d entries; want report.xlsx alone", len(entries))
	}
	f, _ := readBook(t, filepath.Join(out, "report.xlsx"))
	want := []string{"Samenvatting", "DSO-verloop", "Ouderdom", "Debiteuren", "Risico", "Incassolijst", "Prognose", "Datakwaliteit", "Methode"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %q; want %q", got, want)
	}
	if got, _ := f.GetCellValue("Debiteuren", "B1"); got != "Naam" {
		t.Errorf("Debiteuren!B1 = %q; want Naam", got)
	}
}

// TestWorkbookHostileText: names that Excel would run as formulas stay
// text: string cells, the quote prefix on those that start like one.
func TestWorkbookHostileText(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"--invoices", writeHostile(t), "--as-of", "2026-10-31", "--out", out, "-q", "--outputs", "xlsx"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	f, parts := readBook(t, filepath.Join(out, "report.xlsx"))
	for name, part := range parts {
		if strings.HasPrefix(name, "xl/worksheets/") && strings.Contains(part, "<f>") {
			t.Errorf("%s holds a formula", name)
		}
	}
	quoted := regexp.MustCompile(`<xf [^>]*quotePrefix="(1|true)"`).FindAllString(parts["xl/styles.xml"], -1)
	if len(quoted) != 1 {
		t.Fatalf("%d cell styles with the quote prefix; want 1", len(quoted))
	}
	rows, _ := f.GetRows("Debtors")
	found := 0
	for i, row := range rows {
		if len(row) < 2 || row[1] == "" || !strings.ContainsRune("=+-@", rune(row[1][0])) {
			continue
		}
		found++
		ref := fmt.Sprintf("B%d", i+1)
		id, _ := f.GetCellStyle("Debtors", ref)
		if typ, _ := f.GetCellType("Debtors", ref); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s (%q) is of type %v; want a string", ref, row[1], typ)
		}
		st, _ := f.GetStyle(id)
		if st == nil || st.Alignment == nil || st.Alignment.Horizontal != "left" {
			t.Errorf("%s (%q) is not in the quote-prefix style", ref, row[1])
		}
	}
	if found < 2 {
		t.Errorf("found %d names that start like a formula in Debtors; want the 2 hostile ones", found)
	}
}

// TestWorkbookInLibreOffice opens report.xlsx in LibreOffice (headless,
// converting it to PDF) and reads the PDF back: the three charts are
// drawn (their titles are on the pages) and the figures are there.
func TestWorkbookInLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	office := lookTool(t, "apt-get install libreoffice-calc-nogui", "libreoffice", "soffice")
	pdftotext := lookTool(t, "apt-get install poppler-utils", "pdftotext")
	out := t.TempDir()
	if err := run([]string{"--out", out, "-q", "--outputs", "xlsx"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	home := t.TempDir() // LibreOffice keeps a profile there
	cmd := exec.Command(office, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", out, filepath.Join(out, "report.xlsx"))
	cmd.Env = append(os.Environ(), "HOME="+home, "TMPDIR="+home)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("libreoffice: %v\n%s", err, msg)
	}
	text, err := exec.Command(pdftotext, filepath.Join(out, "report.pdf"), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v (did LibreOffice write the PDF?)", err)
	}
	for _, want := range []string{"DSO, countback DSO and best possible DSO per month end", "Receivables by days past due per month end",
		"Expected receipts per week", "Receivables (AR)", "598,714.02"} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("LibreOffice's PDF of report.xlsx lacks %q", want)
		}
	}
	if pdf, err := os.ReadFile(filepath.Join(out, "report.pdf")); err == nil {
		_ = os.WriteFile(filepath.Join(artifactDir(t), "report-xlsx.pdf"), pdf, 0o644)
	}
}
