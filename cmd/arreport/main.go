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
	"syscall"
)

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
