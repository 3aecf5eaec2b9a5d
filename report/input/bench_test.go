package input

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkReadCSV100k reads a 100,000-row invoice export in the canonical
// layout, plain and with every field quoted, in two passes and in one
// (Options.OnePass, as the command reads invoices).
func BenchmarkReadCSV100k(b *testing.B) {
	for _, quoted := range []bool{false, true} {
		var sb strings.Builder
		q := ""
		if quoted {
			q = `"`
		}
		row := strings.NewReplacer(",", q+","+q).Replace("F%06d,C%04d,2026-%02d-%02d,2026-%02d-%02d,%d.%02d,EUR,2026-%02d-%02d,,paid")
		sb.WriteString("Invoice No,Client ID,Invoice Date,Due Date,Amount,Currency,Paid Date,Paid Amount,Status\n")
		for i := 0; i < 100000; i++ {
			fmt.Fprintf(&sb, q+row+q+"\n", i, i%2000, i%12+1, i%28+1, i%12+1, i%28+1, 100+i%5000, i%100, i%12+1, i%28+1)
		}
		path := filepath.Join(b.TempDir(), "invoices.csv")
		if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		for _, once := range []bool{false, true} {
			b.Run(fmt.Sprintf("quoted=%v/onepass=%v", quoted, once), func(b *testing.B) {
				for range b.N {
					tab, err := Read(path, Invoices, Options{OnePass: once})
					if err != nil || len(tab.Invoices) != 100000 {
						b.Fatalf("read %v rows, %v", len(tab.Invoices), err)
					}
				}
			})
		}
	}
}

// BenchmarkParseSheetChunks tokenizes 100,000 rows of sheet XML as
// excelize and Excel write them (shared strings, styled dates, numbers),
// in the chunks (chunkSize) the workbook reader parses on each core.
func BenchmarkParseSheetChunks(b *testing.B) {
	var sb strings.Builder
	for r := 2; r < 100002; r++ {
		fmt.Fprintf(&sb, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c><c r="C%d" t="s"><v>%d</v></c>`+
			`<c r="D%d" s="1"><v>%d</v></c><c r="E%d" s="1"><v>%d</v></c><c r="F%d"><v>%d.%02d</v></c><c r="G%d" t="s"><v>13</v></c>`+
			`<c r="H%d" s="1"><v>%d</v></c><c r="J%d" t="s"><v>14</v></c></row>`,
			r, r, 3*r, r, 3*r+1, r, 3*r+2, r, 45000+r%700, r, 45030+r%700, r, 100+r%9000, r%100, r, r, 45020+r%700, r)
	}
	sb.WriteString("</sheetData>")
	data := []byte(sb.String())
	shared := make([]string, 3*100002)
	for i := range shared {
		shared[i] = fmt.Sprint("S", i)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		rows := 0
		for off := 0; off < len(data); {
			end := min(len(data), off+chunkSize)
			if end < len(data) {
				end = off + bytes.LastIndex(data[off:end], []byte("</row>")) + len("</row>")
			}
			res := parseChunk(data[off:end], shared)
			if res.err != nil {
				b.Fatal(res.err)
			}
			rows += len(res.rows)
			off = end
		}
		if rows != 100000 {
			b.Fatalf("%d rows", rows)
		}
	}
}
