package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/metrics"
)

// fileConfig is the --config file: what a monthly run needs, so that it is
// one command. Paths are relative to the file. Flags given on the command
// line win over it.
//
//	date_order = "dmy"
//	decimal = ","
//	default_terms = 30
//	[invoices]
//	files = ["facturen-2026.xlsx"]
//	sheet = "Facturen"
//	columns = { invoice_no = "Factuurnr.", amount = "Factuur" }
//	[clients]
//	files = ["debiteuren.csv"]
//	[thresholds]
//	chronic_late_days = 20
//	[weights]
//	slowing = 30
type fileConfig struct {
	Out          string         `toml:"out"`
	AsOf         string         `toml:"as_of"`
	DateOrder    string         `toml:"date_order"`
	Decimal      string         `toml:"decimal"`
	DefaultTerms *int           `toml:"default_terms"`
	Currency     string         `toml:"currency"`
	Outputs      []string       `toml:"outputs"`
	Mail         mailConfig     `toml:"mail"`
	FX           string         `toml:"fx"`
	Lang         string         `toml:"lang"`
	Locale       string         `toml:"locale"` // the old name of lang
	Months       *int           `toml:"months"`
	DSOWindow    *int           `toml:"dso_window"`
	Lookback     *int           `toml:"lookback"`
	Buckets      []int          `toml:"buckets"`
	Invoices     tableConfig    `toml:"invoices"`
	Clients      tableConfig    `toml:"clients"`
	Payments     tableConfig    `toml:"payments"`
	Sales        tableConfig    `toml:"sales"`
	Activity     tableConfig    `toml:"activity"`
	Thresholds   map[string]any `toml:"thresholds"`
	Weights      map[string]int `toml:"weights"`
}

// tableConfig is one table's files, sheet and column mapping.
type tableConfig struct {
	Files   []string          `toml:"files"`
	Sheet   string            `toml:"sheet"`
	Columns map[string]string `toml:"columns"`
}

func loadConfig(path string) (*fileConfig, error) {
	var fc fileConfig
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, &input.NotAFileError{Path: path, Mode: st.Mode()}
	}
	md, err := toml.DecodeFile(path, &fc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return nil, fmt.Errorf("%s: unknown setting %q", path, undecoded[0].String())
	}
	dir := filepath.Dir(path)
	for _, t := range []*tableConfig{&fc.Invoices, &fc.Clients, &fc.Payments, &fc.Sales, &fc.Activity} {
		for i, f := range t.Files {
			if !filepath.IsAbs(f) {
				t.Files[i] = filepath.Join(dir, f)
			}
		}
	}
	if fc.FX != "" && !filepath.IsAbs(fc.FX) {
		fc.FX = filepath.Join(dir, fc.FX)
	}
	if fc.Out != "" && !filepath.IsAbs(fc.Out) {
		fc.Out = filepath.Join(dir, fc.Out)
	}
	return &fc, nil
}

// applyRules sets thresholds and weights by their names in metrics.json
// (chronic_late_days, slowing, …) on top of the defaults.
func applyRules(rules *metrics.Rules, thresholds map[string]any, weights map[string]int) error {
	if len(thresholds) > 0 {
		cur, _ := json.Marshal(rules)
		var known map[string]any
		json.Unmarshal(cur, &known)
		for k, v := range thresholds {
			if _, ok := known[k]; !ok {
				return fmt.Errorf("unknown threshold %q; the thresholds are %s", k, strings.Join(sortedKeys(known), ", "))
			}
			known[k] = v
		}
		merged, _ := json.Marshal(known)
		if err := json.Unmarshal(merged, rules); err != nil {
			return fmt.Errorf("thresholds: %w", err)
		}
	}
	if len(weights) > 0 {
		w := map[string]int{}
		for k, v := range rules.Weights {
			w[k] = v
		}
		for k, v := range weights {
			if _, ok := w[k]; !ok {
				return fmt.Errorf("unknown flag %q in weights; the flags are %s", k, strings.Join(metrics.FlagOrder, ", "))
			}
			w[k] = v
		}
		rules.Weights = w
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// columnMaps splits FIELD=COLUMN mappings (or TABLE.FIELD=COLUMN) by
// table. A bare field goes to every table that has it.
func columnMaps(maps []string, fromConfig map[input.Kind]map[string]string) (map[input.Kind]map[input.Field]string, error) {
	out := map[input.Kind]map[input.Field]string{}
	set := func(kind input.Kind, field, column string) bool {
		for _, f := range input.Fields(kind) {
			if f.String() == field {
				if out[kind] == nil {
					out[kind] = map[input.Field]string{}
				}
				out[kind][f] = column
				return true
			}
		}
		return false
	}
	kinds := []input.Kind{input.Invoices, input.Clients, input.Payments, input.Sales, input.Activity}
	for _, kind := range kinds {
		for field, column := range fromConfig[kind] {
			if !set(kind, field, column) {
				return nil, fmt.Errorf("[%s] columns: %q is not a field of that table; the fields are %s", kind, field, fieldList(kind))
			}
		}
	}
	for _, m := range maps {
		field, column, ok := strings.Cut(m, "=")
		if !ok || field == "" || column == "" {
			return nil, usagef("--map %q: give FIELD=COLUMN, e.g. --map invoice_no=Factuurnr.", m)
		}
		found := false
		table, bare, qualified := strings.Cut(field, ".")
		for _, kind := range kinds {
			if qualified && table != kind.String() || !qualified && (kind == input.Sales || kind == input.Activity) {
				continue // the sales table shares field names with the invoices: map it as sales.FIELD
			}
			name := field
			if qualified {
				name = bare
			}
			found = set(kind, name, column) || found
		}
		if !found {
			return nil, usagef("--map %q: %q is not a field; the fields are: invoices: %s; clients: %s; payments: %s; sales: %s",
				m, field, fieldList(input.Invoices), fieldList(input.Clients), fieldList(input.Payments), fieldList(input.Sales))
		}
	}
	return out, nil
}

func fieldList(kind input.Kind) string {
	var names []string
	for _, f := range input.Fields(kind) {
		names = append(names, f.String())
	}
	return strings.Join(names, " ")
}
