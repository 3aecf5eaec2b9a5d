// Package fresh makes large slices whose pages are written once as soon
// as they are made.
//
// Memory the runtime takes from the system is mapped on first touch. If
// that touch is a read (the collector scanning a new block of records, a
// write barrier reading the pointer it replaces, a hash table probed
// before it holds anything), the kernel maps its shared zero page, and the
// write after it costs a second fault and a flush of the address
// translation on every core that runs the program. On the two-core
// virtual machines we measure on, that flush is dearer than the write:
// 46k flushes cost a quarter of a CPU-second on a million invoices.
// Writing one byte a page straight after the make maps each page once.
package fresh

import "unsafe"

// pageSize is the smallest page the kernels we run on map: touching one
// byte in each such stretch maps every page of the slice.
const pageSize = 4096

// touchAbove is the size from which a slice is touched: smaller ones come
// from spans the allocator already holds.
const touchAbove = 64 << 10

// Slice returns make([]T, n) with every page of it already mapped for
// writing. Its elements are T's zero value, as make's are.
func Slice[T any](n int) []T {
	s := make([]T, n)
	touch(s)
	return s
}

// Grow returns s with room for n more elements, as slices.Grow does; when
// it must move them, the new room is mapped for writing first.
func Grow[T any](s []T, n int) []T {
	if n <= cap(s)-len(s) {
		return s
	}
	return append(Slice[T](len(s) + n)[:0], s...)
}

// touch writes a zero byte at the start of every page of s. It must only
// be given memory that is all zero (just made): the byte it writes is the
// one that is there, so no value, pointer or not, changes.
func touch[T any](s []T) {
	size := uintptr(len(s)) * unsafe.Sizeof(*new(T))
	if size < touchAbove {
		return
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), size)
	// The first page may start before the slice: begin at the slice.
	for i := uintptr(0); i < size; i += pageSize {
		b[i] = 0
	}
	b[size-1] = 0
}
