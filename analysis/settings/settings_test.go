package settings_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stream-ls/stream-ls/analysis/diag"
	"github.com/stream-ls/stream-ls/analysis/settings"
)

func TestDecodeReadsJSONAndYAMLAlike(t *testing.T) {
	json := `{"filterPatternQuota": 10, "rules": {"stream-unknown-key": "off", "stream-enum-value": "warn"}, "validationMode": "error"}`
	yaml := "filterPatternQuota: 10\nrules:\n  stream-unknown-key: off\n  stream-enum-value: warning\nvalidationMode: error\n"
	want := settings.Settings{FilterPatternQuota: 10, ValidationMode: "error",
		Rules: map[string]string{"stream-unknown-key": "off", "stream-enum-value": "warning"}}
	for name, data := range map[string]string{"json": json, "yaml": yaml} {
		got, problems, unknown, err := settings.Decode([]byte(data))
		if err != nil || len(problems) > 0 || len(unknown) > 0 {
			t.Fatalf("%s: err %v, problems %v, unknown %v", name, err, problems, unknown)
		}
		if !got.Equal(want) {
			t.Errorf("%s: got %s, want %s", name, got, want)
		}
	}
}

func TestDecodeDropsWhatIsWrongAndSaysWhy(t *testing.T) {
	data := `{"filterPatternQuota": 0, "rules": {"stream-unknwn-key": "off", "stream-enum-value": "fatal", "stream-boolean-value": {"level": 1}, "yaml-syntax": "hint"}, "validationMode": "strict", "futureSetting": true}`
	got, problems, unknown, err := settings.Decode([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	want := settings.Settings{Rules: map[string]string{"yaml-syntax": "hint"}}
	if !got.Equal(want) {
		t.Errorf("kept %s, want only the valid entry: %s", got, want)
	}
	all := strings.Join(problems, "\n")
	for _, s := range []string{
		`filterPatternQuota must be a whole number of at least 1, not "0"`,
		`"stream-unknwn-key" is not a stream-ls rule; did you mean "stream-unknown-key"?`,
		`the severity of stream-enum-value must be error, warning, information, hint or off, not "fatal"`,
		`rules.stream-boolean-value must be error, warning, information, hint or off, not an object`,
		`validationMode must be error, warn or off, not "strict"`,
	} {
		if !strings.Contains(all, s) {
			t.Errorf("no problem says %q; got:\n%s", s, all)
		}
	}
	if len(problems) != 5 {
		t.Errorf("got %d problems, want 5:\n%s", len(problems), all)
	}
	if fmt.Sprint(unknown) != "[futureSetting]" {
		t.Errorf("unknown keys %v, want [futureSetting]", unknown)
	}
}

func TestDecodeRefusesWhatIsNotAnObject(t *testing.T) {
	for _, data := range []string{"[1, 2]", "quota", "{"} {
		if _, _, _, err := settings.Decode([]byte(data)); err == nil {
			t.Errorf("%q decoded without an error", data)
		}
	}
	for _, data := range []string{"", "null", "{}"} {
		got, _, _, err := settings.Decode([]byte(data))
		if err != nil || !got.Equal(settings.Settings{}) {
			t.Errorf("%q: got %s, %v; want the defaults", data, got, err)
		}
	}
}

func TestOverlayLetsLaterSourcesWin(t *testing.T) {
	file := settings.Settings{FilterPatternQuota: 8, ValidationMode: "off",
		Rules: map[string]string{"stream-unknown-key": "off", "stream-enum-value": "hint"}}
	flags := settings.Settings{FilterPatternQuota: 10, Rules: map[string]string{"stream-unknown-key": "error"}}
	got := file.Overlay(flags)
	want := settings.Settings{FilterPatternQuota: 10, ValidationMode: "off",
		Rules: map[string]string{"stream-unknown-key": "error", "stream-enum-value": "hint"}}
	if !got.Equal(want) {
		t.Errorf("got %s, want %s", got, want)
	}
	if file.Rules["stream-unknown-key"] != "off" {
		t.Error("Overlay changed its receiver's rules")
	}
}

func TestApply(t *testing.T) {
	ds := []diag.Diagnostic{
		{Rule: "stream-unknown-key", Severity: diag.Warning},
		{Rule: "stream-enum-value", Severity: diag.Error},
		{Rule: "yaml-syntax", Severity: diag.Error},
	}
	s := settings.Settings{Rules: map[string]string{"stream-unknown-key": "off", "stream-enum-value": "information"}}
	got := s.Apply(ds)
	if len(got) != 2 || got[0].Rule != "stream-enum-value" || got[0].Severity != diag.Information || got[1].Severity != diag.Error {
		t.Errorf("got %+v", got)
	}
	if ds[1].Severity != diag.Error {
		t.Error("Apply modified its input")
	}
}
