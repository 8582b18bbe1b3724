package lsp

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

func TestWireError(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	live := context.Background()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		err  error
		want jsonrpc2.Code
	}{
		{"coded errors keep their code", live, jsonrpc2.NewError(jsonrpc2.InvalidRequest, "x"), jsonrpc2.InvalidRequest},
		{"wrapped coded errors keep their code", live, fmt.Errorf("ctx: %w", jsonrpc2.ErrInvalidParams), jsonrpc2.InvalidParams},
		{"context errors mean cancelled", live, fmt.Errorf("work: %w", context.Canceled), protocol.CodeRequestCancelled},
		{"any error of a cancelled request means cancelled", cancelled, errors.New("boom"), protocol.CodeRequestCancelled},
		{"the library's param errors are invalid params", live, fmt.Errorf("%s: %w", jsonrpc2.ErrParse, errors.New("bad")), jsonrpc2.InvalidParams},
		{"anything else is internal", live, errors.New("boom"), jsonrpc2.InternalError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rpcErr *jsonrpc2.Error
			if !errors.As(wireError(tc.ctx, tc.err), &rpcErr) {
				t.Fatalf("wireError(%v) has no code", tc.err)
			}
			if rpcErr.Code != tc.want {
				t.Errorf("wireError(%v) code = %d, want %d", tc.err, rpcErr.Code, tc.want)
			}
		})
	}
	if err := wireError(live, nil); err != nil {
		t.Errorf("wireError(nil) = %v", err)
	}
}
