package input

import "strings"

// blockPool keeps the buffers of the text blocks the workers are done
// with, for the blocks still to be cut: at ten million rows the blocks
// were a gigabyte of strings made and dropped, which the collector paid
// for. A pooled block's text is a view of its buffer (unsafe.String), so
// nothing read from a block may outlive the worker's pass over it: the
// cells a row keeps are copied (compact), the evidence's examples cloned
// (keepEvidence). Tests run with poisonBlocks, which overwrites a buffer
// as it comes back, so that any value kept from a block would show. The
// typed invoices are the exception: their cells stay views of the block
// (copying them cost more than the buffers the pool saved), and their
// block is given back only once ReadBatches' receiver has taken the batch
// (it copies what it keeps), or left to the collector with a table read
// whole (readBlock).
type blockPool chan []byte

func newBlockPool(size int) blockPool { return make(blockPool, size) }

// poisonBlocks overwrites returned buffers (tests).
var poisonBlocks = false

// get returns an empty buffer of the pool with room for size bytes, or a
// new one.
func (p blockPool) get(size int) []byte {
	select {
	case buf := <-p:
		if cap(buf) >= size {
			return buf[:0]
		}
	default:
	}
	return make([]byte, 0, size)
}

// put takes back the buffer of a block no longer read.
func (p blockPool) put(buf []byte) {
	if p == nil || buf == nil {
		return
	}
	if poisonBlocks {
		for i := range buf {
			buf[i] = 0xff
		}
	}
	select {
	case p <- buf:
	default:
	}
}

// keepEvidence makes the evidence's examples strings of their own: they
// were read from a block.
func keepEvidence(ev *[numFields]columnEvidence) {
	for f := range ev {
		e := &ev[f]
		e.dmy, e.mdy, e.ambiguous = strings.Clone(e.dmy), strings.Clone(e.mdy), strings.Clone(e.ambiguous)
	}
}
