package app

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"boxuploader/auth"
	"boxuploader/upload"
)

func TestExplain_EveryKindHasAPlainSentence(t *testing.T) {
	for k := upload.KindCanceled; k <= upload.KindProxyRefused; k++ {
		s, ok := sentence(k)
		if !ok {
			t.Errorf("kind %d has no sentence", k)
			continue
		}
		assertPlain(t, s)
	}
}

func TestExplain_Sentences(t *testing.T) {
	box := func(status int, code string) error {
		return fmt.Errorf("upload: %w", &upload.APIError{Op: "commit upload session", Status: status, Code: code, RequestID: "abc123"})
	}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{box(412, "precondition_failed"), "This Box file was changed by someone else since you chose it. Check it in Box and try again."},
		{box(403, "storage_limit_exceeded"), "Your Box storage is full."},
		{box(403, "access_denied_insufficient_permissions"), "You don't have permission to upload"},
		{box(403, "access_denied_item_locked"), "locked"},
		{box(403, "file_size_limit_exceeded"), "the limit is that of the folder owner's account"},
		{box(404, "not_found"), "no file or folder with that ID"},
		{box(409, "item_name_in_use"), "already in that folder"},
		{box(410, "session_expired"), "Start the upload again"},
		{box(503, "unavailable"), "Box is having trouble"},
		{box(429, "rate_limit_exceeded"), "slow down"},
		{box(401, ""), "Sign in again"},
		{&net.OpError{Op: "dial", Err: errors.New("connection refused")}, "Box could not be reached"},
		{fmt.Errorf("get file: %w", auth.ErrNotSignedIn), "You are not signed in to Box"},
		{fmt.Errorf("get file: %w", auth.ErrSignInAgain), "sign-in has expired"},
		{&auth.KeyringError{Op: "read", Err: errors.New("org.freedesktop.DBus.Error.ServiceUnknown")}, "keyring"},
		{auth.ErrNoClient, "No Box app is set up"},
		{auth.ErrAccessDenied, "was not granted"},
		{auth.ErrStateMismatch, "refused"},
		{auth.ErrLoginTimeout, "in time"},
		{&auth.PortError{Port: 53682, Err: errors.New("address already in use")}, "port 53682"},
		{upload.ErrCanceled, "cancelled"},
		{errors.New("something nobody planned for"), "Something went wrong"},
	} {
		got := Explain(tc.err)
		if !strings.Contains(got, tc.want) {
			t.Errorf("Explain(%v) = %q, want it to say %q", tc.err, got, tc.want)
		}
		assertPlain(t, got)
	}
}

// assertPlain checks a sentence has none of what confuses people: codes,
// JSON, Go error chains, request IDs.
func assertPlain(t *testing.T, s string) {
	t.Helper()
	for _, bad := range []string{"{", "}", "_", "abc123", ": box answered", "error:", "%!"} {
		if strings.Contains(s, bad) {
			t.Errorf("sentence %q contains %q", s, bad)
		}
	}
	if !strings.HasSuffix(s, ".") {
		t.Errorf("sentence %q does not end with a full stop", s)
	}
}
