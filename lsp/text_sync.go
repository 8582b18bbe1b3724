package lsp

import (
	"context"
	"errors"
	"fmt"

	"github.com/segmentio/encoding/json"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/stream-ls/stream-ls/analysis/document"
)

// Every document is stored, whatever its name, so that a later rename or a
// feature for other files needs no protocol change; only serverless files
// get a diagnostics worker. Document text is never logged: it may hold
// secrets, and logs end up in bug reports.

func (s *server) DidOpen(_ context.Context, params *protocol.DidOpenTextDocumentParams) error {
	td := params.TextDocument
	u := string(td.URI)
	s.store.Open(u, td.Version, td.Text)
	s.memory.update()
	analysed := isServerlessURI(u)
	s.log.Debug("opened", zap.String("uri", u), zap.Int32("version", td.Version),
		zap.Int("bytes", len(td.Text)), zap.Bool("analysed", analysed))
	if analysed {
		s.diags.changed(u)
	}
	return nil
}

// didOpenParams is protocol.DidOpenTextDocumentParams with the text as a
// jsonText, which decodes several times faster than the library's string.
type didOpenParams struct {
	TextDocument struct {
		URI        string   `json:"uri"`
		LanguageID string   `json:"languageId"`
		Version    int32    `json:"version"`
		Text       jsonText `json:"text"`
	} `json:"textDocument"`
}

// didOpen is installed as a raw handler in front of the library's
// dispatcher, so that opening a large file does not wait for the library
// to decode its text (see jsonText).
func (s *server) didOpen(ctx context.Context, raw json.RawMessage) (any, error) {
	var p didOpenParams
	if err := decodeDidOpen(raw, &p); err != nil {
		return nil, invalidTextParams(protocol.MethodTextDocumentDidOpen, err)
	}
	td := p.TextDocument
	return nil, s.DidOpen(ctx, &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri.URI(td.URI), LanguageID: protocol.LanguageIdentifier(td.LanguageID), Version: td.Version, Text: string(td.Text),
	}})
}

// decodeThen is a raw handler that decodes a request's params as the
// library would and calls handle with them.
func decodeThen[P, R any](method string, handle func(context.Context, *P) (R, error)) rawHandler {
	return func(ctx context.Context, raw json.RawMessage) (any, error) {
		var p P
		if err := json.Unmarshal(raw, &p); err != nil {
			return nil, invalidTextParams(method, err)
		}
		return handle(ctx, &p)
	}
}

// invalidTextParams is the error for params that do not decode. It names
// where decoding failed but never quotes the input, which may be the
// document's text: errors are logged, and logs end up in bug reports.
func invalidTextParams(method string, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: params are not valid JSON", method)
	case errors.As(err, &typ) && typ.Field != "":
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: %s is not a %s", method, typ.Field, typ.Type)
	case errors.As(err, &typ):
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: params are not a %s", method, typ.Type)
	default:
		return jsonrpc2.Errorf(jsonrpc2.InvalidParams, "%s: params do not decode", method)
	}
}

// didChangeParams mirrors protocol.DidChangeTextDocumentParams with one
// difference: Range is a pointer. The library's event has a Range value, so
// a whole-text change ({"text": ...}, which the specification allows even
// under incremental sync) would decode as an insertion at 0:0 and duplicate
// the document.
type didChangeParams struct {
	TextDocument struct {
		URI     string `json:"uri"`
		Version int32  `json:"version"`
	} `json:"textDocument"`
	ContentChanges []struct {
		Range *protocol.Range `json:"range"`
		Text  jsonText        `json:"text"`
	} `json:"contentChanges"`
}

// didChange is installed as a raw handler in front of the library's
// dispatcher, which therefore never calls Server.DidChange.
func (s *server) didChange(ctx context.Context, raw json.RawMessage) (any, error) {
	var params didChangeParams
	if err := json.Unmarshal(raw, &params); err != nil {
		return nil, invalidTextParams(protocol.MethodTextDocumentDidChange, err)
	}
	u, version := params.TextDocument.URI, params.TextDocument.Version
	changes := make([]document.Change, len(params.ContentChanges))
	for i, c := range params.ContentChanges {
		changes[i].Text = string(c.Text)
		if c.Range != nil {
			r := fromProtocolRange(*c.Range)
			changes[i].Range = &r
		}
	}

	doc, err := s.store.Change(u, version, changes)
	fields := []zap.Field{zap.String("uri", u), zap.Int32("version", version), zap.Int("changes", len(changes))}
	switch {
	case errors.Is(err, document.ErrNotOpen):
		s.log.Warn("change to a document that is not open ignored", fields...)
		return nil, nil
	case errors.Is(err, document.ErrStaleVersion):
		s.log.Warn("change with a stale version ignored", append(fields, zap.Error(err))...)
		return nil, nil
	case err != nil:
		// The client's text and ours no longer agree, and every later
		// diagnostic would point at the wrong place. Only the user can
		// repair that, so tell them rather than only the log.
		s.log.Error("change could not be applied", append(fields, zap.Error(err))...)
		s.showMessage(ctx, protocol.MessageTypeError, fmt.Sprintf(
			"stream-ls could not apply an edit to %s (%v); close and reopen the file to resynchronize.", u, err))
		return nil, nil
	}
	s.log.Debug("changed", append(fields, zap.Int("bytes", doc.Content.Len()))...)
	// A paste or a reload can make a document much larger: the limit
	// must rise before its analysis, as for an open.
	s.memory.update()
	if isServerlessURI(u) {
		s.diags.changed(u)
	}
	return nil, nil
}

func (s *server) DidClose(_ context.Context, params *protocol.DidCloseTextDocumentParams) error {
	u := string(params.TextDocument.URI)
	if !s.store.Close(u) {
		s.log.Warn("close of a document that is not open ignored", zap.String("uri", u))
		return nil
	}
	s.log.Debug("closed", zap.String("uri", u))
	s.diags.closed(u)
	s.models.forget(u)
	s.sessions.forget(u)
	s.memory.update()
	return nil
}

// DidSave needs no work: analysis reads the editor's text, which saving does
// not change. It is advertised so clients that always send it are not told
// off, and so rules that read files beside serverless.yml can hook in here.
func (s *server) DidSave(_ context.Context, params *protocol.DidSaveTextDocumentParams) error {
	s.log.Debug("saved", zap.String("uri", string(params.TextDocument.URI)))
	return nil
}

// showMessage is best effort: a failure to tell the user is only logged.
func (s *server) showMessage(ctx context.Context, typ protocol.MessageType, msg string) {
	err := s.client.ShowMessage(context.WithoutCancel(ctx), &protocol.ShowMessageParams{Type: typ, Message: msg})
	if err != nil {
		s.log.Debug("window/showMessage not sent", zap.Error(err))
	}
}
