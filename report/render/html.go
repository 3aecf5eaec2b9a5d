package render

import (
	"embed"
	"encoding/base64"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strings"
	"text/template"

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
//
// ECharts writes the numbers on its axes and in its tooltips with English
// marks (180,000) whatever the page's language: a Dutch reader takes that
// for 180. The page names its language's marks (data-thousands,
// data-decimal on <html>) and every value is written with them, as the
// tables beside the charts are.
const chartInit = `(function () {
  var charts = [];
  var root = document.documentElement;
  root.classList.add('js');
  var thousands = root.getAttribute('data-thousands') || ',', decimal = root.getAttribute('data-decimal') || '.';
  function number(v) {
    if (typeof v !== 'number' || !isFinite(v)) { return v; }
    // Cents at most (the values are amounts, days and shares with one
    // decimal), without the zeros at the end.
    var parts = Math.abs(v).toFixed(2).replace(/\.?0+$/, '').split('.');
    var whole = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, thousands);
    return (v < 0 && parts.join('') !== '0' ? '-' : '') + whole + (parts.length > 1 ? decimal + parts[1] : '');
  }
  function eachAxis(axes, fn) { [].concat(axes || []).forEach(fn); }
  document.querySelectorAll('.chart-live[data-option]').forEach(function (el) {
    var option = JSON.parse(el.getAttribute('data-option'));
    eachAxis(option.yAxis, function (a) { a.axisLabel = Object.assign({}, a.axisLabel, { formatter: number }); });
    option.tooltip = Object.assign({}, option.tooltip, { valueFormatter: number });
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(option);
    charts.push(chart);
  });
  function resize() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
})();`

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

func reportHTML(rep *Report, src templates.Source, body string, mdView *View, svgs map[string][]byte) ([]byte, error) {
	meta := rep.Meta
	compSrc, err := src.Load("components.html.tmpl")
	if err != nil {
		return nil, err
	}
	comps, err := htmltemplate.New("components.html.tmpl").Funcs(htmltemplate.FuncMap{"t": meta.Lang.T}).Parse(compSrc)
	if err != nil {
		return nil, fmt.Errorf("template components.html.tmpl: %w", err)
	}
	// Components get plain text: html/template escapes it.
	plain := buildView(rep, func(s string) string { return s })
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
			"Thousands":      string(meta.Lang.Thousands),
			"Decimal":        string(meta.Lang.Decimal),
			"CSS":            htmltemplate.CSS(css),
			"Body":           htmltemplate.HTML(bodyHTML), // goldmark output in safe mode
			"Interactive":    len(lib) > 0,
			"ECharts":        htmltemplate.JS(strings.ReplaceAll(string(lib), "</script", `<\/script`)),
			"EChartsVersion": echartsVersion,
			"Init":           htmltemplate.JS(chartInit),
		})
	})
}

// Interactive reports whether this binary embeds ECharts.
func Interactive() bool {
	lib, _ := assets.ReadFile(echartsFile)
	return len(lib) > 0
}
