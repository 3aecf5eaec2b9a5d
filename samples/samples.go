// Package samples bundles the demo company that arreport reports on when no
// input is given: clients.xlsx and invoices.xlsx, made by cmd/gensamples
// (`make samples`), never edited by hand.
package samples

import (
	"embed"
	"os"
	"path/filepath"
)

//go:embed clients.xlsx invoices.xlsx
var files embed.FS

// WriteTo copies the sample workbooks into dir and returns their paths.
func WriteTo(dir string) (invoices, clients []string, err error) {
	for _, name := range []string{"invoices.xlsx", "clients.xlsx"} {
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, nil, err
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, nil, err
		}
		if name == "invoices.xlsx" {
			invoices = append(invoices, path)
		} else {
			clients = append(clients, path)
		}
	}
	return invoices, clients, nil
}
