package render

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzIndentCompact holds indentCompact to json.Indent on any valid JSON,
// made compact as json.Marshal writes it.
func FuzzIndentCompact(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,{"b":"c,d:{}[]"}],"e":{},"f":[],"g":"\"q\\"}`, `[]`, `"x"`, `[[],{},[{}]]`, `{"a\\":"\\\\","b":null}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), "  ", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indentCompact(nil, compact.Bytes(), "  ", "  "); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s:\n got %s\nwant %s", compact.Bytes(), got, want.Bytes())
		}
	})
}
