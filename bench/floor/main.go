// Command floor is a language server that analyses nothing: it answers
// initialize, and on every didOpen and didChange it publishes the
// diagnostics that a real server published for the same file, recorded by
// lspbench.mjs (--dump). Measured with lspbench like any server, its edit
// latency is what carrying that publication costs by itself: writing it,
// the pipe, and the client reading and parsing it. No server that
// publishes the same diagnostics can answer a keystroke faster, so it is
// the floor against which bench/run.sh sets stream-ls's figures.
//
//	floor DUMP.json
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor DUMP.json (an lspbench.mjs --dump file)")
		os.Exit(2)
	}
	diagnostics, err := recorded(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	if err := serve(os.Stdin, os.Stdout, diagnostics); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

// recorded returns the last diagnostics array of an lspbench dump, as JSON.
func recorded(path string) (json.RawMessage, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var dump struct {
		Last *struct {
			Diagnostics json.RawMessage `json:"diagnostics"`
		} `json:"diagnostics_last"`
	}
	if err := json.Unmarshal(raw, &dump); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if dump.Last == nil || len(dump.Last.Diagnostics) == 0 {
		return nil, fmt.Errorf("%s records no publication", path)
	}
	return dump.Last.Diagnostics, nil
}

// message is the part of an incoming message the floor reads.
type message struct {
	ID     json.RawMessage `json:"id"`
	Method string          `json:"method"`
	Params struct {
		TextDocument struct {
			URI     string `json:"uri"`
			Version int    `json:"version"`
		} `json:"textDocument"`
	} `json:"params"`
}

func serve(in io.Reader, out io.Writer, diagnostics json.RawMessage) error {
	r := bufio.NewReaderSize(in, 1<<20)
	w := bufio.NewWriterSize(out, 1<<20)
	send := func(body []byte) error {
		if _, err := fmt.Fprintf(w, "Content-Length: %d\r\n\r\n", len(body)); err != nil {
			return err
		}
		if _, err := w.Write(body); err != nil {
			return err
		}
		return w.Flush()
	}
	for {
		body, err := readMessage(r)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		var m message
		if err := json.Unmarshal(body, &m); err != nil {
			return fmt.Errorf("message: %w", err)
		}
		reply := func(result string) error {
			return send([]byte(`{"jsonrpc":"2.0","id":` + string(m.ID) + `,"result":` + result + `}`))
		}
		switch m.Method {
		case "initialize":
			err = reply(`{"capabilities":{"textDocumentSync":{"openClose":true,"change":2}},"serverInfo":{"name":"floor"}}`)
		case "exit":
			return nil
		case "textDocument/didOpen", "textDocument/didChange":
			doc := m.Params.TextDocument
			b := []byte(`{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":`)
			b = strconv.AppendQuote(b, doc.URI)
			b = append(b, `,"version":`...)
			b = strconv.AppendInt(b, int64(doc.Version), 10)
			b = append(b, `,"diagnostics":`...)
			b = append(b, diagnostics...)
			err = send(append(b, "}}"...))
		default:
			if len(m.ID) > 0 {
				err = reply(`null`)
			}
		}
		if err != nil {
			return err
		}
	}
}

// readMessage reads one base-protocol message and returns its content.
func readMessage(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			if err == io.EOF && line == "" && length < 0 {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("header: %w", err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		name, value, _ := strings.Cut(line, ":")
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			if length, err = strconv.Atoi(strings.TrimSpace(value)); err != nil || length < 0 {
				return nil, fmt.Errorf("header %q", line)
			}
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("message without Content-Length")
	}
	body := make([]byte, length)
	_, err := io.ReadFull(r, body)
	return body, err
}
