package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// allRows reads every row of every sheet from a row source.
func allRows(t *testing.T, src rowSource) [][]string {
	t.Helper()
	var rows [][]string
	for {
		cells, _, err := src.next()
		if errors.Is(err, io.EOF) {
			return rows
		}
		if err != nil {
			t.Fatalf("next: %v", err)
		}
		rows = append(rows, append([]string(nil), cells...))
	}
}

// compareReaders reads each sheet of a workbook with excelize and with the
// fast tokenizer and requires the same rows, cells and date system.
func compareReaders(t *testing.T, path string) {
	t.Helper()
	ref, err := openWorkbook(path)
	if err != nil {
		t.Fatalf("excelize: %v", err)
	}
	defer ref.f.Close()
	fast, err := openFastBook(path)
	if err != nil {
		t.Fatalf("fast: %v", err)
	}
	defer fast.close()
	if !reflect.DeepEqual(ref.f.GetSheetList(), fast.sheets) || ref.date1904 != fast.date1904 {
		t.Fatalf("sheets %v (1904 %v) vs %v (1904 %v)", ref.f.GetSheetList(), ref.date1904, fast.sheets, fast.date1904)
	}
	for _, name := range fast.sheets {
		a, err := ref.sheet(name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := fast.sheet(name)
		if err != nil {
			t.Fatal(err)
		}
		want, got := allRows(t, a), allRows(t, b)
		a.close()
		b.close()
		if len(want) != len(got) {
			t.Fatalf("%s sheet %q: %d rows; excelize %d", filepath.Base(path), name, len(got), len(want))
		}
		for i := range want {
			if len(want[i]) == 0 && len(got[i]) == 0 {
				continue
			}
			if !reflect.DeepEqual(want[i], got[i]) {
				t.Fatalf("%s sheet %q row %d:\n fast     %q\n excelize %q", filepath.Base(path), name, i+1, got[i], want[i])
			}
		}
	}
}

// TestChunkedReader parses sheets in tiny chunks on several workers, so
// that chunk boundaries fall everywhere, and compares with excelize.
func TestChunkedReader(t *testing.T) {
	savedSize, savedMin := chunkSize, chunkedSheetBytes
	savedShared, savedSharedChunk := parallelSharedBytes, sharedChunkBytes
	defer func() {
		chunkSize, chunkedSheetBytes = savedSize, savedMin
		parallelSharedBytes, sharedChunkBytes = savedShared, savedSharedChunk
	}()
	chunkedSheetBytes, parallelSharedBytes = 0, 0
	for _, size := range []int{1, 7, 64, 1000} {
		chunkSize, sharedChunkBytes = size, size
		paths, _ := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
		for _, p := range paths {
			compareReaders(t, p)
		}
		compareReaders(t, buildWorkbook(t, []byte("chunks & <rows> _x0041_ \r\n"), false))
		compareReaders(t, buildWorkbook(t, []byte{9, 200, 3, 77, 1, 0, 13, 10, 255}, true))
	}
}

func TestFastReaderOnFixtures(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	if len(paths) == 0 {
		t.Fatal("no sample workbooks")
	}
	for _, p := range paths {
		compareReaders(t, p)
	}
	compareReaders(t, buildWorkbook(t, []byte("seed: text & <tags> _x0041_ \r\n café"), false))
	compareReaders(t, buildWorkbook(t, []byte{0, 1, 2, 3, 250, 251, 252, 253, 254, 255, 9, 10, 13}, true))
}

// buildWorkbook writes a workbook from fuzz bytes: text (with escapes,
// control characters and markup), numbers, booleans, formulas with cached
// values, rich text, empty cells, rows and columns with gaps, on two
// sheets, through the cell API (shared strings) or the stream writer
// (inline strings).
func buildWorkbook(t testing.TB, data []byte, stream bool) string {
	f := excelize.NewFile()
	defer f.Close()
	f.NewSheet("Second")
	pick := func(i int) byte {
		if len(data) == 0 {
			return 0
		}
		return data[i%len(data)]
	}
	text := func(i int) string {
		n := int(pick(i)) % 12
		var s []rune
		for k := 0; k < n; k++ {
			s = append(s, []rune("aZ09 &<>\"'_x0041_\r\n\téü€")[int(pick(i+k+1))%22])
		}
		return string(s)
	}
	path := filepath.Join(t.TempDir(), fmt.Sprintf("fz-%v.xlsx", stream))
	for si, sheet := range []string{"Sheet1", "Second"} {
		if stream && si == 0 {
			sw, err := f.NewStreamWriter(sheet)
			if err != nil {
				t.Fatal(err)
			}
			row := 1
			for i := 0; i < len(data)%40+3; i++ {
				row += int(pick(i)) % 3 // gaps between rows
				cells := []any{text(i), float64(pick(i+1)) / 7, nil, pick(i+2)%2 == 0, text(i + 5)}
				cell, _ := excelize.CoordinatesToCellName(1+int(pick(i+3))%3, row)
				if err := sw.SetRow(cell, cells); err != nil {
					t.Fatal(err)
				}
				row++
			}
			if err := sw.Flush(); err != nil {
				t.Fatal(err)
			}
			continue
		}
		for i := 0; i < len(data)%50+5; i++ {
			col, row := 1+int(pick(i))%6, 1+int(pick(i+1))%30
			cell, _ := excelize.CoordinatesToCellName(col, row)
			switch pick(i+2) % 6 {
			case 0:
				f.SetCellValue(sheet, cell, text(i))
			case 1:
				f.SetCellValue(sheet, cell, float64(int(pick(i+3))-128)/3)
			case 2:
				f.SetCellValue(sheet, cell, pick(i+3)%2 == 0)
			case 3:
				f.SetCellFormula(sheet, cell, "A1+1")
			case 4:
				f.SetCellRichText(sheet, cell, []excelize.RichTextRun{{Text: text(i)}, {Text: text(i + 1), Font: &excelize.Font{Bold: true}}})
			case 5:
				f.SetCellValue(sheet, cell, "")
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func FuzzFastReader(f *testing.F) {
	f.Add([]byte("invoice 1234,56 & <b>"), false)
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 200, 13, 10}, true)
	f.Fuzz(func(t *testing.T, data []byte, stream bool) {
		path := buildWorkbook(t, data, stream)
		defer os.Remove(path)
		compareReaders(t, path)
		// And again in chunks cut at every size the data suggests.
		savedSize, savedMin := chunkSize, chunkedSheetBytes
		savedShared, savedSharedChunk := parallelSharedBytes, sharedChunkBytes
		defer func() {
			chunkSize, chunkedSheetBytes = savedSize, savedMin
			parallelSharedBytes, sharedChunkBytes = savedShared, savedSharedChunk
		}()
		chunkSize, chunkedSheetBytes = 1+len(data)%97, 0
		parallelSharedBytes, sharedChunkBytes = 0, 1+len(data)%89
		compareReaders(t, path)
	})
}

func FuzzColumnOf(f *testing.F) {
	for _, s := range []string{"A1", "Z9", "AA10", "XFD1048576", "XFE1", "A0", "A01", "a1", "A", "1", "ABCD1", "A1048577"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		col, ok := columnOf([]byte(ref))
		if !ok {
			return // excelize decides those
		}
		want, _, err := excelize.CellNameToCoordinates(ref)
		if err != nil || want != col {
			t.Errorf("columnOf(%q) = %d; excelize %d, %v", ref, col, want, err)
		}
	})
}

// TestMalformedTagDamaged: a cell tag with an attribute that is no XML
// (no value, or one without quotes) makes the sheet damaged, in chunks
// and streamed, rather than the cell's value quietly dropped.
func TestMalformedTagDamaged(t *testing.T) {
	for _, tag := range []string{`<c r="A3" foo>`, `<c r=A3>`, `<c r="A3" t>`} {
		sheet := []byte(`<row r="2"><c r="A2"><v>1</v></c></row><row r="3">` + tag + `<v>2</v></c></row><row r="4"><c r="A4"><v>3</v></c></row></sheetData>`)
		res := parseChunk(sheet, nil)
		var fe *FileError
		if !errors.As(res.err, &fe) || fe.Kind != "damaged" || len(res.rows) != 1 {
			t.Errorf("%s in a chunk: %d rows, error %v; want the first row, then damaged", tag, len(res.rows), res.err)
		}
		fr := &fastRows{sc: newXMLScanner(bytes.NewReader(sheet))}
		var err error
		for ok := true; ok && err == nil; {
			_, ok, err = fr.readRow()
		}
		if !errors.As(err, &fe) || fe.Kind != "damaged" {
			t.Errorf("%s streamed: error %v; want damaged", tag, err)
		}
	}
}

// FuzzCellTag holds the quick reading of a cell's start tag to the
// scanner's own: where cellTag takes a tag, next and attr read the same
// reference, type and self-closing, and stop at the same byte.
func FuzzCellTag(f *testing.F) {
	for _, s := range []string{`<c r="B2" s="1" t="s"><v>3</v></c>`, `<c r="A1"/>`, `<c>`, `<c t="inlineStr" r="C9">`, `<c r="A1" r="B1">`,
		`<c r='A1'>`, `<c  r="A1"	s="2"/>`, `<c r="A&amp;1">`, `<c x:r="A1">`, `<c r="A1"t="s">`, `<col min="1">`, `<c r="A>1">`, "<c\nr=\"A1\">"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		quick := newBytesScanner(data)
		ref, typ, self, ok := quick.cellTag()
		if !ok {
			return
		}
		sc := newBytesScanner(data)
		if sc.next() != tokStart || string(sc.name) != "c" {
			t.Fatalf("cellTag took %q; the scanner reads no <c> start (%v, %q, %v)", data, sc.kind, sc.name, sc.err)
		}
		wantRef, _ := sc.attr("r")
		wantTyp, _ := sc.attr("t")
		if !bytes.Equal(ref, wantRef) || !bytes.Equal(typ, wantTyp) || self != sc.self || quick.pos != sc.pos {
			t.Fatalf("%q: cellTag r=%q t=%q self=%v at %d; scanner r=%q t=%q self=%v at %d", data, ref, typ, self, quick.pos, wantRef, wantTyp, sc.self, sc.pos)
		}
	})
}

// TestSharedInChunks holds the shared strings parsed in chunks to the
// table parsed in one piece, chunks of every size: plain, escaped and
// rich-text items, empty ones, phonetic runs, Excel's _xHHHH_ escapes;
// and a table with CDATA or a comment, which is parsed in one piece.
func TestSharedInChunks(t *testing.T) {
	items := []string{`<si><t>plain</t></si>`, `<si><t>a &amp; b &lt;c&gt;</t></si>`, `<si/>`, `<si><t xml:space="preserve"> spaced </t></si>`,
		`<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></si>`, `<si><t>kana</t><rPh sb="0" eb="1"><t>phonetic</t></rPh></si>`,
		`<si><t>_x0041_ and _x005F_x0041_</t></si>`, "<si><t>line\r\nbreak</t></si>", `<si><t></t></si>`}
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<sst xmlns="x" count="90" uniqueCount="90">`)
	for i := range 90 {
		sb.WriteString(items[i%len(items)])
	}
	sb.WriteString(`</sst>`)
	whole := []byte(sb.String())
	want, err := sharedItems(newBytesScanner(whole), nil)
	if err != nil || len(want) != 90 {
		t.Fatalf("in one piece: %d items, %v", len(want), err)
	}
	for _, doc := range [][]byte{whole, bytes.Replace(whole, []byte(`<si><t>plain</t></si>`), []byte(`<si><t><![CDATA[</si>]]></t></si>`), 1),
		bytes.Replace(whole, []byte(`<si/>`), []byte(`<!-- </si> --><si/>`), 1)} {
		one, _ := sharedItems(newBytesScanner(doc), nil)
		for size := 1; size < len(doc); size += 1 + size/3 {
			got, err := sharedInChunks(doc, size)
			if err != nil || !reflect.DeepEqual(got, one) {
				t.Fatalf("chunks of %d bytes: %v\n%q\nwant\n%q", size, err, got, one)
			}
		}
	}
}
