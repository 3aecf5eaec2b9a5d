// Package metrics computes every figure of the report from a ledger and an
// as-of date, as defined in docs/METHODOLOGY.md: receivables, aging, DSO in its
// three forms, CEI, paying behaviour per client, risk flags with their
// evidence, scores and what changed since the previous month end.
//
// Everything here is a pure function of its arguments: no I/O, no clock,
// no formatting. Money stays in integer cents; ratios and day figures are
// float64 and are rounded only when rendered.
package metrics

import (
	"fmt"
	"strconv"

	"github.com/arreport/arreport/report/civil"
)

// Params are the choices of one run.
type Params struct {
	AsOf      civil.Date
	Months    int   // month ends in the trend, ending at AsOf
	DSOWindow int   // W: months of sales in DSO
	Lookback  int   // months of paying behaviour, ending with the as-of month
	Buckets   []int // upper edges of the aging buckets past due, e.g. 30, 60, 90
	// DefaultTerms are the payment terms (days) of clients without their own.
	DefaultTerms int
	// WorklistWeights weigh overdue by aging bucket past due, in percent
	// (default 10, 25, 50, 100); StepEdges are the days past due where the
	// next step moves up the ladder (default 14, 30, 60).
	WorklistWeights []int
	StepEdges       []int
	Rules           Rules
}

// DefaultParams returns the defaults of docs/METHODOLOGY.md for an as-of date.
func DefaultParams(asOf civil.Date) Params {
	return Params{AsOf: asOf, Months: 12, DSOWindow: 3, Lookback: 12, Buckets: []int{30, 60, 90}, DefaultTerms: 30, Rules: DefaultRules()}
}

// Validate checks that the parameters make sense.
func (p Params) Validate() error {
	switch {
	case p.Months < 1 || p.Months > 120:
		return fmt.Errorf("months must be 1 to 120, not %d", p.Months)
	case p.DSOWindow < 1 || p.DSOWindow > 24:
		return fmt.Errorf("the DSO window must be 1 to 24 months, not %d", p.DSOWindow)
	case p.Lookback < 1 || p.Lookback > 120:
		return fmt.Errorf("the lookback must be 1 to 120 months, not %d", p.Lookback)
	case len(p.Buckets) == 0:
		return fmt.Errorf("at least one aging bucket edge is needed")
	}
	prev := 0
	for _, e := range p.Buckets {
		if e <= prev {
			return fmt.Errorf("aging bucket edges must be positive and increasing, got %v", p.Buckets)
		}
		prev = e
	}
	return nil
}

// BucketNames returns the aging bucket keys for the edges: "current",
// "1-30", "31-60", "61-90", "91+".
func BucketNames(edges []int) []string {
	names := []string{"current"}
	lo := 1
	for _, e := range edges {
		names = append(names, strconv.Itoa(lo)+"-"+strconv.Itoa(e))
		lo = e + 1
	}
	return append(names, strconv.Itoa(lo)+"+")
}

// bucketOf returns the index of the bucket for days past due.
func bucketOf(dpd int, edges []int) int {
	if dpd <= 0 {
		return 0
	}
	for i, e := range edges {
		if dpd <= e {
			return i + 1
		}
	}
	return len(edges) + 1
}

// The flag ids.
const (
	ChronicLate     = "chronic-late"
	Slowing         = "slowing"
	StoppedPaying   = "stopped-paying"
	SeverelyOverdue = "severely-overdue"
	PartialPayments = "partial-payments"
	RisingBalance   = "rising-balance"
	OverCreditLimit = "over-credit-limit"
	Disputes        = "disputes"
	EarlyWarning    = "early-warning"
	Concentration   = "concentration"
	GoingSouth      = "going-south"
	maxScore        = 100
	floatTolerance  = 1e-9
)

// FlagOrder lists the flags in the order of docs/METHODOLOGY.md.
var FlagOrder = []string{ChronicLate, Slowing, StoppedPaying, SeverelyOverdue, PartialPayments,
	RisingBalance, OverCreditLimit, Disputes, EarlyWarning, RemindersIgnored, BrokenPromise, GoneQuiet, Concentration, GoingSouth}

// Rules are the thresholds and weights of the risk flags.
type Rules struct {
	ChronicMinSettled   int            `json:"chronic_min_settled"`   // settled invoices needed in the lookback
	ChronicOnTimeBelow  float64        `json:"chronic_on_time_below"` // on-time rate below this fires (0.5)
	ChronicLateDays     float64        `json:"chronic_late_days"`     // or ADL above this fires (15)
	SlowingDays         float64        `json:"slowing_days"`          // ADP rise of at least this many days (10)
	SlowingGrowth       float64        `json:"slowing_growth"`        // and at least this fraction (0.25)
	SlowingMinEach      int            `json:"slowing_min_each"`      // settled invoices needed in each window (2)
	SlowingRecentMonths int            `json:"slowing_recent_months"` // months of the recent window, ending with the as-of month (3)
	SlowingPriorMonths  int            `json:"slowing_prior_months"`  // months of the window before it (6)
	StoppedDays         int            `json:"stopped_days"`          // no payment in this many days (60)
	SevereDays          int            `json:"severe_days"`           // an open invoice more than this many days past due (90)
	WatchDays           int            `json:"watch_days"`            // half weight when more than this many days past due (60)
	PartialMonths       int            `json:"partial_months"`        // invoices issued in this many months (6)
	PartialMin          int            `json:"partial_min"`           // part-paid invoices needed (2)
	RisingSteps         int            `json:"rising_steps"`          // month ends of rising balance (3)
	DisputeShare        float64        `json:"dispute_share"`         // credit notes and disputes as a share of invoicing (0.10)
	DisputeCount        int            `json:"dispute_count"`         // or this many disputed invoices (2)
	EarlyInvoices       int            `json:"early_invoices"`        // first invoices looked at (3)
	EarlyMonths         int            `json:"early_months"`          // within this many months of the start (6)
	EarlyMinBad         int            `json:"early_min_bad"`         // of which late or overdue (2)
	ConcentrationShare  float64        `json:"concentration_share"`   // share of AR (0.20)
	EngagementDays      int            `json:"engagement_days"`       // reminders-ignored looks this many days back (60)
	RemindersMin        int            `json:"reminders_min"`         // outreach events needed (2)
	PromiseGrace        int            `json:"promise_grace_days"`    // a promise is judged this many days after its date (3)
	QuietDays           int            `json:"quiet_days"`            // gone-quiet looks this many days back (90)
	QuietDPD            int            `json:"quiet_dpd"`             // with an invoice more than this many days past due (30)
	Weights             map[string]int `json:"-"`
}

// DefaultRules returns the thresholds and weights of docs/METHODOLOGY.md.
func DefaultRules() Rules {
	return Rules{
		ChronicMinSettled: 3, ChronicOnTimeBelow: 0.5, ChronicLateDays: 15,
		SlowingDays: 10, SlowingGrowth: 0.25, SlowingMinEach: 2, SlowingRecentMonths: 3, SlowingPriorMonths: 6,
		StoppedDays: 60, SevereDays: 90, WatchDays: 60,
		PartialMonths: 6, PartialMin: 2, RisingSteps: 3,
		DisputeShare: 0.10, DisputeCount: 2,
		EarlyInvoices: 3, EarlyMonths: 6, EarlyMinBad: 2,
		ConcentrationShare: 0.20,
		EngagementDays:     60, RemindersMin: 2, PromiseGrace: 3, QuietDays: 90, QuietDPD: 30,
		Weights: map[string]int{
			ChronicLate: 25, Slowing: 25, StoppedPaying: 30, SeverelyOverdue: 25, PartialPayments: 10,
			RisingBalance: 15, OverCreditLimit: 15, Disputes: 10, EarlyWarning: 15, Concentration: 0, GoingSouth: 20,
			RemindersIgnored: 20, BrokenPromise: 20, GoneQuiet: 10,
		},
	}
}

// Tier names a score band: 0-24 low, 25-49 medium, 50-74 high, 75-100 critical.
func Tier(score int) string {
	switch {
	case score >= 75:
		return "critical"
	case score >= 50:
		return "high"
	case score >= 25:
		return "medium"
	}
	return "low"
}

// atLeast and above compare computed day figures and ratios with their
// thresholds, forgiving the last bits of float rounding so that a value
// that is exactly on the threshold by hand is on it here too.
func atLeast(v, threshold float64) bool { return v >= threshold-floatTolerance }
func above(v, threshold float64) bool   { return v > threshold+floatTolerance }
