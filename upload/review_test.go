package upload_test

import (
	"strings"
	"testing"
	"time"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// Tests of the cases a review of the hardened engine found: faults that
// must not vanish, stalls in an answer's body, Box's answers that must not
// end up as "unknown", names as Box's spec has them, and upload hosts that
// fail.

// TestUpload_PartFaultOnARefusedRetryStillFires: a fault armed for the
// retry of a part Box stored but answered 500 for (which Box then refuses
// as an overlap) passes to the next part upload instead of vanishing.
func TestUpload_PartFaultOnARefusedRetryStillFires(t *testing.T) {
	t.Parallel()
	parts := int((bigSize + 8*mib - 1) / (8 * mib))
	for _, tc := range []struct {
		name string
		arm  func(b *boxtest.Server)
	}{
		{"corrupt", func(b *boxtest.Server) { b.CorruptPart(3) }},
		{"fail", func(b *boxtest.Server) { b.FailPart(3, false) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, boxtest.Options{})
			f.client.Parallel = 1
			f.box.FailPart(2, true)
			tc.arm(f.box) // lands on part 2's retry, which Box refuses with 416
			lf := sharedFile(t, bigSize)
			got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
			if err != nil {
				t.Fatal(err)
			}
			f.assertNewVersion(t, got, lf)
			st := f.box.Stats()
			if st.OverlapConflicts != 1 || st.PartUploads != parts+2 {
				t.Errorf("%d overlaps, %d part uploads; want 1 and %d (the fault fired on part 3, resent once)",
					st.OverlapConflicts, st.PartUploads, parts+2)
			}
			if tc.name == "corrupt" && st.CorruptedParts != 1 {
				t.Errorf("%d parts refused as corrupt, want 1", st.CorruptedParts)
			}
		})
	}
}

// TestUpload_StalledAnswerBodyRetried: an answer whose body stops halfway
// (the part or the file was stored) is a stalled attempt like any other:
// retried, recognised as already stored, the upload completes.
func TestUpload_StalledAnswerBodyRetried(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		size int64
		arm  func(b *boxtest.Server)
	}{
		{"part", bigSize, func(b *boxtest.Server) { b.StallPartAnswer(2) }},
		{"simple upload", 3 * mib, func(b *boxtest.Server) { b.StallUploadAnswers(1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, boxtest.Options{})
			f.client.Retry.StallTimeout = 300 * time.Millisecond
			f.client.Parallel = 2
			tc.arm(f.box)
			lf := sharedFile(t, tc.size)
			var log progressLog
			got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: log.record})
			if err != nil {
				t.Fatalf("got %v (kind %v), want the stalled answer retried", err, upload.KindOf(err))
			}
			f.assertNewVersion(t, got, lf)
			if st := f.box.Stats(); st.StalledAnswers != 1 || st.SessionsCreated > 1 {
				t.Errorf("%d stalled answers, %d sessions; want 1 and at most 1", st.StalledAnswers, st.SessionsCreated)
			}
			for _, p := range log.snapshots() {
				if p.WaitingForNetwork {
					t.Fatal("a stalled answer made the upload say it waits for the network")
				}
			}
		})
	}
}

// TestUpload_SlowAnswerWithinStallTimeout: an answer slower than the
// default StallTimeout but within the configured one is waited for: the
// transport has no header timeout of its own that would fire first and
// look like a lost network.
func TestUpload_SlowAnswerWithinStallTimeout(t *testing.T) {
	// Build the default HTTP client while the default StallTimeout is
	// short, as if Box took longer than it to answer; restore it before
	// running in parallel with other tests.
	saved := upload.DefaultRetry
	upload.DefaultRetry.StallTimeout = 100 * time.Millisecond
	hc := upload.NewHTTPClient()
	upload.DefaultRetry = saved
	t.Parallel()

	f := newFixture(t, boxtest.Options{Latency: 400 * time.Millisecond})
	f.client.HTTP = hc
	f.client.Retry.StallTimeout = 5 * time.Second
	lf := sharedFile(t, 3*mib)
	var log progressLog
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: log.record})
	if err != nil {
		t.Fatalf("got %v (kind %v), want the slow answers waited for", err, upload.KindOf(err))
	}
	f.assertNewVersion(t, got, lf)
	for _, p := range log.snapshots() {
		if p.WaitingForNetwork {
			t.Fatal("a slow answer made the upload say it waits for the network")
		}
	}
}

// TestCreateFolder_NamesBoxRefusesAreBadNames: Box's 400 item_name_invalid
// and item_name_too_long are a bad name, whatever asked.
func TestCreateFolder_NamesBoxRefusesAreBadNames(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	for _, name := range []string{"a/b", strings.Repeat("字", 256)} {
		_, err := f.client.CreateFolder(f.ctx, "0", name)
		if upload.KindOf(err) != upload.KindBadName {
			t.Errorf("folder %.20q: got %v (kind %v), want KindBadName", name, err, upload.KindOf(err))
		}
	}
}

// TestUpload_NamesAsBoxsSpecHasThem: Box's spec forbids trailing spaces,
// not leading ones, and not other Unicode spaces: such names reach Box
// unchanged; a trailing space is still refused before upload.
func TestUpload_NamesAsBoxsSpecHasThem(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	lf := sharedFile(t, 3*mib)
	for _, name := range []string{" leading.txt", "ideographic\u3000", "\u00a0nbsp.txt", "tab\u2003.txt"} {
		got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FolderID: "0", Name: name})
		if err != nil {
			t.Errorf("name %q: %v (kind %v), want it accepted", name, err, upload.KindOf(err))
			continue
		}
		if st, _ := f.box.File(got.ID); st.Name != name {
			t.Errorf("Box named the file %q, want %q", st.Name, name)
		}
	}
	for _, name := range []string{"trailing.txt ", "a\x7f.txt"} {
		if err := upload.CheckName(name); upload.KindOf(err) != upload.KindBadName {
			t.Errorf("CheckName(%q) = %v, want KindBadName", name, err)
		}
	}
}

// TestUpload_NearHostDownFallsBackToTheConfiguredOne: when the upload host
// a preflight named cannot be reached, the client forgets it and uploads
// to the configured host, for big and small files alike.
func TestUpload_NearHostDownFallsBackToTheConfiguredOne(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.client.Retry.ConnectPatience = 300 * time.Millisecond
	big, small := sharedFile(t, bigSize), sharedFile(t, 3*mib)
	if _, err := f.client.Upload(f.ctx, upload.Request{Path: big.path, FileID: f.fileID}); err != nil {
		t.Fatal(err) // learns the near host
	}
	f.box.NearHostDown(true)
	for _, lf := range []localFile{small, big} {
		before := f.box.Stats().DefaultHostUploads
		if _, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID}); err != nil {
			t.Fatalf("%d bytes with the near host down: %v (kind %v)", lf.size, err, upload.KindOf(err))
		}
		if st, _ := f.box.File(f.fileID); st.SHA1 != lf.sha1 {
			t.Errorf("Box holds sha1 %s, want %s", st.SHA1, lf.sha1)
		}
		if f.box.Stats().DefaultHostUploads == before {
			t.Errorf("%d bytes: nothing went to the configured host", lf.size)
		}
	}
	if n := f.box.Stats().OpenSessions; n != 0 {
		t.Errorf("%d sessions left open", n)
	}
}

// TestUpload_VersionPreflightMissingIsSkipped: Box's spec has no
// new-version preflight; when Box refuses it without saying anything about
// the upload, the upload goes on without it, to the configured host. A
// refusal that does say something still ends the upload.
func TestUpload_VersionPreflightMissingIsSkipped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status int
		code   string
	}{{405, "method_not_allowed"}, {404, ""}, {400, "bad_request"}, {404, "not_found"}} {
		f := newFixture(t, boxtest.Options{})
		f.box.RefuseVersionPreflights(tc.status, tc.code)
		lf := sharedFile(t, bigSize)
		got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
		if err != nil {
			t.Fatalf("preflight answered %d %q: %v", tc.status, tc.code, err)
		}
		f.assertNewVersion(t, got, lf)
		if st := f.box.Stats(); st.NearUploads != 0 || st.DefaultHostUploads == 0 {
			t.Errorf("%d requests to the near host, %d to the configured one; want all on the configured one",
				st.NearUploads, st.DefaultHostUploads)
		}
	}
	f := newFixture(t, boxtest.Options{})
	f.box.RefuseVersionPreflights(403, "access_denied_item_locked")
	_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, bigSize).path, FileID: f.fileID})
	if upload.KindOf(err) != upload.KindLocked {
		t.Fatalf("got %v, want KindLocked from the preflight", err)
	}
}
