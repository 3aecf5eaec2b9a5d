package metrics

import (
	"testing"
	"time"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/money"
)

// d parses an ISO date for tests.
func d(s string) civil.Date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return civil.FromTime(t)
}

// inv describes an invoice row: due "" derives it; paid "" is unpaid;
// paidAmt 0 with a paid date is paid in full.
type inv struct {
	no, client, issue, due string
	amount                 money.Cents
	paid                   string
	paidAmt                money.Cents
	disputed               bool
}

type payment struct {
	no, date string
	amount   money.Cents
}

func rows(invs []inv) []input.InvoiceRow {
	var out []input.InvoiceRow
	for _, i := range invs {
		r := input.InvoiceRow{No: i.no, ClientID: i.client, Issue: d(i.issue), HasIssue: true, Amount: i.amount, Disputed: i.disputed}
		if i.due != "" {
			r.Due, r.HasDue = d(i.due), true
		}
		if i.paid != "" {
			r.PaidDate, r.HasPaidDate = d(i.paid), true
			if i.paidAmt != 0 {
				r.PaidAmount, r.HasPaidAmount = i.paidAmt, true
			}
		}
		out = append(out, r)
	}
	return out
}

// build makes a ledger from invoice rows, optional client rows and an
// optional payments table.
func build(t *testing.T, invs []inv, clients []input.ClientRow, pays []payment) *ledger.Ledger {
	t.Helper()
	in := ledger.Input{Invoices: rows(invs), Clients: clients, HaveClients: clients != nil, DefaultTerms: 30, Currency: "EUR", PaidColumns: true}
	for _, p := range pays {
		in.Payments = append(in.Payments, input.PaymentRow{InvoiceNo: p.no, Date: d(p.date), Amount: p.amount})
		in.HavePayments = true
	}
	l, problems, err := ledger.Build(in)
	if err != nil || len(problems) > 0 {
		t.Fatalf("ledger.Build: %v %v", err, problems)
	}
	return l
}

func params(asOf string) Params { return DefaultParams(d(asOf)) }

// near reports whether a computed figure is v to within rounding to 0.1.
func near(got *float64, want float64) bool {
	return got != nil && *got > want-0.05 && *got < want+0.05
}

func clientByID(res *Result, id string) *ClientResult {
	for i := range res.Clients {
		if res.Clients[i].Client.ID == id {
			return &res.Clients[i]
		}
	}
	return nil
}

func hasFlag(c *ClientResult, id string) (Flag, bool) {
	if c == nil {
		return Flag{}, false
	}
	for _, f := range c.Flags {
		if f.ID == id {
			return f, true
		}
	}
	return Flag{}, false
}
