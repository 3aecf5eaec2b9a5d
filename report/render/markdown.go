package render

import (
	"fmt"
	"io"
	"strings"
	"text/template"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/wording"
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

// htmlFixups turns the isolates around values into <bdi> elements, and
// sets every table in a box of its own that scrolls sideways, so that a
// wide table never widens the page (on a phone, say).
var htmlFixups = strings.NewReplacer(isolateStart, "<bdi>", isolateEnd, "</bdi>",
	"<table>", `<div class="table-scroll"><table>`, "</table>", "</table></div>")

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

func executeText(src string, v *View, funcs template.FuncMap) ([]byte, error) {
	tmpl, err := template.New("report.md.tmpl").Funcs(funcs).Parse(src)
	if err != nil {
		return nil, fmt.Errorf("template report.md.tmpl: %w", err)
	}
	return executeLimited("report.md.tmpl", func(w io.Writer) error { return tmpl.Execute(w, v) })
}

func chartTitles(v *View) map[string]string {
	m := map[string]string{}
	for _, c := range v.Charts {
		m[c.ID] = c.Title
	}
	return m
}

// markdownFuncs fill the template for report.md: charts are images in
// report_files/, anchors are HTML anchors (GitHub keeps their ids).
func markdownFuncs(v *View, l *wording.Lang) template.FuncMap {
	titles := chartTitles(v)
	return template.FuncMap{
		"t":          l.T,
		"table":      func(t Table) string { return markdownTable(t, l.T("none")) },
		"keyFigures": func() string { return markdownTable(v.KeyFigures, l.T("none")) },
		"riskTable":  func() string { return markdownTable(v.AtRisk, l.T("none")) },
		"chart": func(id string) string {
			return fmt.Sprintf("![%s](report_files/%s.svg)\n", EscapeMarkdown(titles[id]), id)
		},
		"anchor":    func(id string) string { return `<a id="` + id + `"></a>` + "\n" },
		"headingID": func(string) string { return "" },
	}
}
