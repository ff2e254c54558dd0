package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"boxuploader/upload/boxtest"
)

// The tests run this test binary as the real command: with the variable
// below set, it is main() itself, so no second build is needed.
const runMainEnv = "BOXUPLOADER_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

type result struct {
	code           int
	stdout, stderr string
}

// childTimeout bounds every run of the command: a child that hangs fails
// its test instead of the whole run.
const childTimeout = 3 * time.Minute

// run runs the command with args and the BOX_* variables in env.
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	c := start(t, env, args...)
	c.wait(t)
	return result{c.cmd.ProcessState.ExitCode(), c.stdout.String(), c.stderr.String()}
}

// child is the command running in the background.
type child struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer // read them only once done is closed
	done           chan struct{}
	err            error // what Wait returned, once done is closed
}

// start starts the command with args and the BOX_* variables in env. The
// test's cleanup kills it if it is still running.
func start(t *testing.T, env map[string]string, args ...string) *child {
	t.Helper()
	c := &child{cmd: exec.Command(os.Args[0], args...), done: make(chan struct{})}
	c.cmd.Env = childEnv(t, env)
	c.cmd.Stdout, c.cmd.Stderr = &c.stdout, &c.stderr
	c.cmd.WaitDelay = 10 * time.Second // in case something it started holds its output open
	c.begin(t)
	return c
}

// begin starts c. The test's cleanup kills it if it is still running.
func (c *child) begin(t *testing.T) {
	t.Helper()
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.err = c.cmd.Wait()
		close(c.done)
	}()
	t.Cleanup(func() {
		c.cmd.Process.Kill()
		<-c.done
	})
}

// wait waits for the command to end, killing it and failing the test if
// it takes longer than childTimeout.
func (c *child) wait(t *testing.T) {
	t.Helper()
	select {
	case <-c.done:
	case <-time.After(childTimeout):
		c.cmd.Process.Kill()
		<-c.done
		t.Fatalf("%v did not end within %v; stderr %q", c.cmd.Args[1:], childTimeout, c.stderr.String())
	}
	if _, ok := c.err.(*exec.ExitError); c.err != nil && !ok {
		t.Fatal(c.err)
	}
}

// kill ends the command with SIGKILL, as a crash or a power cut would.
func (c *child) kill() {
	c.cmd.Process.Kill()
	<-c.done
}

// waitForPart waits until box has stored a part of the upload that c
// runs: the session exists and bytes have arrived. It fails the test if c
// ends first or nothing is stored within a minute. boxtest has no
// notification for this, so it polls box.Stats.
func waitForPart(t *testing.T, box *boxtest.Server, c *child) {
	t.Helper()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(time.Minute)
	for box.Stats().PartsStored == 0 {
		select {
		case <-c.done:
			t.Fatalf("the upload ended (%v) before Box stored a part; stderr %q", c.err, c.stderr.String())
		case <-deadline:
			t.Fatal("Box stored no part within a minute")
		case <-tick.C:
		}
	}
}

// childEnv is a minimal environment for the command: a HOME of its own, the
// session's D-Bus (for the keyring) and the given variables.
func childEnv(t *testing.T, env map[string]string) []string {
	out := []string{runMainEnv + "=1", "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}
	for _, k := range []string{"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"} {
		if v, ok := os.LookupEnv(k); ok {
			out = append(out, k+"="+v)
		}
	}
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	return out
}

func boxEnv(box *boxtest.Server) map[string]string {
	return map[string]string{
		"BOX_API_URL": box.APIURL, "BOX_UPLOAD_URL": box.UploadURL,
		"BOX_AUTH_URL": box.AuthURL, "BOX_TOKEN_URL": box.TokenURL, "BOX_REVOKE_URL": box.RevokeURL,
		"BOX_ACCESS_TOKEN": box.NewAccessToken(),
	}
}

// writeFile makes a local file of size bytes named name in a new temporary
// directory, and returns its path and SHA-1 in hex.
func writeFile(t *testing.T, name string, size int) (path, sum string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), name)
	sum, err := boxtest.WriteRandomFile(path, int64(size))
	if err != nil {
		t.Fatal(err)
	}
	return path, sum
}

func TestCLI_UploadNewVersionJSON(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	id := box.AddFile("0", "Plan.pdf", []byte("v1"))
	path, sum := writeFile(t, "plan-v2.pdf", 60_000_000)

	r := run(t, boxEnv(box), "upload", "--json", "--parallel", "3", "--file-id", "https://app.box.com/file/"+id+"?s=x", path)
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %q", r.stdout)
	}
	st, _ := box.File(id)
	want := map[string]any{
		"id": id, "name": "Plan.pdf", "size": float64(60_000_000), "sha1": sum,
		"version_id": st.VersionID, "etag": st.ETag,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("--json %s = %v, want %v", k, got[k], v)
		}
	}
	if len(got) != len(want) || st.SHA1 != sum || len(st.Versions) != 2 {
		t.Errorf("JSON %v, Box holds %+v", got, st)
	}
}

func TestCLI_UploadNewFileInFolder(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	folder := box.AddFolder("0", "Contracts")
	path, _ := writeFile(t, "contract.pdf", 1000)

	// Flags after the file name work too.
	r := run(t, boxEnv(box), "upload", path, "--folder-id", "https://app.box.com/folder/"+folder)
	if r.code != 0 || !strings.Contains(r.stdout, "Uploaded") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestCLI_Demo(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "demo", "--console")
	if r.code != 0 || !strings.Contains(r.stdout, "SHA-1 matches") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
