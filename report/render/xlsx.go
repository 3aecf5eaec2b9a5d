package render

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/parallel"
	"github.com/arreport/arreport/report/wording"
)

// workbook renders report.xlsx, the accountant's copy: one sheet per part
// of the report, numbers as numbers and dates as dates with number
// formats, frozen header rows with filters (an Excel table per sheet),
// native charts. The sheets are written with excelize's stream writer,
// but for the debtors' rows (a row per client), which rowXML writes on
// every core in the same bytes. Text from the inputs never becomes a
// formula.
func workbook(rep *Report, methodology []byte) ([]byte, error) {
	bk, err := newBook(rep)
	if err != nil {
		return nil, err
	}
	defer bk.f.Close()
	for _, write := range []func() error{bk.summary, bk.dsoTrend, bk.aging, bk.debtors, bk.atRisk, bk.worklist, bk.forecast, bk.quality,
		func() error { return bk.methodology(methodology) }} {
		if err := write(); err != nil {
			return nil, fmt.Errorf("report.xlsx: %w", err)
		}
	}
	// The first sheet is the active one already; SetActiveSheet would
	// read every streamed sheet back in to mark the others.
	// excelize adds the image types of charts to [Content_Types].xml in
	// map order; sorted, the same report gives the same bytes.
	if ct := bk.f.ContentTypes; ct != nil {
		sort.Slice(ct.Defaults, func(i, j int) bool { return ct.Defaults[i].Extension < ct.Defaults[j].Extension })
	}
	buf, err := bk.f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("report.xlsx: %w", err)
	}
	return buf.Bytes(), nil
}

// book is report.xlsx being written.
type book struct {
	f       *excelize.File
	rep     *Report
	b       *viewBuilder // plain text, for the sentences the report shares with the other outputs
	l       *wording.Lang
	st      bookStyles
	buckets []string
	sheets  int
	splices map[string]splice // rows written by rowXML, by part
}

// bookStyles are the workbook's cell styles, by what they show.
type bookStyles struct {
	title, bold, header, wrap, quote        int
	money, moneyBold, date, percent, days   int
	signedMoney, signedDays, signedPoints   int
	integer, dateHeader, percentOfHundred   int
	boldNumberRight, moneySignedBold, plain int
}

func newBook(rep *Report) (*book, error) {
	f := excelize.NewFile()
	bk := &book{f: f, rep: rep, b: plainBuilder(rep), l: rep.Meta.Lang, splices: map[string]splice{}}
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newSortedZip(w, bk.splices) })
	bk.buckets = bk.b.bucketTitles(metrics.BucketNames(rep.Params.Buckets))
	cur := moneyFormat(rep.Currency)
	styles := []struct {
		id *int
		s  excelize.Style
	}{
		{&bk.st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&bk.st.bold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&bk.st.header, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&bk.st.wrap, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		// Distinct from every other style (left aligned), so that the
		// quote prefix set on it below marks no other cell.
		{&bk.st.quote, excelize.Style{Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}}},
		{&bk.st.money, excelize.Style{CustomNumFmt: &cur}},
		{&bk.st.moneyBold, excelize.Style{CustomNumFmt: &cur, Font: &excelize.Font{Bold: true}}},
		{&bk.st.date, excelize.Style{CustomNumFmt: ptrString("yyyy-mm-dd")}},
		{&bk.st.percent, excelize.Style{CustomNumFmt: ptrString("0.0%")}},
		{&bk.st.days, excelize.Style{CustomNumFmt: ptrString("0.0")}},
		{&bk.st.signedMoney, excelize.Style{CustomNumFmt: ptrString("+" + cur + ";-" + cur + ";0.00")}},
		{&bk.st.signedDays, excelize.Style{CustomNumFmt: ptrString("+0.0;-0.0;0.0")}},
		{&bk.st.signedPoints, excelize.Style{CustomNumFmt: ptrString(`+0.0" ` + bk.l.T("unit_pp") + `";-0.0" ` + bk.l.T("unit_pp") + `";0.0`)}},
		{&bk.st.integer, excelize.Style{CustomNumFmt: ptrString("#,##0")}},
		{&bk.st.dateHeader, excelize.Style{CustomNumFmt: ptrString("yyyy-mm-dd"), Font: &excelize.Font{Bold: true}}},
		{&bk.st.percentOfHundred, excelize.Style{CustomNumFmt: ptrString(`0.0"%"`)}},
		{&bk.st.boldNumberRight, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "right"}}},
	}
	for _, s := range styles {
		id, err := f.NewStyle(&s.s)
		if err != nil {
			f.Close()
			return nil, err
		}
		*s.id = id
	}
	// excelize has no option for the quote prefix ("'" before the text,
	// which keeps Excel from reading it as a formula when the cell is
	// edited); its style sheet, loaded by NewStyle above, takes it.
	if f.Styles == nil || f.Styles.CellXfs == nil || bk.st.quote >= len(f.Styles.CellXfs.Xf) {
		f.Close()
		return nil, fmt.Errorf("no cell style %d to mark with a quote prefix", bk.st.quote)
	}
	yes := true
	f.Styles.CellXfs.Xf[bk.st.quote].QuotePrefix = &yes
	return bk, nil
}

func ptrString(s string) *string { return &s }

// moneyFormat is the number format of amounts in the currency: its sign
// or code before the amount, two decimals; Excel shows the separators of
// the reader's own settings.
func moneyFormat(currency string) string {
	if currency == "" {
		return "#,##0.00"
	}
	sign, _ := wording.CurrencySign(currency)
	return `"` + strings.ReplaceAll(sign, `"`, "") + ` "#,##0.00`
}

// sheet is one worksheet being written: streamed (the sheets of clients,
// as long as the data), or cell by cell (the short sheets that carry a
// chart: excelize links a chart only into a sheet it holds in memory).
type sheet struct {
	bk   *book
	name string
	sw   *excelize.StreamWriter // nil: cell by cell
	rows int
}

// The ways a sheet is written.
const (
	cellByCell = false
	streamed   = true
)

// newSheet starts a sheet with the given column widths; freeze keeps the
// first row (a table's header) in view.
func (bk *book) newSheet(nameID string, widths []float64, freeze, stream bool) (*sheet, error) {
	name := sheetName(bk.l.T(nameID))
	if bk.sheets == 0 {
		if err := bk.f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	} else if _, err := bk.f.NewSheet(name); err != nil {
		return nil, err
	}
	bk.sheets++
	s := &sheet{bk: bk, name: name}
	panes := &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}
	if !stream {
		for i, w := range widths {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := bk.f.SetColWidth(name, col, col, w); err != nil {
				return nil, err
			}
		}
		if freeze {
			return s, bk.f.SetPanes(name, panes)
		}
		return s, nil
	}
	var err error
	if s.sw, err = bk.f.NewStreamWriter(name); err != nil {
		return nil, err
	}
	for i, w := range widths {
		if err := s.sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	if freeze {
		if err := s.sw.SetPanes(panes); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// sheetName makes a sheet name Excel accepts: at most 31 characters, none
// of : \ / ? * [ ] (an edited catalog may hold any).
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

// add writes the next row.
func (s *sheet) add(cells ...any) error {
	s.rows++
	if s.sw != nil {
		cell, _ := excelize.CoordinatesToCellName(1, s.rows)
		return s.sw.SetRow(cell, cells)
	}
	for i, c := range cells {
		ref, _ := excelize.CoordinatesToCellName(i+1, s.rows)
		v, style := c, 0
		if cell, ok := c.(excelize.Cell); ok {
			v, style = cell.Value, cell.StyleID
		}
		if v == nil && style == 0 {
			continue
		}
		if err := s.bk.f.SetCellValue(s.name, ref, v); err != nil {
			return err
		}
		if err := s.bk.f.SetCellStyle(s.name, ref, ref, style); err != nil {
			return err
		}
	}
	return nil
}

// skip leaves a row empty.
func (s *sheet) skip() { s.rows++ }

// table makes rows first..last (the first the header) an Excel table,
// with filter buttons; a sheet holds at most one.
func (s *sheet) table(first, last, cols int) error {
	if last <= first { // a table needs a row under its header
		return nil
	}
	ref, _ := excelize.CoordinatesToCellName(1, first)
	end, _ := excelize.CoordinatesToCellName(cols, last)
	off := false
	table := &excelize.Table{Range: ref + ":" + end, Name: "T" + fmt.Sprint(s.bk.sheets), StyleName: "TableStyleLight9", ShowRowStripes: &off}
	if s.sw == nil {
		return s.bk.f.AddTable(s.name, table)
	}
	return s.sw.AddTable(table)
}

func (s *sheet) flush() error {
	if s.sw == nil {
		return nil
	}
	return s.sw.Flush()
}

// header writes a header row; the names are made unique, as an Excel
// table needs.
func (s *sheet) header(names ...string) error {
	seen := map[string]int{}
	cells := make([]any, len(names))
	for i, n := range names {
		if seen[n]++; seen[n] > 1 {
			n = fmt.Sprintf("%s (%d)", n, seen[n])
		}
		cells[i] = excelize.Cell{StyleID: s.bk.st.header, Value: n}
	}
	return s.add(cells...)
}

// text is a value from the inputs (or a sentence quoting them): a string
// cell, never a formula; one that starts like a formula gets the quote
// prefix.
func (bk *book) text(v string) any { return bk.textCell(v).value() }

// textCell is text as a cell: the quote style when it starts like a
// formula, no style otherwise.
func (bk *book) textCell(v string) cell {
	if startsLikeFormula(v) {
		return cell{kind: textCell, style: bk.st.quote, text: v}
	}
	return cell{kind: textCell, text: v}
}

// styledText is text in a cell of the given style, or of the quote
// style when it starts like a formula.
func (bk *book) styledText(v string, style int) excelize.Cell {
	if startsLikeFormula(v) {
		style = bk.st.quote
	}
	return excelize.Cell{StyleID: style, Value: v}
}

// startsLikeFormula: Excel and LibreOffice read a typed value that starts
// with = + - @ (or a tab or carriage return before one) as a formula.
func startsLikeFormula(v string) bool { return v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) }

func (bk *book) money(c money.Cents) any { return bk.moneyCell(c).value() }

func (bk *book) moneyCell(c money.Cents) cell {
	return cell{kind: numberCell, style: bk.st.money, num: float64(c) / 100}
}

func (bk *book) date(d civil.Date) any { return bk.dateCell(d).value() }

// dateCell is a date, none when d is zero.
func (bk *book) dateCell(d civil.Date) cell {
	if d == 0 {
		return cell{}
	}
	return cell{kind: dateCell, style: bk.st.date, date: d}
}

// days is a day figure rounded to 0.1 as everywhere; empty when undefined.
func (bk *book) days(v *float64) any { return bk.daysCell(v).value() }

func (bk *book) daysCell(v *float64) cell {
	if v == nil {
		return cell{}
	}
	return cell{kind: numberCell, style: bk.st.days, num: round1(*v)}
}

// share is a share (0 to 1) shown as a percentage; empty when undefined.
func (bk *book) share(v *float64) any {
	if v == nil {
		return nil
	}
	return excelize.Cell{StyleID: bk.st.percent, Value: round4(*v)}
}

func (bk *book) summary() error {
	s, err := bk.newSheet("xs_summary", []float64{36, 18, 22, 22}, false, cellByCell)
	if err != nil {
		return err
	}
	res, b, l := bk.rep.Result, bk.b, bk.l
	now := res.Now()
	asOf := AsOfRule(bk.rep.Meta, l, b.date)
	line := l.T("xlsx_as_of", "Date", b.date(res.Params.AsOf), "Rule", asOf, "Currency", res.Currency)
	if res.Currency == "" {
		line = l.T("xlsx_as_of_no_currency", "Date", b.date(res.Params.AsOf), "Rule", asOf)
	}
	if err := s.add(excelize.Cell{StyleID: bk.st.title, Value: l.T("title", "Date", b.date(res.Params.AsOf))}); err != nil {
		return err
	}
	if err := s.add(line); err != nil {
		return err
	}
	s.skip()
	first := s.rows + 1
	if err := s.header(l.T("col_figure"), l.T("col_at", "Date", b.date(now.End)), l.T("col_change_since", "Date", b.date(res.PreviousEnd)), l.T("col_change_year")); err != nil {
		return err
	}
	type figure struct {
		name   string
		value  any
		change func(d *metrics.Delta) any
	}
	signed := func(v *float64, style int, scale float64) any {
		if v == nil {
			return nil
		}
		return excelize.Cell{StyleID: style, Value: round1(*v * scale)}
	}
	days := func(f func(d *metrics.Delta) *float64) func(d *metrics.Delta) any {
		return func(d *metrics.Delta) any {
			if d == nil {
				return nil
			}
			return signed(f(d), bk.st.signedDays, 1)
		}
	}
	cei := func(v *float64) any {
		if v == nil {
			return nil
		}
		return excelize.Cell{StyleID: bk.st.percentOfHundred, Value: round1(*v)}
	}
	figures := []figure{
		{l.T("kf_ar"), bk.money(now.AR), func(d *metrics.Delta) any {
			if d == nil {
				return nil
			}
			return excelize.Cell{StyleID: bk.st.signedMoney, Value: float64(d.AR) / 100}
		}},
		{l.T("kf_overdue_share"), bk.share(now.OverdueShare), func(d *metrics.Delta) any {
			if d == nil {
				return nil
			}
			return signed(d.OverdueShare, bk.st.signedPoints, 100)
		}},
		{l.T("kf_dso"), bk.days(now.DSO), days(func(d *metrics.Delta) *float64 { return d.DSO })},
		{l.T("kf_countback"), bk.days(now.Countback), days(func(d *metrics.Delta) *float64 { return d.Countback })},
		{l.T("kf_bpdso"), bk.days(now.BPDSO), days(func(d *metrics.Delta) *float64 { return d.BPDSO })},
		{l.T("kf_add"), bk.days(now.ADD), days(func(d *metrics.Delta) *float64 { return d.ADD })},
		{l.T("kf_cei"), cei(now.CEI), days(func(d *metrics.Delta) *float64 { return d.CEI })},
	}
	for _, f := range figures {
		if err := s.add(f.name, f.value, f.change(res.VsPrevious), f.change(res.VsYearAgo)); err != nil {
			return err
		}
	}
	if err := s.table(first, s.rows, 4); err != nil {
		return err
	}
	s.skip()
	if err := s.add(excelize.Cell{StyleID: bk.st.bold, Value: l.T("h_what_changed")}); err != nil {
		return err
	}
	for _, p := range b.narrative() {
		if err := s.add(bk.text(plainLine(p))); err != nil {
			return err
		}
	}
	return s.flush()
}

func (bk *book) dsoTrend() error {
	s, err := bk.newSheet("xs_dso_trend", []float64{14, 16, 16, 10, 14, 10, 10, 10, 12}, true, cellByCell)
	if err != nil {
		return err
	}
	l := bk.l
	if err := s.header(l.T("col_month_end"), l.T("col_ar"), l.T("col_sales_month"), l.T("col_dso"), l.T("col_countback"), l.T("col_bpdso"), l.T("col_add"), l.T("col_cei"), l.T("kf_overdue_share")); err != nil {
		return err
	}
	for _, pt := range bk.rep.Months {
		var cei any
		if pt.CEI != nil {
			cei = excelize.Cell{StyleID: bk.st.days, Value: round1(*pt.CEI)}
		}
		if err := s.add(bk.date(pt.End), bk.money(pt.AR), bk.money(pt.Sales), bk.days(pt.DSO), bk.days(pt.Countback), bk.days(pt.BPDSO), bk.days(pt.ADD), cei, bk.share(pt.OverdueShare)); err != nil {
			return err
		}
	}
	last := s.rows
	if err := s.table(1, last, 9); err != nil {
		return err
	}
	if err := s.flush(); err != nil {
		return err
	}
	return bk.chart(s, fmt.Sprintf("A%d", last+3), last, chartOf{kind: excelize.Line, title: l.T("ch_dso_title"), cols: []int{4, 5, 6}, axis: l.T("ch_days"), monthly: true})
}

// chartOf is a native chart of columns cols (1-based) against column A,
// rows 2..last: dates by month (DSO trend, aging) or labels (the weeks).
type chartOf struct {
	kind       excelize.ChartType
	title      string
	cols       []int
	axis       string // the value axis' title
	monthly    bool   // column A holds month ends
	singleHued bool   // one series: every bar in its colour, no legend
}

// chart draws c under the sheet's rows 2..last, at cell; values start at 0.
func (bk *book) chart(s *sheet, cell string, last int, c chartOf) error {
	if last < 2 {
		return nil
	}
	quoted := "'" + strings.ReplaceAll(s.name, "'", "''") + "'"
	var series []excelize.ChartSeries
	for _, n := range c.cols {
		col, _ := excelize.ColumnNumberToName(n)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$1", quoted, col),
			Categories: fmt.Sprintf("%s!$A$2:$A$%d", quoted, last),
			Values:     fmt.Sprintf("%s!$%s$2:$%s$%d", quoted, col, col, last),
		})
	}
	zero, varied := 0.0, !c.singleHued
	chart := &excelize.Chart{
		Type:       c.kind,
		Series:     series,
		VaryColors: &varied,
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.title}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		YAxis:      excelize.ChartAxis{Minimum: &zero, Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.axis}}}},
		Dimension:  excelize.ChartDimension{Width: 720, Height: 360},
	}
	if c.monthly {
		chart.XAxis.NumFmt = excelize.ChartNumFmt{CustomNumFmt: "mmm yyyy"}
	}
	if c.singleHued {
		chart.Legend.Position = "none"
	}
	return bk.f.AddChart(s.name, cell, chart)
}

func (bk *book) aging() error {
	widths := []float64{14}
	for range bk.buckets {
		widths = append(widths, 15)
	}
	s, err := bk.newSheet("xs_aging", append(widths, 16), true, cellByCell)
	if err != nil {
		return err
	}
	l := bk.l
	if err := s.header(append(append([]string{l.T("col_month_end")}, bk.buckets...), l.T("col_ar"))...); err != nil {
		return err
	}
	for _, pt := range bk.rep.Months {
		row := []any{bk.date(pt.End)}
		for _, a := range pt.Aging {
			row = append(row, bk.money(a))
		}
		if err := s.add(append(row, bk.money(pt.AR))...); err != nil {
			return err
		}
	}
	last, cols := s.rows, len(bk.buckets)+2
	if err := s.table(1, last, cols); err != nil {
		return err
	}
	if err := s.flush(); err != nil {
		return err
	}
	var buckets []int
	for i := range bk.buckets {
		buckets = append(buckets, i+2)
	}
	return bk.chart(s, fmt.Sprintf("A%d", last+3), last, chartOf{kind: excelize.ColStacked, title: l.T("ch_aging_title"), cols: buckets, axis: bk.rep.Currency, monthly: true})
}

// clientCells are a client's id and name as two text cells.
func (bk *book) clientCells(c *metrics.ClientResult) []any {
	return []any{bk.text(c.Client.ID), bk.text(c.Client.Name)}
}

func (bk *book) debtors() error {
	l, d := bk.l, bk.rep.Debtors
	header := []string{l.T("col_client_id"), l.T("col_name"), l.T("col_segment"), l.T("col_account_manager"), l.T("col_terms"), l.T("col_credit_limit")}
	header = append(append(header, bk.buckets...), l.T("col_open"), l.T("col_overdue"), l.T("col_dbt"), l.T("col_last_payment"))
	widths := []float64{12, 32, 14, 18, 8, 14}
	for range bk.buckets {
		widths = append(widths, 14)
	}
	s, err := bk.newSheet("xs_debtors", append(widths, 15, 15, 10, 13), true, streamed)
	if err != nil {
		return err
	}
	if err := s.header(header...); err != nil {
		return err
	}
	if chunks, ok := bk.debtorRowsXML(d.Rows); ok && rowsWithoutExcelize {
		s.rows += len(d.Rows)
		if err := bk.splice(s, chunks); err != nil {
			return err
		}
	} else {
		for _, i := range d.Rows {
			if err := s.add(values(bk.debtorCells(nil, &bk.rep.Clients[i]))...); err != nil {
				return err
			}
		}
	}
	if err := s.table(1, s.rows, len(header)); err != nil {
		return err
	}
	total := []any{excelize.Cell{StyleID: bk.st.bold, Value: l.T("total")}, excelize.Cell{StyleID: bk.st.bold, Value: d.Total.Count}, nil, nil, nil, nil}
	for _, a := range d.Total.Aging {
		total = append(total, excelize.Cell{StyleID: bk.st.moneyBold, Value: float64(a) / 100})
	}
	total = append(total, excelize.Cell{StyleID: bk.st.moneyBold, Value: float64(d.Total.Open) / 100}, excelize.Cell{StyleID: bk.st.moneyBold, Value: float64(d.Total.Overdue) / 100})
	if err := s.add(total...); err != nil {
		return err
	}
	return s.flush()
}

// debtorCells appends a client's row on the debtors sheet to row.
func (bk *book) debtorCells(row []cell, c *metrics.ClientResult) []cell {
	var limit cell
	if c.Client.HasCreditLimit {
		limit = bk.moneyCell(c.Client.CreditLimit)
	}
	var last civil.Date
	if c.HasLastPayment {
		last = c.LastPayment
	}
	row = append(row, bk.textCell(c.Client.ID), bk.textCell(c.Client.Name), bk.textCell(c.Client.Segment), bk.textCell(c.Client.AccountManager),
		cell{kind: intCell, n: c.Terms}, limit)
	for _, a := range c.Aging {
		row = append(row, bk.moneyCell(a))
	}
	return append(row, bk.moneyCell(c.Open), bk.moneyCell(c.Overdue), bk.daysCell(c.DBT), bk.dateCell(last))
}

// rowsWithoutExcelize: the debtors' rows are written by rowXML (tests
// turn it off to compare with excelize's own).
var rowsWithoutExcelize = true

// debtorRowsXML writes the debtors' rows, from row 2, on every core;
// ok is false when a row holds a value rowXML does not write.
func (bk *book) debtorRowsXML(rows []int) ([][]byte, bool) {
	chunks := make([][]byte, parallel.Workers(len(rows)))
	ok := make([]bool, len(chunks))
	parallel.Ranges(len(rows), func(w, lo, hi int) {
		buf, fine := make([]byte, 0, (hi-lo)*640), true
		var cells []cell
		for k := lo; k < hi && fine; k++ {
			cells = bk.debtorCells(cells[:0], &bk.rep.Clients[rows[k]])
			buf, fine = appendRow(buf, k+2, cells)
		}
		chunks[w], ok[w] = buf, fine
	})
	return chunks, !slices.Contains(ok, false)
}

// splice has the saved workbook put chunks into sheet s before its next
// row, the one after s.rows.
func (bk *book) splice(s *sheet, chunks [][]byte) error {
	for id, name := range bk.f.GetSheetMap() {
		if name == s.name {
			bk.splices[fmt.Sprintf("xl/worksheets/sheet%d.xml", id)] = splice{marker: fmt.Appendf(nil, `<row r="%d"`, s.rows+1), chunks: chunks}
			return nil
		}
	}
	return fmt.Errorf("no sheet %q", s.name)
}

func (bk *book) atRisk() error {
	l := bk.l
	s, err := bk.newSheet("xs_at_risk", []float64{12, 30, 12, 8, 22, 70, 15, 15, 10, 10, 10}, true, streamed)
	if err != nil {
		return err
	}
	if err := s.header(l.T("col_client_id"), l.T("col_name"), l.T("col_tier"), l.T("col_score"), l.T("col_flag"), l.T("col_evidence"),
		l.T("col_open"), l.T("col_overdue"), l.T("col_dbt"), l.T("col_past_due_count"), l.T("col_oldest_dpd")); err != nil {
		return err
	}
	for i := range bk.rep.Clients {
		c := &bk.rep.Clients[i]
		for _, f := range c.Flags {
			row := append(bk.clientCells(c), tierName(l, c.Tier), c.Score, flagName(l, f.ID),
				bk.styledText(bk.b.ev.sentence(f), bk.st.wrap), bk.money(c.Open), bk.money(c.Overdue), bk.days(c.DBT), c.PastDueCount, c.OldestDPD)
			if err := s.add(row...); err != nil {
				return err
			}
		}
	}
	if err := s.table(1, s.rows, 11); err != nil {
		return err
	}
	return s.flush()
}

func (bk *book) worklist() error {
	l := bk.l
	s, err := bk.newSheet("xs_worklist", []float64{7, 12, 30, 15, 15, 15, 8, 10, 40, 20, 28, 16, 18, 13, 13, 13}, true, streamed)
	if err != nil {
		return err
	}
	if err := s.header(l.T("col_rank"), l.T("col_client_id"), l.T("col_name"), l.T("col_overdue"), l.T("col_weighted"), l.T("col_priority"), l.T("col_score"),
		l.T("col_oldest_dpd"), l.T("col_next_step"), l.T("col_contact_name"), l.T("col_email"), l.T("col_phone"), l.T("col_account_manager"),
		l.T("col_last_payment"), l.T("col_last_outreach"), l.T("col_last_reply")); err != nil {
		return err
	}
	for i, w := range bk.rep.Worklist {
		c := w.Client
		var last civil.Date
		if c.HasLastPayment {
			last = c.LastPayment
		}
		row := append([]any{i + 1}, bk.clientCells(c)...)
		row = append(row, bk.money(c.Overdue), bk.money(w.Weighted), bk.money(w.Priority), c.Score, w.OldestDPD,
			bk.styledText(bk.b.stepText(w), bk.st.wrap), bk.text(c.Client.ContactName), bk.text(c.Client.Email), bk.text(c.Client.Phone),
			bk.text(c.Client.AccountManager), bk.date(last), bk.date(w.LastOutreach), bk.date(w.LastReply))
		if err := s.add(row...); err != nil {
			return err
		}
	}
	if err := s.table(1, s.rows, 16); err != nil {
		return err
	}
	return s.flush()
}

func (bk *book) forecast() error {
	l, f := bk.l, bk.rep.Forecast
	s, err := bk.newSheet("xs_forecast", []float64{22, 13, 13, 16}, true, cellByCell)
	if err != nil {
		return err
	}
	if err := s.header(l.T("col_week"), l.T("col_from"), l.T("col_to"), l.T("col_expected")); err != nil {
		return err
	}
	total := f.AfterWeeks + f.Doubtful + f.Credits
	for k, w := range f.Weeks {
		if err := s.add(l.T("week_n", "N", k+1), bk.date(w.Start), bk.date(w.End), bk.money(w.Amount)); err != nil {
			return err
		}
		total += w.Amount
	}
	last := s.rows
	if err := s.table(1, last, 4); err != nil {
		return err
	}
	for _, r := range []struct {
		id     string
		amount money.Cents
	}{{"fc_after", f.AfterWeeks}, {"fc_doubtful", f.Doubtful}, {"fc_credits", f.Credits}} {
		if err := s.add(l.T(r.id), nil, nil, bk.money(r.amount)); err != nil {
			return err
		}
	}
	if err := s.add(excelize.Cell{StyleID: bk.st.bold, Value: l.T("fc_total")}, nil, nil, excelize.Cell{StyleID: bk.st.moneyBold, Value: float64(total) / 100}); err != nil {
		return err
	}
	s.skip()
	if err := s.add(excelize.Cell{StyleID: bk.st.bold, Value: l.T("xlsx_track")}); err != nil {
		return err
	}
	if err := s.header(l.T("col_month_end"), l.T("col_forecast"), l.T("col_actual"), l.T("col_error")); err != nil {
		return err
	}
	for _, p := range f.Track {
		if err := s.add(bk.date(p.End), bk.money(p.Forecast), bk.money(p.Actual), bk.share(p.Error)); err != nil {
			return err
		}
	}
	if err := s.add(excelize.Cell{StyleID: bk.st.bold, Value: l.T("xlsx_mean_error")}, nil, nil, bk.share(f.MeanError)); err != nil {
		return err
	}
	if err := s.flush(); err != nil {
		return err
	}
	return bk.chart(s, fmt.Sprintf("A%d", s.rows+3), last, chartOf{kind: excelize.Col, title: l.T("ch_forecast_title"), cols: []int{4}, axis: bk.rep.Currency, singleHued: true})
}

func (bk *book) quality() error {
	l, b := bk.l, bk.b
	s, err := bk.newSheet("xs_quality", []float64{70, 14, 24, 30, 24}, true, cellByCell)
	if err != nil {
		return err
	}
	if err := s.header(l.T("col_what"), l.T("col_count")); err != nil {
		return err
	}
	for _, it := range b.qualityItems() {
		var n any = it.Count
		if it.Count < 0 {
			n = excelize.Cell{StyleID: bk.st.boldNumberRight, Value: l.T("yes")}
		}
		if err := s.add(it.Label, n); err != nil {
			return err
		}
	}
	if err := s.table(1, s.rows, 2); err != nil {
		return err
	}
	s.skip()
	if err := s.add(excelize.Cell{StyleID: bk.st.bold, Value: l.T("xlsx_mapping")}); err != nil {
		return err
	}
	m := b.mapping()
	if err := s.header(m.Header...); err != nil {
		return err
	}
	for _, r := range m.Rows {
		if err := s.add(bk.text(r[0]), r[1], bk.text(r[2]), r[3]); err != nil {
			return err
		}
	}
	if meta := bk.rep.Meta; len(meta.Problems) > 0 {
		s.skip()
		if err := s.add(excelize.Cell{StyleID: bk.st.bold, Value: l.T("xlsx_problems")}); err != nil {
			return err
		}
		for _, pr := range meta.Problems {
			if err := s.add(bk.text(pr.Describe(l))); err != nil {
				return err
			}
		}
		if more := meta.ProblemCount - len(meta.Problems); more > 0 {
			if err := s.add(l.T("and_more", "Count", more)); err != nil {
				return err
			}
		}
	}
	return s.flush()
}

// methodology writes the report's methodology section (Markdown from the
// template) as text: a paragraph per row, tables cell by cell.
func (bk *book) methodology(md []byte) error {
	s, err := bk.newSheet("xs_methodology", []float64{110, 60, 12}, false, cellByCell)
	if err != nil {
		return err
	}
	for _, blk := range textBlocks(md) {
		cells := make([]any, len(blk.Cells))
		for i, c := range blk.Cells {
			style := bk.st.wrap
			if blk.Heading {
				style = bk.st.header
			}
			cells[i] = bk.styledText(c, style)
		}
		if err := s.add(cells...); err != nil {
			return err
		}
	}
	return s.flush()
}
