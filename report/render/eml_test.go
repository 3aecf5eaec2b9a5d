package render

import (
	"bytes"
	"encoding/base64"
	"strings"
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

// TestBase64Lines: an attachment's base64 is the whole encoding cut into
// lines of 76 characters, each ended by CRLF (the last one shorter), for
// every length around the line's 57 bytes and none.
func TestBase64Lines(t *testing.T) {
	data := make([]byte, 400)
	for i := range data {
		data[i] = byte(i * 7)
	}
	for n := range len(data) {
		enc := base64.StdEncoding.EncodeToString(data[:n])
		var want strings.Builder
		for len(enc) > 76 {
			want.WriteString(enc[:76] + "\r\n")
			enc = enc[76:]
		}
		want.WriteString(enc + "\r\n")
		if got := string(base64Lines(data[:n])); got != want.String() {
			t.Fatalf("%d bytes:\n%q\nwant\n%q", n, got, want.String())
		}
	}
}
