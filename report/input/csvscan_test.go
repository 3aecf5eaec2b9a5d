package input

import (
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// csvRecord is a record with the file line it starts on and the line of
// each field, as encoding/csv's FieldPos gives them.
type csvRecord struct {
	Line   int
	Fields []string
	Lines  []int
}

// referenceRecords reads data with encoding/csv as the text reader once
// did: the reference for csvScanner.
func referenceRecords(t *testing.T, data string, comma byte) []csvRecord {
	r := csv.NewReader(strings.NewReader(data))
	r.Comma = rune(comma)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out []csvRecord
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("encoding/csv: %v", err)
		}
		c := csvRecord{Fields: rec}
		for i := range rec {
			line, _ := r.FieldPos(i)
			c.Lines = append(c.Lines, line)
		}
		c.Line = c.Lines[0]
		out = append(out, c)
	}
}

// scannedRecords reads data with blockReader and csvScanner, cutting
// blocks of the given size.
func scannedRecords(t *testing.T, data string, comma byte, size int) []csvRecord {
	defer func(old int) { blockSize = old }(blockSize)
	blockSize = size
	br := newBlockReader(strings.NewReader(data), comma, 1)
	var out []csvRecord
	for {
		blk, err := br.next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		sc := csvScanner{comma: comma}
		line := blk.line
		for pos := 0; ; {
			next, skipped, lines, status := sc.scan(blk.data, pos, true, true)
			if status != scanFound {
				break
			}
			c := csvRecord{Line: line + skipped, Fields: append([]string(nil), sc.fields...)}
			c.Lines = fieldLines(c.Line, c.Fields)
			out = append(out, c)
			pos, line = next, line+lines
		}
	}
}

func TestCSVScannerCases(t *testing.T) {
	cases := []string{
		"a,b,c\n1,2,3\n",
		"a,b\r\n1,2\r\n",
		"\n\na,b\n\n\n1,2",
		`"a ""quoted"" word",b` + "\n",
		`"multi` + "\n" + `line",x` + "\n" + "next,row\n",
		`"lazy "quote" here",b` + "\n",
		`x"y,z` + "\n",
		`"unclosed,a` + "\nb,c\n",
		"a,b\r",
		"\r",
		"\"a\"\r\n\"b\"\r\n",
		"\"\"\n",
		"\"a\",\n",
		",,\n",
		"\"a\r\nb\"\n",
		"\"a\n\n\nb\",c\nd\n",
		"\"\"\"\"\n",
		"\"x\"y\"\n",
		"\"x\"",
		"\"",
		"a\rb,c\n",
	}
	for _, c := range cases {
		want := referenceRecords(t, c, ',')
		for _, size := range []int{1, 3, 7, 1 << 20} {
			if got := scannedRecords(t, c, ',', size); !sameRecords(got, want) {
				t.Errorf("%q (blocks of %d):\n got %+v\nwant %+v", c, size, got, want)
			}
		}
	}
}

func sameRecords(a, b []csvRecord) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}

// FuzzCSVScanner holds csvScanner and blockReader to encoding/csv with
// LazyQuotes: the same records, fields and lines, for any input, any of
// the three separators and any block size.
func FuzzCSVScanner(f *testing.F) {
	f.Add("Invoice No,Amount\nF1,\"1,234.56\"\n", byte(0), 5)
	f.Add("a;\"b\nc\";d\r\n\r\ne;f", byte(1), 2)
	f.Add("\"x\"\"y\"\tz\n\"w", byte(2), 1)
	f.Fuzz(func(t *testing.T, data string, sep byte, size int) {
		comma := []byte{',', ';', '\t'}[int(sep)%3]
		size = 1 + (size&0xffff)%64
		want := referenceRecords(t, data, comma)
		if got := scannedRecords(t, data, comma, size); !sameRecords(got, want) {
			t.Errorf("blocks of %d:\n got %+v\nwant %+v", size, got, want)
		}
	})
}
