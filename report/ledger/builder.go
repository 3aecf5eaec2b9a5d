package ledger

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"maps"
	"math/big"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unsafe"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/fresh"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/parallel"
)

// Builder assembles a ledger from invoice rows given in batches, so that a
// large export never has to be held whole: Add keeps per invoice only the
// ledger's compact record and what finding duplicates needs (its number,
// a fingerprint of its row, and where it was).
type Builder struct {
	in      Input // settings, clients, rates and payments; Invoices unused
	l       *Ledger
	clients *clientIndex
	rates   map[string]*big.Rat
	rateOf  map[*Invoice]*big.Rat
	// paymentsAdded: the payments table came in batches (AddPayments),
	// whose problems are paymentProblems.
	paymentsAdded   bool
	paymentProblems []*input.Problem

	blocks [][]Invoice      // invoices in fixed blocks: their addresses never move
	seen   numberIndex      // built only once the numbers stop rising
	rising bool             // every number so far rose within its series
	series numberSeries     // the series, while rising
	expect int              // rows announced by Reserve
	prints []uint64         // fingerprint of each kept row, by invoice index
	where  countList[int64] // where each kept row was (rowRef), by invoice index
	// clientOf is the client (index in the client list) of each invoice:
	// the clients' invoice lists are made from it by Finish.
	clientOf     []int32
	sources      []input.Position
	found        map[string]bool // currencies of the rows
	lastCurrency string          // the last row's, already in found
	open         bool            // some row had an open amount
	seed         maphash.Seed
	scratch      []byte       // fingerprint's
	budget       money.Budget // every amount taken, so that no sum can wrap
	// titleDate is the latest export date the invoices' title lines gave;
	// dpdDates counts due date + days past due over the rows.
	titleDate civil.Date
	dpdDates  map[civil.Date]int
}

const blockSize = 1 << 16

// rowRef packs an input.Position as its source's index (in sources) times
// 2³² plus its row number: the rows of one file count up by one.
func rowRef(source int, row int) int64 { return int64(source)<<32 | int64(uint32(row)) }

// NewBuilder starts a ledger. in gives the clients, rates, payments and
// settings; its Invoices come through Add.
func NewBuilder(in Input) (*Builder, error) {
	b := &Builder{in: in, l: &Ledger{book: &Book{}}, found: map[string]bool{},
		rates: map[string]*big.Rat{}, rateOf: map[*Invoice]*big.Rat{}, seed: maphash.MakeSeed()}
	b.seen = newNumberIndex(b.seed, b.numberOf)
	b.rising = true
	var err error
	if b.clients, err = b.l.indexClients(in.Clients); err != nil {
		return nil, err
	}
	for _, r := range in.Rates {
		b.rates[r.Currency] = r.Rate
	}
	return b, nil
}

// Reserve makes room for about n more invoices at once, sparing the
// index and the lists their growth. A file read once says n from the
// length of its first rows, which the rest may belie: past sixteen
// million, the lists grow as the rows come.
func (b *Builder) Reserve(n int) {
	want := len(b.prints) + min(n, maxReserve)
	b.expect = want
	if !b.rising {
		b.seen.reserve(want)
	}
	if cap(b.prints) < want {
		b.prints = append(make([]uint64, 0, want), b.prints...)
		b.clientOf = append(make([]int32, 0, want), b.clientOf...)
	}
}

// maxReserve bounds what Reserve takes on an estimate's word.
const maxReserve = 1 << 24

// NoteTitleDate records an export date found above an invoices table's
// header.
func (b *Builder) NoteTitleDate(d civil.Date) { b.titleDate = max(b.titleDate, d) }

// NotePaidColumns records that an invoices table has a paid-date column:
// the invoices are then no open-item list.
func (b *Builder) NotePaidColumns() { b.in.PaidColumns = true }

// AddPayments attaches a batch of a payments table (when HavePayments)
// to its invoices. A table can be as long as the invoices: it comes after
// them, and its rows are not kept. Without any, Finish attaches
// Input.Payments.
func (b *Builder) AddPayments(rows []input.PaymentRow) error {
	b.paymentsAdded = true
	problems, err := b.l.attachPayments(rows, b.byNumber, b.rateOf, &b.budget, b.in.Today)
	b.paymentProblems = append(b.paymentProblems, problems...)
	return err
}

// AddActivities attaches a batch of the activity export (when
// HaveActivity) to its clients. An export can be as long as the invoices:
// it comes after them, when every client is known, and its rows are not
// kept.
func (b *Builder) AddActivities(rows []input.ActivityRow) { b.attach(rows) }

// Add takes a batch of invoice rows. It fails on an invoice number seen
// before with other content, and on an amount in a currency without a
// rate (when rates were given).
func (b *Builder) Add(rows []input.InvoiceRow) error {
	known := b.clients.knownIn(rows)
	for i := range rows {
		if err := b.add(&rows[i], known[i]); err != nil {
			return err
		}
	}
	return nil
}

// add takes a row; client is the index of its client when known before
// the batch, else -1.
func (b *Builder) add(row *input.InvoiceRow, client int32) error {
	print := b.fingerprint(row)
	idx := int32(len(b.prints))
	// While the numbers keep rising within their series, as exports sorted
	// by date or number do, no row can repeat an earlier one and the index
	// is not needed.
	if b.rising && b.series.add(row.No, idx, b.numberOf) {
		return b.keep(row, idx, print, client)
	}
	if b.rising {
		b.rising, b.series = false, numberSeries{}
		b.seen.reserve(max(b.expect, len(b.prints)))
		for i := range int32(len(b.prints)) {
			b.seen.findOrAdd(b.numberOf(i), i)
		}
	}
	if first, added := b.seen.findOrAdd(row.No, idx); !added {
		if b.prints[first] != print {
			return &DuplicateError{ID: row.No, First: b.position(b.where.at(int(first))), Second: row.Pos}
		}
		b.l.Quality.DuplicatesDropped++
		return nil
	}
	return b.keep(row, idx, print, client)
}

// keep adds a row that is no duplicate as invoice idx.
func (b *Builder) keep(row *input.InvoiceRow, idx int32, print uint64, client int32) error {
	var rate *big.Rat
	if b.in.HaveRates {
		if err := b.convert(row, &rate); err != nil {
			return err
		}
	}
	if !b.budget.Take(row.Amount) || !b.budget.Take(row.OpenAmount) || !b.budget.Take(row.PaidAmount) {
		return &AmountError{Pos: row.Pos, Invoice: row.No, Amount: row.Amount}
	}
	if row.Currency != "" && row.Currency != b.lastCurrency {
		b.lastCurrency = strings.Clone(row.Currency) // most rows share the one before's
		b.found[b.lastCurrency] = true
	}
	b.open = b.open || row.HasOpenAmount
	inv := b.slot(idx)
	b.fill(inv, row, client)
	var ok bool
	if inv.no, ok = b.l.book.numbers.add(row.No); !ok {
		return &NumbersTooLargeError{Pos: row.Pos}
	}
	b.prints = append(b.prints, print)
	b.where.append(b.ref(row.Pos))
	if rate != nil {
		b.rateOf[inv] = rate
	}
	return nil
}

// fill makes the ledger's record of one row.
func (b *Builder) fill(inv *Invoice, row *input.InvoiceRow, client int32) {
	l, in := b.l, b.in
	ci := b.clients.find(row, client, in.HaveClients, &l.Quality)
	c := b.clients.list[ci]
	if in.HaveClients && !b.clients.listed[ci] {
		l.Quality.UnknownClientRows++
	}
	issue := row.Issue
	if !row.HasIssue {
		issue = row.Due.AddDays(-termsOf(c, in.DefaultTerms))
		l.Quality.DerivedIssueDates++
	}
	latest := issue // derived issue dates lie before their due dates: not counted
	if !row.HasIssue {
		latest = 0
	}
	if row.HasPaidDate && row.PaidDate > latest {
		latest = row.PaidDate
	}
	l.Quality.noteFuture(in.Today, row.Pos, row.No, latest)
	*inv = Invoice{Issue: issue, Amount: row.Amount}
	inv.set(disputed, row.Disputed)
	// The open amount an open-item list gives sits where a payment would:
	// such a list has none (a row with a paid date makes the ledger none).
	inv.paidAmount = row.OpenAmount
	if !row.HasOpenAmount {
		inv.paidAmount = row.Amount // in a list of open items without open amounts, all open
	}
	var derived bool
	inv.Due, derived = dueDate(row, issue, c, in.DefaultTerms)
	inv.set(dueDerived, derived)
	if derived {
		l.Quality.DerivedDueDates++
	}
	if inv.Amount < 0 {
		l.Quality.CreditNotes++
	}
	if !in.HavePayments && row.HasPaidDate {
		amount := row.Amount
		if row.HasPaidAmount {
			amount = row.PaidAmount
		}
		if amount == 0 {
			l.Quality.ZeroPayments++
		} else {
			b.l.book.addPayment(inv, Payment{row.PaidDate, amount}) // a row's one payment is its first: it cannot fail
			l.Quality.notePaidBefore(row.Pos, row.No, issue, row.PaidDate)
			l.Quality.Payments++
		}
	}
	b.clientOf = append(b.clientOf, ci)
	if row.HasDaysPastDue && row.HasDue {
		if b.dpdDates == nil {
			b.dpdDates = map[civil.Date]int{}
		}
		b.dpdDates[row.Due.AddDays(row.DaysPastDue)]++
	}
}

// exportDate says when an open-item list was made, if it says so: its
// title lines, else the day most rows' due date + days past due agree on
// (the later one on a tie).
func (b *Builder) exportDate() (civil.Date, ExportDateSource) {
	if b.titleDate != 0 {
		return b.titleDate, ExportDateTitle
	}
	var best civil.Date
	for d, n := range b.dpdDates {
		if n > b.dpdDates[best] || n == b.dpdDates[best] && d > best {
			best = d
		}
	}
	if best == 0 {
		return 0, ""
	}
	return best, ExportDateDaysPastDue
}

// convert turns a row in another currency into the target currency.
func (b *Builder) convert(row *input.InvoiceRow, rate **big.Rat) error {
	target := b.in.Currency
	if row.Currency == "" || row.Currency == target {
		row.Currency = target
		return nil
	}
	r, ok := b.rates[row.Currency]
	if !ok {
		return fmt.Errorf("%s: invoice %s is in %s and the exchange rates have no rate for it; add a row %q to the rates file",
			row.Pos, input.Quote(row.No), row.Currency, row.Currency+",RATE")
	}
	amount, ok1 := convertCents(row.Amount, r)
	paid, ok2 := convertCents(row.PaidAmount, r)
	open, ok3 := convertCents(row.OpenAmount, r)
	if !ok1 || !ok2 || !ok3 {
		return &AmountError{Pos: row.Pos, Invoice: row.No, Amount: max(row.Amount.Abs(), row.PaidAmount.Abs(), row.OpenAmount.Abs()), Rate: r}
	}
	row.Amount, row.PaidAmount, row.OpenAmount = amount, paid, open
	row.Currency = target
	b.l.Quality.Converted++
	*rate = r
	return nil
}

// slot returns the place of invoice idx, adding a block when needed.
func (b *Builder) slot(idx int32) *Invoice {
	if int(idx)>>16 == len(b.blocks) {
		b.blocks = append(b.blocks, fresh.Slice[Invoice](blockSize))
	}
	return &b.blocks[idx>>16][idx&(blockSize-1)]
}

func (b *Builder) invoice(idx int32) *Invoice { return &b.blocks[idx>>16][idx&(blockSize-1)] }

func (b *Builder) numberOf(idx int32) string { return b.l.book.numbers.get(b.invoice(idx).no) }

// numberAfter orders invoice numbers shorter first, then alphabetically:
// a strict order in which numbering such as F9, F10 rises, so that numbers
// that rise throughout are all different.
func numberAfter(a, b string) bool {
	if len(a) != len(b) {
		return len(a) > len(b)
	}
	return a > b
}

// byNumber finds an invoice by its number: by binary search in its series
// while the numbers rose within their series, else through the index.
func (b *Builder) byNumber(no string) (*Invoice, bool) {
	var i int32
	var ok bool
	if b.rising {
		i, ok = b.series.find(no, b.numberOf)
	} else {
		i, ok = b.seen.find(no)
	}
	if !ok {
		return nil, false
	}
	return b.invoice(i), true
}

// fingerprint hashes everything of a row but where it was.
func (b *Builder) fingerprint(r *input.InvoiceRow) uint64 {
	// The row's fields side by side, hashed in one call: a maphash.Hash
	// written field by field cost twice as much per row.
	buf := b.scratch[:0]
	for _, s := range [...]string{r.No, r.ClientID, r.ClientName, r.Currency} {
		buf = append(buf, s...)
		buf = append(buf, 0) // a separator no text field holds
	}
	flags := 0
	for i, f := range [...]bool{r.HasIssue, r.HasDue, r.HasOpenAmount, r.HasPaidDate, r.HasPaidAmount, r.Disputed} {
		if f {
			flags |= 1 << i
		}
	}
	for _, v := range [...]int64{int64(r.Issue), int64(r.Due), int64(r.Amount), int64(r.OpenAmount), int64(r.PaidDate),
		int64(r.PaidAmount), int64(r.Status), int64(flags)} {
		buf = binary.LittleEndian.AppendUint64(buf, uint64(v))
	}
	b.scratch = buf
	return maphash.Bytes(b.seed, buf)
}

func (b *Builder) ref(p input.Position) int64 {
	src := p
	src.Row = 0
	if n := len(b.sources); n > 0 && b.sources[n-1] == src {
		return rowRef(n-1, p.Row) // the usual case: the same file as the row before
	}
	for i, s := range b.sources {
		if s == src {
			return rowRef(i, p.Row)
		}
	}
	b.sources = append(b.sources, src)
	return rowRef(len(b.sources)-1, p.Row)
}

func (b *Builder) position(r int64) input.Position {
	p := b.sources[r>>32]
	p.Row = int(uint32(r))
	return p
}

// Finish attaches the payments table, orders everything and returns the
// ledger, with problems about payments for unknown invoices.
func (b *Builder) Finish() (*Ledger, []*input.Problem, error) {
	// What only reading needed goes before the records are laid out in
	// the clients' order (listInvoices), so that what that needs for a
	// while takes its place rather than grows the heap: the rows'
	// fingerprints (80 MB at ten million invoices; counted), the clients
	// table's rows (48 MB; each client has its own copy).
	invoices := len(b.prints)
	b.prints, b.in.Clients = nil, nil
	// The names' goroutine reads the clients, which are ordered below.
	b.clients.names()
	l, in := b.l, b.in
	var err error
	if l.Currency, err = b.currency(); err != nil {
		return nil, nil, err
	}
	// Without a paid-date column and a payments table, the rows were an
	// open-item list: their open amounts are the balances.
	l.OpenOnly = !in.HavePayments && !in.PaidColumns
	l.HaveActivity = in.HaveActivity
	if l.OpenOnly {
		for _, blk := range b.blocks {
			for i := range blk {
				blk[i].set(openKnown, true)
			}
		}
	}
	l.Quality.NoPaymentInfo = l.OpenOnly && !b.open
	if l.OpenOnly {
		l.ExportDate, l.ExportDateFrom = b.exportDate()
	}
	problems := b.paymentProblems
	if in.HavePayments && !b.paymentsAdded {
		if problems, err = l.attachPayments(in.Payments, b.byNumber, b.rateOf, &b.budget, in.Today); err != nil {
			return nil, nil, err
		}
	}
	if l.Sales, err = b.monthlySales(); err != nil {
		return nil, nil, err
	}
	b.attachActivities()
	// The indexes, by number and by client, are done with too.
	l.Clients = b.clients.list
	b.clients, b.seen, b.series, b.where, b.rateOf = nil, numberIndex{}, numberSeries{}, countList[int64]{}, nil
	for _, c := range l.Clients {
		c.book = b.l.book
	}
	b.listInvoices(l.Clients)
	for _, c := range l.Clients {
		if c.Listed && c.Invoices.Len() == 0 {
			l.Quality.ClientsWithoutActive++
		}
	}
	// Each client's invoices are its own: ordered and settled on every
	// core.
	parallel.Ranges(len(l.Clients), func(_, lo, hi int) {
		for _, c := range l.Clients[lo:hi] {
			// Exports usually list invoices by date: check before sorting.
			if list := (byIssue{c}); !sort.IsSorted(list) {
				sort.Sort(list)
			}
			for inv := range c.Invoices.All() {
				b.l.book.settle(inv)
			}
		}
	})
	l.Clients = parallel.SortFunc(l.Clients, func(a, b *Client) int { return strings.Compare(a.ID, b.ID) }) // ids are unique
	l.Quality.findSimilarIDs(l.Clients)
	l.Quality.Invoices = invoices
	return l, problems, nil
}

// byIssue orders a client's invoice records by issue date, then number
// (numbers are unique: a total order).
type byIssue struct{ c *Client }

func (s byIssue) Len() int { return s.c.Invoices.Len() }

func (s byIssue) Less(i, j int) bool {
	x, y := s.c.Invoices.At(i), s.c.Invoices.At(j)
	if x.Issue != y.Issue {
		return x.Issue < y.Issue
	}
	return s.c.InvoiceNo(x) < s.c.InvoiceNo(y)
}

func (s byIssue) Swap(i, j int) {
	x, y := s.c.Invoices.At(i), s.c.Invoices.At(j)
	*x, *y = *y, *x
}

// attachActivities gives each client the activity rows of the Input, and
// sorts every client's activities by date.
func (b *Builder) attachActivities() {
	b.attach(b.in.Activities)
	for _, c := range b.clients.list {
		if len(c.Activities) > 1 {
			slices.SortStableFunc(c.Activities, func(x, y Activity) int { return cmp.Compare(x.Date, y.Date) })
		}
	}
}

// attach gives each client its activity rows; rows whose client is in
// neither table are counted.
func (b *Builder) attach(rows []input.ActivityRow) {
	q := &b.l.Quality
	for i := 0; i < len(rows); {
		// The rows of one client come together in an export sorted by
		// client: looked up once, and room made for all of them at once.
		first := &rows[i]
		j := i + 1
		for j < len(rows) && rows[j].ClientID == first.ClientID && rows[j].ClientName == first.ClientName {
			j++
		}
		run := rows[i:j]
		i = j
		c, ok := b.clients.lookup(first.ClientID, first.ClientName)
		if !ok {
			q.ActivityNoClient += len(run)
			continue
		}
		c.Activities = slices.Grow(c.Activities, len(run))
		for _, r := range run {
			c.Activities = append(c.Activities, Activity{Date: r.Date, Kind: r.Type, Invoice: r.Invoice,
				Promised: r.Promised, HasPromised: r.HasPromised, Amount: r.Amount, HasAmount: r.HasAmount})
		}
		q.Activities += len(run)
	}
}

// monthlySales adds up the sales table by month (two files may each hold
// part of a month), in month order.
func (b *Builder) monthlySales() ([]MonthSales, error) {
	byMonth := map[civil.Month]money.Cents{}
	for _, r := range b.in.Sales {
		if !b.budget.Take(r.Amount) {
			return nil, &AmountError{Pos: r.Pos, Amount: r.Amount}
		}
		byMonth[r.Month] += r.Amount
	}
	var out []MonthSales
	for _, m := range slices.Sorted(maps.Keys(byMonth)) {
		out = append(out, MonthSales{m, byMonth[m]})
	}
	return out, nil
}

// listInvoices gives every client its invoices, in the order they were
// added, all in one go (appending to each client's list row by row cost
// two cache misses a row: the client and the end of its list), and lays
// the records out in that order, client after client (layOut).
func (b *Builder) listInvoices(clients []*Client) {
	// Each core counts the clients' invoices in its share of them...
	place := b.clientOf // becomes each invoice's place, in the clients' order
	counts := make([][]int32, parallel.Workers(len(place)))
	parallel.Ranges(len(place), func(w, lo, hi int) {
		count := make([]int32, len(clients))
		for _, ci := range place[lo:hi] {
			count[ci]++
		}
		counts[w] = count
	})
	// ... so that client i's invoices take the places start[i] up to
	// start[i+1], and each share's of a client come after the shares'
	// before it: its count becomes where they begin.
	start := make([]int32, len(clients)+1)
	for i := range clients {
		at := start[i]
		for _, count := range counts {
			at, count[i] = at+count[i], at
		}
		start[i+1] = at
	}
	// Each invoice's place: its client's, in the order they were read.
	parallel.Ranges(len(place), func(w, lo, hi int) {
		next := counts[w]
		for idx, ci := range place[lo:hi] {
			place[lo+idx] = next[ci]
			next[ci]++
		}
	})
	b.clientOf = nil
	records := layOut(b.blocks, len(place), place)
	b.blocks = nil
	for i, c := range clients {
		c.Invoices = InvoiceList{records: &records, first: start[i], past: start[i+1]}
	}
}

// currency returns the one currency of the rows (after conversion), or
// the default when they name none; several are an error because they
// cannot be added.
func (b *Builder) currency() (string, error) {
	if len(b.found) > 1 {
		names := make([]string, 0, len(b.found))
		for c := range b.found {
			names = append(names, c)
		}
		sort.Strings(names)
		return "", &CurrenciesError{Currencies: names}
	}
	for c := range b.found {
		return c, nil
	}
	return b.in.Currency, nil
}

// stringArena copies strings into large blocks, so that hundreds of
// thousands of client ids cost a few allocations and keep nothing else
// alive (an id sliced from a row's text would keep the whole row).
type stringArena struct {
	block []byte
}

const arenaBlock = 1 << 20

func (a *stringArena) intern(s string) string {
	if len(s) == 0 {
		return ""
	}
	if len(s) > arenaBlock/4 {
		return strings.Clone(s)
	}
	if len(a.block)+len(s) > cap(a.block) {
		a.block = make([]byte, 0, arenaBlock)
	}
	start := len(a.block)
	a.block = append(a.block, s...)
	// The block is only ever appended to, never changed or reused, so the
	// bytes behind this string stay as they are.
	return unsafe.String(&a.block[start], len(s))
}

// internBytes is intern of the text in b, which stays the caller's.
func (a *stringArena) internBytes(b []byte) string {
	return a.intern(unsafe.String(unsafe.SliceData(b), len(b))) // intern copies it at once
}

// numberIndex finds invoices by number. It is a hash table of its own,
// open addressing over packed slots, because a map keyed by strings costs
// several cache misses per row on tens of millions of rows: here a slot is
// one word holding 32 bits of the number's hash and the invoice's index,
// so one probe usually settles it, and the number itself is compared only
// when those 32 bits are equal.
type numberIndex struct {
	seed  maphash.Seed
	keyOf func(int32) string // the number of a stored index
	// slots hold hash<<32 | index+1, 0 marking an empty slot. In a
	// short-key index (newShortKeyIndex, wide 1) each takes two words: the
	// second is its key packed (shortKey) when it has at most 7 bytes, as
	// client ids often do. Such a key is compared there, in the slot's own
	// cache line, instead of through keyOf, which reads two more places in
	// memory for every row (a table apart from the slots cost a second
	// read from memory: 217,000 clients' lookups at 10M 0.98 -> 0.82
	// CPU-s).
	slots   []uint64
	wide    uint // log2 of the words a slot takes
	used    int
	touched uint64 // findAll's sum of the slots it reads ahead, so that the reads are kept
	// findAll's work lists, kept for its next call.
	start, order []int32
	hashes       []uint64
}

// newShortKeyIndex is a numberIndex that keeps short keys beside their
// slots.
func newShortKeyIndex(seed maphash.Seed, keyOf func(int32) string) numberIndex {
	return numberIndex{seed: seed, keyOf: keyOf, wide: 1}
}

// shortKey packs a key of 1 to 7 bytes with its length; 0 for any other.
func shortKey(key string) uint64 {
	if len(key) == 0 || len(key) > 7 {
		return 0
	}
	k := uint64(len(key)) << 56
	for i := range len(key) {
		k |= uint64(key[i]) << (8 * i)
	}
	return k
}

func newNumberIndex(seed maphash.Seed, keyOf func(int32) string) numberIndex {
	return numberIndex{seed: seed, keyOf: keyOf}
}

// size is the number of slots.
func (t *numberIndex) size() int { return len(t.slots) >> t.wide }

// slot returns slot i; shortAt its packed key (in a short-key index).
func (t *numberIndex) slot(i uint64) uint64    { return t.slots[i<<t.wide] }
func (t *numberIndex) shortAt(i uint64) uint64 { return t.slots[i<<t.wide+1] }

// packSlot packs a hash's high half with an index.
func packSlot(h uint64, idx int32) uint64 { return h&^(1<<32-1) | uint64(uint32(idx)+1) }

func slotIndex(s uint64) int32 { return int32(uint32(s) - 1) }

// reserve makes room for n entries at most half full.
func (t *numberIndex) reserve(n int) {
	size := 1024
	for size < 2*n {
		size *= 2
	}
	if size > t.size() {
		t.resize(size)
	}
}

// resize rehashes every entry from its key: the slots keep only half of
// each hash.
func (t *numberIndex) resize(size int) {
	old := t.slots
	t.slots = fresh.Slice[uint64](size << t.wide) // probed before written
	mask := uint64(size - 1)
	width := 1 << t.wide
	for i := 0; i < len(old); i += width {
		s := old[i]
		if s == 0 {
			continue
		}
		j := maphash.String(t.seed, t.keyOf(slotIndex(s))) & mask
		for t.slot(j) != 0 {
			j = (j + 1) & mask
		}
		copy(t.slots[j<<t.wide:], old[i:i+width])
	}
}

// findOrAdd returns the index stored for the key, or stores idx for it
// and reports added.
func (t *numberIndex) findOrAdd(key string, idx int32) (int32, bool) {
	if 2*(t.used+1) > t.size() {
		t.reserve(2 * (t.used + 1))
	}
	h, at, found := t.probe(key)
	if found {
		return slotIndex(t.slot(at)), false
	}
	t.slots[at<<t.wide] = packSlot(h, idx)
	if t.wide == 1 {
		t.slots[at<<1+1] = shortKey(key)
	}
	t.used++
	return idx, true
}

// findAll looks up n keys at once and sets found[i] to the index stored
// for key(i), or -1. It visits the table a stretch of slots after another
// rather than in the keys' order: in a table larger than the caches, one
// key after another is a read from memory each, at random; grouped by the
// stretch of the table their slot lies in (a counting sort of the slots'
// high bits, cheaper than sorting them whole) they come close together.
// TestFindAll holds it to find.
func (t *numberIndex) findAll(n int, key func(int) string, found []int32) {
	if t.size() == 0 {
		for i := range n {
			found[i] = -1
		}
		return
	}
	mask := uint64(t.size() - 1)
	shift := max(0, bits.Len64(mask)-findAllStretches) // 1 << findAllStretches stretches at most
	stretches := int(mask>>shift) + 1
	// The work lists are the index's own, reused call after call.
	start := slices.Grow(t.start[:0], stretches+1)[:stretches+1] // the keys of stretch s are order[start[s]:start[s+1]]
	clear(start)
	hashes := slices.Grow(t.hashes[:0], n)[:n]
	order := slices.Grow(t.order[:0], n)[:n]
	t.start, t.hashes, t.order = start, hashes, order
	for i := range n {
		hashes[i] = maphash.String(t.seed, key(i))
		start[(hashes[i]&mask)>>shift+1]++
	}
	for s := range stretches {
		start[s+1] += start[s]
	}
	for i, h := range hashes {
		s := (h & mask) >> shift
		order[start[s]] = int32(i)
		start[s]++
	}
	// Every key's first slot read in a loop of its own, which keeps many
	// reads from memory in flight at once; the probes then find them in
	// the caches (the lookups at 10M 1.00 -> 0.53 CPU-s).
	var touched uint64
	for _, i := range order {
		touched += t.slot(hashes[i] & mask)
	}
	t.touched = touched
	for _, i := range order {
		found[i] = -1
		if _, at, ok := t.probeHashed(key(int(i)), hashes[i]); ok {
			found[i] = slotIndex(t.slot(at))
		}
	}
}

// findAllStretches is the bits of the stretches findAll groups keys by:
// 1024 stretches of a table of 524,288 slots are 4 KB each.
const findAllStretches = 10

// find returns the index stored for the key.
func (t *numberIndex) find(key string) (int32, bool) {
	if t.size() == 0 {
		return 0, false
	}
	if _, at, found := t.probe(key); found {
		return slotIndex(t.slot(at)), true
	}
	return 0, false
}

// probe returns the key's hash and the slot that holds the key (found)
// or else the empty slot where it belongs. The table has an empty slot.
func (t *numberIndex) probe(key string) (h, at uint64, found bool) {
	return t.probeHashed(key, maphash.String(t.seed, key))
}

// probeHashed is probe with the key's hash given.
func (t *numberIndex) probeHashed(key string, h uint64) (_, at uint64, found bool) {
	mask := uint64(t.size() - 1)
	var short uint64
	if t.wide == 1 {
		short = shortKey(key)
	}
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slot(i)
		if s == 0 {
			return h, i, false
		}
		if (s^h)>>32 != 0 {
			continue
		}
		if short != 0 {
			if t.shortAt(i) == short { // a long key there packs to 0
				return h, i, true
			}
		} else if t.keyOf(slotIndex(s)) == key {
			return h, i, true
		}
	}
}
