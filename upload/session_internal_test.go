package upload

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"boxuploader/upload/boxapi"
)

// TestOurSession_KnownIDWhateverTheClock: a session_conflict naming a
// session this client created (or found in a journal) is ours by its ID,
// even when Box's clock makes its expiry look like someone else's and it
// holds parts already; an unknown one with the same dates is not.
func TestOurSession_KnownIDWhateverTheClock(t *testing.T) {
	t.Parallel()
	const size = 52_000_000
	s := boxapi.UploadSession{
		ID: "F0AB", Type: "upload_session", PartSize: 8 << 20, TotalParts: 7, NumPartsProcessed: 3,
		SessionExpiresAt: boxapi.Time{Time: time.Now().Add(sessionLifetime - 26*time.Hour)},
		SessionEndpoints: boxapi.SessionEndpoints{UploadPart: "u", Commit: "c", Abort: "a", ListParts: "l"},
	}
	ci, err := json.Marshal(map[string]any{"session": s})
	if err != nil {
		t.Fatal(err)
	}
	conflict := &APIError{Status: http.StatusConflict, Code: "session_conflict", ContextInfo: ci}
	var c Client
	if _, ok := c.ourSession(conflict, size, time.Now()); ok {
		t.Fatal("an unknown session a day old with parts was taken for ours")
	}
	c.ownSessions.Store(s.ID, true)
	if got, ok := c.ourSession(conflict, size, time.Now()); !ok || got.ID != s.ID {
		t.Fatalf("our own session %s was not recognised: %+v", s.ID, got)
	}
	if _, ok := c.ourSession(conflict, 2*size, time.Now()); ok {
		t.Error("our session was taken for an upload of another size")
	}
}
