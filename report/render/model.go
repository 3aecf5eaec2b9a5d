package render

import (
	"fmt"

	"github.com/arreport/arreport/report/ledger"
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
	// where finds a client's figures and, when shown in full, its anchor.
	where map[*ledger.Client]clientPlace
}

type clientPlace struct {
	result int    // position in Result.Clients
	anchor string // "" when not shown in full
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
	r := &Report{Result: res, Meta: meta, where: make(map[*ledger.Client]clientPlace, len(res.Clients))}
	for i, c := range res.Clients {
		r.where[c.Client] = clientPlace{result: i}
	}
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
		p := r.where[c.Client]
		p.anchor = r.Shown[n-1].Anchor
		r.where[c.Client] = p
	}
	return r
}

// resultOf finds a client's figures, nil when it is not among the clients.
func (r *Report) resultOf(c *ledger.Client) *metrics.ClientResult {
	if p, ok := r.where[c]; ok {
		return &r.Clients[p.result]
	}
	return nil
}

// anchorOf is the anchor of a client's details, "" when it is not shown
// in full.
func (r *Report) anchorOf(c *ledger.Client) string { return r.where[c].anchor }
