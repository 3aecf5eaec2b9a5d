// Command duckpeer computes arreport's core figures with DuckDB, the peer
// a data analyst would reach for, on the CSV exports of cmd/gensamples:
// AR and aging at the trend's month ends, window sales and DSO, and per
// client the open balance, days to pay, days late and the on-time share
// (metrics.md). With -check it compares them with arreport's
// metrics.json of the same input, to the cent.
//
// It lives in its own module (bench/go.mod) because DuckDB comes through
// cgo; arreport itself stays pure Go.
//
//	go build -C bench -o /tmp/duckpeer ./duckpeer
//	/tmp/duckpeer -invoices invoices.csv -clients clients.csv -check metrics.json
package main

import (
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	invoices := flag.String("invoices", "", "invoices CSV (gensamples layout)")
	clients := flag.String("clients", "", "clients CSV (gensamples layout)")
	asOf := flag.String("as-of", "", "review date YYYY-MM-DD (default: the last month end covered, as arreport chooses)")
	months := flag.Int("months", 12, "month ends in the trend")
	threads := flag.Int("threads", 0, "DuckDB threads (0: its default, every core)")
	check := flag.String("check", "", "arreport's metrics.json of the same input: compare every figure")
	flag.Parse()
	if err := run(*invoices, *clients, *asOf, *months, *threads, *check); err != nil {
		fmt.Fprintln(os.Stderr, "duckpeer:", err)
		os.Exit(1)
	}
}

// figures are the core figures, as metrics.json writes them.
type figures struct {
	months  map[string]monthFigures // by month end
	clients map[string]clientFigures
}

type monthFigures struct {
	AR, WindowSales string
	Aging           [5]string
	DSO             *float64
}

type clientFigures struct {
	Open             string
	Settled          int
	ADP, ADL, OnTime *float64
}

func run(invoices, clients, asOf string, months, threads int, check string) error {
	start := time.Now()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	if threads > 0 {
		if _, err := db.Exec(fmt.Sprintf("SET threads = %d", threads)); err != nil {
			return err
		}
	}
	for _, q := range loadSQL(invoices, clients) {
		if _, err := db.Exec(q); err != nil {
			return fmt.Errorf("%v\n%s", err, q)
		}
	}
	if asOf == "" {
		// The latest invoice or payment date, or the month end before it.
		if err := db.QueryRow(`SELECT strftime(CASE WHEN last_day(d) = d THEN d ELSE (date_trunc('month', d) - INTERVAL 1 DAY)::DATE END, '%Y-%m-%d')
			FROM (SELECT greatest(max(issue), max(paid)) AS d FROM inv)`).Scan(&asOf); err != nil {
			return err
		}
	}
	f, err := compute(db, asOf, months)
	if err != nil {
		return err
	}
	fmt.Printf("duckdb: as of %s, %d month ends, %d clients, %.2f s\n", asOf, len(f.months), len(f.clients), time.Since(start).Seconds())
	if check == "" {
		return nil
	}
	return compare(f, check)
}

// loadSQL reads the exports into the tables inv (one row per invoice,
// with its due date derived and its one payment) and the client terms.
func loadSQL(invoices, clients string) []string {
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	return []string{
		`CREATE TABLE cl AS SELECT "Client ID" AS id, CAST("Payment Terms (days)" AS INTEGER) AS terms
			FROM read_csv(` + quote(clients) + `, header = true, types = {'Client ID': 'VARCHAR'})`,
		// Due date: given, else a credit note's own date, else the
		// client's terms (30 days when the clients table has none). A paid
		// date without a paid amount is paid in full; a paid amount of 0
		// is no payment.
		`CREATE TABLE inv AS SELECT "Client ID" AS client, "Invoice Date" AS issue,
			CASE WHEN "Due Date" IS NOT NULL THEN "Due Date"
			     WHEN "Amount" < 0 THEN "Invoice Date"
			     ELSE "Invoice Date" + coalesce(cl.terms, 30) END AS due,
			"Amount" AS amount,
			"Paid Date" AS paid,
			CASE WHEN "Paid Date" IS NULL THEN 0 ELSE coalesce("Paid Amount", "Amount") END AS paid_amount
		FROM read_csv(` + quote(invoices) + `, header = true, types = {'Invoice No': 'VARCHAR', 'Client ID': 'VARCHAR',
			'Invoice Date': 'DATE', 'Due Date': 'DATE', 'Amount': 'DECIMAL(18,2)', 'Paid Date': 'DATE', 'Paid Amount': 'DECIMAL(18,2)'}) i
		LEFT JOIN cl ON cl.id = i."Client ID"`,
	}
}

func compute(db *sql.DB, asOf string, months int) (*figures, error) {
	f := &figures{months: map[string]monthFigures{}, clients: map[string]clientFigures{}}
	// Month ends, the earliest issue month (short histories), and per month
	// end AR, the aging buckets and the 3-month window's sales.
	rows, err := db.Query(`
		WITH ends AS (
			SELECT last_day(CAST(? AS DATE) - to_months(n)) AS t FROM range(0, ?) r(n)
		), first AS (SELECT date_trunc('month', min(issue)) AS m FROM inv),
		bal AS (
			SELECT e.t, i.due, i.amount - CASE WHEN i.paid IS NOT NULL AND i.paid <= e.t THEN i.paid_amount ELSE 0 END AS open
			FROM ends e JOIN inv i ON i.issue <= e.t
		),
		aged AS (
			SELECT t, sum(open) AS ar,
				sum(open) FILTER (WHERE t - due <= 0) AS b0,
				sum(open) FILTER (WHERE t - due BETWEEN 1 AND 30) AS b1,
				sum(open) FILTER (WHERE t - due BETWEEN 31 AND 60) AS b2,
				sum(open) FILTER (WHERE t - due BETWEEN 61 AND 90) AS b3,
				sum(open) FILTER (WHERE t - due > 90) AS b4
			FROM bal GROUP BY t
		),
		win AS (
			SELECT e.t, coalesce(sum(i.amount), 0) AS s, e.t - (date_trunc('month', e.t) - INTERVAL 2 MONTH)::DATE + 1 AS days,
				(SELECT m FROM first) > (date_trunc('month', e.t) - INTERVAL 2 MONTH) AS short
			FROM ends e LEFT JOIN inv i ON i.issue > (date_trunc('month', e.t) - INTERVAL 2 MONTH)::DATE - 1 AND i.issue <= e.t
			GROUP BY e.t
		)
		SELECT strftime(a.t, '%Y-%m-%d'), a.ar::VARCHAR, coalesce(a.b0, 0)::VARCHAR, coalesce(a.b1, 0)::VARCHAR, coalesce(a.b2, 0)::VARCHAR,
			coalesce(a.b3, 0)::VARCHAR, coalesce(a.b4, 0)::VARCHAR, w.s::VARCHAR,
			CASE WHEN w.s > 0 AND NOT w.short THEN CAST(a.ar AS DOUBLE) / CAST(w.s AS DOUBLE) * w.days END
		FROM aged a JOIN win w USING (t) ORDER BY a.t`, asOf, months)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var end string
		var m monthFigures
		var dso sql.NullFloat64
		if err := rows.Scan(&end, &m.AR, &m.Aging[0], &m.Aging[1], &m.Aging[2], &m.Aging[3], &m.Aging[4], &m.WindowSales, &dso); err != nil {
			return nil, err
		}
		if dso.Valid {
			v := round1(dso.Float64)
			m.DSO = &v
		}
		f.months[end] = m
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Per client at as-of: the open balance, and the paying behaviour of
	// its positive invoices settled in the 12-month lookback.
	crows, err := db.Query(`
		WITH a AS (SELECT CAST(? AS DATE) AS t),
		lb AS (SELECT (date_trunc('month', t) - INTERVAL 11 MONTH)::DATE AS from_day, t FROM a),
		open AS (
			SELECT client, sum(amount - CASE WHEN paid IS NOT NULL AND paid <= (SELECT t FROM a) THEN paid_amount ELSE 0 END) AS open
			FROM inv WHERE issue <= (SELECT t FROM a) GROUP BY client
		),
		settled AS (
			SELECT client, amount, paid - issue AS dtp, greatest(0, paid - due) AS late, paid <= due AS on_time
			FROM inv, lb WHERE amount > 0 AND paid IS NOT NULL AND paid_amount >= amount AND paid >= lb.from_day AND paid <= lb.t AND issue <= lb.t
		),
		pay AS (
			SELECT client, count(*) AS n, sum(CAST(amount AS DOUBLE) * dtp) / sum(CAST(amount AS DOUBLE)) AS adp,
				sum(CAST(amount AS DOUBLE) * late) / sum(CAST(amount AS DOUBLE)) AS adl, avg(CAST(on_time AS INTEGER)) AS on_time
			FROM settled GROUP BY client
		)
		SELECT o.client, o.open::VARCHAR, coalesce(p.n, 0), p.adp, p.adl, p.on_time FROM open o LEFT JOIN pay p USING (client)`, asOf)
	if err != nil {
		return nil, err
	}
	defer crows.Close()
	for crows.Next() {
		var id string
		var c clientFigures
		var adp, adl, onTime sql.NullFloat64
		if err := crows.Scan(&id, &c.Open, &c.Settled, &adp, &adl, &onTime); err != nil {
			return nil, err
		}
		if adp.Valid {
			a, l, o := round1(adp.Float64), round1(adl.Float64), math.Round(onTime.Float64*10000)/10000
			c.ADP, c.ADL, c.OnTime = &a, &l, &o
		}
		f.clients[id] = c
	}
	return f, crows.Err()
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// compare holds DuckDB's figures against metrics.json: money to the cent,
// day figures to their rounding (0.1), shares to 0.0001.
func compare(f *figures, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var m struct {
		Portfolio struct {
			Months []struct {
				End         string            `json:"month_end"`
				AR          string            `json:"ar"`
				WindowSales string            `json:"window_sales"`
				DSO         *float64          `json:"dso"`
				Aging       map[string]string `json:"aging"`
			} `json:"months"`
		} `json:"portfolio"`
		Clients []struct {
			ID      string   `json:"id"`
			Open    string   `json:"open"`
			Settled int      `json:"settled_count"`
			ADP     *float64 `json:"adp"`
			ADL     *float64 `json:"adl"`
			OnTime  *float64 `json:"on_time_rate"`
		} `json:"clients"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	var diffs []string
	differ := func(format string, args ...any) {
		if len(diffs) < 20 {
			diffs = append(diffs, fmt.Sprintf(format, args...))
		}
	}
	cents := func(s string) int64 { // "1234.5" or "1234.50"
		neg := strings.HasPrefix(s, "-")
		whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
		frac = (frac + "00")[:2]
		w, _ := strconv.ParseInt(whole, 10, 64)
		c, _ := strconv.ParseInt(frac, 10, 64)
		if neg {
			return -(w*100 + c)
		}
		return w*100 + c
	}
	near := func(a, b *float64, tol float64) bool {
		if a == nil || b == nil {
			return a == nil && b == nil
		}
		return math.Abs(*a-*b) <= tol
	}
	buckets := []string{"current", "1-30", "31-60", "61-90", "91+"}
	for _, pm := range m.Portfolio.Months {
		d, ok := f.months[pm.End]
		if !ok {
			differ("month end %s: not computed by DuckDB", pm.End)
			continue
		}
		if cents(pm.AR) != cents(d.AR) || cents(pm.WindowSales) != cents(d.WindowSales) {
			differ("%s: AR %s vs %s, window sales %s vs %s", pm.End, pm.AR, d.AR, pm.WindowSales, d.WindowSales)
		}
		for i, b := range buckets {
			if cents(pm.Aging[b]) != cents(d.Aging[i]) {
				differ("%s: aging %s %s vs %s", pm.End, b, pm.Aging[b], d.Aging[i])
			}
		}
		if !near(pm.DSO, d.DSO, 0.051) {
			differ("%s: DSO %v vs %v", pm.End, deref(pm.DSO), deref(d.DSO))
		}
	}
	for _, c := range m.Clients {
		d := f.clients[c.ID]
		if cents(c.Open) != cents(d.Open) || c.Settled != d.Settled || !near(c.ADP, d.ADP, 0.051) || !near(c.ADL, d.ADL, 0.051) || !near(c.OnTime, d.OnTime, 0.00011) {
			differ("client %s: open %s vs %s, settled %d vs %d, adp %v vs %v, adl %v vs %v, on time %v vs %v",
				c.ID, c.Open, d.Open, c.Settled, d.Settled, deref(c.ADP), deref(d.ADP), deref(c.ADL), deref(d.ADL), deref(c.OnTime), deref(d.OnTime))
		}
	}
	if len(diffs) > 0 {
		return fmt.Errorf("DuckDB and metrics.json differ:\n  %s", strings.Join(diffs, "\n  "))
	}
	fmt.Printf("duckdb: every figure equals metrics.json (%d month ends, %d clients)\n", len(m.Portfolio.Months), len(m.Clients))
	return nil
}

func deref(v *float64) any {
	if v == nil {
		return "null"
	}
	return *v
}
