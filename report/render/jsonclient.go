package render

import (
	"strconv"

	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/money"
)

// appendClient appends a client of metrics.json as encoding/json writes
// jsonClient, compact: at ten million invoices the clients are 160 MB of
// the file, and encoding/json's reflection over them was most of its
// cost. The strings and numbers go through appendJSONString and
// appendJSONValue, which hand anything unusual to encoding/json;
// FuzzAppendClient holds the whole to json.Marshal.
func appendClient(b []byte, c *jsonClient) ([]byte, error) {
	b = appendStringField(b, `{"id":`, c.ID)
	b = appendStringField(b, `,"name":`, c.Name)
	if c.Segment != "" {
		b = appendStringField(b, `,"segment":`, c.Segment)
	}
	if c.AccountManager != "" {
		b = appendStringField(b, `,"account_manager":`, c.AccountManager)
	}
	b = append(b, `,"in_clients_table":`...)
	b = strconv.AppendBool(b, c.Listed)
	b = append(b, `,"credit_limit":`...)
	b = appendOptionalString(b, c.CreditLimit)
	b = appendStringField(b, `,"open":`, c.Open)
	b = appendStringField(b, `,"overdue":`, c.Overdue)
	b, err := appendOptionalNumber(append(b, `,"share_of_ar":`...), c.Share)
	if err != nil {
		return b, err
	}
	for _, m := range []struct {
		key string
		v   orderedMap
	}{{`,"aging":`, c.Aging}, {`,"aging_share":`, c.AgingShare}} {
		b = append(b, m.key...)
		if b, err = appendObject(b, m.v); err != nil {
			return b, err
		}
	}
	for _, f := range []struct {
		key string
		v   *float64
	}{{`,"dso":`, c.DSO}, {`,"adp":`, c.ADP}, {`,"adl":`, c.ADL}, {`,"on_time_rate":`, c.OnTimeRate}} {
		if b, err = appendOptionalNumber(append(b, f.key...), f.v); err != nil {
			return b, err
		}
	}
	b = append(b, `,"settled_count":`...)
	b = strconv.AppendInt(b, int64(c.SettledCount), 10)
	if b, err = appendOptionalNumber(append(b, `,"dbt":`...), c.DBT); err != nil {
		return b, err
	}
	b = append(b, `,"past_due_count":`...)
	b = strconv.AppendInt(b, int64(c.PastDueCount), 10)
	b = appendStringField(b, `,"past_due":`, c.PastDue)
	b = append(b, `,"oldest_dpd":`...)
	b = strconv.AppendInt(b, int64(c.OldestDPD), 10)
	b = append(b, `,"last_payment":`...)
	b = appendOptionalString(b, c.LastPayment)
	b = append(b, `,"terms":`...)
	b = strconv.AppendInt(b, int64(c.Terms), 10)
	b = append(b, `,"terms_are_default":`...)
	b = strconv.AppendBool(b, c.TermsDefault)
	b = append(b, `,"score":`...)
	b = strconv.AppendInt(b, int64(c.Score), 10)
	b = appendStringField(b, `,"tier":`, c.Tier)

	b = append(b, `,"flags":`...)
	b = appendArray(b, c.Flags, func(b []byte, f *jsonFlag) []byte {
		b = appendStringField(b, `{"id":`, f.ID)
		b = append(b, `,"weight":`...)
		b = strconv.AppendInt(b, int64(f.Weight), 10)
		b = append(b, `,"evidence":`...)
		return append(appendJSONString(b, f.Evidence), '}')
	})
	for _, series := range []struct {
		key string
		v   []jsonMonthValue
	}{{`,"days_to_pay":`, c.DaysToPay}, {`,"open_age":`, c.OpenAge}} {
		b = append(b, series.key...)
		b = appendArray(b, series.v, func(b []byte, m *jsonMonthValue) []byte {
			b = appendStringField(b, `{"month":`, m.Month)
			b = append(b, `,"value":`...)
			if b, err = appendOptionalNumber(b, m.Value); err != nil {
				return b
			}
			return append(b, '}')
		})
		if err != nil {
			return b, err
		}
	}
	b = append(b, `,"open_balance":`...)
	b = appendArray(b, c.OpenSeries, func(b []byte, p *jsonOpenPoint) []byte {
		b = appendStringField(b, `{"month_end":`, p.MonthEnd)
		b = append(b, `,"open":`...)
		return append(appendJSONString(b, p.Open), '}')
	})
	b = append(b, `,"overdue_invoices":`...)
	b = appendArray(b, c.OverdueInvoices, func(b []byte, o *jsonOverdueInvoice) []byte {
		b = appendStringField(b, `{"invoice_no":`, o.InvoiceNo)
		b = appendStringField(b, `,"issue_date":`, o.IssueDate)
		b = appendStringField(b, `,"due_date":`, o.DueDate)
		b = appendStringField(b, `,"amount":`, o.Amount)
		b = appendStringField(b, `,"open":`, o.Open)
		b = append(b, `,"days_overdue":`...)
		b = strconv.AppendInt(b, int64(o.DaysOverdue), 10)
		return append(b, '}')
	})
	return append(b, '}'), nil
}

// appendStringField appends a key (with its leading comma or brace) and
// its text value.
func appendStringField(b []byte, key, v string) []byte { return appendJSONString(append(b, key...), v) }

// appendArray appends a list as encoding/json writes a slice: null when
// nil, else its elements in brackets.
func appendArray[T any](b []byte, list []T, elem func([]byte, *T) []byte) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = elem(b, &list[i])
	}
	return append(b, ']')
}

// appendObject appends an ordered object as encoding/json does through
// its MarshalJSON: the method's bytes, compacted.
func appendObject(b []byte, m orderedMap) ([]byte, error) {
	obj, err := m.MarshalJSON()
	if err != nil {
		return b, err
	}
	return append(b, obj...), nil
}

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

// rowIndent is the indentation of a row of the debtors list and of the
// lines within it, made once for all rows.
type rowIndent struct{ row, field, bucket string }

func newRowIndent(row string) rowIndent {
	return rowIndent{row: row, field: row + "  ", bucket: row + "    "}
}

// appendDebtorRow appends a client's row of metrics.json's debtors list
// straight from its result, indented as it stands in the file: what
// json.MarshalIndent writes for the row debtorJSON makes, without making
// the row's strings and aging map (200,000 rows at ten million invoices).
// TestClientsEncodedApart and FuzzDebtorRow hold it to that.
func appendDebtorRow(b []byte, c *metrics.ClientResult, names []string, in rowIndent) ([]byte, error) {
	field := func(b []byte, key string) []byte {
		return append(append(append(append(b, ",\n"...), in.field...), key...), ": "...)
	}
	b = append(append(append(b, in.row...), "{\n"...), in.field...)
	b = appendJSONString(append(b, `"id": `...), c.Client.ID)
	b = appendJSONString(field(b, `"name"`), c.Client.Name)
	b = appendJSONString(field(b, `"segment"`), c.Client.Segment)
	b = appendJSONString(field(b, `"account_manager"`), c.Client.AccountManager)
	b = strconv.AppendInt(field(b, `"terms"`), int64(c.Terms), 10)
	b = field(b, `"credit_limit"`)
	if c.Client.HasCreditLimit {
		b = append(c.Client.CreditLimit.Append(append(b, '"')), '"')
	} else {
		b = append(b, "null"...)
	}
	b = field(b, `"aging"`)
	if len(names) == 0 {
		b = append(b, "{}"...)
	} else {
		b = append(b, "{\n"...)
		for i, name := range names {
			if i > 0 {
				b = append(b, ",\n"...)
			}
			var v money.Cents // a total of no rows has no buckets
			if i < len(c.Aging) {
				v = c.Aging[i]
			}
			b = appendJSONString(append(b, in.bucket...), name)
			b = append(v.Append(append(b, `: "`...)), '"')
		}
		b = append(append(append(b, '\n'), in.field...), '}')
	}
	b = append(c.Open.Append(append(field(b, `"open"`), '"')), '"')
	b = append(c.Overdue.Append(append(field(b, `"overdue"`), '"')), '"')
	b, err := appendOptionalNumber(field(b, `"dbt"`), dayValue(c.DBT))
	if err != nil {
		return b, err
	}
	b = field(b, `"last_payment"`)
	if c.HasLastPayment {
		b = append(c.LastPayment.Append(append(b, '"')), '"')
	} else {
		b = append(b, "null"...)
	}
	return append(append(append(b, '\n'), in.row...), '}'), nil
}

// compactArray appends list as a compact JSON array (appendArray), each
// element by elem, stopping at the first error.
func compactArray[T any](b []byte, list []T, elem func([]byte, *T) ([]byte, error)) ([]byte, error) {
	var err error
	b = appendArray(b, list, func(b []byte, v *T) []byte {
		if err == nil {
			b, err = elem(b, v)
		}
		return b
	})
	return b, err
}
