package render

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	analyze "github.com/go-analyze/charts"
	echarts "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/money"
)

// chartKind is the shape of a chart.
type chartKind int

const (
	lineChart   chartKind = iota // one line per series
	stackedBars                  // series stacked in one bar per label
	barsAndLine                  // first series as bars, second as a line (Pareto)
)

// chartSeries is one named series; a nil value is a gap.
type chartSeries struct {
	Name   string
	Values []*float64
}

// chartSpec describes a chart once, for both renderings: the interactive
// ECharts option and the static SVG.
type chartSpec struct {
	ID      string // also a JavaScript identifier: letters, digits, underscores
	Title   string // the alternative text and the figure caption
	Kind    chartKind
	Labels  []string
	Series  []chartSeries
	Unit    string // the value axis name
	Small   bool   // a small chart of the client details
	Percent bool   // values are percentages (0-100)
	Decimal rune   // the report language's decimal mark, for the static charts' axes
}

func f64(v float64) *float64 { return &v }

func moneyValues(list []money.Cents) []*float64 {
	out := make([]*float64, len(list))
	for i, c := range list {
		out[i] = f64(float64(c) / 100)
	}
	return out
}

// reportCharts lists every chart of the report, in order.
func (b *viewBuilder) reportCharts() []chartSpec {
	res := b.res
	var labels []string
	var dso, cb, bp []*float64
	for _, pt := range res.Months {
		labels = append(labels, b.loc.MonthLabel(monthOf(pt)))
		dso = append(dso, roundedPtr(pt.DSO))
		cb = append(cb, roundedPtr(pt.Countback))
		bp = append(bp, roundedPtr(pt.BPDSO))
	}
	l := b.lang
	specs := []chartSpec{{ID: "dso_trend", Title: l.T("ch_dso_title"), Kind: lineChart, Labels: labels, Unit: l.T("ch_days"),
		Series: []chartSeries{{l.T("ch_dso"), dso}, {l.T("ch_countback"), cb}, {l.T("ch_bpdso"), bp}}}}

	names := b.bucketTitles(metrics.BucketNames(res.Params.Buckets))
	aging := chartSpec{ID: "aging", Title: l.T("ch_aging_title"), Kind: stackedBars, Labels: labels, Unit: res.Currency}
	for i, n := range names {
		var vals []money.Cents
		for _, pt := range res.Months {
			vals = append(vals, pt.Aging[i])
		}
		aging.Series = append(aging.Series, chartSeries{n, moneyValues(vals)})
	}
	specs = append(specs, aging)

	fc := chartSpec{ID: "forecast", Title: l.T("ch_forecast_title"), Kind: stackedBars, Unit: res.Currency}
	var expected, doubtful []*float64
	for k, w := range res.Forecast.Weeks {
		fc.Labels = append(fc.Labels, strconv.Itoa(k+1))
		expected, doubtful = append(expected, f64(w.Amount.Float())), append(doubtful, nil)
	}
	fc.Labels = append(fc.Labels, l.T("fc_after"), l.T("ch_doubtful"))
	expected = append(expected, f64(res.Forecast.AfterWeeks.Float()), nil)
	doubtful = append(doubtful, nil, f64(res.Forecast.Doubtful.Float()))
	fc.Series = []chartSeries{{l.T("ch_expected"), expected}, {l.T("ch_doubtful"), doubtful}}
	specs = append(specs, fc)

	con := chartSpec{ID: "concentration", Title: l.T("ch_con_title"), Kind: barsAndLine, Unit: l.T("ch_pct_ar"), Percent: true}
	var share, cum []*float64
	for _, s := range res.Concentration.Top {
		con.Labels = append(con.Labels, shorten(s.Client.Name, 18))
		share = append(share, f64(round1(s.Share*100)))
		cum = append(cum, f64(round1(s.Cumulative*100)))
	}
	con.Series = []chartSeries{{l.T("ch_share_ar"), share}, {l.T("ch_cumulative"), cum}}
	specs = append(specs, con)

	for _, c := range b.rep.Shown {
		var months []string
		var dtp, age []*float64
		for i, m := range c.DaysToPay {
			months = append(months, b.loc.MonthLabel(m.Month))
			dtp = append(dtp, roundedPtr(m.Value))
			age = append(age, roundedPtr(c.OpenAge[i].Value))
		}
		specs = append(specs,
			chartSpec{ID: c.DTPChart, Title: l.T("ch_dtp_title"), Kind: lineChart, Labels: months, Unit: l.T("ch_days"), Small: true,
				Series: []chartSeries{{l.T("ch_dtp"), dtp}, {l.T("ch_open_age"), age}}},
			chartSpec{ID: c.OpenChart, Title: l.T("ch_open_title"), Kind: stackedBars, Labels: months, Unit: res.Currency, Small: true,
				Series: []chartSeries{{l.T("ch_open"), moneyValues(c.OpenSeries)}}})
	}
	for i := range specs {
		specs[i].Decimal = l.Decimal
	}
	return specs
}

func roundedPtr(v *float64) *float64 {
	if v == nil {
		return nil
	}
	return f64(round1(*v))
}

// shorten cuts a label to n characters for an axis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// echartsOption builds the chart with go-echarts' typed API and returns
// its option as JSON, marshalled with HTML escaping on; the caller puts it
// in an attribute through html/template, never raw into a script.
func echartsOption(s chartSpec) (string, error) {
	global := []echarts.GlobalOpts{
		echarts.WithInitializationOpts(opts.Initialization{ChartID: s.ID}),
		echarts.WithAnimation(false),
		echarts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		echarts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(s.Series) > 1), Top: "0"}),
		echarts.WithGridOpts(opts.Grid{Left: "16", Right: "24", Top: "36", Bottom: "8", ContainLabel: opts.Bool(true)}),
		echarts.WithYAxisOpts(opts.YAxis{Name: s.Unit}),
		echarts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: rotation(s)}}),
	}
	switch {
	case s.Small && len(s.Series) > 1:
		// Days to pay beside the age of what is open: the legend says which is which.
		global[4] = echarts.WithGridOpts(opts.Grid{Left: "8", Right: "12", Top: "40", Bottom: "8", ContainLabel: opts.Bool(true)})
	case s.Small:
		global[3] = echarts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)})
		global[4] = echarts.WithGridOpts(opts.Grid{Left: "8", Right: "12", Top: "24", Bottom: "8", ContainLabel: opts.Bool(true)})
	case s.Kind == barsAndLine:
		// Client names under the bars need room, and every one shown.
		global[4] = echarts.WithGridOpts(opts.Grid{Left: "16", Right: "24", Top: "36", Bottom: "8", ContainLabel: opts.Bool(true)})
		global[6] = echarts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{Rotate: rotation(s), Interval: "0"}})
	}
	var option map[string]any
	switch s.Kind {
	case lineChart:
		c := echarts.NewLine()
		c.SetGlobalOptions(global...)
		c.SetXAxis(s.Labels)
		for _, ser := range s.Series {
			c.AddSeries(ser.Name, lineData(ser.Values), echarts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false), ShowSymbol: opts.Bool(true)}))
		}
		c.Validate()
		option = c.JSON()
	case stackedBars, barsAndLine:
		c := echarts.NewBar()
		c.SetGlobalOptions(global...)
		c.SetXAxis(s.Labels)
		if s.Kind == stackedBars {
			for _, ser := range s.Series {
				c.AddSeries(ser.Name, barData(ser.Values), echarts.WithBarChartOpts(opts.BarChart{Stack: "total"}))
			}
		} else {
			c.AddSeries(s.Series[0].Name, barData(s.Series[0].Values))
			line := echarts.NewLine()
			line.SetXAxis(s.Labels)
			line.AddSeries(s.Series[1].Name, lineData(s.Series[1].Values))
			c.Overlap(line)
		}
		c.Validate()
		option = c.JSON()
	}
	data, err := json.Marshal(option)
	return string(data), err
}

// chartSize is the drawing size of the static chart, in pixels.
func chartSize(s chartSpec) (int, int) {
	// Drawn larger than shown, so that the library's fonts come out at a
	// reading size when the image is fitted to the page.
	switch {
	case s.Small:
		return 520, 300
	case s.Kind == barsAndLine:
		return 1040, 480
	}
	return 1040, 420
}

func rotation(s chartSpec) float64 {
	if s.Small || len(s.Labels) > 8 || s.Kind == barsAndLine {
		return 40
	}
	return 0
}

// chartValue is a value for an ECharts series: the number, or "-" for a gap.
func chartValue(v *float64) any {
	if v == nil {
		return "-"
	}
	return *v
}

func lineData(values []*float64) []opts.LineData {
	out := make([]opts.LineData, len(values))
	for i, v := range values {
		out[i] = opts.LineData{Value: chartValue(v)}
	}
	return out
}

func barData(values []*float64) []opts.BarData {
	out := make([]opts.BarData, len(values))
	for i, v := range values {
		out[i] = opts.BarData{Value: chartValue(v)}
	}
	return out
}

// fromZero starts every value axis at 0 (or below, for negative values),
// as the live charts do; the library starts at the data's minimum.
func fromZero(axes []analyze.ValueAxisOption) []analyze.ValueAxisOption {
	if len(axes) == 0 {
		axes = make([]analyze.ValueAxisOption, 1)
	}
	for i := range axes {
		if axes[i].Min == nil {
			axes[i].Min = analyze.Ptr(0.0)
		}
	}
	return axes
}

// staticSVG draws the chart as SVG with go-analyze/charts, for readers
// without scripts and for report.md.
func staticSVG(s chartSpec) ([]byte, error) { return staticChart(s, analyze.ChartOutputSVG) }

// staticPNG draws the same chart as PNG, for the e-mail: mail clients
// drop SVG and data: images in a message body.
func staticPNG(s chartSpec) ([]byte, error) { return staticChart(s, analyze.ChartOutputPNG) }

// staticChart draws the chart with go-analyze/charts in the given format.
func staticChart(s chartSpec, format string) ([]byte, error) {
	width, height := chartSize(s)
	values := make([][]float64, len(s.Series))
	for i, ser := range s.Series {
		for _, v := range ser.Values {
			if v == nil {
				values[i] = append(values[i], analyze.GetNullValue())
			} else {
				values[i] = append(values[i], *v)
			}
		}
	}
	if len(s.Labels) == 0 {
		// Nothing to draw (no client has an open balance): an empty frame.
		s.Labels, values = []string{""}, [][]float64{{0}}
	}
	names := make([]string, len(s.Series))
	for i, ser := range s.Series {
		names[i] = ser.Name
	}
	p := analyze.NewPainter(analyze.PainterOptions{OutputFormat: format, Width: width, Height: height})
	legend := analyze.LegendOption{SeriesNames: names, Show: analyze.Ptr(len(names) > 1)}
	formatter := func(f float64) string {
		// 2.5k, with the language's mark: 2,5k in Dutch.
		return strings.ReplaceAll(analyze.FormatValueHumanizeShort(f, 1, false), ".", string(cmp.Or(s.Decimal, '.')))
	}
	var err error
	switch s.Kind {
	case lineChart:
		opt := analyze.NewLineChartOptionWithData(values)
		opt.XAxis.Labels, opt.XAxis.LabelRotation = s.Labels, rotation(s)*math.Pi/180
		opt.Legend, opt.ValueFormatter = legend, formatter
		opt.Title.Text = s.Unit
		opt.Title.FontStyle.FontSize = 9
		opt.YAxis = fromZero(opt.YAxis) // a 3-day change must not look like a cliff
		err = p.LineChart(opt)
	default:
		opt := analyze.NewBarChartOptionWithData(values)
		opt.CategoryAxis.Labels, opt.CategoryAxis.LabelRotation = s.Labels, rotation(s)*math.Pi/180
		if s.Kind == barsAndLine {
			opt.Padding = analyze.Box{Top: 20, Left: 20, Right: 20, Bottom: 40}
		}
		opt.Legend, opt.ValueFormatter = legend, formatter
		opt.Title.Text = s.Unit
		opt.Title.FontStyle.FontSize = 9
		if s.Kind == stackedBars {
			opt.StackSeries = analyze.Ptr(true)
		}
		opt.ValueAxis = fromZero(opt.ValueAxis) // balances from 0, as the live charts draw them
		err = p.BarChart(opt)
	}
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", s.ID, err)
	}
	return p.Bytes()
}
