package metrics

import (
	"math/big"
	"math/bits"
)

// wideSum adds up products of an amount in cents and a number of days
// exactly: such products pass int64 for amounts of a few billion over
// long spans, while money.MaxTotal keeps a sum of them inside 128 bits.
type wideSum struct {
	hi int64
	lo uint64
}

// addProduct adds a × b.
func (s *wideSum) addProduct(a, b int64) {
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(absU(a), absU(b))
	if neg { // two's complement of the 128-bit product
		lo, hi = ^lo, ^hi
		var c uint64
		lo, c = bits.Add64(lo, 1, 0)
		hi += c
	}
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, lo, 0)
	s.hi = int64(uint64(s.hi) + hi + carry)
}

// add adds another sum.
func (s *wideSum) add(o wideSum) {
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, o.lo, 0)
	s.hi = s.hi + o.hi + int64(carry)
}

func absU(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// ratio returns the sum divided by den, as float64 (den ≠ 0).
func (s wideSum) ratio(den int64) float64 {
	if (s.hi == 0 && s.lo < 1<<63) || (s.hi == -1 && s.lo >= 1<<63) {
		return float64(int64(s.lo)) / float64(den) // fits in int64: as before
	}
	q, _ := new(big.Rat).SetFrac(s.big(), big.NewInt(den)).Float64()
	return q
}

// big returns the sum as a big.Int.
func (s wideSum) big() *big.Int {
	n := new(big.Int).SetInt64(s.hi)
	return n.Lsh(n, 64).Add(n, new(big.Int).SetUint64(s.lo))
}
