// Command arreport turns invoice and client exports into a monthly
// accounts-receivable report: DSO trends, aging, and the clients who are
// turning into trouble, each with the evidence behind the flag.
//
//	arreport --invoices invoices.xlsx --clients clients.xlsx --out report/
//
// With no input it runs on the bundled sample company. See arreport --help.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// tuneGC trades memory for speed as a batch run can: collect when the heap
// has grown two times (not once; four cost as much time once the ledger
// let go of its invoices before rendering, for twice the memory), and
// harder near a soft limit that grows with the input (softLimit). GOGC
// and GOMEMLIMIT still win.
func tuneGC(inputBytes int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softLimit(inputBytes))
	}
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

func main() {
	// SIGINT and SIGTERM remove what the run has half written and end it
	// with the shell's codes: the output folder keeps its earlier report.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-signals
		removePending()
		fmt.Fprintln(os.Stderr, "arreport: interrupted; nothing half-written is left behind")
		if sig == syscall.SIGTERM {
			os.Exit(143)
		}
		os.Exit(130)
	}()
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if err == nil {
		return
	}
	fmt.Fprintln(os.Stderr, "arreport:", err)
	if errors.Is(err, errUsage) {
		os.Exit(2)
	}
	os.Exit(1)
}
