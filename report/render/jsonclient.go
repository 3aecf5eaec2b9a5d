package render

import (
	"strconv"
	"strings"

	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/money"
)

// appendClient appends a client of metrics.json as encoding/json's
// MarshalIndent writes jsonClient, the object's lines at the depths of in
// (its closing brace at in[0]): at ten million invoices the clients are
// 160 MB of the file, encoding/json's reflection over them was most of
// its cost, and indenting a compact encoding a fifth of what was left.
// The strings and numbers go through appendJSONString and
// appendJSONValue, which hand anything unusual to encoding/json;
// FuzzAppendClient holds the whole to json.MarshalIndent.
func appendClient(b []byte, c *jsonClient, in *jsonLines) ([]byte, error) {
	b = append(b, '{')
	b = appendJSONString(in.field(b, 1, `"id": `), c.ID)
	b = appendJSONString(in.field(b, 1, `"name": `), c.Name)
	if c.Segment != "" {
		b = appendJSONString(in.field(b, 1, `"segment": `), c.Segment)
	}
	if c.AccountManager != "" {
		b = appendJSONString(in.field(b, 1, `"account_manager": `), c.AccountManager)
	}
	b = strconv.AppendBool(in.field(b, 1, `"in_clients_table": `), c.Listed)
	b = appendOptionalString(in.field(b, 1, `"credit_limit": `), c.CreditLimit)
	b = appendJSONString(in.field(b, 1, `"open": `), c.Open)
	b = appendJSONString(in.field(b, 1, `"overdue": `), c.Overdue)
	b, err := appendOptionalNumber(in.field(b, 1, `"share_of_ar": `), c.Share)
	if err != nil {
		return b, err
	}
	for _, m := range []struct {
		key string
		v   orderedMap
	}{{`"aging": `, c.Aging}, {`"aging_share": `, c.AgingShare}} {
		if b, err = in.object(in.field(b, 1, m.key), m.v, 1); err != nil {
			return b, err
		}
	}
	for _, f := range []struct {
		key string
		v   *float64
	}{{`"dso": `, c.DSO}, {`"adp": `, c.ADP}, {`"adl": `, c.ADL}, {`"on_time_rate": `, c.OnTimeRate}} {
		if b, err = appendOptionalNumber(in.field(b, 1, f.key), f.v); err != nil {
			return b, err
		}
	}
	b = strconv.AppendInt(in.field(b, 1, `"settled_count": `), int64(c.SettledCount), 10)
	if b, err = appendOptionalNumber(in.field(b, 1, `"dbt": `), c.DBT); err != nil {
		return b, err
	}
	b = strconv.AppendInt(in.field(b, 1, `"past_due_count": `), int64(c.PastDueCount), 10)
	b = appendJSONString(in.field(b, 1, `"past_due": `), c.PastDue)
	b = strconv.AppendInt(in.field(b, 1, `"oldest_dpd": `), int64(c.OldestDPD), 10)
	b = appendOptionalString(in.field(b, 1, `"last_payment": `), c.LastPayment)
	b = strconv.AppendInt(in.field(b, 1, `"terms": `), int64(c.Terms), 10)
	b = strconv.AppendBool(in.field(b, 1, `"terms_are_default": `), c.TermsDefault)
	b = strconv.AppendInt(in.field(b, 1, `"score": `), int64(c.Score), 10)
	b = appendJSONString(in.field(b, 1, `"tier": `), c.Tier)

	// The lists' elements are objects at depth 2, their fields at 3.
	b = appendLines(in, in.field(b, 1, `"flags": `), c.Flags, func(b []byte, f *jsonFlag) []byte {
		b = appendJSONString(in.field(b, 3, `"id": `), f.ID)
		b = strconv.AppendInt(in.field(b, 3, `"weight": `), int64(f.Weight), 10)
		return appendJSONString(in.field(b, 3, `"evidence": `), f.Evidence)
	})
	for _, series := range []struct {
		key string
		v   []jsonMonthValue
	}{{`"days_to_pay": `, c.DaysToPay}, {`"open_age": `, c.OpenAge}} {
		b = appendLines(in, in.field(b, 1, series.key), series.v, func(b []byte, m *jsonMonthValue) []byte {
			b = appendJSONString(in.field(b, 3, `"month": `), m.Month)
			b, err = appendOptionalNumber(in.field(b, 3, `"value": `), m.Value)
			return b
		})
		if err != nil {
			return b, err
		}
	}
	b = appendLines(in, in.field(b, 1, `"open_balance": `), c.OpenSeries, func(b []byte, p *jsonOpenPoint) []byte {
		b = appendJSONString(in.field(b, 3, `"month_end": `), p.MonthEnd)
		return appendJSONString(in.field(b, 3, `"open": `), p.Open)
	})
	b = appendLines(in, in.field(b, 1, `"overdue_invoices": `), c.OverdueInvoices, func(b []byte, o *jsonOverdueInvoice) []byte {
		b = appendJSONString(in.field(b, 3, `"invoice_no": `), o.InvoiceNo)
		b = appendJSONString(in.field(b, 3, `"issue_date": `), o.IssueDate)
		b = appendJSONString(in.field(b, 3, `"due_date": `), o.DueDate)
		b = appendJSONString(in.field(b, 3, `"amount": `), o.Amount)
		b = appendJSONString(in.field(b, 3, `"open": `), o.Open)
		return strconv.AppendInt(in.field(b, 3, `"days_overdue": `), int64(o.DaysOverdue), 10)
	})
	return append(append(b, in[0]...), '}'), nil
}

// jsonLines are the line starts of an indented JSON value: jsonLines[d]
// begins a line d levels below the value's own, as MarshalIndent with an
// indent of two spaces writes them.
type jsonLines [4]string

// newJSONLines returns the line starts of a value whose own lines begin
// with prefix.
func newJSONLines(prefix string) *jsonLines {
	var in jsonLines
	for d := range in {
		in[d] = "\n" + prefix + strings.Repeat("  ", d)
	}
	return &in
}

// field appends the start of a field of an object whose fields stand at
// depth d: the comma after the field before (there is one unless the
// object has just been opened), its line and key.
func (in *jsonLines) field(b []byte, d int, key string) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	return append(append(b, in[d]...), key...)
}

// object appends an ordered object whose key stands at depth d: {} when
// empty, as MarshalIndent writes it.
func (in *jsonLines) object(b []byte, m orderedMap, d int) ([]byte, error) {
	if len(m.keys) == 0 {
		return append(b, "{}"...), nil
	}
	b = append(b, '{')
	for i, k := range m.keys {
		b = append(appendJSONString(in.field(b, d+1, ""), k), ": "...)
		var err error
		if b, err = appendJSONValue(b, m.values[i]); err != nil {
			return b, err
		}
	}
	return append(append(b, in[d]...), '}'), nil
}

// appendLines appends a list of objects whose key stands at depth 1, as
// MarshalIndent writes a slice: null when nil, [] when empty, else each
// element on its own lines at depth 2, its fields (by elem) at depth 3.
func appendLines[T any](in *jsonLines, b []byte, list []T, elem func([]byte, *T) []byte) []byte {
	switch {
	case list == nil:
		return append(b, "null"...)
	case len(list) == 0:
		return append(b, "[]"...)
	}
	b = append(b, '[')
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(append(append(b, in[2]...), '{'), &list[i])
		b = append(append(b, in[2]...), '}')
	}
	return append(append(b, in[1]...), ']')
}

// appendStringField appends a key (with its leading comma or brace) and
// its text value.
func appendStringField(b []byte, key, v string) []byte { return appendJSONString(append(b, key...), v) }

func appendOptionalString(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendJSONString(b, *s)
}

func appendOptionalNumber(b []byte, v *float64) ([]byte, error) {
	if v == nil {
		return append(b, "null"...), nil
	}
	return appendJSONValue(b, *v)
}

// appendDebtorRow appends a client's row of metrics.json's debtors list
// straight from its result, its lines at the depths of in (its closing
// brace at in[0]), as appendClient does: what json.MarshalIndent writes
// for the row debtorJSON makes, without making the row's strings and
// aging map (200,000 rows at ten million invoices). TestClientsEncodedApart
// and FuzzDebtorRow hold it to that.
func appendDebtorRow(b []byte, c *metrics.ClientResult, names []string, in *jsonLines) ([]byte, error) {
	quoted := func(b []byte, v interface{ Append([]byte) []byte }) []byte {
		return append(v.Append(append(b, '"')), '"')
	}
	b = append(b, '{')
	b = appendJSONString(in.field(b, 1, `"id": `), c.Client.ID)
	b = appendJSONString(in.field(b, 1, `"name": `), c.Client.Name)
	b = appendJSONString(in.field(b, 1, `"segment": `), c.Client.Segment)
	b = appendJSONString(in.field(b, 1, `"account_manager": `), c.Client.AccountManager)
	b = strconv.AppendInt(in.field(b, 1, `"terms": `), int64(c.Terms), 10)
	b = in.field(b, 1, `"credit_limit": `)
	if c.Client.HasCreditLimit {
		b = quoted(b, c.Client.CreditLimit)
	} else {
		b = append(b, "null"...)
	}
	b = in.field(b, 1, `"aging": `)
	if len(names) == 0 {
		b = append(b, "{}"...)
	} else {
		b = append(b, '{')
		for i, name := range names {
			var v money.Cents // a total of no rows has no buckets
			if i < len(c.Aging) {
				v = c.Aging[i]
			}
			b = quoted(append(appendJSONString(in.field(b, 2, ""), name), ": "...), v)
		}
		b = append(append(b, in[1]...), '}')
	}
	b = quoted(in.field(b, 1, `"open": `), c.Open)
	b = quoted(in.field(b, 1, `"overdue": `), c.Overdue)
	b, err := appendOptionalNumber(in.field(b, 1, `"dbt": `), dayValue(c.DBT))
	if err != nil {
		return b, err
	}
	b = in.field(b, 1, `"last_payment": `)
	if c.HasLastPayment {
		b = quoted(b, c.LastPayment)
	} else {
		b = append(b, "null"...)
	}
	return append(append(b, in[0]...), '}'), nil
}
