package input

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// splitFields appends to dst the fields of a line that holds no quote,
// as strings.Split(line, string(comma)) gives them, as views of line. It
// looks for the separator eight bytes at a time: most cells are a few
// bytes long, and a search call per cell cost more than the search.
// FuzzFastPaths holds it to strings.Split.
func splitFields(dst []string, line string, comma byte) []string {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	pattern := ones * uint64(comma)
	b := unsafe.Slice(unsafe.StringData(line), len(line)) // read only
	start, i := 0, 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:]) ^ pattern // a separator's byte is 0
		// The high bit of each zero byte, exactly: adding 0x7f to a byte's
		// low seven bits carries into its high bit unless they are all 0.
		m := ^((x&^highs + ^uint64(highs)) | x | ^uint64(highs))
		for m != 0 {
			j := i + bits.TrailingZeros64(m)/8
			dst = append(dst, line[start:j])
			start = j + 1
			m &= m - 1
		}
	}
	for ; i < len(b); i++ {
		if b[i] == comma {
			dst = append(dst, line[start:i])
			start = i + 1
		}
	}
	return append(dst, line[start:])
}

// asciiOnly reports whether s holds no byte of 0x80 or more, eight bytes
// at a time. FuzzFastPaths holds it to a byte-by-byte look.
func asciiOnly(s string) bool {
	b := unsafe.Slice(unsafe.StringData(s), len(s)) // read only
	var seen uint64
	i := 0
	for ; i+8 <= len(b); i += 8 {
		seen |= binary.LittleEndian.Uint64(b[i:])
	}
	for ; i < len(b); i++ {
		seen |= uint64(b[i])
	}
	return seen&0x8080808080808080 == 0
}
