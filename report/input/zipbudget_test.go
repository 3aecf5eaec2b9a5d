package input

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// repeatWriter writes n bytes of unit, repeated, to w.
func repeatWriter(w io.Writer, unit string, n int) {
	block := strings.Repeat(unit, 1<<20/len(unit)+1)[:1<<20]
	for n > 0 {
		k := min(n, len(block))
		w.Write([]byte(block[:k]))
		n -= k
	}
}

// bombWorkbook writes a real workbook with one part added or replaced by
// a large, highly compressible one.
func bombWorkbook(t *testing.T, part, head, unit string, size int) string {
	t.Helper()
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Invoice No", "Client", "Invoice Date", "Amount"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"F1", "A", "2026-01-05", 10.5})
	var book bytes.Buffer
	if err := f.Write(&book); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	path := filepath.Join(t.TempDir(), "bomb.xlsx")
	out, _ := os.Create(path)
	zw := zip.NewWriter(out)
	for _, f := range zr.File {
		if f.Name == part {
			continue
		}
		zw.Copy(f)
	}
	w, _ := zw.Create(part)
	io.WriteString(w, head)
	repeatWriter(w, unit, size)
	zw.Close()
	out.Close()
	return path
}

// TestZipBudget: a workbook whose shared strings unpack far beyond what
// its size suggests, or any part packed hundreds of times smaller than
// it unpacks, is refused before it is unpacked, by both readers.
func TestZipBudget(t *testing.T) {
	tests := []struct {
		name, part, head, unit string
		size                   int
		want                   string
	}{
		// 140 MB of shared strings (past the 128 MB bound) in well under 1 MB.
		{"shared strings", "xl/sharedStrings.xml", `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`, "<si><t>INV-0000001</t></si>", 140 << 20,
			"the workbook's xl/sharedStrings.xml unpacks to 140.0 MB, more than the 128.0 MB arreport reads"},
		// A 64 MB sheet packed about a thousand times smaller.
		{"packing ratio", "xl/worksheets/sheet2.xml", `<worksheet><sheetData>`, `<row><c t="inlineStr"><is><t>x</t></is></c></row>`, 64 << 20,
			"unpacks to 64.0 MB from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := bombWorkbook(t, tt.part, tt.head, tt.unit, tt.size)
			if st, _ := os.Stat(path); st.Size() > 1<<20 {
				t.Fatalf("the test workbook is %d bytes: not a bomb", st.Size())
			}
			for _, opt := range []Options{{}, {viaExcelize: true}} {
				_, err := Read(path, Invoices, opt)
				var se *SizeError
				if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("Read (excelize %v) = %v; want a SizeError saying %q", opt.viaExcelize, err, tt.want)
				}
			}
		})
	}
}
