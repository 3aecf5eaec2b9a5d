package input

import (
	"errors"
	"io"
	"strings"
	"unsafe"
)

// The text exports are split into records here rather than by
// encoding/csv: the same rules (encoding/csv with LazyQuotes, which
// FuzzCSVScanner holds this code to), but over blocks of whole records
// that can be cut apart quickly and split on every core, and with fields
// that are substrings of the block instead of a new string per record.

// scanStatus says what csvScanner.scan found.
type scanStatus int

const (
	scanFound    scanStatus = iota // a record
	scanNeedMore                   // the data ends inside a line or a record, and more may come
	scanEnd                        // no record is left: the data ends, at most after empty lines
)

// csvScanner reads records with a one-byte separator the way
// encoding/csv does with LazyQuotes: a quote opens a quoted field only at
// the start of a field, "" inside one is a quote, a quote followed by
// anything but the separator or the line end is kept as text, a quoted
// field runs on over line ends, \r\n reads as \n, and empty lines are
// skipped.
type csvScanner struct {
	comma  byte
	fields []string // the last record's fields
	buf    []byte   // a field that is not one stretch of the input
}

// nextLine returns the line that starts at pos without its line end (and
// without a \r before it, or before the end of the input), the offset
// after it and whether it ended with a newline; ok is false when the line
// is not complete and more input may come.
func nextLine(data string, pos int, atEOF bool) (content string, next int, nl, ok bool) {
	i := strings.IndexByte(data[pos:], '\n')
	if i < 0 {
		if !atEOF {
			return "", pos, false, false
		}
		return strings.TrimSuffix(data[pos:], "\r"), len(data), false, true
	}
	return strings.TrimSuffix(data[pos:pos+i], "\r"), pos + i + 1, true, true
}

// scan reads the record that starts at pos, which is the start of a line.
// It returns the offset after the record, how many empty lines were
// skipped before it and how many lines it took in all (skipped ones
// included). With keep, the record's fields are in s.fields; without, the
// record is only measured. atEOF says that data holds the rest of the
// input.
func (s *csvScanner) scan(data string, pos int, atEOF, keep bool) (next, skipped, lines int, status scanStatus) {
	var line string
	var nl bool
	for {
		if pos >= len(data) {
			if atEOF {
				return pos, 0, lines, scanEnd
			}
			return pos, 0, 0, scanNeedMore
		}
		content, after, hasNL, ok := nextLine(data, pos, atEOF)
		if !ok {
			return pos, 0, 0, scanNeedMore
		}
		lines++
		pos = after
		if content != "" {
			line, nl = content, hasNL
			break
		}
	}
	skipped = lines - 1
	s.fields = s.fields[:0]
	if strings.IndexByte(line, '"') < 0 {
		if keep {
			s.fields = splitFields(s.fields, line, s.comma)
		}
		return pos, skipped, lines, scanFound
	}
	add := func(f string) {
		if keep {
			s.fields = append(s.fields, f)
		}
	}
	for {
		if len(line) == 0 || line[0] != '"' {
			i := strings.IndexByte(line, s.comma)
			if i < 0 {
				add(line)
				return pos, skipped, lines, scanFound
			}
			add(line[:i])
			line = line[i+1:]
			continue
		}
		// A quoted field: while nothing had to be changed in it, it is a
		// stretch of the line; else it is built in s.buf.
		line = line[1:]
		built := false
		s.buf = s.buf[:0]
		field := func(stretch string) string {
			if !built {
				return stretch
			}
			return string(s.buf)
		}
	quoted:
		for {
			i := strings.IndexByte(line, '"')
			if i < 0 {
				if line == "" && !nl {
					// The input ends inside the quoted field: it ends there.
					add(field(""))
					return pos, skipped, lines, scanFound
				}
				if keep {
					if !built {
						s.buf = s.buf[:0]
						built = true
					}
					s.buf = append(s.buf, line...)
					if nl {
						s.buf = append(s.buf, '\n')
					}
				}
				built = true
				if pos >= len(data) {
					if !atEOF {
						return pos, 0, 0, scanNeedMore
					}
					add(field(""))
					return pos, skipped, lines, scanFound
				}
				content, after, hasNL, ok := nextLine(data, pos, atEOF)
				if !ok {
					return pos, 0, 0, scanNeedMore
				}
				lines++
				pos, line, nl = after, content, hasNL
				continue
			}
			stretch := line[:i]
			rest := line[i+1:]
			switch {
			case rest != "" && rest[0] == '"', rest != "" && rest[0] != s.comma:
				// "" is a quote; a lone quote inside the field is kept.
				if keep {
					if !built {
						s.buf = s.buf[:0]
					}
					s.buf = append(s.buf, stretch...)
					s.buf = append(s.buf, '"')
				}
				built = true
				if rest[0] == '"' {
					rest = rest[1:]
				}
				line = rest
			case rest == "":
				if built && keep {
					s.buf = append(s.buf, stretch...)
				}
				add(field(stretch))
				return pos, skipped, lines, scanFound
			default: // the separator
				if built && keep {
					s.buf = append(s.buf, stretch...)
				}
				add(field(stretch))
				line = rest[1:]
				break quoted
			}
		}
	}
}

// textBlock is a stretch of a text export that holds whole records.
type textBlock struct {
	data string
	line int       // the file line of its first line
	last bool      // it runs to the end of the input
	buf  []byte    // the pooled buffer data views, when it does
	pool blockPool // where buf goes back
}

// release gives the block's buffer back: nothing read from it is used
// after.
func (b textBlock) release() { b.pool.put(b.buf) }

// blockSize is the size a textBlock is cut at, past its last whole record.
// The blocks go round a pool, and at 256 KB the dozen of them in flight
// stay in the caches between being read into and being typed: with 1 MB
// blocks the reads into them cost three times what reading into a warm
// buffer does (ten million rows: 8.46-8.67 -> 7.96-8.19 s; 128 KB blocks
// cost more in handing them on than they saved).
var blockSize = 1 << 18

// blockReader cuts a text stream into blocks of whole records.
type blockReader struct {
	r    io.Reader
	scan csvScanner
	buf  []byte
	eof  bool
	line int       // the file line the next block begins on
	pool blockPool // when set, blocks are views of its buffers
}

func newBlockReader(r io.Reader, comma byte, line int) *blockReader {
	return &blockReader{r: r, scan: csvScanner{comma: comma}, line: line}
}

// next returns the next block, or io.EOF after the last. With a pool,
// the text is read straight into a buffer of the pool, which the block
// then owns: only the unfinished record after its end is copied, into
// the buffer the next block is read into.
func (b *blockReader) next() (textBlock, error) {
	want := blockSize
	for {
		for !b.eof && len(b.buf) < want {
			if cap(b.buf) < want {
				b.buf = append(b.pool.get(want+want/4), b.buf...)
			}
			n, err := b.r.Read(b.buf[len(b.buf):cap(b.buf)])
			b.buf = b.buf[:len(b.buf)+n]
			if errors.Is(err, io.EOF) {
				b.eof = true
			} else if err != nil {
				return textBlock{}, err
			}
		}
		if len(b.buf) == 0 && b.eof {
			return textBlock{}, io.EOF
		}
		var data string
		if b.pool != nil {
			data = unsafe.String(unsafe.SliceData(b.buf), len(b.buf))
		} else {
			data = string(b.buf)
		}
		if b.eof {
			blk := textBlock{data: data, line: b.line, last: true}
			b.buf = b.handOn(&blk, len(b.buf))
			return blk, nil
		}
		end, lines := 0, 0
		if strings.IndexByte(data, '"') < 0 {
			// Without a quote every line is a record (or an empty line):
			// the block ends at the last line end.
			end = strings.LastIndexByte(data, '\n') + 1
			lines = strings.Count(data[:end], "\n")
		} else {
			for {
				next, _, n, status := b.scan.scan(data, end, false, false)
				if status != scanFound {
					break
				}
				end, lines = next, lines+n
			}
		}
		if end == 0 {
			want *= 2 // a record longer than the block: read on
			continue
		}
		blk := textBlock{data: data[:end], line: b.line}
		b.line += lines
		b.buf = b.handOn(&blk, end)
		return blk, nil
	}
}

// handOn gives the buffer to blk when the blocks are the pool's, and
// returns the buffer to read on into, holding what followed the block's
// end.
func (b *blockReader) handOn(blk *textBlock, end int) []byte {
	rest := b.buf[end:]
	if b.pool == nil {
		return b.buf[:copy(b.buf, rest)]
	}
	blk.buf, blk.pool = b.buf, b.pool
	if b.eof && len(rest) == 0 {
		return nil // nothing more to read into
	}
	return append(b.pool.get(blockSize+blockSize/4), rest...)
}

// fieldLines returns the file line each field of a record starts on: a
// field that spans lines moves the ones after it down.
func fieldLines(first int, fields []string) []int {
	lines := make([]int, len(fields))
	line := first
	for i, f := range fields {
		lines[i] = line
		line += strings.Count(f, "\n")
	}
	return lines
}
