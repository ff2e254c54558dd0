package upload

import (
	"context"
	"errors"
	"fmt"
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
	cl := call{op: "check upload to folder " + t.folderID, method: http.MethodOptions, url: c.apiURL() + "/files/content", rep: rep}
	if t.fileID != "" {
		cl.url = fmt.Sprintf("%s/files/%s/content", c.apiURL(), url.PathEscape(t.fileID))
		cl.op = "check upload to file " + t.fileID
		if body.Name == "" {
			body.Name = t.boxName
		}
	} else {
		body.Parent = &boxapi.Ref{ID: t.folderID}
	}
	var out struct {
		UploadURL string `json:"upload_url"`
	}
	_, err := c.sendJSON(ctx, cl, body, &out)
	if t.fileID != "" && preflightMissing(err) {
		// Box's spec has no new-version preflight: without it, the session
		// creation tells what it would have, on the configured host.
		return nil
	}
	if err != nil {
		return err
	}
	c.hosts().learn(t.place(), uploadBase(out.UploadURL))
	return nil
}

// preflightMissing tells whether err is a refusal that says nothing about
// the upload: 404 or 405 (the check is not there, or the file is not: the
// session creation says so then), or a 400 whose code we do not know.
func preflightMissing(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.Status {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return true
	case http.StatusBadRequest:
		return ae.Kind() == KindUnknown
	}
	return false
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

// forget drops place's host if it is still base.
func (h *hostCache) forget(place, base string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.bases[place] == base {
		delete(h.bases, place)
	}
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

// onUploadHost runs send against t's upload host. When that is a host a
// preflight named and it cannot be reached (send fails fast there), the
// host is forgotten and send runs again on the configured one.
func (c *Client) onUploadHost(t target, send func(base string, failFast bool) error) error {
	base := c.uploadURLFor(t)
	learned := base != c.uploadURL()
	err := send(base, learned)
	if learned && KindOf(err) == KindNetwork {
		c.hosts().forget(t.place(), base)
		err = send(c.uploadURL(), false)
	}
	return err
}
