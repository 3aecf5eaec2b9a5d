package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// scenarios are the runs with golden files of their own, in the manner
// of benchstat's testdata: the samples in English and Dutch, a Dutch
// open-item list, and a run in several currencies. go test -update
// rewrites them; review the diff.
var scenarios = []struct {
	name string
	args []string
}{
	{"samples.nl", []string{"--lang", "nl"}},
	{"openitems.en", []string{"--invoices", "testdata/scenarios/openitems.csv"}},
	{"openitems.nl", []string{"--invoices", "testdata/scenarios/openitems.csv", "--lang", "nl"}},
	{"fx.en", []string{"--invoices", "testdata/scenarios/fx-invoices.csv", "--fx", "testdata/scenarios/fx-rates.csv", "--currency", "EUR", "--as-of", "2026-10-31"}},
	{"fx.nl", []string{"--invoices", "testdata/scenarios/fx-invoices.csv", "--fx", "testdata/scenarios/fx-rates.csv", "--currency", "EUR", "--as-of", "2026-10-31", "--lang", "nl"}},
}

// runScenario runs the command into a temporary folder and returns it.
func runScenario(t *testing.T, args []string) string {
	t.Helper()
	t.Setenv("SOURCE_DATE_EPOCH", "1795996800") // 2026-11-30
	out := t.TempDir()
	var stderr bytes.Buffer
	if err := run(append(args, "--out", out, "-q"), new(bytes.Buffer), &stderr); err != nil {
		t.Fatalf("run %q: %v\n%s", args, err, stderr.String())
	}
	return out
}

// TestScenarioGoldens compares every renderer's output of each scenario
// with its golden file, and metrics.json with that of the same run in
// the other language: the language changes words, never figures.
func TestScenarioGoldens(t *testing.T) {
	jsons := map[string][]byte{}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			out := runScenario(t, sc.args)
			md, _ := os.ReadFile(filepath.Join(out, "report.md"))
			golden(t, "scenarios/"+sc.name+".report.md", md)
			page, _ := os.ReadFile(filepath.Join(out, "report.html"))
			golden(t, "scenarios/"+sc.name+".report.html-main", htmlBody(t, page))
			js, _ := os.ReadFile(filepath.Join(out, "metrics.json"))
			base := strings.TrimSuffix(strings.TrimSuffix(sc.name, ".nl"), ".en")
			if strings.HasSuffix(sc.name, ".en") {
				golden(t, "scenarios/"+base+".metrics.json", js)
			}
			jsons[sc.name] = js
		})
		if jsons[sc.name] == nil {
			t.Fatalf("%s did not run", sc.name)
		}
	}
	samplesEN := runScenario(t, nil)
	jsons["samples.en"], _ = os.ReadFile(filepath.Join(samplesEN, "metrics.json"))
	for _, base := range []string{"samples", "openitems", "fx"} {
		if !bytes.Equal(jsons[base+".en"], jsons[base+".nl"]) {
			t.Errorf("%s: metrics.json differs between --lang en and --lang nl", base)
		}
	}
}

// englishWords are common English words of the report that are no Dutch
// words: one of them in a Dutch report is a sentence left untranslated.
// (Words that are Dutch too, such as in, is, of, was, per, best, trend,
// details, late and credit, are left out.)
var englishWords = strings.Fields(`the and are were with without since from for to by on
	invoice invoices client clients customer receivables overdue paid payment payments days day
	average amount amounts share total current flag flags risk report sales month months year ago
	due issued rows read skipped what changed aging quality methodology figure change
	none yes no not more than which this that these when where after before all any
	possible countback collection effectiveness delinquent cumulative balance limit note notes
	settled settlement table sheet header column field how recognised mapped unconcentrated highly
	moderately concentrated rule weight lookback window weeks last first new high low medium critical`)

// visibleHTML returns the text a reader sees in report.html, and the
// strings of the chart options (titles, axis names, series, labels).
// Text nodes that are exactly one of drop are left out (field names in
// the mapping table, which stay English).
func visibleHTML(t *testing.T, page []byte, drop map[string]bool) string {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		if n.Type == html.TextNode && !drop[strings.TrimSpace(n.Data)] {
			b.WriteString(n.Data + " ")
		}
		for _, a := range n.Attr {
			switch a.Key {
			case "title", "alt", "aria-label":
				b.WriteString(a.Val + " ")
			case "data-option":
				var option any
				if err := json.Unmarshal([]byte(a.Val), &option); err != nil {
					t.Errorf("chart option: %v", err)
				}
				var strs func(any)
				strs = func(v any) {
					switch v := v.(type) {
					case string:
						b.WriteString(v + " ")
					case []any:
						for _, x := range v {
							strs(x)
						}
					case map[string]any:
						for k, x := range v {
							if k == "name" || k == "text" || k == "data" || k == "title" || k == "xAxis" || k == "yAxis" || k == "series" || k == "legend" {
								strs(x)
							}
						}
					}
				}
				strs(option)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

// TestDutchHasNoEnglish scans the Dutch reports (the samples and a Dutch
// open-item list): the visible text of report.html, its chart options
// and report.md, with the values from the inputs taken out (client
// names, ids, invoice numbers, file, sheet and column names, field
// names), hold no English word.
func TestDutchHasNoEnglish(t *testing.T) {
	for _, args := range [][]string{{"--lang", "nl"}, {"--invoices", "testdata/scenarios/openitems.csv", "--lang", "nl"}} {
		out := runScenario(t, args)
		doc := metricsOf(t, out)
		var inputs []string
		fields := map[string]bool{}
		for _, c := range doc["clients"].([]any) {
			c := c.(map[string]any)
			inputs = append(inputs, c["name"].(string), c["id"].(string))
		}
		for _, in := range doc["inputs"].([]any) {
			in := in.(map[string]any)
			inputs = append(inputs, in["file"].(string))
			if sheet, ok := in["sheet"].(string); ok {
				inputs = append(inputs, sheet)
			}
			for field, header := range in["columns"].(map[string]any) {
				inputs = append(inputs, header.(string), "| "+field+" |") // field names stay English
				fields[field] = true
			}
		}
		// Longest first, so that a name is not cut up by a shorter one in it.
		slices.SortFunc(inputs, func(a, b string) int { return len(b) - len(a) })
		md, _ := os.ReadFile(filepath.Join(out, "report.md"))
		page, _ := os.ReadFile(filepath.Join(out, "report.html"))
		for name, text := range map[string]string{"report.md": strings.ReplaceAll(string(md), `\`, ""), "report.html": visibleHTML(t, page, fields)} {
			for _, s := range inputs {
				text = strings.ReplaceAll(text, s, " ")
			}
			// The mapping table's columns and fields, and the audit trail's
			// file and sheet names, are the user's own words.
			text = regexp.MustCompile(`(?m)^\|[^|\n]*\.(xlsx|csv) \|.*$`).ReplaceAllString(text, " ")
			text = regexp.MustCompile(`(?s)Apache ECharts.*?apache\.org/\)\.`).ReplaceAllString(text, " ") // the library's notice, as its licence has it
			text = regexp.MustCompile(`[\w.-]+\.(xlsx|csv|svg|json)|--[a-z-]+|\b[a-z]+_[a-z_]+\b|https?://\S+|#?client[-_]\d+\w*`).ReplaceAllString(text, " ")
			words := map[string]bool{}
			for _, w := range regexp.MustCompile(`[A-Za-z]+`).FindAllString(text, -1) {
				words[strings.ToLower(w)] = true
			}
			for _, e := range englishWords {
				if words[e] {
					i := strings.Index(strings.ToLower(text), " "+e+" ")
					t.Errorf("%q %s holds the English word %q: …%s…", args, name, e, text[max(0, i-80):min(len(text), i+80)])
				}
			}
		}
	}
}

// TestDutchMessages: with --lang nl the command's own messages and the
// errors of the lower layers are Dutch too, with the flag that helps.
func TestDutchMessages(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(data), 0o644)
		return path
	}
	tests := []struct {
		name, file string
		want       []string
	}{
		{"no header", write("kolommen.csv", "Naam,Straat,Plaats\nJansen,Kerkstraat 1,Utrecht\n"),
			[]string{"kolommen.csv: geen koprij van de facturen gevonden in de eerste 30 rijen", "rij 1", `"Naam", "Straat", "Plaats"`, "issue_date (herkend:", "hernoem de kolommen"}},
		{"currencies", write("valuta.csv", "Factuurnummer,Klant,Factuurdatum,Bedrag,Valuta\n1,A,2026-01-05,10,EUR\n2,A,2026-01-06,10,USD\n"),
			[]string{"de facturen staan in 2 valuta (EUR, USD)", "--fx", "--currency EUR"}},
		{"ambiguous dates", write("datums.csv", "Factuurnummer,Klant,Factuurdatum,Bedrag\n1,A,01/02/2026,10\n"),
			[]string{"datums.csv: kolom \"Factuurdatum\" heeft datums zoals \"01/02/2026\" die dag-maand of maand-dag kunnen zijn", "--date-order dmy"}},
		{"most rows bad", write("slecht.csv", "Factuurnummer;Klant;Factuurdatum;Bedrag\nF1;A;31-02-2026;10,00\nF2;A;32-01-2026;10,00\nF3;A;15-01-2026;10,00\n"),
			[]string{"slecht.csv: 2 van 3 rijen konden niet worden gelezen", `rij 2, kolom "Factuurdatum": "31-02-2026" is geen datum`, "--date-order"}},
		{"only drafts", write("concept.csv", "Factuurnummer,Klant,Factuurdatum,Bedrag,Status\n1,A,2026-01-05,10,concept\n"),
			[]string{"geen facturen om over te rapporteren: elke rij is overgeslagen (1 × conceptfactuur)"}},
	}
	for _, tt := range tests {
		err := run([]string{"--invoices", tt.file, "--lang", "nl", "--out", filepath.Join(dir, "out"), "-q"}, new(bytes.Buffer), new(bytes.Buffer))
		for _, w := range tt.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v; want %q", tt.name, err, w)
			}
		}
	}
	// Row problems on stderr and in the report, and the closing line.
	inv := write("facturen.csv", "Factuurnummer,Klant,Factuurdatum,Bedrag\nF1,A,2026-01-05,10.00\nF2,A,2026-01-06,tien\nF3,A,2026-01-07,10.00\nF4,A,2026-01-08,10.00\n")
	out := filepath.Join(dir, "rapport")
	var stdout, stderr bytes.Buffer
	if err := run([]string{"--invoices", inv, "--lang", "nl", "--out", out, "--as-of", "2026-01-31"}, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"waarschuwing: 1 probleem in een rij", `facturen.csv: rij 3, kolom "Bedrag": "tien" is geen bedrag`} {
		if !strings.Contains(stderr.String(), w) {
			t.Errorf("stderr %q lacks %q", stderr.String(), w)
		}
	}
	if !strings.Contains(stdout.String(), "peildatum 31 jan 2026: 1 debiteuren") {
		t.Errorf("stdout = %q", stdout.String())
	}
	md, _ := os.ReadFile(filepath.Join(out, "report.md"))
	if !strings.Contains(string(md), `rij 3\, kolom \"Bedrag\"\: \"tien\" is geen bedrag`) {
		t.Errorf("report.md does not list the problem in Dutch")
	}
}

// TestStaticChartsStartAtZero reads every static chart (SVG) of the
// samples and of an open-item list: the value axis's lowest label is 0
// (or below, for negative values), as on the live charts; a cut axis
// makes a 3-day change look like a cliff.
func TestStaticChartsStartAtZero(t *testing.T) {
	label := regexp.MustCompile(`<text x="(\d+)"[^>]*>(-?[0-9.,]+)[kM%]?</text>`)
	for _, args := range [][]string{nil, {"--invoices", "testdata/scenarios/openitems.csv"}} {
		out := runScenario(t, args)
		svgs, _ := filepath.Glob(filepath.Join(out, "report_files", "*.svg"))
		if len(svgs) < 3 {
			t.Fatalf("%d charts", len(svgs))
		}
		for _, path := range svgs {
			data, _ := os.ReadFile(path)
			lowest, found := 0.0, false
			for _, m := range label.FindAllSubmatch(data, -1) {
				x, _ := strconv.Atoi(string(m[1]))
				if x > 80 || bytes.Contains(m[0], []byte("rotate")) {
					continue // a category label, not the value axis's
				}
				v, err := strconv.ParseFloat(strings.ReplaceAll(string(m[2]), ",", ""), 64)
				if err != nil {
					continue
				}
				if !found || v < lowest {
					lowest, found = v, true
				}
			}
			if !found || lowest > 0 {
				t.Errorf("%s: the value axis starts at %v (labels found: %v); want 0", filepath.Base(path), lowest, found)
			}
		}
	}
}
