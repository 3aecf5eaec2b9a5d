package parallel

import (
	"cmp"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// TestSortFunc holds SortFunc to slices.SortFunc: every length around the
// point where the cores take over, with one to five of them (an odd run
// out included), on distinct values in random order, sorted and reversed.
func TestSortFunc(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, procs := range []int{1, 2, 3, 4, 5} {
		runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 2, 9_999, 10_000, 10_001, 33_333, 100_000} {
			for _, shape := range []string{"random", "sorted", "reversed"} {
				s := rnd.Perm(n)
				switch shape {
				case "sorted":
					slices.Sort(s)
				case "reversed":
					slices.Sort(s)
					slices.Reverse(s)
				}
				want := slices.Clone(s)
				slices.Sort(want)
				if got := SortFunc(s, cmp.Compare[int]); !slices.Equal(got, want) {
					t.Fatalf("%d cores, %d %s values: not sorted", procs, n, shape)
				}
			}
		}
	}
}

func BenchmarkSortFunc(b *testing.B) {
	base := rand.New(rand.NewPCG(1, 2)).Perm(200_000)
	for _, plain := range []bool{true, false} {
		name := "cores"
		if plain {
			name = "plain"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				s := slices.Clone(base)
				if plain {
					slices.SortFunc(s, cmp.Compare[int])
				} else {
					SortFunc(s, cmp.Compare[int])
				}
			}
		})
	}
}
