package input

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkReadCSV100k reads a 100,000-row invoice export in the canonical layout.
func BenchmarkReadCSV100k(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Invoice No,Client ID,Invoice Date,Due Date,Amount,Currency,Paid Date,Paid Amount,Status\n")
	for i := 0; i < 100000; i++ {
		fmt.Fprintf(&sb, "F%06d,C%04d,2026-%02d-%02d,2026-%02d-%02d,%d.%02d,EUR,2026-%02d-%02d,,paid\n",
			i, i%2000, i%12+1, i%28+1, i%12+1, i%28+1, 100+i%5000, i%100, i%12+1, i%28+1)
	}
	path := filepath.Join(b.TempDir(), "invoices.csv")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		tab, err := Read(path, Invoices, Options{})
		if err != nil || len(tab.Invoices) != 100000 {
			b.Fatalf("read %v rows, %v", len(tab.Invoices), err)
		}
	}
}
