package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/arreport -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\ngot:  %s\nwant: %s\n(run go test ./cmd/arreport -update after an intended change)", name, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs in length: %d lines, want %d", name, len(gl), len(wl))
	}
}

// dataURI matches the static charts inlined in report.html.
var dataURI = regexp.MustCompile(`data:image/svg\+xml;base64,[A-Za-z0-9+/=]+`)

// htmlBody is the marked region of report.html that the golden file
// holds: the body between <main> and </main>, with each inlined SVG
// replaced by its hash (the SVGs themselves are checked in report_files).
func htmlBody(t *testing.T, page []byte) []byte {
	start, end := bytes.Index(page, []byte("<main>")), bytes.Index(page, []byte("</main>"))
	if start < 0 || end < start {
		t.Fatal("report.html has no <main> region")
	}
	return dataURI.ReplaceAllFunc(page[start:end+len("</main>")], func(uri []byte) []byte {
		return []byte(fmt.Sprintf("data:svg-sha256-%x", sha256.Sum256(uri)))
	})
}

func TestSamplesGolden(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if err := run([]string{"--out", out}, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	for _, name := range []string{"metrics.json", "report.md"} {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "samples."+name, got)
	}
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "samples.report.html-main", htmlBody(t, page))
	if len(page) > 2<<20 {
		t.Errorf("report.html is %d bytes; want under 2 MB", len(page))
	}
	// Every chart report.md links to exists.
	md, _ := os.ReadFile(filepath.Join(out, "report.md"))
	links := regexp.MustCompile(`\]\((report_files/[^)]+\.svg)\)`).FindAllSubmatch(md, -1)
	if len(links) < 3 {
		t.Errorf("report.md links %d charts; want the trend, aging, concentration and client charts", len(links))
	}
	for _, l := range links {
		if _, err := os.Stat(filepath.Join(out, string(l[1]))); err != nil {
			t.Errorf("report.md links a missing chart: %v", err)
		}
	}
	if !strings.Contains(stdout.String(), "bundled sample company") {
		t.Errorf("stdout does not say the samples were used: %q", stdout.String())
	}
}

// TestDeterministic runs twice and compares the bytes.
func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := run([]string{"--out", dir, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	filepath.WalkDir(a, func(path string, d os.DirEntry, err error) error {
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(a, path)
		x, _ := os.ReadFile(path)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) || len(x) == 0 {
			t.Errorf("%s differs between two runs", rel)
		}
		n++
		return nil
	})
	if n < 5 {
		t.Errorf("compared %d files; want every output", n)
	}
}

// TestIBMSample checks the real IBM export against figures computed by
// hand for as-of 2013-06-30 (see shared/data/ibm-accounts-receivable).
func TestIBMSample(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "ibm-accounts-receivable", "WA_Fn-UseC_-Accounts-Receivable.csv")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared data not beside the repository: %v", err)
	}
	out := t.TempDir()
	if err := run([]string{"--invoices", path, "--as-of", "2013-06-30", "--currency", "USD", "--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Portfolio struct {
			Months []struct {
				MonthEnd     string   `json:"month_end"`
				AR           string   `json:"ar"`
				Current      string   `json:"current"`
				DSO          *float64 `json:"dso"`
				DSOCountback *float64 `json:"dso_countback"`
			} `json:"months"`
		} `json:"portfolio"`
	}
	data, _ := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	m := doc.Portfolio.Months[len(doc.Portfolio.Months)-1]
	if m.MonthEnd != "2013-06-30" || m.AR != "5119.85" || m.Current != "4284.29" || *m.DSO != 23.2 || *m.DSOCountback != 26.3 {
		t.Errorf("IBM at 2013-06-30 = %+v, DSO %v, countback %v; want AR 5119.85, current 4284.29, DSO 23.2, countback 26.3", m, *m.DSO, *m.DSOCountback)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--months", "0"}, "months must be 1 to 120"},
		{[]string{"--as-of", "03-04-2026"}, `--as-of "03-04-2026" could be day-month or month-day`},
		{[]string{"--as-of", "2026-02-30"}, `--as-of "2026-02-30" is not a date`},
		{[]string{"--as-of", "45961"}, `--as-of "45961" is not a date`},
		{[]string{"--invoices", ""}, "--invoices was given an empty file name"},
		{[]string{"--invoices", "a.csv", "--payments", ""}, "--payments was given an empty file name"},
		{[]string{"--out", ""}, "--out was given an empty value"},
		{[]string{"--templates", "/no/such/folder"}, `--templates "/no/such/folder": no such folder`},
		{[]string{"--buckets", "30,x"}, "--buckets"},
		{[]string{"--buckets", "60,30"}, "increasing"},
		{[]string{"stray.xlsx"}, `unexpected argument "stray.xlsx"`},
		{[]string{"--clients", "c.xlsx"}, "--clients, --payments, --sales and --activity need --invoices"},
		{[]string{"--nope"}, "unknown flag: --nope"},
	}
	for _, tt := range tests {
		err := run(tt.args, new(bytes.Buffer), new(bytes.Buffer))
		if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("run(%q) = %v; want a usage error with %q", tt.args, err, tt.want)
		}
	}
}

// TestAsOfFormats: --as-of takes the unambiguous forms the exports use.
func TestAsOfFormats(t *testing.T) {
	for _, v := range []string{"2026-10-31", "31-10-2026", "31/10/2026", "31.10.2026", "31 okt 2026", "31-Oct-2026", "October 31, 2026", "20261031"} {
		cfg, _, err := parseArgs([]string{"--as-of", v}, new(bytes.Buffer))
		if err != nil || cfg.asOf.String() != "2026-10-31" {
			t.Errorf("--as-of %q: %v, %v; want 2026-10-31", v, cfg, err)
		}
	}
	// An order given for the files settles a day-month flag too.
	cfg, _, err := parseArgs([]string{"--as-of", "03-04-2026", "--date-order", "mdy"}, new(bytes.Buffer))
	if err != nil || cfg.asOf.String() != "2026-03-04" {
		t.Errorf("--as-of 03-04-2026 --date-order mdy: %v; want 2026-03-04", err)
	}
}

// TestHelpIsClean: switches show no [=true|false], values a name.
func TestHelpIsClean(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"--help"}, &out, new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	help := out.String()
	for _, bad := range []string{"[=true|false]", "stringArray", " string ", " int "} {
		if strings.Contains(help, bad) {
			t.Errorf("--help shows %q:\n%s", bad, help)
		}
	}
	for _, want := range []string{"  -q, --quiet ", "--invoices FILE", "--as-of DATE", "--strict "} {
		if !strings.Contains(help, want) {
			t.Errorf("--help lacks %q", want)
		}
	}
}

func TestFailedRunKeepsEarlierReport(t *testing.T) {
	out := t.TempDir()
	if err := run([]string{"--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(out, "report.md"))
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("Invoice No,Client,Amount\n1,A,10\n"), 0o644)
	err := run([]string{"--invoices", bad, "--out", out}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || errors.Is(err, errUsage) {
		t.Fatalf("run on a bad file = %v; want a run error", err)
	}
	after, _ := os.ReadFile(filepath.Join(out, "report.md"))
	if !bytes.Equal(before, after) {
		t.Error("a failed run changed the earlier report")
	}
	filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if strings.HasPrefix(d.Name(), ".") && path != out {
			t.Errorf("temporary file left behind: %s", path)
		}
		return nil
	})
	if entries, _ := os.ReadDir(out); len(entries) != 6 {
		t.Errorf("output holds %d entries; want metrics.json, report.html, report.md, report.xlsx, report.eml, report_files", len(entries))
	}
}

func TestStrict(t *testing.T) {
	path := filepath.Join(t.TempDir(), "inv.csv")
	os.WriteFile(path, []byte("Invoice No,Client,Invoice Date,Amount\n1,A,2026-01-05,10\n2,A,2026-01-06,ten\n"), 0o644)
	var stderr bytes.Buffer
	if err := run([]string{"--invoices", path, "--out", t.TempDir(), "-q"}, new(bytes.Buffer), &stderr); err != nil {
		t.Fatalf("without --strict: %v", err)
	}
	if !strings.Contains(stderr.String(), `inv.csv: row 3, column "Amount": "ten" is not an amount`) {
		t.Errorf("stderr = %q; want the row problem", stderr.String())
	}
	if err := run([]string{"--invoices", path, "--out", t.TempDir(), "--strict"}, new(bytes.Buffer), new(bytes.Buffer)); err == nil || !strings.Contains(err.Error(), "--strict") {
		t.Errorf("with --strict: %v; want failure", err)
	}
}

// buildBinary builds the command into the test's temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "arreport")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestBinary builds the command and runs it on the bundled samples, as a
// user would, checking exit statuses.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	out := t.TempDir()
	cmd := exec.Command(bin, "--out", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("arreport on the samples: %v\n%s", err, msg)
	}
	got, _ := os.ReadFile(filepath.Join(out, "metrics.json"))
	golden(t, "samples.metrics.json", got)
	for _, tt := range []struct {
		args []string
		code int
	}{{[]string{"--months", "x"}, 2}, {[]string{"--invoices", filepath.Join(out, "missing.xlsx")}, 1}, {[]string{"--help"}, 0}} {
		err := exec.Command(bin, tt.args...).Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		if code != tt.code {
			t.Errorf("arreport %q exit %d; want %d", tt.args, code, tt.code)
		}
	}
}

func TestCurrenciesNeedRates(t *testing.T) {
	dir := t.TempDir()
	inv := filepath.Join(dir, "inv.csv")
	os.WriteFile(inv, []byte("Invoice No,Client,Invoice Date,Amount,Currency\n1,A,2026-01-05,100.00,EUR\n2,A,2026-01-06,100.01,USD\n"), 0o644)
	err := run([]string{"--invoices", inv, "--out", dir, "-q"}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), "(EUR, USD)") || !strings.Contains(err.Error(), "--fx") {
		t.Fatalf("mixed currencies without rates: %v", err)
	}
	rates := filepath.Join(dir, "rates.csv")
	os.WriteFile(rates, []byte("Currency;Rate\nUSD;0,925\n"), 0o644)
	out := filepath.Join(dir, "out")
	if err := run([]string{"--invoices", inv, "--fx", rates, "--currency", "EUR", "--as-of", "2026-01-31", "--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(out, "metrics.json"))
	// 100.00 EUR + 100.01 USD × 0.925 (92.51 EUR) = 192.51 EUR.
	if !strings.Contains(string(data), `"ar": "192.51"`) || !strings.Contains(string(data), `"currency": "EUR"`) {
		t.Errorf("converted AR missing from metrics.json")
	}
}

func TestTemplatesOverride(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "tpl")
	var stdout bytes.Buffer
	if err := run([]string{"--write-templates", dir}, &stdout, new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"report.md.tmpl", "report.html.tmpl", "components.html.tmpl", "report.css", "messages.en.toml", "messages.nl.toml"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("--write-templates did not write %s", name)
		}
	}
	// Writing again refuses to overwrite a user's edits.
	if err := run([]string{"--write-templates", dir}, new(bytes.Buffer), new(bytes.Buffer)); err == nil {
		t.Error("--write-templates overwrote existing templates")
	}
	md := filepath.Join(dir, "report.md.tmpl")
	src, _ := os.ReadFile(md)
	edited := strings.Replace(string(src), `# {{t "title" "Date" .AsOf}}`, "# Debiteurenrapport per {{.AsOf}}", 1)
	os.WriteFile(md, []byte(edited), 0o644)
	// Any sentence can be changed in the copied catalog too.
	catalog := filepath.Join(dir, "messages.en.toml")
	words, _ := os.ReadFile(catalog)
	os.WriteFile(catalog, []byte(strings.Replace(string(words), `other = "What changed"`, `other = "Movements of the month"`, 1)), 0o644)
	out := t.TempDir()
	if err := run([]string{"--templates", dir, "--out", out, "-q"}, new(bytes.Buffer), new(bytes.Buffer)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"report.md", "report.html"} {
		b, _ := os.ReadFile(filepath.Join(out, name))
		if !strings.Contains(string(b), "Debiteurenrapport per 31 Oct 2026") || !strings.Contains(string(b), "Movements of the month") {
			t.Errorf("%s does not use the edited template and catalog", name)
		}
	}
	// A broken template fails the run and says which.
	os.WriteFile(md, []byte("{{.Nope"), 0o644)
	err := run([]string{"--templates", dir, "--out", t.TempDir(), "-q"}, new(bytes.Buffer), new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), "report.md.tmpl") {
		t.Errorf("broken template: %v", err)
	}
	// So does a broken catalog, parsed while the exports are read, and its
	// error is the one said, with an input given or the samples.
	os.WriteFile(md, src, 0o644)
	os.WriteFile(catalog, []byte("broken = ["), 0o644)
	for _, input := range [][]string{nil, {"--invoices", "../../samples/invoices.xlsx"}} {
		err = run(append([]string{"--templates", dir, "--out", t.TempDir(), "-q"}, input...), new(bytes.Buffer), new(bytes.Buffer))
		if err == nil || !strings.Contains(err.Error(), "messages.en.toml") {
			t.Errorf("broken catalog, input %q: %v", input, err)
		}
	}
}

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	// Not a terminal: silent.
	p := newProgress(&buf, false)
	p.show("reading %s: %d rows", "x.csv", 50000)
	p.done()
	if buf.Len() != 0 {
		t.Errorf("progress wrote %q to a non-terminal", buf.String())
	}
	// On a terminal: one line, rewritten, cleared at the end.
	p = &progress{w: &buf, active: true}
	p.show("reading %s: %d rows", "x.csv", 50000)
	p.show("writing the report")
	p.done()
	if got := buf.String(); got != "\r\x1b[Kreading x.csv: 50000 rows\r\x1b[Kwriting the report\r\x1b[K" {
		t.Errorf("progress wrote %q", got)
	}
}

// TestSamplesTellTheEngagementStories: the bundled dunning log makes each
// engagement flag fire for the client whose story it tells, leaves every
// other client without one, and the report shows the worklist and the
// forecast, which adds up to AR to the cent.
func TestSamplesTellTheEngagementStories(t *testing.T) {
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if err := run([]string{"--out", out, "--quiet"}, &stdout, &stderr); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	var m struct {
		Portfolio struct {
			Months []struct {
				AR string `json:"ar"`
			} `json:"months"`
		} `json:"portfolio"`
		Clients []struct {
			ID    string `json:"id"`
			Flags []struct {
				ID string `json:"id"`
			} `json:"flags"`
		} `json:"clients"`
		Worklist []struct {
			ID       string `json:"id"`
			NextStep struct {
				ID string `json:"id"`
			} `json:"next_step"`
		} `json:"worklist"`
		Forecast jsonForecast `json:"forecast"`
		Quality  struct {
			Unknown map[string]int `json:"unknown_activity_types"`
		} `json:"data_quality"`
	}
	data, _ := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	// Jansen ignores three reminders and has gone quiet, Hendriks broke
	// a promise, Café 't Hoekje has gone quiet; no one else.
	want := map[string][]string{"C0003": {"reminders-ignored", "gone-quiet"}, "C0009": {"broken-promise"}, "C0005": {"gone-quiet"}}
	for _, c := range m.Clients {
		var got []string
		for _, f := range c.Flags {
			if f.ID == "reminders-ignored" || f.ID == "broken-promise" || f.ID == "gone-quiet" {
				got = append(got, f.ID)
			}
		}
		if !slices.Equal(got, want[c.ID]) {
			t.Errorf("%s: engagement flags %v; want %v", c.ID, got, want[c.ID])
		}
	}
	steps := map[string]string{}
	for _, w := range m.Worklist {
		steps[w.ID] = w.NextStep.ID
	}
	if steps["C0002"] != "await-promise" || steps["C0008"] != "resolve-dispute" || steps["C0003"] != "collections" {
		t.Errorf("next steps = %v; want Van Dijk awaiting its promise, De Vries's dispute, Jansen to collections", steps)
	}
	if len(m.Quality.Unknown) != 1 || m.Quality.Unknown["Memo"] != 1 {
		t.Errorf("unknown activity types = %v; want the one Memo", m.Quality.Unknown)
	}
	if sum, ar := m.Forecast.total(t), jsonCents(t, m.Portfolio.Months[len(m.Portfolio.Months)-1].AR); len(m.Forecast.Weeks) != 13 || sum != ar {
		t.Errorf("forecast: %d weeks adding up to %d cents with the rest; want 13 weeks and AR %d", len(m.Forecast.Weeks), sum, ar)
	}
	md, _ := os.ReadFile(filepath.Join(out, "report.md"))
	for _, h := range []string{"## Collection worklist", "## Cash-in forecast", "reminders and calls since"} {
		if !bytes.Contains(md, []byte(h)) {
			t.Errorf("report.md lacks %q", h)
		}
	}
}
