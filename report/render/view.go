package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/money"
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
	ID, Evidence string
}

// RiskRow is one client in the clients-at-risk list.
type RiskRow struct {
	Anchor, Name  string
	Tier          string
	Score         int
	Flags         []FlagLine
	Open, Overdue string
	Spark         string // days to pay by month, as block characters
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
	AtRiskCount              int // flagged clients
	AtRiskShown              int // of them in the table and the details
	Tiles                    []Tile
	Charts                   []chartSpec
	Details                  []Detail
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
}

// viewBuilder formats results; esc escapes text that came from a spreadsheet.
type viewBuilder struct {
	atRiskTotal int
	res         *metrics.Result
	meta        *Meta
	loc         Locale
	esc         func(string) string
	ev          evidenceWriter
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
func buildView(res *metrics.Result, meta *Meta, esc func(string) string) *View {
	b := &viewBuilder{res: res, meta: meta, loc: meta.Locale, esc: esc,
		ev: evidenceWriter{loc: meta.Locale, currency: res.Currency, rules: res.Params.Rules, esc: esc}}
	p := res.Params
	v := &View{
		AsOf: b.date(p.AsOf), AsOfRule: AsOfRule(meta, p.AsOf), Currency: res.Currency, Samples: meta.Samples,
		Months: p.Months, DSOWindow: p.DSOWindow, Lookback: p.Lookback, DefaultTerms: meta.DefaultTerms,
		Buckets: joinInts(p.Buckets), PrevEnd: b.date(res.PreviousEnd), OpenOnly: res.OpenOnly,
	}
	if res.YearAgo != nil {
		v.YearAgoEnd = b.date(res.YearAgo.End)
	}
	v.Inputs = b.inputs()
	v.KeyFigures = b.keyFigures()
	v.Tiles = b.tiles(v.KeyFigures)
	v.Narrative = b.narrative()
	v.DSOTrend = b.dsoTrend()
	v.AgingTrend, v.AgingNow = b.aging()
	var flagged []metrics.ClientResult
	v.Risk, v.Details, flagged = b.atRisk()
	v.AtRisk = riskTable(v.Risk)
	v.AtRiskCount = b.atRiskTotal
	v.AtRiskShown = len(v.Risk)
	v.Charts = b.reportCharts(flagged)
	v.Concentration, v.HHI, v.HHIBand = b.concentration()
	v.Quality, v.Mapping = b.quality()
	for _, pr := range meta.Problems {
		v.Problems = append(v.Problems, esc(pr))
	}
	v.MoreProblems = meta.ProblemCount - len(meta.Problems)
	v.Today = b.date(meta.Today)
	for _, f := range meta.Quality.FutureRows {
		v.FutureRows = append(v.FutureRows, esc(f.String()))
	}
	v.MoreFutureRows = meta.Quality.FutureDated - len(v.FutureRows)
	for _, r := range meta.Quality.PaidBeforeRows {
		v.PaidBefore = append(v.PaidBefore, esc(r.String()))
	}
	v.MorePaidBefore = meta.Quality.PaidBeforeIssue - len(v.PaidBefore)
	for _, note := range meta.ReadingNotes() {
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
	t := Table{Header: []string{"Table", "File", "Sheet", "Header row", "Rows", "SHA-256"}, Right: []bool{false, false, false, true, true, false}}
	for _, s := range b.meta.Sources {
		sheet := s.Sheet
		if sheet == "" {
			sheet = "–"
		}
		t.Rows = append(t.Rows, []string{s.Kind.String(), b.esc(s.Name()), b.esc(sheet), strconv.Itoa(s.HeaderRow), strconv.Itoa(s.DataRows), "`" + s.SHA256 + "`"})
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

func (b *viewBuilder) keyFigures() Table {
	res, loc := b.res, b.loc
	now := res.Now()
	t := Table{Header: []string{"Figure", "At " + b.date(now.End), "Change since " + b.date(res.PreviousEnd), "Change in a year"}, Right: []bool{false, true, true, true}}
	cell := func(d *metrics.Delta, f func(d metrics.Delta) string) string {
		if d == nil {
			return "no data"
		}
		return f(*d)
	}
	rows := []struct {
		name, value string
		delta       func(d metrics.Delta) string
	}{
		{"Receivables (AR)", b.money(now.AR), func(d metrics.Delta) string { return loc.SignedMoney(d.AR, res.Currency) }},
		{"Overdue share", loc.Percent(now.OverdueShare), func(d metrics.Delta) string { return loc.SignedPoints(d.OverdueShare) }},
		{"DSO (days)", loc.Days(now.DSO), func(d metrics.Delta) string { return loc.SignedDays(d.DSO) }},
		{"Countback DSO (days)", b.countback(now), func(d metrics.Delta) string { return loc.SignedDays(d.Countback) }},
		{"Best possible DSO (days)", loc.Days(now.BPDSO), func(d metrics.Delta) string { return loc.SignedDays(d.BPDSO) }},
		{"Average days delinquent", loc.Days(now.ADD), func(d metrics.Delta) string { return loc.SignedDays(d.ADD) }},
		{"Collection effectiveness (CEI, %)", loc.Days(now.CEI), func(d metrics.Delta) string { return loc.SignedDays(d.CEI) }},
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.name, r.value, cell(res.VsPrevious, r.delta), cell(res.VsYearAgo, r.delta)})
	}
	return t
}

// tiles lays out the key figures for report.html, with a tone for each
// change: for most figures up is bad, for CEI up is good, and receivables
// rising is neither by itself.
func (b *viewBuilder) tiles(t Table) []Tile {
	upIs := []string{"neutral", "bad", "bad", "bad", "bad", "bad", "good"}
	shown := func(v *float64, scale float64) float64 {
		if v == nil {
			return 0
		}
		return round1(*v * scale)
	}
	changes := func(d *metrics.Delta) []float64 {
		if d == nil {
			return make([]float64, len(upIs))
		}
		return []float64{float64(d.AR), shown(d.OverdueShare, 100), shown(d.DSO, 1), shown(d.Countback, 1),
			shown(d.BPDSO, 1), shown(d.ADD, 1), shown(d.CEI, 1)}
	}
	tone := func(v float64, up string) string {
		switch {
		case v == 0 || up == "neutral":
			return "neutral"
		case (v > 0) == (up == "good"):
			return "good"
		}
		return "bad"
	}
	prev, year := changes(b.res.VsPrevious), changes(b.res.VsYearAgo)
	var tiles []Tile
	for i, row := range t.Rows {
		tiles = append(tiles, Tile{Label: row[0], Value: row[1], Prev: row[2], Year: row[3],
			PrevTone: tone(prev[i], upIs[i]), YearTone: tone(year[i], upIs[i])})
	}
	return tiles
}

func (b *viewBuilder) dsoTrend() Table {
	t := Table{Header: []string{"Month end", "AR", "Sales in month", "DSO", "Countback DSO", "BPDSO", "ADD", "CEI %"},
		Right: []bool{false, true, true, true, true, true, true, true}}
	for _, pt := range b.res.Months {
		t.Rows = append(t.Rows, []string{b.date(pt.End), b.money(pt.AR), b.money(pt.Sales), b.loc.Days(pt.DSO),
			b.countback(pt), b.loc.Days(pt.BPDSO), b.loc.Days(pt.ADD), b.loc.Days(pt.CEI)})
	}
	return t
}

func (b *viewBuilder) aging() (Table, Table) {
	names := metrics.BucketNames(b.res.Params.Buckets)
	trend := Table{Header: append(append([]string{"Month end"}, bucketTitles(names)...), "AR")}
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
	t := Table{Header: []string{"Bucket", "Amount", "Share of AR"}, Right: []bool{false, true, true}}
	for i, n := range bucketTitles(names) {
		share := "n/a"
		if now.AgingShare != nil {
			share = b.loc.Percent(&now.AgingShare[i])
		}
		t.Rows = append(t.Rows, []string{n, b.money(now.Aging[i]), share})
	}
	t.Rows = append(t.Rows, []string{"Total", b.money(now.AR), ""})
	return trend, t
}

func bucketTitles(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		if n == "current" {
			out[i] = "Current"
		} else {
			out[i] = n + " days"
		}
	}
	return out
}

// sparkline draws a day series with block characters; months without a
// settled invoice are dots.
func sparkline(values []metrics.MonthValue) string {
	const blocks = "▁▂▃▄▅▆▇█"
	lo, hi, any := 0.0, 0.0, false
	for _, v := range values {
		if v.Value == nil {
			continue
		}
		if !any || *v.Value < lo {
			lo = *v.Value
		}
		if !any || *v.Value > hi {
			hi = *v.Value
		}
		any = true
	}
	runes := []rune(blocks)
	var s strings.Builder
	for _, v := range values {
		switch {
		case v.Value == nil:
			s.WriteRune('·')
		case hi == lo:
			s.WriteRune(runes[3])
		default:
			s.WriteRune(runes[int((*v.Value-lo)/(hi-lo)*float64(len(runes)-1)+0.5)])
		}
	}
	return s.String()
}

// maxAtRisk bounds the clients at risk the report shows in full: a review
// reads the top of the list; metrics.json has every client.
const maxAtRisk = 50

func (b *viewBuilder) atRisk() ([]RiskRow, []Detail, []metrics.ClientResult) {
	var rows []RiskRow
	var details []Detail
	var flagged []metrics.ClientResult
	for _, c := range b.res.Clients {
		if len(c.Flags) == 0 {
			continue
		}
		if b.atRiskTotal++; len(rows) == maxAtRisk {
			continue
		}
		n := len(details) + 1
		anchor := fmt.Sprintf("client-%d", n)
		var flags []FlagLine
		for _, f := range c.Flags {
			flags = append(flags, FlagLine{f.ID, b.ev.sentence(f)})
		}
		name := b.clientName(c.Client.ID, c.Client.Name)
		rows = append(rows, RiskRow{Anchor: anchor, Name: name, Tier: c.Tier, Score: c.Score, Flags: flags,
			Open: b.money(c.Open), Overdue: b.money(c.Overdue), Spark: sparkline(c.DaysToPay)})
		d := b.detail(c, anchor, name, flags)
		d.DTPChart, d.OpenChart = fmt.Sprintf("client_%d_dtp", n), fmt.Sprintf("client_%d_open", n)
		details = append(details, d)
		flagged = append(flagged, c)
	}
	return rows, details, flagged
}

// riskTable is the clients-at-risk list as a Markdown table.
func riskTable(rows []RiskRow) Table {
	t := Table{Header: []string{"Client", "Risk", "Flags and evidence", "Open", "Overdue", "Days to pay, by month"},
		Right: []bool{false, false, false, true, true, false}}
	for _, r := range rows {
		var flags []string
		for _, f := range r.Flags {
			flags = append(flags, "**"+f.ID+"**: "+f.Evidence)
		}
		t.Rows = append(t.Rows, []string{"[" + r.Name + "](#" + r.Anchor + ")", fmt.Sprintf("%s (%d)", r.Tier, r.Score),
			strings.Join(flags, "; "), r.Open, r.Overdue, r.Spark})
	}
	return t
}

func (b *viewBuilder) detail(c metrics.ClientResult, anchor, name string, flags []FlagLine) Detail {
	loc := b.loc
	limit := "none"
	if c.Client.HasCreditLimit {
		limit = b.money(c.Client.CreditLimit)
	}
	d := Detail{Anchor: anchor, Title: name, Flags: flags,
		Summary: fmt.Sprintf("Risk %s (score %d). Open %s, overdue %s; DSO %s days; over the lookback %d invoices settled, on time %s, average days to pay %s, average days late %s; credit limit %s.",
			c.Tier, c.Score, b.money(c.Open), b.money(c.Overdue), loc.Days(c.DSO), c.Paying.Settled,
			loc.Percent(c.Paying.OnTimeRate), loc.Days(c.Paying.ADP), loc.Days(c.Paying.ADL), limit)}
	// Months across, as a reader compares them: one row per figure.
	d.Series = Table{Header: []string{""}, Right: []bool{false}}
	dtp, open := []string{"Days to pay"}, []string{"Open at month end"}
	for i, m := range c.DaysToPay {
		d.Series.Header = append(d.Series.Header, loc.MonthLabel(m.Month))
		d.Series.Right = append(d.Series.Right, true)
		dtp = append(dtp, loc.Days(m.Value))
		open = append(open, b.money(c.OpenSeries[i]))
	}
	d.Series.Rows = [][]string{dtp, open}
	d.Overdue = Table{Header: []string{"Invoice", "Issued", "Due", "Amount", "Open", "Days past due"}, Right: []bool{false, false, false, true, true, true}}
	for _, inv := range c.OverdueInvoices {
		d.Overdue.Rows = append(d.Overdue.Rows, []string{b.esc(inv.No), b.date(inv.Issue), b.date(inv.Due), b.money(inv.Amount), b.money(inv.Open), strconv.Itoa(inv.DaysOverdue)})
	}
	return d
}

func (b *viewBuilder) concentration() (Table, string, string) {
	con := b.res.Concentration
	t := Table{Header: []string{"#", "Client", "Open", "Share of AR", "Cumulative"}, Right: []bool{true, false, true, true, true}}
	for i, s := range con.Top {
		share, cum := s.Share, s.Cumulative
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), b.clientName(s.Client.ID, s.Client.Name), b.money(s.Open), b.loc.Percent(&share), b.loc.Percent(&cum)})
	}
	band := "unconcentrated (below 1,500)"
	switch {
	case con.HHI > 2500:
		band = "highly concentrated (above 2,500)"
	case con.HHI >= 1500:
		band = "moderately concentrated (1,500 to 2,500)"
	}
	return t, b.loc.Number(con.HHI), band
}

func (b *viewBuilder) quality() (Table, Table) {
	m, q := b.meta, b.meta.Quality
	t := Table{Header: []string{"What", "Count"}, Right: []bool{false, true}}
	add := func(what string, n int) { t.Rows = append(t.Rows, []string{what, strconv.Itoa(n)}) }
	add("Rows read", m.RowsRead())
	reasons := m.SkipReasons()
	for _, r := range sortedKeys(reasons) {
		add("Rows skipped: "+r, reasons[r])
	}
	add("Invoices and credit notes kept", q.Invoices)
	add("of which credit notes", q.CreditNotes)
	add("Payments", q.Payments)
	add("Invoices converted from another currency (--fx)", q.Converted)
	add("Due dates derived from payment terms", q.DerivedDueDates)
	add("Invoice dates derived from due dates (due date - terms)", q.DerivedIssueDates)
	add("Clients missing from the clients table", q.UnknownClients)
	add("Invoices of those clients", q.UnknownClientRows)
	add("Payments for unknown invoice numbers", q.PaymentsNoInvoice)
	add("Paid amounts of 0 (no payment)", q.ZeroPayments)
	add("Invoices dated after the as-of date (ignored)", b.res.Ignored.Invoices)
	add("Payments dated after the as-of date (ignored)", b.res.Ignored.Payments)
	add("Rows dated after today, the day of the run (kept; never used to choose the as-of date)", q.FutureDated)
	add("Client ids that differ only in case or spacing (possibly the same client)", q.SimilarGroups)
	add("Payments dated before their invoice (kept as they are)", q.PaidBeforeIssue)
	switch {
	case q.NoPaymentInfo:
		t.Rows = append(t.Rows, []string{"No paid dates, open amounts or payments table: read as open items, each fully open", "yes"})
	case b.res.OpenOnly:
		t.Rows = append(t.Rows, []string{"Open-item list: open amounts without payment dates", "yes"})
	}
	mapping := Table{Header: []string{"File", "Field", "Column", "How"}}
	for _, s := range m.Sources {
		for _, c := range s.Columns {
			how := "recognised by its name"
			if c.Explicit {
				how = "mapped by you"
			}
			mapping.Rows = append(mapping.Rows, []string{b.esc(s.Name()), c.Field.String(), b.esc(c.Header), how})
		}
	}
	return t, mapping
}

func (b *viewBuilder) thresholds() Table {
	r := b.res.Params.Rules
	loc := b.loc
	pct := func(v float64) string { return loc.Percent(&v) }
	t := Table{Header: []string{"Flag", "Rule used in this report", "Weight"}, Right: []bool{false, false, true}}
	w := r.Weights
	rows := [][]string{
		{metrics.ChronicLate, fmt.Sprintf("at least %d invoices settled in the lookback, and on-time rate below %s or average days late above %s", r.ChronicMinSettled, pct(r.ChronicOnTimeBelow), loc.Number(r.ChronicLateDays))},
		{metrics.Slowing, fmt.Sprintf("average days to pay of the last %d months at least %s days and %s above that of the %d months before, with at least %d settled invoices in each", r.SlowingRecentMonths, loc.Number(r.SlowingDays), pct(r.SlowingGrowth), r.SlowingPriorMonths, r.SlowingMinEach)},
		{metrics.StoppedPaying, fmt.Sprintf("overdue balance and no payment in the last %d days", r.StoppedDays)},
		{metrics.SeverelyOverdue, fmt.Sprintf("an open invoice more than %d days past due (more than %d days: half weight, %d)", r.SevereDays, r.WatchDays, (w[metrics.SeverelyOverdue]+1)/2)},
		{metrics.PartialPayments, fmt.Sprintf("at least %d invoices of the last %d months paid in part and still open, or settled in several payments", r.PartialMin, r.PartialMonths)},
		{metrics.RisingBalance, fmt.Sprintf("open balance rose at each of the last %d month ends while the client's monthly sales did not", r.RisingSteps)},
		{metrics.OverCreditLimit, "open balance above the client's credit limit"},
		{metrics.Disputes, fmt.Sprintf("credit notes and disputed invoices at least %s of the amount invoiced in the lookback, or at least %d disputed invoices", pct(r.DisputeShare), r.DisputeCount)},
		{metrics.EarlyWarning, fmt.Sprintf("a client new in the lookback with at least %d of its first %d invoices (within %d months of its start) paid late or overdue", r.EarlyMinBad, r.EarlyInvoices, r.EarlyMonths)},
		{metrics.Concentration, fmt.Sprintf("open balance at least %s of all receivables (shown, not scored)", pct(r.ConcentrationShare))},
		{metrics.GoingSouth, "slowing or stopped-paying together with rising-balance, partial-payments or severely-overdue"},
	}
	for _, row := range rows {
		t.Rows = append(t.Rows, []string{row[0], row[1], strconv.Itoa(w[row[0]])})
	}
	return t
}
