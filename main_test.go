package main

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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

// run runs the command with args and the BOX_* variables in env.
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = childEnv(t, env)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
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

func writeFile(t *testing.T, name string, size int) (path, sum string) {
	t.Helper()
	data := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
	path = filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s := sha1.Sum(data)
	return path, hex.EncodeToString(s[:])
}

func TestCLI_UploadNewVersionJSON(t *testing.T) {
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
	want := map[string]any{"id": id, "name": "Plan.pdf", "size": float64(60_000_000), "sha1": sum,
		"version_id": st.VersionID, "etag": st.ETag}
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

// TestCLI_Refusals checks, for each mistake, the exit code and that stderr
// is one plain sentence: no JSON, no Go error chain, no stack trace.
func TestCLI_Refusals(t *testing.T) {
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	id := box.AddFile("0", "Plan.pdf", []byte("v1"))
	locked := box.AddFile("0", "Locked.pdf", []byte("v1"))
	box.SetLocked(locked, true)
	path, _ := writeFile(t, "plan.pdf", 1000)
	empty, _ := writeFile(t, "empty.pdf", 0)
	env := boxEnv(box)
	noKeyring := boxEnv(box)
	delete(noKeyring, "BOX_ACCESS_TOKEN")
	noKeyring["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
	insecure := boxEnv(box)
	insecure["BOX_API_URL"] = "http://box.example.com/2.0"

	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"help", env, []string{"upload", "-h"}, 0, "-file-id"},
		{"no target", env, []string{"upload", path}, 2, "--file-id"},
		{"both targets", env, []string{"upload", "--file-id", id, "--folder-id", "0", path}, 2, "either"},
		{"two files", env, []string{"upload", "--file-id", id, path, path}, 2, "exactly one file"},
		{"parallel out of range", env, []string{"upload", "--parallel", "99", "--file-id", id, path}, 2, "--parallel"},
		{"missing file", env, []string{"upload", "--file-id", id, path + ".nope"}, 2, "does not exist"},
		{"a folder", env, []string{"upload", "--file-id", id, filepath.Dir(path)}, 2, "is a folder"},
		{"empty file", env, []string{"upload", "--file-id", id, empty}, 2, "empty"},
		{"not an ID", env, []string{"upload", "--file-id", "hello", path}, 2, "not a Box file ID"},
		{"folder link as file", env, []string{"upload", "--file-id", "https://app.box.com/folder/5", path}, 2, "link to a folder"},
		{"not found", env, []string{"upload", "--file-id", "999999", path}, 1, "no file or folder with that ID"},
		{"locked", env, []string{"upload", "--file-id", locked, path}, 1, "locked"},
		{"keyring unavailable", noKeyring, []string{"upload", "--file-id", id, path}, 1, "keyring"},
		{"plain http to another host", insecure, []string{"upload", "--file-id", id, path}, 2, "plain http"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.env, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, tc.code, tc.want)
			}
			for _, bad := range []string{"{", "goroutine", "panic", ".go:"} {
				if strings.Contains(r.stderr, bad) {
					t.Errorf("stderr shows %q: %q", bad, r.stderr)
				}
			}
		})
	}
	if st, _ := box.File(id); len(st.Versions) != 1 {
		t.Errorf("a refused upload changed Box: %d versions", len(st.Versions))
	}
}

func TestCLI_Demo(t *testing.T) {
	r := run(t, nil, "demo", "--console")
	if r.code != 0 || !strings.Contains(r.stdout, "SHA-1 matches") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
