// Command gensamples writes the bundled sample company (clients.xlsx and
// invoices.xlsx) and, scaled up, the large inputs of the benchmarks. The
// output depends only on the flags: the same seed gives the same bytes.
//
//	gensamples -out samples
//	gensamples -out /tmp/big -clients 5000 -format csv
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
	flag.Parse()
	if err := generate(*out, *seed, *clients, *format); err != nil {
		fmt.Fprintln(os.Stderr, "gensamples:", err)
		os.Exit(1)
	}
}
