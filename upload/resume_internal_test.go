package upload

import (
	"os"
	"path/filepath"
	"testing"

	"boxuploader/upload/boxapi"
)

// TestJournal_SaveIsPrivateAndWhole: the journal names local paths and a
// session, so it is readable by its owner only, even where an older one
// was not; it is replaced whole and leaves no temporary file behind.
func TestJournal_SaveIsPrivateAndWhole(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "state") // created by the first save
	j := &journal{path: filepath.Join(dir, "a.json")}
	first := journalState{Path: "/home/ann/film.mov", Size: 7, Session: boxapi.UploadSession{ID: "S1"}}
	if err := j.start(first); err != nil {
		t.Fatal(err)
	}
	assertJournal(t, j, "S1")
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("state folder: %v (%v), want mode 0700", fi.Mode().Perm(), err)
	}

	os.Chmod(j.path, 0o644) // as an older version or a copy might have left it
	second := first
	second.Session.ID = "S2"
	if err := j.start(second); err != nil {
		t.Fatal(err)
	}
	assertJournal(t, j, "S2")
}

func assertJournal(t *testing.T, j *journal, session string) {
	t.Helper()
	if st, ok := j.load(); !ok || st.Session.ID != session || st.Path != "/home/ann/film.mov" {
		t.Errorf("journal holds %+v (%v), want session %s", st, ok, session)
	}
	if fi, err := os.Stat(j.path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(j.path)); len(entries) != 1 {
		t.Errorf("%d entries in the state folder, want the journal only", len(entries))
	}
}
