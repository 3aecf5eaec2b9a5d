package metrics

import (
	"cmp"
	"math/big"
	"strings"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/parallel"
)

// The next steps of the collection worklist, in the order of the ladder.
const (
	StepReminder       = "reminder"
	StepCall           = "call"
	StepFinalNotice    = "final-notice"
	StepCollections    = "collections"
	StepResolveDispute = "resolve-dispute"
	StepAwaitPromise   = "await-promise"
)

var ladder = []string{StepReminder, StepCall, StepFinalNotice, StepCollections}

// WorkItem is a client to chase, with what to do next.
type WorkItem struct {
	Client *ClientResult
	// Weighted is the overdue weighted by age (0.1 for 1-30 days past due
	// up to 1.0 for 91+); Priority is Weighted × (1 + score / 100).
	Weighted, Priority money.Cents
	Step               string
	// The step's invoice (resolve-dispute: the disputed one), or its
	// promised date and amount (await-promise).
	Invoice                 string
	Date                    civil.Date
	HasDate                 bool
	Amount                  money.Cents
	HasAmount               bool
	OldestDPD               int
	LastOutreach, LastReply civil.Date // zero when none
}

// worklist lists the clients with overdue > 0, by priority, then
// overdue, then id, each with its next step.
func worklist(clients []ClientResult, t civil.Date, p Params) []WorkItem {
	// The clients' items are made on every core (ten million invoices:
	// 217,000 clients), each run of clients into its own list, joined in
	// the runs' order.
	parts := make([][]WorkItem, parallel.Workers(len(clients)))
	parallel.Ranges(len(clients), func(w, lo, hi int) {
		for i := lo; i < hi; i++ {
			if c := &clients[i]; c.Overdue > 0 {
				parts[w] = append(parts[w], workItem(c, t, p))
			}
		}
	})
	var items []WorkItem
	for _, part := range parts {
		items = append(items, part...)
	}
	return parallel.SortFunc(items, func(a, b WorkItem) int { // ids are unique: a total order
		switch {
		case a.Priority != b.Priority:
			return cmp.Compare(b.Priority, a.Priority)
		case a.Client.Overdue != b.Client.Overdue:
			return cmp.Compare(b.Client.Overdue, a.Client.Overdue)
		}
		return strings.Compare(a.Client.Client.ID, b.Client.Client.ID)
	})
}

// workItem is the worklist's item of a client with overdue > 0.
func workItem(c *ClientResult, t civil.Date, p Params) WorkItem {
	w := WorkItem{Client: c, OldestDPD: c.OldestDPD}
	var sum wideSum // Σ open × weight in hundredths of cents
	for inv := range c.Client.Invoices.All() {
		if inv.Issue > t {
			break
		}
		o, dpd := c.Client.OpenAt(inv, t), int(t-inv.Due)
		if inv.Amount <= 0 || o <= 0 || dpd <= 0 {
			continue
		}
		sum.addProduct(int64(o), int64(p.worklistWeight(dpd)))
	}
	exact := sum.big()
	w.Weighted = divRound(exact, big.NewInt(100))
	w.Priority = divRound(exact.Mul(exact, big.NewInt(int64(100+c.Score))), big.NewInt(10000))
	w.nextStep(c, t, p)
	for _, a := range c.Client.Activities {
		switch {
		case a.Date > t:
		case a.Kind.Outreach():
			w.LastOutreach = a.Date
		case a.Kind.Reply():
			w.LastReply = a.Date
		}
	}
	if c.Client.HasLastContact && c.Client.LastContact <= t && c.Client.LastContact > w.LastReply {
		w.LastReply = c.Client.LastContact
	}
	return w
}

// worklistWeight is the weight (in percent) of an invoice dpd days past
// due: by its aging bucket, 10, 25, 50, 100 by default.
func (p Params) worklistWeight(dpd int) int {
	weights := p.WorklistWeights
	if len(weights) == 0 {
		weights = []int{10, 25, 50, 100}
	}
	b := bucketOf(dpd, p.Buckets) // 1 for the first bucket past due
	return weights[min(b, len(weights))-1]
}

// nextStep chooses what to do: resolve a dispute, await a promise, or
// the ladder by the oldest past-due invoice's age, one step up after a
// broken promise.
func (w *WorkItem) nextStep(c *ClientResult, t civil.Date, p Params) {
	var disputed *ledger.Invoice
	for inv := range c.Client.Invoices.All() {
		if inv.Issue > t {
			break
		}
		dpd := int(t - inv.Due)
		if !inv.Disputed() || inv.Amount <= 0 || c.Client.OpenAt(inv, t) <= 0 || dpd <= 0 {
			continue
		}
		if disputed == nil || inv.Due < disputed.Due || inv.Due == disputed.Due && c.Client.InvoiceNo(inv) < c.Client.InvoiceNo(disputed) {
			disputed = inv // the highest dpd, then the lowest number
		}
	}
	if disputed != nil {
		w.Step, w.Invoice = StepResolveDispute, c.Client.InvoiceNo(disputed)
		return
	}
	var promise *ledger.Activity
	for i := range c.Client.Activities {
		a := &c.Client.Activities[i]
		if a.Kind == input.ActivityPromise && a.Date <= t && a.HasPromised && a.Promised >= t && (promise == nil || a.Date >= promise.Date) {
			promise = a // the latest made
		}
	}
	if promise != nil {
		w.Step, w.Date, w.HasDate = StepAwaitPromise, promise.Promised, true
		w.Amount, w.HasAmount = promise.Amount, promise.HasAmount
		return
	}
	edges := p.StepEdges
	if len(edges) == 0 {
		edges = []int{14, 30, 60}
	}
	step := len(edges)
	for i, e := range edges {
		if c.OldestDPD <= e {
			step = i
			break
		}
	}
	for _, f := range c.Flags {
		if f.ID == BrokenPromise {
			step = min(step+1, len(ladder)-1)
		}
	}
	w.Step = ladder[step]
}

// divRound divides, rounding half away from zero, into cents.
func divRound(n, d *big.Int) money.Cents {
	q, r := new(big.Int).QuoRem(n, d, new(big.Int))
	if r.Abs(r).Lsh(r, 1).Cmp(new(big.Int).Abs(d)) >= 0 {
		if n.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return money.Cents(q.Int64())
}
