package upload_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// resumable is a fixture whose client remembers interrupted uploads and
// gives up quickly when the network is gone.
func resumable(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, boxtest.Options{})
	f.client.StateDir = t.TempDir()
	f.client.Retry.NetworkPatience = 300 * time.Millisecond
	return f
}

// interrupt starts uploading lf and takes the network away when the fifth
// part arrives (four are in flight), until the upload gives up; then the
// network comes back.
func (f *fixture) interrupt(t *testing.T, lf localFile) {
	t.Helper()
	var waited atomic.Bool
	progress := func(p upload.Progress) {
		if p.WaitingForNetwork {
			waited.Store(true)
		}
	}
	f.box.CutNetworkAtPart(5)
	_, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: progress})
	f.box.NetworkDown(false)
	if upload.KindOf(err) != upload.KindNetwork {
		t.Fatalf("interrupted upload: %v, want KindNetwork", err)
	}
	if !waited.Load() {
		t.Error("progress never said it was waiting for the network")
	}
	if st := f.box.Stats(); st.OpenSessions != 1 || st.Aborts != 0 {
		t.Fatalf("stats %+v: the session must stay open for resuming", st)
	}
}

// journal returns the one journal in the state folder.
func (f *fixture) journal(t *testing.T) (path string, st map[string]any) {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(f.client.StateDir, "*.json"))
	if len(paths) != 1 {
		t.Fatalf("%d journals, want 1", len(paths))
	}
	b, _ := os.ReadFile(paths[0])
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	return paths[0], st
}

func TestResume_AfterNetworkLossSendsOnlyWhatBoxLacks(t *testing.T) {
	t.Parallel()
	f := resumable(t)
	lf := sharedFile(t, bigSize)
	f.interrupt(t, lf)
	path, st := f.journal(t)
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v, want 0600", fi.Mode().Perm())
	}
	if len(st["parts"].([]any)) == 0 {
		t.Error("the journal holds no confirmed part")
	}
	token, _ := f.client.Tokens.Token(f.ctx)
	if b, _ := os.ReadFile(path); strings.Contains(string(b), token) {
		t.Error("the journal holds the access token")
	}
	before := f.box.Stats()

	var log progressLog
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: log.record})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	after := f.box.Stats()
	if after.SessionsCreated != before.SessionsCreated {
		t.Error("a new session was created instead of going on with the old one")
	}
	if resent := after.PartBytes - lf.size; resent > 4*8*mib {
		t.Errorf("%d bytes sent twice, more than the 4 parts in flight", resent)
	}
	if after.PartsStored != 7 || after.OverlapConflicts != 0 {
		t.Errorf("stats %+v: want 7 parts, no overlap", after)
	}
	assertProgress(t, log.snapshots(), lf.size, 7)
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("journal kept after the upload finished")
	}
}

func TestResume_FileChangedSinceStartsOver(t *testing.T) {
	t.Parallel()
	f := resumable(t)
	lf := ownFile(t, bigSize)
	f.interrupt(t, lf)
	later := time.Now().Add(time.Hour)
	os.Chtimes(lf.path, later, later) // saved again since

	var reason upload.Kind
	got, err := f.client.Upload(f.ctx, upload.Request{
		Path: lf.path, FileID: f.fileID,
		OnRestart: func(k upload.Kind) { reason = k },
	})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	if reason != upload.KindChangedLocally {
		t.Errorf("restart reason %d, want KindChangedLocally", reason)
	}
	if st := f.box.Stats(); st.Aborts != 1 || st.SessionsCreated != 2 {
		t.Errorf("stats %+v: the old session must be discarded and a new one made", st)
	}
}

func TestResume_UploadedPartChangedIsNeverMixed(t *testing.T) {
	t.Parallel()
	f := resumable(t)
	lf := ownFile(t, bigSize)
	f.interrupt(t, lf)
	fi, _ := os.Stat(lf.path)
	// The first part's bytes change, but size and time stay as they were.
	fh, _ := os.OpenFile(lf.path, os.O_WRONLY, 0)
	fh.WriteAt([]byte("changed"), 10)
	fh.Close()
	os.Chtimes(lf.path, fi.ModTime(), fi.ModTime())

	_, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if upload.KindOf(err) != upload.KindChangedLocally {
		t.Fatalf("got %v, want KindChangedLocally", err)
	}
	f.assertUntouched(t)
	if paths, _ := filepath.Glob(filepath.Join(f.client.StateDir, "*.json")); len(paths) != 0 {
		t.Error("the journal of a discarded upload was kept")
	}
}

func TestResume_ExpiredSessionStartsOverQuietly(t *testing.T) {
	t.Parallel()
	f := resumable(t)
	lf := sharedFile(t, bigSize)
	f.interrupt(t, lf)
	_, st := f.journal(t)
	f.box.ExpireSession(st["session"].(map[string]any)["id"].(string))

	restarted := false
	got, err := f.client.Upload(f.ctx, upload.Request{
		Path: lf.path, FileID: f.fileID,
		OnRestart: func(upload.Kind) { restarted = true },
	})
	if err != nil {
		t.Fatal(err)
	}
	st2, _ := f.box.File(f.fileID)
	if got.SHA1 != lf.sha1 || st2.SHA1 != lf.sha1 || len(st2.Versions) != 2 {
		t.Errorf("Box holds %+v", st2)
	}
	if restarted {
		t.Error("an expired session is not worth telling the person about")
	}
}

func TestResume_NoResumeDiscardsTheOldSession(t *testing.T) {
	t.Parallel()
	f := resumable(t)
	lf := sharedFile(t, bigSize)
	f.interrupt(t, lf)
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, NoResume: true})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	if st := f.box.Stats(); st.Aborts != 1 || st.SessionsCreated != 2 {
		t.Errorf("stats %+v: want the old session aborted and a new one", st)
	}
}

func TestResume_ListAndDiscardInterrupted(t *testing.T) {
	t.Parallel()
	f := resumable(t)
	lf := sharedFile(t, bigSize)
	f.interrupt(t, lf)
	list := upload.ListInterrupted(f.client.StateDir)
	if len(list) != 1 || list[0].Path != lf.path || list[0].FileID != f.fileID || list[0].Confirmed == 0 || list[0].Size != lf.size {
		t.Fatalf("interrupted uploads %+v", list)
	}
	if err := f.client.Discard(f.ctx, list[0]); err != nil {
		t.Fatal(err)
	}
	f.assertUntouched(t)
	if len(upload.ListInterrupted(f.client.StateDir)) != 0 {
		t.Error("a discarded upload is still listed")
	}
}

// TestResume_StaleJournalNeverHidesNewBytes: the app crashed after Box
// applied a commit but before the journal was removed; the person then
// edits the file and uploads again. The new bytes must reach Box.
func TestResume_StaleJournalNeverHidesNewBytes(t *testing.T) {
	t.Parallel()
	f := resumable(t)
	f.box.CommitAccepted(1, 1) // a second in which to catch the journal
	lf := ownFile(t, bigSize)
	var saved []byte
	var savedPath string
	var once sync.Once
	progress := func(p upload.Progress) {
		if p.Phase == upload.PhaseFinishing {
			once.Do(func() {
				paths, _ := filepath.Glob(filepath.Join(f.client.StateDir, "*.json"))
				savedPath = paths[0]
				saved, _ = os.ReadFile(savedPath) // the journal as a crash would leave it
			})
		}
	}
	if _, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: progress}); err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(f.client.StateDir, "*"))
	if len(saved) == 0 || len(paths) != 0 {
		t.Fatalf("no journal caught (%d bytes) or one left (%v)", len(saved), paths)
	}
	os.WriteFile(savedPath, saved, 0o600)
	edited := writeFile(t, lf.path, bigSize+1) // saved again, now different
	got, err := f.client.Upload(f.ctx, upload.Request{Path: edited.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := f.box.File(f.fileID); st.SHA1 != edited.sha1 || got.SHA1 != edited.sha1 || len(st.Versions) != 3 {
		t.Errorf("Box holds %s in %d versions, want the edited file %s as version 3", st.SHA1, len(st.Versions), edited.sha1)
	}
}
