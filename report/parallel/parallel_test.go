package parallel

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestRangesCoverInOrder: the runs of Ranges cover every item once, each
// run after the one before.
func TestRangesCoverInOrder(t *testing.T) {
	for _, n := range []int{0, 1, 5, 255, 256, 1000, 100003} {
		// Ranges' own number of workers, then a given one (RangesOf): none
		// (one is used), fewer items than workers, and more.
		for _, workers := range []int{Workers(n), 0, 1, 3, 7} {
			seen := make([]int32, n)
			bounds := make([][2]int, max(1, workers))
			check := func(w, lo, hi int) {
				bounds[w] = [2]int{lo, hi}
				for i := lo; i < hi; i++ {
					atomic.AddInt32(&seen[i], 1)
				}
			}
			if workers == Workers(n) {
				Ranges(n, check)
			} else {
				RangesOf(n, workers, check)
			}
			for i, s := range seen {
				if s != 1 {
					t.Fatalf("n=%d, %d workers: item %d seen %d times", n, workers, i, s)
				}
			}
			for w := 1; w < len(bounds); w++ {
				if bounds[w][0] != bounds[w-1][1] {
					t.Fatalf("n=%d, %d workers: run %d begins at %d, run %d ended at %d", n, workers, w, bounds[w][0], w-1, bounds[w-1][1])
				}
			}
		}
	}
}

// TestEachCoversAll: Each calls fn once for every item, with any number
// of workers.
func TestEachCoversAll(t *testing.T) {
	for _, workers := range []int{1, 3, 64} {
		seen := make([]int32, 1000)
		Each(len(seen), workers, func(i int) { atomic.AddInt32(&seen[i], 1) })
		for i, s := range seen {
			if s != 1 {
				t.Fatalf("%d workers: item %d seen %d times", workers, i, s)
			}
		}
	}
}

// TestLanes: no more tasks run at once than there are lanes, every task
// runs, and nil lanes run each at once.
func TestLanes(t *testing.T) {
	for _, n := range []int{0, 1, 3} {
		lanes := NewLanes(n)
		var mu sync.Mutex
		running, most, ran := 0, 0, 0
		var wg sync.WaitGroup
		for range 40 {
			wg.Go(func() {
				lanes.Run(func() {
					mu.Lock()
					running++
					most = max(most, running)
					mu.Unlock()
					time.Sleep(time.Millisecond)
					mu.Lock()
					running--
					ran++
					mu.Unlock()
				})
			})
		}
		wg.Wait()
		if want := max(1, n); most > want || ran != 40 {
			t.Errorf("%d lanes: %d at once, %d ran; want at most %d, 40", n, most, ran, want)
		}
	}
	ran := false
	(*Lanes)(nil).Run(func() { ran = true })
	if !ran {
		t.Error("nil lanes did not run the task")
	}
}
