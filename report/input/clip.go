package input

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode/utf8"
)

// maxValueRunes bounds a text value taken from a cell: no real invoice
// number, client id or name comes near it, while a 50 MB cell would be
// copied into every output. A longer value is cut, and marked with its
// length and a hash of the whole, so that two long ids that begin alike
// stay apart.
const maxValueRunes = 200

// clipValue returns s, or s cut to maxValueRunes with a marker such as
// "… [10,000 characters, #1f2e3d4c]".
func clipValue(s string) string {
	if len(s) <= maxValueRunes || utf8.RuneCountInString(s) <= maxValueRunes {
		return s
	}
	h := fnv.New32a()
	h.Write([]byte(s))
	return cutRunes(s, maxValueRunes) + fmt.Sprintf("… [%s characters, #%08x]", groupThousands(utf8.RuneCountInString(s)), h.Sum32())
}

// maxQuotedRunes bounds a value quoted in a message.
const maxQuotedRunes = 80

// Quote quotes a value for a message, cut to a readable length:
// "abc…" (50,000,000 characters).
func Quote(s string) string {
	if len(s) <= maxQuotedRunes || utf8.RuneCountInString(s) <= maxQuotedRunes {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q (%s characters)", cutRunes(s, maxQuotedRunes)+"…", groupThousands(utf8.RuneCountInString(s)))
}

func cutRunes(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

func groupThousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// IsBidiControl reports whether r is one of the invisible marks that
// steer the direction of text (embeddings, overrides, isolates, marks):
// in a name they would turn the sentence around it. Right-to-left
// letters are no such marks and are kept.
func IsBidiControl(r rune) bool {
	switch r {
	case '\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069':
		return true
	}
	return false
}

// stripBidi drops bidi controls from a value.
func stripBidi(s string) string {
	// Every control is encoded from a lead byte 0xd8 or 0xe2: most values
	// are ASCII, and most others have neither.
	if asciiOnly(s) || strings.IndexByte(s, 0xe2) < 0 && strings.IndexByte(s, 0xd8) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsBidiControl(r) {
			return -1
		}
		return r
	}, s)
}
