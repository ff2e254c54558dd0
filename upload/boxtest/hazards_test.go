package boxtest_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"boxuploader/upload/boxapi"
)

// TestNearUploadHost: sessions created on the preflight's host name that
// host in their endpoints, and the second host serves no API.
func TestNearUploadHost(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	id := c.srv.AddFile("0", "a.bin", nil)
	data := randomBytes(4096*2 + 500)
	var sess boxapi.UploadSession
	decode(t, c.do("POST", c.srv.NearUploadURL+"/files/"+id+"/upload_sessions", boxapi.CreateSessionRequest{FileSize: int64(len(data))}), http.StatusCreated, &sess)
	if !strings.HasPrefix(sess.SessionEndpoints.UploadPart, c.srv.NearUploadURL+"/") {
		t.Errorf("upload_part = %s, want on %s", sess.SessionEndpoints.UploadPart, c.srv.NearUploadURL)
	}
	parts := c.putAll(sess, data)
	decode(t, c.commit(sess, data, boxapi.CommitRequest{Parts: parts}), http.StatusCreated, nil)
	near := strings.TrimSuffix(c.srv.NearUploadURL, "/api/2.0")
	wantError(t, c.do("GET", near+"/2.0/users/me", nil), http.StatusNotFound, "not_found")
	if st := c.srv.Stats(); st.DefaultHostUploads != 0 || st.NearUploads != 1+len(parts)+1 {
		t.Errorf("stats = %+v, want every upload request on the near host", st)
	}
}

// TestStallPart: a stalled part gets no answer however long the client
// waits (here 300 ms), and nothing of it is stored.
func TestStallPart(t *testing.T) {
	t.Parallel()
	c, _, sess, data := chunkedSetup(t)
	c.srv.StallPart(1)
	first, last := partRange(sess, data, 0)
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "PUT", sess.SessionEndpoints.UploadPart, bytes.NewReader(data[first:last+1]))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", first, last, len(data)))
	req.Header.Set("Digest", "sha="+sha1B64(data[first:last+1]))
	if resp, err := httpClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("a stalled part got an answer: %d", resp.StatusCode)
	}
	if st, _ := c.srv.Session(sess.ID); len(st.Parts) != 0 {
		t.Errorf("stalled part was stored")
	}
	c.putPart(sess, data, 0)
}

func TestCorruptPart(t *testing.T) {
	t.Parallel()
	c, _, sess, data := chunkedSetup(t)
	c.srv.CorruptPart(1)
	first, last := partRange(sess, data, 0)
	e := wantError(t, c.putRange(sess, data, first, last), http.StatusBadRequest, "digest_mismatch")
	if !strings.Contains(e.Message, "Expected: "+sha1B64(data[first:last+1])) {
		t.Errorf("message = %q", e.Message)
	}
	c.putPart(sess, data, 0) // nothing was stored: the same part goes in
	if st := c.srv.Stats(); st.CorruptedParts != 1 || st.PartsStored != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestReserveName(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	id := c.srv.AddFile("0", "a.bin", nil)
	c.srv.ReserveName(1)
	req := boxapi.CreateSessionRequest{FileSize: 10000}
	wantError(t, c.do("POST", c.srv.UploadURL+"/files/"+id+"/upload_sessions", req), http.StatusConflict, "name_temporarily_reserved")
	decode(t, c.do("POST", c.srv.UploadURL+"/files/"+id+"/upload_sessions", req), http.StatusCreated, nil)
}

func TestSessionConflict(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	id := c.srv.AddFile("0", "a.bin", nil)
	foreign := c.srv.OpenForeignSession(id)
	e := wantError(t, c.do("POST", c.srv.UploadURL+"/files/"+id+"/upload_sessions", boxapi.CreateSessionRequest{FileSize: 10000}), http.StatusConflict, "session_conflict")
	if !strings.Contains(string(e.ContextInfo), foreign) {
		t.Errorf("context_info = %s, want session %s", e.ContextInfo, foreign)
	}

	other := c.srv.AddFile("0", "b.bin", nil)
	c.srv.LoseSessionCreate()
	req, _ := http.NewRequest("POST", c.srv.UploadURL+"/files/"+other+"/upload_sessions", jsonReader(t, boxapi.CreateSessionRequest{FileSize: 10000}))
	req.Header.Set("Authorization", "Bearer "+c.token)
	if resp, err := httpClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("lost creation answered %d", resp.StatusCode)
	}
	e = wantError(t, c.do("POST", c.srv.UploadURL+"/files/"+other+"/upload_sessions", boxapi.CreateSessionRequest{FileSize: 10000}), http.StatusConflict, "session_conflict")
	if st := c.srv.Stats(); st.SessionsCreated != 1 || st.OpenSessions != 2 {
		t.Errorf("stats = %+v, context_info = %s", st, e.ContextInfo)
	}
}

func TestFolderOwnerLimitAndNames(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	small := c.srv.AddFolder("0", "Shared")
	c.srv.SetFolderMaxUploadSize(small, 1000)
	preflight := func(name string, size int64, parent string) *http.Response {
		return c.do("OPTIONS", c.srv.APIURL+"/files/content", boxapi.PreflightRequest{Name: name, Size: size, Parent: &boxapi.Ref{ID: parent}})
	}
	wantError(t, preflight("a.bin", 1001, small), http.StatusForbidden, "file_size_limit_exceeded")
	decode(t, preflight("a.bin", 1001, "0"), http.StatusOK, nil) // the user's own limit is larger
	decode(t, preflight(strings.Repeat("字", 255), 1, "0"), http.StatusOK, nil)
	decode(t, preflight(" a", 1, "0"), http.StatusOK, nil) // Box's spec forbids trailing spaces only
	for _, bad := range []string{strings.Repeat("a", 256), "a/b", `a\b`, "a ", ".", "..", "a\tb"} {
		wantError(t, preflight(bad, 1, "0"), http.StatusBadRequest, "item_name_invalid")
	}
}
