package render

import (
	"bytes"
	"fmt"
	"io"
	"text/template"

	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/templates"
)

// Methodology renders the report's methodology section on its own, for
// the given parameters, as Markdown: docs/METHODOLOGY.md is this with the
// defaults, so the document in the repository and the section in every
// report come from the same template.
func Methodology(p metrics.Params, defaultTerms int, src templates.Source) ([]byte, error) {
	lang := builtinEnglish()
	b := &viewBuilder{res: &metrics.Result{Params: p}, meta: &Meta{DefaultTerms: defaultTerms}, lang: lang, loc: lang.Format, esc: EscapeMarkdown}
	v := &View{
		AsOf: lang.T("meth_asof_doc"), Months: p.Months, DSOWindow: p.DSOWindow, Lookback: p.Lookback,
		DefaultTerms: defaultTerms, Buckets: joinInts(p.Buckets), PrevEnd: lang.T("meth_prev_doc"),
		Thresholds: b.thresholds(),
	}
	body, err := src.Load("report.md.tmpl")
	if err != nil {
		return nil, err
	}
	tmpl, err := template.New("report.md.tmpl").Funcs(markdownFuncs(v, lang)).Parse(body)
	if err != nil {
		return nil, fmt.Errorf("template report.md.tmpl: %w", err)
	}
	if tmpl.Lookup("methodology") == nil {
		return nil, fmt.Errorf("template report.md.tmpl has no methodology block")
	}
	out, err := executeLimited("report.md.tmpl", func(w io.Writer) error { return tmpl.ExecuteTemplate(w, "methodology", v) })
	return bytes.TrimSpace(out), err
}
