package ledger

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestFindSimilarIDs(t *testing.T) {
	tests := []struct {
		name   string
		ids    []string // in the ledger's order (sorted)
		groups [][]string
	}{
		{"none alike", []string{"C1", "C2", "C3"}, nil},
		// Sorted ids whose folded forms do not rise: looked up, none alike.
		{"none alike, mixed case", []string{"B", "C", "a"}, nil},
		{"case", []string{"C1", "C2", "c1"}, [][]string{{"C1", "c1"}}},
		// Spaces before, after and between words are one space between them.
		{"spacing", []string{" C 1", "C  1 ", "C\t1", "C1"}, [][]string{{" C 1", "C  1 ", "C\t1"}}},
		// Two groups, listed in the order their second id came.
		{"two groups", []string{"A 1", "B1", "a 1", "b1"}, [][]string{{"A 1", "a 1"}, {"B1", "b1"}}},
		// Not ASCII: Unicode's lower case (Ä and ä are one; the Kelvin
		// sign is a K in lower case), and its spaces (a no-break space).
		{"unicode", []string{"K1", "KÄ", "kä", "k1", "x\u00a0y", "x y"}, [][]string{{"KÄ", "kä"}, {"K1", "k1"}, {"x\u00a0y", "x y"}}},
		{"empty and blank", []string{"", " ", "\t"}, [][]string{{"", " ", "\t"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var clients []*Client
			for _, id := range tt.ids {
				clients = append(clients, &Client{ID: id})
			}
			var q Quality
			q.findSimilarIDs(clients)
			if q.SimilarGroups != len(tt.groups) || !reflect.DeepEqual(q.SimilarIDs, tt.groups) {
				t.Errorf("groups %q (%d); want %q", q.SimilarIDs, q.SimilarGroups, tt.groups)
			}
		})
	}
}

// FuzzFoldID holds foldID to the plain way of folding an id.
func FuzzFoldID(f *testing.F) {
	for _, s := range []string{"C1", " c 1 ", "A\tB\nC", "Ä b", "x\u00a0y", "\x85a", "\xffA B", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		want := strings.ToLower(strings.Join(strings.Fields(id), " "))
		if got := string(foldID([]byte("kept "), id)); got != "kept "+want {
			t.Errorf("foldID(%q) = %q; want %q after what was there", id, got, want)
		}
	})
}

// BenchmarkFindSimilarIDs is the ids of ten million invoices' clients.
func BenchmarkFindSimilarIDs(b *testing.B) {
	clients := make([]*Client, 204_000)
	for i := range clients {
		clients[i] = &Client{ID: fmt.Sprintf("C%06d", i)}
	}
	for b.Loop() {
		var q Quality
		q.findSimilarIDs(clients)
	}
}
