package ledger

import (
	"hash/maphash"
	"slices"
	"strings"

	"github.com/arreport/arreport/report/input"
)

// clientIndex finds clients by id, then by name. What an invoice row
// needs of its client is kept in slices beside the list, so that taking a
// row reads compact memory and no client.
type clientIndex struct {
	list    []*Client
	ids     []string    // list[i].ID
	idText  stringArena // the ids' bytes, side by side
	listed  []bool      // list[i].Listed
	unnamed []bool      // list[i].Name == list[i].ID: a row may still name it
	byID    numberIndex // id → index in list
	known   []int32     // knownIn's answer, reused batch after batch
	// byName is the lower-case name → index in list (the first client of
	// a name), read through names: the clients table's names are put in
	// it on a goroutine of its own, while the invoices are read (a row
	// seldom needs it: its id is found), and the clients found in the rows
	// after them.
	byName    map[string]int32
	namesDone chan struct{} // closed once the table's names are in byName
}

// names returns byName once the clients table's names are in it.
func (idx *clientIndex) names() map[string]int32 {
	<-idx.namesDone
	return idx.byName
}

// nameClients puts the names of list's clients in a new byName, the first
// client of a name keeping it.
func (idx *clientIndex) nameClients(list []*Client) {
	defer close(idx.namesDone)
	byName := make(map[string]int32, len(list))
	for i, c := range list {
		addName(byName, c.Name, int32(i))
	}
	idx.byName = byName
}

// addName gives the name to client i unless an earlier client has it.
func addName(byName map[string]int32, name string, i int32) {
	if key := strings.ToLower(name); name != "" {
		if _, taken := byName[key]; !taken {
			byName[key] = i
		}
	}
}

func (idx *clientIndex) idOf(i int32) string { return idx.ids[i] }

// knownIn returns, for each row, the index of its client when the client
// is known, else -1; all at once (findAll) when the batch is long and the
// index larger than the caches, else -1 for every row (find looks each up).
func (idx *clientIndex) knownIn(rows []input.InvoiceRow) []int32 {
	known := slices.Grow(idx.known[:0], len(rows))[:len(rows)]
	idx.known = known // the builder is done with the last batch's
	if len(rows) < 256 || idx.byID.size() < findAllSlots {
		for i := range known {
			known[i] = -1
		}
		return known
	}
	idx.byID.findAll(len(rows), func(i int) string { return rows[i].ClientID }, known)
	return known
}

func (l *Ledger) indexClients(rows []input.ClientRow) (*clientIndex, error) {
	// Made at their size: grown client by client, a table of 200,000
	// clients was rehashed over and over (as was the index: 14.2 -> 10.4
	// ms for 20,000 clients with the index reserved and no map of
	// positions kept for a duplicate's error: add names the first).
	idx := &clientIndex{}
	idx.byID = newShortKeyIndex(maphash.MakeSeed(), idx.idOf)
	idx.byID.reserve(len(rows))
	idx.reserve(len(rows))
	clients := make([]Client, len(rows)) // one allocation, not one a client
	for k, r := range rows {
		c := &clients[k]
		*c = Client{
			ID: r.ID, Name: r.Name, Terms: r.Terms, HasTerms: r.HasTerms,
			CreditLimit: r.CreditLimit, HasCreditLimit: r.HasCreditLimit,
			Segment: r.Segment, AccountManager: r.AccountManager, Start: r.Start, HasStart: r.HasStart, Listed: true,
			ContactName: r.ContactName, Email: r.Email, Phone: r.Phone, LastContact: r.LastContact, HasLastContact: r.HasLastContact,
		}
		if c.Name == "" {
			c.Name = c.ID
		}
		// The table's clients are listed in its order: a client's index is
		// its row's.
		if first, isNew := idx.add(c); !isNew {
			return nil, &DuplicateError{ID: r.ID, Client: true, First: rows[first].Pos, Second: r.Pos}
		}
	}
	// A listed client's name stays as it is.
	idx.namesDone = make(chan struct{})
	go idx.nameClients(idx.list[:len(idx.list):len(idx.list)])
	return idx, nil
}

// reserve makes room for n more clients.
func (idx *clientIndex) reserve(n int) {
	idx.list = slices.Grow(idx.list, n)
	idx.ids = slices.Grow(idx.ids, n)
	idx.listed = slices.Grow(idx.listed, n)
	idx.unnamed = slices.Grow(idx.unnamed, n)
}

// add lists the client, unless one of its id is listed already (isNew is
// false then, and i that client's index).
func (idx *clientIndex) add(c *Client) (i int32, isNew bool) {
	i = int32(len(idx.list))
	c.ID = idx.idText.intern(c.ID)
	idx.ids = append(idx.ids, c.ID) // the index reads the ids by index
	if first, added := idx.byID.findOrAdd(c.ID, i); !added {
		idx.ids = idx.ids[:i]
		return first, false
	}
	idx.list = append(idx.list, c)
	idx.listed = append(idx.listed, c.Listed)
	idx.unnamed = append(idx.unnamed, c.Name == c.ID)
	if idx.namesDone != nil { // the clients table's are named by nameClients
		addName(idx.names(), c.Name, i)
	}
	return i, true
}

// lookup finds a client by id, else by name.
func (idx *clientIndex) lookup(id, name string) (*Client, bool) {
	if i, ok := idx.byID.find(id); ok {
		return idx.list[i], true
	}
	if name == "" {
		name = id
	}
	if i, ok := idx.names()[strings.ToLower(name)]; ok {
		return idx.list[i], true
	}
	return nil, false
}

// find returns the index of the invoice's client, creating the client
// when the clients table lacks it (counted as unknown when a clients
// table was given).
func (idx *clientIndex) find(row *input.InvoiceRow, known int32, haveTable bool, q *Quality) int32 {
	i, ok := known, known >= 0
	if !ok {
		i, ok = idx.byID.find(row.ClientID)
	}
	if ok {
		if idx.unnamed[i] && !idx.listed[i] && row.ClientName != "" {
			c := idx.list[i]
			c.Name = strings.Clone(row.ClientName) // the row's text is its block's
			idx.unnamed[i] = c.Name == c.ID
		}
		return i
	}
	if row.ClientName != "" {
		if i, ok := idx.names()[strings.ToLower(row.ClientName)]; ok && idx.listed[i] {
			return i
		}
	}
	name := row.ClientName
	if name == "" {
		name = row.ClientID
	}
	if haveTable {
		q.UnknownClients++
		if len(q.UnknownClientIDs) < maxFutureRows {
			q.UnknownClientIDs = append(q.UnknownClientIDs, strings.Clone(row.ClientID))
		}
	}
	i, _ = idx.add(&Client{ID: row.ClientID, Name: strings.Clone(name)}) // new: byID has not its id; add interns it
	return i
}

// findAllSlots is the index size (slots) from which knownIn looks a
// batch's clients up all at once: 4 MB of slots, past the caches of the
// benchmark machine (below it, grouping the keys saves nothing: csv-1m
// 1.28 s one at a time, 1.32 s grouped).
var findAllSlots = 1 << 19
