package ledger

import (
	"encoding/binary"
	"iter"
	"math"
	"slices"
	"unsafe"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/fresh"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/wording"
)

// Book holds what the invoice records name by number instead of by
// pointer: the invoice numbers, and the payments of invoices paid more
// than once. A record without pointers is never read by the collector,
// and ten million of them are most of a large run's heap; it is also
// smaller (40 bytes instead of 64), which every pass of the metrics
// reads.
type Book struct {
	numbers numberStore
	// more are the payments of every invoice paid two or more times, at
	// the invoice's more()-1.
	more [][]Payment
}

// payments returns the payments on inv, by date once settled: the Book's
// list of an invoice paid more than once, else the one in its record
// (copied into one), else none.
func (b *Book) payments(inv *Invoice, one *[1]Payment) []Payment {
	switch {
	case inv.more() != 0:
		return b.more[inv.more()-1]
	case inv.has(paid):
		one[0] = Payment{inv.paidOn, inv.paidAmount}
		return one[:]
	}
	return nil
}

// addPayment adds a payment to inv; settle puts them in date order. An
// invoice is most often paid once, and then its payment is in the record
// itself. It fails when the ledger holds maxMore invoices paid more than
// once already.
func (b *Book) addPayment(inv *Invoice, p Payment) bool {
	switch {
	case inv.more() != 0:
		b.more[inv.more()-1] = append(b.more[inv.more()-1], p)
	case inv.has(paid):
		if len(b.more) == maxMore {
			return false
		}
		b.more = append(b.more, []Payment{{inv.paidOn, inv.paidAmount}, p})
		inv.bits |= uint32(len(b.more)) << flagBits
	default:
		inv.paidOn, inv.paidAmount = p.Date, p.Amount
		inv.set(paid, true)
	}
	return true
}

// settle orders the payments of inv and finds its settlement date.
func (b *Book) settle(inv *Invoice) {
	var one [1]Payment
	pays := b.payments(inv, &one)
	slices.SortStableFunc(pays, func(x, y Payment) int { return int(x.Date) - int(y.Date) })
	if inv.Amount <= 0 {
		return
	}
	var paid money.Cents
	for _, p := range pays {
		paid += p.Amount
		if paid >= inv.Amount {
			inv.Settled = p.Date
			inv.set(settled, true)
			return
		}
	}
}

// openAt is Client.OpenAt.
func (b *Book) openAt(inv *Invoice, t civil.Date) money.Cents {
	if inv.Issue > t {
		return 0
	}
	if inv.has(openKnown) {
		return inv.paidAmount
	}
	open := inv.Amount
	if inv.more() == 0 { // paid once or never: no need of the book's lists
		if inv.has(paid) && inv.paidOn <= t {
			open -= inv.paidAmount
		}
		return open
	}
	for _, p := range b.more[inv.more()-1] {
		if p.Date > t {
			break
		}
		open -= p.Amount
	}
	return open
}

// InvoiceNo returns the number of inv, one of the client's invoices.
func (c *Client) InvoiceNo(inv *Invoice) string { return c.book.numbers.get(inv.no) }

// Payments yields the payments on inv, one of the client's invoices, by
// date. (An invoice paid once holds its payment in its record, of which
// no slice of Payments can be made.)
func (c *Client) Payments(inv *Invoice) iter.Seq[Payment] {
	return func(yield func(Payment) bool) {
		var one [1]Payment
		for _, p := range c.book.payments(inv, &one) {
			if !yield(p) {
				return
			}
		}
	}
}

// OpenAt returns the open balance of inv, one of the client's invoices,
// at the end of day t: its amount less the payments dated on or before t,
// and 0 before it is issued.
func (c *Client) OpenAt(inv *Invoice, t civil.Date) money.Cents { return c.book.openAt(inv, t) }

// PaymentsBy counts the payments on inv, one of the client's invoices,
// dated on or before t.
func (c *Client) PaymentsBy(inv *Invoice, t civil.Date) int {
	n := 0
	for p := range c.Payments(inv) {
		if p.Date <= t {
			n++
		}
	}
	return n
}

// SteadyFrom returns the day from which the open balance of inv, one of
// the client's invoices, no longer changes (its issue date, or its last
// payment's if later) and that balance: OpenAt(inv, t) is open for every
// t on or after day. A pass over many dates asks OpenAt only of the days
// before.
func (c *Client) SteadyFrom(inv *Invoice) (day civil.Date, open money.Cents) {
	if inv.has(openKnown) {
		return inv.Issue, inv.paidAmount
	}
	day, open = inv.Issue, inv.Amount
	for p := range c.Payments(inv) {
		open -= p.Amount
		day = max(day, p.Date)
	}
	return day, open
}

// numberStore keeps invoice numbers side by side in large blocks, each
// after its length (a uvarint) and at an even place, and names each by a
// 32-bit reference: its block and place in it, in units of two bytes (8
// GiB of numbers in all; units of four bytes took an eighth more of a
// store of 13-character numbers). A number longer than a block has a
// block of its own, which takes the places of as many blocks as it spans.
type numberStore struct {
	blocks [][]byte
	used   int // bytes taken in the last block
}

const (
	numberBlockBytes = 1 << 20
	numberUnitsShift = 1 // references count two bytes
	numberUnit       = 1 << numberUnitsShift
	numberPlaceBits  = 20 - numberUnitsShift                   // a block's places in a reference
	numberPlaceMask  = 1<<numberPlaceBits - 1                  // the place in a reference
	maxNumberBlocks  = (math.MaxUint32 >> numberPlaceBits) + 1 // blocks a reference can name
)

// NumbersTooLargeError says the invoice numbers together are more than a
// ledger holds (8 GiB), at the row where they passed it: a number column
// that holds something else.
type NumbersTooLargeError struct {
	Pos input.Position
}

func (e *NumbersTooLargeError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *NumbersTooLargeError) Describe(l *wording.Lang) string {
	return l.T("err_numbers_too_large", "Pos", e.Pos.Describe(l), "GiB", maxNumberBlocks*numberBlockBytes>>30)
}

// PaidInPartsError says more invoices were paid in more than one payment
// than a ledger holds (maxMore), at the payment row that passed it.
type PaidInPartsError struct {
	Pos input.Position
}

func (e *PaidInPartsError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *PaidInPartsError) Describe(l *wording.Lang) string {
	return l.T("err_paid_in_parts", "Pos", e.Pos.Describe(l), "Count", maxMore)
}

// add stores a number and returns its reference; false when the store is
// full.
func (s *numberStore) add(no string) (uint32, bool) {
	var head [binary.MaxVarintLen64]byte
	n := binary.PutUvarint(head[:], uint64(len(no)))
	size := n + len(no)
	k := len(s.blocks) - 1
	if k < 0 || s.used+size > numberBlockBytes {
		// A new block: of a block's size, or of the number's own size,
		// taking the places of the blocks it spans.
		span := max(1, (size+numberBlockBytes-1)/numberBlockBytes)
		if len(s.blocks)+span > maxNumberBlocks {
			return 0, false
		}
		k = len(s.blocks)
		s.blocks = append(s.blocks, fresh.Slice[byte](max(size, numberBlockBytes)))
		s.blocks = append(s.blocks, make([][]byte, span-1)...)
		s.used = 0
	}
	at := s.used
	copy(s.blocks[k][at:], head[:n])
	copy(s.blocks[k][at+n:], no)
	s.used = (at + size + numberUnit - 1) &^ (numberUnit - 1)
	if size > numberBlockBytes {
		s.used = numberBlockBytes // the next number starts a block
	}
	return uint32(k)<<numberPlaceBits | uint32(at>>numberUnitsShift), true
}

// get returns a stored number. Blocks are only ever appended to, never
// changed or reused, so the bytes behind it stay as they are.
func (s *numberStore) get(ref uint32) string {
	block := s.blocks[ref>>numberPlaceBits]
	at := int(ref&numberPlaceMask) << numberUnitsShift
	n, k := binary.Uvarint(block[at:])
	if n == 0 {
		return ""
	}
	return unsafe.String(&block[at+k], int(n))
}
