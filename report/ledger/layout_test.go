package ledger

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/arreport/arreport/report/civil"
	"github.com/arreport/arreport/report/money"
)

// testBlocks returns n records in blocks as the builder holds them, each
// record told apart by its amount and number, and a place for each:
// clients of random sizes, their invoices scattered through the blocks,
// in the order they were read within a client.
func testBlocks(n, clients int, seed uint64) ([][]Invoice, []int32) {
	rnd := rand.New(rand.NewPCG(seed, 7))
	var blocks [][]Invoice
	clientOf := make([]int32, n)
	for i := range n {
		if i%blockSize == 0 {
			blocks = append(blocks, make([]Invoice, blockSize))
		}
		blocks[i/blockSize][i%blockSize] = Invoice{Amount: money.Cents(i + 1), no: uint32(i), Issue: civil.Date(rnd.IntN(700))}
		clientOf[i] = int32(rnd.IntN(clients))
	}
	start := make([]int32, clients+1)
	for _, ci := range clientOf {
		start[ci+1]++
	}
	for i := range clients {
		start[i+1] += start[i]
	}
	place := make([]int32, n)
	for i, ci := range clientOf {
		place[i] = start[ci]
		start[ci]++
	}
	return blocks, place
}

// TestLayOut holds layOut to the plain way: each record copied to its
// place.
func TestLayOut(t *testing.T) {
	for _, tc := range []struct{ n, clients int }{
		{0, 1}, {1, 1}, {5, 3}, {pieceSize + 1, 10}, {blockSize, 1}, {blockSize + 1, 7},
		{3*blockSize + 777, 5000}, {2*blockSize - 1, 2},
	} {
		t.Run(fmt.Sprint(tc.n, "x", tc.clients), func(t *testing.T) {
			blocks, place := testBlocks(tc.n, tc.clients, uint64(tc.n))
			want := make([]Invoice, tc.n)
			for i := range tc.n {
				want[place[i]] = blocks[i/blockSize][i%blockSize] // a copy: layOut reuses the blocks
			}
			got := layOut(slices.Clone(blocks), tc.n, place)
			if len(got) != (tc.n+pieceSize-1)/pieceSize {
				t.Fatalf("%d pieces for %d records", len(got), tc.n)
			}
			seen := map[*Invoice]bool{}
			for p := range tc.n {
				inv := &got[p/pieceSize][p%pieceSize]
				if *inv != want[p] {
					t.Fatalf("place %d holds invoice %d, want %d", p, inv.no, want[p].no)
				}
				if seen[inv] {
					t.Fatalf("place %d shares its record with another place", p)
				}
				seen[inv] = true
			}
			if k := tc.n % pieceSize; k > 0 {
				for _, inv := range got[len(got)-1][k:] {
					if inv != (Invoice{}) {
						t.Fatalf("past the last record: %+v", inv)
					}
				}
			}
		})
	}
}

// BenchmarkLayOut moves a million records of 20,000 clients into client
// order.
func BenchmarkLayOut(b *testing.B) {
	const n = 1000000
	blocks, place := testBlocks(n, 20000, 1)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		fresh := make([][]Invoice, len(blocks))
		for k := range blocks {
			fresh[k] = slices.Clone(blocks[k])
		}
		b.StartTimer()
		layOut(fresh, n, place)
	}
}
