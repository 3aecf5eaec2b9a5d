package input

import (
	"archive/zip"
	"strings"

	"github.com/arreport/arreport/report/wording"
)

// What an untrusted workbook may unpack to. A full Excel sheet of
// invoices (1,048,576 rows) unpacks to a few hundred MB; a real sheet
// packs about 5 to 20 times smaller, a zip bomb hundreds of times. Shared
// strings are held in memory whole, so they have a bound of their own
// (a million distinct invoice numbers and names take about 40 MB).
const (
	maxUnzipped    = 1 << 30   // all parts of a workbook together
	maxXMLInMemory = 128 << 20 // one sheet kept in memory before spilling to disk
	maxSharedXML   = 128 << 20 // xl/sharedStrings.xml, unpacked
	maxPackRatio   = 200       // unpacked ÷ packed, for parts of ratioFrom bytes and more
	ratioFromBytes = 32 << 20
	sharedPartName = "xl/sharedStrings.xml"
)

// SizeError is a workbook that unpacks to more than arreport reads.
type SizeError struct {
	Part     string // the part over its bound; empty for the parts together
	Unpacked uint64 // bytes
	Packed   uint64 // bytes
	Limit    uint64 // the bound passed; 0 when the packing ratio was the problem
}

func (e *SizeError) Error() string { return e.Describe(wording.English()) }

// Describe writes the error in a language.
func (e *SizeError) Describe(l *wording.Lang) string {
	mb := func(n uint64) string { return l.Number(float64(n)/(1<<20)) + " MB" }
	switch {
	case e.Part == "":
		return l.T("err_size_total", "Size", mb(e.Unpacked), "Limit", mb(e.Limit))
	case e.Limit == 0:
		return l.T("err_size_ratio", "Part", e.Part, "Size", mb(e.Unpacked), "Packed", mb(e.Packed), "Ratio", maxPackRatio)
	}
	return l.T("err_size_part", "Part", e.Part, "Size", mb(e.Unpacked), "Limit", mb(e.Limit))
}

// checkZipBudget checks a workbook's parts, from the sizes its directory
// states, before anything is unpacked (archive/zip stops a part that
// unpacks to more than it said).
func checkZipBudget(files []*zip.File) error {
	var total uint64
	for _, f := range files {
		size, packed := f.UncompressedSize64, f.CompressedSize64
		if total += size; total > maxUnzipped || total < size {
			return &SizeError{Unpacked: total, Limit: maxUnzipped}
		}
		name := strings.TrimPrefix(f.Name, "/")
		if strings.EqualFold(name, sharedPartName) && size > maxSharedXML {
			return &SizeError{Part: name, Unpacked: size, Packed: packed, Limit: maxSharedXML}
		}
		if size >= ratioFromBytes && size/maxPackRatio > packed {
			return &SizeError{Part: name, Unpacked: size, Packed: packed}
		}
	}
	return nil
}
