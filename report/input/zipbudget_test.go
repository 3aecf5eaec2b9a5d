package input

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
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
	return rewriteWorkbook(t, f, "bomb.xlsx", func(zw *zip.Writer, zf *zip.File) {
		if zf.Name == part {
			return // replaced below
		}
		zw.Copy(zf)
	}, func(zw *zip.Writer) {
		w, _ := zw.Create(part)
		io.WriteString(w, head)
		repeatWriter(w, unit, size)
	})
}

// rewriteWorkbook writes a workbook into a file through a zip of its
// own: each part goes to each, then add may write more.
func rewriteWorkbook(t *testing.T, f *excelize.File, name string, each func(*zip.Writer, *zip.File), add func(*zip.Writer)) string {
	t.Helper()
	var book bytes.Buffer
	if err := f.Write(&book); err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(book.Bytes()), int64(book.Len()))
	path := filepath.Join(t.TempDir(), name)
	out, _ := os.Create(path)
	zw := zip.NewWriter(out)
	for _, zf := range zr.File {
		each(zw, zf)
	}
	if add != nil {
		add(zw)
	}
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

// TestErrorsNameTheRow: a damaged cell (a bad reference in row 300)
// names row 300 in all three readers (excelize's, ours, ours in chunks),
// and the chunked reader hands on the rows before it first.
func TestErrorsNameTheRow(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Invoice No", "Client", "Invoice Date", "Amount"})
	for i := 2; i <= 400; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i)
		f.SetSheetRow("Sheet1", cell, &[]any{fmt.Sprint("F", i), "A", "2026-01-05", 10.5})
	}
	path := rewriteWorkbook(t, f, "badref.xlsx", func(zw *zip.Writer, zf *zip.File) {
		r, _ := zf.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		if zf.Name == "xl/worksheets/sheet1.xml" {
			b = bytes.Replace(b, []byte(`<c r="B300"`), []byte(`<c r="B!!"`), 1)
		}
		w, _ := zw.Create(zf.Name)
		w.Write(b)
	}, nil)

	savedSize, savedMin := chunkSize, chunkedSheetBytes
	defer func() { chunkSize, chunkedSheetBytes = savedSize, savedMin }()
	for _, tt := range []struct {
		name    string
		opt     Options
		chunked bool
	}{{"excelize", Options{viaExcelize: true}, false}, {"fast", Options{}, false}, {"chunked", Options{}, true}} {
		chunkedSheetBytes, chunkSize = savedMin, savedSize
		if tt.chunked {
			chunkedSheetBytes, chunkSize = 0, 4096
		}
		_, err := Read(path, Invoices, tt.opt)
		if err == nil || !strings.Contains(err.Error(), "badref.xlsx: sheet \"Sheet1\": row 300: ") {
			t.Errorf("%s: Read = %v; want the error at row 300", tt.name, err)
		}
	}
}
