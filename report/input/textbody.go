package input

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/arreport/arreport/report/fresh"
)

// bodyPass says what a pass over the rows below a text file's header does
// with them.
type bodyPass struct {
	count   bool      // count the data rows, and the rows skipped as empty or totals
	observe bool      // gather what the values say about their formats
	types   *parser   // type the rows with this parser and hand them on
	spare   batchPool // where typed invoices go: batches the receiver is done with
}

// blockResult is what one block of rows gave.
type blockResult struct {
	dataRows int
	skipped  map[string]int
	ev       [numFields]columnEvidence
	part     *Table // the typed rows, when the pass types
	kept     int    // the rows typed into part
	err      error  // the record that could not be read ends the block
	errRow   int
}

// readTextBody reads the blocks next hands on, each on a worker of its
// own (as many as there are cores), and adds what they gave to the table
// in file order: counts, evidence, and the typed rows, which go to emit.
// It is the plain row-by-row reading of readBody and streamText done on
// every core; TestTextBodyInParallel holds the two to the same result.
func (t *rawTable) readTextBody(next func() (textBlock, error), quotes quoteCheck, pass bodyPass, emit func(part *Table, rows int) error) error {
	workers := runtime.GOMAXPROCS(0)
	type job struct {
		blk  textBlock
		done chan *blockResult
	}
	jobs := make(chan job)
	order := make(chan chan *blockResult, 2*workers)
	stop := make(chan struct{})
	var readErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // cuts the blocks, in order
		defer wg.Done()
		defer close(order)
		defer close(jobs)
		for {
			blk, err := next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				readErr = err
				return
			}
			j := job{blk, make(chan *blockResult, 1)}
			select {
			case order <- j.done:
			case <-stop:
				return
			}
			select {
			case jobs <- j:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := blockWorker{scan: csvScanner{comma: byte(t.delim)}}
			for j := range jobs {
				j.done <- t.readBlock(j.blk, &w, quotes, pass)
			}
		}()
	}
	err := func() error {
		for done := range order {
			res := <-done
			before := t.src.DataRows
			if pass.count {
				t.src.DataRows += res.dataRows
				for reason, n := range res.skipped {
					t.src.Skipped = addCount(t.src.Skipped, reason, n)
				}
				if t.progress != nil && t.src.DataRows/progressEvery > before/progressEvery {
					t.progress(t.src.DataRows)
				}
			}
			if pass.observe {
				for f := range t.ev {
					t.ev[f].add(&res.ev[f])
				}
			}
			if res.part != nil {
				if err := emit(res.part, res.kept); err != nil {
					return err
				}
			}
			if res.err != nil {
				return fmt.Errorf("row %d: %w", res.errRow, res.err)
			}
		}
		return nil
	}()
	close(stop)
	for range order { // let the cutter and the workers end
	}
	wg.Wait()
	if err == nil && readErr != nil {
		err = readErr
	}
	return err
}

// blockWorker is what a worker of readTextBody reuses from block to
// block: a block's raw rows are typed before the next is read.
type blockWorker struct {
	scan  csvScanner
	rows  []rawRow
	cells []string // the cells of rows
}

// readBlock reads the records of one block as pass says.
func (t *rawTable) readBlock(blk textBlock, w *blockWorker, quotes quoteCheck, pass bodyPass) *blockResult {
	res := &blockResult{}
	sc := &w.scan
	rows, store := w.rows[:0], w.cells[:0]
	width := len(t.src.Columns)
	line := blk.line
	for pos := 0; ; {
		next, skipped, lines, status := sc.scan(blk.data, pos, true, true)
		if status != scanFound {
			break
		}
		num := line + skipped
		pos, line = next, line+lines
		cells := sc.fields
		if err := quotes.check(cells, num, lines-skipped); err != nil {
			res.err, res.errRow = err, num
			break
		}
		res.dataRows++
		if pass.types == nil {
			// Counting and observing only: no row is kept.
			if reason := t.skipReason(cells); reason != "" {
				res.skip(reason)
			} else if pass.observe {
				t.observeCells(&res.ev, cells)
			}
			continue
		}
		if cap(store)-len(store) < width {
			store = fresh.Slice[string](max(2*cap(store), 1024*width))[:0]
		}
		row, reason := t.rowInto(cells, num, store[len(store):len(store)+width:len(store)+width])
		if reason != "" {
			if pass.count {
				res.skip(reason)
			}
			continue
		}
		store = store[:len(store)+width]
		if pass.observe {
			t.observe(&res.ev, row)
		}
		rows = append(rows, row)
	}
	// Invoices stream into the ledger, which copies what it keeps: their
	// cells may stay views of the block (one copy of the text less), whose
	// buffer goes back to the pool once the batch is taken (ReadBatches),
	// or to the collector with a table read whole. Other tables are kept
	// whole: their kept cells are copied out, so that the block's buffer
	// can be reused.
	handOver := pass.types != nil && t.src.Kind == Invoices && blk.buf != nil
	if pass.types != nil {
		if !handOver {
			kept := fresh.Slice[[]string](len(rows))
			for i := range rows {
				kept[i] = rows[i].cells
			}
			compact(kept...)
		}
		p := *pass.types
		var out []InvoiceRow
		if t.src.Kind == Invoices {
			out = pass.spare.get(len(rows))
		}
		res.part, res.kept = p.rows(t.src.Kind, rows, out), len(rows)
		if handOver {
			res.part.text = blk // given back by ReadBatches once the rows are taken
		}
	}
	clear(store[:min(cap(store), len(store)+width)]) // cells of the block (a skipped row's past the end): let it go
	w.rows, w.cells = rows[:0], store[:0]
	clear(sc.fields)
	keepEvidence(&res.ev)
	if !handOver {
		blk.release()
	}
	return res
}

func (r *blockResult) skip(reason string) { r.skipped = addCount(r.skipped, reason, 1) }

// add adds the evidence of the rows that follow: the first values of each
// kind stay, the counts add up.
func (e *columnEvidence) add(later *columnEvidence) {
	for _, v := range []struct{ dst, src *string }{{&e.dmy, &later.dmy}, {&e.mdy, &later.mdy}, {&e.ambiguous, &later.ambiguous}} {
		if *v.dst == "" {
			*v.dst = *v.src
		}
	}
	e.dots += later.dots
	e.commas += later.commas
}
