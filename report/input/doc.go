// Package input reads the exports accountants drop in (xlsx and csv) into
// typed rows: it finds the header row, recognises columns by their English
// or Dutch names, detects the date order and decimal mark of each column,
// and parses dates and amounts exactly. Row problems become warnings with
// their file, sheet, row, column and value; files that cannot be read at
// all are errors.
package input
