package input

import (
	"archive/zip"
	"fmt"
	"strings"
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

func (e *SizeError) Error() string {
	mb := func(n uint64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
	switch {
	case e.Part == "":
		return fmt.Sprintf("the workbook unpacks to %s, more than the %s arreport reads; export the invoices alone, or as CSV", mb(e.Unpacked), mb(e.Limit))
	case e.Limit == 0:
		return fmt.Sprintf("the workbook's %s unpacks to %s from %s, more than %d times its packed size, as no spreadsheet does (a zip bomb, or a damaged file); save it again from Excel, or export as CSV",
			e.Part, mb(e.Unpacked), mb(e.Packed), maxPackRatio)
	}
	return fmt.Sprintf("the workbook's %s unpacks to %s, more than the %s arreport reads; export the invoices alone, or as CSV", e.Part, mb(e.Unpacked), mb(e.Limit))
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
