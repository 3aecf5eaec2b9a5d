package ledger

// countList is a list of integers that is mostly runs counting up by
// one: where each row was (row after row of one file) and the invoices
// of a number series (invoice after invoice). It keeps its values in
// blocks; a block whose values so far count up from its first is kept
// as that first value alone, and becomes a plain list at the first value
// that breaks the count. Ten million row positions take 80 MB as a plain
// list and a few kilobytes here; a list without any such runs costs what
// a plain one does. TestCountList holds it to a plain list.
type countList[T int32 | int64] struct {
	blocks []countBlock[T]
	n      int
}

// countBlock is a block of a countList: first, first+1, … while values
// is nil, else values.
type countBlock[T int32 | int64] struct {
	first  T
	values []T
}

// countBlockBits sets the block size, 4096 values: the least a list of
// runs costs is one block header per 4096 values.
const countBlockBits = 12

const countBlockSize = 1 << countBlockBits

func (l *countList[T]) len() int { return l.n }

// append adds v at the end.
func (l *countList[T]) append(v T) {
	at := l.n & (countBlockSize - 1)
	l.n++
	if at == 0 {
		l.blocks = append(l.blocks, countBlock[T]{first: v})
		return
	}
	b := &l.blocks[len(l.blocks)-1]
	switch {
	case b.values != nil:
		b.values = append(b.values, v)
	case v != b.first+T(at):
		// The count breaks: the block becomes the plain list of its values.
		b.values = make([]T, at, countBlockSize)
		for i := range at {
			b.values[i] = b.first + T(i)
		}
		b.values = append(b.values, v)
	}
}

// at returns the i-th value.
func (l *countList[T]) at(i int) T {
	b := &l.blocks[i>>countBlockBits]
	if b.values == nil {
		return b.first + T(i&(countBlockSize-1))
	}
	return b.values[i&(countBlockSize-1)]
}

// last returns the last value; the list is not empty.
func (l *countList[T]) last() T { return l.at(l.n - 1) }
