package boxtest_test

import (
	"bytes"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
)

// smallParts keeps chunked tests fast: 4 KiB parts, any size chunked.
var smallParts = boxtest.Options{PartSize: 4096, MinChunkedSize: 1}

// waitLimit bounds every wait in these tests, so that a hung server fails
// the test at hand instead of stalling the run until go test's -timeout.
const waitLimit = time.Minute

// httpClient is for every request the tests send: http.DefaultClient
// would wait forever for a server that never answers.
var httpClient = &http.Client{Timeout: waitLimit}

// client talks to a test server with a valid access token.
type client struct {
	t     *testing.T
	srv   *boxtest.Server
	token string
}

func start(t *testing.T, opts boxtest.Options) *client {
	t.Helper()
	srv := boxtest.NewServer(opts)
	t.Cleanup(srv.Close)
	return &client{t: t, srv: srv, token: srv.NewAccessToken()}
}

// do sends a request; body may be nil, []byte or any value to encode as JSON.
// headers are name, value pairs.
func (c *client) do(method, url string, body any, headers ...string) *http.Response {
	c.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	default:
		r = jsonReader(c.t, b)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	for i := 0; i < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, url, err)
	}
	c.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// decode reads a JSON answer with the wanted status into v (if non-nil).
func decode(t *testing.T, resp *http.Response, status int, v any) {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body %s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, status, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("decoding %s: %v", body, err)
		}
	}
}

// wantError checks that resp is Box's error with the given status and code.
func wantError(t *testing.T, resp *http.Response, status int, code string) boxapi.Error {
	t.Helper()
	var e boxapi.Error
	decode(t, resp, status, &e)
	if e.Type != "error" || e.Status != status || e.Code != code {
		t.Fatalf("error = %+v, want status %d code %q", e, status, code)
	}
	if id := resp.Header.Get("box-request-id"); id == "" || e.RequestID != id {
		t.Errorf("request_id %q, box-request-id header %q", e.RequestID, id)
	}
	return e
}

func jsonReader(t *testing.T, v any) io.Reader {
	t.Helper()
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(j)
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func sha1B64(b []byte) string {
	sum := sha1.Sum(b)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func sha1Hex(b []byte) string {
	sum := sha1.Sum(b)
	return hex.EncodeToString(sum[:])
}

// newVersionSession creates a session for a new version of fileID.
func (c *client) newVersionSession(fileID string, size int) boxapi.UploadSession {
	c.t.Helper()
	var sess boxapi.UploadSession
	resp := c.do("POST", c.srv.UploadURL+"/files/"+fileID+"/upload_sessions", boxapi.CreateSessionRequest{FileSize: int64(size)})
	decode(c.t, resp, http.StatusCreated, &sess)
	return sess
}

// putRange uploads data[first:last+1] as a part.
func (c *client) putRange(sess boxapi.UploadSession, data []byte, first, last int64) *http.Response {
	c.t.Helper()
	part := data[first : last+1]
	return c.do("PUT", sess.SessionEndpoints.UploadPart, part,
		"Content-Type", "application/octet-stream",
		"Content-Range", fmt.Sprintf("bytes %d-%d/%d", first, last, len(data)),
		"Digest", "sha="+sha1B64(part))
}

// partRange is the byte range of part i of data.
func partRange(sess boxapi.UploadSession, data []byte, i int) (first, last int64) {
	first = int64(i) * sess.PartSize
	last = min(first+sess.PartSize, int64(len(data))) - 1
	return first, last
}

// putPart uploads part i and returns the stored part.
func (c *client) putPart(sess boxapi.UploadSession, data []byte, i int) boxapi.UploadPart {
	c.t.Helper()
	first, last := partRange(sess, data, i)
	var up boxapi.UploadedPart
	decode(c.t, c.putRange(sess, data, first, last), http.StatusOK, &up)
	return up.Part
}

// putAll uploads every part, in parallel, and returns them sorted by offset.
func (c *client) putAll(sess boxapi.UploadSession, data []byte) []boxapi.UploadPart {
	c.t.Helper()
	parts := make([]boxapi.UploadPart, sess.TotalParts)
	errs := make(chan error, sess.TotalParts)
	for i := range parts {
		go func() {
			first, last := partRange(sess, data, i)
			resp, err := put(c.token, sess.SessionEndpoints.UploadPart, data[first:last+1],
				fmt.Sprintf("bytes %d-%d/%d", first, last, len(data)))
			if err == nil {
				defer resp.Body.Close()
				var up boxapi.UploadedPart
				err = json.NewDecoder(resp.Body).Decode(&up)
				if resp.StatusCode != http.StatusOK {
					err = fmt.Errorf("part %d: status %d", i, resp.StatusCode)
				}
				parts[i] = up.Part
			}
			errs <- err
		}()
	}
	for range parts {
		if err := <-errs; err != nil {
			c.t.Fatal(err)
		}
	}
	return parts
}

// put is a part upload that does not need a *testing.T, for goroutines.
func put(token, url string, part []byte, contentRange string) (*http.Response, error) {
	req, err := http.NewRequest("PUT", url, bytes.NewReader(part))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Range", contentRange)
	req.Header.Set("Digest", "sha="+sha1B64(part))
	return httpClient.Do(req)
}

// commit posts a commit with the whole file's digest plus extra headers.
func (c *client) commit(sess boxapi.UploadSession, data []byte, req boxapi.CommitRequest, headers ...string) *http.Response {
	c.t.Helper()
	return c.do("POST", sess.SessionEndpoints.Commit, req, append([]string{"Digest", "sha=" + sha1B64(data)}, headers...)...)
}

// multipartBody builds a simple-upload form; fileFirst puts the file
// before the attributes, which Box rejects.
func multipartBody(t *testing.T, attrs boxapi.Attributes, content []byte, fileFirst bool) (body []byte, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	writeAttrs := func() {
		j, _ := json.Marshal(attrs)
		if err := mw.WriteField("attributes", string(j)); err != nil {
			t.Fatal(err)
		}
	}
	writeFile := func() {
		fw, err := mw.CreateFormFile("file", "upload.bin")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	if fileFirst {
		writeFile()
		writeAttrs()
	} else {
		writeAttrs()
		writeFile()
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}
