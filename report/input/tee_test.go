package input

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkPieces runs utf8Check over data cut at the given places.
func checkPieces(data []byte, cuts []int) bool {
	c := utf8Check{ok: true}
	at := 0
	for _, cut := range cuts {
		cut = max(at, min(cut, len(data)))
		c.write(data[at:cut])
		at = cut
	}
	c.write(data[at:])
	return c.valid()
}

// TestUTF8Check holds the piece-wise check to utf8.Valid, with pieces cut
// through characters of every length, before and after invalid bytes.
func TestUTF8Check(t *testing.T) {
	texts := []string{"", "a", "é", "Café Müller", "€ 1.234,56", "𝄞 clef", "\xe9", "Caf\xe9", "\xc3", "a\xc3", "\xe2\x82",
		"\xf0\x9d\x84", "\xed\xa0\x80", "\xc0\x80", "\xff", "ok\xffok", "€€€€", "\xe2\x82\xac\x80"}
	for _, text := range texts {
		data := []byte(text)
		want := utf8.Valid(data)
		for i := 0; i <= len(data); i++ {
			for j := i; j <= len(data); j++ {
				if got := checkPieces(data, []int{i, j}); got != want {
					t.Errorf("%q cut at %d and %d: valid %v, want %v", text, i, j, got, want)
				}
			}
		}
		// One byte a piece.
		cuts := make([]int, len(data))
		for i := range cuts {
			cuts[i] = i
		}
		if got := checkPieces(data, cuts); got != want {
			t.Errorf("%q a byte at a time: valid %v, want %v", text, got, want)
		}
	}
}

// FuzzUTF8Check: the piece-wise check is utf8.Valid wherever the pieces
// are cut.
func FuzzUTF8Check(f *testing.F) {
	f.Add([]byte("Café Müller"), uint8(3), uint8(4))
	f.Add([]byte("Caf\xe9"), uint8(1), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, a, b uint8) {
		if got, want := checkPieces(data, []int{int(a), int(a) + int(b)}), utf8.Valid(data); got != want {
			t.Fatalf("%q cut at %d and %d: valid %v, want %v", data, a, int(a)+int(b), got, want)
		}
	})
}

// TestTextHashAsRead: the SHA-256 the audit trail gets from the rows as
// they pass is the file's, read once or twice, whatever its encoding, in
// blocks and samples small and large.
func TestTextHashAsRead(t *testing.T) {
	defer func(size, rows int) { blockSize, onePassRows = size, rows }(blockSize, onePassRows)
	inputs := textInputs()
	inputs["utf-16.csv"] = []byte("\xff\xfeI\x00n\x00v\x00o\x00i\x00c\x00e\x00,\x00C\x00l\x00i\x00e\x00n\x00t\x00,\x00D\x00a\x00t\x00e\x00,\x00A\x00m\x00o\x00u\x00n\x00t\x00\n\x00" +
		"F\x001\x00,\x00K\x00,\x002\x000\x002\x006\x00-\x000\x001\x00-\x000\x005\x00,\x001\x002\x00.\x005\x000\x00\n\x00")
	for name, data := range inputs {
		path := writeFile(t, name, data)
		sum := sha256.Sum256(data)
		want := hex.EncodeToString(sum[:])
		for _, c := range []struct{ size, sample int }{{97, 40}, {1 << 20, 50000}} {
			blockSize, onePassRows = c.size, c.sample
			for _, once := range []bool{false, true} {
				tab, err := ReadBatches(path, Invoices, Options{OnePass: once}, func(*Table) error { return nil })
				if errors.Is(err, ErrFormatsChanged) {
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if tab.Source.SHA256 != want {
					t.Errorf("%s (blocks of %d, one pass %v): sha256 %s, want %s", name, c.size, once, tab.Source.SHA256, want)
				}
			}
		}
	}
}

// TestOnePassLateLegacyBytes: a file whose first 64 KB are valid UTF-8
// and whose later rows are Windows-1252 is taken for UTF-8 when read
// once, and found out at its end (ErrFormatsChanged, read again in two
// passes); read in two passes, the whole-file scan decodes it right.
func TestOnePassLateLegacyBytes(t *testing.T) {
	var b strings.Builder
	b.WriteString("Invoice No,Client,Invoice Date,Amount\n")
	for i := 0; b.Len() < 200<<10; i++ {
		fmt.Fprintf(&b, "F%d,Klant %d,2026-01-05,12.50\n", i, i%40)
	}
	b.WriteString("G1,Caf\xe9 M\xfcller,2026-01-05,12.50\n")
	path := writeFile(t, "late1252.csv", []byte(b.String()))
	handed := 0
	_, err := ReadBatches(path, Invoices, Options{OnePass: true}, func(part *Table) error { handed += len(part.Invoices); return nil })
	if !errors.Is(err, ErrFormatsChanged) || handed == 0 {
		t.Fatalf("one pass: %v after %d rows; want ErrFormatsChanged after some", err, handed)
	}
	tab, err := Read(path, Invoices, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if last := tab.Invoices[len(tab.Invoices)-1]; last.ClientID != "Café Müller" {
		t.Errorf("two passes: the last client is %q, want %q", last.ClientID, "Café Müller")
	}
	// Valid UTF-8 throughout, the same file is read once.
	utf := strings.ReplaceAll(b.String(), "Caf\xe9 M\xfcller", "Café Müller")
	path = writeFile(t, "lateutf8.csv", []byte(utf))
	tab, err = ReadBatches(path, Invoices, Options{OnePass: true}, func(*Table) error { return nil })
	if err != nil {
		t.Fatalf("one pass, valid UTF-8: %v", err)
	}
}
