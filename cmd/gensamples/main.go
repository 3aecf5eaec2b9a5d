// Command gensamples writes the bundled sample company (clients.xlsx,
// invoices.xlsx and the dunning log activity.xlsx) and, scaled up, the large inputs of the benchmarks. The
// output depends only on the flags: the same seed gives the same bytes.
//
//	gensamples -out samples
//	gensamples -out /tmp/big -invoices 1000000 -format csv
//	gensamples -out /tmp/big -invoices 100000 -strings shared
//	gensamples -out /tmp/big -invoices 1000000 -activities 1000000
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("out", "samples", "directory to write into")
	seed := flag.Uint64("seed", 20261031, "random seed")
	clients := flag.Int("clients", 40, "number of clients (the archetypes repeat beyond the first 40)")
	format := flag.String("format", "xlsx", "xlsx or csv")
	invoices := flag.Int("invoices", 0, "about this many invoices (sets the number of clients; 0 uses -clients)")
	strings := flag.String("strings", "inline", "xlsx text cells: inline (as a streaming writer makes them) or shared (as Excel saves them)")
	activities := flag.Int("activities", 0, "pad the activity log to about this many rows (0: the dunning log alone)")
	flag.Parse()
	if *invoices > 0 {
		*clients = max(1, *invoices/invoicesPerClient)
	}
	if err := generate(*out, *seed, *clients, *format, *strings == "shared", *activities); err != nil {
		fmt.Fprintln(os.Stderr, "gensamples:", err)
		os.Exit(1)
	}
}
