package render

import (
	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/input"
	"github.com/arreport/arreport/report/ledger"
	"github.com/arreport/arreport/report/metrics"
	"github.com/arreport/arreport/report/wording"
)

// Meta describes the run around the metrics: what was read, what had to
// be resolved, and how the as-of date was chosen.
type Meta struct {
	Sources  []input.Source
	Problems []*input.Problem // row problems and warnings, at most a few hundred
	// ProblemCount counts every problem, also those not kept in Problems.
	ProblemCount int
	Quality      ledger.Quality
	// AsOfGiven is true when the user set --as-of; otherwise AsOf says how
	// the default was chosen.
	AsOfGiven bool
	AsOf      metrics.AsOfChoice
	// Today is the day of the run; rows dated after it are counted in
	// Quality.FutureDated.
	Today        civil.Date
	DefaultTerms int
	// LangTag is the reader's language (en, nl); Lang, its words, is
	// loaded by Files from the templates.
	LangTag string
	Lang    *wording.Lang
	Samples bool // the run used the bundled samples
	// Rates are the exchange rates given with --fx, as "USD 1.0865".
	Rates []string
}

// ReadingNotes says, file by file and in a language, how values without
// evidence of their own were read, and which of two columns of one name.
func (m *Meta) ReadingNotes(l *wording.Lang) []string {
	var out []string
	for _, s := range m.Sources {
		for _, n := range s.Notes {
			out = append(out, s.Name()+": "+n.Describe(l))
		}
		for _, r := range s.Repeated {
			out = append(out, s.Name()+": "+r.Describe(l))
		}
	}
	return out
}

// RowsRead counts the data rows of every input table.
func (m *Meta) RowsRead() int {
	n := 0
	for _, s := range m.Sources {
		n += s.DataRows
	}
	return n
}

// SkipReasons sums the skipped rows of every table by reason, adding the
// identical duplicate invoices the ledger dropped.
func (m *Meta) SkipReasons() map[string]int {
	out := map[string]int{}
	for _, s := range m.Sources {
		for k, v := range s.Skipped {
			out[k] += v
		}
	}
	if m.Quality.DuplicatesDropped > 0 {
		out["identical duplicate invoice"] += m.Quality.DuplicatesDropped
	}
	return out
}
