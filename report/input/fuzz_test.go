package input

import (
	"os"
	"path/filepath"
	"testing"
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
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, k := range []Kind{Invoices, Clients, Payments} {
			Read(path, k, Options{})
		}
	})
}
