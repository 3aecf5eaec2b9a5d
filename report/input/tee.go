package input

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"unicode/utf8"
)

// fileTee is what a text file's rows are read through. It takes the
// SHA-256 of the audit trail from the bytes as they pass, and, when asked
// to, checks that they are valid UTF-8: the file is read once instead of
// three times (a ten-million-row export is a gigabyte, and copying it
// from the page cache cost more than hashing it).
type fileTee struct {
	r     io.Reader
	sha   hash.Hash
	check *utf8Check // nil: not checked
	atEOF bool
}

func newFileTee(r io.Reader, checkUTF8 bool) *fileTee {
	t := &fileTee{r: r, sha: sha256.New()}
	if checkUTF8 {
		t.check = &utf8Check{ok: true}
	}
	return t
}

func (t *fileTee) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.sha.Write(p[:n])
	if t.check != nil {
		t.check.write(p[:n])
	}
	if errors.Is(err, io.EOF) {
		t.atEOF = true
	}
	return n, err
}

// sum returns the SHA-256 of the file once it has been read to its end.
func (t *fileTee) sum() (string, bool) {
	if t == nil || !t.atEOF {
		return "", false
	}
	return hex.EncodeToString(t.sha.Sum(nil)), true
}

// validUTF8 reports whether the file, read to its end, was valid UTF-8.
func (t *fileTee) validUTF8() bool { return t.atEOF && t.check != nil && t.check.valid() }

// utf8Check tells whether text given in pieces is valid UTF-8, a
// character perhaps cut between two pieces.
type utf8Check struct {
	ok    bool
	carry []byte // the start of a character cut at the end of the last piece
}

// write checks the next piece.
func (c *utf8Check) write(p []byte) {
	if !c.ok {
		return
	}
	if len(c.carry) > 0 {
		for len(p) > 0 && !utf8.FullRune(c.carry) {
			c.carry, p = append(c.carry, p[0]), p[1:]
		}
		if !utf8.FullRune(c.carry) {
			return // still cut: the next piece says
		}
		if !utf8.Valid(c.carry) {
			c.ok = false
			return
		}
		c.carry = c.carry[:0]
	}
	end := cutRuneAt(p)
	if !utf8.Valid(p[:end]) {
		c.ok = false
		return
	}
	c.carry = append(c.carry, p[end:]...)
}

// valid reports whether the pieces so far are valid UTF-8 and end with a
// whole character.
func (c *utf8Check) valid() bool { return c.ok && len(c.carry) == 0 }

// cutRuneAt returns where a character that the end of p cuts begins, else
// len(p).
func cutRuneAt(p []byte) int {
	for i := len(p) - 1; i >= 0 && i >= len(p)-3; i-- {
		if utf8.RuneStart(p[i]) {
			if !utf8.FullRune(p[i:]) {
				return i
			}
			break
		}
	}
	return len(p)
}
