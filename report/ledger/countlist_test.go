package ledger

import (
	"math/rand/v2"
	"testing"
)

// TestCountList holds a countList to a plain list over runs, breaks at
// every place in a block, and values without any run.
func TestCountList(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := map[string]func(i int, prev int64) int64{
		"one run":  func(i int, prev int64) int64 { return prev + 1 },
		"no run":   func(i int, prev int64) int64 { return prev + 2 },
		"negative": func(i int, prev int64) int64 { return prev - 1 },
		"mixed": func(i int, prev int64) int64 {
			if r.IntN(3000) == 0 {
				return prev + int64(r.IntN(5)) - 2 // a skipped row, a step back, a repeat
			}
			return prev + 1
		},
		"new source": func(i int, prev int64) int64 {
			if i%5000 == 4999 {
				return rowRef(i/5000, 2)
			}
			return prev + 1
		},
	}
	for name, next := range cases {
		for _, n := range []int{0, 1, countBlockSize - 1, countBlockSize, countBlockSize + 1, 3*countBlockSize + 17} {
			var got64 countList[int64]
			var got32 countList[int32]
			var want []int64
			v := int64(5)
			for i := range n {
				want = append(want, v)
				got64.append(v)
				got32.append(int32(v))
				v = next(i, v)
			}
			if got64.len() != n || got32.len() != n {
				t.Fatalf("%s, %d values: len %d and %d", name, n, got64.len(), got32.len())
			}
			for i, w := range want {
				if got64.at(i) != w || got32.at(i) != int32(w) {
					t.Fatalf("%s, %d values: at(%d) = %d and %d, want %d", name, n, i, got64.at(i), got32.at(i), w)
				}
			}
			if n > 0 && got64.last() != want[n-1] {
				t.Fatalf("%s: last() = %d, want %d", name, got64.last(), want[n-1])
			}
		}
	}
}

// TestCountListKeepsRunsSmall: a list of runs keeps no per-value list.
func TestCountListKeepsRunsSmall(t *testing.T) {
	var l countList[int64]
	for i := range 10 * countBlockSize {
		l.append(rowRef(0, 2+i))
	}
	for i, b := range l.blocks {
		if b.values != nil {
			t.Fatalf("block %d of one run holds a list of %d values", i, len(b.values))
		}
	}
}
