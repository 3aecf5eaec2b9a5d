package metrics

import (
	"math"
	"math/big"
	"testing"
)

// TestWideSum holds the 128-bit sum of amount × days, and its ratio, to
// big.Int, around and far past the int64 range that a plain product
// leaves.
func TestWideSum(t *testing.T) {
	const maxTotal = math.MaxInt64 / 4 // money.MaxTotal
	tests := []struct {
		name  string
		terms [][2]int64 // amount, days
		den   int64
	}{
		// (100×30 + 50×10) / 150 = 3500/150 = 23.333…
		{"small", [][2]int64{{100, 30}, {50, 10}}, 150},
		// negatives and a sum below zero: (-7×3 + 2×5) / 1 = -11
		{"negative", [][2]int64{{-7, 3}, {2, 5}}, 1},
		// 2.3e18 cents × 3,000,000 days: 6.9e24, far past int64.
		{"past int64", [][2]int64{{maxTotal, 3_000_000}}, maxTotal},
		{"past int64, negative days", [][2]int64{{maxTotal, -3_000_000}, {1, 1}}, maxTotal},
		{"many", [][2]int64{{maxTotal / 2, 40_000}, {maxTotal / 2, 20_000}, {-5, 7}}, maxTotal - 1},
	}
	for _, tt := range tests {
		var s wideSum
		want := new(big.Int)
		for _, term := range tt.terms {
			s.addProduct(term[0], term[1])
			want.Add(want, new(big.Int).Mul(big.NewInt(term[0]), big.NewInt(term[1])))
		}
		w, _ := new(big.Rat).SetFrac(want, big.NewInt(tt.den)).Float64()
		if got := s.ratio(tt.den); got != w {
			t.Errorf("%s: ratio = %v; want %v", tt.name, got, w)
		}
		if got := s.big(); got.Cmp(want) != 0 {
			t.Errorf("%s: big = %v; want %v", tt.name, got, want)
		}
	}
}
