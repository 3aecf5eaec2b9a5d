package render

import (
	"strings"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/metrics"
)

func monthOf(pt metrics.Point) civil.Month { return civil.MonthOf(pt.End) }

// EscapeMarkdown makes spreadsheet text inert in Markdown, also inside a
// table cell: line breaks and tabs become spaces and every ASCII
// punctuation character is backslash-escaped, so that pipes, asterisks,
// backticks, brackets and angle brackets stay text.
func EscapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\r' || r == '\n' || r == '\t':
			b.WriteByte(' ')
		case r < 0x80 && strings.ContainsRune("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// markdownTable writes a GitHub-flavoured table. Cells are already
// formatted and escaped.
func markdownTable(t Table) string {
	if len(t.Rows) == 0 {
		return "_None._\n"
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
