package main

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/render"
	"github.com/arreport/arreport/report/wording"
	"github.com/arreport/arreport/templates"
	"github.com/spf13/pflag"
)

// errUsage marks errors in how the command was called (exit status 2).
var errUsage = errors.New("usage")

type usageError struct{ msg string }

func (e usageError) Error() string        { return e.msg + " (see arreport --help)" }
func (e usageError) Is(target error) bool { return target == errUsage }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// config is the command line, parsed.
type config struct {
	invoices, clients, payments []string
	sales                       []string // a sales table: revenue per month, for an open-item list's DSO
	activity                    []string // an activity export: reminders, calls, replies, promises
	fx                          string
	asOf                        civil.Date
	asOfGiven                   bool
	out                         string
	params                      metrics.Params
	defaultTerms                int
	currency                    string
	dateOrder                   input.DateOrder
	lang                        string // the reader's language: en, nl
	strict, quiet               bool
	templates                   string
	cpuProfile                  string
	outputs                     render.Outputs // what the run writes
	mail                        mailSettings
	// today is the day of the run (SOURCE_DATE_EPOCH when set, for
	// reproducible runs): rows dated after it are future-dated.
	today civil.Date
	// read holds, per table, the column mapping and sheet to read with.
	read map[input.Kind]input.Options
}

const usageHead = `arreport turns invoice and client exports into a monthly accounts-receivable
report: DSO trend, aging, and the clients at risk, with the evidence behind
every flag.

Usage:
  arreport --invoices FILE [--clients FILE] [--payments FILE] [flags]

Example:
  arreport --invoices facturen-2025.xlsx --invoices facturen-2026.xlsx \
           --clients debiteuren.csv --as-of 2026-10-31 --out rapport/

With no --invoices it runs on the bundled sample company.
Writes report.html, report.md (with its charts in report_files/),
metrics.json, report.xlsx and report.eml into --out (--outputs chooses);
--mail-to sends report.eml through --smtp (the password in
ARREPORT_SMTP_PASSWORD).

Flags:
`

func parseArgs(args []string, stdout io.Writer) (*config, bool, error) {
	fs := pflag.NewFlagSet("arreport", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg := &config{}
	fs.StringArrayVar(&cfg.invoices, "invoices", nil, "invoices export (.xlsx, .csv); repeat for several files; book.xlsx#Sheet picks a sheet")
	fs.StringArrayVar(&cfg.clients, "clients", nil, "clients export (optional)")
	fs.StringArrayVar(&cfg.payments, "payments", nil, "payments export (optional; replaces the paid date and amount of the invoices)")
	fs.StringArrayVar(&cfg.sales, "sales", nil, "sales per month (columns month, amount: revenue from the P&L), for the DSO of an open-item list")
	fs.StringArrayVar(&cfg.activity, "activity", nil, "activity export of a dunning module or CRM (client, date, type: reminder, call, reply, promise…), for the engagement flags and the worklist")
	asOf := fs.String("as-of", "", "review date: 2026-10-31, 31-10-2026 or 31 okt 2026 (default: the last month end covered by the data)")
	fs.StringVar(&cfg.out, "out", "out", "directory to write the report into")
	outputs := fs.String("outputs", "html,md,json,xlsx,eml", "what to write: any of html, md (with report_files/), json, xlsx, eml, comma-separated")
	fs.StringArrayVar(&cfg.mail.to, "mail-to", nil, "send report.eml to this address (repeatable); needs --smtp")
	fs.StringVar(&cfg.mail.from, "mail-from", "", "the sender of report.eml (default: "+render.DefaultFrom+")")
	fs.StringVar(&cfg.mail.smtp, "smtp", "", "the SMTP server to send through, HOST:PORT (STARTTLS when offered; user and policy in the config file's [mail] section; password in "+passwordVar+")")
	months := fs.Int("months", 12, "month ends in the trend")
	window := fs.Int("dso-window", 3, "months of sales in DSO")
	lookback := fs.Int("lookback", 12, "months of paying behaviour looked at")
	fs.IntVar(&cfg.defaultTerms, "default-terms", 30, "payment terms in days for invoices without a due date and clients without terms")
	buckets := fs.String("buckets", "30,60,90", "aging bucket edges in days past due")
	fs.StringVar(&cfg.currency, "currency", "", "currency of the amounts when the data does not name one (default: none is shown); with --fx, the currency to convert into")
	fs.StringVar(&cfg.fx, "fx", "", "exchange rates (columns currency, rate: units of --currency per unit) for invoices in several currencies")
	order := fs.String("date-order", "auto", "order of text dates like 03/04/2026: dmy, mdy, ymd or auto")
	lang := fs.String("lang", "en", "the report's language, words and number formats: en or nl")
	locale := fs.String("locale", "", "the same as --lang (its old name, kept for one release)")
	fs.StringVar(&cfg.templates, "templates", "", "directory of templates that override the built-in ones by name")
	writeTemplates := fs.String("write-templates", "", "write the built-in templates into this directory, to edit and use with --templates, and exit")
	fs.BoolVar(&cfg.strict, "strict", false, "fail on any row problem instead of skipping the row")
	fs.BoolVarP(&cfg.quiet, "quiet", "q", false, "print nothing but errors")
	help := fs.BoolP("help", "h", false, "show this help")
	configPath := fs.String("config", "", "settings file (TOML): files, column mapping, date order, decimal mark, sheet, terms, thresholds")
	maps := fs.StringArray("map", nil, "map a field to a column: FIELD=COLUMN or TABLE.FIELD=COLUMN, e.g. --map invoice_no=Factuurnr. (repeatable)")
	decimal := fs.String("decimal", "", "decimal mark of amounts: , or . (default: detected per column)")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file (for performance work)")

	if err := fs.Parse(args); err != nil {
		return nil, false, usagef("%v", err)
	}
	if *help {
		fmt.Fprint(stdout, usageHead+flagUsages(fs))
		return nil, true, nil
	}
	if *writeTemplates != "" {
		written, err := templates.WriteBuiltin(*writeTemplates)
		if err != nil {
			return nil, false, err
		}
		fmt.Fprintf(stdout, "wrote %s; edit them and run with --templates %s\n", strings.Join(written, ", "), *writeTemplates)
		return nil, true, nil
	}
	if fs.NArg() > 0 {
		return nil, false, usagef("unexpected argument %q; input files go after --invoices, --clients or --payments", fs.Arg(0))
	}
	for name, list := range map[string][]string{"invoices": cfg.invoices, "clients": cfg.clients, "payments": cfg.payments, "sales": cfg.sales, "activity": cfg.activity} {
		if slices.Contains(list, "") {
			return nil, false, usagef("--%s was given an empty file name", name)
		}
	}
	for _, name := range []string{"config", "fx", "templates", "out", "as-of"} {
		if fs.Changed(name) && fs.Lookup(name).Value.String() == "" {
			return nil, false, usagef("--%s was given an empty value", name)
		}
	}
	if cfg.templates != "" {
		if st, err := os.Stat(cfg.templates); err != nil || !st.IsDir() {
			return nil, false, usagef("--templates %q: no such folder; write the built-in templates into it first with --write-templates %q", cfg.templates, cfg.templates)
		}
	}
	fileCfg := &fileConfig{}
	if *configPath != "" {
		var err error
		if fileCfg, err = loadConfig(*configPath); err != nil {
			return nil, false, err
		}
		// Settings from the file, where the command line does not say otherwise.
		str := func(flag string, dst *string, v string) {
			if v != "" && !fs.Changed(flag) {
				*dst = v
			}
		}
		num := func(flag string, dst *int, v *int) {
			if v != nil && !fs.Changed(flag) {
				*dst = *v
			}
		}
		str("out", &cfg.out, fileCfg.Out)
		if len(fileCfg.Outputs) > 0 && !fs.Changed("outputs") {
			*outputs = strings.Join(fileCfg.Outputs, ",")
		}
		mc := fileCfg.Mail
		str("mail-from", &cfg.mail.from, mc.From)
		str("smtp", &cfg.mail.smtp, mc.SMTP)
		if len(mc.To) > 0 && !fs.Changed("mail-to") {
			cfg.mail.to = mc.To
		}
		cfg.mail.user, cfg.mail.starttls, cfg.mail.company = mc.User, mc.StartTLS, mc.Company
		str("as-of", asOf, fileCfg.AsOf)
		str("date-order", order, fileCfg.DateOrder)
		str("decimal", decimal, fileCfg.Decimal)
		str("currency", &cfg.currency, fileCfg.Currency)
		str("fx", &cfg.fx, fileCfg.FX)
		str("lang", lang, cmp.Or(fileCfg.Lang, fileCfg.Locale))
		num("default-terms", &cfg.defaultTerms, fileCfg.DefaultTerms)
		num("months", months, fileCfg.Months)
		num("dso-window", window, fileCfg.DSOWindow)
		num("lookback", lookback, fileCfg.Lookback)
		if len(fileCfg.Buckets) > 0 && !fs.Changed("buckets") {
			*buckets = joinInts(fileCfg.Buckets)
		}
		files := func(flag string, dst *[]string, v []string) {
			if len(v) > 0 && !fs.Changed(flag) {
				*dst = v
			}
		}
		files("invoices", &cfg.invoices, fileCfg.Invoices.Files)
		files("clients", &cfg.clients, fileCfg.Clients.Files)
		files("payments", &cfg.payments, fileCfg.Payments.Files)
		files("sales", &cfg.sales, fileCfg.Sales.Files)
		files("activity", &cfg.activity, fileCfg.Activity.Files)
	}
	var ok bool
	if cfg.dateOrder, ok = input.ParseDateOrder(*order); !ok {
		return nil, false, usagef("--date-order %q: use dmy, mdy, ymd or auto", *order)
	}
	if *asOf != "" {
		d, ok, ambiguous := input.ParseDate(*asOf, cfg.dateOrder)
		switch {
		case ambiguous:
			return nil, false, usagef("--as-of %q could be day-month or month-day; write it as YYYY-MM-DD, or give --date-order dmy or mdy", *asOf)
		case !ok:
			return nil, false, usagef("--as-of %q is not a date; write it as YYYY-MM-DD (or 31-10-2026, 31 okt 2026)", *asOf)
		}
		cfg.asOf, cfg.asOfGiven = d, true
	}
	edges, err := parseBuckets(*buckets)
	if err != nil {
		return nil, false, usagef("--buckets %q: %v", *buckets, err)
	}
	cfg.params = metrics.Params{Months: *months, DSOWindow: *window, Lookback: *lookback, Buckets: edges, DefaultTerms: cfg.defaultTerms, Rules: metrics.DefaultRules()}
	if err := applyRules(&cfg.params.Rules, fileCfg.Thresholds, fileCfg.Weights); err != nil {
		return nil, false, fmt.Errorf("%s: %w", *configPath, err)
	}
	if err := cfg.params.Validate(); err != nil {
		return nil, false, usagef("%v", err)
	}
	if cfg.defaultTerms < 0 || cfg.defaultTerms > 3650 {
		return nil, false, usagef("--default-terms must be 0 to 3650 days, not %d", cfg.defaultTerms)
	}
	var mark rune
	switch *decimal {
	case "":
	case ",", ".":
		mark = rune((*decimal)[0])
	default:
		return nil, false, usagef("--decimal %q: use , or .", *decimal)
	}
	columns, err := columnMaps(*maps, map[input.Kind]map[string]string{
		input.Invoices: fileCfg.Invoices.Columns, input.Clients: fileCfg.Clients.Columns, input.Payments: fileCfg.Payments.Columns, input.Sales: fileCfg.Sales.Columns, input.Activity: fileCfg.Activity.Columns,
	})
	if err != nil {
		return nil, false, err
	}
	cfg.read = map[input.Kind]input.Options{}
	for kind, sheet := range map[input.Kind]string{input.Invoices: fileCfg.Invoices.Sheet, input.Clients: fileCfg.Clients.Sheet, input.Payments: fileCfg.Payments.Sheet, input.Sales: fileCfg.Sales.Sheet, input.Activity: fileCfg.Activity.Sheet, input.Rates: ""} {
		cfg.read[kind] = input.Options{DateOrder: cfg.dateOrder, Decimal: mark, Columns: columns[kind], Sheet: sheet}
	}
	if fs.Changed("locale") && !fs.Changed("lang") {
		*lang = *locale
	}
	if cfg.lang = *lang; !slices.Contains(wording.Languages, cfg.lang) {
		return nil, false, usagef("--lang %q: use %s", cfg.lang, strings.Join(wording.Languages, " or "))
	}
	if cfg.outputs, err = parseOutputs(*outputs); err != nil {
		return nil, false, err
	}
	if err := cfg.mail.check(); err != nil {
		return nil, false, err
	}
	if len(cfg.mail.to) > 0 {
		cfg.outputs.EML = true // what is sent is report.eml, written first
	}
	cfg.outputs.Mail = render.Envelope{From: cfg.mail.from, To: cfg.mail.to, Company: cfg.mail.company}
	cfg.currency = strings.ToUpper(cfg.currency)
	if cfg.fx != "" && cfg.currency == "" {
		return nil, false, usagef("--fx needs --currency, the currency to convert into")
	}
	if cfg.today, err = runDay(); err != nil {
		return nil, false, err
	}
	if (len(cfg.clients) > 0 || len(cfg.payments) > 0 || len(cfg.sales) > 0 || len(cfg.activity) > 0) && len(cfg.invoices) == 0 {
		return nil, false, usagef("--clients, --payments, --sales and --activity need --invoices")
	}
	return cfg, false, nil
}

// valueNames name what a flag takes, in its line of --help.
var valueNames = map[string]string{
	"as-of": "DATE", "out": "DIR", "months": "N", "dso-window": "MONTHS", "lookback": "MONTHS",
	"default-terms": "DAYS", "buckets": "DAYS,...", "currency": "CODE", "fx": "FILE", "date-order": "ORDER",
	"locale": "LANG", "lang": "LANG", "templates": "DIR", "write-templates": "DIR", "config": "FILE", "decimal": "MARK",
	"cpuprofile": "FILE", "map": "FIELD=COLUMN", "outputs": "LIST", "mail-to": "ADDR", "mail-from": "ADDR", "smtp": "HOST:PORT",
}

// parseOutputs reads --outputs: html, md, json, xlsx, eml, comma-separated.
func parseOutputs(list string) (render.Outputs, error) {
	var o render.Outputs
	for _, name := range strings.Split(list, ",") {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "html":
			o.HTML = true
		case "md", "markdown":
			o.Markdown = true
		case "json":
			o.JSON = true
		case "xlsx":
			o.XLSX = true
		case "eml":
			o.EML = true
		default:
			return o, usagef("--outputs %q: %q is none of html, md, json, xlsx, eml", list, strings.TrimSpace(name))
		}
	}
	return o, nil
}

// flagUsages lists the flags one a line, as pflag does but without its
// type names and `[=true|false]` for switches: `--invoices FILE`, `--strict`.
func flagUsages(fs *pflag.FlagSet) string {
	type line struct{ left, usage string }
	var lines []line
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		usage := f.Usage
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		switch f.Value.Type() {
		case "bool":
		case "stringArray":
			left += " " + cmp.Or(valueNames[f.Name], "FILE")
		default:
			left += " " + valueNames[f.Name]
			if f.DefValue != "" && f.DefValue != "0" {
				usage += fmt.Sprintf(" (default %s)", f.DefValue)
			}
		}
		width = max(width, len(left))
		lines = append(lines, line{left, usage})
	})
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%-*s  %s\n", width, l.left, l.usage)
	}
	return b.String()
}

// runDay returns the day of the run: SOURCE_DATE_EPOCH (seconds, UTC)
// when set, else today on this machine's clock.
func runDay() (civil.Date, error) {
	if v := os.Getenv("SOURCE_DATE_EPOCH"); v != "" {
		sec, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("SOURCE_DATE_EPOCH %q is not a number of seconds", v)
		}
		return civil.FromTime(time.Unix(sec, 0).UTC()), nil
	}
	return civil.FromTime(time.Now()), nil
}

func joinInts(list []int) string {
	s := make([]string, len(list))
	for i, n := range list {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

func parseBuckets(s string) ([]int, error) {
	var edges []int
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil {
			return nil, errors.New("give whole days separated by commas, e.g. 30,60,90")
		}
		edges = append(edges, n)
	}
	return edges, nil
}

// run is the whole command, testable: it parses args, reads the exports,
// computes the metrics and writes the outputs.
func run(args []string, stdout, stderr io.Writer) error {
	cfg, helped, err := parseArgs(args, stdout)
	if err != nil || helped {
		return err
	}
	if cfg.cpuProfile != "" {
		f, err := os.Create(cfg.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	return generate(cfg, stdout, stderr)
}
