package lsp

import (
	"context"
	"encoding/json"
	"maps"
)

// WithTestMethod returns opts with an extra request method served by h.
// Tests use it for handlers they control: one that blocks until its request
// is cancelled, one that panics. The method goes through the same middleware
// as every real method.
func WithTestMethod(opts Options, method string, h func(ctx context.Context, params json.RawMessage) (any, error)) Options {
	m := maps.Clone(opts.testMethods)
	if m == nil {
		m = make(map[string]rawHandler)
	}
	m[method] = h
	opts.testMethods = m
	return opts
}
