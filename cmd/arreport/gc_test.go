package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
	"time"
)

// TestSoftLimitGrowsWithInput: the soft memory limit is 900 MiB up to
// about 947 MiB of text, then 0.95 times the input, so that it stays
// above the live heap of a large run (about 0.8 times its text).
func TestSoftLimitGrowsWithInput(t *testing.T) {
	for _, c := range []struct {
		input, want int64
	}{
		{0, 900 << 20},
		{96 << 20, 900 << 20},          // a million invoices
		{947 << 20, 900 << 20},         // 0.95 x 947 MiB = 899.65 MiB
		{1_023_000_000, 971_850_000},   // ten million: 0.95 x 1.023 GB
		{3_120_000_000, 2_964_000_000}, // thirty million
	} {
		if got := softLimit(c.input); got != c.want {
			t.Errorf("softLimit(%d) = %d, want %d", c.input, got, c.want)
		}
	}
}

// TestInputSizeCountsWorkbooksAsText: a workbook's zipped bytes count two
// and a half times, as it holds that many more invoices a byte.
func TestInputSizeCountsWorkbooksAsText(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, size int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := &config{
		invoices: []string{write("inv.csv", 1000), write("more.XLSX", 400)},
		clients:  []string{write("clients.xlsx", 100)},
		payments: []string{filepath.Join(dir, "missing.csv")},
	}
	// 1000 + 2.5 x 400 + 2.5 x 100; a file that is not there counts nothing.
	if got := inputSize(cfg); got != 2250 {
		t.Errorf("inputSize = %d, want 2250", got)
	}
}

// TestLateLimit: inputs of up to about 360 MiB of text are first
// collected at 2.5 times their size, at least 256 MiB; larger ones are
// paced by their heap's growth below the soft limit.
func TestLateLimit(t *testing.T) {
	for _, c := range []struct {
		input, want int64
		late        bool // collected late: lateLimit below softLimit
	}{
		{0, 256 << 20, true},
		{94 << 20, 256 << 20, true},  // a million invoices: 235 MiB, raised to 256
		{112 << 20, 280 << 20, true}, // a million in a workbook, as inputSize counts it
		{359 << 20, 897.5 * (1 << 20), true},
		{360 << 20, 900 << 20, false}, // 900 MiB is the soft limit itself
		{976 << 20, 2440 << 20, false},
	} {
		got := lateLimit(c.input)
		if got != c.want || (got < softLimit(c.input)) != c.late {
			t.Errorf("lateLimit(%d) = %d, collected late %v; want %d, %v", c.input, got, got < softLimit(c.input), c.want, c.late)
		}
	}
}

// TestAfterCollection: a collection that leaves at most three fifths of
// the late limit live keeps the late collection; one that leaves more
// paces the run by the heap's growth (GOGC 200, below the soft limit).
func TestAfterCollection(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	const late, input = 256 << 20, 94 << 20
	if !afterCollection(late/5*3, late, input) {
		t.Error("3/5 of the limit live: the late collection ended")
	}
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("GOGC %d after a collection that kept the late collection; want -1 (off)", got)
	}
	if afterCollection(late/5*3+1, late, input) {
		t.Error("more than 3/5 of the limit live: the late collection went on")
	}
	if got := debug.SetGCPercent(-1); got != 200 {
		t.Errorf("GOGC %d after a collection that ended the late collection; want 200", got)
	}
	if got := debug.SetMemoryLimit(-1); got != softLimit(input) {
		t.Errorf("memory limit %d; want the soft limit %d", got, softLimit(input))
	}
}

// TestWatchCollections: the watch is called after each collection until
// it returns false, and not after.
func TestWatchCollections(t *testing.T) {
	var calls atomic.Int32
	watchCollections(func() bool { return calls.Add(1) < 3 })
	deadline := time.Now().Add(10 * time.Second)
	for calls.Load() < 3 && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(time.Millisecond) // the finalizer goroutine runs the watch
	}
	for range 5 {
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
	if got := calls.Load(); got != 3 {
		t.Errorf("watch called %d times; want 3 (until it said stop)", got)
	}
}

// TestGCPacingChangesNoByte holds the late collection to the plain pacing
// (GOGC 200, the soft limit), which a GOGC of the user's selects: the
// reports of the samples are the same bytes.
func TestGCPacingChangesNoByte(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1")
	late, paced := t.TempDir(), t.TempDir()
	if err := run([]string{"--out", late, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOGC", "200")
	if err := run([]string{"--out", paced, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"report.html", "report.md", "metrics.json", "report.xlsx", "report.eml"} {
		a, errA := os.ReadFile(filepath.Join(late, name))
		b, errB := os.ReadFile(filepath.Join(paced, name))
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between the late collection and GOGC 200 (%v, %v)", name, errA, errB)
		}
	}
}
