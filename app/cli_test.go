package app

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"boxuploader/upload/boxtest"
)

func TestCLI_MistypedCommandSaysSoInsteadOfOpeningTheWindow(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"uplaod", "--file-id", "1", "f.bin"}, "Unknown command 'uplaod'. Did you mean 'upload'?"},
		{[]string{"whoamI"}, "Did you mean 'whoami'?"},
		{[]string{"logn"}, "Did you mean 'login'?"},
		{[]string{"synchronise", "f.bin"}, "Unknown command 'synchronise'. Run 'boxuploader help' for the commands."},
	} {
		var stdout, stderr bytes.Buffer
		if code := Main(tc.args, &stdout, &stderr); code != ExitBadInput {
			t.Errorf("%q: exit %d, want %d", tc.args, code, ExitBadInput)
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%q says %q, want %q", tc.args, stderr.String(), tc.want)
		}
	}
}

func TestCLI_ConsoleDemoUploadsThePersonsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.pdf")
	sum, err := boxtest.WriteRandomFile(path, 3000)
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"demo", "--console", path}, &stdout, &stderr); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"Uploading report.pdf (3.0 KB) as a new version", "matches the local file's (" + sum + ")"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("the demo says %q, want %q", stdout.String(), want)
		}
	}
}
