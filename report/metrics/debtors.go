package metrics

import (
	"cmp"
	"slices"
	"strings"

	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/parallel"
)

// Debtors is the aged debtors list: every client with an open balance
// other than 0 at as-of, the list an accountant reconciles with the
// balance sheet. Its total equals AR and the aging at as-of to the cent.
type Debtors struct {
	// Rows are positions in Result.Clients, by open balance (largest
	// first), then id.
	Rows  []int
	Total DebtorTotal
	// BySegment and ByAccountManager subtotal the rows when the clients
	// table gives segments or account managers (nil otherwise); a client
	// without one is under "".
	BySegment        []DebtorTotal
	ByAccountManager []DebtorTotal
}

// DebtorTotal adds up debtors: all of them, or those of one segment or
// account manager (Key).
type DebtorTotal struct {
	Key     string
	Count   int
	Open    money.Cents
	Overdue money.Cents
	Aging   []money.Cents
}

func (t *DebtorTotal) add(c *ClientResult) {
	t.Count++
	t.Open += c.Open
	t.Overdue += c.Overdue
	if t.Aging == nil {
		t.Aging = make([]money.Cents, len(c.Aging))
	}
	for i, a := range c.Aging {
		t.Aging[i] += a
	}
}

// debtors makes the aged debtors list of the clients.
func debtors(clients []ClientResult, buckets int) Debtors {
	d := Debtors{Total: DebtorTotal{Aging: make([]money.Cents, buckets)}}
	segments, managers := map[string]*DebtorTotal{}, map[string]*DebtorTotal{}
	anySegment, anyManager := false, false
	for i := range clients {
		c := &clients[i]
		if c.Open == 0 {
			continue
		}
		d.Rows = append(d.Rows, i)
		d.Total.add(c)
		group := func(m map[string]*DebtorTotal, key string) {
			if m[key] == nil {
				m[key] = &DebtorTotal{Key: key}
			}
			m[key].add(c)
		}
		group(segments, c.Client.Segment)
		group(managers, c.Client.AccountManager)
		anySegment = anySegment || c.Client.Segment != ""
		anyManager = anyManager || c.Client.AccountManager != ""
	}
	d.Rows = parallel.SortFunc(d.Rows, func(a, b int) int { // ids are unique: a total order
		x, y := &clients[a], &clients[b]
		if x.Open != y.Open {
			return cmp.Compare(y.Open, x.Open)
		}
		return strings.Compare(x.Client.ID, y.Client.ID)
	})
	if anySegment {
		d.BySegment = sortedTotals(segments)
	}
	if anyManager {
		d.ByAccountManager = sortedTotals(managers)
	}
	return d
}

// sortedTotals lists subtotals by open balance (largest first), then key.
func sortedTotals(m map[string]*DebtorTotal) []DebtorTotal {
	out := make([]DebtorTotal, 0, len(m))
	for _, t := range m {
		out = append(out, *t)
	}
	slices.SortFunc(out, func(a, b DebtorTotal) int {
		if a.Open != b.Open {
			return cmp.Compare(b.Open, a.Open)
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}
