package render

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
)

// TestSplicedPartZipsAsWhole holds the workbook's zip to giving the same
// bytes whether a part's rows are spliced in as pieces or the part is
// written whole: deflate's output must not depend on how its input is cut
// into writes, or the same report would not give the same bytes.
func TestSplicedPartZipsAsWhole(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	var rows [][]byte
	var all bytes.Buffer
	for i := range 40000 { // some megabytes: past deflate's window and its blocks
		row := fmt.Appendf(nil, `<row r="%d"><c t="s"><v>%d</v></c><c><v>%d.%02d</v></c></row>`, i, rnd.IntN(500), rnd.IntN(1e6), rnd.IntN(100))
		// Rows of uneven sizes, as a sheet's pieces are.
		if rnd.IntN(7) == 0 {
			row = append(row, bytes.Repeat([]byte(" "), rnd.IntN(5000))...)
		}
		rows = append(rows, row)
		all.Write(row)
	}
	head, tail := []byte(`<worksheet><sheetData>`), []byte(`</sheetData></worksheet>`)
	write := func(parts map[string][]byte, splices map[string]splice) []byte {
		var out bytes.Buffer
		z := newSortedZip(&out, splices)
		for name, data := range parts {
			w, err := z.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
				t.Fatal(err)
			}
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	whole := write(map[string][]byte{
		"xl/worksheets/sheet1.xml": append(append(append([]byte{}, head...), all.Bytes()...), tail...),
		"[Content_Types].xml":      []byte("<Types/>"),
	}, nil)
	spliced := write(map[string][]byte{
		"xl/worksheets/sheet1.xml": append(append([]byte{}, head...), tail...),
		"[Content_Types].xml":      []byte("<Types/>"),
	}, map[string]splice{"xl/worksheets/sheet1.xml": {marker: tail, chunks: rows}})
	if !bytes.Equal(whole, spliced) {
		t.Fatalf("a part spliced in %d pieces zips to %d bytes, written whole to %d: not the same bytes", len(rows), len(spliced), len(whole))
	}
}
