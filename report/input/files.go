package input

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/arreport/arreport/report/parallel"
	"github.com/arreport/arreport/report/wording"
)

// rowSource yields the rows of one sheet or text file, as cell texts.
type rowSource interface {
	// next returns the next row and its 1-based row number, or io.EOF.
	// The slice may be reused by the following call: callers copy.
	next() ([]string, int, error)
	close() error
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}
)

// splitSheet separates "book.xlsx#Sheet2" into the file and the sheet name,
// unless a file of the full name exists.
func splitSheet(path string) (string, string) {
	if _, err := os.Stat(path); err == nil {
		return path, ""
	}
	if i := strings.LastIndexByte(path, '#'); i > 0 {
		return path[:i], path[i+1:]
	}
	return path, ""
}

// fileHash returns the SHA-256 of a file, for the report's audit trail.
func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// sniff reads a file's first bytes to tell workbooks from text.
func sniff(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, 8)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return head[:n], nil
}

// workbook is an open xlsx file.
type workbook struct {
	f        *excelize.File
	date1904 bool
}

// checkWorkbookHead tells encrypted and non-zip files from workbooks by
// their first bytes: an encrypted workbook is an OLE container that would
// otherwise fail like a corrupt zip.
func checkWorkbookHead(path string) error {
	head, err := sniff(path)
	if err != nil {
		return err
	}
	if bytes.HasPrefix(head, oleMagic) {
		return &FileError{Kind: "encrypted"}
	}
	if !bytes.HasPrefix(head, zipMagic) {
		return &FileError{Kind: "not_xlsx"}
	}
	return nil
}

func openWorkbook(path string) (*workbook, error) {
	if err := checkWorkbookHead(path); err != nil {
		return nil, err
	}
	// excelize's own limit counts a part at a time: the budget, first.
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, damaged(err)
	}
	err = checkZipBudget(zr.File)
	zr.Close()
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenFile(path, excelize.Options{
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: maxXMLInMemory,
	})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) || strings.Contains(err.Error(), "zip") {
			return nil, damaged(err)
		}
		if strings.Contains(err.Error(), "size") {
			return nil, fmt.Errorf("the workbook unpacks to more than arreport reads (%v); export the invoices alone, or as CSV", err)
		}
		return nil, fmt.Errorf("cannot open the workbook: %w", err)
	}
	props, err := f.GetWorkbookProps()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("cannot read the workbook properties: %w", err)
	}
	return &workbook{f: f, date1904: props.Date1904 != nil && *props.Date1904}, nil
}

// sheetRows streams one sheet's raw cell values (numbers unformatted, so
// dates arrive as serials).
type sheetRows struct {
	rows *excelize.Rows
	n    int
}

func (w *workbook) sheet(name string) (*sheetRows, error) {
	rows, err := w.f.Rows(name)
	if err != nil {
		return nil, err
	}
	return &sheetRows{rows: rows}, nil
}

func (s *sheetRows) next() ([]string, int, error) {
	if !s.rows.Next() {
		if err := s.rows.Error(); err != nil {
			return nil, 0, err
		}
		return nil, 0, io.EOF
	}
	s.n++
	cells, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	return cells, s.n, err
}

func (s *sheetRows) close() error { return s.rows.Close() }

// textRows reads a delimited text file, decoded to UTF-8 as it streams,
// record by record; the rows below the header can be handed on as blocks
// (rest) to be read on every core.
type textRows struct {
	f         *os.File
	blocks    *blockReader
	cur       textBlock // the block being read
	pos       int       // the offset in cur of the next record
	line      int       // the file line at pos
	scan      csvScanner
	validUTF8 bool // the whole file is valid UTF-8 (or assumed to be: utf8Assumed)
	// utf8Assumed: the file was taken for UTF-8 from its first bytes; tee
	// tells, once it is read, whether the rest bore that out.
	utf8Assumed bool
	tee         *fileTee // nil when the file is read again, not hashed
	quotes      quoteCheck
	read        int64 // bytes handed on in blocks before cur
}

// setHeader takes the header row, from which the rows below are checked
// for runaway quotes.
func (t *textRows) setHeader(header []string) {
	t.quotes = newQuoteCheck(header, t.scan.comma)
}

func (t *textRows) next() ([]string, int, error) {
	for {
		if t.pos >= len(t.cur.data) {
			if t.cur.last {
				return nil, t.line, io.EOF
			}
			blk, err := t.blocks.next()
			if errors.Is(err, io.EOF) {
				t.read += int64(len(t.cur.data))
				t.cur, t.pos = textBlock{last: true, line: t.line}, 0
				return nil, t.line, io.EOF
			}
			if err != nil {
				return nil, t.line, err
			}
			t.read += int64(len(t.cur.data))
			t.cur, t.pos, t.line = blk, 0, blk.line
			continue
		}
		next, skipped, lines, status := t.scan.scan(t.cur.data, t.pos, true, true)
		if status != scanFound {
			t.pos, t.line = len(t.cur.data), t.line+lines
			continue
		}
		num := t.line + skipped
		t.pos, t.line = next, t.line+lines
		if err := t.quotes.check(t.scan.fields, num, lines-skipped); err != nil {
			return nil, num, err
		}
		return t.scan.fields, num, nil
	}
}

// consumed is how many bytes of the decoded text the records read so far
// took.
func (t *textRows) consumed() int64 { return t.read + int64(t.pos) }

// rest returns a function that hands on the blocks not yet read: what is
// left of the current one, then the others; io.EOF after the last. The
// rows are no longer read one by one after it.
func (t *textRows) rest() func() (textBlock, error) {
	left := textBlock{data: t.cur.data[t.pos:], line: t.line}
	blocks := t.blocks
	t.cur, t.pos, t.blocks = textBlock{last: true, line: t.line}, 0, nil
	if blocks != nil {
		// The blocks to come are read by the workers alone: their buffers
		// go round (the rows above, the header among them, keep theirs).
		blocks.pool = newBlockPool(2*runtime.GOMAXPROCS(0) + 4)
	}
	return func() (textBlock, error) {
		if left.data != "" {
			blk := left
			left.data = ""
			return blk, nil
		}
		return blocks.next()
	}
}

// quoteCheck tells a quote that swallowed whole rows from a cell that
// spans lines: a line inside a cell with need separators or more is a
// row. The zero value checks nothing (rows above the header).
type quoteCheck struct {
	header []string
	need   int
	sep    string
}

func newQuoteCheck(header []string, comma byte) quoteCheck {
	return quoteCheck{header: header, need: max(2, len(nonEmpty(header))-1), sep: string(comma)}
}

// QuoteError is a quote that opens a cell and is not closed where the
// cell should end, so that the rows below it would be read as one cell.
type QuoteError struct {
	Row    int    // the file row where the quote opened
	Column string // the header of the cell it opened, when known
	Rows   int    // rows it would swallow
	EndRow int    // the row where the cell would end
}

func (e *QuoteError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *QuoteError) Describe(l *wording.Lang) string {
	col := ""
	if e.Column != "" {
		col = l.T("err_quote_column", "Name", Quote(e.Column))
	}
	return l.T("err_quote", "Column", col, "From", e.Row+1, "To", e.EndRow)
}

// FileError is an input file that is not what it should be: encrypted,
// not a workbook, damaged, binary, or without rows.
type FileError struct {
	Kind   string // encrypted, not_xlsx, damaged, not_text, no_table
	Detail string // what the reader said (damaged)
	Table  Kind   // the table looked for (no_table)
}

func (e *FileError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *FileError) Describe(l *wording.Lang) string {
	return l.T("err_"+e.Kind, "Detail", e.Detail, "Table", l.T("table_"+strings.ReplaceAll(e.Table.String(), " ", "_")))
}

// check finds a cell of the record starting on file line num that holds
// whole rows: a line inside it with about as many separators as the
// header has columns. A cell that spans lines (an address, a note) has
// few. A record on one line (spans 1, nearly every record) has none.
func (q quoteCheck) check(rec []string, num, spans int) error {
	if q.header == nil || spans <= 1 {
		return nil
	}
	var lines []int
	for i, cell := range rec {
		nl := strings.IndexByte(cell, '\n')
		if nl < 0 {
			continue
		}
		swallowed := false
		for _, line := range strings.Split(cell[nl+1:], "\n") {
			swallowed = swallowed || strings.Count(line, q.sep) >= q.need
		}
		if !swallowed {
			continue
		}
		if lines == nil {
			lines = fieldLines(num, rec)
		}
		start := lines[i]
		e := &QuoteError{Row: start, EndRow: start + strings.Count(strings.TrimSuffix(cell, "\n"), "\n")}
		if i < len(q.header) {
			e.Column = q.header[i]
		}
		return e
	}
	return nil
}

func (t *textRows) close() error { return t.f.Close() }

// textDecoder picks the decoder for a text export (UTF-8 with or without
// BOM, UTF-16 with BOM, else Windows-1252, which Dutch Excel writes) from
// its first bytes
// and whether the whole file is valid UTF-8; nil means UTF-8 as it is
// (after any BOM).
func textDecoder(head []byte, validUTF8 bool) transform.Transformer {
	switch {
	case bytes.HasPrefix(head, []byte{0xef, 0xbb, 0xbf}):
		return nil
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		return unicode.BOMOverride(unicode.UTF8.NewDecoder())
	case validUTF8:
		return nil
	}
	return charmap.Windows1252.NewDecoder()
}

// validUTF8File reports whether a whole file is valid UTF-8. It is read
// before the rows are (it decides how to decode them): a large file in
// parts on every core, each part starting where a character does.
func validUTF8File(f *os.File) (bool, error) {
	st, err := f.Stat()
	if err != nil {
		return false, err
	}
	parts := cmp.Or(utf8Parts, runtime.GOMAXPROCS(0))
	if st.Size() < parallelUTF8Bytes || parts == 1 {
		return validUTF8(f)
	}
	cuts := []int64{0}
	for i := 1; i < parts; i++ {
		at := int64(i) * st.Size() / int64(parts)
		var head [3]byte
		n, _ := f.ReadAt(head[:], at)
		k := 0
		for k < n && !utf8.RuneStart(head[k]) { // a character's continuation: its part is the one before
			k++
		}
		cuts = append(cuts, at+int64(k))
	}
	valid := make([]bool, parts)
	errs := make([]error, parts)
	parallel.Each(parts, parts, func(i int) {
		length := int64(math.MaxInt64) - cuts[i] // the last part reads on to the end
		if i+1 < parts {
			length = cuts[i+1] - cuts[i]
		}
		valid[i], errs[i] = validUTF8(io.NewSectionReader(f, cuts[i], length))
	})
	for i := range parts {
		if errs[i] != nil || !valid[i] {
			return false, errs[i]
		}
	}
	return true, nil
}

// parallelUTF8Bytes is the file size from which validUTF8File reads in
// parts, utf8Parts of them (0: as many as there are cores).
var (
	parallelUTF8Bytes int64 = 16 << 20
	utf8Parts               = 0
)

// validUTF8 reports whether what r reads is valid UTF-8, reading it in
// blocks (a character may straddle two).
func validUTF8(r io.Reader) (bool, error) {
	buf := make([]byte, 1<<20)
	check := utf8Check{ok: true}
	for {
		n, err := r.Read(buf)
		check.write(buf[:n])
		switch {
		case !check.ok:
			return false, nil
		case err == io.EOF:
			return check.valid(), nil
		case err != nil:
			return false, err
		}
	}
}

// sniffDelimiter picks the separator of a text export: the one of ; , and
// tab that appears most often, outside quotes, in its first lines.
func sniffDelimiter(data []byte) rune {
	counts := map[rune]int{}
	quoted := false
	lines := 0
	for _, r := range string(data[:min(len(data), 64<<10)]) {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '\n':
			lines++
		case r == ';' || r == ',' || r == '\t':
			counts[r]++
		}
		if lines >= 30 {
			break
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

// openText opens a text export to stream its records: the encoding is
// settled by the first bytes and a scan for invalid UTF-8, the separator
// by the first lines. The records are read through a fileTee, which takes
// the file's hash as they pass. With trustHead (a file read once), only
// the first 64 KB are scanned: when they are valid UTF-8 the rest is taken
// to be, and the tee checks it as it passes (fileTee.validUTF8).
func openText(path string, trustHead bool) (*textRows, rune, error) {
	return openTextFile(path, nil, true, trustHead)
}

// openTextKnown is openText for a file opened before: validUTF8 is what
// the scan found then; the file is neither scanned nor hashed again.
func openTextKnown(path string, validUTF8 *bool) (*textRows, rune, error) {
	return openTextFile(path, validUTF8, false, false)
}

func openTextFile(path string, known *bool, tee, trustHead bool) (*textRows, rune, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	head := make([]byte, 64<<10)
	n, err := io.ReadFull(f, head)
	head = head[:n]
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, 0, err
	}
	whole := err != nil // the file ends within head
	utf16 := bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff})
	if bytes.IndexByte(head[:min(len(head), 8000)], 0) >= 0 && !utf16 {
		f.Close()
		return nil, 0, &FileError{Kind: "not_text"}
	}
	valid, assumed := true, false
	switch {
	case known != nil:
		valid = *known
	case utf16:
	case trustHead:
		check := utf8Check{ok: true}
		check.write(head)
		valid = check.ok && (!whole || check.valid())
		assumed = valid && !whole
	default:
		var verr error
		if _, verr = f.Seek(0, io.SeekStart); verr == nil {
			valid, verr = validUTF8File(f)
		}
		if verr != nil {
			f.Close()
			return nil, 0, verr
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, 0, err
	}
	var through io.Reader = f
	var passing *fileTee
	if tee {
		passing = newFileTee(f, assumed)
		through = passing
	}
	// Smaller than a block's reads (blockSize), which then go straight
	// into the block instead of through the buffer; it serves the header
	// lines and a decoder's small reads.
	var r io.Reader = bufio.NewReaderSize(through, 64<<10)
	dec := textDecoder(head, valid)
	if dec != nil {
		r = transform.NewReader(r, dec)
		if head, _, err = transform.Bytes(textDecoder(head, valid), head); err != nil {
			head = nil
		}
	} else if bytes.HasPrefix(head, []byte{0xef, 0xbb, 0xbf}) {
		r.(*bufio.Reader).Discard(3)
	}
	comma := sniffDelimiter(head)
	return &textRows{f: f, tee: passing, utf8Assumed: assumed, blocks: newBlockReader(r, byte(comma), 1),
		scan: csvScanner{comma: byte(comma)}, line: 1, validUTF8: valid}, comma, nil
}

// IsWorkbookName reports whether the file name says xlsx (or xlsm).
func IsWorkbookName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		return true
	}
	return false
}
