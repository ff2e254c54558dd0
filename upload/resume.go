package upload

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"boxuploader/upload/boxapi"
)

// journalState is what an interrupted chunked upload needs to go on: the
// session, the local file as it was, the target and the version the person
// saw, and the parts Box confirmed. It holds no token.
type journalState struct {
	Path     string               `json:"path"`
	Size     int64                `json:"size"`
	ModTime  time.Time            `json:"mod_time"`
	FileID   string               `json:"file_id,omitempty"`
	FolderID string               `json:"folder_id,omitempty"`
	Name     string               `json:"name,omitempty"`
	ETag     string               `json:"etag,omitempty"`
	Session  boxapi.UploadSession `json:"session"`
	Parts    []boxapi.UploadPart  `json:"parts"`
	// SHA1 is set just before the commit: after a crash, Box holding these
	// bytes in a newer version means the commit went through.
	SHA1 string `json:"sha1,omitempty"`
}

// sameFile tells whether the journal was written for the file as it is now.
func (st journalState) sameFile(l *local) bool {
	return st.Size == l.size && st.ModTime.Equal(l.modTime)
}

// journal keeps one upload's state in a file of its own, rewritten
// atomically after each confirmed part. A nil journal keeps nothing.
type journal struct {
	path  string
	mu    sync.Mutex
	st    journalState
	saved time.Time // last write; confirmations are written at most once a second
}

// journalFor returns the journal of uploading l to t, or nil when the
// client keeps no state.
func (c *Client) journalFor(l *local, t target) *journal {
	if c.StateDir == "" {
		return nil
	}
	abs, err := filepath.Abs(l.path)
	if err != nil {
		abs = l.path
	}
	key := sha1.Sum([]byte(strings.Join([]string{abs, t.fileID, t.folderID, t.name}, "\x00")))
	return &journal{path: filepath.Join(c.StateDir, hex.EncodeToString(key[:])+".json")}
}

// load reads the journal, if any.
func (j *journal) load() (journalState, bool) {
	if j == nil {
		return journalState{}, false
	}
	b, err := os.ReadFile(j.path)
	var st journalState
	if err != nil || json.Unmarshal(b, &st) != nil || st.Session.ID == "" {
		return journalState{}, false
	}
	return st, true
}

// start records a new session.
func (j *journal) start(st journalState) error {
	if j == nil {
		return nil
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.st = st
	return j.saveLocked()
}

// confirm records a part Box confirmed. A failed write is not an upload
// failure: on resume, Box's own list of parts is what counts.
func (j *journal) confirm(p boxapi.UploadPart) {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.st.Parts = append(j.st.Parts, p)
	if time.Since(j.saved) >= time.Second {
		j.saveLocked()
	}
}

// saveLocked writes the state to a temporary file and renames it over the
// journal, so a crash leaves the old state or the new one, never half.
func (j *journal) saveLocked() error {
	b, err := json.Marshal(j.st)
	if err != nil {
		return err
	}
	dir := filepath.Dir(j.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".journal-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after a successful rename, there is nothing to remove
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	j.saved = time.Now()
	if err := os.Rename(f.Name(), j.path); err != nil {
		return err
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable: until the directory is synced, a
// power cut can bring back the previous journal, or none. It is best effort:
// some file systems refuse to sync a directory, Go cannot on Windows, and
// the new journal is in place either way.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// flush writes what the throttle in confirm held back, when the upload
// stops and its journal is kept.
func (j *journal) flush() {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.saveLocked()
}

// committing records the whole file's SHA-1 before the commit is sent.
func (j *journal) committing(sum string) {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.st.SHA1 = sum
	j.saveLocked()
}

func (j *journal) remove() {
	if j != nil {
		os.Remove(j.path)
	}
}

// resume checks whether the journal's session can go on with l: same file,
// session alive at Box. It returns the session and the parts Box holds, or
// nil and, when the person should be told, why it starts over.
func (c *Client) resume(ctx context.Context, st journalState, l *local) (*boxapi.UploadSession, map[int64]boxapi.UploadPart, Kind, error) {
	s := st.Session
	old := &session{c: c, s: &s}
	switch {
	case !st.sameFile(l):
		old.abort(ctx)
		return nil, nil, KindChangedLocally, nil
	case !s.SessionExpiresAt.IsZero() && time.Now().After(s.SessionExpiresAt.Time):
		return nil, nil, KindUnknown, nil // Box has dropped it: start over quietly
	}
	parts, err := old.listParts(ctx)
	var ae *APIError
	switch {
	case errors.As(err, &ae) && ae.Status != http.StatusUnauthorized && !ae.retryable():
		// Gone, expired, or not ours any more (another account): start over.
		old.abort(ctx)
		return nil, nil, KindUnknown, nil
	case err != nil:
		return nil, nil, KindUnknown, err // Box out of reach: try again later
	}
	stored := make(map[int64]boxapi.UploadPart, len(parts))
	for _, p := range parts {
		if p.Offset%s.PartSize == 0 && p.Size == min(s.PartSize, l.size-p.Offset) {
			stored[p.Offset] = p
		}
	}
	return &s, stored, KindUnknown, nil
}

// Interrupted is an upload that stopped before Box confirmed it (the app
// quit or crashed, the network went away) and can go on where it stopped.
type Interrupted struct {
	Path      string    // the local file
	Size      int64     // its size
	FileID    string    // the Box file it replaces, or
	FolderID  string    // the Box folder it goes to
	Name      string    // the new name, if any
	Confirmed int64     // bytes Box already holds
	Expires   time.Time // when Box drops the session
	journal   string
	session   boxapi.UploadSession
}

// ListInterrupted returns the interrupted uploads kept in dir, newest first.
func ListInterrupted(dir string) []Interrupted {
	entries, _ := os.ReadDir(dir)
	var out []Interrupted
	type dated struct {
		Interrupted
		at time.Time
	}
	var all []dated
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		j := &journal{path: filepath.Join(dir, e.Name())}
		st, ok := j.load()
		info, err := e.Info()
		if !ok || err != nil {
			continue
		}
		var confirmed int64
		for _, p := range st.Parts {
			confirmed += p.Size
		}
		all = append(all, dated{Interrupted{
			Path: st.Path, Size: st.Size, FileID: st.FileID, FolderID: st.FolderID,
			Name: st.Name, Confirmed: confirmed, Expires: st.Session.SessionExpiresAt.Time,
			journal: j.path, session: st.Session,
		}, info.ModTime()})
	}
	slices.SortFunc(all, func(a, b dated) int { return b.at.Compare(a.at) })
	for _, d := range all {
		out = append(out, d.Interrupted)
	}
	return out
}

// Discard gives up an interrupted upload: the session is aborted at Box
// (its parts are deleted) and the journal removed.
func (c *Client) Discard(ctx context.Context, in Interrupted) error {
	s := in.session
	(&session{c: c, s: &s}).abort(ctx)
	if err := os.Remove(in.journal); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
