package upload_test

import (
	"context"
	"errors"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
)

// A file just over the chunked threshold, in 8 MiB parts: 6 full parts and a short one.
const bigSize = 52_000_000

func TestUpload_NewVersionChunked(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	lf := sharedFile(t, bigSize)
	var log progressLog
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: log.record})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	if st := f.box.Stats(); st.PartsStored != 7 || st.SimpleUploads != 0 {
		t.Errorf("stored %d parts and %d simple uploads, want 7 parts of 8 MiB and none", st.PartsStored, st.SimpleUploads)
	}
	st, _ := f.box.File(f.fileID)
	if st.Name != "Report.mov" {
		t.Errorf("Box file renamed to %q without being asked", st.Name)
	}
	mt, _ := os.Stat(lf.path)
	if !st.ContentModifiedAt.Equal(mt.ModTime().Truncate(time.Second)) {
		t.Errorf("content_modified_at %v, want the local file's %v", st.ContentModifiedAt, mt.ModTime())
	}
	assertProgress(t, log.snapshots(), lf.size, 7)
}

// assertProgress checks what a progress bar would show: never going back,
// ending at 100% with every part confirmed, phases in order.
func assertProgress(t *testing.T, ps []upload.Progress, total int64, parts int) {
	t.Helper()
	if len(ps) == 0 {
		t.Fatal("no progress reported")
	}
	var prev upload.Progress
	for i, p := range ps {
		if p.Sent < prev.Sent || p.Confirmed < prev.Confirmed || p.Phase < prev.Phase || p.PartsDone < prev.PartsDone {
			t.Fatalf("progress went back at %d: %+v after %+v", i, p, prev)
		}
		if p.Total != total || p.Sent > total || p.Confirmed > p.Sent {
			t.Fatalf("progress out of bounds at %d: %+v", i, p)
		}
		prev = p
	}
	last := ps[len(ps)-1]
	if last.Phase != upload.PhaseDone || last.Confirmed != total || last.Sent != total || last.PartsDone != parts || last.PartsTotal != parts {
		t.Errorf("final progress %+v, want done with %d bytes and %d parts", last, total, parts)
	}
}

func TestUpload_PartSizeDictatedByBox(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		partSize int64
		size     int64
		parts    int
	}{
		{"32 MiB parts, short last part", 32 * mib, 70_000_000, 3},
		{"64 MiB parts", 64 * mib, 70_000_000, 2},
		{"exact multiple: no empty extra part", 8 * mib, 7 * 8 * mib, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, boxtest.Options{PartSize: tc.partSize})
			lf := sharedFile(t, tc.size)
			var log progressLog
			got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: log.record})
			if err != nil {
				t.Fatal(err)
			}
			f.assertNewVersion(t, got, lf)
			if n := f.box.Stats().PartsStored; n != tc.parts {
				t.Errorf("stored %d parts, want %d", n, tc.parts)
			}
			assertProgress(t, log.snapshots(), lf.size, tc.parts)
		})
	}
}

func TestUpload_NewFileInFolder(t *testing.T) {
	t.Parallel()
	for _, size := range []int64{bigSize, 3 * mib} {
		f := newFixture(t, boxtest.Options{})
		folder := f.box.AddFolder("0", "Videos")
		lf := sharedFile(t, size)
		got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FolderID: folder, Name: "Final cut.mov"})
		if err != nil {
			t.Fatal(err)
		}
		st, ok := f.box.File(got.ID)
		if !ok || st.SHA1 != lf.sha1 || st.Name != "Final cut.mov" || st.ParentID != folder || len(st.Versions) != 1 {
			t.Errorf("size %d: Box holds %+v, want a new file in %s with sha1 %s", size, st, folder, lf.sha1)
		}

		// The same name again is refused, and the first file is left as it was.
		_, err = f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, size+1).path, FolderID: folder, Name: "Final cut.mov"})
		if upload.KindOf(err) != upload.KindNameInUse {
			t.Errorf("size %d: second upload with the same name: %v, want KindNameInUse", size, err)
		}
		if st2, _ := f.box.File(got.ID); st2.SHA1 != lf.sha1 || len(st2.Versions) != 1 {
			t.Errorf("size %d: existing file changed by a refused upload", size)
		}
	}
}

func TestUpload_SmallFileUsesSimpleUpload(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	lf := sharedFile(t, 5*mib)
	var log progressLog
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: log.record})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	if st := f.box.Stats(); st.SimpleUploads != 1 || st.SessionsCreated != 0 {
		t.Errorf("stats %+v, want one simple upload and no session", st)
	}
	if st, _ := f.box.File(f.fileID); st.Name != "Report.mov" {
		t.Errorf("Box file renamed to %q after the local file without being asked", st.Name)
	}
	assertProgress(t, log.snapshots(), lf.size, 0)
}

func TestUpload_ChangedRemotelyIsNeverOverwritten(t *testing.T) {
	t.Parallel()
	for _, size := range []int64{bigSize, 3 * mib} {
		f := newFixture(t, boxtest.Options{})
		seen, _ := f.box.File(f.fileID)
		f.box.ModifyRemotely(f.fileID) // someone else saves a version after the user chose the file
		remote, _ := f.box.File(f.fileID)
		lf := sharedFile(t, size)
		_, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, ETag: seen.ETag})
		if upload.KindOf(err) != upload.KindChangedRemotely {
			t.Fatalf("size %d: got %v, want KindChangedRemotely", size, err)
		}
		now, _ := f.box.File(f.fileID)
		if now.SHA1 != remote.SHA1 || len(now.Versions) != 2 {
			t.Errorf("size %d: the other person's version was replaced", size)
		}
		if n := f.box.Stats().OpenSessions; n != 0 {
			t.Errorf("size %d: %d sessions left open", size, n)
		}
	}
}

func TestUpload_BoxRefusals(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		setup func(f *fixture)
		id    func(f *fixture) string
		want  upload.Kind
	}{
		{"file not found", nil, func(*fixture) string { return "123456789" }, upload.KindNotFound},
		{"locked", func(f *fixture) { f.box.SetLocked(f.fileID, true) }, nil, upload.KindLocked},
		{"no permission", func(f *fixture) { f.box.SetCanUpload(f.fileID, false) }, nil, upload.KindNoPermission},
		{"storage full", func(f *fixture) { f.box.SetUser(func(u *boxapi.User) { u.SpaceAmount = 1000 }) }, nil, upload.KindStorageFull},
		{"too large for the account", func(f *fixture) { f.box.SetUser(func(u *boxapi.User) { u.MaxUploadSize = mib }) }, nil, upload.KindFileTooLarge},
	} {
		for _, size := range []int64{bigSize, 3 * mib} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				f := newFixture(t, boxtest.Options{})
				if tc.setup != nil {
					tc.setup(f)
				}
				id := f.fileID
				if tc.id != nil {
					id = tc.id(f)
				}
				_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, size).path, FileID: id})
				if got := upload.KindOf(err); got != tc.want {
					t.Fatalf("size %d: %v (kind %d), want kind %d", size, err, got, tc.want)
				}
				f.assertUntouched(t)
			})
		}
	}
}

func TestUpload_LocalFileProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	empty := dir + "/empty.txt"
	os.WriteFile(empty, nil, 0o600)
	unreadable := dir + "/secret.bin"
	os.WriteFile(unreadable, []byte("x"), 0o000)
	for _, tc := range []struct {
		path string
		want upload.Kind
	}{
		{dir + "/missing.mov", upload.KindFileMissing},
		{dir, upload.KindNotAFile},
		{empty, upload.KindEmptyFile},
		{unreadable, upload.KindUnreadable},
	} {
		if tc.want == upload.KindUnreadable && os.Geteuid() == 0 {
			continue // root reads anything
		}
		f := newFixture(t, boxtest.Options{})
		_, err := f.client.Upload(f.ctx, upload.Request{Path: tc.path, FileID: f.fileID})
		if got := upload.KindOf(err); got != tc.want {
			t.Errorf("%s: %v (kind %d), want kind %d", tc.path, err, got, tc.want)
		}
		f.assertUntouched(t)
	}
}

func TestUpload_FileChangedLocallyDuringUpload(t *testing.T) {
	t.Parallel()
	// Slow enough that the change lands while parts are in flight.
	f := newFixture(t, boxtest.Options{BandwidthPerConn: 50 * mib})
	lf := ownFile(t, bigSize)
	var once sync.Once
	log := progressLog{onAny: func(p upload.Progress) {
		once.Do(func() {
			later := time.Now().Add(time.Hour)
			os.Chtimes(lf.path, later, later) // the user saves the file again
		})
	}}
	_, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: log.record})
	if upload.KindOf(err) != upload.KindChangedLocally {
		t.Fatalf("got %v, want KindChangedLocally", err)
	}
	f.assertUntouched(t)
	if f.box.Stats().Aborts != 1 {
		t.Error("session not aborted")
	}
}

func TestUpload_CancelAbortsSession(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{BandwidthPerConn: 20 * mib})
	lf := sharedFile(t, bigSize)
	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	log := progressLog{onAny: func(p upload.Progress) {
		if p.Sent > 0 {
			cancel()
		}
	}}
	_, err := f.client.Upload(ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: log.record})
	if !errors.Is(err, upload.ErrCanceled) || upload.KindOf(err) != upload.KindCanceled {
		t.Fatalf("got %v, want a cancellation", err)
	}
	f.assertUntouched(t)
	if f.box.Stats().Aborts != 1 {
		t.Error("session not aborted at Box")
	}
}

// TestUpload_BoundedMemory uploads a file several times larger than the
// parts in flight and checks that the bytes allocated meanwhile (by the
// client and the fake together) stay near parallel × part_size: nothing
// buffers the whole file.
func TestUpload_BoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 400 MB")
	}
	f := newFixture(t, boxtest.Options{})
	f.client.Parallel = 4
	lf := ownFile(t, 400_000_000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	allocated := after.TotalAlloc - before.TotalAlloc
	if limit := uint64(4*8*mib + 48*mib); allocated > limit {
		t.Errorf("allocated %d MiB to upload %d MiB, want at most %d MiB", allocated/mib, lf.size/mib, limit/mib)
	}
}

func TestBudget_SharedByUploadsAtOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{Latency: 20 * time.Millisecond})
	f.client.Parallel = 4 // each upload alone would send 4 parts at once
	f.client.Budget = upload.NewBudget(2)
	big := sharedFile(t, 52_000_000)
	small := ownFile(t, 3_000)
	other := f.box.AddFile("0", "Other.mov", []byte("v1"))
	reqs := []upload.Request{
		{Path: big.path, FileID: f.fileID},
		{Path: big.path, FileID: other},
		{Path: small.path, FolderID: "0"},
	}
	var g errgroup.Group
	for _, r := range reqs {
		g.Go(func() error { _, err := f.client.Upload(f.ctx, r); return err })
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	st := f.box.Stats()
	if st.MostPartsInFlight != 2 {
		t.Errorf("Box handled up to %d parts at once, want the budget's 2", st.MostPartsInFlight)
	}
	for _, id := range []string{f.fileID, other} {
		if s, _ := f.box.File(id); s.SHA1 != big.sha1 {
			t.Errorf("file %s holds %s, want %s", id, s.SHA1, big.sha1)
		}
	}
}
