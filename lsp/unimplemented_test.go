package lsp

import (
	"context"
	"reflect"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// requestRecorder notes which methods fall through the library's dispatcher
// to Server.Request.
type requestRecorder struct {
	unimplemented
	fellThrough []string
}

func (r *requestRecorder) Request(_ context.Context, method string, _ any) (any, error) {
	r.fellThrough = append(r.fellThrough, method)
	return nil, nil
}

// TestLibraryMethods pins libraryMethods to the library's dispatcher: every
// listed method is decoded by the library itself, and the list is complete.
// If it were not, the middleware would answer a supported method with
// MethodNotFound, or let an unknown one reach the library's broken fallback.
func TestLibraryMethods(t *testing.T) {
	serverMethods := reflect.TypeFor[protocol.Server]().NumMethod() - 1 // minus Request
	if len(libraryMethods) != serverMethods {
		t.Errorf("libraryMethods has %d entries, protocol.Server has %d methods besides Request",
			len(libraryMethods), serverMethods)
	}

	rec := &requestRecorder{}
	h := protocol.ServerHandler(rec, nil)
	reply := func(context.Context, any, error) error { return nil }
	dispatch := func(method string) {
		req, err := jsonrpc2.NewCall(jsonrpc2.NewNumberID(1), method, struct{}{})
		if err != nil {
			t.Fatal(err)
		}
		_ = h(context.Background(), reply, req)
	}

	for method := range libraryMethods {
		dispatch(method)
	}
	if len(rec.fellThrough) != 0 {
		t.Errorf("methods in libraryMethods that the library does not dispatch: %v", rec.fellThrough)
	}

	// The probe itself must be able to fail.
	dispatch("textDocument/foo")
	if len(rec.fellThrough) != 1 {
		t.Errorf("an unknown method did not reach Server.Request: %v", rec.fellThrough)
	}
}
