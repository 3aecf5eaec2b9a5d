package render

import (
	"regexp"
	"strings"
	"testing"
)

// TestStaticAxisDecimals: the static charts' value axes write a fraction
// with the report language's decimal mark (2,5k in Dutch, 2.5k in English),
// and the interactive charts take theirs from the page.
func TestStaticAxisDecimals(t *testing.T) {
	// Values up to 4,000 give axis steps of 500: 0, 500, 1k, 1.5k, ...
	spec := chartSpec{ID: "c", Kind: stackedBars, Labels: []string{"a", "b"}, Unit: "EUR",
		Series: []chartSeries{{"open", []*float64{f64(4000), f64(1500)}}}}
	label := regexp.MustCompile(`>(\d+[.,]\d+k)<`)
	for _, c := range []struct {
		decimal   rune
		want, not string
	}{{',', ",", "."}, {'.', ".", ","}, {0, ".", ","}} {
		spec.Decimal = c.decimal
		svg, err := staticSVG(spec)
		if err != nil {
			t.Fatal(err)
		}
		found := label.FindAllStringSubmatch(string(svg), -1)
		if len(found) == 0 {
			t.Fatalf("decimal %q: no axis label with a fraction in %s", c.decimal, svg)
		}
		for _, m := range found {
			if !strings.Contains(m[1], c.want) || strings.Contains(m[1], c.not) {
				t.Errorf("decimal %q: axis label %q", c.decimal, m[1])
			}
		}
	}
}
