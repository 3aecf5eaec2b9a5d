package ledger

import (
	"fmt"
	"hash/maphash"
	"strings"

	"github.com/arreport/arreport/report/input"
)

// clientIndex finds clients by id, then by name.
type clientIndex struct {
	list   []*Client
	ids    []string           // the ids of list, kept apart: checking a hit reads no client
	idText stringArena        // the ids' bytes, side by side: fewer cache misses per lookup
	byID   numberIndex        // id → index in list
	byName map[string]*Client // lower-case name
}

func (idx *clientIndex) idOf(i int32) string { return idx.ids[i] }

func (idx *clientIndex) get(id string) (*Client, bool) {
	if i, ok := idx.byID.find(id); ok {
		return idx.list[i], true
	}
	return nil, false
}

func (l *Ledger) indexClients(rows []input.ClientRow) (*clientIndex, error) {
	idx := &clientIndex{byName: map[string]*Client{}}
	idx.byID = newNumberIndex(maphash.MakeSeed(), idx.idOf)
	where := map[string]input.Position{}
	for _, r := range rows {
		if _, dup := idx.get(r.ID); dup {
			return nil, fmt.Errorf("client %q appears twice in the clients table: %s and %s; keep one row per client", r.ID, where[r.ID], r.Pos)
		}
		where[r.ID] = r.Pos
		c := &Client{
			ID: r.ID, Name: r.Name, Terms: r.Terms, HasTerms: r.HasTerms,
			CreditLimit: r.CreditLimit, HasCreditLimit: r.HasCreditLimit,
			Segment: r.Segment, Start: r.Start, HasStart: r.HasStart, Listed: true,
		}
		if c.Name == "" {
			c.Name = c.ID
		}
		idx.add(c)
	}
	return idx, nil
}

func (idx *clientIndex) add(c *Client) {
	c.ID = idx.idText.intern(c.ID)
	idx.list = append(idx.list, c)
	idx.ids = append(idx.ids, c.ID)
	idx.byID.findOrAdd(c.ID, int32(len(idx.list)-1))
	if key := strings.ToLower(c.Name); c.Name != "" {
		if _, taken := idx.byName[key]; !taken {
			idx.byName[key] = c
		}
	}
}

// find returns the invoice's client, creating it when the clients table
// lacks it (counted as unknown when a clients table was given).
func (idx *clientIndex) find(row *input.InvoiceRow, haveTable bool, q *Quality) *Client {
	c, ok := idx.get(row.ClientID)
	if ok {
		if c.Name == c.ID && row.ClientName != "" && !c.Listed {
			c.Name = row.ClientName
		}
		return c
	}
	if row.ClientName != "" {
		if c, ok := idx.byName[strings.ToLower(row.ClientName)]; ok && c.Listed {
			return c
		}
	}
	name := row.ClientName
	if name == "" {
		name = row.ClientID
	}
	c = &Client{ID: row.ClientID, Name: name}
	idx.add(c)
	if haveTable {
		q.UnknownClients++
	}
	return c
}
