package input

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/wording"
	"github.com/xuri/excelize/v2"
)

// headerSearchRows is how many rows from the top may stand above the header
// (titles, company name, period).
const headerSearchRows = 30

// maxProblems bounds the problems kept per table; all are still counted.
const maxProblems = 1000

// Options steer reading.
type Options struct {
	// DateOrder forces the order of day-month text dates; Auto detects it
	// per column.
	DateOrder DateOrder
	// Decimal forces the decimal mark of amounts ('.' or ','); 0 detects
	// it per column.
	Decimal rune
	// Columns maps fields to header names explicitly; the other fields are
	// still recognised by their usual names.
	Columns map[Field]string
	// Sheet names the sheet of a workbook to read (book.xlsx#Sheet in the
	// path does the same); empty finds it by its headers.
	Sheet string
	// Progress, when set, is called now and then with the rows read so far.
	Progress func(rows int)
	// Expect, when set, hears how many data rows ReadBatches is about to
	// hand on, before the first batch (for sizing what receives them).
	Expect func(rows int)
	// RunOrder is the day-month order the run's other files settled, with
	// RunOrderFrom naming the file: a date column with no evidence of its
	// own (start dates all on the 1st) takes it.
	RunOrder     DateOrder
	RunOrderFrom string
	// viaExcelize reads sheets through excelize's row iterator instead of
	// the fast tokenizer: the reference of the differential test.
	viaExcelize bool
	// sampleRows, when set, stops reading after that many data rows.
	sampleRows int
	// OnePass reads a text file once instead of twice, and a workbook's
	// sheet without holding its rows whole: its first rows
	// settle the formats of its columns and the rest is typed as it is
	// read. Should the whole file settle them otherwise (the first rows
	// had only dates like 03-04-2026, or more amounts with a dot than the
	// rest), or its first 64 KB are valid UTF-8 and a later byte is not,
	// ReadBatches fails with ErrFormatsChanged after it has handed on
	// rows, and the caller reads the file again without OnePass.
	OnePass bool
}

// progressEvery is how many rows pass between progress calls.
const progressEvery = 50000

// ColumnUse records which header fed which field.
type ColumnUse struct {
	Field    Field
	Header   string
	Explicit bool // named by the user (--map or the config file)
}

// Source describes one table read from one file, for the audit trail and
// the data-quality section.
type Source struct {
	Kind      Kind
	Path      string // as given by the user
	Sheet     string // empty for text files
	SHA256    string
	HeaderRow int
	DataRows  int            // rows below the header, blank and skipped ones included
	Skipped   map[string]int // reason → rows skipped for it
	Columns   []ColumnUse    // in field order
	// TitleDate is the latest date in the lines above the header ("per
	// 31-10-2026", "as of October 31, 2026"): an open-item list's export
	// date; valid when HasTitleDate.
	TitleDate    civil.Date
	HasTitleDate bool
	// Notes say how date columns without evidence of their own were read.
	Notes []OrderNote
	// Repeated lists the fields whose column's name the header row has
	// more than once: which one was read.
	Repeated []RepeatedHeader
	// UnknownTypes counts the activity types read that are none of the
	// known ones, by the text written (an activity export).
	UnknownTypes map[string]int
	Problems     int // rows skipped for a problem, also those not kept in Table.Problems
	Warnings     int // values left out of rows that were kept (Problem.Kept)
}

// Name returns the file's base name, as used in messages.
func (s *Source) Name() string { return filepath.Base(s.Path) }

func (s *Source) skip(reason string) {
	if s.Skipped == nil {
		s.Skipped = map[string]int{}
	}
	s.Skipped[reason]++
}

// rawRow is one data row, holding only the cells of mapped fields, in the
// order of rawTable.slot.
type rawRow struct {
	num   int
	cells []string
}

// rawTable is a table located in a file, before its values are parsed.
type rawTable struct {
	src       Source
	name      string // src.Name(), which every row's position names
	header    []string
	cols      columnMap
	slot      [numFields]int  // index of a field's cell in rawRow.cells; -1 when absent
	present   [numFields]bool // the fields in cols
	slotCol   []int           // the column of each slot
	rows      []rawRow
	date1904  bool
	delim     rune
	explicit  map[Field]string // columns named by the user
	progress  func(rows int)
	ev        [numFields]columnEvidence // what the values say about their formats
	discard   bool                      // count and observe rows, keep none (first pass of a text file)
	text      bool                      // read from a text file
	validUTF8 bool                      // a text file found valid UTF-8 throughout
	tee       *fileTee                  // what a text file is first read through
	titles    []string                  // cells above the header: titles, company, period
	sample    int                       // stop after this many data rows (0: read all)
	// onePass reads a file once: its first rows settle the formats
	// (readSample), the rest is typed as it is read.
	onePass     bool
	open        rowSource // the file (or sheet) left open after its first rows
	closeOpen   func()    // closes it, and its workbook; safe to call again
	sampleBytes int64     // the bytes those rows took (text files)
	// flush, when set, takes the rows readBody keeps in batches of
	// batchRows, instead of all of them at the end.
	flush func([]rawRow) error
}

// observe adds a row's values to the evidence of their columns.
func (t *rawTable) observe(ev *[numFields]columnEvidence, r rawRow) {
	for _, f := range dateFields {
		if slot := t.slot[f]; slot >= 0 && r.cells[slot] != "" {
			ev[f].seeDate(r.cells[slot])
		}
	}
	for _, f := range amountFields {
		if slot := t.slot[f]; slot >= 0 && r.cells[slot] != "" {
			ev[f].seeAmount(r.cells[slot])
		}
	}
}

func (t *rawTable) has(f Field) bool { return t.present[f] }

// get returns the trimmed cell of field f in row r, "" when absent.
func (t *rawTable) get(r rawRow, f Field) string {
	if i := t.slot[f]; i >= 0 {
		return r.cells[i]
	}
	return ""
}

func (t *rawTable) column(f Field) string { return t.header[t.cols[f]] }

// pos returns the position of a cell.
func (t *rawTable) pos(row int, f Field) Position {
	p := Position{File: t.name, Sheet: t.src.Sheet, Row: row}
	if f != noField {
		p.Column = t.column(f)
	}
	return p
}

// readRaw locates the table of the given kind in a file and collects its
// rows. With discardText, a text file's rows are counted and observed but
// not kept: they are read again, in batches, by streamText.
func readRaw(path string, kind Kind, opt Options, discardText bool) (*rawTable, error) {
	file, sheetName := splitSheet(path)
	if sheetName == "" {
		sheetName = opt.Sheet
	}
	// A pipe, a device or a folder would block or never end (the hash
	// reads to the end): only regular files are read.
	st, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, unwrapPathError(err))
	}
	if !st.Mode().IsRegular() {
		return nil, &NotAFileError{Path: file, Mode: st.Mode()}
	}
	head, err := sniff(file)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, unwrapPathError(err))
	}
	t := &rawTable{src: Source{Kind: kind, Path: file}, name: filepath.Base(file), explicit: opt.Columns, progress: opt.Progress, sample: opt.sampleRows, onePass: opt.OnePass && !opt.viaExcelize}
	workbook := IsWorkbookName(file) || hasPrefix(head, zipMagic) || hasPrefix(head, oleMagic)
	if !workbook {
		// A text file's hash is taken as its rows pass (fileTee).
		t.discard = discardText
		if err = t.readText(file, kind); err == nil && t.open == nil {
			err = t.settleTextHash()
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(file), err)
		}
		return t, nil
	}
	// A workbook's hash is one more pass over the file: taken on a core of
	// its own while the file is read.
	type hashed struct {
		sum string
		err error
	}
	hashing := make(chan hashed, 1)
	go func() {
		sum, err := fileHash(file)
		hashing <- hashed{sum, err}
	}()
	if opt.viaExcelize {
		err = t.readWorkbook(file, sheetName, kind)
	} else {
		err = t.readFastWorkbook(file, sheetName, kind)
	}
	h := <-hashing
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(file), err)
	}
	if h.err != nil {
		return nil, fmt.Errorf("%s: %w", file, unwrapPathError(h.err))
	}
	t.src.SHA256 = h.sum
	return t, nil
}

// settleTextHash sets the source's SHA-256 from what the rows were read
// through, or reads the file for it when the rows stopped short of its
// end.
func (t *rawTable) settleTextHash() error {
	if sum, ok := t.tee.sum(); ok {
		t.src.SHA256 = sum
		return nil
	}
	sum, err := fileHash(t.src.Path)
	if err != nil {
		return unwrapPathError(err)
	}
	t.src.SHA256 = sum
	return nil
}

// NotAFileError is an input that is no regular file: a folder, a pipe
// (as from <(command)) or a device.
type NotAFileError struct {
	Path string
	Mode os.FileMode
}

func (e *NotAFileError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *NotAFileError) Describe(l *wording.Lang) string {
	what := "what_device"
	switch {
	case e.Mode.IsDir():
		what = "what_folder"
	case e.Mode&os.ModeNamedPipe != 0:
		what = "what_pipe"
	case e.Mode&os.ModeSocket != 0:
		what = "what_socket"
	}
	return l.T("err_not_a_file", "Path", e.Path, "What", l.T(what))
}

func hasPrefix(b, prefix []byte) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == string(prefix)
}

func unwrapPathError(err error) error {
	var pe interface{ Unwrap() error }
	if errors.As(err, &pe) && errors.Unwrap(err) != nil {
		return errors.Unwrap(err)
	}
	return err
}

func (t *rawTable) readWorkbook(file, sheetName string, kind Kind) error {
	wb, err := openWorkbook(file)
	if err != nil {
		return err
	}
	defer wb.f.Close()
	t.date1904 = wb.date1904
	return t.scanSheets(wb.f.GetSheetList(), sheetName, kind, func(name string) (rowSource, error) { return wb.sheet(name) })
}

func (t *rawTable) readFastWorkbook(file, sheetName string, kind Kind) error {
	wb, err := openFastBook(file)
	if err != nil {
		return err
	}
	t.date1904 = wb.date1904
	err = t.scanSheets(wb.sheets, sheetName, kind, func(name string) (rowSource, error) { return wb.sheet(name) })
	if src := t.open; src != nil && err == nil {
		// Read once: the sheet and its workbook stay open for the rest.
		t.closeOpen = sync.OnceFunc(func() {
			src.close()
			wb.close()
		})
		return nil
	}
	wb.close()
	return err
}

// scanSheets looks for the table on the named sheet, or on each sheet in
// turn, and reads it from the first sheet whose header fits.
func (t *rawTable) scanSheets(sheets []string, sheetName string, kind Kind, open func(string) (rowSource, error)) error {
	all := sheets
	if sheetName != "" {
		found := false
		for _, s := range all {
			if strings.EqualFold(s, sheetName) {
				sheets, found = []string{s}, true
				break
			}
		}
		if !found {
			return fmt.Errorf("no sheet named %q; the sheets are %s", sheetName, quoteList(all))
		}
	}
	var best headerCandidate
	for _, name := range sheets {
		src, err := open(name)
		if err != nil {
			return fmt.Errorf("sheet %q: %w", name, err)
		}
		t.src.Sheet = name
		found, cand, err := t.scan(src, kind)
		if t.open != src || err != nil {
			src.close()
			t.open = nil
		}
		if err != nil {
			return fmt.Errorf("sheet %q: %w", name, err)
		}
		if found {
			return nil
		}
		if cand.matched > best.matched || best.cells == nil {
			best = cand
		}
	}
	t.src.Sheet = best.sheet
	return t.headerError(kind, best)
}

func (t *rawTable) readText(file string, kind Kind) (err error) {
	src, delim, err := openText(file, t.onePass && t.discard && t.sample == 0)
	if err != nil {
		return err
	}
	t.tee = src.tee
	defer func() {
		switch {
		case t.open != src || err != nil:
			src.close()
			t.open = nil
		default:
			t.closeOpen = sync.OnceFunc(func() { src.close() })
		}
	}()
	t.text, t.delim, t.validUTF8 = true, delim, src.validUTF8
	found, cand, err := t.scan(src, kind)
	if err != nil {
		return err
	}
	if !found {
		return t.headerError(kind, cand)
	}
	switch {
	case t.sample > 0 || !t.discard:
		return t.readBody(src)
	case t.onePass:
		return t.readSample(src)
	}
	// The first of two passes: counts and evidence, on every core.
	return t.readTextBody(src.rest(), src.quotes, bodyPass{count: true, observe: true}, nil)
}

// onePassRows is how many rows of a file read in one pass settle its
// formats. They are read and typed on one core before the rest is read on
// all of them: 20,000 rows settle what 50,000 did (a date column whose
// days stay under 13 for days of invoices is unsettled by either, and is
// read in two passes), and took 25 ms less of a million-row run.
var onePassRows = 20000

// readSample reads the first rows of a text file's or a sheet's body and
// keeps them, with the evidence of their formats, leaving the source open
// at the next row (t.open) for ReadBatches to read the rest as it types.
func (t *rawTable) readSample(src rowSource) error {
	t.open, t.sample, t.discard = src, onePassRows, false
	defer func() {
		t.sample = 0
		if text, ok := src.(*textRows); ok {
			t.sampleBytes = text.consumed()
		}
	}()
	return t.readBody(src)
}

// readRest reads the rows of a workbook's sheet left open by readSample
// and hands them on to flush in batches.
func (t *rawTable) readRest(flush func([]rawRow) error) error {
	t.flush = flush
	defer func() { t.flush = nil }()
	if err := t.readBody(t.open); err != nil {
		return fmt.Errorf("sheet %q: %w", t.src.Sheet, err)
	}
	rows := t.rows
	t.rows = nil
	if len(rows) > 0 {
		return flush(rows)
	}
	return nil
}

// headerCandidate is the row that came closest to being the header.
type headerCandidate struct {
	sheet   string
	row     int
	cells   []string
	matched int
	cols    columnMap
}

// scan finds the header among the first rows of src and, when found, reads
// every row below it.
func (t *rawTable) scan(src rowSource, kind Kind) (bool, headerCandidate, error) {
	var best headerCandidate
	var titles []string // the cells of the rows above the header
	for seen := 0; seen < headerSearchRows; {
		cells, num, err := src.next()
		if errors.Is(err, io.EOF) {
			return false, best, nil
		}
		if err != nil {
			return false, best, fmt.Errorf("row %d: %w", num, err)
		}
		if blank(cells) {
			continue
		}
		seen++
		cols := matchHeader(kind, cells, t.explicit)
		if len(missingRequired(kind, cols)) == 0 && len(missingExplicit(cols, t.explicit)) == 0 {
			t.titles = titles
			t.header, t.cols, t.src.HeaderRow = trimCells(cells), cols, num
			for f := range cols {
				t.present[f] = true
			}

			for f := range t.slot {
				t.slot[f] = -1
			}
			for _, spec := range tableFields[kind] {
				if i, ok := cols[spec.field]; ok {
					t.slot[spec.field] = len(t.src.Columns)
					t.slotCol = append(t.slotCol, i)
					_, named := t.explicit[spec.field]
					t.src.Columns = append(t.src.Columns, ColumnUse{spec.field, t.header[i], named})
					if r, ok := repeatedHeader(spec.field, t.header, i); ok {
						t.src.Repeated = append(t.src.Repeated, r)
					}
				}
			}
			if text, ok := src.(*textRows); ok {
				text.setHeader(t.header)
				return true, best, nil // readText reads the body
			}
			if t.onePass {
				return true, best, t.readSample(src)
			}
			return true, best, t.readBody(src)
		}
		titles = append(titles, nonEmpty(trimCells(cells))...)
		if len(cols) > best.matched || best.cells == nil {
			best = headerCandidate{sheet: t.src.Sheet, row: num, cells: trimCells(cells), matched: len(cols), cols: cols}
		}
	}
	return false, best, nil
}

func (t *rawTable) readBody(src rowSource) error {
	for t.sample == 0 || t.src.DataRows < t.sample {
		cells, num, err := src.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("row %d: %w", num, err)
		}
		t.src.DataRows++
		if t.progress != nil && t.src.DataRows%progressEvery == 0 {
			t.progress(t.src.DataRows)
		}
		if t.discard {
			// The first pass of a text file: count and observe, keep nothing.
			if reason := t.skipReason(cells); reason != "" {
				t.src.skip(reason)
			} else {
				t.observeCells(&t.ev, cells)
			}
			continue
		}
		row, reason := t.rowFrom(cells, num)
		if reason != "" {
			t.src.skip(reason)
			continue
		}
		t.observe(&t.ev, row)
		t.rows = append(t.rows, row)
		if t.flush != nil && len(t.rows) == batchRows {
			if err := t.flush(t.rows); err != nil {
				return err
			}
			t.rows = t.rows[:0] // typed and cleared by flush
		}
	}
	return nil
}

// skipReason says why a data row would be skipped (an empty or a total
// row), as rowFrom does, without taking its cells.
func (t *rawTable) skipReason(cells []string) string {
	filled := false
	for _, i := range t.slotCol {
		if i < len(cells) && strings.TrimSpace(cells[i]) != "" {
			filled = true
			break
		}
	}
	switch {
	case !filled:
		return "empty row"
	case t.totalRow(cells):
		return "total or subtotal row"
	}
	return ""
}

// totalRow says whether a row of invoices is a total or subtotal line: no
// invoice date, a cell that says total, and no invoice number of its own
// (the number's cell is empty, or is the label: "Totaal debiteur 1040").
// A client called "Total Nederland B.V." on an invoice with a number but
// no date (an open-item list gives due dates only) is an invoice.
func (t *rawTable) totalRow(cells []string) bool {
	if t.src.Kind != Invoices {
		return false
	}
	field := func(f Field) string {
		if s := t.slot[f]; s >= 0 {
			return strings.TrimSpace(cellAt(cells, t.slotCol[s]))
		}
		return ""
	}
	if field(IssueDate) != "" {
		return false
	}
	if no := field(InvoiceNo); no != "" && !saysTotal([]string{no}) {
		return false
	}
	return saysTotal(cells)
}

func cellAt(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}

// observeCells adds a data row's values to the evidence, from its cells.
func (t *rawTable) observeCells(ev *[numFields]columnEvidence, cells []string) {
	for _, f := range dateFields {
		if slot := t.slot[f]; slot >= 0 {
			if v := strings.TrimSpace(cellAt(cells, t.slotCol[slot])); v != "" {
				ev[f].seeDate(v)
			}
		}
	}
	for _, f := range amountFields {
		if slot := t.slot[f]; slot >= 0 {
			if v := strings.TrimSpace(cellAt(cells, t.slotCol[slot])); v != "" {
				ev[f].seeAmount(v)
			}
		}
	}
}

// rowFrom takes a data row's cells of the mapped fields; reason says why
// the row is skipped (an empty or a total row), "" when it is kept.
func (t *rawTable) rowFrom(cells []string, num int) (rawRow, string) {
	row, reason := t.rowInto(cells, num, make([]string, len(t.src.Columns)))
	if t.text && reason == "" {
		compact(row.cells)
	}
	return row, reason
}

// rowInto is rowFrom with the row's cells in dst, which has room for one
// per mapped column, and left where they are read (compact moves them).
func (t *rawTable) rowInto(cells []string, num int, dst []string) (rawRow, string) {
	if blank(cells) {
		return rawRow{}, "empty row"
	}
	row := rawRow{num: num, cells: dst}
	filled := false
	for slot, i := range t.slotCol {
		// Every slot is written, a row cut short included: dst is reused
		// after a skipped row (a subtotal), whose cells must not show
		// through the gaps of the next.
		row.cells[slot] = ""
		if i < len(cells) {
			row.cells[slot] = trimCell(cells[i])
			filled = filled || row.cells[slot] != ""
		}
	}
	if !filled {
		return rawRow{}, "empty row"
	}
	if t.totalRow(cells) {
		return rawRow{}, "total or subtotal row"
	}
	return row, ""
}

// trimCell is strings.TrimSpace, answering at once (inlined, without a
// call) for a cell that starts and ends with a visible ASCII character, as
// almost every cell does: it is asked of every cell of every row.
func trimCell(s string) string {
	if n := len(s); n > 0 && s[0] > ' ' && s[0] < utf8.RuneSelf && s[n-1] > ' ' && s[n-1] < utf8.RuneSelf {
		return s
	}
	return strings.TrimSpace(s)
}

// compact copies the cells of text rows into one string of their own:
// read from a text file they are parts of a whole block of it, which a
// kept cell would keep in memory (and the block's buffer is reused). The
// rows of a block share the string: ten million rows, fifteen thousand
// strings. What outlives its rows (a client's name) is cloned by whoever
// keeps it, or it keeps its block's rows in memory.
func compact(rows ...[]string) {
	n := 0
	for _, cells := range rows {
		for _, c := range cells {
			n += len(c)
		}
	}
	var b strings.Builder
	b.Grow(n)
	for _, cells := range rows {
		for _, c := range cells {
			b.WriteString(c)
		}
	}
	all := b.String()
	for _, cells := range rows {
		for i, c := range cells {
			cells[i], all = all[:len(c)], all[len(c):]
		}
	}
}

// headerError explains a missing header: the required fields not found,
// the headers of the closest row, and the names accepted.
func (t *rawTable) headerError(kind Kind, best headerCandidate) error {
	if best.cells == nil {
		return &FileError{Kind: "no_table", Table: kind}
	}
	e := &HeaderError{Kind: kind, Sheet: best.sheet, Row: best.row, Columns: nonEmpty(best.cells), Mapped: map[Field]string{}, Suggest: map[Field]string{}}
	for _, f := range missingExplicit(best.cols, t.explicit) {
		e.Mapped[f] = t.explicit[f]
	}
	e.Missing = missingRequired(kind, best.cols)
	used := map[int]bool{}
	for _, i := range best.cols {
		used[i] = true
	}
	for _, alts := range e.Missing {
		for _, f := range alts {
			if i, ok := nearestColumn(kind, f, best.cells, used); ok {
				e.Suggest[f] = best.cells[i]
				used[i] = true
				break
			}
		}
	}
	return e
}

// HeaderError is a table whose header row was not found: the row that
// came closest, its columns, the required fields it lacks, and for each
// the column that looks most like it, if any.
type HeaderError struct {
	Kind    Kind
	Sheet   string
	Row     int
	Columns []string
	Missing [][]Field        // each a set of alternatives, none found
	Mapped  map[Field]string // fields mapped to a column that is not there
	Suggest map[Field]string // field → the nearest column
}

// maxAcceptedShown bounds the names listed per field in the message.
const maxAcceptedShown = 8

func (e *HeaderError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language, with the --map that would fix it.
func (e *HeaderError) Describe(l *wording.Lang) string {
	var lines []string
	for _, f := range slices.Sorted(maps.Keys(e.Mapped)) {
		lines = append(lines, l.T("err_header_mapped", "Field", f.String(), "Column", Quote(e.Mapped[f])))
	}
	var mapFlags []string
	for _, alts := range e.Missing {
		var names []string
		for _, f := range alts {
			accepted := acceptedNames(e.Kind, f)
			more := ""
			if len(accepted) > maxAcceptedShown {
				accepted, more = accepted[:maxAcceptedShown], ", …"
			}
			names = append(names, l.T("err_header_accepted", "Field", f.String(), "Names", strings.Join(accepted, ", ")+more))
			if col, ok := e.Suggest[f]; ok {
				mapFlags = append(mapFlags, fmt.Sprintf("--map %s=%s", f, Quote(col)))
			}
		}
		lines = append(lines, strings.Join(names, l.T("err_or")))
	}
	where := Position{Sheet: e.Sheet, Row: e.Row}.Describe(l)
	advice := l.T("err_header_advice")
	if len(mapFlags) > 0 {
		advice = l.T("err_header_advice_map", "Maps", strings.Join(mapFlags, " "))
	}
	return l.T("err_header", "Table", l.T("table_"+strings.ReplaceAll(e.Kind.String(), " ", "_")), "Rows", headerSearchRows,
		"Where", where, "Columns", quoteList(e.Columns), "Missing", strings.Join(lines, "; "), "Advice", advice)
}

// nearestColumn finds the unused column whose header shares most with a
// field's accepted names: whole words, or one word the start of another
// ("Inv" and "invoice"). It reports false when none shares anything.
func nearestColumn(kind Kind, f Field, cells []string, used map[int]bool) (int, bool) {
	best, bestScore := -1, 0.0
	for i, c := range cells {
		words := strings.Fields(normalizeHeader(c))
		if used[i] || len(words) == 0 {
			continue
		}
		for _, name := range acceptedNames(kind, f) {
			syn := strings.Fields(name)
			shared := 0
			for _, w := range words {
				for _, s := range syn {
					if w == s || (len(w) >= 3 && strings.HasPrefix(s, w)) || (len(s) >= 3 && strings.HasPrefix(w, s)) {
						shared++
						break
					}
				}
			}
			// Shared words over all words of both: "Inv Date" and
			// "invoice date" share both.
			score := 2 * float64(shared) / float64(len(words)+len(syn))
			if score > bestScore {
				best, bestScore = i, score
			}
		}
	}
	return best, bestScore >= 0.5
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func trimCells(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.TrimSpace(c)
	}
	return out
}

func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = Quote(s)
	}
	return strings.Join(q, ", ")
}

// saysTotal reports whether a row is a total line: one of its cells says
// total, subtotal, totaal or subtotaal.
func saysTotal(cells []string) bool {
	for _, c := range cells {
		for _, w := range strings.Fields(normalizeHeader(c)) {
			switch w {
			case "total", "subtotal", "totaal", "subtotaal", "totals", "totalen", "eindtotaal", "grand":
				return true
			}
		}
	}
	return false
}

// RepeatedHeader is a field whose column's name stands over more than one
// column ("Amount" twice: net and gross?). Nothing in the file says which
// was meant, so the report says which was read.
type RepeatedHeader struct {
	Field   Field
	Header  string
	Columns []int // every column with the name, from 0
	Read    int   // the one read
}

// repeatedHeader reports the columns of header named as column i is.
func repeatedHeader(f Field, header []string, i int) (RepeatedHeader, bool) {
	name := normalizeHeader(header[i])
	r := RepeatedHeader{Field: f, Header: header[i], Read: i}
	for j, h := range header {
		if normalizeHeader(h) == name {
			r.Columns = append(r.Columns, j)
		}
	}
	return r, len(r.Columns) > 1
}

// Describe writes the note in a language: "the header "Amount" stands
// over columns E, G; column E is read as amount (...)".
func (r RepeatedHeader) Describe(l *wording.Lang) string {
	letters := make([]string, len(r.Columns))
	for k, c := range r.Columns {
		letters[k] = columnLetters(c)
	}
	return l.T("note_repeated_header", "Header", Quote(r.Header), "Columns", strings.Join(letters, ", "), "Read", columnLetters(r.Read), "Field", r.Field.String())
}

// columnLetters names a column from 0 as a spreadsheet does: A, Z, AA;
// a text file's column past a sheet's last (XFD) by its number.
func columnLetters(c int) string {
	name, err := excelize.ColumnNumberToName(c + 1)
	if err != nil {
		return strconv.Itoa(c + 1)
	}
	return name
}
