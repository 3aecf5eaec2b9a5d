package input

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// withFormulas rewrites a workbook so that every cell of column D holds a
// formula next to its cached value, as Excel saves computed amounts.
func withFormulas(t *testing.T, path string) {
	t.Helper()
	data, _ := os.ReadFile(path)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	cell := regexp.MustCompile(`(<c r="D[0-9]+"[^>]*>)(<v>)`)
	for _, f := range zr.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		if f.Name == "xl/worksheets/sheet1.xml" {
			b = cell.ReplaceAll(b, []byte(`${1}<f>B1*1</f>${2}`))
			if !bytes.Contains(b, []byte("<f>")) {
				t.Fatal("no formula written")
			}
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	os.WriteFile(path, out.Bytes(), 0o644)
}

func TestReadXLSXDatesAndFormulas(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		path := filepath.Join(t.TempDir(), "inv.xlsx")
		f := excelize.NewFile()
		if date1904 {
			f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904})
		}
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetSheetRow("Sheet1", "A1", &[]any{"Invoice No", "Client", "Invoice Date", "Amount"})
		issue := time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
		f.SetSheetRow("Sheet1", "A2", &[]any{"F1", "Klant", issue, 1234.56})
		f.SetCellStyle("Sheet1", "C2", "C2", style)
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		f.Close()
		withFormulas(t, path)
		tab, err := Read(path, Invoices, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(tab.Invoices) != 1 {
			t.Fatalf("1904=%v: %d rows, problems %v", date1904, len(tab.Invoices), tab.Problems)
		}
		r := tab.Invoices[0]
		if r.Issue.String() != "2026-10-31" || r.Amount != 123456 {
			t.Errorf("1904=%v: issue %v amount %v; want 2026-10-31, 1234.56 (the formula's cached value)", date1904, r.Issue, r.Amount)
		}
	}
}
