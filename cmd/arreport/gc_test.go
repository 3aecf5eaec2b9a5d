package main

import (
	"os"
	"path/filepath"
	"testing"
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
