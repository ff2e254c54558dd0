package upload_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// Each test injects one of the answers that a naive client gets wrong and
// checks that the upload still ends with exactly the local bytes as one new
// version, and no session left open.

func TestUpload_CommitAcceptedThenCreated(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.box.CommitAccepted(3, 0)
	lf := sharedFile(t, bigSize)
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	if n := f.box.Stats().Commits; n != 4 {
		t.Errorf("%d commit requests, want 3 answered 202 and one 201", n)
	}
}

func TestUpload_CommitHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.box.CommitAccepted(1, 1)
	f.assertWaitsRetryAfter(t)
}

// assertWaitsRetryAfter uploads and checks that Box's Retry-After of one
// second was sat out before Box's answer was accepted.
func (f *fixture) assertWaitsRetryAfter(t *testing.T) {
	t.Helper()
	lf := sharedFile(t, bigSize)
	start := time.Now()
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("finished in %v despite Retry-After: 1", waited)
	}
}

func TestUpload_CommitAcceptedForeverGivesUp(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.client.Retry.CommitWaits = 3
	f.box.CommitAccepted(100, 0)
	_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, bigSize).path, FileID: f.fileID})
	if upload.KindOf(err) != upload.KindServerError {
		t.Fatalf("got %v, want KindServerError after the allowed waits", err)
	}
	f.assertUntouched(t)
}

func TestUpload_CommitCancelledWhileWaiting(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.box.CommitAccepted(100, 60)
	ctx, cancel := context.WithCancel(f.ctx)
	log := progressLog{onAny: func(p upload.Progress) {
		if p.Phase == upload.PhaseFinishing {
			cancel()
		}
	}}
	_, err := f.client.Upload(ctx, upload.Request{Path: sharedFile(t, bigSize).path, FileID: f.fileID, Progress: log.record})
	if upload.KindOf(err) != upload.KindCanceled {
		t.Fatalf("got %v, want a cancellation during the 60 s wait", err)
	}
	f.assertUntouched(t)
}

func TestUpload_TransientPartsMismatch(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.box.CommitPartsMismatch(2)
	lf := sharedFile(t, bigSize)
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
}

func TestUpload_RateLimitedHonoursRetryAfter(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.box.RateLimit(3, 1)
	f.assertWaitsRetryAfter(t)
}

func TestUpload_ServerErrorsAreRetried(t *testing.T) {
	t.Parallel()
	for _, status := range []int{500, 502, 503, 504} {
		f := newFixture(t, boxtest.Options{})
		lf := sharedFile(t, bigSize)
		f.box.ServerErrors(3, status)
		got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
		if err != nil {
			t.Fatalf("status %d: %v", status, err)
		}
		f.assertNewVersion(t, got, lf)
	}
}

func TestUpload_ServerDownGivesUp(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.box.ServerErrors(1000, 503)
	_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, bigSize).path, FileID: f.fileID})
	if upload.KindOf(err) != upload.KindServerError {
		t.Fatalf("got %v, want KindServerError", err)
	}
}

func TestUpload_ConnectionResetMidPart(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	lf := sharedFile(t, bigSize)
	f.box.ResetPart(2)
	f.box.ResetPart(5)
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	if st := f.box.Stats(); st.PartUploads != 9 {
		t.Errorf("%d part uploads, want 7 plus 2 retries", st.PartUploads)
	}
}

func TestUpload_PartStoredButAnswered500(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	lf := sharedFile(t, bigSize)
	f.box.FailPart(3, true)
	f.box.FailPart(4, false)
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	if st := f.box.Stats(); st.OverlapConflicts != 1 || st.PartsStored != 7 {
		t.Errorf("stats %+v: want the stored part recognised through one overlap answer, 7 parts", st)
	}
}

func TestUpload_ExpiredTokenRefreshedOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	tokens := newRefreshingTokens(f.box)
	f.client.Tokens = tokens
	lf := sharedFile(t, bigSize)
	f.box.ExpireTokensAtPart(3) // while parts 1 to 4 are in flight
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	if tokens.refreshes != 1 || f.box.Stats().ReusedRefreshTokens != 0 {
		t.Errorf("%d refreshes (%d reused tokens), want exactly one for all parts in flight",
			tokens.refreshes, f.box.Stats().ReusedRefreshTokens)
	}
}

func TestUpload_DeveloperTokenExpiredNeedsSignIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.box.ExpireAccessTokens()
	_, err := f.client.Upload(f.ctx, upload.Request{Path: sharedFile(t, bigSize).path, FileID: f.fileID})
	if upload.KindOf(err) != upload.KindSignInNeeded {
		t.Fatalf("got %v, want KindSignInNeeded", err)
	}
	if token, _ := f.client.Tokens.Token(f.ctx); strings.Contains(err.Error(), token) {
		t.Errorf("the error shows the token: %v", err)
	}
}

func TestUpload_LostCommitAnswer(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	lf := sharedFile(t, bigSize)
	f.box.LoseCommit()
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
}

func TestUpload_LostCommitAnswerNewFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	lf := sharedFile(t, bigSize)
	f.box.LoseCommit()
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FolderID: "0", Name: "New.mov"})
	if err != nil {
		t.Fatal(err)
	}
	if st, ok := f.box.File(got.ID); !ok || st.SHA1 != lf.sha1 || st.Name != "New.mov" {
		t.Errorf("Box holds %+v, want New.mov with sha1 %s", st, lf.sha1)
	}
}

func TestUpload_SimpleUploadRetriedAfterServerError(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	lf := sharedFile(t, 3*mib)
	f.box.ServerErrors(1, 502)
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
}

// flakyTokens fails to renew once for lack of network, as a laptop waking
// up before its Wi-Fi does.
type flakyTokens struct {
	*refreshingTokens
	failed bool
}

func (f *flakyTokens) Refresh(ctx context.Context, rejected string) (string, error) {
	if !f.failed {
		f.failed = true
		return "", &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("network is unreachable")}
	}
	return f.refreshingTokens.Refresh(ctx, rejected)
}

func TestUpload_RenewalWaitsForTheNetwork(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{})
	f.client.Parallel = 1 // one part at a time: one renewal
	f.client.Tokens = &flakyTokens{refreshingTokens: newRefreshingTokens(f.box)}
	lf := sharedFile(t, bigSize)
	f.box.ExpireTokensAtPart(2)
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatalf("a renewal that failed once for lack of network ended the upload: %v", err)
	}
	f.assertNewVersion(t, got, lf)
}
