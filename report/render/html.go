package render

import (
	"cmp"
	"embed"
	"encoding/base64"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strings"
	"text/template"

	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/wording"
	"github.com/arreport/arreport/templates"
)

//go:embed assets
var assets embed.FS

const (
	echartsFile    = "assets/echarts.common.min.js"
	echartsVersion = "5.6.0" // keep in step with package.json
)

// chartInit draws every chart whose container carries an option; the
// stylesheet then shows it instead of the static SVG beside it (which
// print uses). Options come from a data attribute (escaped by
// html/template), so no spreadsheet text is ever script source.
const chartInit = `(function () {
  var charts = [];
  document.documentElement.classList.add('js');
  document.querySelectorAll('.chart-live[data-option]').forEach(function (el) {
    var option = JSON.parse(el.getAttribute('data-option'));
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(option);
    charts.push(chart);
  });
  function resize() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
})();`

// Files renders every output of a run, by path under the output folder:
// metrics.json, report.md with report_files/*.svg, and report.html.
func Files(res *metrics.Result, meta *Meta, src templates.Source) (map[string][]byte, error) {
	if meta.Lang == nil {
		lang, err := loadLang(src, cmp.Or(meta.LangTag, "en"))
		if err != nil {
			return nil, err
		}
		meta.Lang = lang
	}
	lang := meta.Lang
	// metrics.json is large for many clients; it renders beside the rest.
	var jsonOut []byte
	var jsonErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		jsonOut, jsonErr = JSON(res, meta)
	}()
	files, err := documents(res, meta, src)
	<-done
	if jsonErr != nil {
		return nil, fmt.Errorf("metrics.json: %w", jsonErr)
	}
	if err != nil {
		return nil, err
	}
	files["metrics.json"] = jsonOut
	if missing := lang.Missing(); len(missing) > 0 {
		return nil, &MissingWordsError{Catalog: wording.CatalogName(lang.Tag), IDs: missing}
	}
	return files, nil
}

// documents renders report.md with its SVG charts and report.html.
func documents(res *metrics.Result, meta *Meta, src templates.Source) (map[string][]byte, error) {
	files := map[string][]byte{}
	var err error
	mdView := buildView(res, meta, EscapeMarkdown)
	svgs := map[string][]byte{}
	for _, c := range mdView.Charts {
		if svgs[c.ID], err = staticSVG(c); err != nil {
			return nil, err
		}
		files["report_files/"+c.ID+".svg"] = svgs[c.ID]
	}
	body, err := src.Load("report.md.tmpl")
	if err != nil {
		return nil, err
	}
	if files["report.md"], err = executeText(body, mdView, markdownFuncs(mdView, meta.Lang)); err != nil {
		return nil, err
	}
	htmlView := buildView(res, meta, escapeIsolated)
	if files["report.html"], err = reportHTML(res, meta, src, body, htmlView, svgs); err != nil {
		return nil, err
	}
	return files, nil
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

// htmlFuncs fill the same template for report.html: charts, key figures
// and the risk table become component fences; headings get ids.
func htmlFuncs(l *wording.Lang) template.FuncMap {
	fence := func(name string) string { return "\n```" + componentFence + "\n" + name + "\n```\n" }
	return template.FuncMap{
		"t":          l.T,
		"table":      func(t Table) string { return markdownTable(t, l.T("none")) },
		"keyFigures": func() string { return fence("key-figures") },
		"riskTable":  func() string { return fence("risk") },
		"chart":      func(id string) string { return fence("chart:" + id) },
		"anchor":     func(string) string { return "" },
		"headingID":  func(id string) string { return " {#" + id + "}" },
	}
}

type chartComponent struct {
	ID, Title, Option string
	SVG               htmltemplate.URL
	Width, Height     int
	Small, Tall       bool
}

func reportHTML(res *metrics.Result, meta *Meta, src templates.Source, body string, mdView *View, svgs map[string][]byte) ([]byte, error) {
	compSrc, err := src.Load("components.html.tmpl")
	if err != nil {
		return nil, err
	}
	comps, err := htmltemplate.New("components.html.tmpl").Funcs(htmltemplate.FuncMap{"t": meta.Lang.T}).Parse(compSrc)
	if err != nil {
		return nil, fmt.Errorf("template components.html.tmpl: %w", err)
	}
	// Components get plain text: html/template escapes it.
	plain := buildView(res, meta, func(s string) string { return s })
	html := map[string][]byte{}
	render := func(name, tmpl string, data any) error {
		out, err := executeLimited("components.html.tmpl", func(w io.Writer) error { return comps.ExecuteTemplate(w, tmpl, data) })
		html[name] = out
		return err
	}
	if err := render("key-figures", "tiles", plain.Tiles); err != nil {
		return nil, err
	}
	if err := render("risk", "risk", plain.Risk); err != nil {
		return nil, err
	}
	for _, c := range plain.Charts {
		option, err := echartsOption(c)
		if err != nil {
			return nil, err
		}
		w, h := chartSize(c)
		data := chartComponent{ID: c.ID, Title: c.Title, Option: option, Width: w, Height: h, Small: c.Small, Tall: c.Kind == barsAndLine,
			SVG: htmltemplate.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(svgs[c.ID]))}
		if err := render("chart:"+c.ID, "chart", data); err != nil {
			return nil, err
		}
	}
	md, err := executeText(body, mdView, htmlFuncs(meta.Lang))
	if err != nil {
		return nil, err
	}
	bodyHTML, err := markdownToHTML(md, html)
	if err != nil {
		return nil, err
	}

	pageSrc, err := src.Load("report.html.tmpl")
	if err != nil {
		return nil, err
	}
	css, err := src.Load("report.css")
	if err != nil {
		return nil, err
	}
	page, err := htmltemplate.New("report.html.tmpl").Funcs(htmltemplate.FuncMap{"t": meta.Lang.T}).Parse(pageSrc)
	if err != nil {
		return nil, fmt.Errorf("template report.html.tmpl: %w", err)
	}
	lib, _ := assets.ReadFile(echartsFile)
	return executeLimited("report.html.tmpl", func(w io.Writer) error {
		return page.Execute(w, map[string]any{
			"AsOf":           mdView.AsOf,
			"Lang":           meta.Lang.Tag,
			"CSS":            htmltemplate.CSS(css),
			"Body":           htmltemplate.HTML(bodyHTML), // goldmark output in safe mode
			"Interactive":    len(lib) > 0,
			"ECharts":        htmltemplate.JS(strings.ReplaceAll(string(lib), "</script", `<\/script`)),
			"EChartsVersion": echartsVersion,
			"Init":           htmltemplate.JS(chartInit),
		})
	})
}

// MissingWordsError is a catalog (a user's edited copy, most likely)
// that lacks messages the report needs.
type MissingWordsError struct {
	Catalog string
	IDs     []string
}

func (e *MissingWordsError) Error() string {
	return fmt.Sprintf("%s lacks the messages %s; add them (the built-in catalog has them all)", e.Catalog, strings.Join(e.IDs, ", "))
}

// Interactive reports whether this binary embeds ECharts.
func Interactive() bool {
	lib, _ := assets.ReadFile(echartsFile)
	return len(lib) > 0
}
