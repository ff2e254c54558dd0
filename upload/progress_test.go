package upload_test

import (
	"testing"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// TestProgress_MovesWhileAPartIsSent sends one file in one request over a
// slow link: the progress bar must move while it goes, not jump at the end.
func TestProgress_MovesWhileAPartIsSent(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{BandwidthPerConn: 4 << 20})
	file := ownFile(t, 12<<20) // one simple upload, 3 s
	var log progressLog
	if _, err := f.client.Upload(f.ctx, upload.Request{Path: file.path, FileID: f.fileID, Progress: log.record}); err != nil {
		t.Fatal(err)
	}
	between := map[int64]bool{}
	for _, p := range log.snapshots() {
		if p.Sent > 0 && p.Sent < p.Total {
			between[p.Sent] = true
		}
	}
	if len(between) < 5 {
		t.Errorf("over 3 s of sending, progress told %d amounts between 0 and the whole, want it moving (at least 5)", len(between))
	}
}
