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
		parts = append(parts, fmt.Sprintf("sheet %q", p.Sheet))
	}
	if p.Row > 0 {
		parts = append(parts, fmt.Sprintf("row %d", p.Row))
	}
	if p.Column != "" {
		parts = append(parts, fmt.Sprintf("column %q", p.Column))
	}
	if len(parts) == 0 {
		return p.File
	}
	return p.File + ": " + strings.Join(parts, ", ")
}

// Problem is something wrong with one value or row. It is a warning unless
// the run is strict, and the row it names is skipped.
type Problem struct {
	Pos   Position
	Value string // the offending cell text; empty when the problem is not one value
	Msg   string // what is wrong, e.g. "is not a date"
}

// Error formats the problem as `file: sheet "S", row 17, column "C": "31-02-2026" is not a date`.
func (p *Problem) Error() string {
	if p.Value != "" || strings.HasPrefix(p.Msg, "is ") {
		return fmt.Sprintf("%s: %q %s", p.Pos, p.Value, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.Pos, p.Msg)
}
