package render

import (
	"fmt"

	"github.com/arreport/arreport/report/metrics"
)

// Report is the report as every renderer reads it: the computed figures
// and the facts of the run as raw values (cents, days, dates, counts,
// ids), and the display choices, made here once for all outputs: which
// flagged clients are shown in full, in what order, under which anchors
// and chart ids. Renderers format and lay it out; they choose nothing.
type Report struct {
	*metrics.Result
	Meta *Meta
	// Shown are the flagged clients shown in full (risk table, details,
	// charts), highest score first: at most maxAtRisk of FlaggedCount.
	Shown        []ShownClient
	FlaggedCount int
}

// ShownClient is a flagged client the report shows in full.
type ShownClient struct {
	metrics.ClientResult
	Anchor              string // "client-3", the target of links to its details
	DTPChart, OpenChart string // the ids of its two charts
}

// maxAtRisk bounds the clients at risk the report shows in full: a review
// reads the top of the list; metrics.json has every client.
const maxAtRisk = 50

// NewReport makes the report's model of a run.
func NewReport(res *metrics.Result, meta *Meta) *Report {
	r := &Report{Result: res, Meta: meta}
	for _, c := range res.Clients { // already by score, then overdue, then id
		if len(c.Flags) == 0 {
			continue
		}
		if r.FlaggedCount++; len(r.Shown) == maxAtRisk {
			continue
		}
		n := len(r.Shown) + 1
		r.Shown = append(r.Shown, ShownClient{ClientResult: c, Anchor: fmt.Sprintf("client-%d", n),
			DTPChart: fmt.Sprintf("client_%d_dtp", n), OpenChart: fmt.Sprintf("client_%d_open", n)})
	}
	return r
}
