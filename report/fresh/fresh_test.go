package fresh

import (
	"reflect"
	"slices"
	"testing"
	"unsafe"
)

type record struct {
	No     string
	Amount int64
	Next   *record
	Parts  []int
}

// TestSliceIsMake: a fresh slice is what make gives, for every size around
// the touching threshold and pages, with and without pointers.
func TestSliceIsMake(t *testing.T) {
	for _, n := range []int{0, 1, 100, touchAbove/8 - 1, touchAbove / 8, touchAbove/8 + 1, 1 << 20, 1<<20 + 3} {
		if got, want := Slice[int64](n), make([]int64, n); !reflect.DeepEqual(got, want) {
			t.Errorf("int64 n=%d: not make's slice", n)
		}
		if got, want := Slice[record](n/4), make([]record, n/4); !reflect.DeepEqual(got, want) {
			t.Errorf("record n=%d: not make's slice", n/4)
		}
		if got, want := Slice[*record](n), make([]*record, n); !reflect.DeepEqual(got, want) {
			t.Errorf("*record n=%d: not make's slice", n)
		}
		if got := Slice[byte](n); len(got) != n || cap(got) != n {
			t.Errorf("byte n=%d: len %d cap %d", n, len(got), cap(got))
		}
	}
}

// TestGrowIsSlicesGrow: Grow keeps the elements and makes the room
// slices.Grow makes, at least.
func TestGrowIsSlicesGrow(t *testing.T) {
	for _, c := range []struct{ have, room, n int }{{0, 0, 0}, {0, 0, 10}, {3, 5, 2}, {3, 5, 3}, {1000, 1000, 100000}} {
		s := make([]*record, c.have, c.have+c.room)
		for i := range s {
			s[i] = &record{Amount: int64(i)}
		}
		got, want := Grow(s, c.n), slices.Grow(slices.Clone(s), c.n)
		if !reflect.DeepEqual(got, want) || cap(got)-len(got) < c.n {
			t.Errorf("%+v: len %d cap %d, want the elements and room for %d", c, len(got), cap(got), c.n)
		}
		if c.n <= c.room && unsafe.SliceData(got) != unsafe.SliceData(s) {
			t.Errorf("%+v: moved though there was room", c)
		}
	}
}

// BenchmarkReadThenWrite: the pattern the package exists for, a fresh
// block read (as a collector scans it) before it is written, made plainly
// and by Slice.
func BenchmarkReadThenWrite(b *testing.B) {
	const n = 8 << 20 // 64 MB of int64
	run := func(b *testing.B, mk func(int) []int64) {
		for b.Loop() {
			s := mk(n)
			var sum int64
			for i := 0; i < n; i += 512 {
				sum += s[i]
			}
			for i := range s {
				s[i] = sum + int64(i)
			}
		}
	}
	b.Run("make", func(b *testing.B) { run(b, func(n int) []int64 { return make([]int64, n) }) })
	b.Run("fresh", func(b *testing.B) { run(b, Slice[int64]) })
}
