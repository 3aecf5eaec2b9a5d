package input

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/arreport/arreport/report/civil"
	"github.com/xuri/excelize/v2"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-10-31", "31-10-2026", "10/31/2026", "31-okt-2026", "31 oktober 2026", "46326", "20261031", "1/2/3", "9999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, o := range []DateOrder{Auto, DMY, MDY, YMD} {
			if d, ok := parseDate(s, o, false); ok && (d.Year() < 1900 || d.Year() > 9999) {
				t.Errorf("parseDate(%q) = %v: out of range", s, d)
			}
		}
		orderEvidence(s)
	})
}

// FuzzNumericDate holds the quick readings of numeric day-month dates
// (numericDate) and of dates with a time of day (dateOnly) to the reading
// through dateParts, in every order: the date, the order evidence and
// whether the value needs an order.
// dateOnlyPlain is dateOnly the plain way, the reference of its loop.
func dateOnlyPlain(s string) string {
	if i := strings.IndexAny(s, "T "); i > 0 && strings.Contains(s[i:], ":") {
		return s[:i]
	}
	return s
}

func FuzzNumericDate(f *testing.F) {
	for _, s := range []string{"31-10-2026", "1/2/26", "01.11.2024", "12-13-2026", "29-02-2023", "1-1-1899", "00-00-00", "31-10/2026", "7.7.7", "31-10-20261", " 1-2-2026",
		"2026-10-31 00:00:00", "2026-10-31T00:00:00Z", "31-10-2026 12:30", "2026-13-31 00:00", "2026-10-31 ", "31-10-2026 9", "2026-10-31T", "T 1:2", " 2026-10-31 1:2", "2026-10-31 T:", "2026T10 ", "2026-10-31 00", "45961", "20261031", "0", "45961.5", " 45961"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, o := range []DateOrder{Auto, DMY, MDY, YMD} {
			got, gotOK := parseDate(s, o, false)
			var want civil.Date
			var wantOK bool
			if trimmed := strings.TrimSpace(s); trimmed != "" {
				if want, wantOK = isoDate(trimmed); !wantOK {
					want, wantOK = parseDateText(trimmed, o, false)
				}
			}
			if got != want || gotOK != wantOK {
				t.Fatalf("parseDate(%q, %v) = %v, %v; through dateParts %v, %v", s, o, got, gotOK, want, wantOK)
			}
		}
		if d, m := orderEvidence(s); [2]bool{d, m} != func() [2]bool { a, b := orderEvidenceText(s); return [2]bool{a, b} }() {
			t.Fatalf("orderEvidence(%q) differs from its reading through dateParts", s)
		}
		if dateOnly(s) != dateOnlyPlain(s) {
			t.Fatalf("dateOnly(%q) = %q, the plain way %q", s, dateOnly(s), dateOnlyPlain(s))
		}
		if needsOrder(s) != needsOrderText(s) {
			t.Fatalf("needsOrder(%q) differs from its reading through dateParts", s)
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"1234.56", "1.234,56", "EUR 1.234,56", "(123.45)", "€ -12,00", "1E3", "12,00-", "1 234,56"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, dec := range []rune{'.', ','} {
			parseAmount(s, dec)
		}
		decimalEvidence(s)
	})
}

// FuzzReadCSV runs the whole text path: decoding, separator sniffing,
// header detection and value parsing. Nothing may panic.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("Invoice No,Client ID,Invoice Date,Due Date,Amount\nF1,C1,2026-01-05,2026-02-04,100.00\n"))
	f.Add([]byte("Titel\n\nFactuurnummer;Klantnaam;Factuurdatum;Bedrag\nF-1;De Vries;13-01-2026;1.234,56\nTotaal;;;1.234,56\n"))
	f.Add([]byte("\xff\xfeI\x00n\x00"))
	f.Add([]byte("Invoice No,Client ID,Invoice Date,Due Date,Amount\nF1,C1,2026-01-05,2026-02-04,100.00\nTotal,,,,500.00\nF2,C1,2026-01-06\n"))
	f.Add([]byte("Invoice No,Payment Date,Amount\nF1,2026-02-01,100.00\n,,\nF2,2026-02-02\nF3,2026-02-03,7.50\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, k := range []Kind{Invoices, Clients, Payments} {
			Read(path, k, Options{})
		}
		// Invoices and payments read block by block on every core, in
		// blocks cut at a size the data suggests, are the rows read one by
		// one: a row that took a cell of the row before (a reused buffer)
		// would differ.
		defer func(size, rows int) { blockSize, onePassRows = size, rows }(blockSize, onePassRows)
		same := func(a, b any, n int) bool { return n == 0 || reflect.DeepEqual(a, b) } // none and an empty list alike
		for _, kind := range []Kind{Invoices, Payments} {
			blockSize, onePassRows = 1<<20, 50000
			want, err := plainReadErr(path, kind, Options{})
			if err != nil {
				continue
			}
			kept := len(want.Invoices) + len(want.Payments)
			for _, c := range []struct{ size, sample int }{{1 + len(data)%97, 1 + len(data)%7}, {1 << 20, 50000}} {
				blockSize, onePassRows = c.size, c.sample
				for _, once := range []bool{false, true} {
					got, err := Read(path, kind, Options{OnePass: once})
					if once && errors.Is(err, ErrFormatsChanged) {
						continue // the caller reads such a file again, in two passes
					}
					var bad *BadRowsError
					if errors.As(err, &bad) {
						continue // most rows unreadable: Read fails such a file, the plain reading keeps the rest
					}
					if err != nil {
						if kept > 0 {
							t.Fatalf("%v, blocks of %d, one pass %v: %v, where the plain reading keeps %d rows", kind, c.size, once, err, kept)
						}
						continue // no row could be read: Read says so, the plain reading keeps none
					}
					if len(got.Invoices) != len(want.Invoices) || !same(got.Invoices, want.Invoices, len(got.Invoices)) ||
						len(got.Payments) != len(want.Payments) || !same(got.Payments, want.Payments, len(got.Payments)) ||
						len(got.Problems) != len(want.Problems) || !same(got.Problems, want.Problems, len(got.Problems)) {
						t.Fatalf("%v, blocks of %d, one pass %v: the rows or problems differ from the plain reading", kind, c.size, once)
					}
				}
			}
		}
	})
}

// FuzzSniff decodes and sniffs arbitrary bytes as a text export.
func FuzzSniff(f *testing.F) {
	f.Add([]byte("a;b;c\n1;2;3\n"))
	f.Add([]byte("\xff\xfea\x00,\x00b\x00"))
	f.Add([]byte("Caf\xe9\t1\t2\n"))
	f.Add([]byte("\"x;y\",z\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "sniff.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		src, d, err := openText(path, false)
		if err != nil {
			return
		}
		defer src.close()
		if d != ',' && d != ';' && d != '\t' {
			t.Errorf("separator = %q", d)
		}
		for {
			if _, _, err := src.next(); err != nil {
				return
			}
		}
	})
}

// FuzzHeader matches arbitrary header rows (cells split on |) for every
// table, with and without an explicit mapping.
func FuzzHeader(f *testing.F) {
	f.Add("Invoice No|Client ID|Invoice Date|Amount", "amount")
	f.Add("Factuurnr.|Naam|Deb.nr.|Vervalt|Factuur|Saldo", "Saldo")
	f.Add("Payment Terms (days)|Créditeur|(|)|[", "")
	f.Fuzz(func(t *testing.T, row, mapped string) {
		cells := strings.Split(row, "|")
		for _, k := range []Kind{Invoices, Payments, Clients, Rates} {
			for _, explicit := range []map[Field]string{nil, {Amount: mapped}} {
				m := matchHeader(k, cells, explicit)
				seen := map[int]bool{}
				for _, i := range m {
					if i < 0 || i >= len(cells) || seen[i] {
						t.Fatalf("matchHeader(%q) = %v: a column out of range or used twice", cells, m)
					}
					seen[i] = true
				}
				missingRequired(k, m)
				saysTotal(cells)
			}
		}
	})
}

// FuzzFastPaths holds the fast paths for plain amounts and whole serial
// dates to the general parsers.
func FuzzFastPaths(f *testing.F) {
	for _, s := range []string{"1234.56", "-0.125", "1,5", "007", "123456789012345", "45597", "62", "61", "2958465",
		"1.212,87", "-1,212.87", "12.345.678,9", "€ 12 $", "12 EUR", "1EUR2", "$4,250.00", "12,00-", "1.234.567.890.123,456", "1.23,45", "1.234", "1.234,", "0.001,5", "1.234.567.890.123.456,7",
		" 12 ", "\u00a012,50\u00a0", "x\u0085", "\t", "\x7f", "",
		"2026-10-31", "2026-1a-31", "2026/10/31", "9999-99-99", "0000-00-00", "2026-10-3\x00", "/026-10-31",
		"F1,C2,,2026-01-05,12.50,,", ",,,,,,,,,,,,,,,,,", "2024-00001;C0010;Bos & Visser;2024-11-01;17044,31", "a\tb\t\tc\x80,\x00,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, dec := range []rune{'.', ','} {
			fast, okFast := parseAmount(s, dec)
			slow, okSlow := parseAmountGeneral(s, dec)
			if okFast != okSlow || fast != slow {
				t.Errorf("parseAmount(%q, %q) = %v %v; general %v %v", s, dec, fast, okFast, slow, okSlow)
			}
		}
		if fast, slow := decimalEvidence(s), decimalEvidenceText(s); fast != slow {
			t.Errorf("decimalEvidence(%q) = %q; in general %q", s, fast, slow)
		}
		if fast, slow := amountCurrency(s), amountCurrencyText(s); fast != slow {
			t.Errorf("amountCurrency(%q) = %q; in general %q", s, fast, slow)
		}
		if !strings.Contains(s, `"`) {
			for _, comma := range []byte{',', ';', '\t', 0, 0x80} {
				if fast, slow := splitFields(nil, s, comma), strings.Split(s, string([]byte{comma})); !slices.Equal(fast, slow) {
					t.Errorf("splitFields(%q, %q) = %q; strings.Split %q", s, comma, fast, slow)
				}
			}
		}
		if fast, slow := asciiOnly(s), !slices.ContainsFunc([]byte(s), func(c byte) bool { return c >= 0x80 }); fast != slow {
			t.Errorf("asciiOnly(%q) = %v; byte by byte %v", s, fast, slow)
		}
		if fast, slow := trimCell(s), strings.TrimSpace(s); fast != slow {
			t.Errorf("trimCell(%q) = %q; strings.TrimSpace %q", s, fast, slow)
		}
		shaped := len(s) == 10 && s[4] == '-' && s[7] == '-' && isDigits(s[:4]) && isDigits(s[5:7]) && isDigits(s[8:])
		if y, m, d, ok := isoParts(s); ok != shaped || ok && (y != smallNumber(s[:4]) || m != smallNumber(s[5:7]) || d != smallNumber(s[8:])) {
			t.Errorf("isoParts(%q) = %d %d %d %v; digit by digit shaped %v", s, y, m, d, ok, shaped)
		}
		if isDigits(s) && len(s) <= 7 {
			for _, d1904 := range []bool{false, true} {
				got, ok := parseDate(s, Auto, d1904)
				v, _ := strconv.ParseFloat(s, 64)
				want, err := excelize.ExcelDateToTime(v, d1904)
				if v >= 1 && v <= 2958465 && err == nil && (!ok || got != civil.FromTime(want)) {
					t.Errorf("parseDate(%q, 1904=%v) = %v %v; excelize %v", s, d1904, got, ok, want)
				}
			}
		}
	})
}

// FuzzValidUTF8File holds the file check, read in parts cut where a
// character starts, to utf8.Valid over the whole: any bytes, any number
// of parts.
func FuzzValidUTF8File(f *testing.F) {
	f.Add([]byte("plain ascii"), uint8(2))
	f.Add([]byte("café € 𝄞 Müller"), uint8(3))
	f.Add([]byte{0xe2, 0x82, 0xac, 0xe2, 0x82}, uint8(2))
	f.Add([]byte{0x80, 0x80, 0x80, 0x80, 'a'}, uint8(5))
	f.Add([]byte("ok\xffok"), uint8(7))
	f.Fuzz(func(t *testing.T, data []byte, parts uint8) {
		defer func(min int64, n int) { parallelUTF8Bytes, utf8Parts = min, n }(parallelUTF8Bytes, utf8Parts)
		parallelUTF8Bytes, utf8Parts = 0, 1+int(parts)%9
		path := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		fh, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		got, err := validUTF8File(fh)
		if err != nil || got != utf8.Valid(data) {
			t.Fatalf("%q in %d parts: %v, %v; utf8.Valid %v", data, utf8Parts, got, err, utf8.Valid(data))
		}
	})
}
