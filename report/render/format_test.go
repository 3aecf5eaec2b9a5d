package render

import (
	"strings"
	"testing"
)

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
		cell := markdownTable(Table{Header: []string{"Client"}, Rows: [][]string{{got}}}, "_None._")
		if n := strings.Count(cell, "\n"); n != 3 {
			t.Errorf("table with %q has %d lines; want 3", name, n)
		}
	}
}
