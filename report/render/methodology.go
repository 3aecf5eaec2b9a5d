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
	out, err := executeBlock(body, "methodology", v, markdownFuncs(v, lang))
	return bytes.TrimSpace(out), err
}

// executeBlock runs one {{define}} block of report.md.tmpl on its own.
func executeBlock(body, name string, v *View, funcs template.FuncMap) ([]byte, error) {
	tmpl, err := template.New("report.md.tmpl").Funcs(funcs).Parse(body)
	if err != nil {
		return nil, fmt.Errorf("template report.md.tmpl: %w", err)
	}
	if tmpl.Lookup(name) == nil {
		return nil, fmt.Errorf("template report.md.tmpl has no %s block", name)
	}
	return executeLimited("report.md.tmpl", func(w io.Writer) error { return tmpl.ExecuteTemplate(w, name, v) })
}
