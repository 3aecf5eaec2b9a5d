package render

import (
	"fmt"
	"strings"

	"github.com/arreport/arreport/report/metrics"
)

// Sparkline sizes, in CSS pixels.
const (
	sparkWidth  = 120
	sparkHeight = 28
)

// sparkSVG draws days to pay by month as a small inline SVG on the scale
// top (the same for every row of the table, so that 24-29 days look
// calm beside 86-97), from 0, with the client's payment terms as a dashed
// line. Months without a settled invoice leave a gap. It holds numbers
// only, never text from the inputs.
func sparkSVG(values []metrics.MonthValue, terms int, top float64, label string) string {
	if top <= 0 {
		top = 1
	}
	n := len(values)
	x := func(i int) float64 {
		if n <= 1 {
			return sparkWidth / 2
		}
		return 2 + float64(i)*(sparkWidth-4)/float64(n-1)
	}
	y := func(v float64) float64 { return 2 + (sparkHeight-4)*(1-min(v, top)/top) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`, sparkWidth, sparkHeight, sparkWidth, sparkHeight, label)
	fmt.Fprintf(&b, `<line x1="0" x2="%d" y1="%.1f" y2="%.1f" class="spark-terms"/>`, sparkWidth, y(float64(terms)), y(float64(terms)))
	var run []string
	flush := func() {
		if len(run) > 1 {
			fmt.Fprintf(&b, `<polyline points="%s" class="spark-line"/>`, strings.Join(run, " "))
		}
		run = run[:0]
	}
	for i, v := range values {
		if v.Value == nil {
			flush()
			continue
		}
		run = append(run, fmt.Sprintf("%.1f,%.1f", x(i), y(*v.Value)))
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="1.5" class="spark-dot"/>`, x(i), y(*v.Value))
	}
	flush()
	b.WriteString(`</svg>`)
	return b.String()
}

// sparkScale is the top of the one scale of the risk table's sparklines:
// the highest days to pay or payment terms among the clients shown.
func sparkScale(shown []ShownClient) float64 {
	top := 0.0
	for _, c := range shown {
		top = max(top, float64(c.Terms))
		for _, v := range c.DaysToPay {
			if v.Value != nil {
				top = max(top, *v.Value)
			}
		}
	}
	return top
}
