package input

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"

	"github.com/arreport/arreport/report/parallel"
)

// fastBook reads a workbook's sheets with xmlScanner straight from the zip.
// excelize opens the workbook's metadata (sheet names, date system) from a
// copy of the package without its worksheets, so that the large parts are
// decompressed once, by us, while they are parsed.
type fastBook struct {
	zr       *zip.ReadCloser
	sheets   []string          // names, in workbook order
	parts    map[string]string // sheet name → part path
	date1904 bool
	shared   []string
}

func openFastBook(file string) (*fastBook, error) {
	if err := checkWorkbookHead(file); err != nil {
		return nil, err
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, damaged(err)
	}
	if err := checkZipBudget(zr.File); err != nil {
		zr.Close()
		return nil, err
	}
	// klauspost/compress inflates a quarter faster than the standard
	// library (the 1M bench workbook's parts: 0.62 -> 0.46 s), and the
	// sheet is inflated on one core while the others parse it.
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return flate.NewReader(r) })
	b := &fastBook{zr: zr}
	if err := b.readMeta(); err != nil {
		zr.Close()
		return nil, err
	}
	return b, nil
}

func (b *fastBook) close() error { return b.zr.Close() }

func (b *fastBook) entry(name string) *zip.File {
	for _, f := range b.zr.File {
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), name) {
			return f
		}
	}
	return nil
}

// open opens a part for reading within the size limit.
func (b *fastBook) open(f *zip.File) (io.ReadCloser, error) {
	if f.UncompressedSize64 > maxUnzipped {
		return nil, fmt.Errorf("the workbook unpacks to more than arreport reads (%s is %d MB); export the invoices alone, or as CSV", f.Name, f.UncompressedSize64>>20)
	}
	return f.Open()
}

func (b *fastBook) readMeta() error {
	var meta bytes.Buffer
	zw := zip.NewWriter(&meta)
	for _, f := range b.zr.File {
		if strings.HasPrefix(strings.ToLower(strings.TrimPrefix(f.Name, "/")), "xl/worksheets/") || f.Name == "xl/sharedStrings.xml" {
			continue
		}
		if err := zw.Copy(f); err != nil {
			return damaged(err)
		}
	}
	if err := zw.Close(); err != nil {
		return damaged(err)
	}
	xf, err := excelize.OpenReader(&meta, excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxXMLInMemory})
	if err != nil {
		return damaged(err)
	}
	defer xf.Close()
	props, err := xf.GetWorkbookProps()
	if err != nil {
		return fmt.Errorf("cannot read the workbook properties: %w", err)
	}
	b.date1904 = props.Date1904 != nil && *props.Date1904
	b.sheets = xf.GetSheetList()
	if b.parts, err = b.sheetParts(); err != nil {
		return err
	}
	return b.readShared()
}

// sheetParts maps sheet names to their parts through the workbook's
// relationships, as excelize does.
func (b *fastBook) sheetParts() (map[string]string, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for name, dst := range map[string]any{"xl/workbook.xml": &wb, "xl/_rels/workbook.xml.rels": &rels} {
		f := b.entry(name)
		if f == nil {
			return nil, fmt.Errorf("the workbook has no %s; save it again from Excel", name)
		}
		rc, err := b.open(f)
		if err != nil {
			return nil, err
		}
		err = xml.NewDecoder(rc).Decode(dst)
		rc.Close()
		if err != nil {
			return nil, damaged(err)
		}
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	parts := map[string]string{}
	for _, s := range wb.Sheets {
		parts[s.Name] = targets[s.ID]
	}
	return parts, nil
}

// readShared reads the shared-strings table, if there is one. A large
// one (a million strings in a workbook of a million invoices) is parsed
// in chunks on every core: the sheet's rows wait for it.
func (b *fastBook) readShared() error {
	f := b.entry("xl/sharedStrings.xml")
	if f == nil {
		return nil
	}
	rc, err := b.open(f)
	if err != nil {
		return err
	}
	defer rc.Close()
	if f.UncompressedSize64 < parallelSharedBytes || runtime.GOMAXPROCS(0) == 1 {
		b.shared, err = sharedItems(newXMLScanner(rc), nil)
		return err
	}
	// The part whole, in a buffer of its stated size (and the little more
	// a last read wants), up to 256 MB on the header's word alone; the
	// zip reader holds the part to that size and its checksum.
	buf := bytes.NewBuffer(make([]byte, 0, min(f.UncompressedSize64, 256<<20)+bytes.MinRead))
	if _, err := buf.ReadFrom(rc); err != nil {
		return damaged(err)
	}
	data := buf.Bytes()
	b.shared, err = sharedInChunks(data, max(sharedChunkBytes, len(data)/(4*runtime.GOMAXPROCS(0))))
	return err
}

// parallelSharedBytes is the shared-strings part size from which it is
// parsed in chunks, of at least sharedChunkBytes.
var (
	parallelSharedBytes uint64 = 4 << 20
	sharedChunkBytes           = 1 << 20
)

// sharedInChunks parses a whole shared-strings part in chunks of about
// size bytes, cut after an </si>, in order. A part with anything in
// which an </si> could stand that is no end tag (CDATA, a comment, a
// processing instruction past the declaration) is parsed in one piece.
func sharedInChunks(data []byte, size int) ([]string, error) {
	if bytes.Contains(data, []byte("<!")) || bytes.Count(data, []byte("<?")) > 1 {
		return sharedItems(newBytesScanner(data), nil)
	}
	var parts [][]byte
	for len(data) > 0 {
		cut := len(data)
		if len(data) > size {
			if i := bytes.Index(data[size:], []byte("</si>")); i >= 0 {
				cut = size + i + len("</si>")
			}
		}
		parts = append(parts, data[:cut])
		data = data[cut:]
	}
	items := make([][]string, len(parts))
	errs := make([]error, len(parts))
	parallel.Each(len(parts), runtime.GOMAXPROCS(0), func(k int) {
		items[k], errs[k] = sharedItems(newBytesScanner(parts[k]), make([]string, 0, bytes.Count(parts[k], []byte("<si"))))
	})
	n := 0
	for k := range parts {
		if errs[k] != nil {
			return nil, errs[k]
		}
		n += len(items[k])
	}
	all := make([]string, 0, n)
	for _, it := range items {
		all = append(all, it...)
	}
	return all, nil
}

// sharedItems appends the string items <si> the scanner reads to list.
func sharedItems(sc *xmlScanner, list []string) ([]string, error) {
	for sc.next() != tokEOF {
		switch {
		case sc.kind != tokStart || string(sc.name) != "si":
		case sc.self:
			list = append(list, "")
		default:
			if text, ok := quickItem(sc); ok {
				list = append(list, text)
			} else {
				list = append(list, readStringItem(sc, "si"))
			}
		}
	}
	if sc.err != nil {
		return list, damaged(sc.err)
	}
	return list, nil
}

// readStringItem reads a string item (<si> or <is>) after its start tag:
// its own <t>, then the <t> of each rich-text run <r>; phonetic runs are
// left out. It mirrors excelize's xlsxSI.String.
func readStringItem(sc *xmlScanner, end string) string {
	var own string
	var runs strings.Builder
	depth := 0
	inT, inRun := false, false
	var cur []byte
	for sc.next() != tokEOF {
		switch sc.kind {
		case tokStart:
			if sc.self {
				if depth == 0 && string(sc.name) == "t" {
					own = ""
				}
				continue
			}
			depth++
			switch {
			case depth == 1 && string(sc.name) == "t":
				inT, cur = true, cur[:0]
			case depth == 1 && string(sc.name) == "r":
				inRun = true
			case depth == 2 && inRun && string(sc.name) == "t":
				inT, cur = true, cur[:0]
			}
		case tokText:
			if inT {
				cur = append(cur, sc.text...)
			}
		case tokEnd:
			if depth == 0 && string(sc.name) == end {
				s := own + runs.String()
				return bstrUnmarshal(s)
			}
			if inT && string(sc.name) == "t" {
				if depth == 1 {
					own = string(cur)
				} else {
					runs.Write(cur)
				}
				inT = false
			}
			if depth == 1 && string(sc.name) == "r" {
				inRun = false
			}
			depth--
		}
	}
	return bstrUnmarshal(own + runs.String())
}

var (
	quickItemOpen  = []byte("<t>")
	quickItemClose = []byte("</t></si>")
)

// quickItem reads the usual shared string, <t>text</t></si>, straight
// from the input window; ok is false for any other shape.
func quickItem(sc *xmlScanner) (string, bool) {
	for sc.end-sc.pos < len(quickItemOpen) && sc.fill() {
	}
	if !bytes.HasPrefix(sc.win[sc.pos:sc.end], quickItemOpen) {
		return "", false
	}
	whole := sc.ahead(quickItemClose)
	if whole == nil {
		return "", false
	}
	text := whole[len(quickItemOpen) : len(whole)-len(quickItemClose)]
	if bytes.IndexByte(text, '<') >= 0 {
		return "", false
	}
	sc.skip(len(whole))
	if bytes.IndexByte(text, '&') >= 0 || bytes.IndexByte(text, '\r') >= 0 {
		text = unescapeXML(normalizeNewlines(append([]byte{}, text...)))
	}
	return bstrUnmarshal(string(text)), true
}

var bstrPattern = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// bstrUnmarshal decodes the _xHHHH_ escapes Excel uses for characters XML
// cannot hold, as excelize does.
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var out strings.Builder
	cursor := 0
	for _, m := range bstrPattern.FindAllStringIndex(s, -1) {
		out.WriteString(s[cursor:m[0]])
		cursor = m[1]
		if s[m[0]:m[1]] == "_x005F_" {
			out.WriteString("_")
			continue
		}
		v, _ := strconv.Unquote(`"\u` + s[m[0]+2:m[1]-1] + `"`)
		out.WriteString(v)
	}
	out.WriteString(s[cursor:])
	return out.String()
}

// chunkedSheetBytes is the sheet size from which it is parsed in chunks.
var chunkedSheetBytes uint64 = 16 << 20

// maxSheetRows is Excel's row limit; excelize refuses rows beyond it.
const maxSheetRows = 1048576

// fastRows streams one sheet's rows with the semantics of excelize's
// Rows/Columns with raw cell values: rows missing from the XML come as
// empty rows, cells sit at their column, trailing empty cells are dropped.
// The slice next returns is reused by the following call.
type fastRows struct {
	sc     *xmlScanner
	rowBuf []byte     // the current row's text values, end to end
	cells  []string   // the row returned by next, valid until the next call
	spans  []cellSpan // the current row's values
	closer io.Closer
	shared []string
	rowNumbering
}

// rowNumbering gives the rows of a sheet excelize's numbers: a row's r
// attribute, else one more than the row before; rows the XML leaves out
// come as empty rows, numbered in turn.
type rowNumbering struct {
	seekRow int
	curRow  int
	pending []string // cells of the row numbered curRow, not yet returned
	have    bool
	done    bool
}

// next returns the next row, reading one from read when it needs one;
// read reports false at the end of the rows.
func (n *rowNumbering) next(read func() (parsedRow, bool, error)) ([]string, int, error) {
	n.seekRow++
	if !n.have && !n.done {
		row, ok, err := read()
		switch {
		case err != nil:
			num := n.curRow + 1 // the row that failed: its own number when it gave one
			if row.r != 0 {
				num = row.r
			}
			return nil, num, err
		case !ok:
			n.done = true
		case row.r > maxSheetRows:
			return nil, 0, fmt.Errorf("row %d is beyond Excel's limit of %d rows", row.r, maxSheetRows)
		default:
			n.curRow++
			if row.r != 0 {
				n.curRow = row.r
			}
			n.pending, n.have = row.cells, true
		}
	}
	if !n.have {
		return nil, 0, io.EOF
	}
	if n.curRow > n.seekRow {
		return nil, n.seekRow, nil // a row the XML leaves out
	}
	n.have = false
	return n.pending, n.seekRow, nil
}

// sheet opens a sheet's rows: parsed in chunks on every core when it is
// large, else by one tokenizer beside the decompressor.
func (b *fastBook) sheet(name string) (rowSource, error) {
	part, ok := b.parts[name]
	f := b.entry(part)
	if !ok || f == nil {
		return nil, fmt.Errorf("sheet %q has no worksheet part", name)
	}
	rc, err := b.open(f)
	if err != nil {
		return nil, err
	}
	if f.UncompressedSize64 >= chunkedSheetBytes && runtime.GOMAXPROCS(0) > 1 {
		return newChunkedRows(rc, b.shared, runtime.GOMAXPROCS(0)), nil
	}
	// Decompress on another core while this one parses.
	pr, pw := io.Pipe()
	go func() {
		buf := make([]byte, 1<<20)
		_, err := io.CopyBuffer(pw, rc, buf)
		rc.Close()
		pw.CloseWithError(err)
	}()
	return &fastRows{sc: newXMLScanner(pr), closer: pr, shared: b.shared}, nil
}

func (r *fastRows) close() error { return r.closer.Close() }

func (r *fastRows) next() ([]string, int, error) { return r.rowNumbering.next(r.readRow) }

// readRow reads up to the next row and its cells; false at </sheetData>
// or the end.
func (r *fastRows) readRow() (parsedRow, bool, error) {
	sc := r.sc
	for sc.next() != tokEOF {
		if sc.kind == tokEnd && string(sc.name) == "sheetData" {
			return parsedRow{}, false, nil
		}
		if sc.kind != tokStart || string(sc.name) != "row" {
			continue
		}
		var row parsedRow
		if v, ok := sc.attr("r"); ok {
			row.r, _ = strconv.Atoi(string(v))
		}
		if sc.self {
			return row, true, nil
		}
		cells, err := r.readCells()
		row.cells = cells
		return row, true, err
	}
	if sc.err != nil {
		return parsedRow{}, false, damaged(sc.err)
	}
	return parsedRow{}, false, nil
}

// cellSpan is a cell value found in a row: a shared string, or bytes of
// the row's buffer.
type cellSpan struct {
	col        int
	shared     string
	isShared   bool
	start, end int
}

// readCells reads the cells of a row after its start tag. The row's text
// values share one allocation.
func (r *fastRows) readCells() ([]string, error) {
	sc := r.sc
	r.rowBuf, r.spans = r.rowBuf[:0], r.spans[:0]
	col := 0
	for {
		if sc.rowEndTag() {
			return r.rowCells(), nil
		}
		ref, typ, self, ok := sc.cellTag()
		if !ok {
			if sc.next() == tokEOF {
				break
			}
			if sc.kind == tokEnd && string(sc.name) == "row" {
				return r.rowCells(), nil
			}
			if sc.kind != tokStart || string(sc.name) != "c" {
				continue
			}
			typ, _ = sc.attr("t")
			ref, _ = sc.attr("r")
			self = sc.self
		}
		col++
		cellType := cellTypeName(typ)
		if len(ref) > 0 {
			c, ok := columnOf(ref)
			if !ok {
				// Anything unusual: let excelize judge it, as it would.
				var err error
				if c, _, err = excelize.CellNameToCoordinates(string(ref)); err != nil {
					return r.rowCells(), err
				}
			}
			col = c
		}
		if self {
			continue
		}
		if span, keep, ok := r.quickCell(cellType); ok {
			if keep {
				span.col = col
				r.spans = append(r.spans, span)
			}
			continue
		}
		if span, keep := r.readCell(cellType); keep {
			span.col = col
			r.spans = append(r.spans, span)
		}
	}
	if sc.err != nil {
		return r.rowCells(), damaged(sc.err)
	}
	return r.rowCells(), nil
}

// cellTypeName is a cell's t attribute as a string, without allocating
// for the types there are.
func cellTypeName(t []byte) string {
	switch string(t) {
	case "":
		return ""
	case "s":
		return "s"
	case "n":
		return "n"
	case "b":
		return "b"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "e":
		return "e"
	case "d":
		return "d"
	}
	return string(t)
}

// rowCells lays the row's values out by column, padding gaps with "", as
// excelize's Columns does.
func (r *fastRows) rowCells() []string {
	if len(r.spans) == 0 {
		return nil
	}
	text := string(r.rowBuf)
	cells := r.cells[:0] // reused: callers copy what they keep
	defer func() { r.cells = cells }()
	for _, sp := range r.spans {
		for len(cells) < sp.col-1 {
			cells = append(cells, "")
		}
		if sp.isShared {
			cells = append(cells, sp.shared)
		} else {
			cells = append(cells, text[sp.start:sp.end])
		}
	}
	return cells
}

var (
	quickValue  = []byte("<v>")
	quickInline = []byte("<is><t>")
	endValue    = []byte("</v></c>")
	endInline   = []byte("</t></is></c>")
)

// quickCell reads the two shapes nearly every cell of a data sheet has,
// <v>value</v></c> and <is><t>text</t></is></c>, straight from the input
// window. ok is false for any other shape, which readCell then reads.
func (r *fastRows) quickCell(cellType string) (span cellSpan, keep, ok bool) {
	sc := r.sc
	open, close := quickValue, endValue
	if cellType == "inlineStr" {
		open, close = quickInline, endInline
	}
	for sc.end-sc.pos < len(open) && sc.fill() {
	}
	if !bytes.HasPrefix(sc.win[sc.pos:sc.end], open) {
		return span, false, false
	}
	whole := sc.ahead(close)
	if whole == nil {
		return span, false, false
	}
	text := whole[len(open) : len(whole)-len(close)]
	if bytes.IndexByte(text, '<') >= 0 {
		return span, false, false // another element inside: the general path
	}
	start := len(r.rowBuf)
	if bytes.IndexByte(text, '&') >= 0 || bytes.IndexByte(text, '\r') >= 0 {
		r.rowBuf = append(r.rowBuf, unescapeXML(normalizeNewlines(append([]byte{}, text...)))...)
	} else {
		r.rowBuf = append(r.rowBuf, text...)
	}
	sc.skip(len(whole))
	if cellType != "inlineStr" {
		span, keep = r.span(cellType, start, "", false, false)
		return span, keep, true
	}
	if bytes.Contains(r.rowBuf[start:], []byte("_x")) {
		decoded := bstrUnmarshal(string(r.rowBuf[start:]))
		r.rowBuf = append(r.rowBuf[:start], decoded...)
	}
	end := len(r.rowBuf)
	return cellSpan{start: start, end: end}, end > start, true
}

// readCell reads a cell's children: its value <v>, formula <f> and inline
// string <is>. It returns the raw value excelize would give, and whether
// the cell counts (a value, or a formula even without one).
func (r *fastRows) readCell(cellType string) (cellSpan, bool) {
	sc := r.sc
	start := len(r.rowBuf)
	inV, formula := false, false
	inline, hasInline := "", false
	for sc.next() != tokEOF {
		switch sc.kind {
		case tokStart:
			switch string(sc.name) {
			case "v":
				inV = !sc.self
				r.rowBuf = r.rowBuf[:start]
			case "f":
				formula = true
			case "is":
				hasInline = true
				if !sc.self {
					inline = readStringItem(sc, "is")
				}
			}
		case tokText:
			if inV {
				r.rowBuf = append(r.rowBuf, sc.text...)
			}
		case tokEnd:
			switch string(sc.name) {
			case "v":
				inV = false
			case "c":
				return r.span(cellType, start, inline, hasInline, formula)
			}
		}
	}
	return r.span(cellType, start, inline, hasInline, formula)
}

// span turns what readCell saw into the cell's value.
func (r *fastRows) span(cellType string, start int, inline string, hasInline, formula bool) (cellSpan, bool) {
	v := r.rowBuf[start:]
	switch {
	case cellType == "s":
		value := ""
		if i, ok := sharedIndex(v); ok && i < len(r.shared) {
			value = r.shared[i]
		}
		r.rowBuf = r.rowBuf[:start]
		return cellSpan{shared: value, isShared: true}, value != "" || formula
	case cellType == "inlineStr" && hasInline:
		r.rowBuf = append(r.rowBuf[:start], inline...)
	}
	end := len(r.rowBuf)
	return cellSpan{start: start, end: end}, end > start || formula
}

func damaged(err error) error {
	return &FileError{Kind: "damaged", Detail: err.Error()}
}

// columnOf reads the column of a plain cell reference such as "AB12"
// (upper-case letters, then a row number from 1 to Excel's limit). It
// reports false for anything else.
func columnOf(ref []byte) (int, bool) {
	col, i := 0, 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || i > 3 || col > 16384 || i == len(ref) || ref[i] == '0' || len(ref)-i > 7 {
		return 0, false
	}
	row := 0
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		row = row*10 + int(c-'0')
	}
	return col, row <= maxSheetRows
}

// sharedIndex reads a shared-string index as strconv.Atoi would after
// trimming spaces, without allocating for the usual plain digits.
func sharedIndex(v []byte) (int, bool) {
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' || n > 1<<40 {
			i, err := strconv.Atoi(strings.TrimSpace(string(v)))
			return i, err == nil && i >= 0
		}
		n = n*10 + int(c-'0')
	}
	return n, len(v) > 0
}
