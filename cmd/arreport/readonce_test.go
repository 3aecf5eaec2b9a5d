package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arreport/arreport/report/input"
)

// TestFormatsSettledLate: the invoices are read once, their formats
// settled by their first 20,000 rows; a file whose later rows settle the
// decimal mark otherwise (55,000 amounts with a dot, then 65,000 with a
// comma) is read again in two passes, and the report is that of the
// two-pass reading: the dot amounts are the bad rows, not the comma ones.
func TestFormatsSettledLate(t *testing.T) {
	var b strings.Builder
	b.WriteString("Invoice No,Client,Invoice Date,Amount,Paid Date\n")
	for i := range 120000 {
		amount := "12.50"
		if i >= 55000 {
			amount = `"12,50"`
		}
		fmt.Fprintf(&b, "F%d,K%d,2026-01-05,%s,\n", i, i%40, amount)
	}
	path := filepath.Join(t.TempDir(), "late.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := input.Read(path, input.Invoices, input.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Invoices) != 65000 {
		t.Fatalf("read in two passes: %d invoices; want the 65,000 with a decimal comma", len(want.Invoices))
	}
	doc, _ := runOK(t, "--invoices", path, "--as-of", "2026-01-31")
	dq := doc["data_quality"].(map[string]any)
	if dq["invoices"] != 65000.0 || dq["rows_read"] != 120000.0 || dq["problem_count"] != 55000.0 {
		t.Errorf("data quality: %v invoices, %v rows read, %v problems; want 65000, 120000, 55000", dq["invoices"], dq["rows_read"], dq["problem_count"])
	}
}

// TestEncodingSettledLate: the invoices are read once and taken for UTF-8
// from their first 64 KB; a Windows-1252 name further down sends them
// through two passes, and the report names the client right. The audit
// trail's hash, taken as the rows pass, is the file's.
func TestEncodingSettledLate(t *testing.T) {
	lines := []string{"Invoice No,Client,Invoice Date,Amount,Paid Date"}
	for i := range 7000 { // 300 KB
		lines = append(lines, fmt.Sprintf("F%d,Klant %d,2026-01-05,12.50,2026-01-20", i, i%40))
	}
	data := []byte(strings.Join(append(lines, "G1,Caf\xe9 M\xfcller,2026-01-05,99999.00,"), "\n") + "\n")
	path := filepath.Join(t.TempDir(), "late1252.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	doc, md := runOK(t, "--invoices", path, "--as-of", "2026-01-31")
	if !strings.Contains(md, "Café Müller") {
		t.Errorf("report.md does not name Café Müller")
	}
	sum := sha256.Sum256(data)
	inputs := doc["inputs"].([]any)
	if got := inputs[0].(map[string]any)["sha256"]; got != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 %v, want the file's %x", got, sum)
	}
}
