package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// tuneGC trades memory for speed as a batch run can. An input whose heap
// stays well below the soft limit (softLimit; a CSV of up to about 3.8
// million invoices) is collected only when its heap reaches lateLimit:
// a million invoices are read and their metrics computed with no
// collection at all, instead of five, each marking a heap of up to 90 MB
// (csv-1m 3-5% faster, the workbooks no larger: see BENCHMARKS.md). Should
// a collection leave most of that limit live, the collector goes back to
// the pacing of a large input (afterCollection). A larger input is collected
// when its heap has grown two times (not once; four cost as much time
// once the ledger let go of its invoices before rendering, for twice the
// memory), and harder near the soft limit. GOGC and GOMEMLIMIT still win.
func tuneGC(inputBytes int64) {
	gogc, limit := os.Getenv("GOGC") != "", os.Getenv("GOMEMLIMIT") != ""
	if late := lateLimit(inputBytes); !gogc && !limit && late < softLimit(inputBytes) {
		debug.SetGCPercent(-1)
		debug.SetMemoryLimit(late)
		run := gcRuns.Add(1)
		watchCollections(func() bool {
			return gcRuns.Load() == run && afterCollection(liveHeap(), late, inputBytes)
		})
		return
	}
	if !gogc {
		debug.SetGCPercent(200)
	}
	if !limit {
		debug.SetMemoryLimit(softLimit(inputBytes))
	}
}

// gcRuns counts the calls of tuneGC: a run's watch of the collections
// ends with the next run's (the tests run the command many times).
var gcRuns atomic.Int64

// afterCollection keeps collecting at late while a collection leaves at
// most three fifths of it live (reporting true), or else sets the pacing
// of a large input: between collections the heap would have too little
// room to grow.
func afterCollection(live, late, inputBytes int64) bool {
	if live <= late/5*3 {
		return true
	}
	paceByGrowth(inputBytes)
	return false
}

// paceByGrowth is the collector's pacing of a large input: a collection
// whenever the heap has grown two times, below the soft limit.
func paceByGrowth(inputBytes int64) {
	debug.SetGCPercent(200)
	debug.SetMemoryLimit(softLimit(inputBytes))
}

// lateLimit is the heap at which an input of about this many bytes of
// text is first collected: 2.5 times the input, at least 256 MiB. The live
// heap of the benchmark's inputs of a million invoices peaks at 0.85-1.25
// times their size (a CSV of invoices 94 MB for 94 MiB; the shared-strings
// workbook 139 MB for 112 MiB as inputSize counts it), so the heap has at
// least twice its live part to grow into between collections.
func lateLimit(inputBytes int64) int64 {
	return max(256<<20, inputBytes/2*5)
}

// softLimit is the soft memory limit for inputs of about this many bytes
// of text (inputSize counts a workbook's bytes for more): 900 MiB, or 0.95
// times the input where that is more. The live heap peaks at about 0.8
// times a CSV's size (ten million invoices: 799 MiB for 976 MiB of text),
// so the limit stays a sixth above it and the collector is not made to
// run without pause (at 0.9 times, ten million took 9.0 s instead of
// 8.1). The peak resident memory is the limit and some 30 MiB beside the
// heap: at the input's size, ten million reached 986-1,008 MiB, too close
// to 1 GiB; at 0.95 times 951-978 MiB, for 1% more time. Memory is dear
// beyond the bytes on the machines we measure: every page the heap grows
// into is a fault, and at thirty million invoices 1.5 times the input
// (4.4 GB) took 33.6 s, 17.5 of them in the kernel, against 28.4 s and
// 3.6 GB at 1.2 times. A fixed 2300 MiB, as once, was below the live heap
// from about fourteen million invoices on, and above what ten million
// need.
func softLimit(inputBytes int64) int64 {
	return max(900<<20, inputBytes/20*19)
}

// liveHeap is the heap the last collection left live, in bytes.
func liveHeap() int64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// gcTick is an object no one holds, whose finalizer runs after each
// collection (a pointer field keeps it out of the tiny allocator, whose
// objects' finalizers may never run).
type gcTick struct{ _ *byte }

// watchCollections calls after, on the finalizer goroutine, once after
// each collection for as long as it returns true.
func watchCollections(after func() bool) {
	var tick func(*gcTick)
	tick = func(t *gcTick) {
		if after() {
			runtime.SetFinalizer(t, tick) // again after the next collection
		}
	}
	runtime.SetFinalizer(&gcTick{}, tick)
}
