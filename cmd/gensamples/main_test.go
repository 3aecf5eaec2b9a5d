package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
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

// TestSheetRowLimit: a table longer than a worksheet holds is refused by
// name before anything is written, for both ways of writing a workbook.
func TestSheetRowLimit(t *testing.T) {
	long := table{header: []any{"Invoice No"}, n: excelize.TotalRows, row: func(int) []any { return []any{"F1"} }}
	for _, write := range []func(string, string, table) error{writeXLSX, writeSharedXLSX} {
		path := filepath.Join(t.TempDir(), "invoices.xlsx")
		err := write(path, "Invoices", long)
		if err == nil || !strings.Contains(err.Error(), "-format csv") {
			t.Errorf("%d rows: %v; want the worksheet's limit", long.n, err)
		}
		if _, statErr := os.Stat(path); statErr == nil {
			t.Error("a file was written")
		}
	}
	fits := table{header: []any{"Invoice No"}, n: 2, row: func(int) []any { return []any{"F1"} }}
	if err := writeXLSX(filepath.Join(t.TempDir(), "ok.xlsx"), "Invoices", fits); err != nil {
		t.Errorf("2 rows: %v", err)
	}
}
