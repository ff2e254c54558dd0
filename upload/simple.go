package upload

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"

	"boxuploader/upload/boxapi"
)

// uploadSimple sends a small file in one multipart request. The file is read
// twice (once for the SHA-1 Box wants up front, once to send it), never held
// in memory, and Box checks the bytes it got against that SHA-1.
func (c *Client) uploadSimple(ctx context.Context, l *local, t target, rep *reporter) (*boxapi.File, error) {
	sum, err := l.sha1()
	if err != nil {
		return nil, err
	}
	r, err := c.simpleRequest(ctx, l, t, sum)
	if err != nil {
		return nil, err
	}
	prefix, suffix, contentType, err := envelope(r.attrs)
	if err != nil {
		return nil, err
	}
	r.header.Set("Content-Type", contentType)

	b := c.budget() // a small file is one part in flight
	f, err := b.fly(ctx)
	if err != nil {
		return nil, err
	}
	rep.setPhase(PhaseUploading)
	counter := rep.counter()
	var resp *http.Response
	err = c.onUploadHost(t, func(base string, failFast bool) error {
		var err error
		resp, err = c.do(ctx, call{
			op: r.op, method: http.MethodPost, url: base + r.path, header: r.header, counter: counter, rep: rep,
			length: int64(len(prefix)) + l.size + int64(len(suffix)), failFast: failFast, congested: b.congested,
			body: func() io.Reader {
				return io.MultiReader(bytes.NewReader(prefix), io.NewSectionReader(l.f, 0, l.size), bytes.NewReader(suffix))
			},
		})
		return err
	})
	rep.release(counter)
	if err != nil {
		b.land(f, 0)
		return c.simpleFailed(ctx, l, t, sum, rep, err)
	}
	b.land(f, l.size)
	rep.setPhase(PhaseFinishing)
	var files boxapi.Files
	if err := decode(r.op, resp, &files); err != nil {
		return nil, err
	}
	rep.confirm(l.size, false)
	return fileOf(r.op, &files)
}

// sha1 hashes the whole file. A file still being written has grown past
// the size we send: the hash and the body would agree on a truncated file
// that Box cannot refuse, so a change since the start fails here.
func (l *local) sha1() (string, error) {
	h := sha1.New()
	if _, err := io.Copy(h, io.NewSectionReader(l.f, 0, l.size)); err != nil {
		return "", &FileError{kind: KindUnreadable, Path: l.path, Err: err}
	}
	if err := l.unchanged(); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// simpleRequest is where (the path on an upload host) and with what a
// simple upload goes.
type simpleRequest struct {
	op, path string
	header   http.Header
	attrs    boxapi.Attributes
}

// simpleRequest builds the simple upload's address, headers and
// attributes. Box requires a name: a new file's, a new version's new name,
// or else the Box file's own. The answer is asked for the fields the caller
// shows, so that no second look-up is needed.
func (c *Client) simpleRequest(ctx context.Context, l *local, t target, sum string) (simpleRequest, error) {
	r := simpleRequest{
		op:     "upload new file to folder " + t.folderID,
		path:   "/files/content",
		header: http.Header{},
		attrs:  boxapi.Attributes{Name: t.name, ContentModifiedAt: boxapi.Time{Time: l.modTime}},
	}
	r.header.Set("Content-MD5", sum) // Box's name; it carries the SHA-1 in hex
	if t.fileID == "" {
		r.attrs.Parent = &boxapi.Ref{ID: t.folderID}
	} else {
		r.op = "upload new version of file " + t.fileID
		r.path = fmt.Sprintf("/files/%s/content", url.PathEscape(t.fileID))
		if t.etag != "" {
			r.header.Set("If-Match", t.etag)
		}
		if r.attrs.Name == "" {
			r.attrs.Name = t.boxName
		}
		if r.attrs.Name == "" {
			f, err := c.GetFile(ctx, t.fileID)
			if err != nil {
				return r, err
			}
			r.attrs.Name = f.Name
		}
	}
	r.path += "?fields=" + url.QueryEscape(fileFields)
	return r, nil
}

// envelope builds the multipart form around the file's bytes, so the body
// can be streamed from disk with a known length, and rebuilt for a retry.
func envelope(attrs boxapi.Attributes) (prefix, suffix []byte, contentType string, err error) {
	var head bytes.Buffer
	mw := multipart.NewWriter(&head)
	aw, err := mw.CreateFormField("attributes")
	if err != nil {
		return nil, nil, "", err
	}
	if err := json.NewEncoder(aw).Encode(attrs); err != nil {
		return nil, nil, "", err
	}
	if _, err := mw.CreateFormFile("file", attrs.Name); err != nil {
		return nil, nil, "", err
	}
	prefix = bytes.Clone(head.Bytes())
	head.Reset()
	if err := mw.Close(); err != nil {
		return nil, nil, "", err
	}
	return prefix, head.Bytes(), mw.FormDataContentType(), nil
}

// simpleFailed looks, before reporting a failed simple upload, whether Box
// stored it anyway: a retry of an upload Box had stored meets 412 or 409.
func (c *Client) simpleFailed(ctx context.Context, l *local, t target, sum string, rep *reporter, err error) (*boxapi.File, error) {
	if KindOf(err) == KindCanceled {
		return nil, err
	}
	if f, ok := c.committed(ctx, t, sum); ok {
		rep.confirm(l.size, false)
		return f, nil
	}
	var ae *APIError
	if errors.As(err, &ae) && ae.Code == "bad_digest" {
		if cerr := l.unchanged(); cerr != nil {
			return nil, cerr
		}
	}
	return nil, err
}

// findByName returns the item called name in folder, using Box's preflight
// check, which names the existing item when the name is taken. It sends no
// file bytes.
func (c *Client) findByName(ctx context.Context, folderID, name string) (*boxapi.Item, error) {
	body := boxapi.PreflightRequest{Name: name, Size: 1, Parent: &boxapi.Ref{ID: folderID}}
	_, err := c.sendJSON(ctx, call{op: "look for " + name, method: http.MethodOptions, url: c.apiURL() + "/files/content"}, body, nil)
	if it, ok := Conflict(err); ok {
		return it, nil
	}
	return nil, fmt.Errorf("no file named %q found in folder %s", name, folderID)
}
