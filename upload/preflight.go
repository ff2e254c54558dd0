package upload

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"boxuploader/upload/boxapi"
)

// preflight asks Box whether it would take the upload, before a byte is
// hashed or sent: Box answers for the folder's owner (storage full, file
// too large for their plan, no permission, locked, name taken). Its answer
// names the upload host near the person (upload-las.app.box.com, a Box
// Zones host), which the session and later simple uploads to the same
// place then use, as Box's web uploader does.
func (c *Client) preflight(ctx context.Context, size int64, t target, rep *reporter) error {
	body := boxapi.PreflightRequest{Name: t.name, Size: size}
	u := c.apiURL() + "/files/content"
	op := "check upload to folder " + t.folderID
	if t.fileID != "" {
		u = fmt.Sprintf("%s/files/%s/content", c.apiURL(), url.PathEscape(t.fileID))
		op = "check upload to file " + t.fileID
		if body.Name == "" {
			body.Name = t.boxName
		}
	} else {
		body.Parent = &boxapi.Ref{ID: t.folderID}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	resp, err := c.do(ctx, call{
		op: op, method: http.MethodOptions, url: u, header: h, rep: rep,
		body: func() io.Reader { return bytes.NewReader(b) }, length: int64(len(b)),
	})
	if err != nil {
		return err
	}
	var out struct {
		UploadURL string `json:"upload_url"`
	}
	if err := decode(op, resp, &out); err != nil {
		return err
	}
	c.hosts().learn(t.place(), uploadBase(out.UploadURL))
	return nil
}

// uploadBase turns a preflight's upload_url
// (https://upload-las.app.box.com/api/2.0/files/content?upload_session_id=…)
// into the base of that host's API, https://upload-las.app.box.com/api/2.0.
// It is "" when absent or not trustworthy with a token (plain http to
// another machine).
func uploadBase(raw string) string {
	u, err := url.Parse(raw)
	if raw == "" || err != nil || u.Host == "" || (u.Scheme != "https" && (u.Scheme != "http" || !isLoopback(u.Hostname()))) {
		return ""
	}
	path := "/api/2.0"
	if i := strings.Index(u.Path, "/files/"); i >= 0 {
		path = u.Path[:i]
	}
	return u.Scheme + "://" + u.Host + path
}

// hostCache remembers, per place (a folder, or a file for its versions),
// the upload host Box's preflight named.
type hostCache struct {
	mu    sync.Mutex
	bases map[string]string
}

func (h *hostCache) learn(place, base string) {
	if base == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.bases == nil {
		h.bases = map[string]string{}
	}
	h.bases[place] = base
}

func (h *hostCache) get(place string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.bases[place]
}

// place names where t's bytes go, as the upload host cache keys it.
func (t target) place() string {
	if t.fileID != "" {
		return "file " + t.fileID
	}
	return "folder " + t.folderID
}

// uploadURLFor is the upload host for t: the one its place's preflight
// named, else the configured one.
func (c *Client) uploadURLFor(t target) string {
	if base := c.hosts().get(t.place()); base != "" {
		return base
	}
	return c.uploadURL()
}
