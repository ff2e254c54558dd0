package auth_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"boxuploader/auth"
)

// requireKeyring is set by .ci/with-keyring, which `make test` runs the
// tests under: there, a missing Secret Service is a failure, not a skip.
const requireKeyring = "BOXUPLOADER_REQUIRE_KEYRING"

func keyringStore(t *testing.T) auth.KeyringStore {
	t.Helper()
	k := auth.KeyringStore{Service: "boxuploader-test-" + randomHex(4), User: "box", Timeout: 10 * time.Second}
	_, err := k.Load()
	var ke *auth.KeyringError
	if errors.As(err, &ke) {
		if os.Getenv(requireKeyring) == "1" {
			t.Fatalf("no usable Secret Service: %v", err)
		}
		t.Skipf("no Secret Service here (%v); make test provides one", err)
	}
	t.Cleanup(func() { k.Delete() })
	return k
}

func TestKeyringStore_RealSecretService(t *testing.T) {
	k := keyringStore(t)
	if _, err := k.Load(); !errors.Is(err, auth.ErrNotSignedIn) {
		t.Fatalf("empty keyring: got %v, want ErrNotSignedIn", err)
	}
	want := &oauth2.Token{AccessToken: "A" + randomHex(16), RefreshToken: "R" + randomHex(32), Expiry: time.Now().Add(time.Hour).Truncate(time.Second)}
	if err := k.Save(want); err != nil {
		t.Fatal(err)
	}
	// A new store value, as a later start of the app would have.
	got, err := auth.KeyringStore{Service: k.Service, User: k.User}.Load()
	if err != nil || got.AccessToken != want.AccessToken || got.RefreshToken != want.RefreshToken || !got.Expiry.Equal(want.Expiry) {
		t.Fatalf("loaded %+v (%v), want %+v", got, err, want)
	}
	rotated := &oauth2.Token{AccessToken: "A2", RefreshToken: "R2", Expiry: time.Now().Add(time.Hour)}
	if err := k.Save(rotated); err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Load(); got.RefreshToken != "R2" {
		t.Errorf("after rotation the keyring holds %q, want the new refresh token", got.RefreshToken)
	}
	if err := k.Delete(); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Load(); !errors.Is(err, auth.ErrNotSignedIn) {
		t.Errorf("after Delete: %v, want ErrNotSignedIn", err)
	}
	if err := k.Delete(); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
}

func TestKeyringStore_RefusesWhatWindowsCannotHold(t *testing.T) {
	k := keyringStore(t)
	huge := &oauth2.Token{AccessToken: strings.Repeat("a", 3000), RefreshToken: "r"}
	var ke *auth.KeyringError
	if err := k.Save(huge); !errors.As(err, &ke) {
		t.Errorf("got %v, want a KeyringError for a 3 KB entry", err)
	}
}

// TestKeyringStore_Unavailable runs in a child process whose D-Bus address
// leads nowhere: the store must say so with a KeyringError, never fall
// back to a file.
func TestKeyringStore_Unavailable(t *testing.T) {
	if os.Getenv("BOXUPLOADER_KEYRING_CHILD") == "1" {
		k := auth.KeyringStore{Service: "boxuploader-test", User: "box", Timeout: 5 * time.Second}
		_, err := k.Load()
		var ke *auth.KeyringError
		if !errors.As(err, &ke) {
			t.Fatalf("Load: got %v, want a KeyringError", err)
		}
		if err := k.Save(&oauth2.Token{AccessToken: "a", RefreshToken: "r"}); !errors.As(err, &ke) {
			t.Fatalf("Save: got %v, want a KeyringError", err)
		}
		return
	}
	home := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKeyringStore_Unavailable$")
	cmd.Env = append(os.Environ(), "BOXUPLOADER_KEYRING_CHILD=1", "HOME="+home,
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+home+"/no-bus")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("the store wrote %d entries into HOME instead of failing", len(entries))
	}
}

func TestKeyringStore_Secret(t *testing.T) {
	k := keyringStore(t)
	if got, err := k.Secret(); got != "" || err != nil {
		t.Fatalf("Secret() before any = %q, %v; want \"\", nil", got, err)
	}
	if err := k.SetSecret("pä55 word"); err != nil {
		t.Fatal(err)
	}
	if got, err := (auth.KeyringStore{Service: k.Service, User: k.User}).Secret(); got != "pä55 word" || err != nil {
		t.Errorf("Secret() from the Secret Service = %q, %v", got, err)
	}
	if err := k.SetSecret(""); err != nil {
		t.Fatal(err)
	}
	if got, _ := k.Secret(); got != "" {
		t.Errorf("after SetSecret(\"\"), Secret() = %q", got)
	}
}
