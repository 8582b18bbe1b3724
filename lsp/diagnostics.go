package lsp

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/document"
)

// diagnostics computes and publishes diagnostics off the request path. Each
// analysed document has one worker goroutine; didOpen and didChange only
// signal it, so a slow analysis never delays the next message. While a
// worker is busy, further signals coalesce into one, and the worker then
// analyses whatever version is current: there is no fixed debounce delay,
// yet a burst of keystrokes costs at most one extra analysis.
//
// Workers run under a context owned by the connection, not by the message
// that woke them, because that message's context ends when it is answered.
type diagnostics struct {
	ctx     context.Context
	cancel  context.CancelFunc
	log     *zap.Logger
	store   *document.Store
	analyze func(doc *document.Document) []diag.Diagnostic
	publish func(ctx context.Context, p publication) error
	// analysed, when set before the first change, is called after each
	// publication.
	analysed func()

	// generation counts refreshes: a worker analyses its document again
	// when the generation changed since it last published, even if the
	// text did not (the settings did).
	generation atomic.Uint64

	mu      sync.Mutex
	stopped bool
	workers map[string]*worker
	// retired holds, per URI, the done channel of a worker that is still
	// clearing a closed document. A new worker for the same URI waits for it
	// so the clear cannot overwrite the reopened document's diagnostics.
	retired map[string]chan struct{}
	wg      sync.WaitGroup
}

type worker struct {
	uri  string
	kick chan struct{} // capacity 1: signals sent while busy coalesce
	quit chan struct{} // closed when the document is closed
	done chan struct{} // closed when the goroutine has returned
	prev <-chan struct{}
}

func newDiagnostics(ctx context.Context, log *zap.Logger, store *document.Store,
	analyze func(*document.Document) []diag.Diagnostic, publish func(context.Context, publication) error,
) *diagnostics {
	ctx, cancel := context.WithCancel(ctx)
	return &diagnostics{
		ctx: ctx, cancel: cancel, log: log, store: store, analyze: analyze, publish: publish,
		workers: make(map[string]*worker),
		retired: make(map[string]chan struct{}),
	}
}

// changed tells the worker for uri that the stored document has changed,
// starting the worker if needed. It never blocks.
func (d *diagnostics) changed(uri string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.stopped {
		return
	}
	w := d.workers[uri]
	if w == nil {
		w = &worker{
			uri:  uri,
			kick: make(chan struct{}, 1),
			quit: make(chan struct{}),
			done: make(chan struct{}),
			prev: d.retired[uri],
		}
		d.workers[uri] = w
		d.wg.Add(1)
		go d.run(w)
	}
	select {
	case w.kick <- struct{}{}:
	default: // a signal is already pending; the worker will see the newest text
	}
}

// refresh makes every worker analyse its document again and publish, for
// a change that affects every document, such as the settings.
func (d *diagnostics) refresh() {
	d.generation.Add(1)
	d.mu.Lock()
	uris := make([]string, 0, len(d.workers))
	for uri := range d.workers {
		uris = append(uris, uri)
	}
	d.mu.Unlock()
	for _, uri := range uris {
		d.changed(uri)
	}
}

// closed retires the worker for uri; it publishes an empty set so the
// client drops the document's markers, then exits.
func (d *diagnostics) closed(uri string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	w := d.workers[uri]
	if w == nil {
		return
	}
	delete(d.workers, uri)
	d.retired[uri] = w.done
	close(w.quit)
}

// stop ends every worker and waits for them. It is idempotent.
func (d *diagnostics) stop() {
	d.mu.Lock()
	d.stopped = true
	d.mu.Unlock()
	d.cancel()
	d.wg.Wait()
}

func (d *diagnostics) run(w *worker) {
	defer d.wg.Done()
	defer func() {
		d.mu.Lock()
		if d.retired[w.uri] == w.done {
			delete(d.retired, w.uri)
		}
		if d.workers[w.uri] == w {
			// Only reached after a panic: forget this worker so the next
			// change starts a fresh one instead of signalling a dead one.
			delete(d.workers, w.uri)
		}
		d.mu.Unlock()
		close(w.done)
	}()
	defer func() {
		if p := recover(); p != nil {
			d.log.Error("panic in diagnostics worker", zap.String("uri", w.uri),
				zap.Any("panic", p), zap.Stack("stack"))
		}
	}()

	if w.prev != nil {
		select {
		case <-w.prev:
		case <-d.ctx.Done():
			return
		}
	}

	enc := newDiagEncoder(w.uri)
	var last *document.Document // the snapshot last published
	var lastGen uint64          // and the generation it was published in
	for {
		select {
		case <-d.ctx.Done():
			return
		case <-w.quit:
			d.send(enc.encode(nil, nil, nil))
			return
		case <-w.kick:
			// select picks at random among ready cases; a closed document
			// must not be analysed again, least of all as the text of a
			// document reopened under the same URI.
			select {
			case <-w.quit:
				d.send(enc.encode(nil, nil, nil))
				return
			default:
			}
		}

		doc, gen := d.store.Get(w.uri), d.generation.Load()
		if doc == nil || doc == last && gen == lastGen {
			continue // closed meanwhile, or a signal for text already published
		}
		p, ok := d.compute(doc, enc)
		if !ok {
			continue
		}
		if d.store.Get(w.uri) != doc || d.generation.Load() != gen {
			// Superseded while we worked; the change that superseded it has
			// signalled us again, so publishing now would only flicker.
			continue
		}
		d.send(p)
		last, lastGen = doc, gen
		if d.analysed != nil {
			d.analysed()
		}
	}
}

// compute runs the analysis, which is the code most likely to panic on
// unexpected input; a panic costs that one version its diagnostics, not the
// worker or the server.
func (d *diagnostics) compute(doc *document.Document, enc *diagEncoder) (p publication, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			d.log.Error("panic in analysis", zap.String("uri", doc.URI), zap.Int32("version", doc.Version),
				zap.Any("panic", p), zap.Stack("stack"))
			ok = false
		}
	}()
	start := time.Now()
	found := d.analyze(doc)
	version := doc.Version
	p = enc.encode(&version, doc.Mapper(), found)
	d.log.Debug("analysed", zap.String("uri", doc.URI), zap.Int32("version", doc.Version),
		zap.Int("diagnostics", len(found)), zap.Duration("duration", time.Since(start)))
	return p, true
}

func (d *diagnostics) send(p publication) {
	if err := d.publish(d.ctx, p); err != nil {
		d.log.Debug("diagnostics not published", zap.String("uri", p.uri), zap.Error(err))
	}
}
