package wording

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/money"
)

func catalog(t *testing.T, tag string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "templates", CatalogName(tag)))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestFormats(t *testing.T) {
	en, nl := formats["en"], formats["nl"]
	tests := []struct{ got, want string }{
		{money.Cents(123450).String(), "1234.50"},
		{en.Money(123456789, "EUR"), "€1,234,567.89"},
		{en.Money(-1200, "EUR"), "-€12.00"},
		{nl.Money(123456, "EUR"), "€ 1.234,56"},
		{nl.Money(-1200, "EUR"), "€ -12,00"},
		{en.Money(100, "SEK"), "SEK 1.00"},
		{nl.Money(100, ""), "1,00"},
		{en.Number(23.25), "23.3"},
		{en.Number(-0.04), "0.0"},
		{nl.Number(12.5), "12,5"},
		{nl.Date(civil.New(2026, 10, 31)), "31 okt 2026"},
		{en.Date(civil.New(2026, 10, 31)), "31 Oct 2026"},
		{nl.Int(1949), "1.949"},
		{nl.Days(nil), "n.v.t."},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q; want %q", tt.got, tt.want)
		}
	}
}

// TestCatalogsMatch: every message of the English catalog is in the
// Dutch one and the other way round, with the same placeholders, and
// counted messages have both plural forms.
func TestCatalogsMatch(t *testing.T) {
	var en, nl map[string]map[string]string
	if _, err := toml.Decode(string(catalog(t, "en")), &en); err != nil {
		t.Fatal(err)
	}
	if _, err := toml.Decode(string(catalog(t, "nl")), &nl); err != nil {
		t.Fatal(err)
	}
	holes := regexp.MustCompile(`\{\{\.\w+\}\}`)
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, h := range holes.FindAllString(s, -1) {
			m[h] = true
		}
		return m
	}
	for id, e := range en {
		n, ok := nl[id]
		if !ok {
			t.Errorf("%s: no Dutch message", id)
			continue
		}
		if (e["one"] != "") != (n["one"] != "") {
			t.Errorf("%s: plural forms differ", id)
		}
		for h := range set(e["other"] + e["one"]) {
			if !set(n["other"] + n["one"])[h] && h != "{{.Count}}" {
				t.Errorf("%s: the Dutch message lacks %s", id, h)
			}
		}
	}
	for id := range nl {
		if _, ok := en[id]; !ok {
			t.Errorf("%s: no English message", id)
		}
	}
}

func TestPlurals(t *testing.T) {
	nl, err := New("nl", catalog(t, "nl"))
	if err != nil {
		t.Fatal(err)
	}
	en, _ := New("en", catalog(t, "en"))
	tests := []struct{ got, want string }{
		{nl.T("n_invoices", "Count", 1), "1 factuur"},
		{nl.T("n_invoices", "Count", 3), "3 facturen"},
		{en.T("n_invoices", "Count", 1), "1 invoice"},
		{en.T("n_invoices", "Count", 0), "0 invoices"},
		{nl.T("title", "Date", "31 okt 2026"), "Debiteurenrapportage, 31 okt 2026"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q; want %q", tt.got, tt.want)
		}
	}
	if nl.T("no_such_message") != "[no_such_message]" || len(nl.Missing()) != 1 {
		t.Errorf("a missing message is not reported: %v", nl.Missing())
	}
}
