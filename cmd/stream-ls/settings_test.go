package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// settingsDoc has a misspelt key (a warning) and six filter patterns, one
// more than AWS's default quota (a warning).
var settingsDoc = func() string {
	var b strings.Builder
	b.WriteString("functions:\n  audit:\n    handler: audit.handler\n    events:\n      - stream:\n")
	b.WriteString("          arn: arn:aws:kinesis:us-east-1:123456789012:stream/clicks\n")
	b.WriteString("          batchsize: 10\n          filterPatterns:\n")
	for i := range 6 {
		fmt.Fprintf(&b, "            - data: {n: [%d]}\n", i)
	}
	return b.String()
}()

// checkReal runs `stream-ls check` with the real analysis.
func checkReal(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(append([]string{"check"}, args...), env{stdout: &out, stderr: &errOut})
	return code, out.String(), errOut.String()
}

var reported = regexp.MustCompile(`: (error|warning|information|hint): .* \[([a-z0-9-]+)\]$`)

// findings lists "severity rule" for each line of text output.
func findings(stdout string) string {
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if m := reported.FindStringSubmatch(line); m != nil {
			out = append(out, m[1]+" "+m[2])
		}
	}
	return strings.Join(out, ", ")
}

func TestCheckWithoutSettings(t *testing.T) {
	dir := writeFiles(t, map[string]string{"serverless.yml": settingsDoc})
	t.Chdir(dir)
	code, out, errOut := checkReal(t, "serverless.yml")
	if got := findings(out); code != exitOK || got != "warning stream-unknown-key, warning stream-filter-patterns-quota" {
		t.Errorf("exit %d, findings %q, stderr %q", code, got, errOut)
	}
}

func TestCheckConfigFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"serverless.yml": settingsDoc,
		"ci/stream-ls.yml": "# Our account's quota was raised.\nfilterPatternQuota: 10\n" +
			"rules:\n  stream-unknown-key: error\n",
	})
	t.Chdir(dir)
	code, out, errOut := checkReal(t, "--config", filepath.Join("ci", "stream-ls.yml"), "serverless.yml")
	if got := findings(out); code != exitFound || got != "error stream-unknown-key" {
		t.Errorf("exit %d, findings %q, stderr %q", code, got, errOut)
	}
}

func TestCheckReadsTheDefaultConfigFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"serverless.yml":  settingsDoc,
		".stream-ls.json": `{"rules": {"stream-filter-patterns-quota": "off"}, "validationMode": "off"}`,
	})
	t.Chdir(dir)
	code, out, errOut := checkReal(t, ".")
	if got := findings(out); code != exitOK || got != "information stream-unknown-key" {
		t.Errorf("exit %d, findings %q, stderr %q", code, got, errOut)
	}
}

func TestCheckFlagsOverrideTheConfigFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"serverless.yml": settingsDoc,
		".stream-ls.yml": "filterPatternQuota: 10\nrules:\n  stream-unknown-key: off\n",
	})
	t.Chdir(dir)
	code, out, errOut := checkReal(t, "--filter-pattern-quota", "5", "--rule", "stream-unknown-key=hint",
		"--rule", "stream-filter-patterns-quota=error", "serverless.yml")
	if got := findings(out); code != exitFound || got != "hint stream-unknown-key, error stream-filter-patterns-quota" {
		t.Errorf("exit %d, findings %q, stderr %q", code, got, errOut)
	}
}

func TestCheckRefusesBadSettingsFlags(t *testing.T) {
	dir := writeFiles(t, map[string]string{"serverless.yml": settingsDoc})
	t.Chdir(dir)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--rule", "stream-unknown-kee=off"}, `"stream-unknown-kee" is not a stream-ls rule; did you mean "stream-unknown-key"?`},
		{[]string{"--rule", "stream-unknown-key=loud"}, `not "loud"`},
		{[]string{"--rule", "stream-unknown-key"}, "want id=severity"},
		{[]string{"--filter-pattern-quota", "0"}, "at least 1"},
		{[]string{"--config", "missing.yml"}, "missing.yml"},
	} {
		code, out, errOut := checkReal(t, append(tc.args, "serverless.yml")...)
		if code != exitUsage || out != "" || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errOut, tc.want)
		}
	}
}

func TestCheckReportsBadEntriesOfTheConfigFileAndGoesOn(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"serverless.yml": settingsDoc,
		".stream-ls.yml": "rules:\n  stream-unknown-key: off\n  no-such-rule: off\nfilterPatternQuota: many\nquota: 10\n",
	})
	t.Chdir(dir)
	code, out, errOut := checkReal(t, "serverless.yml")
	if got := findings(out); code != exitOK || got != "warning stream-filter-patterns-quota" {
		t.Errorf("exit %d, findings %q", code, got)
	}
	for _, want := range []string{
		`.stream-ls.yml: "no-such-rule" is not a stream-ls rule`,
		`.stream-ls.yml: filterPatternQuota must be a whole number of at least 1, not "many"`,
		`.stream-ls.yml: unknown setting "quota" ignored`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

func TestCheckRefusesAConfigFileThatIsNotSettings(t *testing.T) {
	dir := writeFiles(t, map[string]string{"serverless.yml": settingsDoc, ".stream-ls.yml": "- a list\n"})
	t.Chdir(dir)
	if code, out, errOut := checkReal(t, "serverless.yml"); code != exitUsage || out != "" || !strings.Contains(errOut, ".stream-ls.yml: settings must be an object") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestCheckHonoursSuppressionComments(t *testing.T) {
	doc := strings.Replace(settingsDoc, "batchsize: 10", "batchsize: 10 # stream-ls-disable-line stream-unknown-key", 1)
	doc = strings.Replace(doc, "      - stream:", "      # stream-ls-disable stream-filter-patterns-quota -- quota raised\n      - stream:", 1)
	dir := writeFiles(t, map[string]string{"serverless.yml": doc})
	t.Chdir(dir)
	if code, out, errOut := checkReal(t, "serverless.yml"); code != exitOK || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
