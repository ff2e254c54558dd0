package boxtest_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"boxuploader/upload/boxapi"
)

// chunkedSetup creates a file and a version session for 3 parts of data.
func chunkedSetup(t *testing.T) (*client, string, boxapi.UploadSession, []byte) {
	c := start(t, smallParts)
	id := c.srv.AddFile("0", "a.bin", nil)
	data := randomBytes(4096*2 + 500)
	return c, id, c.newVersionSession(id, len(data)), data
}

func TestFailPart(t *testing.T) {
	t.Parallel()
	c, _, sess, data := chunkedSetup(t)
	c.srv.FailPart(1, false)
	c.srv.FailPart(3, true)

	wantError(t, c.putRange(sess, data, 0, 4095), http.StatusInternalServerError, "internal_server_error")
	c.putPart(sess, data, 0) // the retry works: nothing was stored
	first, last := partRange(sess, data, 1)
	wantError(t, c.putRange(sess, data, first, last), http.StatusInternalServerError, "internal_server_error")
	// Stored despite the 500: the retry hits the stored part.
	wantError(t, c.putRange(sess, data, first, last), http.StatusRequestedRangeNotSatisfiable, "range_overlaps_existing_part")
	if st := c.srv.Stats(); st.PartUploads != 4 || st.PartsStored != 2 {
		t.Errorf("stats = %+v", st)
	}
}

func TestResetPart(t *testing.T) {
	t.Parallel()
	c, _, sess, data := chunkedSetup(t)
	c.srv.ResetPart(1)
	first, last := partRange(sess, data, 0)
	if resp, err := put(c.token, sess.SessionEndpoints.UploadPart, data[first:last+1], fmt.Sprintf("bytes %d-%d/%d", first, last, len(data))); err == nil {
		resp.Body.Close()
		t.Fatalf("reset part answered %d", resp.StatusCode)
	}
	if st, _ := c.srv.Session(sess.ID); len(st.Parts) != 0 {
		t.Errorf("reset part was stored")
	}
	c.putPart(sess, data, 0)
}

// TestBodyCutShort hangs up halfway through a part: nothing may be stored.
func TestBodyCutShort(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	id := c.srv.AddFile("0", "a.bin", nil)
	data := randomBytes(4096 * 2)
	sess := c.newVersionSession(id, len(data))

	u, _ := url.Parse(sess.SessionEndpoints.UploadPart)
	conn, err := net.DialTimeout("tcp", u.Host, waitLimit)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(waitLimit))
	// Expect: 100-continue makes the server say when the handler starts
	// reading the body: the signal that the cut lands inside the handler.
	fmt.Fprintf(conn, "PUT %s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nContent-Length: 4096\r\nContent-Range: bytes 0-4095/8192\r\nDigest: sha=%s\r\nExpect: 100-continue\r\n\r\n",
		u.Path, u.Host, c.token, sha1B64(data[:4096]))
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.HasPrefix(status, "HTTP/1.1 100 ") {
		t.Fatalf("waiting for 100 Continue: %q, %v", status, err)
	}
	conn.Write(data[:2000])
	conn.Close()

	closed := make(chan struct{})
	go func() {
		c.srv.Close() // waits for the handler to give up
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(waitLimit):
		t.Fatal("the handler of the part cut short never gave up")
	}
	if st, _ := c.srv.Session(sess.ID); len(st.Parts) != 0 {
		t.Errorf("a part cut short was stored: %+v", st.Parts)
	}
}

func TestRateLimitAndServerErrors(t *testing.T) {
	t.Parallel()
	c := start(t, smallParts)
	c.srv.RateLimit(2, 7)
	c.srv.ServerErrors(1, http.StatusServiceUnavailable)
	for range 2 {
		resp := c.do("GET", c.srv.APIURL+"/users/me", nil)
		if got := resp.Header.Get("Retry-After"); got != "7" {
			t.Errorf("Retry-After = %q", got)
		}
		wantError(t, resp, http.StatusTooManyRequests, "rate_limit_exceeded")
	}
	wantError(t, c.do("POST", c.srv.UploadURL+"/files/upload_sessions", nil), http.StatusServiceUnavailable, "unavailable")
	decode(t, c.do("GET", c.srv.APIURL+"/users/me", nil), http.StatusOK, nil)

	c.srv.ServerErrors(1, http.StatusBadGateway)
	wantError(t, c.do("GET", c.srv.APIURL+"/users/me", nil), http.StatusBadGateway, "bad_gateway")
	decode(t, c.do("GET", c.srv.APIURL+"/users/me", nil), http.StatusOK, nil)
}

func TestCommitFaults(t *testing.T) {
	t.Parallel()
	c, id, sess, data := chunkedSetup(t)
	parts := c.putAll(sess, data)
	req := boxapi.CommitRequest{Parts: parts}

	c.srv.CommitAccepted(2, 3)
	c.srv.CommitPartsMismatch(1)
	for range 2 {
		resp := c.commit(sess, data, req)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusAccepted || resp.Header.Get("Retry-After") != "3" || len(body) != 0 {
			t.Errorf("commit: %d Retry-After %q body %q, want 202 with Retry-After 3", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
	}
	wantError(t, c.commit(sess, data, req), http.StatusBadRequest, "parts_mismatch")
	if f, _ := c.srv.File(id); len(f.Versions) != 1 {
		t.Fatalf("a faulty commit committed")
	}
	decode(t, c.commit(sess, data, req), http.StatusCreated, nil)
	if st := c.srv.Stats(); st.Commits != 4 {
		t.Errorf("Stats.Commits = %d", st.Commits)
	}
}

func TestLoseCommit(t *testing.T) {
	t.Parallel()
	c, id, sess, data := chunkedSetup(t)
	parts := c.putAll(sess, data)
	c.srv.LoseCommit()

	// A failed commit leaves the fault armed for the next successful one.
	wantError(t, c.commit(sess, data[1:], boxapi.CommitRequest{Parts: parts}), http.StatusBadRequest, "digest_mismatch")

	req, _ := http.NewRequest("POST", sess.SessionEndpoints.Commit, jsonReader(t, boxapi.CommitRequest{Parts: parts}))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Digest", "sha="+sha1B64(data))
	if resp, err := httpClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("lost commit answered %d", resp.StatusCode)
	}
	if f, _ := c.srv.File(id); f.SHA1 != sha1Hex(data) || len(f.Versions) != 2 {
		t.Errorf("lost commit was not applied: %+v", f)
	}
	wantError(t, c.commit(sess, data, boxapi.CommitRequest{Parts: parts}), http.StatusNotFound, "not_found")
}
