package render

import (
	"strings"
	"testing"

	"github.com/arreport/arreport/report/money"
)

func TestMoneyFormats(t *testing.T) {
	en, nl := Locales["en"], Locales["nl"]
	tests := []struct {
		got, want string
	}{
		{money.Cents(123450).String(), "1234.50"},
		{money.Cents(-5).String(), "-0.05"},
		{en.Money(123456789, "EUR"), "€1,234,567.89"},
		{nl.Money(-123456, "EUR"), "-€1.234,56"},
		{en.Money(100, "SEK"), "SEK 1.00"},
		{en.Number(23.25), "23.3"},
		{en.Number(-0.04), "0.0"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q; want %q", tt.got, tt.want)
		}
	}
}

func TestEscapeMarkdown(t *testing.T) {
	for _, name := range []string{"Pipe | Star * Co", "</script><script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "Back`tick` [link](x)\nnext line"} {
		got := EscapeMarkdown(name)
		// Every punctuation character must stand behind a backslash.
		for i := 0; i < len(got); i++ {
			switch c := got[i]; {
			case c == '\\':
				i++
			case c == '\n' || strings.IndexByte("<>|*`[]()\"", c) >= 0:
				t.Errorf("EscapeMarkdown(%q) = %q: %q at %d is not escaped", name, got, c, i)
			}
		}
		cell := markdownTable(Table{Header: []string{"Client"}, Rows: [][]string{{got}}})
		if n := strings.Count(cell, "\n"); n != 3 {
			t.Errorf("table with %q has %d lines; want 3", name, n)
		}
	}
}
