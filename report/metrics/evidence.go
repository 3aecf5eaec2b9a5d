package metrics

import (
	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/money"
)

// Evidence is the facts behind one flag: one type per flag, with named
// fields, so that every flag's sentence is written from what it means.
// The renderer writes each type's sentence; a flag whose type has none
// fails the render tests.
type Evidence interface {
	// FlagID names the flag the evidence belongs to.
	FlagID() string
}

// ChronicLateEvidence: Late of Settled invoices of the lookback were paid
// after their due date; OnTimeRate and AvgDaysLate (ADL) over them.
type ChronicLateEvidence struct {
	Late, Settled           int
	OnTimeRate, AvgDaysLate float64
}

// SlowingEvidence: invoices settled since RecentFrom took RecentADP days
// to pay on average (RecentCount of them), against PriorADP over the
// PriorMonths from PriorFrom (PriorCount of them).
type SlowingEvidence struct {
	RecentADP, PriorADP     float64
	RecentCount, PriorCount int
	RecentFrom, PriorFrom   civil.Date
	PriorMonths             int
}

// StoppedPayingEvidence: Overdue is open past due, and the last payment
// was on LastPayment, DaysSince days before as-of (none at all when
// !HasPayment).
type StoppedPayingEvidence struct {
	Overdue     money.Cents
	LastPayment civil.Date
	HasPayment  bool
	DaysSince   int
}

// SeverelyOverdueEvidence: invoice Worst is WorstDays past due; Count
// open invoices are more than Threshold days past due, holding Amount.
type SeverelyOverdueEvidence struct {
	Worst            string
	WorstDays        int
	Threshold, Count int
	Amount           money.Cents
}

// PartialPaymentsEvidence: of the invoices issued since Since, PaidInPart
// have a payment and are still open, SplitSettled were settled by two
// payments or more.
type PartialPaymentsEvidence struct {
	Since                    civil.Date
	PaidInPart, SplitSettled int
}

// RisingBalanceEvidence: the open balance rose at each of the last Steps
// month ends, from From on FromDate to To on ToDate, while sales did not.
type RisingBalanceEvidence struct {
	Steps            int
	From, To         money.Cents
	FromDate, ToDate civil.Date
}

// OverCreditLimitEvidence: Open is above the credit Limit.
type OverCreditLimitEvidence struct {
	Open, Limit money.Cents
}

// DisputesEvidence: credit notes and disputed invoices of Amount are
// Share of the Invoiced amount of the lookback; CreditNotes and Disputed
// count them.
type DisputesEvidence struct {
	Amount, Invoiced      money.Cents
	Share                 float64
	CreditNotes, Disputed int
}

// EarlyWarningEvidence: a client since Start, Bad of whose first First
// invoices were paid late or are overdue.
type EarlyWarningEvidence struct {
	Start      civil.Date
	Bad, First int
}

// ConcentrationEvidence: the client's Open is Share of all receivables.
type ConcentrationEvidence struct {
	Share float64
	Open  money.Cents
}

// GoingSouthEvidence: the flags (ids) it combines.
type GoingSouthEvidence struct {
	Parts []string
}

func (ChronicLateEvidence) FlagID() string     { return ChronicLate }
func (SlowingEvidence) FlagID() string         { return Slowing }
func (StoppedPayingEvidence) FlagID() string   { return StoppedPaying }
func (SeverelyOverdueEvidence) FlagID() string { return SeverelyOverdue }
func (PartialPaymentsEvidence) FlagID() string { return PartialPayments }
func (RisingBalanceEvidence) FlagID() string   { return RisingBalance }
func (OverCreditLimitEvidence) FlagID() string { return OverCreditLimit }
func (DisputesEvidence) FlagID() string        { return Disputes }
func (EarlyWarningEvidence) FlagID() string    { return EarlyWarning }
func (ConcentrationEvidence) FlagID() string   { return Concentration }
func (GoingSouthEvidence) FlagID() string      { return GoingSouth }
