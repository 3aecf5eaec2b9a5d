package input

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkReadCSV100k reads a 100,000-row invoice export in the canonical
// layout, plain and with every field quoted, in two passes and in one
// (Options.OnePass, as the command reads invoices).
func BenchmarkReadCSV100k(b *testing.B) {
	for _, quoted := range []bool{false, true} {
		var sb strings.Builder
		q := ""
		if quoted {
			q = `"`
		}
		row := strings.NewReplacer(",", q+","+q).Replace("F%06d,C%04d,2026-%02d-%02d,2026-%02d-%02d,%d.%02d,EUR,2026-%02d-%02d,,paid")
		sb.WriteString("Invoice No,Client ID,Invoice Date,Due Date,Amount,Currency,Paid Date,Paid Amount,Status\n")
		for i := 0; i < 100000; i++ {
			fmt.Fprintf(&sb, q+row+q+"\n", i, i%2000, i%12+1, i%28+1, i%12+1, i%28+1, 100+i%5000, i%100, i%12+1, i%28+1)
		}
		path := filepath.Join(b.TempDir(), "invoices.csv")
		if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		for _, once := range []bool{false, true} {
			b.Run(fmt.Sprintf("quoted=%v/onepass=%v", quoted, once), func(b *testing.B) {
				for range b.N {
					tab, err := Read(path, Invoices, Options{OnePass: once})
					if err != nil || len(tab.Invoices) != 100000 {
						b.Fatalf("read %v rows, %v", len(tab.Invoices), err)
					}
				}
			})
		}
	}
}
