package input

import (
	"bytes"
	"errors"
	"io"
	"sync"

	"github.com/arreport/arreport/report/fresh"
)

// The sheet XML of a large workbook is parsed on every core: a producer
// decompresses it and cuts it after a </row>, so that each chunk holds
// whole rows; workers tokenize the chunks; next joins the rows in order
// and numbers them as excelize does. A differential test holds the result
// to excelize's rows. A "</row>" inside a comment or CDATA section would
// cut a chunk wrongly and fail the read as damaged; Excel writes neither
// inside sheet data.

// chunkSize is how much of the sheet a chunk holds (tests make it
// small). At 256 KB the chunks in flight stay in the caches and hold less
// memory: the 1M workbook 442-462 -> 365-395 MB at 4 MB -> 256 KB, in the
// same time (1.90-1.98 s either way).
var chunkSize = 1 << 18

// chunksInFlight bounds the chunks read ahead of the rows returned.
const chunksInFlight = 4

var rowEnd = []byte("</row>")

// parsedRow is one row as a chunk holds it: its r attribute (0 when the
// XML gives none) and its cells.
type parsedRow struct {
	r     int
	cells []string
}

type chunkResult struct {
	rows   []parsedRow
	end    bool // the chunk reached </sheetData>
	err    error
	errRow parsedRow // the row that failed, with its r attribute
}

type chunkJob struct {
	data   []byte
	result chan chunkResult
}

// chunkedRows is a rowSource over a sheet parsed in chunks.
type chunkedRows struct {
	futures chan chan chunkResult
	stop    chan struct{}
	once    sync.Once
	cur     []parsedRow
	failed  *chunkResult // a chunk that failed, once its rows before the failure are taken
	rowNumbering
}

func newChunkedRows(rc io.ReadCloser, shared []string, workers int) *chunkedRows {
	c := &chunkedRows{futures: make(chan chan chunkResult, chunksInFlight), stop: make(chan struct{})}
	jobs := make(chan chunkJob, chunksInFlight)
	for range workers {
		go func() {
			for job := range jobs {
				job.result <- parseChunk(job.data, shared)
			}
		}()
	}
	go c.produce(rc, jobs)
	return c
}

// produce decompresses the sheet and hands out chunks that end after a
// </row>, in order.
func (c *chunkedRows) produce(rc io.ReadCloser, jobs chan<- chunkJob) {
	defer rc.Close()
	defer close(jobs)
	defer close(c.futures)
	var carry []byte
	for {
		buf := make([]byte, len(carry), len(carry)+chunkSize)
		copy(buf, carry)
		n, err := io.ReadFull(rc, buf[len(carry):cap(buf)])
		buf = buf[:len(carry)+n]
		last := err != nil
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			c.send(jobs, nil, chunkResult{err: damaged(err)})
			return
		}
		cut := len(buf)
		if !last {
			i := bytes.LastIndex(buf, rowEnd)
			if i < 0 {
				carry = buf // no whole row yet: read on
				continue
			}
			cut = i + len(rowEnd)
		}
		carry = buf[cut:]
		if !c.send(jobs, buf[:cut], chunkResult{}) || last {
			return
		}
	}
}

// send queues a chunk (or a ready result when data is nil); it reports
// false once the reader has stopped.
func (c *chunkedRows) send(jobs chan<- chunkJob, data []byte, ready chunkResult) bool {
	result := make(chan chunkResult, 1)
	if data == nil {
		result <- ready
	}
	select {
	case c.futures <- result:
	case <-c.stop:
		return false
	}
	if data == nil {
		return true
	}
	select {
	case jobs <- chunkJob{data, result}:
		return true
	case <-c.stop:
		return false
	}
}

// parseChunk tokenizes the rows of one chunk.
func parseChunk(data []byte, shared []string) chunkResult {
	fr := &fastRows{sc: newBytesScanner(data), shared: shared}
	var res chunkResult
	var store []string
	for {
		row, ok, err := fr.readRow()
		if err != nil {
			res.err, res.errRow = err, row
			return res
		}
		if !ok {
			// readRow stops at </sheetData> or at the chunk's end.
			res.end = fr.sc.kind == tokEnd && string(fr.sc.name) == "sheetData"
			return res
		}
		// fastRows reuses its slice: the cells move to the chunk's store,
		// one allocation for many rows.
		switch {
		case len(row.cells) == 0:
			row.cells = nil // as a row of its own would be
		case cap(store)-len(store) < len(row.cells):
			store = fresh.Slice[string](max(4096, 2*len(row.cells)))[:0]
			fallthrough
		default:
			n := len(store)
			store = append(store, row.cells...)
			row.cells = store[n:len(store):len(store)]
		}
		if len(res.rows) == cap(res.rows) {
			res.rows = fresh.Grow(res.rows, max(256, len(res.rows)))
		}
		res.rows = append(res.rows, row)
	}
}

func (c *chunkedRows) close() error {
	c.once.Do(func() { close(c.stop) })
	return nil
}

// next returns rows with excelize's numbering.
func (c *chunkedRows) next() ([]string, int, error) { return c.rowNumbering.next(c.take) }

// take returns the next parsed row, waiting for its chunk.
func (c *chunkedRows) take() (parsedRow, bool, error) {
	for len(c.cur) == 0 {
		if c.failed != nil {
			return c.failed.errRow, false, c.failed.err
		}
		future, ok := <-c.futures
		if !ok {
			return parsedRow{}, false, nil
		}
		res := <-future
		if res.err != nil {
			c.failed = &res // the rows before the failure come first
		}
		c.cur = res.rows
		if res.end {
			// Rows after </sheetData> do not count: read no further chunk.
			c.close()
			c.futures = closedFutures
		}
	}
	row := c.cur[0]
	c.cur = c.cur[1:]
	return row, true, nil
}

// closedFutures is an empty, closed queue of chunks.
var closedFutures = func() chan chan chunkResult {
	ch := make(chan chan chunkResult)
	close(ch)
	return ch
}()
