// Package parallel runs the independent parts of a computation on every
// core: runs of items split in order (Ranges), or items taken one after
// another from a queue (Each).
package parallel

import (
	"runtime"
	"sync"
)

// Workers is how many goroutines Ranges uses for n items: every core,
// with at least 256 items each (fewer are not worth a goroutine).
func Workers(n int) int { return min(runtime.GOMAXPROCS(0), max(1, n/256)) }

// Ranges splits 0..n-1 into Workers(n) runs, in order, and calls fn(w,
// lo, hi) for run w on a goroutine of its own, returning when all are
// done. Run w comes before run w+1: results kept per worker and joined in
// worker order are in item order.
func Ranges(n int, fn func(w, lo, hi int)) { RangesOf(n, Workers(n), fn) }

// RangesOf is Ranges on the given number of goroutines (at least one),
// for items each worth a goroutine of its own.
func RangesOf(n, workers int, fn func(w, lo, hi int)) {
	workers = max(1, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { fn(w, w*n/workers, (w+1)*n/workers) })
	}
	wg.Wait()
}

// Each calls fn(i) for every i in 0..n-1 on at most workers goroutines,
// each taking the next item when done with one (for items of uneven
// cost), and returns when all are done.
func Each(n, workers int, fn func(i int)) {
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	wg.Wait()
}
