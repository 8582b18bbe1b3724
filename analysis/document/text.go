package document

import (
	"encoding/binary"
	"strings"
	"sync"
	"unsafe"
)

// Text is an immutable text kept in chunks, so that an edit copies the
// chunk it falls in rather than the whole text: at 5,000 functions (6 MB)
// copying the text was a millisecond and a half of every keystroke, and
// nearly all the garbage the server made.
//
// The zero Text is empty. A Text is a small value; copies share chunks.
type Text struct {
	chunks []string
	// ends[i] is the offset just past chunks[i].
	ends []int
	// flat is the text as one string, made at most once per Text and
	// shared by its copies; NewText starts it with the string it was
	// given.
	flat *flatText
	// unit is the chunk size; 0 means chunkSize.
	unit int
	// origin is the string the first version was made from, which the
	// chunks no edit has touched are substrings of, and fromOrigin counts
	// those chunks; the text lets go of origin once none is left.
	origin     string
	fromOrigin int
}

// Origin identifies the string a Text was first made from, without
// keeping it alive (see SliceToKeep).
type Origin struct {
	at uintptr
	n  int
}

// Origin returns the identity of the string the text was made from; the
// zero Origin once no chunk of that string is left.
func (t Text) Origin() Origin {
	return Origin{at: uintptr(unsafe.Pointer(unsafe.StringData(t.origin))), n: len(t.origin)}
}

// inOrigin reports whether s lies within the text's origin.
func (t Text) inOrigin(s string) bool {
	o := uintptr(unsafe.Pointer(unsafe.StringData(t.origin)))
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	return len(t.origin) > 0 && len(s) > 0 && p >= o && p+uintptr(len(s)) <= o+uintptr(len(t.origin))
}

type flatText struct {
	once sync.Once
	s    string
}

// Chunks are cut at chunkSize bytes; an edit that makes one larger than
// twice that splits it, and one that makes it smaller than an eighth joins
// it to its neighbour, so that the chunk list stays short and each copy
// small.
const chunkSize = 8 << 10

func (t Text) size() int {
	if t.unit > 0 {
		return t.unit
	}
	return chunkSize
}

func (t Text) maxChunk() int { return 2 * t.size() }
func (t Text) minChunk() int { return max(t.size()/8, 1) }

// NewText returns s as a Text. Its chunks are substrings of s: nothing is
// copied.
func NewText(s string) Text { return NewTextChunked(s, chunkSize) }

// NewTextChunked is NewText with chunks of about size bytes, for tests
// that need edits to cross chunks on small texts.
func NewTextChunked(s string, size int) Text {
	if s == "" {
		return Text{unit: size}
	}
	size = max(size, 1)
	n := (len(s) + size - 1) / size
	t := Text{chunks: make([]string, 0, n), ends: make([]int, 0, n), flat: &flatText{}, unit: size, origin: s}
	t.flat.once.Do(func() { t.flat.s = s })
	t.appendCut(s, 0)
	t.fromOrigin = len(t.chunks)
	return t
}

// appendCut appends s in chunks of the text's size, the first starting at
// offset base.
func (t *Text) appendCut(s string, base int) {
	for len(s) > 0 {
		k := min(len(s), t.size())
		if len(s)-k < t.minChunk() {
			k = len(s)
		}
		base += k
		t.chunks = append(t.chunks, s[:k])
		t.ends = append(t.ends, base)
		s = s[k:]
	}
}

// Len returns the length of the text in bytes.
func (t Text) Len() int {
	if len(t.ends) == 0 {
		return 0
	}
	return t.ends[len(t.ends)-1]
}

// chunk returns the index of the chunk that holds offset off, and where
// that chunk starts; off == Len() belongs to the last chunk.
func (t Text) chunk(off int) (int, int) {
	n := len(t.ends)
	// Most chunks keep the size they were cut at, so the chunk is found
	// by division, checked against its neighbours; the search is for a
	// text whose edits moved chunks far from there. Splitting reads every
	// line this way.
	i := min(off/t.size(), n-1)
	for k := 0; k < 2; k++ {
		switch {
		case i > 0 && t.ends[i-1] > off:
			i--
		case i < n-1 && t.ends[i] <= off:
			i++
		}
	}
	if (i > 0 && t.ends[i-1] > off) || (i < n-1 && t.ends[i] <= off) {
		lo, hi := 0, n-1
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if t.ends[m] > off {
				hi = m
			} else {
				lo = m + 1
			}
		}
		i = lo
	}
	if i == 0 {
		return 0, 0
	}
	return i, t.ends[i-1]
}

// ChunkAt returns the chunk that holds offset off and the offset where it
// starts, for a reader that walks the text in order and would otherwise
// look each read up again.
func (t Text) ChunkAt(off int) (string, int) {
	if len(t.chunks) == 0 {
		return "", 0
	}
	c, start := t.chunk(off)
	return t.chunks[c], start
}

// Byte returns the byte at offset i, which must be within the text.
func (t Text) Byte(i int) byte {
	if len(t.chunks) == 1 {
		return t.chunks[0][i]
	}
	c, start := t.chunk(i)
	return t.chunks[c][i-start]
}

// Slice returns bytes [a, b) of the text. Bytes within one chunk are
// returned without a copy.
func (t Text) Slice(a, b int) string {
	if a < 0 || b < a || b > t.Len() {
		panic("document.Text: slice out of range")
	}
	if a == b {
		return ""
	}
	if len(t.chunks) == 1 {
		return t.chunks[0][a:b]
	}
	if t.fromOrigin == len(t.chunks) && len(t.origin) == t.Len() {
		// No edit has touched the text yet: it is still its origin, and
		// a slice across chunks need not be copied. (Opening a large
		// file reads its whole text this way.)
		return t.origin[a:b]
	}
	c, start := t.chunk(a)
	if b <= t.ends[c] {
		return t.chunks[c][a-start : b-start]
	}
	var sb strings.Builder
	sb.Grow(b - a)
	sb.WriteString(t.chunks[c][a-start:])
	for c++; t.ends[c] < b; c++ {
		sb.WriteString(t.chunks[c])
	}
	sb.WriteString(t.chunks[c][:b-(t.ends[c]-len(t.chunks[c]))])
	return sb.String()
}

// SliceToKeep is Slice for a caller that keeps the string as long as the
// text may live, and says whether it can keep it as it is: whether it pins
// no more memory than itself or the origin from, which the keeper keeps
// anyway. A substring of an edited chunk would pin the whole chunk after
// the next edit replaced it, and a substring of another origin all of
// that origin: the keeper should copy those.
func (t Text) SliceToKeep(a, b int, from Origin) (string, bool) {
	s := t.Slice(a, b)
	if s == "" {
		return s, true
	}
	if t.inOrigin(s) {
		return s, from != Origin{} && t.Origin() == from
	}
	if c, _ := t.chunk(a); b > t.ends[c] {
		return s, true // a copy, made for this call
	}
	return s, false
}

// String returns the whole text. The first call on a Text made by an
// edit copies it; the string is then kept as long as the Text is.
func (t Text) String() string {
	if t.flat == nil {
		return ""
	}
	t.flat.once.Do(func() { t.flat.s = t.Slice(0, t.Len()) })
	return t.flat.s
}

// HasAt reports whether the text holds s at offset off, without copying.
func (t Text) HasAt(off int, s string) bool {
	if off < 0 || off+len(s) > t.Len() {
		return false
	}
	same := true
	t.each(off, off+len(s), func(at int, part string) {
		same = same && part == s[at-off:at-off+len(part)]
	})
	return same
}

// Replace returns the text with bytes [a, b) replaced by s. Only the chunks
// [a, b) touches are copied.
func (t Text) Replace(a, b int, s string) Text {
	if a < 0 || b < a || b > t.Len() {
		panic("document.Text: replace out of range")
	}
	if len(t.chunks) == 0 {
		return NewTextChunked(s, t.size())
	}
	c0, start := t.chunk(a)
	c1, _ := t.chunk(max(b-1, a))
	// The new middle: what c0..c1 held, with [a, b) replaced, plus a small
	// neighbour when the middle would be too small to stand alone.
	lo, hi := c0, c1
	head := t.chunks[c0][:a-start]
	tail := t.chunks[c1][b-(t.ends[c1]-len(t.chunks[c1])):]
	if n := len(head) + len(s) + len(tail); n < t.minChunk() {
		switch {
		case hi+1 < len(t.chunks):
			hi++
			tail += t.chunks[hi]
		case lo > 0:
			lo--
			start -= len(t.chunks[lo])
			head = t.chunks[lo] + head
		}
	}
	n := len(head) + len(s) + len(tail)
	delta := len(s) - (b - a)
	out := Text{
		chunks:     make([]string, 0, len(t.chunks)+n/t.size()+1),
		ends:       make([]int, 0, len(t.chunks)+n/t.size()+1),
		flat:       &flatText{},
		unit:       t.unit,
		origin:     t.origin,
		fromOrigin: t.fromOrigin,
	}
	for _, c := range t.chunks[lo : hi+1] {
		if t.inOrigin(c) {
			out.fromOrigin--
		}
	}
	if out.fromOrigin == 0 {
		out.origin = ""
	}
	out.chunks = append(out.chunks, t.chunks[:lo]...)
	out.ends = append(out.ends, t.ends[:lo]...)
	out.appendFresh(start, n, head, s, tail)
	out.chunks = append(out.chunks, t.chunks[hi+1:]...)
	for _, e := range t.ends[hi+1:] {
		out.ends = append(out.ends, e+delta)
	}
	if len(out.chunks) == 0 {
		return Text{unit: t.unit}
	}
	return out
}

// appendFresh appends parts, n bytes in all, as new chunks of the text's
// size, the first starting at offset start. Each chunk is an allocation
// of its own: a chunk cut from one large string would keep all of it
// alive after later edits dropped the rest.
func (t *Text) appendFresh(start, n int, parts ...string) {
	for n > 0 {
		k := min(n, t.size())
		if n-k < t.minChunk() || n <= t.maxChunk() {
			k = n
		}
		var sb strings.Builder
		sb.Grow(k)
		for sb.Len() < k {
			m := min(len(parts[0]), k-sb.Len())
			sb.WriteString(parts[0][:m])
			if parts[0] = parts[0][m:]; parts[0] == "" {
				parts = parts[1:]
			}
		}
		start += k
		n -= k
		t.chunks = append(t.chunks, sb.String())
		t.ends = append(t.ends, start)
	}
}

// Same reports whether t and u are the same Text value (the same chunks),
// which means they hold the same bytes, cheaply.
func (t Text) Same(u Text) bool {
	if len(t.chunks) != len(u.chunks) {
		return false
	}
	if len(t.chunks) == 0 {
		return true
	}
	return &t.chunks[0] == &u.chunks[0] && &t.ends[0] == &u.ends[0]
}

// IndexByte returns the offset of the first c at or after from, or -1.
func (t Text) IndexByte(from int, c byte) int { return t.IndexByteIn(from, t.Len(), c) }

// IndexByteIn returns the offset of the first c in [from, to), or -1.
func (t Text) IndexByteIn(from, to int, c byte) int {
	to = min(to, t.Len())
	for from < to {
		k, start := t.chunk(from)
		s := t.chunks[k][from-start : min(t.ends[k], to)-start]
		if i := strings.IndexByte(s, c); i >= 0 {
			return from + i
		}
		from += len(s)
	}
	return -1
}

// LastIndexByte returns the offset of the last c before offset before, or
// -1.
func (t Text) LastIndexByte(before int, c byte) int {
	for before > 0 {
		k, start := t.chunk(before - 1)
		if i := lastIndexByte(t.chunks[k][:before-start], c); i >= 0 {
			return start + i
		}
		before = start
	}
	return -1
}

// lastIndexByte is strings.LastIndexByte, word by word: the standard
// library's version compares one byte at a time, and completion looks
// back over most of a large file for the keys that enclose the cursor.
func lastIndexByte(s string, c byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	pattern := ones * uint64(c)
	i := len(s)
	for i >= 8 {
		w := binary.LittleEndian.Uint64([]byte(s[i-8 : i]))
		if x := w ^ pattern; (x-ones)&^x&highs != 0 {
			break // c is among these eight bytes
		}
		i -= 8
	}
	for i--; i >= 0; i-- {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// PrefixEqual reports whether t and u hold the same first n bytes. Chunks
// the two share compare in constant time, so two versions of a document
// cost what their edits changed.
func (t Text) PrefixEqual(u Text, n int) bool {
	return n <= t.Len() && n <= u.Len() && commonPrefix(t, u, n) == n
}

// each calls f with the text's chunks from offset a to b in order, each
// with its offset, without copying.
func (t Text) each(a, b int, f func(off int, s string)) {
	for a < b {
		k, start := t.chunk(a)
		s := t.chunks[k][a-start : min(b, t.ends[k])-start]
		f(a, s)
		a += len(s)
	}
}

// ChangedRange is where Diff finds that old and new differ: [start,
// oldEnd) of old became [start, newEnd) of new. It compares the texts
// chunk by chunk, so the chunks two versions of a document share cost a
// comparison of string headers, not of their bytes, and it copies
// nothing.
func ChangedRange(old, new Text) (start, oldEnd, newEnd int) {
	n := min(old.Len(), new.Len())
	p := commonPrefix(old, new, n)
	s := commonSuffix(old, new, n-p)
	return p, old.Len() - s, new.Len() - s
}

// commonPrefix is the length of the longest common prefix of a and b, at
// most n.
func commonPrefix(a, b Text, n int) int {
	for off := 0; off < n; {
		i, ai := a.chunk(off)
		j, bj := b.chunk(off)
		x, y := a.chunks[i][off-ai:], b.chunks[j][off-bj:]
		k := min(len(x), len(y), n-off)
		if x[:k] != y[:k] {
			for m := 0; ; m++ {
				if x[m] != y[m] {
					return off + m
				}
			}
		}
		off += k
	}
	return n
}

// commonSuffix is the length of the longest common suffix of a and b, at
// most n.
func commonSuffix(a, b Text, n int) int {
	for s := 0; s < n; {
		ea, eb := a.Len()-s, b.Len()-s
		i, ai := a.chunk(ea - 1)
		j, bj := b.chunk(eb - 1)
		x, y := a.chunks[i][:ea-ai], b.chunks[j][:eb-bj]
		k := min(len(x), len(y), n-s)
		x, y = x[len(x)-k:], y[len(y)-k:]
		if x != y {
			for m := 1; ; m++ {
				if x[k-m] != y[k-m] {
					return s + m - 1
				}
			}
		}
		s += k
	}
	return n
}
