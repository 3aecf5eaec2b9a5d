package ledger

import (
	"sort"
	"strings"
)

// numberSeries tells, without an index, that no invoice number repeats an
// earlier one: exports number invoices and credit notes in series of their
// own (2026-00017, CN2026-0003), each rising, interleaved by date. While
// the numbers rise within each series no number can come twice, and an
// invoice is found by binary search in its series. The index takes over
// (Builder.add) at the first number that does not rise within its series,
// or past maxSeries series. TestSeriesAgainstIndex holds the ledgers and
// errors to those of the index alone.
type numberSeries struct {
	of map[string]*series // by prefix
}

// series is the invoices of one series, their numbers rising.
type series struct {
	idx  countList[int32]
	last int // where the last find ended: payments come in about their invoices' order
}

// maxSeries bounds the series followed: numbers without a common prefix
// (random ids) go to the index.
var maxSeries = 256

// seriesPrefix is a number's series: its text before the last run of
// digits.
func seriesPrefix(no string) string {
	i := len(no)
	for i > 0 && no[i-1] >= '0' && no[i-1] <= '9' {
		i--
	}
	return no[:i]
}

// add records invoice idx, numbered no, and reports true; it records
// nothing and reports false when no does not rise above the last number
// of its series, or when the series would be one too many.
func (s *numberSeries) add(no string, idx int32, numberOf func(int32) string) bool {
	p := seriesPrefix(no)
	sr := s.of[p]
	switch {
	case sr == nil && len(s.of) >= maxSeries:
		return false
	case sr == nil:
		if s.of == nil {
			s.of = map[string]*series{}
		}
		sr = &series{}
		s.of[strings.Clone(p)] = sr
	case !numberAfter(no, numberOf(sr.idx.last())):
		return false
	}
	sr.idx.append(idx)
	return true
}

// find returns the invoice numbered no.
func (s *numberSeries) find(no string, numberOf func(int32) string) (int32, bool) {
	sr := s.of[seriesPrefix(no)]
	if sr == nil {
		return 0, false
	}
	// A payments table lists the payments of an invoice together, and the
	// invoices about in the order of their numbers: the one found last
	// and the one after it are tried before searching (each try a read of
	// a record, which at random is a read from memory).
	for _, j := range [2]int{sr.last, sr.last + 1} {
		if j < sr.idx.len() && numberOf(sr.idx.at(j)) == no {
			sr.last = j
			return sr.idx.at(j), true
		}
	}
	i := sort.Search(sr.idx.len(), func(i int) bool { return !numberAfter(no, numberOf(sr.idx.at(i))) })
	if i < sr.idx.len() && numberOf(sr.idx.at(i)) == no {
		sr.last = i
		return sr.idx.at(i), true
	}
	return 0, false
}
