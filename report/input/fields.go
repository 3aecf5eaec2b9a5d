package input

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Field is a column's meaning. Its String is the field name used by --map,
// the config file and metrics.json (invoice_no, amount, …).
type Field int

// The fields of the tables.
const (
	InvoiceNo Field = iota
	ClientID
	ClientName
	IssueDate
	DueDate
	Amount
	Currency
	PaidDate
	PaidAmount
	OpenAmount
	Status
	Disputed
	PaymentDate
	PaymentAmount
	Terms
	CreditLimit
	Segment
	AccountMgr
	StartDate
	LastContact
	Rate
	DaysPastDue
	SalesMonth
	ActivityDate
	ActivityType
	PromisedDate
	Note
	ContactName
	Email
	Phone
	numFields
)

// noField stands for "no particular column" in a position.
const noField Field = -1

var fieldNames = [numFields]string{"invoice_no", "client_id", "client_name", "issue_date", "due_date", "amount", "currency", "paid_date", "paid_amount", "open_amount", "status", "disputed", "payment_date", "payment_amount", "terms", "credit_limit", "segment", "account_manager", "start_date", "last_contact", "rate", "days_past_due", "month", "date", "type", "promised_date", "note", "contact_name", "email", "phone"}

// String returns the field's name, e.g. "invoice_no".
func (f Field) String() string {
	if f < 0 || f >= numFields {
		return "field?"
	}
	return fieldNames[f]
}

// Kind is the kind of table a file holds.
type Kind int

// The tables arreport reads.
const (
	Invoices Kind = iota
	Payments
	Clients
	Rates
	Sales
	Activity
)

// String returns the table's name as used in messages.
func (k Kind) String() string {
	return [...]string{"invoices", "payments", "clients", "exchange rates", "sales", "activity"}[k]
}

// fieldSpec lists a field's accepted header names, most specific first,
// in normalised form (see normalizeHeader).
type fieldSpec struct {
	field Field
	names []string
}

// Synonyms per table. Order matters twice: fields earlier in the list claim
// a column first, and within a field earlier names win, so "invoice date"
// is preferred to a bare "date" when both are present.
var tableFields = map[Kind][]fieldSpec{
	Invoices: {
		{InvoiceNo, []string{"invoice no", "invoice number", "invoice nr", "invoicenumber", "invoice id", "invoice", "factuurnummer", "factuurnr", "factuur nr", "factuur nummer", "factuur id", "document number", "document no", "document id", "doc no", "doc number", "doc id", "boekstuknummer", "num", "number", "nummer", "no", "nr", "reference", "ref"}},
		{ClientID, clientIDNames},
		{ClientName, []string{"client name", "customer name", "clientname", "customername", "name customer", "name client", "account name", "accountname", "contact name", "contactname", "debtor name", "debiteurnaam", "debiteur naam", "klantnaam", "klant naam", "relatienaam", "relatie naam", "bedrijfsnaam", "client", "customer", "debtor", "klant", "debiteur", "relatie", "naam", "name", "company", "organisation", "organization", "bill to"}},
		{IssueDate, []string{"invoice date", "invoicedate", "factuurdatum", "factuur datum", "document date", "documentdatum", "issue date", "date of issue", "invoiced at", "posting date", "boekdatum", "created at", "date", "datum"}},
		{DueDate, []string{"due date", "duedate", "net due date", "due date net", "payment due date", "due at", "due in date", "vervaldatum", "uiterste betaaldatum", "verval datum", "vervaldag", "vervalt", "payment due", "due"}},
		{DaysPastDue, []string{"days past due", "days overdue", "overdue days", "days late", "days in arrears", "arrears days", "arrears after net due date", "arrears", "dagen vervallen", "vervaldagen", "dagen over vervaldatum", "dagen te laat", "ouderdom dagen"}},
		{PaidAmount, []string{"paid amount", "amount paid", "invoiceamountpaid", "invoice amount paid", "paid to date", "total paid", "betaald bedrag", "bedrag betaald", "ontvangen bedrag", "betaald", "paid"}},
		{OpenAmount, []string{"open amount", "amount due", "invoiceamountdue", "invoice amount due", "balance due", "open balance", "amount outstanding", "amount remaining", "outstanding", "openstaand bedrag", "openstaand saldo", "openstaand", "restant", "restbedrag", "open", "saldo", "balance"}},
		{Amount, []string{"amount", "invoice amount", "invoiceamount", "invoice total", "total", "total amount", "grand total", "amount incl vat", "total incl vat", "gross amount", "amount in local currency", "amount in doc curr", "amount in document currency", "bedrag", "bedrag incl btw", "factuurbedrag", "totaal", "totaalbedrag", "totaal incl btw", "factuur"}},
		{Currency, []string{"currency", "currency code", "currency id", "invoice currency", "document currency", "local currency", "valuta", "valutacode", "munteenheid", "ccy", "curr", "cur"}},
		{PaidDate, []string{"paid date", "date paid", "settled date", "settleddate", "settlement date", "payment date", "date of payment", "paid on", "paid at", "clear date", "clearing date", "cleared on", "cleared", "betaaldatum", "datum betaald", "datum betaling", "betaald op"}},
		{Status, []string{"status", "invoice status", "factuurstatus", "transaction type", "type"}},
		{Disputed, []string{"disputed", "dispute", "in dispute", "betwist", "geschil"}},
	},
	Payments: {
		{InvoiceNo, []string{"invoice no", "invoice number", "invoice nr", "invoicenumber", "invoice id", "invoice", "factuurnummer", "factuurnr", "factuur nr", "factuur", "document number", "doc id", "reference", "applied to"}},
		{PaymentDate, []string{"payment date", "paid date", "date paid", "paid at", "paid on", "clear date", "clearing date", "date received", "received date", "received on", "betaaldatum", "datum betaald", "datum ontvangst", "date", "datum"}},
		{PaymentAmount, []string{"payment amount", "amount paid", "paid amount", "amount received", "received amount", "betaald bedrag", "bedrag betaald", "ontvangen bedrag", "betaald", "paid", "amount", "bedrag"}},
	},
	Clients: {
		{ClientID, append(slices.Clone(clientIDNames), "id", "code")},
		{ClientName, []string{"client name", "customer name", "clientname", "customername", "name customer", "name client", "account name", "accountname", "contact name", "debtor name", "debiteurnaam", "klantnaam", "relatienaam", "bedrijfsnaam", "name", "naam", "client", "customer", "klant", "debiteur", "relatie", "company", "organisation", "organization"}},
		{Terms, []string{"payment terms", "payment terms days", "payment term", "terms", "terms days", "terms of payment", "credit terms", "credit terms days", "net days", "betalingstermijn", "betalingstermijn dagen", "betaaltermijn", "betalingsconditie", "termijn"}},
		{CreditLimit, []string{"credit limit", "creditlimit", "credit line", "kredietlimiet", "kredietlimit", "credit limiet", "kredietlimiet eur"}},
		{Segment, []string{"segment", "industry", "sector", "branche", "branch"}},
		{AccountMgr, []string{"account manager", "accountmanager", "sales rep", "salesperson", "verkoper", "accountbeheerder"}},
		{StartDate, []string{"start date", "startdate", "client since", "customer since", "klant sinds", "klant sinds datum", "startdatum", "first invoice", "first invoice date", "eerste factuur"}},
		{LastContact, []string{"last contact", "last contact date", "laatste contact", "laatste contactdatum"}},
		{ContactName, []string{"contact name", "contact person", "contact", "contactpersoon", "contactpersoon naam", "t a v", "attn"}},
		{Email, []string{"email", "e mail", "email address", "e mail address", "e mailadres", "emailadres", "mail"}},
		{Phone, []string{"phone", "phone number", "telephone", "tel", "telefoon", "telefoonnummer", "mobiel", "mobile"}},
	},
	Activity: {
		{ClientID, clientIDNames},
		{ClientName, []string{"client name", "customer name", "debtor name", "debiteurnaam", "klantnaam", "relatienaam", "client", "customer", "debtor", "klant", "debiteur", "relatie", "naam", "name", "company"}},
		{ActivityDate, []string{"date", "activity date", "datum", "actiedatum", "activiteitdatum", "created", "created at", "sent", "verzonden", "datum actie"}},
		{ActivityType, []string{"type", "activity type", "activity", "action", "soort", "actie", "activiteit", "soort actie", "event"}},
		{InvoiceNo, []string{"invoice no", "invoice number", "invoice", "factuurnummer", "factuurnr", "factuur", "reference"}},
		{PromisedDate, []string{"promised date", "promise date", "promised for", "pay by", "toegezegde datum", "beloofde datum", "datum toezegging", "betaaldatum belofte", "belofte datum"}},
		{Amount, []string{"promised amount", "amount", "bedrag", "toegezegd bedrag", "beloofd bedrag"}},
		{Note, []string{"note", "notes", "comment", "description", "notitie", "opmerking", "omschrijving", "toelichting"}},
	},
	Rates: {
		{Currency, []string{"currency", "currency code", "valuta", "munteenheid", "ccy", "code"}},
		{Rate, []string{"rate", "exchange rate", "fx rate", "koers", "wisselkoers"}},
	},
	Sales: {
		{SalesMonth, []string{"month", "maand", "period", "periode", "date", "datum"}},
		{Amount, []string{"sales", "revenue", "net sales", "turnover", "omzet", "netto omzet", "amount", "bedrag", "total", "totaal"}},
	},
}

// clientIDNames are the headers of a client's id (or number), in the
// invoices and the clients table alike.
var clientIDNames = []string{"client id", "customer id", "customerid", "clientid", "client code", "customer code", "client number", "customer number", "cust number", "cust no", "cust id", "client no", "customer no", "customer account", "account number", "account code", "accountcode", "debtor id", "debtor number", "debiteurnummer", "debiteur nr", "debiteurnr", "deb nr", "klantnummer", "klant nr", "klantnr", "klant id", "relatiecode", "relatienummer", "account"}

// requiredFields lists, per table, the fields without which nothing can be
// computed. Each entry is a set of alternatives: one of them must be present.
var requiredFields = map[Kind][][]Field{
	Invoices: {{InvoiceNo}, {ClientID, ClientName}, {IssueDate, DueDate}, {Amount, OpenAmount}},
	Payments: {{InvoiceNo}, {PaymentDate}, {PaymentAmount}},
	Clients:  {{ClientID, ClientName}},
	Rates:    {{Currency}, {Rate}},
	Sales:    {{SalesMonth}, {Amount}},
	Activity: {{ClientID, ClientName}, {ActivityDate}, {ActivityType}},
}

// foldAccents removes accents: "Créditeur" becomes "Crediteur". A
// transformer chain keeps state, so each call makes its own; ASCII text,
// the usual case, skips it.
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s) && ascii; i++ {
		ascii = s[i] < 0x80
	}
	if ascii {
		return s
	}
	folded, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	if err != nil {
		return s
	}
	return folded
}

// normalizeHeader folds a header cell to the form the synonym lists use:
// camelCase split into words, lower case, accents removed, parenthesised
// notes and punctuation (snake_case's underscores too) dropped, spaces
// collapsed. "Payment Terms (days)" becomes "payment terms", "InvoiceID"
// and "invoice_id" both "invoice id".
func normalizeHeader(s string) string {
	folded := []rune(foldAccents(s))
	var b strings.Builder
	depth := 0
	space := false
	for i, r := range folded {
		if i > 0 && unicode.IsUpper(r) {
			prev := folded[i-1]
			nextLower := i+1 < len(folded) && unicode.IsLower(folded[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				space = true // a word begins: invoiceDate, InvoiceID, IDNumber
			}
		}
		r = unicode.ToLower(r)
		switch {
		case r == '(' || r == '[':
			depth++
		case r == ')' || r == ']':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}

// columnMap tells which column index feeds which field.
type columnMap map[Field]int

// matchHeader maps the cells of a candidate header row to fields: first
// the columns the user named, then the usual names. Each column feeds at
// most one field.
func matchHeader(kind Kind, cells []string, explicit map[Field]string) columnMap {
	norm := make([]string, len(cells))
	for i, c := range cells {
		norm[i] = normalizeHeader(c)
	}
	used := make([]bool, len(cells))
	m := columnMap{}
	for _, spec := range tableFields[kind] {
		name, ok := explicit[spec.field]
		if !ok {
			continue
		}
		for i, c := range cells {
			if !used[i] && (strings.TrimSpace(c) == strings.TrimSpace(name) || norm[i] == normalizeHeader(name)) {
				m[spec.field] = i
				used[i] = true
				break
			}
		}
	}
	for _, spec := range tableFields[kind] {
		if _, named := explicit[spec.field]; named {
			continue
		}
	names:
		for _, name := range spec.names {
			for i, n := range norm {
				if !used[i] && n == name {
					m[spec.field] = i
					used[i] = true
					break names
				}
			}
		}
	}
	return m
}

// missingExplicit returns the fields the user mapped whose column is not in m.
func missingExplicit(m columnMap, explicit map[Field]string) []Field {
	var missing []Field
	for f := range explicit {
		if _, ok := m[f]; !ok {
			missing = append(missing, f)
		}
	}
	sort.Slice(missing, func(i, j int) bool { return missing[i] < missing[j] })
	return missing
}

// Fields lists the fields of a table, as accepted by --map.
func Fields(kind Kind) []Field {
	var out []Field
	for _, spec := range tableFields[kind] {
		out = append(out, spec.field)
	}
	return out
}

// missingRequired returns the required alternatives that m lacks.
func missingRequired(kind Kind, m columnMap) [][]Field {
	var missing [][]Field
	for _, alts := range requiredFields[kind] {
		found := false
		for _, f := range alts {
			if _, ok := m[f]; ok {
				found = true
			}
		}
		if !found {
			missing = append(missing, alts)
		}
	}
	return missing
}

// acceptedNames lists the header names accepted for a field, for messages.
func acceptedNames(kind Kind, f Field) []string {
	for _, spec := range tableFields[kind] {
		if spec.field == f {
			return spec.names
		}
	}
	return nil
}
