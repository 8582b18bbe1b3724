package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// The floor must publish exactly the recorded diagnostics, for the
// document and version of each change, and answer requests, or lspbench
// would time out or measure a smaller payload than the real server's.
func TestFloorRepublishesTheRecordedDiagnostics(t *testing.T) {
	dir := t.TempDir()
	dump := filepath.Join(dir, "dump.json")
	recordedDiags := `[{"range":{"start":{"line":3,"character":4},"end":{"line":3,"character":9}},"severity":1,"code":"stream-x","message":"m"}]`
	if err := os.WriteFile(dump, []byte(`{"uri":"file:///x","diagnostics_last":{"uri":"file:///x","diagnostics":`+recordedDiags+`}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	diags, err := recorded(dump)
	if err != nil {
		t.Fatal(err)
	}
	in := frame(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}`) +
		frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///a.yml","version":1,"text":"a: 1"}}}`) +
		frame(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///a.yml","version":7},"contentChanges":[]}}`) +
		frame(`{"jsonrpc":"2.0","id":"h","method":"textDocument/hover","params":{}}`) +
		frame(`{"jsonrpc":"2.0","method":"exit"}`)
	var out bytes.Buffer
	if err := serve(strings.NewReader(in), &out, diags); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(&out)
	var got []map[string]any
	for {
		body, err := readMessage(r)
		if err != nil {
			break
		}
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		got = append(got, m)
	}
	if len(got) != 4 {
		t.Fatalf("got %d messages, want initialize's reply, two publications and hover's reply: %v", len(got), got)
	}
	if got[0]["id"] != 1.0 || got[3]["id"] != "h" || got[3]["result"] != nil {
		t.Errorf("replies: %v, %v", got[0], got[3])
	}
	var want []any
	json.Unmarshal([]byte(recordedDiags), &want)
	for i, version := range []float64{1, 7} {
		p := got[1+i]["params"].(map[string]any)
		if p["uri"] != "file:///a.yml" || p["version"] != version || fmt.Sprint(p["diagnostics"]) != fmt.Sprint(want) {
			t.Errorf("publication %d: %v", i, p)
		}
	}
}

func TestFloorRefusesADumpWithoutAPublication(t *testing.T) {
	dump := filepath.Join(t.TempDir(), "dump.json")
	os.WriteFile(dump, []byte(`{"diagnostics_last":null}`), 0o644)
	if _, err := recorded(dump); err == nil || !strings.Contains(err.Error(), "no publication") {
		t.Errorf("err = %v", err)
	}
}
