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
// harder near a soft limit: 900 MiB
// for inputs up to about a million invoices (they stay within 1 GiB),
// 2300 MiB above that (ten million stay within 2.4 GB, their live heap
// about 1.8 GB; 2800 MiB was 2% faster for 0.5 GB more, 2000 MiB 10%
// slower; a limit below the live heap would make the collector run
// without pause). GOGC and GOMEMLIMIT still win.
func tuneGC(inputBytes int64) {
	limit := int64(900 << 20)
	if inputBytes >= softLimitInputs {
		limit = 2300 << 20 // holds ten million invoices within 2.4 GB
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
}

// softLimitInputs is the input size (all files) up to which the 900 MiB
// soft limit holds: about a million invoices.
const softLimitInputs = 200 << 20

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
