package document

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"
)

// TestTextEqualsTheStringItWasEditedInto applies random edits to a Text and
// to a string side by side and compares every way of reading them.
func TestTextEqualsTheStringItWasEditedInto(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := "ab\n é"
	randomString := func(n int) string {
		var sb strings.Builder
		for range n {
			sb.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		return sb.String()
	}
	for round := range 40 {
		size := []int{chunkSize, 1, 7, 64}[round%4]
		s := randomString(rng.IntN(5 * size))
		txt := NewTextChunked(s, size)
		for step := range 300 {
			a := rng.IntN(len(s) + 1)
			b := a + rng.IntN(len(s)-a+1)
			if rng.IntN(4) > 0 {
				b = min(a+rng.IntN(3), len(s))
			}
			ins := randomString([]int{0, 1, 2, 50, size + 7, 3 * size}[rng.IntN(6)])
			s = s[:a] + ins + s[b:]
			txt = txt.Replace(a, b, ins)
			if txt.Len() != len(s) || txt.String() != s {
				t.Fatalf("round %d step %d: text differs from the string (len %d vs %d)", round, step, txt.Len(), len(s))
			}
			for _, c := range txt.chunks {
				if len(c) == 0 || len(c) > txt.maxChunk()+txt.minChunk() {
					t.Fatalf("round %d step %d: chunk of %d bytes", round, step, len(c))
				}
			}
			if len(s) == 0 {
				continue
			}
			i, j := rng.IntN(len(s)), rng.IntN(len(s)+1)
			if i > j {
				i, j = j, i
			}
			if got, _ := txt.SliceToKeep(i, j, txt.Origin()); got != s[i:j] {
				t.Fatalf("SliceToKeep(%d, %d) = %q, want %q", i, j, got, s[i:j])
			}
			if got := txt.Slice(i, j); got != s[i:j] {
				t.Fatalf("Slice(%d, %d) = %q, want %q", i, j, got, s[i:j])
			}
			if txt.Byte(i) != s[i] {
				t.Fatalf("Byte(%d) = %q, want %q", i, txt.Byte(i), s[i])
			}
			if got, want := txt.IndexByte(i, '\n'), indexFrom(s, i, '\n'); got != want {
				t.Fatalf("IndexByte(%d) = %d, want %d", i, got, want)
			}
			if got, want := txt.IndexByteIn(i, j, '\n'), indexFrom(s[:j], i, '\n'); got != want {
				t.Fatalf("IndexByteIn(%d, %d) = %d, want %d", i, j, got, want)
			}
			if got, want := txt.LastIndexByte(j, '\n'), strings.LastIndexByte(s[:j], '\n'); got != want {
				t.Fatalf("LastIndexByte(%d) = %d, want %d", j, got, want)
			}
			var sb strings.Builder
			txt.each(i, j, func(off int, part string) {
				if off != i+sb.Len() {
					t.Fatalf("each gave offset %d after %d bytes from %d", off, sb.Len(), i)
				}
				sb.WriteString(part)
			})
			if sb.String() != s[i:j] {
				t.Fatalf("each(%d, %d) differs", i, j)
			}
			if !txt.HasAt(i, s[i:j]) || (j > i && txt.HasAt(i, s[i:j-1]+"\x00")) {
				t.Fatalf("HasAt(%d, s[%d:%d]) is wrong", i, i, j)
			}
		}
	}
}

func indexFrom(s string, from int, c byte) int {
	if i := strings.IndexByte(s[from:], c); i >= 0 {
		return from + i
	}
	return -1
}

// TestTextEditCopiesOnlyWhatItTouches is the point of Text: a keystroke in a
// large text leaves all but one chunk shared with the text before it.
func TestTextEditCopiesOnlyWhatItTouches(t *testing.T) {
	s := strings.Repeat("functions:\n  f:\n    handler: h.main\n", 20000)
	txt := NewText(s)
	edited := txt.Replace(len(s)/2, len(s)/2, "x")
	original := map[*byte]bool{}
	for _, c := range txt.chunks {
		original[unsafe.StringData(c)] = true
	}
	shared := 0
	for _, c := range edited.chunks {
		if original[unsafe.StringData(c)] {
			shared++
		}
	}
	if len(edited.chunks)-shared > 1 {
		t.Fatalf("%d of %d chunks were copied by a one-byte insert", len(edited.chunks)-shared, len(edited.chunks))
	}
}

// TestSliceToKeepPinsOnlyTheOriginalText: a slice of the text as opened may
// be kept as it is by a keeper of that text; a slice of a chunk an edit
// made, or of another text's origin, must be copied.
func TestSliceToKeepPinsOnlyTheOriginalText(t *testing.T) {
	s := strings.Repeat("0123456789abcdef", 64) // 1 KiB
	txt := NewTextChunked(s, 256)
	from := txt.Origin()
	if got, keep := txt.SliceToKeep(10, 20, from); got != s[10:20] || !keep {
		t.Fatalf("a slice of the original text: %q, keep %v", got, keep)
	}
	if got, keep := txt.SliceToKeep(250, 260, from); got != s[250:260] || !keep {
		t.Fatalf("a slice across chunks of the original text: %q, keep %v", got, keep)
	}
	edited := txt.Replace(300, 301, "X")
	if got, keep := edited.SliceToKeep(290, 310, from); got != s[290:300]+"X"+s[301:310] || keep {
		t.Fatalf("a slice of an edited chunk: %q, keep %v", got, keep)
	}
	if _, keep := edited.SliceToKeep(700, 710, from); !keep {
		t.Fatal("a slice of an untouched chunk of an edited text may be kept")
	}
	if got, keep := edited.SliceToKeep(500, 520, from); got != s[500:520] || !keep {
		t.Fatalf("a slice across chunks of an edited text is a copy, and may be kept: %q, keep %v", got, keep)
	}
	other := NewTextChunked(strings.Clone(s), 256)
	if _, keep := other.SliceToKeep(10, 20, from); keep {
		t.Fatal("a slice of another text's origin would pin that text")
	}
	if _, keep := other.SliceToKeep(250, 260, from); keep {
		t.Fatal("a slice across chunks of another text's origin would pin that text")
	}
}

// A text no edit has touched is its origin: a slice across its chunks is
// a substring, not a copy (opening a file reads it whole that way). Once
// edited, or cut short, it is not.
func TestSliceOfAnUneditedTextCopiesNothing(t *testing.T) {
	s := strings.Repeat("0123456789abcdef", 64)
	txt := NewTextChunked(s, 256)
	if n := testing.AllocsPerRun(10, func() { _ = txt.Slice(0, txt.Len()) }); n != 0 {
		t.Fatalf("slicing the whole unedited text allocated %v times", n)
	}
	for _, edited := range []Text{txt.Replace(0, 256, ""), txt.Replace(1000, 1000, "Z"), txt.Replace(5, 6, "5")} {
		want := edited.String()
		if got := edited.Slice(0, edited.Len()); got != want {
			t.Fatalf("slice of an edited text = %q, want %q", got, want)
		}
		if edited.inOrigin(edited.Slice(200, 300)) {
			t.Fatal("a slice across chunks of an edited text points into the original string")
		}
	}
}

// Once every chunk of the original string is gone, the text lets go of
// it, and a large insert cut later to a few bytes keeps only those.
func TestTextLetsGoOfWhatItNoLongerHolds(t *testing.T) {
	s := strings.Repeat("x", 4096)
	txt := NewTextChunked(s, 256).Replace(0, 4096, "y")
	if txt.origin != "" || txt.Origin() != (Origin{}) {
		t.Fatal("a text rewritten whole still holds its original string")
	}
	// Chunks of 250 bytes take 256-byte slots: chunks allocated one by
	// one are never adjacent, chunks cut from one string always are.
	inserted := NewTextChunked("ab", 250).Replace(1, 1, strings.Repeat("z", 1<<20))
	for i := 1; i+1 < len(inserted.chunks); i++ {
		a, b := inserted.chunks[i], inserted.chunks[i+1]
		if uintptr(unsafe.Pointer(unsafe.StringData(a)))+uintptr(len(a)) == uintptr(unsafe.Pointer(unsafe.StringData(b))) {
			t.Fatalf("chunks %d and %d are cut from one string, which either keeps alive", i, i+1)
		}
	}
}

func TestLastIndexByte(t *testing.T) {
	for _, s := range []string{"", "\n", "a", "abc\ndef", "\n\n\n", strings.Repeat("x", 17) + "\n" + strings.Repeat("y", 30), "é\n😀\nabcdefghijklmnop"} {
		for end := 0; end <= len(s); end++ {
			if got, want := lastIndexByte(s[:end], '\n'), strings.LastIndexByte(s[:end], '\n'); got != want {
				t.Errorf("lastIndexByte(%q) = %d, want %d", s[:end], got, want)
			}
		}
	}
}

func TestPrefixEqualComparesAcrossDifferentChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 500 {
		s := strings.Repeat("ab\n", rng.IntN(40))
		u := s
		if len(u) > 0 && rng.IntN(2) == 0 {
			i := rng.IntN(len(u))
			u = u[:i] + "x" + u[i+1:]
		}
		a := NewTextChunked(s, 1+rng.IntN(9))
		b := NewTextChunked(u, 1+rng.IntN(9)).Replace(0, 0, "")
		for n := 0; n <= len(s)+1; n++ {
			want := n <= len(s) && n <= len(u) && s[:n] == u[:n]
			if got := a.PrefixEqual(b, n); got != want {
				t.Fatalf("PrefixEqual(%q, %q, %d) = %v, want %v", s, u, n, got, want)
			}
		}
	}
}

// ChangedRange finds the range Diff finds, whatever the chunks of the two
// texts.
func TestChangedRangeIsDiffs(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 3000 {
		old := strings.Repeat("ab\nc", rng.IntN(30))
		new := old
		for range rng.IntN(3) {
			i := rng.IntN(len(new) + 1)
			j := min(len(new), i+rng.IntN(5))
			new = new[:i] + []string{"", "a", "xy\n", "ab"}[rng.IntN(4)] + new[j:]
		}
		a := NewTextChunked(old, 1+rng.IntN(9))
		b := NewTextChunked(new, 1+rng.IntN(9))
		if rng.IntN(2) == 0 {
			// The usual case: the new text is an edit of the old one,
			// sharing its chunks.
			e := Diff(old, new)
			b = a.Replace(e.Start, e.End, e.Text)
		}
		e := Diff(old, new)
		if start, oldEnd, newEnd := ChangedRange(a, b); start != e.Start || oldEnd != e.End || newEnd != e.Start+len(e.Text) {
			t.Fatalf("ChangedRange(%q, %q) = %d, %d, %d, want %+v", old, new, start, oldEnd, newEnd, e)
		}
	}
}
