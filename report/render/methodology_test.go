package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/templates"
)

var update = flag.Bool("update", false, "rewrite docs/METHODOLOGY.md")

const methodologyHead = `# How arreport computes its figures

This is the methodology section of every report, with the default
settings; a report states the settings it used. The thresholds and
weights can be changed in the config file (` + "`[thresholds]`, `[weights]`" + `).
Made from templates/report.md.tmpl by ` + "`go test ./report/render -run TestMethodologyDoc -update`" + `.

`

// TestMethodologyDoc keeps docs/METHODOLOGY.md equal to the report's
// methodology section with the default settings.
func TestMethodologyDoc(t *testing.T) {
	section, err := Methodology(metrics.DefaultParams(civil.New(2026, 10, 31)), 30, templates.Source{})
	if err != nil {
		t.Fatal(err)
	}
	got := append([]byte(methodologyHead), section...)
	got = append(got, '\n')
	path := filepath.Join("..", "..", "docs", "METHODOLOGY.md")
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("docs/METHODOLOGY.md is not the methodology of the template (%v); run go test ./report/render -run TestMethodologyDoc -update", err)
	}
}
