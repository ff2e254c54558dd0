package main

import (
	"bufio"
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"boxuploader/upload/boxtest"
)

// TestCLI_SignInUploadSignOut walks the whole account life cycle through the
// real command and the real keyring. It uses the app's own keyring entry, so
// it only runs inside the private keyring session that `make test` starts,
// and not in parallel: the entry is one for the whole session.
func TestCLI_SignInUploadSignOut(t *testing.T) {
	if os.Getenv("BOXUPLOADER_REQUIRE_KEYRING") != "1" {
		t.Skip("needs the private keyring session of .ci/with-keyring (make test)")
	}
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	env := boxEnv(box)
	delete(env, "BOX_ACCESS_TOKEN")
	env["BOX_CLIENT_ID"], env["BOX_CLIENT_SECRET"] = "test-client-id", "test-client-secret"
	home := t.TempDir() // one HOME for every run, scanned at the end
	env["HOME"] = home
	var outputs []string
	runOK := func(code int, want string, args ...string) {
		t.Helper()
		r := run(t, env, args...)
		outputs = append(outputs, r.stdout, r.stderr)
		if r.code != code || !strings.Contains(r.stdout+r.stderr, want) {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", args, r.code, r.stdout, r.stderr, code, want)
		}
	}

	id := box.AddFile("0", "Plan.pdf", []byte("v1"))
	path, sum := writeFile(t, "plan.pdf", 1000)
	runOK(1, "not signed in", "whoami")
	runOK(1, "not signed in", "upload", "--file-id", id, path)
	outputs = append(outputs, login(t, env))
	runOK(0, "Signed in as Demo User (demo@example.com)", "whoami")

	// The access token dies before the upload: the stored refresh token is
	// used once and its successor saved.
	box.ExpireAccessTokens()
	runOK(0, "version 2", "upload", "--file-id", id, path)
	if st, _ := box.File(id); st.SHA1 != sum {
		t.Errorf("Box holds %s, want %s", st.SHA1, sum)
	}
	stored := keyringEntry(t)
	box.ExpireAccessTokens()
	runOK(0, "Signed in as", "whoami")

	// An upload that crashes leaves its journal in HOME: it is scanned
	// with the rest below, then the upload goes on.
	big, _ := writeFile(t, "film.mov", 60_000_000)
	crash := start(t, env, "upload", "--file-id", id, big)
	waitForPart(t, box, crash)
	crash.kill()
	journals, _ := filepath.Glob(filepath.Join(home, ".cache", "*", "uploads", "*.json"))
	if len(journals) != 1 {
		t.Fatalf("%d journals after a crashed upload, want 1", len(journals))
	}
	journal, _ := os.ReadFile(journals[0])
	outputs = append(outputs, string(journal))
	if fi, _ := os.Stat(journals[0]); fi.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v, want 0600", fi.Mode().Perm())
	}
	runOK(0, "version 3", "upload", "--file-id", id, big)
	if st := box.Stats(); st.ReusedRefreshTokens != 0 {
		t.Errorf("%d reused refresh tokens", st.ReusedRefreshTokens)
	}

	runOK(0, "Signed out", "logout")
	runOK(1, "not signed in", "whoami")

	// No token string anywhere but the keyring: not in any output, not in
	// any file the app wrote.
	filepath.WalkDir(home, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, _ := os.ReadFile(path)
			outputs = append(outputs, string(b))
		}
		return nil
	})
	toks := tokensIn(stored)
	if len(toks) != 2 {
		t.Fatalf("keyring entry %q: want an access and a refresh token", stored)
	}
	for _, tok := range toks {
		for _, out := range outputs {
			if strings.Contains(out, tok) {
				t.Errorf("a token appears in the app's output or files: %q", out)
			}
		}
	}
}

// login runs `login --no-browser`, opens the printed address as a browser
// would, and returns the command's output.
func login(t *testing.T, env map[string]string) string {
	t.Helper()
	return loginWith(t, env, &http.Client{Timeout: time.Minute})
}

// loginWith is login with browser as the browser.
func loginWith(t *testing.T, env map[string]string, browser *http.Client) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "login", "--no-browser")
	cmd.Env = childEnv(t, env)
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Killing it ends the reads below too: a login that hangs fails.
	timer := time.AfterFunc(childTimeout, func() { cmd.Process.Kill() })
	defer timer.Stop()
	r := bufio.NewReader(stdout)
	authURL, err := r.ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("no address printed: %v, stderr %q", err, stderr.String())
	}
	resp, err := browser.Get(strings.TrimSpace(authURL))
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	rest, _ := io.ReadAll(r)
	if err := cmd.Wait(); err != nil || !strings.Contains(string(rest), "Signed in as Demo User (demo@example.com)") {
		t.Fatalf("login: %v, stdout %q, stderr %q", err, rest, stderr.String())
	}
	if !strings.Contains(string(page), "You are signed in") {
		t.Errorf("browser tab shows %q", page)
	}
	return authURL + string(rest) + stderr.String()
}

// keyringEntry reads the app's entry with secret-tool, as another program
// on the desktop would.
func keyringEntry(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("secret-tool", "lookup", "service", "app.boxuploader.Uploader", "username", "box-account").Output()
	if err != nil || len(out) == 0 {
		t.Fatalf("no sign-in in the keyring: %v", err)
	}
	return string(out)
}

// tokensIn pulls the token strings out of the stored entry.
func tokensIn(entry string) []string {
	var toks []string
	for _, f := range strings.FieldsFunc(entry, func(r rune) bool { return strings.ContainsRune(`{}":,`, r) }) {
		if len(f) >= 16 {
			toks = append(toks, f)
		}
	}
	return toks
}
