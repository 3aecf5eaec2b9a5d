package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/money"
	"github.com/arreport/arreport/report/parallel"
	"github.com/arreport/arreport/report/wording"
)

// Schema names the version of metrics.json.
const Schema = "arreport.metrics/1"

// orderedMap is a JSON object whose keys keep their insertion order, for
// aging buckets ("current", "1-30", …) and sorted reason counts.
type orderedMap struct {
	keys   []string
	values []any
}

func (m *orderedMap) set(k string, v any) {
	m.keys = append(m.keys, k)
	m.values = append(m.values, v)
}

// MarshalJSON writes the object in its keys' order. The values the
// report puts in one (text, counts, shares, null) are written directly,
// as encoding/json writes them; anything else goes through it.
func (m orderedMap) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16*len(m.keys)+2)
	b = append(b, '{')
	for i, k := range m.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		var err error
		if b, err = appendJSONValue(b, m.values[i]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendJSONValue appends v as encoding/json writes it.
func appendJSONValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendJSONString(b, v), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case float64:
		// encoding/json writes these with 'f'; smaller and larger ones
		// in its own exponent form, infinities not at all.
		if a := math.Abs(v); a == 0 || a >= 1e-6 && a < 1e21 {
			return strconv.AppendFloat(b, v, 'f', -1, 64), nil
		}
	}
	vb, err := json.Marshal(v)
	return append(b, vb...), err
}

// appendJSONString appends s quoted as encoding/json quotes it: plain
// printable ASCII as it is, anything else (escapes, <, >, &, other
// scripts, bytes that are no UTF-8) through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s)
			return append(b, q...)
		}
	}
	return append(append(append(b, '"'), s...), '"')
}

// dayValue rounds a day figure for JSON; nil stays null.
func dayValue(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := round1(*v)
	return &r
}

func shareValue(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := round4(*v)
	return &r
}

// aging maps bucket names to amounts. Its keys are names itself (capped:
// a key set after them goes to a copy), and its values are made at their
// size: there is one for every client and debtor, hundreds of thousands.
func aging(names []string, buckets []money.Cents) orderedMap {
	m := orderedMap{keys: names[:len(names):len(names)], values: make([]any, len(names))}
	for i := range names {
		var c money.Cents // a total of no rows has no buckets
		if i < len(buckets) {
			c = buckets[i]
		}
		m.values[i] = c.String()
	}
	return m
}

type jsonPoint struct {
	MonthEnd           string   `json:"month_end"`
	AR                 string   `json:"ar"`
	Current            string   `json:"current"`
	Overdue            string   `json:"overdue"`
	OverdueShare       *float64 `json:"overdue_share"`
	Sales              string   `json:"sales"`
	WindowSales        string   `json:"window_sales"`
	WindowDays         int      `json:"window_days"`
	DSO                *float64 `json:"dso"`
	DSOCountback       *float64 `json:"dso_countback"`
	DSOCountbackCapped bool     `json:"dso_countback_capped"`
	// DSONotComputed says why dso, dso_countback, bpdso and add are
	// null: "short_history" or "no_sales"; absent when they are computed.
	DSONotComputed string     `json:"dso_not_computed,omitempty"`
	BPDSO          *float64   `json:"bpdso"`
	ADD            *float64   `json:"add"`
	CEI            *float64   `json:"cei"`
	Aging          orderedMap `json:"aging"`
	AgingShare     orderedMap `json:"aging_share"`
}

func pointJSON(p metrics.Point, names []string) jsonPoint {
	return jsonPoint{
		MonthEnd: p.End.String(), AR: p.AR.String(), Current: p.Current.String(), Overdue: p.Overdue.String(),
		OverdueShare: shareValue(p.OverdueShare), Sales: p.Sales.String(),
		WindowSales: p.WindowSales.String(), WindowDays: p.WindowDays,
		DSO: dayValue(p.DSO), DSOCountback: dayValue(p.Countback), DSOCountbackCapped: p.CountbackCapped, DSONotComputed: string(p.NoDSO),
		BPDSO: dayValue(p.BPDSO), ADD: dayValue(p.ADD), CEI: dayValue(p.CEI),
		Aging: aging(names, p.Aging), AgingShare: agingShare(names, p.AgingShare),
	}
}

// agingShare maps bucket names to shares; every share is null when there
// are none (nothing positive to divide by).
func agingShare(names []string, shares []float64) orderedMap {
	m := orderedMap{keys: names[:len(names):len(names)], values: make([]any, len(names))} // as aging
	if shares != nil {
		for i := range names {
			m.values[i] = round4(shares[i])
		}
	}
	return m
}

type jsonDelta struct {
	AR           string   `json:"ar"`
	OverdueShare *float64 `json:"overdue_share"`
	DSO          *float64 `json:"dso"`
	DSOCountback *float64 `json:"dso_countback"`
	BPDSO        *float64 `json:"bpdso"`
	ADD          *float64 `json:"add"`
	CEI          *float64 `json:"cei"`
}

func deltaJSON(d metrics.Delta) jsonDelta {
	return jsonDelta{AR: d.AR.String(), OverdueShare: shareValue(d.OverdueShare), DSO: dayValue(d.DSO),
		DSOCountback: dayValue(d.Countback), BPDSO: dayValue(d.BPDSO), ADD: dayValue(d.ADD), CEI: dayValue(d.CEI)}
}

type jsonFlag struct {
	ID       string `json:"id"`
	Weight   int    `json:"weight"`
	Evidence string `json:"evidence"`
}

type jsonMonthValue struct {
	Month string   `json:"month"`
	Value *float64 `json:"value"`
}

type jsonOpenPoint struct {
	MonthEnd string `json:"month_end"`
	Open     string `json:"open"`
}

type jsonOverdueInvoice struct {
	InvoiceNo   string `json:"invoice_no"`
	IssueDate   string `json:"issue_date"`
	DueDate     string `json:"due_date"`
	Amount      string `json:"amount"`
	Open        string `json:"open"`
	DaysOverdue int    `json:"days_overdue"`
}

type jsonClient struct {
	ID              string               `json:"id"`
	Name            string               `json:"name"`
	Segment         string               `json:"segment,omitempty"`
	AccountManager  string               `json:"account_manager,omitempty"`
	Listed          bool                 `json:"in_clients_table"`
	CreditLimit     *string              `json:"credit_limit"`
	Open            string               `json:"open"`
	Overdue         string               `json:"overdue"`
	Share           *float64             `json:"share_of_ar"`
	Aging           orderedMap           `json:"aging"`
	AgingShare      orderedMap           `json:"aging_share"`
	DSO             *float64             `json:"dso"`
	ADP             *float64             `json:"adp"`
	ADL             *float64             `json:"adl"`
	OnTimeRate      *float64             `json:"on_time_rate"`
	SettledCount    int                  `json:"settled_count"`
	DBT             *float64             `json:"dbt"`
	PastDueCount    int                  `json:"past_due_count"`
	PastDue         string               `json:"past_due"`
	OldestDPD       int                  `json:"oldest_dpd"`
	LastPayment     *string              `json:"last_payment"`
	Terms           int                  `json:"terms"`
	TermsDefault    bool                 `json:"terms_are_default"`
	Score           int                  `json:"score"`
	Tier            string               `json:"tier"`
	Flags           []jsonFlag           `json:"flags"`
	DaysToPay       []jsonMonthValue     `json:"days_to_pay"`
	OpenAge         []jsonMonthValue     `json:"open_age"`
	OpenSeries      []jsonOpenPoint      `json:"open_balance"`
	OverdueInvoices []jsonOverdueInvoice `json:"overdue_invoices"`
}

type jsonClientRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type jsonContribution struct {
	jsonClientRef
	OpenNow      string  `json:"open"`
	OpenPrevious string  `json:"open_previous"`
	DSODays      float64 `json:"dso_days"`
}

type jsonFlagChange struct {
	jsonClientRef
	Flag string `json:"flag"`
}

type jsonShare struct {
	jsonClientRef
	Open       string  `json:"open"`
	Share      float64 `json:"share"`
	Cumulative float64 `json:"cumulative"`
}

type jsonSource struct {
	Table     string            `json:"table"`
	File      string            `json:"file"`
	Sheet     string            `json:"sheet,omitempty"`
	SHA256    string            `json:"sha256"`
	HeaderRow int               `json:"header_row"`
	RowsRead  int               `json:"rows_read"`
	Columns   map[string]string `json:"columns"`
}

type jsonDoc struct {
	Schema   string  `json:"schema"`
	AsOf     string  `json:"as_of"`
	AsOfRule string  `json:"as_of_rule"`
	Currency *string `json:"currency"` // null when the data names none
	// NotComputed names what the input does not allow: for an open-item
	// list the trend, CEI, paying behaviour, what changed and the flags
	// that rest on payment history.
	NotComputed []string `json:"not_computed"`
	Parameters  struct {
		Months       int            `json:"months"`
		DSOWindow    int            `json:"dso_window"`
		Lookback     int            `json:"lookback"`
		Buckets      []int          `json:"buckets"`
		DefaultTerms int            `json:"default_terms"`
		Thresholds   metrics.Rules  `json:"thresholds"`
		Weights      map[string]int `json:"weights"`
	} `json:"parameters"`
	Inputs    []jsonSource `json:"inputs"`
	Portfolio struct {
		Months   []jsonPoint `json:"months"`
		Previous *jsonPoint  `json:"previous_month_end"`
		YearAgo  *jsonPoint  `json:"year_ago"`
	} `json:"portfolio"`
	Changes struct {
		VsPrevious   *jsonDelta         `json:"vs_previous_month_end"`
		VsYearAgo    *jsonDelta         `json:"vs_year_ago"`
		Contributors []jsonContribution `json:"dso_contributors"`
		Raised       []jsonFlagChange   `json:"flags_raised"`
		Cleared      []jsonFlagChange   `json:"flags_cleared"`
	} `json:"changes"`
	Clients       []jsonClient `json:"clients"`
	Debtors       jsonDebtors  `json:"debtors"`
	Worklist      []jsonWork   `json:"worklist"`
	Forecast      jsonForecast `json:"forecast"`
	Concentration struct {
		HHI             float64     `json:"hhi"`
		ClientsWithOpen int         `json:"clients_with_open_balance"`
		Top             []jsonShare `json:"top"`
	} `json:"concentration"`
	DataQuality struct {
		RowsRead          int        `json:"rows_read"`
		RowsSkipped       int        `json:"rows_skipped"`
		Reasons           orderedMap `json:"reasons"`
		Invoices          int        `json:"invoices"`
		CreditNotes       int        `json:"credit_notes"`
		Payments          int        `json:"payments"`
		DerivedDueDates   int        `json:"derived_due_dates"`
		UnknownClients    int        `json:"unknown_clients"`
		UnknownClientRows int        `json:"unknown_client_invoices"`
		PaymentsNoInvoice int        `json:"payments_without_invoice"`
		Converted         int        `json:"converted_invoices"`
		ZeroPayments      int        `json:"zero_payments"`
		DerivedIssueDates int        `json:"derived_invoice_dates"`
		OpenItemList      bool       `json:"open_item_list"`
		NoPaymentInfo     bool       `json:"no_payment_information"`
		IgnoredInvoices   int        `json:"invoices_after_as_of"`
		IgnoredPayments   int        `json:"payments_after_as_of"`
		IgnoredInvAmount  string     `json:"invoices_after_as_of_amount"`
		IgnoredPayAmount  string     `json:"payments_after_as_of_amount"`
		UnknownClientIDs  []string   `json:"unknown_client_ids"`
		Activities        *int       `json:"activities"` // null without an activity export
		ActivityNoClient  int        `json:"activities_without_client"`
		UnknownTypes      orderedMap `json:"unknown_activity_types"`
		FutureDated       int        `json:"dated_after_today"`
		FutureRows        []string   `json:"dated_after_today_rows"`
		SimilarIDs        [][]string `json:"similar_client_ids"`
		ReadingNotes      []string   `json:"reading_notes"`
		PaidBefore        int        `json:"payments_before_invoice"`
		PaidBeforeRows    []string   `json:"payments_before_invoice_rows"`
		ProblemCount      int        `json:"problem_count"`
		Problems          []string   `json:"problems"`
	} `json:"data_quality"`
}

func ref(id, name string) jsonClientRef { return jsonClientRef{ID: id, Name: name} }

// AsOfRule explains how the as-of date was chosen.
func AsOfRule(m *Meta, l *wording.Lang, date func(civil.Date) string) string {
	latest := date(m.AsOf.Latest)
	switch {
	case m.AsOfGiven:
		return l.T("asof_given")
	case m.AsOf.Rule == metrics.AsOfExportTitle:
		return l.T("asof_title")
	case m.AsOf.Rule == metrics.AsOfExportDPD:
		return l.T("asof_dpd")
	case m.AsOf.Rule == metrics.AsOfOpenItemGuess:
		return l.T("asof_guess", "Date", latest)
	case m.AsOf.Rule == metrics.AsOfMonthEnd:
		return l.T("asof_month_end")
	case m.AsOf.Rule == metrics.AsOfLatestDate:
		return l.T("asof_latest", "Date", latest)
	}
	return l.T("asof_before", "Date", latest)
}

// JSON renders metrics.json: indented, keys in a fixed order, money as
// decimal strings, day figures rounded to 0.1 and shares to 0.0001.
func JSON(res *metrics.Result, meta *Meta) ([]byte, error) {
	c, err := jsonContent(res, meta, nil)
	return c.Bytes(), err
}

// jsonContent renders metrics.json in pieces, as JSON describes it, its
// chunks of clients each in one of lanes.
func jsonContent(res *metrics.Result, meta *Meta, lanes *parallel.Lanes) (Content, error) {
	d := document(res, meta)
	// The clients and the debtors' rows, most of the file, are encoded
	// apart on every core and put in the places the document leaves for
	// them ("clients": null, "rows": null).
	compact, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	doc := append(indentCompact(make([]byte, 0, 2*len(compact)), compact, "", "  "), '\n')
	names := metrics.BucketNames(res.Params.Buckets)
	ev := jsonEvidence(res)
	clientLines, rowLines := newJSONLines("    "), newJSONLines("      ")
	clients, err := arrayChunks(len(res.Clients), clientLines, lanes, func(b []byte, i int) ([]byte, error) {
		c := clientJSON(res.Clients[i], names, res.Months, ev)
		return appendClient(b, &c, clientLines)
	})
	if err != nil {
		return nil, err
	}
	rows, err := arrayChunks(len(res.Debtors.Rows), rowLines, lanes, func(b []byte, i int) ([]byte, error) {
		return appendDebtorRow(b, &res.Clients[res.Debtors.Rows[i]], names, rowLines)
	})
	if err != nil {
		return nil, err
	}
	// A raw newline only ever stands between tokens, so these are keys of
	// the document itself, never text inside a string; the rows are the
	// first key of the debtors.
	return fillHoles(doc, []jsonHole{
		{key: "\n  \"clients\": null", indent: "  ", chunks: clients},
		{key: "\n  \"debtors\": {\n    \"rows\": null", indent: "    ", chunks: rows},
	})
}

// jsonHole is a place in metrics.json left null (the end of key) for an
// array encoded apart: its elements in chunks, indented as they stand.
type jsonHole struct {
	key    string
	indent string // the indentation of the key's line
	chunks [][]byte
}

// fillHoles gives doc with the arrays in their places, as pieces: the
// arrays are most of the file, and joining them would copy them again.
func fillHoles(doc []byte, holes []jsonHole) (Content, error) {
	var out Content
	from := 0
	for _, h := range holes {
		k := bytes.Index(doc[from:], []byte(h.key))
		if k < 0 {
			return nil, fmt.Errorf("no place for %s in metrics.json", strings.TrimSpace(h.key))
		}
		at := from + k + len(h.key) - len("null")
		if len(h.chunks) == 0 {
			out = append(out, doc[from:at], []byte("[]"))
		} else {
			out = append(out, doc[from:at], []byte("[\n"))
			for k, c := range h.chunks {
				if k > 0 {
					out = append(out, []byte(",\n"))
				}
				out = append(out, c)
			}
			out = append(out, []byte("\n"+h.indent+"]"))
		}
		from = at + len("null")
	}
	return append(out, doc[from:]), nil
}

// jsonEvidence writes the evidence sentences of metrics.json: English,
// unescaped (JSON escapes them itself).
func jsonEvidence(res *metrics.Result) evidenceWriter {
	return evidenceWriter{lang: builtinEnglish(), currency: res.Currency, rules: res.Params.Rules, esc: func(s string) string { return s }}
}

// document fills metrics.json but for its clients.
func document(res *metrics.Result, meta *Meta) jsonDoc {
	p := res.Params
	names := metrics.BucketNames(p.Buckets)
	var d jsonDoc
	d.Schema, d.AsOf = Schema, p.AsOf.String()
	if res.Currency != "" {
		d.Currency = &res.Currency
	}
	d.AsOfRule = AsOfRule(meta, builtinEnglish(), civil.Date.String)
	d.Parameters.Months, d.Parameters.DSOWindow, d.Parameters.Lookback = p.Months, p.DSOWindow, p.Lookback
	d.Parameters.Buckets, d.Parameters.DefaultTerms = p.Buckets, meta.DefaultTerms
	d.Parameters.Thresholds = p.Rules
	d.Parameters.Weights = p.Rules.Weights

	d.Inputs = []jsonSource{}
	for _, s := range meta.Sources {
		cols := map[string]string{}
		for _, c := range s.Columns {
			cols[c.Field.String()] = c.Header
		}
		d.Inputs = append(d.Inputs, jsonSource{Table: s.Kind.String(), File: s.Name(), Sheet: s.Sheet, SHA256: s.SHA256,
			HeaderRow: s.HeaderRow, RowsRead: s.DataRows, Columns: cols})
	}
	for _, pt := range res.Months {
		d.Portfolio.Months = append(d.Portfolio.Months, pointJSON(pt, names))
	}
	if res.Previous != nil {
		prev := pointJSON(*res.Previous, names)
		d.Portfolio.Previous = &prev
		delta := deltaJSON(*res.VsPrevious)
		d.Changes.VsPrevious = &delta
	}
	d.NotComputed = []string{}
	if res.OpenOnly {
		d.NotComputed = append([]string{"trend", "cei", "paying_behaviour", "changes"}, metrics.HistoryFlags...)
	}
	if reason := res.Now().NoDSO; reason != "" {
		d.NotComputed = append(d.NotComputed, "dso:"+string(reason))
	}
	if res.YearAgo != nil {
		ya := pointJSON(*res.YearAgo, names)
		d.Portfolio.YearAgo = &ya
		delta := deltaJSON(*res.VsYearAgo)
		d.Changes.VsYearAgo = &delta
	}
	d.Changes.Contributors = []jsonContribution{}
	for _, c := range res.Changes.Contributors {
		d.Changes.Contributors = append(d.Changes.Contributors, jsonContribution{ref(c.Client.ID, c.Client.Name), c.OpenNow.String(), c.OpenThen.String(), round1(c.Days)})
	}
	d.Changes.Raised = flagChanges(res.Changes.Raised)
	d.Changes.Cleared = flagChanges(res.Changes.Cleared)

	d.Concentration.HHI = round1(res.Concentration.HHI)
	d.Concentration.ClientsWithOpen = res.Concentration.Positive
	d.Concentration.Top = []jsonShare{}
	for _, s := range res.Concentration.Top {
		d.Concentration.Top = append(d.Concentration.Top, jsonShare{ref(s.Client.ID, s.Client.Name), s.Open.String(), round4(s.Share), round4(s.Cumulative)})
	}
	d.Debtors = debtorsJSON(res, names)
	d.Worklist, d.Forecast = worklistJSON(res), forecastJSON(res)
	dataQualityJSON(&d, res, meta)
	return d
}

type jsonWork struct {
	ID              string       `json:"id"`
	Name            string       `json:"name"`
	Overdue         string       `json:"overdue"`
	WeightedOverdue string       `json:"weighted_overdue"`
	Priority        string       `json:"priority"`
	Score           int          `json:"score"`
	OldestDPD       int          `json:"oldest_dpd"`
	NextStep        jsonNextStep `json:"next_step"`
	LastOutreach    *string      `json:"last_outreach"`
	LastReply       *string      `json:"last_reply"`
}

type jsonNextStep struct {
	ID      string  `json:"id"`
	Date    *string `json:"date,omitempty"`
	Amount  *string `json:"amount,omitempty"`
	Invoice *string `json:"invoice,omitempty"`
}

type jsonForecast struct {
	Weeks        []jsonWeek  `json:"weeks"`
	After13Weeks string      `json:"after_13_weeks"`
	Doubtful     string      `json:"doubtful"`
	Credits      string      `json:"credits_to_settle"`
	PortfolioADL float64     `json:"portfolio_adl"`
	TrackRecord  []jsonTrack `json:"track_record"`
	MeanError    *float64    `json:"mean_error"`
}

type jsonWeek struct {
	Start  string `json:"start"`
	End    string `json:"end"`
	Amount string `json:"amount"`
}

type jsonTrack struct {
	MonthEnd string   `json:"month_end"`
	Forecast string   `json:"forecast"`
	Actual   string   `json:"actual"`
	Error    *float64 `json:"error"`
}

func dateValue(d civil.Date) *string {
	if d == 0 {
		return nil
	}
	s := d.String()
	return &s
}

func worklistJSON(res *metrics.Result) []jsonWork {
	out := []jsonWork{}
	for _, w := range res.Worklist {
		c := w.Client
		j := jsonWork{ID: c.Client.ID, Name: c.Client.Name, Overdue: c.Overdue.String(), WeightedOverdue: w.Weighted.String(),
			Priority: w.Priority.String(), Score: c.Score, OldestDPD: w.OldestDPD, NextStep: jsonNextStep{ID: w.Step},
			LastOutreach: dateValue(w.LastOutreach), LastReply: dateValue(w.LastReply)}
		if w.HasDate {
			j.NextStep.Date = dateValue(w.Date)
		}
		if w.HasAmount {
			s := w.Amount.String()
			j.NextStep.Amount = &s
		}
		if w.Invoice != "" {
			inv := w.Invoice
			j.NextStep.Invoice = &inv
		}
		out = append(out, j)
	}
	return out
}

func forecastJSON(res *metrics.Result) jsonForecast {
	f := res.Forecast
	j := jsonForecast{Weeks: []jsonWeek{}, After13Weeks: f.AfterWeeks.String(), Doubtful: f.Doubtful.String(), Credits: f.Credits.String(),
		PortfolioADL: round1(f.PortfolioADL), TrackRecord: []jsonTrack{}, MeanError: shareValue(f.MeanError)}
	for _, w := range f.Weeks {
		j.Weeks = append(j.Weeks, jsonWeek{w.Start.String(), w.End.String(), w.Amount.String()})
	}
	for _, p := range f.Track {
		j.TrackRecord = append(j.TrackRecord, jsonTrack{p.End.String(), p.Forecast.String(), p.Actual.String(), shareValue(p.Error)})
	}
	return j
}

// jsonDebtors is the aged debtors list: every client with an open balance.
type jsonDebtors struct {
	Rows             []jsonDebtor      `json:"rows"`
	Total            jsonDebtorTotal   `json:"total"`
	BySegment        []jsonDebtorTotal `json:"by_segment"`
	ByAccountManager []jsonDebtorTotal `json:"by_account_manager"`
}

type jsonDebtor struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	Segment        string     `json:"segment"`
	AccountManager string     `json:"account_manager"`
	Terms          int        `json:"terms"`
	CreditLimit    *string    `json:"credit_limit"`
	Aging          orderedMap `json:"aging"`
	Open           string     `json:"open"`
	Overdue        string     `json:"overdue"`
	DBT            *float64   `json:"dbt"`
	LastPayment    *string    `json:"last_payment"`
}

type jsonDebtorTotal struct {
	Key     string     `json:"key,omitempty"`
	Count   int        `json:"clients"`
	Aging   orderedMap `json:"aging"`
	Open    string     `json:"open"`
	Overdue string     `json:"overdue"`
}

func debtorTotalJSON(t metrics.DebtorTotal, names []string) jsonDebtorTotal {
	return jsonDebtorTotal{Key: t.Key, Count: t.Count, Aging: aging(names, t.Aging), Open: t.Open.String(), Overdue: t.Overdue.String()}
}

// debtorsJSON is the debtors list but for its rows, which JSON encodes
// apart (appendDebtorRow).
func debtorsJSON(res *metrics.Result, names []string) jsonDebtors {
	d := jsonDebtors{Total: debtorTotalJSON(res.Debtors.Total, names), BySegment: []jsonDebtorTotal{}, ByAccountManager: []jsonDebtorTotal{}}
	for _, t := range res.Debtors.BySegment {
		d.BySegment = append(d.BySegment, debtorTotalJSON(t, names))
	}
	for _, t := range res.Debtors.ByAccountManager {
		d.ByAccountManager = append(d.ByAccountManager, debtorTotalJSON(t, names))
	}
	return d
}

// clientsChunk is how many elements (clients, debtors) one worker
// encodes at a time.
var clientsChunk = 2048

// buffers are a few byte buffers that go round the workers of a chunked
// encoding, each reused once a chunk is done with it.
type buffers chan []byte

func newBuffers() buffers { return make(buffers, runtime.GOMAXPROCS(0)) }

// get returns an empty buffer, one used before when there is one.
func (b buffers) get() []byte {
	select {
	case buf := <-b:
		return buf
	default:
		return nil
	}
}

// put takes back a buffer no longer read.
func (b buffers) put(buf []byte) {
	select {
	case b <- buf[:0:cap(buf)]:
	default:
	}
}

// arrayChunks writes the n elements of an array of metrics.json in
// chunks on every core: element appends element i, whose lines stand at
// the depths of in, after the indentation of its first line; the
// elements are joined by ",\n", without the array's brackets. JSON joins
// the chunks in order into the file. Each chunk is written in one of lanes.
func arrayChunks(n int, in *jsonLines, lanes *parallel.Lanes, element func(b []byte, i int) ([]byte, error)) ([][]byte, error) {
	chunks := make([][]byte, (n+clientsChunk-1)/clientsChunk)
	errs := make([]error, len(chunks))
	scratch := newBuffers() // written chunks
	parallel.Each(len(chunks), runtime.GOMAXPROCS(0), func(k int) {
		lanes.Run(func() {
			lo, hi := k*clientsChunk, min((k+1)*clientsChunk, n)
			b := scratch.get()
			var err error
			for i := lo; i < hi && err == nil; i++ {
				if i > lo {
					b = append(append(b, ','), in[0]...) // the line break and indentation
				} else {
					b = append(b, in[0][len("\n"):]...) // the indentation alone
				}
				b, err = element(b, i)
			}
			if err != nil {
				errs[k] = err
				return
			}
			chunks[k] = slices.Clone(b) // a copy of its own size
			scratch.put(b)
		})
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return chunks, nil
}

func flagChanges(list []metrics.FlagChange) []jsonFlagChange {
	out := []jsonFlagChange{}
	for _, f := range list {
		out = append(out, jsonFlagChange{ref(f.Client.ID, f.Client.Name), f.Flag})
	}
	return out
}

func clientJSON(c metrics.ClientResult, names []string, ends []metrics.Point, ev evidenceWriter) jsonClient {
	j := jsonClient{
		ID: c.Client.ID, Name: c.Client.Name, Segment: c.Client.Segment, Listed: c.Client.Listed,
		Open: c.Open.String(), Overdue: c.Overdue.String(), Share: shareValue(c.Share),
		Aging: aging(names, c.Aging), AgingShare: agingShare(names, c.AgingShare), DSO: dayValue(c.DSO),
		ADP: dayValue(c.Paying.ADP), ADL: dayValue(c.Paying.ADL), OnTimeRate: shareValue(c.Paying.OnTimeRate),
		SettledCount: c.Paying.Settled, Score: c.Score, Tier: c.Tier, AccountManager: c.Client.AccountManager,
		DBT: dayValue(c.DBT), PastDueCount: c.PastDueCount, PastDue: c.PastDue.String(), OldestDPD: c.OldestDPD,
		Terms: c.Terms, TermsDefault: !c.Client.HasTerms,
		Flags: []jsonFlag{}, DaysToPay: []jsonMonthValue{}, OpenAge: []jsonMonthValue{}, OpenSeries: []jsonOpenPoint{}, OverdueInvoices: []jsonOverdueInvoice{},
	}
	if c.HasLastPayment {
		s := c.LastPayment.String()
		j.LastPayment = &s
	}
	for _, m := range c.OpenAge {
		j.OpenAge = append(j.OpenAge, jsonMonthValue{m.Month.String(), dayValue(m.Value)})
	}
	if c.Client.HasCreditLimit {
		s := c.Client.CreditLimit.String()
		j.CreditLimit = &s
	}
	for _, f := range c.Flags {
		j.Flags = append(j.Flags, jsonFlag{f.ID, f.Weight, ev.sentence(f)})
	}
	for _, m := range c.DaysToPay {
		j.DaysToPay = append(j.DaysToPay, jsonMonthValue{m.Month.String(), dayValue(m.Value)})
	}
	for i, o := range c.OpenSeries {
		j.OpenSeries = append(j.OpenSeries, jsonOpenPoint{ends[i].End.String(), o.String()})
	}
	for _, inv := range c.OverdueInvoices {
		j.OverdueInvoices = append(j.OverdueInvoices, jsonOverdueInvoice{inv.No, inv.Issue.String(), inv.Due.String(), inv.Amount.String(), inv.Open.String(), inv.DaysOverdue})
	}
	return j
}

func dataQualityJSON(d *jsonDoc, res *metrics.Result, meta *Meta) {
	q := &d.DataQuality
	q.RowsRead = meta.RowsRead()
	reasons := meta.SkipReasons()
	keys := make([]string, 0, len(reasons))
	for k, v := range reasons {
		keys = append(keys, k)
		q.RowsSkipped += v
	}
	sort.Strings(keys)
	for _, k := range keys {
		q.Reasons.set(k, reasons[k])
	}
	mq := meta.Quality
	q.Invoices, q.CreditNotes, q.Payments = mq.Invoices, mq.CreditNotes, mq.Payments
	q.DerivedDueDates, q.UnknownClients, q.UnknownClientRows = mq.DerivedDueDates, mq.UnknownClients, mq.UnknownClientRows
	q.PaymentsNoInvoice, q.ZeroPayments, q.Converted = mq.PaymentsNoInvoice, mq.ZeroPayments, mq.Converted
	q.DerivedIssueDates, q.OpenItemList, q.NoPaymentInfo = mq.DerivedIssueDates, res.OpenOnly, mq.NoPaymentInfo
	q.IgnoredInvoices, q.IgnoredPayments = res.Ignored.Invoices, res.Ignored.Payments
	q.IgnoredInvAmount, q.IgnoredPayAmount = res.Ignored.InvoiceAmount.String(), res.Ignored.PaymentAmount.String()
	q.UnknownClientIDs = append([]string{}, mq.UnknownClientIDs...)
	if res.HaveActivity {
		n := mq.Activities
		q.Activities = &n
	}
	q.ActivityNoClient = mq.ActivityNoClient
	for _, s := range meta.Sources {
		for _, typ := range slices.Sorted(maps.Keys(s.UnknownTypes)) {
			q.UnknownTypes.set(typ, s.UnknownTypes[typ])
		}
	}
	q.FutureDated = mq.FutureDated
	q.FutureRows = []string{}
	for _, f := range mq.FutureRows {
		q.FutureRows = append(q.FutureRows, f.String())
	}
	q.SimilarIDs = append([][]string{}, mq.SimilarIDs...)
	q.ReadingNotes = append([]string{}, meta.ReadingNotes(builtinEnglish())...)
	q.PaidBefore, q.PaidBeforeRows = mq.PaidBeforeIssue, []string{}
	for _, r := range mq.PaidBeforeRows {
		q.PaidBeforeRows = append(q.PaidBeforeRows, r.String())
	}
	q.ProblemCount = meta.ProblemCount
	q.Problems = []string{}
	for _, pr := range meta.Problems {
		q.Problems = append(q.Problems, pr.Describe(builtinEnglish()))
	}
}
