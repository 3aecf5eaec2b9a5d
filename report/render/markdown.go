package render

import (
	"strings"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/metrics"
)

func monthOf(pt metrics.Point) civil.Month { return civil.MonthOf(pt.End) }

// EscapeMarkdown makes spreadsheet text inert in Markdown, also inside a
// table cell: line breaks and tabs become spaces, every ASCII punctuation
// character is backslash-escaped, so that pipes, asterisks, backticks,
// brackets and angle brackets stay text, and bidi controls are dropped
// (a right-to-left override would turn the rest of the line around).
func EscapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r' || r == '\n' || r == '\t':
			b.WriteByte(' ')
		case input.IsBidiControl(r):
		case r < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Values in the Markdown that becomes report.html are set between a
// first-strong isolate and a pop (U+2068, U+2069): markdownToHTML turns
// them into <bdi> elements, so that a right-to-left name never reorders
// the sentence around it. Input values hold no bidi controls of their own.
const (
	isolateStart = "\u2068"
	isolateEnd   = "\u2069"
)

// escapeIsolated escapes a value for the HTML report's Markdown and
// isolates it.
func escapeIsolated(s string) string { return isolateStart + EscapeMarkdown(s) + isolateEnd }

// bdiFromIsolates turns the isolates around values into <bdi> elements.
var bdiFromIsolates = strings.NewReplacer(isolateStart, "<bdi>", isolateEnd, "</bdi>")

// markdownTable writes a GitHub-flavoured table, or empty (the
// language's "_None._") when it has no rows. Cells are already formatted
// and escaped.
func markdownTable(t Table, empty string) string {
	if len(t.Rows) == 0 {
		return empty + "\n"
	}
	var b strings.Builder
	b.WriteString("| " + strings.Join(t.Header, " | ") + " |\n|")
	for i := range t.Header {
		if i < len(t.Right) && t.Right[i] {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteByte('\n')
	for _, row := range t.Rows {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	return b.String()
}
