package render

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/arreport/arreport/templates"
)

// TestTemplateBudgets: a user's template that loops for ever, or writes
// without end, fails the run with a TemplateLimitError instead of
// hanging or filling the disk.
func TestTemplateBudgets(t *testing.T) {
	defer func(d time.Duration, n int) { templateTime, templateOutput = d, n }(templateTime, templateOutput)
	templateOutput = 1 << 20
	tests := []struct {
		name, body string
		budget     time.Duration
		timeOut    bool
	}{
		// Writes 1 byte per turn: passes the 1 MB budget and stops there,
		// well within the time (also under -race).
		{"endless output", "{{range 9223372036854775807}}x{{end}}", time.Minute, false},
		// Writes nothing; 10 million empty turns take about 0.3 s,
		// past the 50 ms budget (the loop ends on its own soon after).
		{"endless loop", "{{range 10000000}}{{end}}", 50 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			templateTime = tt.budget
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "report.md.tmpl"), []byte(tt.body), 0o644)
			res, meta := sampleResult(t)
			start := time.Now()
			_, err := Files(res, meta, templates.Source{Dir: dir}, AllOutputs)
			var le *TemplateLimitError
			if !errors.As(err, &le) || (le.Time > 0) != tt.timeOut {
				t.Fatalf("Files = %v; want a TemplateLimitError (time: %v)", err, tt.timeOut)
			}
			if took := time.Since(start); took > 20*time.Second {
				t.Errorf("took %s", took)
			}
		})
	}
}
