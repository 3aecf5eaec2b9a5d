package main

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"
)

// The sample company's calendar: 24 months of invoices up to the review
// month, exported a few days after it ends (so the default as-of date is
// the month end and the days after it show as ignored).
var (
	firstMonth = time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC)
	asOf       = time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	exportDay  = time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC)
)

// behaviour is how a client pays; each flag of the spec has one.
type behaviour int

const (
	healthy behaviour = iota
	chronicLate
	slowing
	stoppedPaying
	severelyOverdue
	partialPayer
	risingBalance
	overLimit
	disputing
	newLatePayer
	bigHealthy
	goingSouth
	formerClient
)

type client struct {
	id, name, segment, manager string
	terms                      int
	creditLimit                int64 // cents; 0 = none given
	start                      time.Time
	kind                       behaviour
	perMonth                   int   // invoices per month
	minAmount, maxAmount       int64 // cents
}

type invoice struct {
	no         string
	client     *client
	issue, due time.Time
	dueBlank   bool
	amount     int64
	paid       time.Time
	paidAmount int64 // 0 with a paid date: paid in full
	hasPaid    bool
	status     string
}

var names = []struct{ name, segment string }{
	{"Bakkerij De Gouden Korenaar", "Food"}, {"Van Dijk Bouw B.V.", "Construction"}, {"Jansen & Zn. Transport", "Logistics"},
	{"Müller Maschinenbau GmbH", "Manufacturing"}, {"Café 't Hoekje", "Hospitality"}, {"Nordic Fisheries AS", "Food"},
	{"Smit Logistiek B.V.", "Logistics"}, {"De Vries Architecten", "Services"}, {"Hendriks Installatietechniek", "Construction"},
	{"Bos & Visser Advocaten", "Services"}, {"Dekker Groenvoorziening", "Services"}, {"Peeters Kozijnen BV", "Construction"},
	{"Mulder ICT Solutions", "IT"}, {"Brouwer Catering", "Hospitality"}, {"Atlantic Freight Ltd", "Logistics"},
	{"Rhein-Ruhr Logistik GmbH", "Logistics"}, {"Østergaard Design ApS", "Services"}, {"Zürich Präzision AG", "Manufacturing"},
	{"Kowalski Budownictwo Sp. z o.o.", "Construction"}, {"Lumière Éclairage SARL", "Retail"}, {"Groothandel Van den Berg", "Retail"},
	{"Tandartspraktijk Meijer", "Healthcare"}, {"Hotel Het Wapen van Delft", "Hospitality"}, {"Verhoeven Metaalbewerking", "Manufacturing"},
	{"Stichting Zorg aan Zee", "Healthcare"}, {"Bakker & de Groot Accountants", "Services"}, {"Costa Brava Importaciones S.L.", "Retail"},
	{"Van Leeuwen Agro", "Food"}, {"Schouten Elektro", "Construction"}, {"Kuipers Drukwerk", "Manufacturing"},
	{"Dublin Data Services Ltd", "IT"}, {"Prins Fietsen", "Retail"}, {"Willems Vastgoedbeheer", "Services"},
	{"Autobedrijf Van Wijk", "Retail"}, {"Milano Moda S.r.l.", "Retail"}, {"Timmerfabriek Hoogland", "Manufacturing"},
	{"Gemeentelijk Sportbedrijf Zwolle", "Public"}, {"Visser Scheepvaart", "Logistics"}, {"Yilmaz Bouwmaterialen", "Construction"},
	{"Antwerp Diamond Tools NV", "Manufacturing"},
}

var managers = []string{"Sanne de Boer", "Mark Jansen", "Fatima El Amrani", "Pieter Smit"}

// archetypes assigns the behaviours to the first clients; the rest are healthy
// with a few former clients among them.
var archetypes = []behaviour{
	chronicLate, slowing, stoppedPaying, severelyOverdue, partialPayer, risingBalance,
	overLimit, disputing, newLatePayer, bigHealthy, goingSouth, chronicLate, formerClient,
}

func makeClients(r *rand.Rand, n int) []*client {
	var list []*client
	for i := 0; i < n; i++ {
		nm := names[i%len(names)]
		name := nm.name
		if i >= len(names) {
			name = fmt.Sprintf("%s %d", nm.name, i/len(names)+1)
		}
		c := &client{
			id: fmt.Sprintf("C%04d", i+1), name: name, segment: nm.segment, manager: managers[i%len(managers)],
			terms: []int{14, 30, 30, 30, 45, 60}[r.IntN(6)], kind: healthy,
			start: firstMonth.AddDate(0, -r.IntN(36), 0), perMonth: 1 + r.IntN(3),
			minAmount: 25000 + r.Int64N(50000), maxAmount: 300000 + r.Int64N(900000),
		}
		if i < len(archetypes) {
			c.kind = archetypes[i]
		} else if i%17 == 0 {
			c.kind = formerClient
		}
		if r.IntN(3) == 0 {
			c.creditLimit = (10 + r.Int64N(40)) * 1000 * 100
		}
		switch c.kind {
		case overLimit:
			c.creditLimit, c.terms, c.perMonth = 2000000, 60, 2
			c.minAmount, c.maxAmount = 800000, 1400000
		case bigHealthy:
			c.perMonth, c.minAmount, c.maxAmount, c.terms = 8, 1500000, 3000000, 30
		case newLatePayer:
			c.start = time.Date(2026, 6, 8, 0, 0, 0, 0, time.UTC)
			c.terms = 14
		case risingBalance:
			c.perMonth, c.minAmount, c.maxAmount = 1, 450000, 450000
		}
		list = append(list, c)
	}
	return list
}

// dayIn returns a random working day in the month of m.
func dayIn(r *rand.Rand, m time.Time) time.Time {
	for {
		d := m.AddDate(0, 0, r.IntN(daysIn(m)))
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			return d
		}
	}
}

func daysIn(m time.Time) int { return m.AddDate(0, 1, -1).Day() }

// makeInvoices issues each client's invoices month by month and decides
// how each was paid.
func makeInvoices(r *rand.Rand, clients []*client) []*invoice {
	var all []*invoice
	for _, c := range clients {
		for m := firstMonth; !m.After(exportDay); m = m.AddDate(0, 1, 0) {
			if !activeIn(c, m) {
				continue
			}
			for k := 0; k < c.perMonth; k++ {
				issue := dayIn(r, m)
				if issue.After(exportDay) {
					continue
				}
				amount := c.minAmount + r.Int64N(c.maxAmount-c.minAmount+1)
				inv := &invoice{client: c, issue: issue, due: issue.AddDate(0, 0, c.terms), amount: amount}
				pay(r, inv)
				all = append(all, inv)
			}
		}
	}
	all = append(all, extras(r, clients)...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].issue.Before(all[j].issue) })
	for i, inv := range all {
		inv.no = fmt.Sprintf("%d-%05d", inv.issue.Year(), i+1)
		if inv.amount < 0 {
			inv.no = fmt.Sprintf("CN%d-%05d", inv.issue.Year(), i+1)
		}
		// A few exports leave the due date out; arreport derives it.
		if i%97 == 13 && inv.amount > 0 {
			inv.dueBlank = true
		}
		inv.status = status(inv)
	}
	return all
}

func activeIn(c *client, m time.Time) bool {
	switch c.kind {
	case newLatePayer:
		return !m.Before(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) && m.Before(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))
	case formerClient:
		return m.Before(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	}
	return !m.Before(c.start.AddDate(0, 0, -c.start.Day()+1))
}

// payAfter records a payment days after the invoice date, if it happened
// by the export day.
func payAfter(inv *invoice, days int, part int64) {
	d := inv.issue.AddDate(0, 0, days)
	if d.After(exportDay) {
		return
	}
	inv.paid, inv.hasPaid, inv.paidAmount = d, true, part
}

func months(from, to time.Time) int {
	return (to.Year()-from.Year())*12 + int(to.Month()) - int(from.Month())
}

func pay(r *rand.Rand, inv *invoice) {
	c, terms := inv.client, inv.client.terms
	age := months(inv.issue, asOf)   // 0 for invoices of the as-of month
	onTime := terms - 8 + r.IntN(10) // late (by a day) one time in ten
	switch c.kind {
	case chronicLate:
		payAfter(inv, terms+18+r.IntN(30), 0)
	case slowing:
		if age <= 4 {
			payAfter(inv, terms+28+r.IntN(12), 0)
		} else {
			payAfter(inv, terms-4+r.IntN(6), 0)
		}
	case stoppedPaying:
		if age >= 5 {
			payAfter(inv, onTime, 0)
		}
	case severelyOverdue:
		if age != 5 {
			payAfter(inv, onTime, 0)
		}
	case partialPayer:
		if age <= 5 && r.IntN(2) == 0 {
			payAfter(inv, terms, inv.amount*(40+r.Int64N(30))/100)
		} else {
			payAfter(inv, onTime, 0)
		}
	case risingBalance:
		if age <= 4 {
			payAfter(inv, terms, inv.amount*35/100)
		} else {
			payAfter(inv, onTime, 0)
		}
	case newLatePayer:
		if inv.issue.Month() != time.August {
			payAfter(inv, terms+20+r.IntN(10), 0)
		}
	case goingSouth:
		switch {
		case age >= 8:
			payAfter(inv, terms-5+r.IntN(5), 0)
		case age >= 4:
			payAfter(inv, terms+35+r.IntN(10), 0)
		}
	default:
		payAfter(inv, onTime, 0)
	}
}

// extras adds what every real ledger has: credit notes, disputed invoices,
// and an invoice for a client missing from the clients list.
func extras(r *rand.Rand, clients []*client) []*invoice {
	var out []*invoice
	for _, c := range clients {
		if c.kind != disputing {
			continue
		}
		for _, m := range []int{3, 6, 8} {
			d := dayIn(r, time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC))
			cn := &invoice{client: c, issue: d, due: d, amount: -(50000 + r.Int64N(200000))}
			if m != 8 {
				payAfter(cn, 10, 0) // applied against a later invoice
			}
			out = append(out, cn)
		}
		for _, m := range []int{7, 9} {
			d := dayIn(r, time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC))
			out = append(out, &invoice{client: c, issue: d, due: d.AddDate(0, 0, c.terms), amount: 150000 + r.Int64N(100000), status: "disputed"})
		}
	}
	walkIn := &client{id: "C9001", name: "Kiosk Centraal Station", terms: 30}
	d := time.Date(2026, 9, 14, 0, 0, 0, 0, time.UTC)
	inv := &invoice{client: walkIn, issue: d, due: d.AddDate(0, 0, 30), amount: 48950}
	payAfter(inv, 41, 0)
	return append(out, inv)
}

func status(inv *invoice) string {
	switch {
	case inv.status == "disputed":
		return "disputed"
	case inv.amount < 0:
		return "credit note"
	case inv.hasPaid && (inv.paidAmount == 0 || inv.paidAmount >= inv.amount):
		return "paid"
	}
	return "open"
}
