package document_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/document"
)

const uri = "file:///srv/app/serverless.yml"

func TestStoreOpen(t *testing.T) {
	s := document.NewStore()
	if d := s.Get(uri); d != nil {
		t.Fatalf("Get before Open = %+v, want nil", d)
	}
	opened := s.Open(uri, 3, "service: demo\n")
	if opened.URI != uri || opened.Version != 3 || opened.Text() != "service: demo\n" {
		t.Errorf("Open returned %q v%d %q", opened.URI, opened.Version, opened.Text())
	}
	if got := s.Get(uri); got != opened {
		t.Errorf("Get after Open = %p, want the opened snapshot %p", got, opened)
	}
	if got := opened.Mapper().Text().String(); got != opened.Text() {
		t.Errorf("Mapper().Text() = %q, want the document text %q", got, opened.Text())
	}
	if opened.Mapper() != opened.Mapper() {
		t.Error("Mapper() built a new mapper on each call; want one per snapshot")
	}
}

func TestStoreOpenAgainReplaces(t *testing.T) {
	s := document.NewStore()
	s.Open(uri, 5, "old")
	// A reopened document starts over, even at a lower version.
	s.Open(uri, 1, "new")
	d := s.Get(uri)
	if d.Text() != "new" || d.Version != 1 {
		t.Errorf("after reopening, Get = v%d %q, want v1 %q", d.Version, d.Text(), "new")
	}
	if _, err := s.Change(uri, 2, []document.Change{edit(0, 3, 0, 3, "!")}); err != nil {
		t.Errorf("Change after reopening at a lower version: %v", err)
	}
}

func TestStoreChange(t *testing.T) {
	s := document.NewStore()
	s.Open(uri, 1, "service: demo\n")
	d, err := s.Change(uri, 2, []document.Change{edit(0, 9, 0, 13, "prod")})
	if err != nil {
		t.Fatalf("Change: %v", err)
	}
	if d.Version != 2 || d.Text() != "service: prod\n" || d.URI != uri {
		t.Errorf("Change returned %q v%d %q", d.URI, d.Version, d.Text())
	}
	if got := s.Get(uri); got != d {
		t.Errorf("Get after Change = %+v, want the changed snapshot", got)
	}
	if got := d.Mapper().Text().String(); got != d.Text() {
		t.Errorf("changed snapshot's Mapper().Text() = %q, want %q", got, d.Text())
	}
	// Clients may skip versions; only the order matters.
	if _, err := s.Change(uri, 10, []document.Change{full("a: b\n")}); err != nil {
		t.Fatalf("Change skipping versions: %v", err)
	}
	if d := s.Get(uri); d.Version != 10 || d.Text() != "a: b\n" {
		t.Errorf("after a version jump Get = v%d %q", d.Version, d.Text())
	}
}

func TestStoreChangeStaleVersion(t *testing.T) {
	for _, version := range []int32{4, 3, -1} {
		t.Run(fmt.Sprintf("version %d after version 4", version), func(t *testing.T) {
			s := document.NewStore()
			s.Open(uri, 4, "keep")
			before := s.Get(uri)
			d, err := s.Change(uri, version, []document.Change{full("lost")})
			if !errors.Is(err, document.ErrStaleVersion) {
				t.Fatalf("Change err = %v, want ErrStaleVersion", err)
			}
			if d != before {
				t.Errorf("Change returned %+v, want the current snapshot", d)
			}
			if got := s.Get(uri); got != before || got.Text() != "keep" || got.Version != 4 {
				t.Errorf("after a stale change Get = v%d %q, want v4 %q", got.Version, got.Text(), "keep")
			}
		})
	}
}

func TestStoreChangeNotOpen(t *testing.T) {
	s := document.NewStore()
	s.Open("file:///other.yml", 1, "x")
	d, err := s.Change(uri, 1, []document.Change{full("x")})
	if !errors.Is(err, document.ErrNotOpen) {
		t.Errorf("Change of an unopened document err = %v, want ErrNotOpen", err)
	}
	if d != nil {
		t.Errorf("Change of an unopened document returned %+v, want nil", d)
	}
	if got := s.Get(uri); got != nil {
		t.Errorf("a failed Change created %+v", got)
	}
}

func TestStoreChangeBadRangeKeepsSnapshot(t *testing.T) {
	s := document.NewStore()
	s.Open(uri, 1, "ab\ncd")
	before := s.Get(uri)
	d, err := s.Change(uri, 2, []document.Change{edit(0, 0, 0, 0, "X"), edit(1, 1, 0, 0, "")})
	if err == nil {
		t.Fatal("Change with an end before its start: want an error")
	}
	if errors.Is(err, document.ErrStaleVersion) || errors.Is(err, document.ErrNotOpen) {
		t.Errorf("Change err = %v, want a range error", err)
	}
	if d != before {
		t.Errorf("Change returned %+v, want the current snapshot", d)
	}
	if got := s.Get(uri); got != before || got.Text() != "ab\ncd" || got.Version != 1 {
		t.Errorf("after a failed change Get = v%d %q, want v1 %q", got.Version, got.Text(), "ab\ncd")
	}
}

func TestStoreClose(t *testing.T) {
	s := document.NewStore()
	s.Open(uri, 1, "x")
	if !s.Close(uri) {
		t.Error("Close of an open document = false, want true")
	}
	if d := s.Get(uri); d != nil {
		t.Errorf("Get after Close = %+v, want nil", d)
	}
	if s.Close(uri) {
		t.Error("second Close = true, want false")
	}
	if _, err := s.Change(uri, 2, []document.Change{full("y")}); !errors.Is(err, document.ErrNotOpen) {
		t.Errorf("Change after Close err = %v, want ErrNotOpen", err)
	}
}

func TestStoreURIs(t *testing.T) {
	s := document.NewStore()
	if got := s.URIs(); len(got) != 0 {
		t.Errorf("URIs of an empty store = %q", got)
	}
	// The two spellings of one path stay apart: diagnostics are published
	// under exactly the URI the client used.
	a, b := "file:///a%20b/serverless.yml", "file:///a b/serverless.yml"
	s.Open(a, 1, "")
	s.Open(b, 1, "")
	s.Open("file:///c/serverless.yml", 1, "")
	s.Close("file:///c/serverless.yml")
	got := s.URIs()
	slices.Sort(got)
	if want := []string{b, a}; !slices.Equal(got, want) {
		t.Errorf("URIs = %q, want %q", got, want)
	}
}

func TestSnapshotUnaffectedByLaterChanges(t *testing.T) {
	s := document.NewStore()
	s.Open(uri, 1, "a: é\n")
	held := s.Get(uri)
	heldMapper := held.Mapper()
	if _, err := s.Change(uri, 2, []document.Change{edit(0, 3, 0, 4, "😀😀"), edit(1, 0, 1, 0, "b: c\n")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Change(uri, 3, []document.Change{full("gone")}); err != nil {
		t.Fatal(err)
	}
	if held.Text() != "a: é\n" || held.Version != 1 {
		t.Errorf("held snapshot became v%d %q", held.Version, held.Text())
	}
	if held.Mapper() != heldMapper || heldMapper.Text().String() != "a: é\n" {
		t.Errorf("held snapshot's mapper now maps %q", held.Mapper().Text().String())
	}
	if got := heldMapper.OffsetPosition(len(held.Text())); got != pos(1, 0) {
		t.Errorf("held mapper's end position = %v, want 1:0", got)
	}
	if got := s.Get(uri); got.Text() != "gone" || got.Version != 3 {
		t.Errorf("Get = v%d %q, want v3 %q", got.Version, got.Text(), "gone")
	}
}

// Every change appends one "x" and bumps the version by one, so any snapshot
// whose text length differs from its version was torn or lost an update.
// Run with -race: the point is as much the detector as the assertions.
func TestStoreConcurrentUse(t *testing.T) {
	const (
		writers   = 4
		readers   = 4
		perWriter = 200
	)
	s := document.NewStore()
	shared := "file:///shared.yml"
	s.Open(shared, 0, "")

	var wg sync.WaitGroup
	errs := make(chan error, writers+readers)
	done := make(chan struct{})

	for w := range writers {
		wg.Go(func() {
			own := fmt.Sprintf("file:///own-%d.yml", w)
			s.Open(own, 0, "")
			for range perWriter {
				// Writers race on the shared document; a loser sees a stale
				// version and retries against the newer snapshot.
				for {
					d := s.Get(shared)
					end := d.Mapper().OffsetPosition(len(d.Text()))
					_, err := s.Change(shared, d.Version+1, []document.Change{edit(end.Line, end.Character, end.Line, end.Character, "x")})
					if err == nil {
						break
					}
					if !errors.Is(err, document.ErrStaleVersion) {
						errs <- fmt.Errorf("shared change: %w", err)
						return
					}
				}
				d := s.Get(own)
				if _, err := s.Change(own, d.Version+1, []document.Change{edit(0, len(d.Text()), 0, len(d.Text()), "x")}); err != nil {
					errs <- fmt.Errorf("own change: %w", err)
					return
				}
			}
			if !s.Close(own) {
				errs <- fmt.Errorf("%s was closed by someone else", own)
			}
		})
	}
	var rg sync.WaitGroup
	for range readers {
		rg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				for _, u := range s.URIs() {
					d := s.Get(u)
					if d == nil {
						continue // closed since URIs was read
					}
					if int(d.Version) != len(d.Text()) || d.Text() != strings.Repeat("x", len(d.Text())) {
						errs <- fmt.Errorf("%s: snapshot v%d has text %q", u, d.Version, d.Text())
						return
					}
					if m := d.Mapper(); m.Text().String() != d.Text() || m.OffsetPosition(len(d.Text())) != pos(0, len(d.Text())) {
						errs <- fmt.Errorf("%s v%d: mapper disagrees with its snapshot", u, d.Version)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(done)
	rg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if d := s.Get(shared); d.Version != writers*perWriter || len(d.Text()) != writers*perWriter {
		t.Errorf("shared document ended at v%d with %d bytes, want %d of each", d.Version, len(d.Text()), writers*perWriter)
	}
	if got := s.URIs(); !slices.Equal(got, []string{shared}) {
		t.Errorf("URIs after every writer closed its own = %q", got)
	}
}

func TestBytesCountsTheOpenDocuments(t *testing.T) {
	s := document.NewStore()
	s.Open("file:///a.yml", 1, "abc")
	s.Open("file:///b.yml", 1, "de")
	if _, err := s.Change("file:///a.yml", 2, []document.Change{{Text: "abcdef"}}); err != nil {
		t.Fatal(err)
	}
	s.Close("file:///b.yml")
	if got := s.Bytes(); got != 6 {
		t.Fatalf("Bytes() = %d, want 6", got)
	}
}
