package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSamplesAreGenerated checks that samples/ is exactly what the
// generator writes, so that nobody edits the workbooks by hand.
func TestSamplesAreGenerated(t *testing.T) {
	dir := t.TempDir()
	if err := generate(dir, 20261031, 40, "xlsx", false, 0); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"clients.xlsx", "invoices.xlsx", "activity.xlsx"} {
		got, _ := os.ReadFile(filepath.Join(dir, name))
		want, err := os.ReadFile(filepath.Join("..", "..", "samples", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("samples/%s differs from the generator's output; run make samples", name)
		}
	}
}
