package lsp

import (
	"context"
	"errors"
	"strings"

	"go.lsp.dev/jsonrpc2"
	"go.uber.org/zap"
)

// skipMalformed drops messages that are framed correctly but are not valid
// JSON-RPC. The connection's read loop treats every read error as the end of
// the stream, so without this one bad message from a buggy client would end
// the session. Framing errors are recovered from below, in framedStream.
type skipMalformed struct {
	jsonrpc2.Stream
	log *zap.Logger
}

func (s skipMalformed) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	for {
		msg, n, err := s.Stream.Read(ctx)
		if err != nil && isDecodeError(err) {
			// No reply is possible: the id, if any, is unknown.
			s.log.Warn("malformed message skipped", zap.Error(err), zap.Int64("bytes", n))
			continue
		}
		return msg, n, err
	}
}

// isDecodeError recognizes jsonrpc2.DecodeMessage's errors, which the
// library exposes only as text.
func isDecodeError(err error) bool {
	return errors.Is(err, jsonrpc2.ErrInvalidRequest) ||
		strings.HasPrefix(err.Error(), "unmarshaling jsonrpc message")
}
