package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runOK runs the command and fails the test on an error; it returns
// metrics.json, decoded, and report.md.
func runOK(t *testing.T, args ...string) (map[string]any, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if err := run(append(args, "--out", out, "-q"), &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	doc := metricsOf(t, out)
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	return doc, string(md)
}

// TestFutureDatesDoNotChooseAsOf: one row dated far in the future (a
// typo) is counted and named, and the default as-of stays with the rest
// of the data.
func TestFutureDatesDoNotChooseAsOf(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1793491200") // 2026-11-01
	var csv strings.Builder
	csv.WriteString("Invoice No,Client,Invoice Date,Due Date,Amount,Paid Date\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&csv, "F%d,C%d,2026-%02d-10,2026-%02d-10,100.00,\n", i, i%5, i%10+1, i%10+1)
	}
	csv.WriteString("F41,C1,9999-12-01,9999-12-31,50.00,\n")           // a typo in the invoice date
	csv.WriteString("F42,C2,2026-03-01,2026-03-31,70.00,2062-03-10\n") // and in a paid date
	path := filepath.Join(t.TempDir(), "inv.csv")
	os.WriteFile(path, []byte(csv.String()), 0o644)
	doc, _ := runOK(t, "--invoices", path)
	// Latest date up to today: 10 Oct 2026 (months 1..10); as-of: 30 Sep 2026.
	if doc["as_of"] != "2026-09-30" {
		t.Errorf("as_of = %v; want 2026-09-30", doc["as_of"])
	}
	dq := doc["data_quality"].(map[string]any)
	if dq["dated_after_today"] != 2.0 {
		t.Errorf("dated_after_today = %v; want 2", dq["dated_after_today"])
	}
	rows := fmt.Sprint(dq["dated_after_today_rows"])
	for _, want := range []string{`inv.csv: row 42: invoice "F41", 9999-12-01`, `inv.csv: row 43: invoice "F42", 2062-03-10`} {
		if !strings.Contains(rows, want) {
			t.Errorf("dated_after_today_rows = %s; want it to name %s", rows, want)
		}
	}
	if len(doc["clients"].([]any)) == 0 {
		t.Error("no clients in the report")
	}
}

// TestOptionalColumnsNeverCostARow: free text in a column the client can
// do without (last contact, credit limit, start date, terms) costs that
// value only: the client's other values still count, so
// over-credit-limit fires on the limit of a row whose last contact is
// "called Tuesday".
func TestOptionalColumnsNeverCostARow(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1793491200") // 2026-11-01
	dir := t.TempDir()
	inv := filepath.Join(dir, "inv.csv")
	os.WriteFile(inv, []byte("Invoice No,Client,Invoice Date,Due Date,Amount,Paid Date,Disputed\n"+
		"F1,C1,2026-09-01,2026-10-01,5000.00,,maybe\n"+
		"F2,C2,2026-09-01,2026-10-01,100.00,2026-09-20,no\n"+
		"F3,C3,2026-09-01,2026-10-01,900.00,,no\n"), 0o644)
	clients := filepath.Join(dir, "clients.csv")
	os.WriteFile(clients, []byte("Client ID,Client Name,Payment Terms,Credit Limit,Start Date,Last Contact\n"+
		"C1,Jansen BV,30,1000.00,2024-01-01,\"Last Contact: called Tuesday\"\n"+
		"C2,De Vries,thirty,500.00,2024-01-01,2026-10-01\n"+
		"C3,Bakker,30,n/a,sometime,2026-10-02\n"), 0o644)
	doc, _ := runOK(t, "--invoices", inv, "--clients", clients, "--as-of", "2026-10-31")
	byID := map[string]map[string]any{}
	for _, c := range doc["clients"].([]any) {
		c := c.(map[string]any)
		byID[c["id"].(string)] = c
	}
	if byID["C1"]["name"] != "Jansen BV" {
		t.Errorf("C1 = %v; want its name from the clients table", byID["C1"]["name"])
	}
	flags := fmt.Sprint(byID["C1"]["flags"])
	if !strings.Contains(flags, "over-credit-limit") {
		t.Errorf("C1 flags = %s; want over-credit-limit (5000.00 open, limit 1000.00)", flags)
	}
	if byID["C3"]["name"] != "Bakker" {
		t.Errorf("C3 = %v; want its name, with the bad credit limit and start date left out", byID["C3"]["name"])
	}
	dq := doc["data_quality"].(map[string]any)
	problems := fmt.Sprint(dq["problems"])
	for _, want := range []string{
		`clients.csv: row 2, column "Last Contact": "Last Contact: called Tuesday" is not a date; kept as text`,
		`clients.csv: row 3, column "Payment Terms": "thirty" is not a number of days; the client is kept with the default terms`,
		`clients.csv: row 4, column "Credit Limit": "n/a" is not an amount; the client is kept without a credit limit`,
		`inv.csv: row 2, column "Disputed": "maybe" is not yes or no; the invoice is kept as not disputed`,
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems %s\nlack %s", problems, want)
		}
	}
	if dq["rows_skipped"] != 0.0 {
		t.Errorf("rows_skipped = %v; want 0", dq["rows_skipped"])
	}
}

// TestNonRegularInputs: a pipe (a FIFO, or <(command)), a device or a
// folder as input fails at once with a message, instead of hanging.
func TestNonRegularInputs(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe() // what <(command) hands over: /dev/fd/N
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	procSub := fmt.Sprintf("/dev/fd/%d", r.Fd())
	tests := []struct{ path, want string }{
		{fifo, "is a pipe, not a file"},
		{procSub, "is a pipe, not a file"},
		{"/dev/zero", "is a device, not a file"},
		{dir, "is a folder, not a file"},
	}
	for _, tt := range tests {
		done := make(chan error, 1)
		go func() {
			done <- run([]string{"--invoices", tt.path, "--out", filepath.Join(dir, "out"), "-q"}, new(bytes.Buffer), new(bytes.Buffer))
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: %v; want %q", tt.path, err, tt.want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still reading after 10 s", tt.path)
		}
	}
}

// TestHugeCells: a cell of megabytes is cut to a sane length (with a
// marker) in messages and in every output, instead of being copied into
// each of them whole.
func TestHugeCells(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1793491200") // 2026-11-01
	huge := strings.Repeat("Jansen ", 5<<20/7)  // 5 MB
	dir := t.TempDir()
	inv := filepath.Join(dir, "inv.csv")
	var csv strings.Builder
	csv.WriteString("Invoice No,Client,Invoice Date,Amount\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&csv, "F%d,C%d,2026-01-%02d,10.00\n", i, i%3, i)
	}
	fmt.Fprintf(&csv, "F11,%s,2026-01-11,10.00\n", huge)
	fmt.Fprintf(&csv, "F12,C1,%s,10.00\n", huge)
	os.WriteFile(inv, []byte(csv.String()), 0o644)
	out := filepath.Join(dir, "out")
	var stderr bytes.Buffer
	if err := run([]string{"--invoices", inv, "--out", out}, new(bytes.Buffer), &stderr); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if len(line) > 1000 {
			t.Errorf("stderr line of %d bytes: %.200s…", len(line), line)
		}
	}
	if !strings.Contains(stderr.String(), `"Jansen Jansen`) || !strings.Contains(stderr.String(), `…" (5,242,873 characters) is not a date`) {
		t.Errorf("stderr does not name the cut value: %.500s", stderr.String())
	}
	total := 0
	for name, data := range readTree(t, out) {
		total += len(data)
		if strings.Contains(data, strings.Repeat("Jansen ", 1000)) {
			t.Errorf("%s holds the huge value", name)
		}
	}
	if total > 5<<20 {
		t.Errorf("outputs hold %d bytes", total)
	}
	doc, _ := runOK(t, "--invoices", inv)
	names := fmt.Sprint(doc["clients"])
	if !strings.Contains(names, " characters, #") || !strings.Contains(names, "Jansen Jansen") {
		t.Errorf("the client's name is not cut with a marker: %.300s", names)
	}
}

// TestSimilarClientIDs: ids that differ only in case or spacing stay
// separate clients (they may be two), and data quality names them.
func TestSimilarClientIDs(t *testing.T) {
	inv := filepath.Join(t.TempDir(), "inv.csv")
	os.WriteFile(inv, []byte("Invoice No,Client ID,Invoice Date,Amount\n"+
		"F1,C1,2026-01-05,10.00\nF2,c1 ,2026-01-06,10.00\nF3,C2,2026-01-07,10.00\n"+
		"F4,Acme  BV,2026-01-08,10.00\nF5,acme bv,2026-01-09,10.00\nF6,ACME BV,2026-01-10,10.00\n"), 0o644)
	doc, md := runOK(t, "--invoices", inv, "--as-of", "2026-01-31")
	got := fmt.Sprint(doc["data_quality"].(map[string]any)["similar_client_ids"])
	if want := "[[ACME BV Acme  BV acme bv] [C1 c1]]"; got != want {
		t.Errorf("similar_client_ids = %s; want %s", got, want)
	}
	if len(doc["clients"].([]any)) != 6 {
		t.Errorf("%d clients; want 6 (ids are not merged)", len(doc["clients"].([]any)))
	}
	if !strings.Contains(md, `Client ids that differ only in case or spacing`) {
		t.Error("report.md does not name them")
	}
}

// TestOnlyDrafts: an export whose rows are all drafts or voided fails
// saying what was skipped and why, not "every row was empty".
func TestOnlyDrafts(t *testing.T) {
	inv := filepath.Join(t.TempDir(), "inv.csv")
	os.WriteFile(inv, []byte("Invoice No,Client,Date,Amount,Status\n1,A,2026-01-05,10,Draft\n2,A,2026-01-05,10,draft\n3,B,2026-01-06,5,Concept\n4,B,2026-01-07,5,void\n"), 0o644)
	err := run([]string{"--invoices", inv, "--out", filepath.Join(t.TempDir(), "o"), "-q"}, new(bytes.Buffer), new(bytes.Buffer))
	if want := "no invoices to report on: every row was skipped (3 × draft invoice, 1 × voided or cancelled invoice)"; err == nil || err.Error() != want {
		t.Errorf("run = %v; want %s", err, want)
	}
}
