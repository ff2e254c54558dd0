package upload_test

import (
	"context"
	"errors"
	"regexp"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// Tests of what real Box and real networks do that a first fake did not:
// the upload host a preflight names, stalled connections, parts Box says
// arrived damaged, Box's 409s, names.

func TestUpload_GoesToThePreflightsHost(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	lf := sharedFile(t, bigSize)
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	// A small file to the same place follows without a preflight of its own.
	small := sharedFile(t, 3*mib)
	if _, err := f.client.Upload(f.ctx, upload.Request{Path: small.path, FileID: f.fileID}); err != nil {
		t.Fatal(err)
	}
	st := f.box.Stats()
	if st.DefaultHostUploads != 0 || st.NearUploads == 0 || st.SimpleUploads != 1 {
		t.Errorf("%d upload requests to the configured host, %d to the preflight's; want all on the preflight's", st.DefaultHostUploads, st.NearUploads)
	}
	ua := regexp.MustCompile(`^boxuploader/\S+ \(\w+; \w+\)$`)
	if len(st.UserAgents) != 1 || !ua.MatchString(st.UserAgents[0]) {
		t.Errorf("User-Agent %q, want one like boxuploader/VERSION (OS; ARCH)", st.UserAgents)
	}
}

// TestUpload_StalledPartRetried: a part whose connection stops moving is
// dropped after StallTimeout and sent again; the upload completes and never
// says the network is down, since other parts go on.
func TestUpload_StalledPartRetried(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.client.Retry.StallTimeout = 500 * time.Millisecond
	f.client.Parallel = 2
	f.box.StallPart(2)
	lf := sharedFile(t, bigSize)
	var log progressLog
	start := time.Now()
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: log.record})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	if st := f.box.Stats(); st.StalledParts != 1 || st.SessionsCreated != 1 {
		t.Errorf("%d stalled parts, %d sessions; want 1 and 1", st.StalledParts, st.SessionsCreated)
	}
	if took := time.Since(start); took > 15*time.Second {
		t.Errorf("took %v: the stall was not cut at 500 ms", took)
	}
	for _, p := range log.snapshots() {
		if p.WaitingForNetwork {
			t.Fatal("a stalled part made the upload say it waits for the network")
		}
	}
}

// TestUpload_StallsWithoutEndGiveUp: a part that stalls on every
// connection ends as a network failure, the session discarded.
func TestUpload_StallsWithoutEndGiveUp(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.client.Retry.StallTimeout = 200 * time.Millisecond
	f.client.Retry.Attempts = 3
	f.client.Parallel = 1
	for i := 1; i <= 3; i++ {
		f.box.StallPart(i)
	}
	_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, bigSize).path, FileID: f.fileID})
	if upload.KindOf(err) != upload.KindNetwork {
		t.Fatalf("got %v, want KindNetwork", err)
	}
	f.assertUntouched(t)
}

func TestUpload_CorruptPartResentInTheSameSession(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.box.CorruptPart(3)
	f.box.CorruptPart(4) // the same part again, with one worker
	f.client.Parallel = 1
	lf := sharedFile(t, bigSize)
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	parts := int((bigSize + 8*mib - 1) / (8 * mib))
	if st := f.box.Stats(); st.SessionsCreated != 1 || st.PartUploads != parts+2 || st.CorruptedParts != 2 {
		t.Errorf("%d sessions, %d part uploads, %d refused as corrupt; want 1, %d (each part once, one part thrice), 2",
			st.SessionsCreated, st.PartUploads, st.CorruptedParts, parts+2)
	}
}

func TestUpload_CorruptEveryTimeGivesUp(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.client.Parallel = 1
	f.client.Retry.DigestRetries = 2
	for i := 1; i <= 3; i++ {
		f.box.CorruptPart(i)
	}
	_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, bigSize).path, FileID: f.fileID})
	if ae, ok := errorsAsAPI(err); !ok || ae.Code != "digest_mismatch" {
		t.Fatalf("got %v, want Box's digest_mismatch after 2 resends", err)
	}
	if k := upload.KindOf(err); k != upload.KindServerError {
		t.Errorf("kind %v, want KindServerError: Box kept damaging the part", k)
	}
	f.assertUntouched(t)
}

func TestUpload_Box409s(t *testing.T) {
	t.Parallel()
	for _, size := range []int64{bigSize, 3 * mib} {
		t.Run("name_temporarily_reserved is waited out", func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, boxtest.Options{})
			f.box.ReserveName(2)
			lf := sharedFile(t, size)
			got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
			if err != nil {
				t.Fatal(err)
			}
			f.assertNewVersion(t, got, lf)
		})
		t.Run("operation_blocked_temporary is waited out", func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, boxtest.Options{})
			f.box.BlockOperations(2)
			lf := sharedFile(t, size)
			got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
			if err != nil {
				t.Fatal(err)
			}
			f.assertNewVersion(t, got, lf)
		})
		t.Run("temporary 409s that never end are Box failing", func(t *testing.T) {
			t.Parallel()
			for _, block := range []func(b *boxtest.Server){
				func(b *boxtest.Server) { b.ReserveName(1000) },
				func(b *boxtest.Server) { b.BlockOperations(1000) },
			} {
				f := newFixture(t, boxtest.Options{})
				f.client.Retry.Attempts = 3
				block(f.box)
				_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, size).path, FileID: f.fileID})
				if upload.KindOf(err) != upload.KindServerError {
					t.Fatalf("got %v (kind %v), want KindServerError", err, upload.KindOf(err))
				}
				f.assertUntouched(t)
			}
		})
		t.Run("conflict is not retried", func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, boxtest.Options{})
			f.box.ConflictUploads(1) // Box's plain "conflict", on the upload request itself
			_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, size).path, FileID: f.fileID})
			if ae, ok := errorsAsAPI(err); !ok || ae.Code != "conflict" {
				t.Fatalf("got %v, want Box's conflict at once", err)
			}
			f.assertUntouched(t)
		})
	}
}

func TestUpload_PartsMismatchWaitedOutThenGivenUp(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.client.Retry.PartsMismatchPatience = 300 * time.Millisecond
	f.box.CommitPartsMismatch(1 << 20)
	start := time.Now()
	_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, bigSize).path, FileID: f.fileID})
	if ae, ok := errorsAsAPI(err); !ok || ae.Code != "parts_mismatch" {
		t.Fatalf("got %v, want parts_mismatch once the patience is spent", err)
	}
	if k := upload.KindOf(err); k != upload.KindServerError {
		t.Errorf("kind %v, want KindServerError: Box could not assemble the parts", k)
	}
	if f.box.Stats().Commits < 3 || time.Since(start) < 300*time.Millisecond {
		t.Errorf("%d commits in %v: parts_mismatch was not waited out", f.box.Stats().Commits, time.Since(start))
	}
	f.assertUntouched(t)
}

func TestUpload_PartsMismatchWaitIsCancellable(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.client.Retry = upload.RetryPolicy{MinDelay: time.Minute} // each wait would be long
	f.box.CommitPartsMismatch(1 << 20)
	ctx, cancel := context.WithCancel(f.ctx)
	// Cancel once Box has answered the first commit parts_mismatch: the
	// client is then sitting out the (minute-long) wait before the next.
	f.box.OnCommit(func(int) { cancel() })
	_, err := f.client.Upload(ctx, upload.Request{Path: sharedFile(t, bigSize).path, FileID: f.fileID})
	if upload.KindOf(err) != upload.KindCanceled {
		t.Fatalf("got %v, want cancelled", err)
	}
	if n := f.box.Stats().Commits; n != 1 {
		t.Errorf("%d commits, want the one whose wait was cancelled", n)
	}
	f.assertUntouched(t)
}

func TestUpload_SessionConflict(t *testing.T) {
	t.Parallel()
	t.Run("ours, its answer lost, is recovered", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, boxtest.Options{})
		f.box.LoseSessionCreate()
		lf := sharedFile(t, bigSize)
		got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
		if err != nil {
			t.Fatal(err)
		}
		f.assertNewVersion(t, got, lf)
		if n := f.box.Stats().SessionsCreated; n != 1 {
			t.Errorf("%d sessions created, want the one whose answer was lost", n)
		}
	})
	t.Run("ours, its answer lost, is recovered when Box's clock is off", func(t *testing.T) {
		t.Parallel()
		for _, skew := range []time.Duration{-time.Hour, 10 * time.Minute} {
			f := newFixture(t, boxtest.Options{ClockSkew: skew})
			f.box.LoseSessionCreate()
			lf := sharedFile(t, bigSize)
			got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
			if err != nil {
				t.Fatalf("Box's clock off by %v: %v", skew, err)
			}
			f.assertNewVersion(t, got, lf)
		}
	})
	t.Run("someone else's fails clearly", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t, boxtest.Options{})
		foreign := f.box.OpenForeignSession(f.fileID)
		_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, bigSize).path, FileID: f.fileID})
		if upload.KindOf(err) != upload.KindUploadInProgress {
			t.Fatalf("got %v, want KindUploadInProgress", err)
		}
		if _, open := f.box.Session(foreign); !open {
			t.Error("someone else's session was discarded")
		}
	})
}

// TestUpload_NamesReachBoxComposed: a name from macOS (NFD) arrives at Box
// in NFC, for a new file (simple and chunked) and a renamed version.
func TestUpload_NamesReachBoxComposed(t *testing.T) {
	t.Parallel()
	const composed = "がぎぐげご資料.bin"
	decomposed := norm.NFD.String(composed)
	if decomposed == composed {
		t.Fatal("test name has no decomposed form")
	}
	for _, size := range []int64{3 * mib, bigSize} {
		f := newFixture(t, boxtest.Options{})
		lf := ownFile(t, size)
		got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FolderID: "0", Name: decomposed})
		if err != nil {
			t.Fatal(err)
		}
		if st, _ := f.box.File(got.ID); st.Name != composed {
			t.Errorf("size %d: Box named the new file %q, want %q (NFC)", size, st.Name, composed)
		}
		if _, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Name: "v" + decomposed}); err != nil {
			t.Fatal(err)
		}
		if st, _ := f.box.File(f.fileID); st.Name != "v"+composed {
			t.Errorf("size %d: Box renamed the version %q, want %q", size, st.Name, "v"+composed)
		}
	}
}

func TestUpload_NamesBoxRefusesNeverLeave(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	long := make([]rune, 256)
	for i := range long {
		long[i] = '字'
	}
	for _, name := range []string{"a/b.txt", `a\b.txt`, "a.txt ", "a\x01.txt", ".", "..", string(long)} {
		_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, 3*mib).path, FolderID: "0", Name: name})
		if upload.KindOf(err) != upload.KindBadName {
			t.Errorf("name %q: got %v, want KindBadName", name, err)
		}
	}
	if st := f.box.Stats(); st.SimpleUploads != 0 || st.DefaultHostUploads+st.NearUploads != 0 {
		t.Errorf("refused names reached Box: %+v", st)
	}
}

// TestUpload_FolderOwnersLimit: Box judges a file's size against the limit
// of the folder's owner, which the preflight tells before any byte leaves.
func TestUpload_FolderOwnersLimit(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	shared := f.box.AddFolder("0", "Shared with me")
	f.box.SetFolderMaxUploadSize(shared, bigSize-1)
	_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, bigSize).path, FolderID: shared})
	if upload.KindOf(err) != upload.KindFileTooLarge {
		t.Fatalf("got %v, want KindFileTooLarge", err)
	}
	if st := f.box.Stats(); st.SessionsCreated != 0 || st.PartBytes != 0 {
		t.Errorf("%d sessions and %d part bytes before the refusal; want none", st.SessionsCreated, st.PartBytes)
	}
}

func errorsAsAPI(err error) (*upload.APIError, bool) { return errors.AsType[*upload.APIError](err) }
