package input

import (
	"bytes"
	"os"
	"testing"
)

func BenchmarkParseChunkTmp(b *testing.B) {
	data, _ := os.ReadFile("/tmp/sheet40m.xml")
	i := bytes.LastIndex(data, []byte("</row>"))
	data = data[:i+6]
	shared := make([]string, 1<<21)
	for b.Loop() {
		for off := 0; off < len(data); {
			end := min(len(data), off+4<<20)
			if end < len(data) {
				end = off + bytes.LastIndex(data[off:end], []byte("</row>")) + 6
			}
			parseChunk(data[off:end], shared)
			off = end
		}
	}
}
