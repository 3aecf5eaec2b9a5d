package render

import (
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/wording"
)

// Table is a display-ready table: every cell formatted, spreadsheet text
// already escaped for the output it is meant for.
type Table struct {
	Header []string
	Right  []bool // right-align column i (numbers)
	Rows   [][]string
}

// FlagLine is a flag with its evidence sentence.
type FlagLine struct {
	ID       string // the flag's id, as in metrics.json
	Name     string // its name for the reader
	Evidence string
}

// RiskRow is one client in the clients-at-risk list.
type RiskRow struct {
	Anchor, Name  string
	Tier          string // the tier's id (a style name): critical, high, medium, low
	TierName      string // the tier for the reader
	Score         int
	Flags         []FlagLine
	Open, Overdue string
	DBT, PastDue  string
	Spark         string        // days to pay by month, as block characters (report.md)
	SparkSVG      template.HTML // the same as a small chart on the table's one scale, with the terms (report.html); numbers only
}

// Detail is one flagged client's section.
type Detail struct {
	Anchor    string
	Title     string
	Summary   string
	Flags     []FlagLine
	DTPChart  string // chart ids
	OpenChart string
	Series    Table // days to pay and open balance per month
	Overdue   Table
}

// Tile is a key figure with its changes, for the tiles of report.html.
type Tile struct {
	Label, Value, Prev, Year string
	// PrevTone and YearTone say whether the change is "good", "bad" or
	// "neutral" for the reader.
	PrevTone, YearTone string
}

// View is the report as the templates see it: formatted text and tables,
// no figure left to compute.
type View struct {
	AsOf, AsOfRule, Currency string
	Samples                  bool
	Inputs                   Table
	KeyFigures               Table
	Narrative                []string
	DSOTrend                 Table
	AgingTrend               Table
	AgingNow                 Table
	AtRisk                   Table
	Risk                     []RiskRow
	WorklistIntro            string
	Worklist                 Table
	ForecastIntro            string
	Forecast                 Table
	TrackRecord              Table
	TrackMean                string
	AtRiskIntro              string
	NoActivity               string   // why the engagement flags could not be seen; empty with an activity export
	UnknownTypes             []string // activity types not recognised, with their counts
	AtRiskCount              int      // flagged clients
	AtRiskShown              int      // of them in the table and the details
	Tiles                    []Tile
	Charts                   []chartSpec
	Details                  []Detail
	Debtors                  Table
	DebtorsIntro             string
	DebtorsBySegment         Table // empty when the clients table gives no segments
	DebtorsByManager         Table // likewise for account managers
	Concentration            Table
	HHI, HHIBand             string
	Quality                  Table
	Mapping                  Table
	Problems                 []string
	MoreProblems             int
	Today                    string
	FutureRows               []string // rows dated after Today, named
	MoreFutureRows           int
	ReadingNotes             []string // how values without evidence of their own were read
	UnknownClients           []string // clients of invoices the clients table lacks, named
	AfterInvoicesIntro       string
	AfterInvoices            []string // invoices dated after as-of, named
	AfterPaymentsIntro       string
	AfterPayments            []string // payments dated after as-of, named
	PaidBefore               []string // payments dated before their invoice, named
	MorePaidBefore           int
	SimilarIDs               []string // groups of client ids that differ only in case or spacing
	MoreSimilarIDs           int
	Thresholds               Table
	Months, DSOWindow        int
	Lookback, DefaultTerms   int
	Buckets                  string
	PrevEnd, YearAgoEnd      string
	OpenOnly                 bool
	Rates                    []string
	RatesList                string // Rates, joined
}

// viewBuilder formats results; esc escapes text that came from a spreadsheet.
type viewBuilder struct {
	rep  *Report
	res  *metrics.Result
	meta *Meta
	lang *wording.Lang
	loc  wording.Format
	esc  func(string) string
	ev   evidenceWriter
	// plain: the output has no links (the workbook, the e-mail), so
	// clients are named without one.
	plain bool
}

// newViewBuilder formats the report for an output whose spreadsheet text
// esc escapes.
func newViewBuilder(rep *Report, esc func(string) string) *viewBuilder {
	res, meta := rep.Result, rep.Meta
	return &viewBuilder{rep: rep, res: res, meta: meta, lang: meta.Lang, loc: meta.Lang.Format, esc: esc,
		ev: evidenceWriter{lang: meta.Lang, currency: res.Currency, rules: res.Params.Rules, esc: esc}}
}

// plainBuilder formats the report as plain text without links.
func plainBuilder(rep *Report) *viewBuilder {
	b := newViewBuilder(rep, func(s string) string { return s })
	b.plain = true
	return b
}

func (b *viewBuilder) money(c money.Cents) string { return b.loc.Money(c, b.res.Currency) }

func (b *viewBuilder) date(d civil.Date) string { return b.loc.Date(d) }

func (b *viewBuilder) clientName(id, name string) string {
	if name == "" || name == id {
		return b.esc(id)
	}
	return b.esc(name) + " (" + b.esc(id) + ")"
}

// buildView lays out every section of the report.
func buildView(rep *Report, esc func(string) string) *View { return newViewBuilder(rep, esc).view() }

// view lays out every section of the report.
func (b *viewBuilder) view() *View {
	rep, res, meta, esc := b.rep, b.res, b.meta, b.esc
	p := res.Params
	v := &View{
		AsOf: b.date(p.AsOf), AsOfRule: AsOfRule(meta, meta.Lang, b.date), Currency: res.Currency, Samples: meta.Samples,
		Months: p.Months, DSOWindow: p.DSOWindow, Lookback: p.Lookback, DefaultTerms: meta.DefaultTerms,
		Buckets: joinInts(p.Buckets), PrevEnd: b.date(res.PreviousEnd), OpenOnly: res.OpenOnly,
	}
	if res.YearAgo != nil {
		v.YearAgoEnd = b.date(res.YearAgo.End)
	}
	v.Inputs = b.inputs()
	v.KeyFigures = b.keyFigures()
	v.Tiles = b.tiles()
	v.Narrative = b.narrative()
	v.DSOTrend = b.dsoTrend()
	v.AgingTrend, v.AgingNow = b.aging()
	v.Risk, v.Details = b.atRisk()
	v.AtRisk = riskTable(v.Risk, b.lang)
	v.AtRiskCount = rep.FlaggedCount
	v.AtRiskShown = len(v.Risk)
	v.AtRiskIntro = b.lang.T("at_risk_intro", "Count", v.AtRiskCount)
	if v.AtRiskShown < v.AtRiskCount {
		v.AtRiskIntro += b.lang.T("at_risk_capped", "Shown", v.AtRiskShown)
	}
	v.AtRiskIntro += b.lang.T("at_risk_spark", "Months", v.Months)
	if !res.HaveActivity {
		v.NoActivity = b.lang.T("no_activity")
	}
	for _, s := range meta.Sources {
		for _, typ := range slices.Sorted(maps.Keys(s.UnknownTypes)) {
			v.UnknownTypes = append(v.UnknownTypes, b.lang.T("unknown_type_item", "Type", esc(typ), "Count", s.UnknownTypes[typ]))
		}
	}
	v.Charts = b.reportCharts()
	v.Worklist, v.WorklistIntro = b.worklist()
	v.Forecast, v.ForecastIntro = b.forecast()
	v.TrackRecord, v.TrackMean = b.trackRecord()
	v.Debtors, v.DebtorsIntro = b.debtors()
	v.DebtorsBySegment = b.debtorTotals(res.Debtors.BySegment, "col_segment")
	v.DebtorsByManager = b.debtorTotals(res.Debtors.ByAccountManager, "col_account_manager")
	v.Concentration, v.HHI, v.HHIBand = b.concentration()
	v.Quality, v.Mapping = b.quality()
	for _, pr := range meta.Problems {
		v.Problems = append(v.Problems, esc(pr.Describe(b.lang)))
	}
	v.MoreProblems = meta.ProblemCount - len(meta.Problems)
	v.Today = b.date(meta.Today)
	for _, f := range meta.Quality.FutureRows {
		v.FutureRows = append(v.FutureRows, esc(f.Describe(b.lang, b.date)))
	}
	v.MoreFutureRows = meta.Quality.FutureDated - len(v.FutureRows)
	for _, r := range meta.Quality.PaidBeforeRows {
		v.PaidBefore = append(v.PaidBefore, esc(r.Describe(b.lang, b.date)))
	}
	v.MorePaidBefore = meta.Quality.PaidBeforeIssue - len(v.PaidBefore)
	for _, id := range meta.Quality.UnknownClientIDs {
		v.UnknownClients = append(v.UnknownClients, esc(id))
	}
	ig := res.Ignored
	v.AfterInvoicesIntro = b.lang.T("after_invoices_intro", "Count", ig.Invoices, "Amount", b.money(ig.InvoiceAmount))
	v.AfterInvoices = b.ignoredItems(ig.InvoiceItems)
	v.AfterPaymentsIntro = b.lang.T("after_payments_intro", "Count", ig.Payments, "Amount", b.money(ig.PaymentAmount))
	v.AfterPayments = b.ignoredItems(ig.PaymentItems)
	for _, note := range meta.ReadingNotes(b.lang) {
		v.ReadingNotes = append(v.ReadingNotes, esc(note))
	}
	for _, group := range meta.Quality.SimilarIDs {
		ids := make([]string, len(group))
		for i, id := range group {
			ids[i] = esc(strconv.Quote(id))
		}
		v.SimilarIDs = append(v.SimilarIDs, strings.Join(ids, ", "))
	}
	v.MoreSimilarIDs = meta.Quality.SimilarGroups - len(v.SimilarIDs)
	v.Thresholds = b.thresholds()
	for _, r := range meta.Rates {
		v.Rates = append(v.Rates, esc(r))
	}
	v.RatesList = strings.Join(v.Rates, ", ")
	return v
}

func joinInts(list []int) string {
	s := make([]string, len(list))
	for i, n := range list {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

func (b *viewBuilder) inputs() Table {
	l := b.lang
	t := Table{Header: []string{l.T("col_table"), l.T("col_file"), l.T("col_sheet"), l.T("col_header_row"), l.T("col_rows"), l.T("col_sha")}, Right: []bool{false, false, false, true, true, false}}
	for _, s := range b.meta.Sources {
		sheet := s.Sheet
		if sheet == "" {
			sheet = "–"
		}
		t.Rows = append(t.Rows, []string{l.T("table_" + strings.ReplaceAll(s.Kind.String(), " ", "_")), b.esc(s.Name()), b.esc(sheet), strconv.Itoa(s.HeaderRow), strconv.Itoa(s.DataRows), "`" + s.SHA256 + "`"})
	}
	return t
}

func (b *viewBuilder) countback(pt metrics.Point) string {
	s := b.loc.Days(pt.Countback)
	if pt.CountbackCapped && pt.Countback != nil {
		return "> " + s
	}
	return s
}

// keyFigure is one key figure: its name, how its value and changes are
// written, the change as shown (for its tone), and which way is good.
// One list serves the table and the tiles, so they cannot drift apart.
type keyFigure struct {
	name   string
	value  string
	delta  func(d metrics.Delta) string
	change func(d metrics.Delta) float64
	upIs   string // "good", "bad" or "neutral": for most figures up is bad, for CEI good, receivables neither by itself
}

func (b *viewBuilder) keyFigureList() []keyFigure {
	res, loc, l := b.res, b.loc, b.lang
	now := res.Now()
	shown := func(v *float64, scale float64) float64 {
		if v == nil {
			return 0
		}
		return round1(*v * scale)
	}
	days := func(f func(metrics.Delta) *float64) (func(metrics.Delta) string, func(metrics.Delta) float64) {
		return func(d metrics.Delta) string { return loc.SignedDays(f(d)) }, func(d metrics.Delta) float64 { return shown(f(d), 1) }
	}
	dso, dsoChange := days(func(d metrics.Delta) *float64 { return d.DSO })
	cb, cbChange := days(func(d metrics.Delta) *float64 { return d.Countback })
	bp, bpChange := days(func(d metrics.Delta) *float64 { return d.BPDSO })
	add, addChange := days(func(d metrics.Delta) *float64 { return d.ADD })
	cei, ceiChange := days(func(d metrics.Delta) *float64 { return d.CEI })
	return []keyFigure{
		{l.T("kf_ar"), b.money(now.AR), func(d metrics.Delta) string { return loc.SignedMoney(d.AR, res.Currency) },
			func(d metrics.Delta) float64 { return float64(d.AR) }, "neutral"},
		{l.T("kf_overdue_share"), loc.Percent(now.OverdueShare), func(d metrics.Delta) string { return loc.SignedPoints(d.OverdueShare, l.T("unit_pp")) },
			func(d metrics.Delta) float64 { return shown(d.OverdueShare, 100) }, "bad"},
		{l.T("kf_dso"), loc.Days(now.DSO), dso, dsoChange, "bad"},
		{l.T("kf_countback"), b.countback(now), cb, cbChange, "bad"},
		{l.T("kf_bpdso"), loc.Days(now.BPDSO), bp, bpChange, "bad"},
		{l.T("kf_add"), loc.Days(now.ADD), add, addChange, "bad"},
		{l.T("kf_cei"), loc.Days(now.CEI), cei, ceiChange, "good"},
	}
}

// changeText writes a key figure's change, or "no data".
func (b *viewBuilder) changeText(d *metrics.Delta, f keyFigure) string {
	if d == nil {
		return b.lang.T("no_data")
	}
	return f.delta(*d)
}

func (b *viewBuilder) keyFigures() Table {
	res, l := b.res, b.lang
	now := res.Now()
	t := Table{Header: []string{l.T("col_figure"), l.T("col_at", "Date", b.date(now.End)), l.T("col_change_since", "Date", b.date(res.PreviousEnd)), l.T("col_change_year")}, Right: []bool{false, true, true, true}}
	for _, f := range b.keyFigureList() {
		t.Rows = append(t.Rows, []string{f.name, f.value, b.changeText(res.VsPrevious, f), b.changeText(res.VsYearAgo, f)})
	}
	return t
}

// tiles lays out the key figures for report.html, with a tone for each
// change.
func (b *viewBuilder) tiles() []Tile {
	tone := func(d *metrics.Delta, f keyFigure) string {
		if d == nil {
			return "neutral"
		}
		v := f.change(*d)
		switch {
		case v == 0 || f.upIs == "neutral":
			return "neutral"
		case (v > 0) == (f.upIs == "good"):
			return "good"
		}
		return "bad"
	}
	var tiles []Tile
	for _, f := range b.keyFigureList() {
		tiles = append(tiles, Tile{Label: f.name, Value: f.value, Prev: b.changeText(b.res.VsPrevious, f), Year: b.changeText(b.res.VsYearAgo, f),
			PrevTone: tone(b.res.VsPrevious, f), YearTone: tone(b.res.VsYearAgo, f)})
	}
	return tiles
}

func (b *viewBuilder) dsoTrend() Table {
	l := b.lang
	t := Table{Header: []string{l.T("col_month_end"), l.T("col_ar"), l.T("col_sales_month"), l.T("col_dso"), l.T("col_countback"), l.T("col_bpdso"), l.T("col_add"), l.T("col_cei")},
		Right: []bool{false, true, true, true, true, true, true, true}}
	for _, pt := range b.res.Months {
		t.Rows = append(t.Rows, []string{b.date(pt.End), b.money(pt.AR), b.money(pt.Sales), b.loc.Days(pt.DSO),
			b.countback(pt), b.loc.Days(pt.BPDSO), b.loc.Days(pt.ADD), b.loc.Days(pt.CEI)})
	}
	return t
}

func (b *viewBuilder) aging() (Table, Table) {
	l := b.lang
	names := metrics.BucketNames(b.res.Params.Buckets)
	trend := Table{Header: append(append([]string{l.T("col_month_end")}, b.bucketTitles(names)...), l.T("col_ar"))}
	trend.Right = make([]bool, len(trend.Header))
	for i := 1; i < len(trend.Right); i++ {
		trend.Right[i] = true
	}
	for _, pt := range b.res.Months {
		row := []string{b.date(pt.End)}
		for _, a := range pt.Aging {
			row = append(row, b.money(a))
		}
		trend.Rows = append(trend.Rows, append(row, b.money(pt.AR)))
	}
	now := b.res.Now()
	t := Table{Header: []string{l.T("col_bucket"), l.T("col_amount"), l.T("col_share_ar")}, Right: []bool{false, true, true}}
	for i, n := range b.bucketTitles(names) {
		share := b.loc.NA
		if now.AgingShare != nil {
			share = b.loc.Percent(&now.AgingShare[i])
		}
		t.Rows = append(t.Rows, []string{n, b.money(now.Aging[i]), share})
	}
	t.Rows = append(t.Rows, []string{l.T("total"), b.money(now.AR), ""})
	return trend, t
}

// bucketTitles names the aging buckets for the reader: "Current", "1-30 days".
func (b *viewBuilder) bucketTitles(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		if n == "current" {
			out[i] = b.lang.T("bucket_current")
		} else {
			out[i] = b.lang.T("bucket_days", "Range", n)
		}
	}
	return out
}

// sparkline draws a day series with block characters on the scale 0 to
// top, the same for every row; months without a settled invoice are dots.
func sparkline(values []metrics.MonthValue, top float64) string {
	runes := []rune("▁▂▃▄▅▆▇█")
	var s strings.Builder
	for _, v := range values {
		switch {
		case v.Value == nil:
			s.WriteRune('·')
		case top <= 0:
			s.WriteRune(runes[0])
		default:
			s.WriteRune(runes[min(len(runes)-1, int(min(*v.Value, top)/top*float64(len(runes)-1)+0.5))])
		}
	}
	return s.String()
}

// atRisk writes the flagged clients the report shows: the risk table's
// rows and their details.
func (b *viewBuilder) atRisk() ([]RiskRow, []Detail) {
	var rows []RiskRow
	var details []Detail
	scale := sparkScale(b.rep.Shown)
	for _, c := range b.rep.Shown {
		anchor := c.Anchor
		var flags []FlagLine
		for _, f := range c.Flags {
			flags = append(flags, FlagLine{f.ID, flagName(b.lang, f.ID), b.ev.sentence(f)})
		}
		name := b.clientName(c.Client.ID, c.Client.Name)
		rows = append(rows, RiskRow{Anchor: anchor, Name: name, Tier: c.Tier, TierName: tierName(b.lang, c.Tier), Score: c.Score, Flags: flags,
			Open: b.money(c.Open), Overdue: b.money(c.Overdue), DBT: b.loc.Days(c.DBT), PastDue: b.pastDue(c.ClientResult),
			Spark: sparkline(c.DaysToPay, scale), SparkSVG: template.HTML(sparkSVG(c.DaysToPay, c.Terms, scale, b.lang.T("spark_title")))})
		d := b.detail(c.ClientResult, anchor, name, flags)
		d.DTPChart, d.OpenChart = c.DTPChart, c.OpenChart
		details = append(details, d)
	}
	return rows, details
}

// riskTable is the clients-at-risk list as a Markdown table.
func riskTable(rows []RiskRow, l *wording.Lang) Table {
	t := Table{Header: []string{l.T("col_client"), l.T("col_risk"), l.T("col_flags"), l.T("col_open"), l.T("col_overdue"), l.T("col_dbt"), l.T("col_past_due"), l.T("col_dtp_month")},
		Right: []bool{false, false, false, true, true, true, false, false}}
	for _, r := range rows {
		var flags []string
		for _, f := range r.Flags {
			flags = append(flags, "**"+f.Name+"**: "+f.Evidence)
		}
		t.Rows = append(t.Rows, []string{"[" + r.Name + "](#" + r.Anchor + ")", fmt.Sprintf("%s (%d)", r.TierName, r.Score),
			strings.Join(flags, "; "), r.Open, r.Overdue, r.DBT, r.PastDue, r.Spark})
	}
	return t
}

func (b *viewBuilder) detail(c metrics.ClientResult, anchor, name string, flags []FlagLine) Detail {
	loc, l := b.loc, b.lang
	limit := l.T("credit_limit_none")
	if c.Client.HasCreditLimit {
		limit = b.money(c.Client.CreditLimit)
	}
	d := Detail{Anchor: anchor, Title: name, Flags: flags,
		Summary: l.T("detail_summary", "Tier", tierName(l, c.Tier), "Score", c.Score, "Open", b.money(c.Open), "Overdue", b.money(c.Overdue),
			"DSO", loc.Days(c.DSO), "Settled", c.Paying.Settled, "OnTime", loc.Percent(c.Paying.OnTimeRate),
			"ADP", loc.Days(c.Paying.ADP), "ADL", loc.Days(c.Paying.ADL), "Limit", limit) + " " + b.openSide(c)}
	// Months across, as a reader compares them: one row per figure.
	d.Series = Table{Header: []string{""}, Right: []bool{false}}
	dtp, age, open := []string{l.T("row_dtp")}, []string{l.T("row_open_age")}, []string{l.T("row_open_month_end")}
	for i, m := range c.DaysToPay {
		d.Series.Header = append(d.Series.Header, loc.MonthLabel(m.Month))
		d.Series.Right = append(d.Series.Right, true)
		dtp = append(dtp, loc.Days(m.Value))
		age = append(age, loc.Days(c.OpenAge[i].Value))
		open = append(open, b.money(c.OpenSeries[i]))
	}
	d.Series.Rows = [][]string{dtp, age, open}
	d.Overdue = Table{Header: []string{l.T("col_invoice"), l.T("col_issued"), l.T("col_due"), l.T("col_amount"), l.T("col_open"), l.T("col_dpd")}, Right: []bool{false, false, false, true, true, true}}
	for _, inv := range c.OverdueInvoices {
		d.Overdue.Rows = append(d.Overdue.Rows, []string{b.esc(inv.No), b.date(inv.Issue), b.date(inv.Due), b.money(inv.Amount), b.money(inv.Open), strconv.Itoa(inv.DaysOverdue)})
	}
	return d
}

// pastDue writes a client's open past-due invoices: "12 invoices, the
// oldest 120 days", or "none".
func (b *viewBuilder) pastDue(c metrics.ClientResult) string {
	if c.PastDueCount == 0 {
		return b.lang.T("past_due_none")
	}
	return b.lang.T("past_due_cell", "Count", c.PastDueCount, "Days", c.OldestDPD)
}

// openSide states the open past-due side of a client's paying, next to
// what the settled invoices say.
func (b *viewBuilder) openSide(c metrics.ClientResult) string {
	last := b.lang.T("last_payment_none")
	if c.HasLastPayment {
		last = b.date(c.LastPayment)
	}
	return b.lang.T("detail_open_side", "DBT", b.loc.Days(c.DBT), "PastDue", b.money(c.PastDue), "Invoices", b.pastDue(c), "Last", last)
}

// maxWorklistShown bounds the worklist in report.md and report.html.
const maxWorklistShown = 25

// worklist writes the clients to chase, with the next step and how to
// reach them.
func (b *viewBuilder) worklist() (Table, string) {
	l, list := b.lang, b.res.Worklist
	if len(list) == 0 {
		return Table{}, l.T("no_worklist")
	}
	t := Table{Header: []string{l.T("col_client"), l.T("col_overdue"), l.T("col_priority"), l.T("col_next_step"), l.T("col_contact"),
		l.T("col_account_manager"), l.T("col_last_payment"), l.T("col_last_outreach"), l.T("col_last_reply")},
		Right: []bool{false, true, true, false, false, false, false, false, false}}
	when := func(d civil.Date) string {
		if d == 0 {
			return ""
		}
		return b.date(d)
	}
	for _, w := range list[:min(len(list), maxWorklistShown)] {
		c := w.Client
		var contact []string
		for _, s := range []string{c.Client.ContactName, c.Client.Email, c.Client.Phone} {
			if s != "" {
				contact = append(contact, b.esc(s))
			}
		}
		last := ""
		if c.HasLastPayment {
			last = b.date(c.LastPayment)
		}
		t.Rows = append(t.Rows, []string{b.clientLink(c.Client), b.money(c.Overdue), b.money(w.Priority), b.stepText(w),
			strings.Join(contact, ", "), b.esc(c.Client.AccountManager), last, when(w.LastOutreach), when(w.LastReply)})
	}
	intro := l.T("worklist_intro", "Count", len(list))
	if len(list) > maxWorklistShown {
		intro += " " + l.T("worklist_capped", "Shown", maxWorklistShown)
	}
	return t, intro
}

// stepText says the next step in words.
func (b *viewBuilder) stepText(w metrics.WorkItem) string {
	l := b.lang
	switch {
	case w.Step == metrics.StepResolveDispute:
		return l.T("step_resolve-dispute", "Invoice", b.esc(w.Invoice))
	case w.Step == metrics.StepAwaitPromise && w.HasAmount:
		return l.T("step_await-promise", "Amount", b.money(w.Amount), "Date", b.date(w.Date))
	case w.Step == metrics.StepAwaitPromise:
		return l.T("step_await-promise_no_amount", "Date", b.date(w.Date))
	}
	return l.T("step_" + w.Step)
}

// forecast writes the 13 weeks and the reconciliation to AR.
func (b *viewBuilder) forecast() (Table, string) {
	l, f := b.lang, b.res.Forecast
	t := Table{Header: []string{l.T("col_week"), l.T("col_from_to"), l.T("col_expected")}, Right: []bool{false, false, true}}
	total := f.AfterWeeks + f.Doubtful + f.Credits
	for k, w := range f.Weeks {
		t.Rows = append(t.Rows, []string{l.T("week_n", "N", k+1), b.date(w.Start) + " – " + b.date(w.End), b.money(w.Amount)})
		total += w.Amount
	}
	t.Rows = append(t.Rows,
		[]string{l.T("fc_after"), "", b.money(f.AfterWeeks)},
		[]string{l.T("fc_doubtful"), "", b.money(f.Doubtful)},
		[]string{l.T("fc_credits"), "", b.money(f.Credits)},
		[]string{"**" + l.T("fc_total") + "**", "", "**" + b.money(total) + "**"})
	return t, l.T("forecast_intro", "ADL", b.loc.Number(f.PortfolioADL))
}

// trackRecord writes how the forecast did at the last month ends.
func (b *viewBuilder) trackRecord() (Table, string) {
	l, f := b.lang, b.res.Forecast
	t := Table{Header: []string{l.T("col_month_end"), l.T("col_forecast"), l.T("col_actual"), l.T("col_error")}, Right: []bool{false, true, true, true}}
	for _, p := range f.Track {
		t.Rows = append(t.Rows, []string{b.date(p.End), b.money(p.Forecast), b.money(p.Actual), b.loc.Percent(p.Error)})
	}
	return t, l.T("track_mean", "Error", b.loc.Percent(f.MeanError))
}

// ignoredItems names transactions dated after as-of.
func (b *viewBuilder) ignoredItems(items []metrics.IgnoredItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, b.lang.T("after_item", "Date", b.date(it.Date), "Client", b.clientName(it.Client.ID, it.Client.Name), "Invoice", b.esc(it.Invoice), "Amount", b.money(it.Amount)))
	}
	return out
}

// maxDebtorsShown bounds the rows of the aged debtors list in report.md
// and report.html; metrics.json holds every row.
const maxDebtorsShown = 500

// debtors writes the aged debtors list, with its totals row.
func (b *viewBuilder) debtors() (Table, string) {
	l, d := b.lang, b.res.Debtors
	buckets := b.bucketTitles(metrics.BucketNames(b.res.Params.Buckets))
	t := Table{Header: append(append([]string{l.T("col_client"), l.T("col_terms"), l.T("col_credit_limit")}, buckets...),
		l.T("col_open"), l.T("col_overdue"), l.T("col_dbt"), l.T("col_last_payment"))}
	t.Right = make([]bool, len(t.Header))
	for i := 1; i < len(t.Right)-1; i++ {
		t.Right[i] = true
	}
	for _, i := range d.Rows[:min(len(d.Rows), maxDebtorsShown)] {
		c := &b.res.Clients[i]
		limit, last := "", ""
		if c.Client.HasCreditLimit {
			limit = b.money(c.Client.CreditLimit)
		}
		if c.HasLastPayment {
			last = b.date(c.LastPayment)
		}
		row := []string{b.clientName(c.Client.ID, c.Client.Name), l.T("terms_days", "Days", c.Terms), limit}
		for _, a := range c.Aging {
			row = append(row, b.money(a))
		}
		t.Rows = append(t.Rows, append(row, b.money(c.Open), b.money(c.Overdue), b.loc.Days(c.DBT), last))
	}
	total := []string{"**" + l.T("total") + "**", "", ""}
	for _, a := range d.Total.Aging {
		total = append(total, "**"+b.money(a)+"**")
	}
	t.Rows = append(t.Rows, append(total, "**"+b.money(d.Total.Open)+"**", "**"+b.money(d.Total.Overdue)+"**", "", ""))
	intro := l.T("debtors_intro", "Count", len(d.Rows))
	if len(d.Rows) > maxDebtorsShown {
		intro += " " + l.T("debtors_capped", "Shown", maxDebtorsShown)
	}
	return t, intro
}

// debtorTotals writes subtotals of the debtors list, by segment or by
// account manager (keyHeader).
func (b *viewBuilder) debtorTotals(totals []metrics.DebtorTotal, keyHeader string) Table {
	l := b.lang
	t := Table{Header: append(append([]string{l.T(keyHeader), l.T("col_clients")}, b.bucketTitles(metrics.BucketNames(b.res.Params.Buckets))...), l.T("col_open"), l.T("col_overdue"))}
	t.Right = make([]bool, len(t.Header))
	for i := 1; i < len(t.Right); i++ {
		t.Right[i] = true
	}
	for _, s := range totals {
		key := b.esc(s.Key)
		if s.Key == "" {
			key = l.T("no_key")
		}
		row := []string{key, strconv.Itoa(s.Count)}
		for _, a := range s.Aging {
			row = append(row, b.money(a))
		}
		t.Rows = append(t.Rows, append(row, b.money(s.Open), b.money(s.Overdue)))
	}
	return t
}

func (b *viewBuilder) concentration() (Table, string, string) {
	con, l := b.res.Concentration, b.lang
	t := Table{Header: []string{l.T("col_rank"), l.T("col_client"), l.T("col_open"), l.T("col_share_ar"), l.T("col_cumulative")}, Right: []bool{true, false, true, true, true}}
	for i, s := range con.Top {
		share, cum := s.Share, s.Cumulative
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), b.clientName(s.Client.ID, s.Client.Name), b.money(s.Open), b.loc.Percent(&share), b.loc.Percent(&cum)})
	}
	band := l.T("hhi_low")
	switch {
	case con.HHI > 2500:
		band = l.T("hhi_high")
	case con.HHI >= 1500:
		band = l.T("hhi_mid")
	}
	return t, b.loc.Number(con.HHI), band
}

// qualityItem is a data-quality count, or a yes (Count < 0).
type qualityItem struct {
	Label string
	Count int
}

func (b *viewBuilder) quality() (Table, Table) {
	l := b.lang
	t := Table{Header: []string{l.T("col_what"), l.T("col_count")}, Right: []bool{false, true}}
	for _, it := range b.qualityItems() {
		n := l.T("yes")
		if it.Count >= 0 {
			n = strconv.Itoa(it.Count)
		}
		t.Rows = append(t.Rows, []string{it.Label, n})
	}
	return t, b.mapping()
}

// qualityItems are the counts of the data-quality table.
func (b *viewBuilder) qualityItems() []qualityItem {
	m, q, l := b.meta, b.meta.Quality, b.lang
	var items []qualityItem
	add := func(id string, n int, args ...any) {
		items = append(items, qualityItem{l.T(id, args...), n})
	}
	add("q_rows_read", m.RowsRead())
	reasons := m.SkipReasons()
	for _, r := range sortedKeys(reasons) {
		add("q_rows_skipped", reasons[r], "Reason", l.T("skip_"+strings.ReplaceAll(r, " ", "_")))
	}
	add("q_invoices", q.Invoices)
	add("q_credit_notes", q.CreditNotes)
	add("q_payments", q.Payments)
	add("q_converted", q.Converted)
	add("q_derived_due", q.DerivedDueDates)
	add("q_derived_issue", q.DerivedIssueDates)
	add("q_unknown_clients", q.UnknownClients)
	add("q_unknown_rows", q.UnknownClientRows)
	add("q_payments_no_invoice", q.PaymentsNoInvoice)
	add("q_zero_payments", q.ZeroPayments)
	add("q_invoices_after", b.res.Ignored.Invoices)
	add("q_payments_after", b.res.Ignored.Payments)
	add("q_future", q.FutureDated)
	add("q_similar", q.SimilarGroups)
	add("q_paid_before", q.PaidBeforeIssue)
	if b.res.HaveActivity {
		add("q_activities", q.Activities)
		add("q_activity_no_client", q.ActivityNoClient)
	}
	switch {
	case q.NoPaymentInfo:
		add("q_no_payment_info", -1)
	case b.res.OpenOnly:
		add("q_open_item_list", -1)
	}
	return items
}

// mapping lists which column of each file gave each field, and how.
func (b *viewBuilder) mapping() Table {
	l := b.lang
	mapping := Table{Header: []string{l.T("col_file"), l.T("col_field"), l.T("col_column"), l.T("col_how")}}
	for _, s := range b.meta.Sources {
		for _, c := range s.Columns {
			how := l.T("how_recognised")
			if c.Explicit {
				how = l.T("how_mapped")
			}
			mapping.Rows = append(mapping.Rows, []string{b.esc(s.Name()), c.Field.String(), b.esc(c.Header), how})
		}
	}
	return mapping
}

// thresholds lists every flag's rule with the thresholds and weights used.
func (b *viewBuilder) thresholds() Table {
	r, loc, l := b.res.Params.Rules, b.loc, b.lang
	pct := func(v float64) string { return loc.Percent(&v) }
	w := r.Weights
	t := Table{Header: []string{l.T("th_flag"), l.T("th_rule"), l.T("th_weight")}, Right: []bool{false, false, true}}
	rules := map[string][]any{
		metrics.ChronicLate:      {"Min", r.ChronicMinSettled, "Rate", pct(r.ChronicOnTimeBelow), "Days", loc.Number(r.ChronicLateDays)},
		metrics.Slowing:          {"Recent", r.SlowingRecentMonths, "Days", loc.Number(r.SlowingDays), "Growth", pct(r.SlowingGrowth), "Prior", r.SlowingPriorMonths, "Min", r.SlowingMinEach},
		metrics.StoppedPaying:    {"Days", r.StoppedDays},
		metrics.SeverelyOverdue:  {"Severe", r.SevereDays, "Watch", r.WatchDays, "Half", (w[metrics.SeverelyOverdue] + 1) / 2},
		metrics.PartialPayments:  {"Min", r.PartialMin, "Months", r.PartialMonths},
		metrics.RisingBalance:    {"Steps", r.RisingSteps},
		metrics.OverCreditLimit:  nil,
		metrics.Disputes:         {"Share", pct(r.DisputeShare), "Count", r.DisputeCount},
		metrics.EarlyWarning:     {"Min", r.EarlyMinBad, "First", r.EarlyInvoices, "Months", r.EarlyMonths},
		metrics.RemindersIgnored: {"Min", r.RemindersMin, "Days", r.EngagementDays},
		metrics.BrokenPromise:    {"Grace", r.PromiseGrace},
		metrics.GoneQuiet:        {"DPD", r.QuietDPD, "Days", r.QuietDays},
		metrics.Concentration:    {"Share", pct(r.ConcentrationShare)},
		metrics.GoingSouth:       nil,
	}
	for _, id := range metrics.FlagOrder {
		t.Rows = append(t.Rows, []string{flagName(l, id), l.T("rule_"+id, rules[id]...), strconv.Itoa(w[id])})
	}
	return t
}
