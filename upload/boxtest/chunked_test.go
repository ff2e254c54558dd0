package boxtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
)

func TestChunkedNewVersion(t *testing.T) {
	t.Parallel()
	opts := smallParts
	opts.Dir = t.TempDir()
	c := start(t, opts)
	id := c.srv.AddFile("0", "big.bin", []byte("old"))
	before, _ := c.srv.File(id)
	data := randomBytes(4096*2 + 1000)

	sess := c.newVersionSession(id, len(data))
	base := c.srv.UploadURL + "/files/upload_sessions/" + sess.ID
	if sess.Type != "upload_session" || len(sess.ID) != 32 || strings.ToUpper(sess.ID) != sess.ID ||
		sess.PartSize != 4096 || sess.TotalParts != 3 || sess.NumPartsProcessed != 0 ||
		sess.SessionEndpoints != (boxapi.SessionEndpoints{
			UploadPart: base, Commit: base + "/commit", Abort: base,
			ListParts: base + "/parts", Status: base, LogEvent: base + "/log",
		}) {
		t.Fatalf("session = %+v", sess)
	}
	if d := time.Until(sess.SessionExpiresAt.Time); d < 6*24*time.Hour || d > 7*24*time.Hour {
		t.Errorf("session expires in %v", d)
	}

	parts := c.putAll(sess, data)
	for i, p := range parts {
		first, last := partRange(sess, data, i)
		if len(p.PartID) != 8 || p.Offset != first || p.Size != last-first+1 || p.SHA1 != sha1Hex(data[first:last+1]) {
			t.Errorf("part %d = %+v", i, p)
		}
	}
	var list boxapi.UploadParts
	decode(t, c.do("GET", sess.SessionEndpoints.ListParts, nil), http.StatusOK, &list)
	if list.TotalCount != 3 || len(list.Entries) != 3 || list.Entries[2] != parts[2] {
		t.Errorf("list = %+v", list)
	}
	var status boxapi.UploadSession
	decode(t, c.do("GET", sess.SessionEndpoints.Status, nil), http.StatusOK, &status)
	if status.NumPartsProcessed != 3 {
		t.Errorf("num_parts_processed = %d", status.NumPartsProcessed)
	}
	if n := spooledFiles(t, opts.Dir); n != 3 {
		t.Errorf("%d spooled files, want 3", n)
	}

	modified := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	var files boxapi.Files
	decode(t, c.commit(sess, data, boxapi.CommitRequest{Parts: parts, Attributes: &boxapi.Attributes{ContentModifiedAt: boxapi.Time{Time: modified}}},
		"If-Match", before.ETag), http.StatusCreated, &files)
	f := files.Entries[0]
	after, _ := c.srv.File(id)
	if files.TotalCount != 1 || f.ID != id || f.SHA1 != sha1Hex(data) || f.Size != int64(len(data)) || f.ETag != "1" || f.Name != "big.bin" ||
		f.FileVersion.ID != after.VersionID || !f.ContentModifiedAt.Equal(modified) {
		t.Errorf("committed file = %+v", f)
	}
	if after.SHA1 != sha1Hex(data) || after.Size != int64(len(data)) || len(after.Versions) != 2 || after.Versions[0] != before.Versions[0] {
		t.Errorf("file state = %+v", after)
	}
	if st := c.srv.Stats(); st.OpenSessions != 0 || st.SessionsCreated != 1 || st.PartsStored != 3 || st.PartUploads != 3 || st.Commits != 1 {
		t.Errorf("stats = %+v", st)
	}
	if n := spooledFiles(t, opts.Dir); n != 0 {
		t.Errorf("%d spooled files left after commit", n)
	}
	for _, req := range [][2]string{{"GET", sess.SessionEndpoints.Status}, {"GET", sess.SessionEndpoints.ListParts}, {"DELETE", sess.SessionEndpoints.Abort}} {
		wantError(t, c.do(req[0], req[1], nil), http.StatusNotFound, "not_found")
	}
	wantError(t, c.commit(sess, data, boxapi.CommitRequest{Parts: parts}), http.StatusNotFound, "not_found")
}

// spooledFiles counts the files under dir.
func spooledFiles(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestChunkedNewFile(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	folder := c.srv.AddFolder("0", "Up")
	data := randomBytes(4096 * 2) // an exact multiple of part_size: no empty last part

	var sess boxapi.UploadSession
	decode(t, c.do("POST", c.srv.UploadURL+"/files/upload_sessions",
		boxapi.CreateSessionRequest{FolderID: folder, FileSize: int64(len(data)), FileName: "new.bin"}), http.StatusCreated, &sess)
	if sess.TotalParts != 2 {
		t.Fatalf("total_parts = %d", sess.TotalParts)
	}
	parts := c.putAll(sess, data)
	var files boxapi.Files
	// If-Match means nothing for a new file.
	decode(t, c.commit(sess, data, boxapi.CommitRequest{Parts: parts}, "If-Match", "7"), http.StatusCreated, &files)
	f, ok := c.srv.File(files.Entries[0].ID)
	if !ok || f.Name != "new.bin" || f.ParentID != folder || f.SHA1 != sha1Hex(data) || len(f.Versions) != 1 {
		t.Errorf("new file = %+v", f)
	}
}

func TestCreateSessionChecks(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{PartSize: 4096})
	id := c.srv.AddFile("0", "a.bin", []byte("x"))
	create := func(req boxapi.CreateSessionRequest) *http.Response {
		return c.do("POST", c.srv.UploadURL+"/files/upload_sessions", req)
	}
	createVersion := func(id string, size int64) *http.Response {
		return c.do("POST", c.srv.UploadURL+"/files/"+id+"/upload_sessions", boxapi.CreateSessionRequest{FileSize: size})
	}
	const big = 20000000
	wantError(t, create(boxapi.CreateSessionRequest{FileSize: big, FileName: "b"}), http.StatusBadRequest, "missing_destination")
	wantError(t, create(boxapi.CreateSessionRequest{FolderID: "0", FileName: "b"}), http.StatusBadRequest, "missing_file_size")
	wantError(t, create(boxapi.CreateSessionRequest{FolderID: "0", FileSize: big}), http.StatusBadRequest, "missing_file_name")
	wantError(t, create(boxapi.CreateSessionRequest{FolderID: "0", FileSize: big - 1, FileName: "b"}), http.StatusBadRequest, "file_size_too_small")
	wantError(t, create(boxapi.CreateSessionRequest{FolderID: "9", FileSize: big, FileName: "b"}), http.StatusNotFound, "not_found")
	wantError(t, create(boxapi.CreateSessionRequest{FolderID: "0", FileSize: big, FileName: "a.bin"}), http.StatusConflict, "item_name_in_use")
	wantError(t, create(boxapi.CreateSessionRequest{FolderID: "0", FileSize: big, FileName: "a/b"}), http.StatusBadRequest, "item_name_invalid")
	wantError(t, createVersion(id, big-1), http.StatusBadRequest, "file_size_too_small")
	wantError(t, createVersion("9", big), http.StatusNotFound, "not_found")
	wantError(t, createVersion(id, 6<<30), http.StatusForbidden, "file_size_limit_exceeded")
	c.srv.SetUser(func(u *boxapi.User) { u.SpaceAmount = big })
	wantError(t, createVersion(id, big), http.StatusForbidden, "storage_limit_exceeded")
	c.srv.SetUser(func(u *boxapi.User) { u.SpaceAmount = 10 << 30 })
	c.srv.SetFolderCanUpload("0", false)
	wantError(t, create(boxapi.CreateSessionRequest{FolderID: "0", FileSize: big, FileName: "b"}), http.StatusForbidden, "access_denied_insufficient_permissions")
	c.srv.SetCanUpload(id, false)
	wantError(t, createVersion(id, big), http.StatusForbidden, "access_denied_insufficient_permissions")
	c.srv.SetLocked(id, true)
	wantError(t, createVersion(id, big), http.StatusForbidden, "access_denied_item_locked")
	if st := c.srv.Stats(); st.SessionsCreated != 0 {
		t.Errorf("sessions created: %d", st.SessionsCreated)
	}
}

func TestPartValidation(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	id := c.srv.AddFile("0", "a.bin", nil)
	data := randomBytes(4096*2 + 100)
	sess := c.newVersionSession(id, len(data))
	part := data[:4096]

	put := func(body []byte, contentRange, digest string, contentLength int64) *http.Response {
		req, _ := http.NewRequest("PUT", sess.SessionEndpoints.UploadPart, strings.NewReader(string(body)))
		req.ContentLength = contentLength
		req.Header.Set("Authorization", "Bearer "+c.token)
		if contentRange != "" {
			req.Header.Set("Content-Range", contentRange)
		}
		if digest != "" {
			req.Header.Set("Digest", digest)
		}
		resp, err := httpClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	total := len(data)
	const rangeErr = "requested_range_not_satisfiable"
	tests := []struct {
		name          string
		body          []byte
		contentRange  string
		digest        string
		contentLength int64
		status        int
		code          string
	}{
		{"no Content-Length", part, "bytes 0-4095/8292", "sha=" + sha1B64(part), -1, http.StatusLengthRequired, "length_required"},
		{"no Content-Range", part, "", "sha=" + sha1B64(part), 4096, http.StatusRequestedRangeNotSatisfiable, rangeErr},
		{"malformed range", part, "bytes=0-4095/8292", "sha=" + sha1B64(part), 4096, http.StatusRequestedRangeNotSatisfiable, rangeErr},
		{"misaligned", part, "bytes 1-4096/8292", "sha=" + sha1B64(part), 4096, http.StatusRequestedRangeNotSatisfiable, rangeErr},
		{"wrong total", part, "bytes 0-4095/9000", "sha=" + sha1B64(part), 4096, http.StatusRequestedRangeNotSatisfiable, rangeErr},
		{"short non-final", part[:4000], "bytes 0-3999/8292", "sha=" + sha1B64(part[:4000]), 4000, http.StatusRequestedRangeNotSatisfiable, rangeErr},
		{"final too long", data[4096:], "bytes 4096-8291/8292", "sha=" + sha1B64(data[4096:]), 4196, http.StatusRequestedRangeNotSatisfiable, rangeErr},
		{"range longer than body", part[:100], "bytes 0-4095/8292", "sha=" + sha1B64(part[:100]), 100, http.StatusRequestedRangeNotSatisfiable, rangeErr},
		{"no digest", part, "bytes 0-4095/8292", "", 4096, http.StatusBadRequest, "invalid_digest"},
		{"hex digest", part, "bytes 0-4095/8292", "sha=" + sha1Hex(part), 4096, http.StatusBadRequest, "invalid_digest"},
		{"wrong digest", part, "bytes 0-4095/8292", "sha=" + sha1B64(data[1:4097]), 4096, http.StatusBadRequest, "digest_mismatch"},
	}
	if total != 8292 {
		t.Fatal("test table assumes 8292 bytes")
	}
	for _, tt := range tests {
		e := wantError(t, put(tt.body, tt.contentRange, tt.digest, tt.contentLength), tt.status, tt.code)
		if tt.code == "digest_mismatch" && e.Message != fmt.Sprintf("File digest was incorrect. Actual: %s Expected: %s", sha1B64(part), sha1B64(data[1:4097])) {
			t.Errorf("%s: message %q", tt.name, e.Message)
		}
	}
	if st, _ := c.srv.Session(sess.ID); len(st.Parts) != 0 {
		t.Errorf("parts stored after invalid uploads: %+v", st.Parts)
	}

	// A legacy "SHA=" digest and a short final part are fine.
	decode(t, put(data[8192:], "bytes 8192-8291/8292", "SHA="+sha1B64(data[8192:]), 100), http.StatusOK, nil)
}

func TestOverlap(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	id := c.srv.AddFile("0", "a.bin", nil)
	data := randomBytes(4096 * 3)
	sess := c.newVersionSession(id, len(data))
	stored := c.putPart(sess, data, 1)

	e := wantError(t, c.putRange(sess, data, 4096, 8191), http.StatusRequestedRangeNotSatisfiable, "range_overlaps_existing_part")
	var info boxapi.ConflictingPart
	if err := json.Unmarshal(e.ContextInfo, &info); err != nil || info.ConflictingPart != stored {
		t.Errorf("context_info = %s, want part %+v", e.ContextInfo, stored)
	}
	if st := c.srv.Stats(); st.OverlapConflicts != 1 || st.PartsStored != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestConcurrentSameRange(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	id := c.srv.AddFile("0", "a.bin", nil)
	data := randomBytes(4096 * 2)
	sess := c.newVersionSession(id, len(data))

	const n = 8
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			resp, err := put(c.token, sess.SessionEndpoints.UploadPart, data[:4096], "bytes 0-4095/8192")
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		})
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	if count[http.StatusOK] != 1 || count[http.StatusRequestedRangeNotSatisfiable] != n-1 {
		t.Errorf("statuses = %v, want one 200 and the rest 416", count)
	}
	if st, _ := c.srv.Session(sess.ID); len(st.Parts) != 1 {
		t.Errorf("%d parts stored", len(st.Parts))
	}
}

func TestCommitErrors(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	id := c.srv.AddFile("0", "a.bin", nil)
	c.srv.AddFile("0", "taken.bin", nil)
	data := randomBytes(4096*2 + 10)
	sess := c.newVersionSession(id, len(data))
	parts := c.putAll(sess, data)

	missing := []boxapi.UploadPart{parts[0], parts[2]}
	e := wantError(t, c.commit(sess, data, boxapi.CommitRequest{Parts: missing}), http.StatusBadRequest, "parts_mismatch")
	if !strings.Contains(e.Message, "offset 4096") {
		t.Errorf("message %q does not name the gap", e.Message)
	}
	unknown := append([]boxapi.UploadPart(nil), parts...)
	unknown[1].SHA1 = strings.Repeat("0", 40)
	e = wantError(t, c.commit(sess, data, boxapi.CommitRequest{Parts: unknown}), http.StatusBadRequest, "parts_mismatch")
	if !strings.HasPrefix(e.Message, "No matching part found on server for {") {
		t.Errorf("message %q", e.Message)
	}
	unsorted := []boxapi.UploadPart{parts[1], parts[0], parts[2]}
	wantError(t, c.commit(sess, data, boxapi.CommitRequest{Parts: unsorted}), http.StatusBadRequest, "parts_mismatch")
	wantError(t, c.commit(sess, data[1:], boxapi.CommitRequest{Parts: parts}), http.StatusBadRequest, "digest_mismatch")
	wantError(t, c.do("POST", sess.SessionEndpoints.Commit, boxapi.CommitRequest{Parts: parts}), http.StatusBadRequest, "invalid_digest")
	wantError(t, c.commit(sess, data, boxapi.CommitRequest{Parts: parts, Attributes: &boxapi.Attributes{Name: "taken.bin"}}),
		http.StatusConflict, "item_name_in_use")
	c.srv.ModifyRemotely(id)
	wantError(t, c.commit(sess, data, boxapi.CommitRequest{Parts: parts}, "If-Match", "0"), http.StatusPreconditionFailed, "precondition_failed")

	// None of that harmed the session.
	var files boxapi.Files
	decode(t, c.commit(sess, data, boxapi.CommitRequest{Parts: parts, Attributes: &boxapi.Attributes{Name: "renamed.bin"}}, "If-Match", "1"),
		http.StatusCreated, &files)
	if f, _ := c.srv.File(id); f.Name != "renamed.bin" || len(f.Versions) != 3 || f.ETag != "2" {
		t.Errorf("file = %+v", f)
	}
	if st := c.srv.Stats(); st.Commits != 8 {
		t.Errorf("Stats.Commits = %d, want 8", st.Commits)
	}
}

func TestListPartsPaging(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	id := c.srv.AddFile("0", "a.bin", nil)
	data := randomBytes(4096 * 5)
	sess := c.newVersionSession(id, len(data))
	parts := c.putAll(sess, data)

	var page boxapi.UploadParts
	decode(t, c.do("GET", sess.SessionEndpoints.ListParts+"?offset=1&limit=2", nil), http.StatusOK, &page)
	if page.TotalCount != 5 || page.Offset != 1 || page.Limit != 2 || len(page.Entries) != 2 || page.Entries[0] != parts[1] || page.Entries[1] != parts[2] {
		t.Errorf("page = %+v", page)
	}
	decode(t, c.do("GET", sess.SessionEndpoints.ListParts+"?offset=9&limit=5000", nil), http.StatusOK, &page)
	if page.TotalCount != 5 || page.Limit != 1000 || len(page.Entries) != 0 {
		t.Errorf("page = %+v", page)
	}
	wantError(t, c.do("GET", sess.SessionEndpoints.ListParts+"?offset=10001", nil), http.StatusBadRequest, "bad_request")
}

func TestAbortAndExpire(t *testing.T) {
	t.Parallel()
	opts := smallParts
	opts.Dir = t.TempDir()
	c := start(t, opts)
	id := c.srv.AddFile("0", "a.bin", nil)
	data := randomBytes(4096 * 2)

	sess := c.newVersionSession(id, len(data))
	c.putPart(sess, data, 0)
	resp := c.do("DELETE", sess.SessionEndpoints.Abort, nil)
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("abort: %d", resp.StatusCode)
	}
	wantError(t, c.putRange(sess, data, 4096, 8191), http.StatusNotFound, "not_found")
	if st := c.srv.Stats(); st.Aborts != 1 || st.OpenSessions != 0 {
		t.Errorf("stats = %+v", st)
	}
	if n := spooledFiles(t, opts.Dir); n != 0 {
		t.Errorf("%d spooled files left after abort", n)
	}

	sess = c.newVersionSession(id, len(data))
	parts := []boxapi.UploadPart{c.putPart(sess, data, 0)}
	c.srv.ExpireSession(sess.ID)
	if st, ok := c.srv.Session(sess.ID); !ok || !st.Expired || len(st.Parts) != 1 {
		t.Errorf("session state = %+v", st)
	}
	wantError(t, c.putRange(sess, data, 4096, 8191), http.StatusGone, "session_expired")
	wantError(t, c.do("GET", sess.SessionEndpoints.ListParts, nil), http.StatusGone, "session_expired")
	wantError(t, c.do("GET", sess.SessionEndpoints.Status, nil), http.StatusGone, "session_expired")
	wantError(t, c.commit(sess, data, boxapi.CommitRequest{Parts: parts}), http.StatusGone, "session_expired")
	wantError(t, c.do("DELETE", sess.SessionEndpoints.Abort, nil), http.StatusGone, "session_expired")
}
