package render

import (
	"bytes"
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/arreport/arreport/report/civil"
)

// The debtors sheet has a row for every client: at ten million invoices
// 200,000 rows, 113 MB of XML, which excelize's stream writer took 2.3 s
// to write (a cell reference parsed and a cell struct filled per cell).
// rowXML writes the same bytes directly, for the values the workbook
// puts in such rows; TestRowXMLAgainstExcelize and FuzzRowXML hold it to
// the stream writer, and a row it cannot write exactly (ok false) sends
// the whole sheet back through excelize.

// maxCellUnits is the most UTF-16 units a cell holds; excelize cuts
// longer text there.
const maxCellUnits = excelize.TotalCellChars

// excelEpochDays is the Unix day of Excel's day 0 (1899-12-30), for dates
// from 1900-03-01 on (Excel counts a 29 February 1900 that never was).
const (
	excelEpochDays  = -25569
	firstExcelDay   = -25508 // 1900-03-01 as a Unix day
	maxSignificants = 15     // excelize cuts numbers to Excel's 15 digits
)

// cell is one cell of a row that rowXML writes: what excelize is given,
// typed, so that a row of them is built without boxing every value.
type cell struct {
	kind  cellKind
	style int // 0: none
	text  string
	num   float64
	n     int
	date  civil.Date
}

// cellKind says which of a cell's fields holds its value.
type cellKind uint8

// The kinds of cells.
const (
	noCell     cellKind = iota // nothing written
	textCell                   // text
	numberCell                 // num
	intCell                    // n
	dateCell                   // date, a day serial with a date style
)

// value is the cell as excelize takes it: nil, the bare value, or the
// value with its style.
func (c cell) value() any {
	var v any
	switch c.kind {
	case noCell:
		return nil
	case textCell:
		v = c.text
	case numberCell:
		v = c.num
	case intCell:
		v = c.n
	case dateCell:
		v = c.date.Time()
	}
	if c.style == 0 {
		return v
	}
	return excelize.Cell{StyleID: c.style, Value: v}
}

// values are cells as excelize takes them.
func values(cells []cell) []any {
	out := make([]any, len(cells))
	for i, c := range cells {
		out[i] = c.value()
	}
	return out
}

// appendRow appends row number r with its cells, as excelize's
// StreamWriter.SetRow writes their values from column A; ok is false
// when a value is not one rowXML writes exactly (dst is then unusable).
func appendRow(dst []byte, r int, cells []cell) (_ []byte, ok bool) {
	dst = append(dst, `<row r="`...)
	dst = strconv.AppendInt(dst, int64(r), 10)
	dst = append(dst, `">`...)
	for i, c := range cells {
		if c.kind == noCell {
			continue
		}
		if dst, ok = appendCell(dst, i, r, c); !ok {
			return dst, false
		}
	}
	return append(dst, `</row>`...), true
}

// appendCell appends the cell in column col (0 is A) of row r.
func appendCell(dst []byte, col, r int, c cell) ([]byte, bool) {
	dst = append(dst, `<c r="`...)
	dst = appendColumnName(dst, col)
	dst = strconv.AppendInt(dst, int64(r), 10)
	dst = append(dst, '"')
	if c.style > 0 {
		dst = append(dst, ` s="`...)
		dst = strconv.AppendInt(dst, int64(c.style), 10)
		dst = append(dst, '"')
	}
	ok := true
	switch c.kind {
	case intCell:
		dst = append(dst, `><v>`...)
		dst = strconv.AppendInt(dst, int64(c.n), 10)
		dst = append(dst, `</v>`...)
	case numberCell:
		if dst, ok = appendNumber(append(dst, `><v>`...), c.num); ok {
			dst = append(dst, `</v>`...)
		}
	case dateCell:
		// excelize gives an unstyled date a style of its own; days before
		// March 1900 it counts otherwise.
		if ok = c.style != 0 && int64(c.date) >= firstExcelDay; ok {
			dst = append(dst, `><v>`...)
			dst = strconv.AppendInt(dst, int64(c.date)-excelEpochDays, 10)
			dst = append(dst, `</v>`...)
		}
	case textCell:
		dst, ok = appendInlineString(dst, c.text)
	default:
		ok = false
	}
	return append(dst, `</c>`...), ok
}

// appendColumnName appends the letters of column col (0 is A).
func appendColumnName(dst []byte, col int) []byte {
	if col >= 26 {
		dst = appendColumnName(dst, col/26-1)
	}
	return append(dst, byte('A'+col%26))
}

// appendNumber writes v as excelize does: shortest form, no exponent;
// ok is false where excelize would cut it to 15 digits or write text.
func appendNumber(dst []byte, v float64) ([]byte, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) == math.MaxFloat64 {
		return dst, false
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', -1, 64)
	significant := 0
	for _, b := range dst[start:] {
		if b >= '1' && b <= '9' || b == '0' && significant > 0 {
			significant++
		}
	}
	return dst, significant <= maxSignificants
}

// appendInlineString writes the text cell excelize writes: cut to
// maxCellUnits, XML-escaped (line feeds kept as they are), spaces kept
// when the text starts or ends with white space. ok is false for text
// holding "_x", whose _xHHHH_ escapes excelize rewrites.
func appendInlineString(dst []byte, s string) ([]byte, bool) {
	if strings.Contains(s, "_x") {
		return dst, false
	}
	if len(s) > maxCellUnits && utf16Units(s) > maxCellUnits { // never more units than bytes
		s = cutUTF16Units(s, maxCellUnits)
	}
	dst = append(dst, ` t="inlineStr"><is><t`...)
	if s != "" && (isXMLSpace(s[0]) || isXMLSpace(s[len(s)-1])) {
		dst = append(dst, ` xml:space="preserve"`...)
	}
	dst = append(dst, '>')
	if plainXMLText(s) {
		dst = append(dst, s...)
	} else {
		var b bytes.Buffer
		_ = xml.EscapeText(&b, []byte(s))
		dst = append(dst, bytes.ReplaceAll(b.Bytes(), []byte("&#xA;"), []byte("\n"))...)
	}
	return append(dst, `</t></is>`...), true
}

// isXMLSpace: tab, line feed, carriage return or space.
func isXMLSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// plainXMLText: printable ASCII that XML escaping leaves as it is.
func plainXMLText(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x20 || b >= 0x7f, b == '&', b == '<', b == '>', b == '"', b == '\'':
			return false
		}
	}
	return true
}

// utf16Units counts s in UTF-16 units (a byte that is no UTF-8 counts
// as the one replacement character it reads as).
func utf16Units(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// cutUTF16Units keeps the whole characters of s that fit in max units.
func cutUTF16Units(s string, max int) string {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > max {
			return s[:i]
		}
	}
	return s
}
