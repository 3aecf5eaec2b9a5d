package main

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// invoicesPerClient is about how many invoices a client gets over the 24
// months, for sizing large inputs.
const invoicesPerClient = 46

func generate(dir string, seed uint64, nClients int, format string, shared bool, pad int) error {
	if format != "xlsx" && format != "csv" {
		return fmt.Errorf("-format %q: use xlsx or csv", format)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	clients := makeClients(r, nClients)
	invoices := makeInvoices(r, clients)
	clientRows := [][]any{{"Client ID", "Client Name", "Payment Terms (days)", "Credit Limit", "Segment", "Account Manager", "Start Date", "Contactpersoon", "E-mail", "Telefoon"}}
	for i, c := range clients {
		var limit any
		if c.creditLimit > 0 {
			limit = cents(c.creditLimit)
		}
		name, email, phone := contact(i, c)
		clientRows = append(clientRows, []any{c.id, c.name, c.terms, limit, c.segment, c.manager, c.start, name, email, phone})
	}
	// The invoice rows are made one at a time as they are written: held
	// all at once, tens of millions of them do not fit in memory.
	invoiceRows := table{
		header: []any{"Invoice No", "Client ID", "Client Name", "Invoice Date", "Due Date", "Amount", "Currency", "Paid Date", "Paid Amount", "Status"},
		n:      len(invoices),
		row: func(i int) []any {
			inv := invoices[i]
			row := []any{inv.no, inv.client.id, inv.client.name, inv.issue, inv.due, cents(inv.amount), "EUR", nil, nil, inv.status}
			if inv.dueBlank {
				row[4] = nil
			}
			if inv.hasPaid {
				row[7] = inv.paid
				if inv.paidAmount != 0 {
					row[8] = cents(inv.paidAmount)
				}
			}
			return row
		},
	}
	write := writeXLSX
	switch {
	case format == "csv":
		write = writeCSV
	case shared:
		write = writeSharedXLSX
	}
	if err := write(filepath.Join(dir, "clients."+format), "Clients", rowsOf(clientRows)); err != nil {
		return err
	}
	if err := write(filepath.Join(dir, "activity."+format), "Activiteiten", rowsOf(activityRows(makeActivity(clients, invoices, pad)))); err != nil {
		return err
	}
	return write(filepath.Join(dir, "invoices."+format), "Invoices", invoiceRows)
}

// fitsSheet refuses, before anything is written, a table longer than a
// worksheet holds (Excel's 1,048,576 rows, the header among them).
func fitsSheet(path string, rows table) error {
	if rows.n+1 > excelize.TotalRows {
		return fmt.Errorf("%s: %d rows do not fit in a worksheet (at most %d, the header among them); write them with -format csv", filepath.Base(path), rows.n, excelize.TotalRows)
	}
	return nil
}

// table is a sheet's rows: the header, then n rows made on demand.
type table struct {
	header []any
	n      int
	row    func(i int) []any
}

// rowsOf makes a table of rows held in memory, the first the header.
func rowsOf(rows [][]any) table {
	return table{header: rows[0], n: len(rows) - 1, row: func(i int) []any { return rows[i+1] }}
}

// all lists the header and then every row.
func (t table) all(yield func(i int, row []any) bool) {
	if !yield(0, t.header) {
		return
	}
	for i := 0; i < t.n; i++ {
		if !yield(i+1, t.row(i)) {
			return
		}
	}
}

// cents is an amount for a spreadsheet cell: a decimal with two places.
type cents int64

func (c cents) String() string {
	v := int64(c)
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// newBook makes a workbook with one sheet of that name and a date style.
func newBook(sheet string) (*excelize.File, int, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		f.Close()
		return nil, 0, err
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, dateStyle, nil
}

// writeXLSX writes rows with real date cells (numbers with a date format)
// and numeric amounts, through the stream writer so that large files fit.
func writeXLSX(path, sheet string, rows table) error {
	if err := fitsSheet(path, rows); err != nil {
		return err
	}
	f, dateStyle, err := newBook(sheet)
	if err != nil {
		return err
	}
	defer f.Close()
	moneyStyle, err := f.NewStyle(&excelize.Style{NumFmt: 4})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, row := range rows.all {
		cells := make([]any, len(row))
		for j, v := range row {
			switch v := v.(type) {
			case time.Time:
				cells[j] = excelize.Cell{StyleID: dateStyle, Value: v}
			case cents:
				n, _ := strconv.ParseFloat(v.String(), 64)
				cells[j] = excelize.Cell{StyleID: moneyStyle, Value: n}
			default:
				cells[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// writeCSV writes the canonical layout: ISO dates, dot decimals.
func writeCSV(path, _ string, rows table) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(out)
	for _, row := range rows.all {
		rec := make([]string, len(row))
		for j, v := range row {
			switch v := v.(type) {
			case nil:
			case time.Time:
				rec[j] = v.Format("2006-01-02")
			default:
				rec[j] = fmt.Sprint(v)
			}
		}
		if err := w.Write(rec); err != nil {
			out.Close()
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// writeSharedXLSX writes the rows through excelize's cell API, which keeps
// text in the shared-strings table as Excel itself does. It holds the
// sheet in memory: fine for generating benchmark inputs once.
func writeSharedXLSX(path, sheet string, rows table) error {
	if err := fitsSheet(path, rows); err != nil {
		return err
	}
	f, dateStyle, err := newBook(sheet)
	if err != nil {
		return err
	}
	defer f.Close()
	for i, row := range rows.all {
		cells := make([]any, len(row))
		for j, v := range row {
			switch v := v.(type) {
			case cents:
				n, _ := strconv.ParseFloat(v.String(), 64)
				cells[j] = n
			default:
				cells[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return err
		}
	}
	// Date columns are those holding a time anywhere.
	for col := range rows.header {
		for i := range rows.n {
			if _, ok := rows.row(i)[col].(time.Time); ok {
				first, _ := excelize.CoordinatesToCellName(col+1, 2)
				last, _ := excelize.CoordinatesToCellName(col+1, rows.n+1)
				if err := f.SetCellStyle(sheet, first, last, dateStyle); err != nil {
					return err
				}
				break
			}
		}
	}
	return f.SaveAs(path)
}
