package main

import (
	"fmt"
	"strings"
	"time"
)

// activity is one row of the sample company's dunning log.
type activity struct {
	client   *client
	date     time.Time
	kind     string // as the dunning module spells it, in Dutch
	invoice  string
	promised time.Time // zero: no promised date
	amount   int64     // cents; 0: none
	note     string
}

// The dunning log has routine reminders with the client's answer for every
// invoice still open a week past its due date. For four clients the months
// before the review tell the stories behind the engagement flags instead:
// they are written out by hand below, so that each flag fires for someone
// and the routine (always answered) keeps every other client clean.
var scripted = map[behaviour]bool{stoppedPaying: true, partialPayer: true, newLatePayer: true, slowing: true, disputing: true}

// scriptFrom is where the scripted clients' routine ends: after it, only
// their stories are logged.
var scriptFrom = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)

func day(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }

// makeActivity writes the log; with pad > 0 it adds sent-invoice e-mails
// with their replies (round the invoices) until about pad rows, for the
// benchmarks.
func makeActivity(clients []*client, invoices []*invoice, pad int) []activity {
	var log []activity
	for _, inv := range invoices {
		remind := inv.due.AddDate(0, 0, 7)
		reply := remind.AddDate(0, 0, 2)
		stillOpen := !inv.hasPaid || inv.paid.After(remind) || inv.paidAmount != 0
		if inv.amount <= 0 || !stillOpen || reply.After(asOf) || scripted[inv.client.kind] && !remind.Before(scriptFrom) {
			continue
		}
		log = append(log,
			activity{client: inv.client, date: remind, kind: "Herinnering", invoice: inv.no},
			activity{client: inv.client, date: reply, kind: "Reactie", invoice: inv.no, note: "Betaling volgt"})
	}
	log = append(log, stories(clients, invoices)...)
	for i := 0; len(log) < pad && len(invoices) > 0; i++ {
		inv := invoices[i%len(invoices)]
		log = append(log,
			activity{client: inv.client, date: inv.issue, kind: "E-mail", invoice: inv.no, note: "Factuur verzonden"},
			activity{client: inv.client, date: inv.issue.AddDate(0, 0, 1), kind: "Reactie", invoice: inv.no})
	}
	return log
}

// stories logs, for the first client of each scripted behaviour, the
// collection story of the months before the review (as-of 2026-10-31).
func stories(clients []*client, invoices []*invoice) []activity {
	var log []activity
	done := map[behaviour]bool{}
	for _, c := range clients {
		if !scripted[c.kind] || done[c.kind] {
			continue
		}
		done[c.kind] = true
		inv := oldestOpen(c, invoices)
		switch c.kind {
		case stoppedPaying:
			// Reminders ignored: three attempts in the last 60 days, no
			// answer and no payment since the first; and gone quiet.
			log = append(log,
				activity{client: c, date: day(9, 15), kind: "Herinnering", invoice: inv},
				activity{client: c, date: day(10, 6), kind: "Aanmaning", invoice: inv},
				activity{client: c, date: day(10, 20), kind: "Gebeld", invoice: inv, note: "Voicemail ingesproken"},
				// After the review month: the report leaves it out.
				activity{client: c, date: day(11, 3), kind: "Ingebrekestelling", invoice: inv})
		case newLatePayer:
			// A broken promise: 8,000.00 promised for 9 October, nothing
			// paid by the 12th (three days' grace); chased again after.
			log = append(log,
				activity{client: c, date: day(9, 22), kind: "Herinnering", invoice: inv},
				activity{client: c, date: day(9, 25), kind: "Betalingsbelofte", invoice: inv, promised: day(10, 9), amount: 800000, note: "Betaalt in twee delen"},
				activity{client: c, date: day(10, 20), kind: "Aanmaning", invoice: inv})
		case partialPayer:
			// Gone quiet: one call in the last 90 days, never answered,
			// while an invoice is months past due.
			log = append(log, activity{client: c, date: day(9, 10), kind: "Gebeld", invoice: inv, note: "Niemand bereikbaar"})
		case slowing:
			// A promise still running at the review: the worklist waits.
			log = append(log,
				activity{client: c, date: day(10, 14), kind: "Herinnering", invoice: inv},
				activity{client: c, date: day(10, 28), kind: "Betalingsbelofte", invoice: inv, promised: day(11, 6), amount: 783622})
		case disputing:
			// A dispute raised in reply, and an internal memo: a type the
			// report does not know, counted and named, never guessed.
			log = append(log,
				activity{client: c, date: day(9, 18), kind: "Herinnering", invoice: inv},
				activity{client: c, date: day(9, 21), kind: "Bezwaar", invoice: inv, note: "Levering onvolledig"},
				activity{client: c, date: day(10, 2), kind: "Memo", note: "Doorgezet naar verkoop"})
		}
	}
	return log
}

// oldestOpen is the number of the client's oldest invoice unpaid at the
// as-of date, or "" when there is none.
func oldestOpen(c *client, invoices []*invoice) string {
	for _, inv := range invoices { // by issue date
		if inv.client == c && inv.amount > 0 && !inv.issue.After(asOf) && (!inv.hasPaid || inv.paid.After(asOf) || inv.paidAmount != 0) {
			return inv.no
		}
	}
	return ""
}

// activityRows lays the log out as a Dutch dunning module exports it.
func activityRows(log []activity) [][]any {
	rows := [][]any{{"Debiteurnummer", "Debiteur", "Datum", "Soort", "Factuurnummer", "Beloofde datum", "Bedrag", "Notitie"}}
	for _, a := range log {
		row := []any{a.client.id, a.client.name, a.date, a.kind, nil, nil, nil, nil}
		if a.invoice != "" {
			row[4] = a.invoice
		}
		if !a.promised.IsZero() {
			row[5] = a.promised
		}
		if a.amount != 0 {
			row[6] = cents(a.amount)
		}
		if a.note != "" {
			row[7] = a.note
		}
		rows = append(rows, row)
	}
	return rows
}

// contact gives a client a contact person, e-mail address and phone
// number, made from its place in the list so that the random stream (and
// with it every invoice) stays as it was.
func contact(i int, c *client) (name, email, phone string) {
	first := []string{"Anouk", "Bram", "Claire", "Daan", "Eva", "Finn", "Hanna", "Joris", "Lotte", "Milan", "Noor", "Ruben"}
	last := []string{"de Wit", "Bakker", "Koster", "van Vliet", "Hermans", "Kok", "Vos", "Postma", "Maas", "Wouters"}
	plain := strings.NewReplacer("ü", "u", "é", "e", "è", "e", "ø", "o", "ä", "a", "å", "a", "ö", "o", "&", "en").Replace(strings.ToLower(c.name))
	domain := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, plain)
	return first[i%len(first)] + " " + last[(i/len(first)+i)%len(last)],
		"debiteuren@" + domain + ".example",
		fmt.Sprintf("+31 20 555 %04d", 1000+i)
}
