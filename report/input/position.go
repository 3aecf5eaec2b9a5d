package input

import (
	"fmt"
	"strings"

	"github.com/arreport/arreport/report/wording"
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
func (p Position) String() string { return p.Describe(wording.English()) }

// Describe writes the position in a language: `invoices.xlsx: werkblad
// "Facturen", rij 17, kolom "Vervaldatum"`.
func (p Position) Describe(l *wording.Lang) string {
	var parts []string
	if p.Sheet != "" {
		parts = append(parts, l.T("pos_sheet", "Name", Quote(p.Sheet)))
	}
	if p.Row > 0 {
		parts = append(parts, l.T("pos_row", "Row", p.Row))
	}
	if p.Column != "" {
		parts = append(parts, l.T("pos_column", "Name", Quote(p.Column)))
	}
	switch {
	case len(parts) == 0:
		return p.File
	case p.File == "":
		return strings.Join(parts, ", ")
	}
	return p.File + ": " + strings.Join(parts, ", ")
}

// ProblemKind says what is wrong with a value or a row; it names the
// message (prob_KIND) that describes it.
type ProblemKind string

// The row problems.
const (
	NotADate        ProblemKind = "not_a_date"
	NotAnAmount     ProblemKind = "not_an_amount"
	NoInvoiceNumber ProblemKind = "no_invoice_number"
	NoClient        ProblemKind = "no_client"
	NoInvoiceDate   ProblemKind = "no_invoice_date"
	NoDueDate       ProblemKind = "no_due_date" // and the export has no invoice dates
	NoAmount        ProblemKind = "no_amount"
	PaidWithoutDate ProblemKind = "paid_without_date"
	NotYesNo        ProblemKind = "not_yes_no"
	NotDays         ProblemKind = "not_days"
	NoClientID      ProblemKind = "no_client_id"
	NotAMonth       ProblemKind = "not_a_month"
	NoCurrency      ProblemKind = "no_currency"
	NotARate        ProblemKind = "not_a_rate"
	UnknownInvoice  ProblemKind = "unknown_invoice" // a payment for an invoice number not in the invoices
	NoPaymentDate   ProblemKind = "no_payment_date"
	NoPaymentAmount ProblemKind = "no_payment_amount"
	NoMonth         ProblemKind = "no_month"
	NoActivityDate  ProblemKind = "no_activity_date"
	NoActivityType  ProblemKind = "no_activity_type"
)

// KeptAs says what became of a value a kept row did without; it names
// the message kept_KEPT.
type KeptAs string

// What became of a value left out of a kept row.
const (
	KeptAsText             KeptAs = "as_text"
	KeptDefaultTerms       KeptAs = "default_terms"
	KeptNoCreditLimit      KeptAs = "no_credit_limit"
	KeptNoStartDate        KeptAs = "no_start_date"
	KeptNotDisputed        KeptAs = "not_disputed"
	KeptWithoutDaysPastDue KeptAs = "without_dpd"
	KeptNoPromisedDate     KeptAs = "no_promised_date"
	KeptNoAmount           KeptAs = "no_amount"
)

// Problem is something wrong with one value or row. It is a warning unless
// the run is strict. The row it names is skipped, unless Kept says what
// became of the value: a value in a column that is optional for the row
// (a free-text last contact, an unreadable credit limit) costs only that
// value.
type Problem struct {
	Pos   Position
	Value string // the offending cell text; empty when the problem is not one value
	Kind  ProblemKind
	Kept  KeptAs // empty when the row is skipped
}

// Error formats the problem as `file: sheet "S", row 17, column "C": "31-02-2026" is not a date`.
func (p *Problem) Error() string { return p.Describe(wording.English()) }

// Describe writes the problem in a language.
func (p *Problem) Describe(l *wording.Lang) string {
	msg := l.T("prob_" + string(p.Kind))
	if p.Kept != "" {
		msg += "; " + l.T("kept_"+string(p.Kept))
	}
	if p.Value != "" {
		return fmt.Sprintf("%s: %s %s", p.Pos.Describe(l), Quote(p.Value), msg)
	}
	return fmt.Sprintf("%s: %s", p.Pos.Describe(l), msg)
}
