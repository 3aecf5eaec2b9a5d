// Package samples bundles the demo company that arreport reports on when no
// input is given: clients.xlsx, invoices.xlsx and the dunning log
// activity.xlsx, made by cmd/gensamples (`make samples`), never edited by
// hand.
package samples

import (
	"embed"
	"os"
	"path/filepath"
)

//go:embed clients.xlsx invoices.xlsx activity.xlsx
var files embed.FS

// Paths are where WriteTo put the sample workbooks, one per table.
type Paths struct {
	Invoices, Clients, Activity string
}

// WriteTo copies the sample workbooks into dir and returns their paths.
func WriteTo(dir string) (Paths, error) {
	p := Paths{
		Invoices: filepath.Join(dir, "invoices.xlsx"),
		Clients:  filepath.Join(dir, "clients.xlsx"),
		Activity: filepath.Join(dir, "activity.xlsx"),
	}
	for _, path := range []string{p.Invoices, p.Clients, p.Activity} {
		data, err := files.ReadFile(filepath.Base(path))
		if err != nil {
			return Paths{}, err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return Paths{}, err
		}
	}
	return p, nil
}
