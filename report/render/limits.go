package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"
)

// A user's template (--templates) may loop for ever
// ({{range 9223372036854775807}}) or write without end; templates run
// under these budgets. The built-in ones take milliseconds and a few MB.
var (
	templateTime   = 30 * time.Second
	templateOutput = 256 << 20 // bytes one template may write
)

// TemplateLimitError is a template that ran past its time or output
// budget.
type TemplateLimitError struct {
	Name   string
	Output int           // the budget passed, in bytes; 0 when time ran out
	Time   time.Duration // the time budget, when that ran out
}

func (e *TemplateLimitError) Error() string {
	if e.Output > 0 {
		return fmt.Sprintf("template %s: wrote more than %d MB, the most a report may hold; look for a loop that does not end", e.Name, e.Output>>20)
	}
	return fmt.Sprintf("template %s: still running after %s; look for a loop that does not end", e.Name, e.Time)
}

var errTooMuchOutput = errors.New("output budget passed")

// cappedBuffer stops writes past its budget.
type cappedBuffer struct {
	bytes.Buffer
	budget int
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if c.Len()+len(p) > c.budget {
		return 0, errTooMuchOutput
	}
	return c.Buffer.Write(p)
}

// executeLimited runs exec, which writes one template's output to w,
// within the budgets. When time runs out the template goes on running on
// its own goroutine (a template cannot be stopped); the run that called
// this fails and ends soon after.
func executeLimited(name string, exec func(w io.Writer) error) ([]byte, error) {
	out := &cappedBuffer{budget: templateOutput}
	done := make(chan error, 1)
	go func() { done <- exec(out) }()
	timer := time.NewTimer(templateTime)
	defer timer.Stop()
	select {
	case err := <-done:
		if errors.Is(err, errTooMuchOutput) {
			return nil, &TemplateLimitError{Name: name, Output: templateOutput}
		}
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		return out.Bytes(), nil
	case <-timer.C:
		return nil, &TemplateLimitError{Name: name, Time: templateTime}
	}
}
