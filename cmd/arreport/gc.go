package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// tuneGC trades memory for speed as a batch run can: the heap is
// collected only when it reaches a limit that grows with the input, not
// whenever it has grown by a share of what is live (GOGC). A large input
// is collected at the soft limit (softLimit), which its heap reaches
// anyway: paced by GOGC 200 below it, as before, ten million invoices
// were collected twelve times instead of five (6.07 -> 5.91 s, means of
// four runs; thirty million as fast either way), at the same peak. An
// input whose heap stays well below the soft limit (a CSV of up to about
// 3.8 million invoices) is collected at lateLimit: a million invoices
// are read and their metrics computed with no collection at all, two in
// all instead of nine (csv-1m 3-5% faster, the workbooks no larger).
// Should a collection leave most of that limit live (an input that needs
// more than its size suggests), the collector paces the run by the
// heap's growth (afterCollection). GOGC or GOMEMLIMIT set by hand wins,
// and the run sets the other as it did before: GOGC 200, the soft limit.
func tuneGC(inputBytes int64) {
	gogc, limit := os.Getenv("GOGC") != "", os.Getenv("GOMEMLIMIT") != ""
	if gogc || limit {
		if !gogc {
			debug.SetGCPercent(200)
		}
		if !limit {
			debug.SetMemoryLimit(softLimit(inputBytes))
		}
		return
	}
	soft := softLimit(inputBytes)
	late := min(lateLimit(inputBytes), soft)
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(late)
	if late < soft {
		run := gcRuns.Add(1)
		watchCollections(func() bool {
			return gcRuns.Load() == run && afterCollection(liveHeap(), late, inputBytes)
		})
	}
}

// gcRuns counts the runs collected at their late limit: a run's watch of
// the collections ends with the next run's (the tests run the command
// many times in one process).
var gcRuns atomic.Int64

// afterCollection keeps collecting at late while a collection leaves at
// most three fifths of it live (reporting true), or else paces the run by
// the heap's growth: between collections at late the heap would have too
// little room to grow.
func afterCollection(live, late, inputBytes int64) bool {
	if live <= late/5*3 {
		return true
	}
	paceByGrowth(inputBytes)
	return false
}

// paceByGrowth paces the collector by the heap's growth, as every run
// was before the late collection: a collection whenever the heap has
// grown two times (GOGC 200), below the soft limit.
func paceByGrowth(inputBytes int64) {
	debug.SetGCPercent(200)
	debug.SetMemoryLimit(softLimit(inputBytes))
}

// lateLimit is the heap at which an input of about this many bytes of
// text is first collected: 2.5 times the input, at least 256 MiB. The live
// heap of the benchmark's inputs of a million invoices peaks at 0.85-1.25
// times their size (a CSV of invoices 94 MB for 94 MiB; the shared-strings
// workbook 139 MB for 112 MiB as inputSize counts it), so the heap has at
// least twice its live part to grow into between collections; with a
// million activities beside them in a workbook, 1.6 times (317 MB for
// 196 MiB), where afterCollection takes over.
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
