package input

import (
	"fmt"
	"strings"
)

// Position names a place in an input file. Sheet is empty for text files;
// Row and Column are omitted when zero or empty.
type Position struct {
	File   string
	Sheet  string
	Row    int
	Column string
}

// String formats the position as `invoices.xlsx: sheet "Facturen", row 17, column "Vervaldatum"`.
func (p Position) String() string {
	var parts []string
	if p.Sheet != "" {
		parts = append(parts, "sheet "+Quote(p.Sheet))
	}
	if p.Row > 0 {
		parts = append(parts, fmt.Sprintf("row %d", p.Row))
	}
	if p.Column != "" {
		parts = append(parts, "column "+Quote(p.Column))
	}
	if len(parts) == 0 {
		return p.File
	}
	return p.File + ": " + strings.Join(parts, ", ")
}

// Problem is something wrong with one value or row. It is a warning unless
// the run is strict. The row it names is skipped, unless Kept: a value in
// a column that is optional for the row (a free-text last contact, an
// unreadable credit limit) costs only that value.
type Problem struct {
	Pos   Position
	Value string // the offending cell text; empty when the problem is not one value
	Msg   string // what is wrong, e.g. "is not a date"
	Kept  string // when the row is kept: what became of the value, e.g. "kept as text"
}

// Error formats the problem as `file: sheet "S", row 17, column "C": "31-02-2026" is not a date`.
func (p *Problem) Error() string {
	msg := p.Msg
	if p.Kept != "" {
		msg += "; " + p.Kept
	}
	if p.Value != "" || strings.HasPrefix(p.Msg, "is ") {
		return fmt.Sprintf("%s: %s %s", p.Pos, Quote(p.Value), msg)
	}
	return fmt.Sprintf("%s: %s", p.Pos, msg)
}
