package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/money"
)

// TestClientsEncodedApart holds metrics.json, whose clients and debtors'
// rows are encoded in chunks on every core and spliced in, to one
// encoder pass over the whole document: byte for byte, with chunks of 3
// (so that joins happen), and with a client named like the places the
// arrays go.
func TestClientsEncodedApart(t *testing.T) {
	defer func(n int) { clientsChunk = n }(clientsChunk)
	clientsChunk = 3
	res, meta := sampleResult(t)
	if len(res.Clients) < 2*clientsChunk+1 {
		t.Fatalf("%d clients: too few for joined chunks", len(res.Clients))
	}
	got, err := JSON(res, meta)
	if err != nil {
		t.Fatal(err)
	}
	d := document(res, meta)
	d.Clients, d.Debtors.Rows = []jsonClient{}, []jsonDebtor{}
	names := metrics.BucketNames(res.Params.Buckets)
	for _, c := range res.Clients {
		d.Clients = append(d.Clients, clientJSON(c, names, res.Months, jsonEvidence(res)))
	}
	for _, i := range res.Debtors.Rows {
		d.Debtors.Rows = append(d.Debtors.Rows, debtorJSON(&res.Clients[i], names))
	}
	if len(d.Debtors.Rows) < 2*clientsChunk+1 {
		t.Fatalf("%d debtors: too few for joined chunks", len(d.Debtors.Rows))
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		i := 0
		for i < min(len(got), want.Len()) && got[i] == want.Bytes()[i] {
			i++
		}
		t.Fatalf("differs at byte %d:\n%s\nwant\n%s", i, got[max(0, i-200):min(len(got), i+200)], want.Bytes()[max(0, i-200):min(want.Len(), i+200)])
	}
	// No clients: an empty array, as the encoder writes it.
	res.Clients, res.Debtors = nil, metrics.Debtors{}
	if got, err = JSON(res, meta); err != nil || !bytes.Contains(got, []byte("\n  \"clients\": [],\n")) || !bytes.Contains(got, []byte("\n    \"rows\": [],\n")) {
		t.Errorf("no clients: %v\n%s", err, got)
	}
}

// sampleResult computes a small portfolio: 23 clients, 200 invoices, one
// client named like the place metrics.json's clients go.
func sampleResult(t *testing.T) (*metrics.Result, *Meta) {
	t.Helper()
	var rows []input.InvoiceRow
	for i := range 200 {
		issue := civil.New(2026, 1, 1).AddDays(i * 2)
		r := input.InvoiceRow{No: fmt.Sprint("F", i), ClientID: fmt.Sprint("C", i%23), ClientName: fmt.Sprint("Client ", i%23),
			Issue: issue, HasIssue: true, Due: issue.AddDays(30), HasDue: true, Amount: money.Cents(10000 + 37*i)}
		if i%3 != 0 {
			r.PaidDate, r.HasPaidDate = issue.AddDays(20+i%70), true
		}
		if i%23 == 5 {
			r.ClientName = "x\n  \"clients\": null\n  \"debtors\": {\n    \"rows\": null"
		}
		rows = append(rows, r)
	}
	l, _, err := ledger.Build(ledger.Input{Invoices: rows, DefaultTerms: 30, Currency: "EUR", PaidColumns: true})
	if err != nil {
		t.Fatal(err)
	}
	return metrics.Compute(l, metrics.DefaultParams(civil.New(2026, 10, 31))), &Meta{DefaultTerms: 30}
}

// FuzzOrderedMap holds an ordered object's own writing to encoding/json's
// writing of each key and value.
func FuzzOrderedMap(f *testing.F) {
	f.Add("1-30", "1234.56", 0.1234, 7)
	f.Add("<b>&", "\u2028\xff\"\\", 1e-7, -3)
	f.Add("", "", 1e21, 0)
	f.Add("é", "\t\n", math.Inf(1), math.MaxInt)
	f.Fuzz(func(t *testing.T, key, text string, share float64, count int) {
		var m orderedMap
		m.set(key, text)
		m.set(text, share)
		m.set(key+text, count)
		m.set("none", nil)
		got, gotErr := m.MarshalJSON()
		want := []byte{'{'}
		var wantErr error
		for i, k := range m.keys {
			if i > 0 {
				want = append(want, ',')
			}
			kb, _ := json.Marshal(k)
			vb, err := json.Marshal(m.values[i])
			if err != nil {
				wantErr = err
				break
			}
			want = append(append(append(want, kb...), ':'), vb...)
		}
		want = append(want, '}')
		if (gotErr != nil) != (wantErr != nil) || gotErr == nil && !bytes.Equal(got, want) {
			t.Fatalf("wrote %s (%v); encoding/json %s (%v)", got, gotErr, want, wantErr)
		}
	})
}

// FuzzAppendClient holds a client written by appendClient to
// json.MarshalIndent of the same jsonClient: every field, text anywhere
// (escapes, <, >, &, U+2028, bytes that are no UTF-8), numbers of any
// size, null and empty lists and objects, fields left out when empty.
func FuzzAppendClient(f *testing.F) {
	f.Add("C1", "Jansen & Zn <b>", "", 12.5, 3, true)
	f.Add("\u2028\xff\"\\", "", "seg", 1e-7, -1, false)
	f.Add("x", "y", "z", math.Inf(1), 0, true)
	f.Add("", "", "", 1e21, math.MaxInt, false)
	f.Fuzz(func(t *testing.T, text, name, segment string, v float64, n int, set bool) {
		c := jsonClient{ID: text, Name: name, Segment: segment, AccountManager: name + segment, Listed: set,
			Open: text, Overdue: name, PastDue: segment, SettledCount: n, PastDueCount: -n, OldestDPD: n / 2, Terms: n % 90,
			TermsDefault: !set, Score: n, Tier: text}
		c.Aging.set(text, name)
		c.Aging.set("91+", v)
		if n%3 != 0 { // else an empty object
			c.AgingShare.set(segment, nil)
		}
		if set {
			c.CreditLimit, c.LastPayment = &text, &name
			c.Share, c.DSO, c.ADP, c.ADL, c.OnTimeRate, c.DBT = &v, &v, &v, &v, &v, &v
			c.Flags = []jsonFlag{{text, n, name}, {"x", 1, segment}}
			c.DaysToPay = []jsonMonthValue{{text, &v}, {name, nil}}
			c.OpenAge = []jsonMonthValue{}
			c.OpenSeries = []jsonOpenPoint{{text, name}}
			c.OverdueInvoices = []jsonOverdueInvoice{{text, name, segment, text, name, n}}
		}
		// As it stands in metrics.json (a line of its own, after the
		// prefix), and at the top of a file.
		for _, prefix := range []string{"    ", ""} {
			got, gotErr := appendClient([]byte(prefix), &c, newJSONLines(prefix))
			want, wantErr := json.MarshalIndent(&c, prefix, "  ")
			want = append([]byte(prefix), want...)
			if (gotErr != nil) != (wantErr != nil) || gotErr == nil && !bytes.Equal(got, want) {
				t.Fatalf("appendClient\n%s (%v)\njson.MarshalIndent\n%s (%v)", got, gotErr, want, wantErr)
			}
		}
	})
}

// debtorJSON is a client's row of the debtors list, the plain way:
// appendDebtorRow writes it straight from the result.
func debtorJSON(c *metrics.ClientResult, names []string) jsonDebtor {
	row := jsonDebtor{ID: c.Client.ID, Name: c.Client.Name, Segment: c.Client.Segment, AccountManager: c.Client.AccountManager,
		Terms: c.Terms, Aging: aging(names, c.Aging), Open: c.Open.String(), Overdue: c.Overdue.String(), DBT: dayValue(c.DBT)}
	if c.Client.HasCreditLimit {
		s := c.Client.CreditLimit.String()
		row.CreditLimit = &s
	}
	if c.HasLastPayment {
		s := c.LastPayment.String()
		row.LastPayment = &s
	}
	return row
}

// FuzzDebtorRow holds a row of the debtors list written straight from a
// client's result (appendDebtorRow) to json.MarshalIndent of the row
// debtorJSON makes: text anywhere (escapes, <, >, &, invalid UTF-8, line
// separators), any amounts, days beyond terms of every size, dates of
// any year, fewer or more buckets than names.
func FuzzDebtorRow(f *testing.F) {
	f.Add("C1", "Jansen & Zn <b>", "", int64(12345), 12.5, 3, true)
	f.Add("\u2028\xff\"\\", "", "seg", int64(-5), 1e-7, -1, false)
	f.Add("x", "y", "z", int64(math.MinInt64), math.Inf(1), 0, true)
	f.Add("", "", "", int64(math.MaxInt64), 1e21, math.MaxInt, false)
	f.Fuzz(func(t *testing.T, text, name, segment string, cents int64, v float64, n int, set bool) {
		c := metrics.ClientResult{Client: &ledger.Client{ID: text, Name: name, Segment: segment, AccountManager: name + segment},
			Terms: n, Open: money.Cents(cents), Overdue: money.Cents(cents / 3),
			Aging: []money.Cents{money.Cents(cents), money.Cents(n), money.Cents(-cents / 7)}}
		names := []string{"current", "1-30", text, "91+"}
		if set {
			c.Client.CreditLimit, c.Client.HasCreditLimit = money.Cents(n), true
			c.DBT = &v
			c.LastPayment, c.HasLastPayment = civil.Date(n%10000000), true
			c.Aging = append(c.Aging, 1, 2) // more buckets than names
		}
		if n%5 == 0 {
			names = nil
		}
		for _, indent := range []string{"", "      "} {
			got, gotErr := appendDebtorRow([]byte(indent), &c, names, newJSONLines(indent))
			want, wantErr := json.MarshalIndent(debtorJSON(&c, names), indent, "  ")
			want = append([]byte(indent), want...)
			if (gotErr != nil) != (wantErr != nil) || gotErr == nil && !bytes.Equal(got, want) {
				t.Fatalf("appendDebtorRow\n%s (%v)\njson.MarshalIndent\n%s (%v)", got, gotErr, want, wantErr)
			}
		}
	})
}
