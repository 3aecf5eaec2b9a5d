package render

import (
	"reflect"
	"testing"
)

// TestTextBlocks: the report's Markdown becomes plain text: escapes
// resolved, emphasis, code and links reduced to their text, tables cell by
// cell, HTML dropped.
func TestTextBlocks(t *testing.T) {
	md := "## Methodology<a id=\"m\"></a>\n\n**DSO** = AR ÷ sales, see `--as-of`;\nnext line \\| \\*not bold\\* &amp; [a link](#x).\n\n" +
		"| Flag | Weight |\n|---|---:|\n| chronic\\-late | 25 |\n| =HYPERLINK\\(\\\"x\\\"\\) | 5 |\n\n- one\n- two\n"
	got := textBlocks([]byte(md))
	want := []textBlock{
		{Heading: true, Cells: []string{"Methodology"}},
		{Cells: []string{"DSO = AR ÷ sales, see --as-of; next line | *not bold* & a link."}},
		{Heading: true, Cells: []string{"Flag", "Weight"}},
		{Cells: []string{"chronic-late", "25"}},
		{Cells: []string{`=HYPERLINK("x")`, "5"}},
		{Cells: []string{"• one"}},
		{Cells: []string{"• two"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("textBlocks =\n%+v\nwant\n%+v", got, want)
	}
}
