package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.uber.org/zap"
)

// rawHandler answers a method from its undecoded params. It is used where the
// library's decoding is wrong (didChange) and for test-only methods.
type rawHandler func(ctx context.Context, params json.RawMessage) (result any, err error)

// handler builds the chain every incoming message goes through:
//
//	read loop:  receive  – $/cancelRequest, cancellable ctx, reply wrapping
//	            AsyncHandler (library) – one goroutine per message, in order
//	goroutine:  guard    – panic recovery, exactly one reply
//	            route    – lifecycle gate, raw methods, unknown methods
//	            protocol.ServerHandler (library) – decode, call server methods
//
// No layer ever returns an error to jsonrpc2: the connection treats a handler
// error as fatal and closes the stream. Errors travel in replies instead.
func (s *server) handler() jsonrpc2.Handler {
	// The library ignores ServerHandler's second argument (a TODO in v0.12).
	dispatch := protocol.ServerHandler(s, nil)
	// AsyncHandler starts a message's goroutine only after the previous
	// message has been replied to. That keeps did* notifications in order
	// (document versions depend on it) while leaving the read loop free to
	// process $/cancelRequest for a request that is still running.
	ordered := jsonrpc2.AsyncHandler(s.guard(s.route(dispatch)))
	return s.receive(ordered)
}

// receive runs on the connection's read loop, so it must be quick and must
// not block on other messages.
func (s *server) receive(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		dispatched := false
		defer func() {
			// A panic escaping here would end the read loop's goroutine and
			// the whole process with it.
			if p := recover(); p != nil {
				s.log.Error("panic receiving message", zap.String("method", req.Method()),
					zap.Any("panic", p), zap.Stack("stack"))
				if !dispatched {
					_ = reply(context.WithoutCancel(ctx), nil, internalError(req.Method()))
				}
			}
		}()

		if req.Method() == protocol.MethodCancelRequest {
			// Handled here rather than in order: waiting behind the request
			// it cancels would defeat its purpose.
			s.cancelRequest(req.Params())
			dispatched = true
			_ = reply(ctx, nil, nil) // a no-op unless a client sent it as a request
			return nil
		}

		start := time.Now()
		callCtx, done, ok := s.calls.begin(ctx, req)
		if !ok {
			dispatched = true
			_ = reply(ctx, nil, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "server is exiting"))
			return nil
		}
		dispatched = true
		_ = next(callCtx, s.replier(callCtx, req, start, done, reply), req)
		return nil
	}
}

// replier wraps the connection's reply for one message: it gives errors a
// JSON-RPC code, releases the request's cancel registration and logs the
// outcome.
func (s *server) replier(ctx context.Context, req jsonrpc2.Request, start time.Time, done func(), reply jsonrpc2.Replier) jsonrpc2.Replier {
	return func(_ context.Context, result any, err error) error {
		err = wireError(ctx, err)
		done()
		// The stream refuses to write under a cancelled context, so a
		// cancelled request would otherwise never be answered.
		werr := reply(context.WithoutCancel(ctx), result, err)

		fields := []zap.Field{zap.String("method", req.Method()), zap.Duration("duration", time.Since(start))}
		call, isCall := req.(*jsonrpc2.Call)
		if isCall {
			fields = append(fields, zap.String("id", fmt.Sprint(call.ID())))
		}
		if err != nil {
			fields = append(fields, zap.Error(err))
		}
		switch {
		case werr != nil:
			s.log.Debug("reply not sent", append(fields, zap.NamedError("write", werr))...)
		case err != nil && !isCall:
			// The client never sees a notification's error; the log is the
			// only place it surfaces.
			s.log.Warn("notification failed", fields...)
		case isCall:
			s.log.Debug("request", fields...)
		default:
			s.log.Debug("notification", fields...)
		}
		return werr
	}
}

// guard runs on the message's own goroutine. jsonrpc2 v0.10 does not recover
// panics there, and AsyncHandler holds every later message until this one is
// replied to, so a handler that panics or forgets to reply would otherwise
// kill the process or hang the connection.
func (s *server) guard(next jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		defer s.calls.end()
		var replied atomic.Bool
		once := func(ctx context.Context, result any, err error) error {
			if !replied.CompareAndSwap(false, true) {
				s.log.Error("second reply dropped", zap.String("method", req.Method()))
				return nil
			}
			return reply(ctx, result, err)
		}
		defer func() {
			p := recover()
			if p != nil {
				s.log.Error("panic in handler", zap.String("method", req.Method()),
					zap.Any("panic", p), zap.Stack("stack"))
			}
			if !replied.Load() {
				var err error
				if p != nil {
					err = internalError(req.Method())
				}
				_ = once(ctx, nil, err)
			}
		}()
		_ = next(ctx, once, req) // a failed write is logged by the replier
		return nil
	}
}

// route decides who answers a message that passed the read loop.
func (s *server) route(dispatch jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, reply jsonrpc2.Replier, req jsonrpc2.Request) error {
		method := req.Method()
		_, isCall := req.(*jsonrpc2.Call)
		if isCall && ctx.Err() != nil {
			// Cancelled while it waited for the messages ahead of it.
			return reply(ctx, nil, jsonrpc2.NewError(protocol.CodeRequestCancelled, "request cancelled"))
		}
		if err := s.life.admit(method); err != nil {
			if isCall {
				return reply(ctx, nil, err)
			}
			s.log.Debug("notification dropped", zap.String("method", method), zap.String("reason", err.Message))
			return reply(ctx, nil, nil)
		}
		if h, ok := s.raw[method]; ok {
			result, err := h(ctx, req.Params())
			return reply(ctx, result, err)
		}
		if !libraryMethods[method] {
			if isCall {
				return reply(ctx, nil, notFound(method))
			}
			// The specification lets servers ignore notifications they do
			// not know ($/progress, extensions of other servers, ...).
			return reply(ctx, nil, nil)
		}
		return dispatch(ctx, reply, req)
	}
}

// cancelRequest cancels the context of the request named by a
// $/cancelRequest notification. The id is decoded with jsonrpc2.ID's own
// decoder, the one the connection used for the request, so numbers and
// strings both find their request. (The library's CancelHandler switches on
// int32 while JSON numbers decode to float64, so it never cancels a numeric
// id, which is what every mainstream client sends.)
func (s *server) cancelRequest(params json.RawMessage) {
	var p struct {
		ID json.RawMessage `json:"id"`
	}
	var id jsonrpc2.ID
	if err := json.Unmarshal(params, &p); err != nil || len(p.ID) == 0 {
		s.log.Debug("malformed $/cancelRequest", zap.ByteString("params", params))
		return
	}
	if err := id.UnmarshalJSON(p.ID); err != nil {
		s.log.Debug("malformed $/cancelRequest id", zap.ByteString("id", p.ID))
		return
	}
	found := s.calls.cancel(id)
	s.log.Debug("$/cancelRequest", zap.String("id", fmt.Sprint(id)), zap.Bool("running", found))
}

// calls tracks messages from arrival until their handler returns. It gives
// each request a context that $/cancelRequest can cancel, and lets Serve wait
// for every handler before it returns.
type calls struct {
	mu      sync.Mutex
	cancels map[jsonrpc2.ID]context.CancelFunc
	closed  bool
	running sync.WaitGroup
}

func newCalls() *calls {
	return &calls{cancels: make(map[jsonrpc2.ID]context.CancelFunc)}
}

// begin registers req. The returned done func releases the registration; it
// must be called once, when the message is replied to. end must be called
// when the handler returns. ok is false once the server is closing.
func (c *calls) begin(ctx context.Context, req jsonrpc2.Request) (_ context.Context, done func(), ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ctx, nil, false
	}
	c.running.Add(1)
	call, isCall := req.(*jsonrpc2.Call)
	if !isCall {
		return ctx, func() {}, true
	}
	ctx, cancel := context.WithCancel(ctx)
	id := call.ID()
	c.cancels[id] = cancel
	return ctx, func() {
		c.mu.Lock()
		delete(c.cancels, id)
		c.mu.Unlock()
		cancel()
	}, true
}

func (c *calls) end() { c.running.Done() }

func (c *calls) cancel(id jsonrpc2.ID) bool {
	c.mu.Lock()
	cancel, ok := c.cancels[id]
	c.mu.Unlock()
	if ok {
		cancel()
	}
	return ok
}

// closeAndWait refuses new messages and waits for running handlers. Closing
// under the lock means no begin can race with the Wait.
func (c *calls) closeAndWait() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.running.Wait()
}

// wireError gives err the JSON-RPC code a client can act on. Errors without
// a code would go out with code 0; the library produces such errors itself
// when params do not decode.
func wireError(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	var rpcErr *jsonrpc2.Error
	if errors.As(err, &rpcErr) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		return jsonrpc2.NewError(protocol.CodeRequestCancelled, "request cancelled")
	}
	if strings.HasPrefix(err.Error(), jsonrpc2.ErrParse.Error()) {
		// The library reports undecodable params as a parse error, but the
		// message itself parsed: in JSON-RPC terms the params are invalid.
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, err.Error())
	}
	return jsonrpc2.NewError(jsonrpc2.InternalError, err.Error())
}

func internalError(method string) error {
	return jsonrpc2.Errorf(jsonrpc2.InternalError, "internal error handling %s", method)
}
