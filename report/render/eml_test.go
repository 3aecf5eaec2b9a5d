package render

import (
	"bytes"
	"testing"

	"github.com/arreport/arreport/templates"
)

// TestEmailLeavesALargeWorkbookOut: a workbook over maxAttachedWorkbook
// is not attached (mail servers refuse messages of tens of MB); the body
// says where it is. One under it is attached.
func TestEmailLeavesALargeWorkbookOut(t *testing.T) {
	res, meta := sampleResult(t)
	meta.Lang = builtinEnglish()
	rep := NewReport(res, meta)
	html := []byte("<html></html>")
	for _, tc := range []struct {
		size     int
		attached bool
		says     string
	}{{maxAttachedWorkbook, true, "and report.xlsx (every figure"}, {maxAttachedWorkbook + 1, false, "too large to send by e-mail"}} {
		msg, err := email(rep, templates.Source{}, html, bytes.Repeat([]byte("x"), tc.size), Envelope{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(msg, []byte(`filename="report.xlsx"`)); got != tc.attached {
			t.Errorf("a workbook of %d bytes attached: %v; want %v", tc.size, got, tc.attached)
		}
		if !bytes.Contains(msg, []byte(tc.says)) {
			t.Errorf("a workbook of %d bytes: the body does not say %q", tc.size, tc.says)
		}
		if tc.attached && len(msg) < tc.size {
			t.Errorf("the message (%d bytes) is smaller than its attachment", len(msg))
		}
	}
}
