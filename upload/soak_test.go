package upload_test

import (
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// TestSoak_EveryFaultAtOnce drives many uploads, each with every fault Box
// can throw injected at random points, and checks for each that Box ends
// with exactly the file's bytes as one new version and no session open.
// The seed is logged: BOXUPLOADER_SOAK_SEED=N reruns a failing series.
func TestSoak_EveryFaultAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("soak: 30 uploads of up to 60 MB, each with every fault")
	}
	t.Parallel()
	seed := uint64(time.Now().UnixNano())
	if s := envSeed(); s != 0 {
		seed = s
	}
	t.Logf("seed %d (set BOXUPLOADER_SOAK_SEED to replay)", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	dir := t.TempDir()
	for i := range 30 {
		size := 20_000_000 + rng.Int64N(40_000_000)
		lf := writeFile(t, filepath.Join(dir, "soak.bin"), size)
		f := newFixture(t, boxtest.Options{})
		tokens := newRefreshingTokens(f.box)
		f.client.Tokens = tokens
		f.client.Parallel = 1 + rng.IntN(6)
		f.client.Retry.StallTimeout = time.Second

		b := f.box
		// Six part faults on the first six part uploads, so that each one
		// happens even to a file of three parts.
		at := rng.Perm(6)
		b.FailPart(1+at[0], true)
		b.FailPart(1+at[1], false)
		b.ResetPart(1 + at[2])
		b.StallPart(1 + at[3])
		b.CorruptPart(1 + at[4])
		b.StallPartAnswer(1 + at[5])
		b.RateLimit(1+rng.IntN(3), 0)
		b.ServerErrors(1+rng.IntN(2), []int{500, 502, 503, 504}[rng.IntN(4)])
		b.CommitAccepted(rng.IntN(4), 0)
		b.CommitPartsMismatch(rng.IntN(2))
		if rng.IntN(2) == 0 {
			b.LoseCommit()
		}
		expireAt := rng.Int64N(size)
		var once sync.Once
		progress := func(p upload.Progress) {
			if p.Sent >= expireAt {
				once.Do(b.ExpireAccessTokens)
			}
		}

		got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID, Progress: progress})
		if err != nil {
			t.Fatalf("upload %d (%d bytes, %d in flight): %v", i, size, f.client.Parallel, err)
		}
		f.assertNewVersion(t, got, lf)
		if st := b.Stats(); st.ReusedRefreshTokens != 0 {
			t.Errorf("upload %d: %d refresh tokens reused", i, st.ReusedRefreshTokens)
		}
		if st := b.Stats(); size >= upload.ChunkedThreshold && (st.StalledParts != 1 || st.CorruptedParts != 1 || st.StalledAnswers != 1) {
			t.Errorf("upload %d: %d stalled parts, %d corrupt parts, %d stalled answers; want one of each",
				i, st.StalledParts, st.CorruptedParts, st.StalledAnswers)
		}
		if t.Failed() {
			t.Fatalf("upload %d (%d bytes, %d in flight) broke the rules above", i, size, f.client.Parallel)
		}
	}
}
