package main

import (
	"math/rand/v2"
	"testing"
	"time"

	"boxuploader/upload/boxtest"
)

// TestCLI_KilledUploadGoesOn kills the real `upload` command (SIGKILL) at a
// random moment, runs it again, and checks that the upload completes as one
// new version with no more bytes sent twice than the parts in flight.
func TestCLI_KilledUploadGoesOn(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: six uploads of a 200 MB file, at a speed the kills can catch")
	}
	t.Parallel() // its servers are its own
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	path, sum := writeFile(t, "film.mov", 200_000_000)
	const parallel, partSize = 4, 8 << 20
	for round := range 3 {
		box := boxtest.NewServer(boxtest.Options{BandwidthPerConn: 30 << 20})
		t.Cleanup(box.Close) // if a round fails; closing twice does nothing
		id := box.AddFile("0", "Film.mov", []byte("v1"))
		env := boxEnv(box)
		env["HOME"] = t.TempDir() // the journal lives under it, across both runs

		cmd := start(t, env, "upload", "--parallel", "4", "--file-id", id, path)
		// A random moment on purpose, not a wait for something: over many
		// runs the kill lands in every step of the upload.
		wait := time.Duration(200+rng.IntN(1300)) * time.Millisecond
		select {
		case <-cmd.done:
			t.Fatalf("round %d: the upload ended (%v) before the kill after %v; stderr %q", round, cmd.err, wait, cmd.stderr.String())
		case <-time.After(wait):
		}
		cmd.kill()

		r := run(t, env, "upload", "--parallel", "4", "--file-id", id, path)
		if r.code != 0 {
			t.Fatalf("round %d (killed after %v): exit %d, %s", round, wait, r.code, r.stderr)
		}
		st, _ := box.File(id)
		stats := box.Stats()
		if st.SHA1 != sum || len(st.Versions) != 2 || stats.OpenSessions != 0 {
			t.Errorf("round %d (killed after %v): Box holds %s in %d versions, %d sessions open",
				round, wait, st.SHA1, len(st.Versions), stats.OpenSessions)
		}
		if resent := stats.PartBytes - 200_000_000; resent > parallel*partSize {
			t.Errorf("round %d (killed after %v): %d bytes sent twice, more than %d parts in flight", round, wait, resent, parallel)
		}
		t.Logf("round %d: killed after %v, %d MB sent again", round, wait, max(0, stats.PartBytes-200_000_000)/1_000_000)
		box.Close()
	}
}
