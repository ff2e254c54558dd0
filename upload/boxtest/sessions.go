package boxtest

import (
	"cmp"
	"hash"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"boxuploader/upload/boxapi"
)

// Limits of Box's chunked upload API.
const (
	sessionLifetime  = 7 * 24 * time.Hour
	listPartsDefault = 100
	listPartsMax     = 1000
	listOffsetMax    = 10000
)

// SessionState is a snapshot of an upload session, as returned by
// Server.Session.
type SessionState struct {
	ID         string
	FileID     string // the file being versioned; "" for a new file
	FolderID   string // the new file's folder; "" for a version
	FileName   string // the name the file gets at commit; "" keeps a version's name
	FileSize   int64
	PartSize   int64
	TotalParts int
	ExpiresAt  time.Time
	Expired    bool
	Parts      []boxapi.UploadPart // stored parts, sorted by offset
}

type session struct {
	id                 string
	fileID             string // the file to version; "" for a new file
	folderID           string // the new file's folder
	fileName           string // "" keeps a version's current name
	fileSize, partSize int64
	expiresAt          time.Time
	parts              []storedPart // sorted by offset
	base               string       // the upload host it was created on, .../api/2.0
	// exclusive sessions make creating another for the same target answer
	// 409 session_conflict (see LoseSessionCreate, OpenForeignSession).
	exclusive bool

	// finish serializes commit, abort and the running hash, which work on
	// the spooled parts outside s.mu. Take it before s.mu, never while
	// holding s.mu.
	finish sync.Mutex
	// whole is the SHA-1 of the file's first hashed bytes, fed as parts
	// arrive in order, so that a commit only hashes what is left (as Box,
	// it answers a commit in moments, not after re-reading gigabytes).
	// Guarded by finish.
	whole  hash.Hash
	hashed int64
}

// storedPart is an uploaded part and where its body is spooled.
type storedPart struct {
	boxapi.UploadPart
	path string
}

func (ss *session) totalParts() int {
	return int((ss.fileSize + ss.partSize - 1) / ss.partSize)
}

// upload is what committing the session writes.
func (ss *session) upload() upload {
	return upload{fileID: ss.fileID, folderID: ss.folderID, name: ss.fileName, size: ss.fileSize}
}

// Session returns a snapshot of a session that has been neither committed
// nor aborted.
func (s *Server) Session(id string) (SessionState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.sessions[id]
	if ss == nil {
		return SessionState{}, false
	}
	st := SessionState{
		ID:         ss.id,
		FileID:     ss.fileID,
		FolderID:   ss.folderID,
		FileName:   ss.fileName,
		FileSize:   ss.fileSize,
		PartSize:   ss.partSize,
		TotalParts: ss.totalParts(),
		ExpiresAt:  ss.expiresAt,
		Expired:    !time.Now().Before(ss.expiresAt),
	}
	for _, p := range ss.parts {
		st.Parts = append(st.Parts, p.UploadPart)
	}
	return st, true
}

// ExpireSession ends a session's lifetime now: from then on all its
// endpoints answer 410 session_expired. It panics if there is no such
// session.
func (s *Server) ExpireSession(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := s.sessions[id]
	if ss == nil {
		panic("boxtest: no upload session " + id)
	}
	ss.expiresAt = time.Now()
}

// liveSession finds a session that may still be used. s.mu must be held.
func (s *Server) liveSession(id string) (*session, *boxError) {
	ss := s.sessions[id]
	switch {
	case ss == nil:
		return nil, errNotFound
	case !time.Now().Before(ss.expiresAt):
		return nil, errSessionExpired
	}
	return ss, nil
}

// claimSession finds a live session and locks its finish mutex, so that
// only one commit or abort works on its parts at a time. On success the
// caller must unlock ss.finish.
func (s *Server) claimSession(id string) (*session, *boxError) {
	s.mu.Lock()
	ss, e := s.liveSession(id)
	s.mu.Unlock()
	if e != nil {
		return nil, e
	}
	ss.finish.Lock()
	// Another commit or abort may have finished the session meanwhile.
	s.mu.Lock()
	_, e = s.liveSession(id)
	s.mu.Unlock()
	if e != nil {
		ss.finish.Unlock()
		return nil, e
	}
	return ss, nil
}

// endSession forgets a session and hands back its parts for deletion.
// s.mu must be held.
func (s *Server) endSession(ss *session) []storedPart {
	delete(s.sessions, ss.id)
	parts := ss.parts
	ss.parts = nil
	return parts
}

func removeParts(parts []storedPart) {
	for _, p := range parts {
		os.Remove(p.path)
	}
}

// sessionJSON is Box's representation of ss. s.mu must be held.
func (s *Server) sessionJSON(ss *session) boxapi.UploadSession {
	base := cmp.Or(ss.base, s.UploadURL) + "/files/upload_sessions/" + ss.id
	return boxapi.UploadSession{
		ID:                ss.id,
		Type:              "upload_session",
		SessionExpiresAt:  boxapi.Time{Time: ss.expiresAt.Add(s.opts.ClockSkew)},
		PartSize:          ss.partSize,
		TotalParts:        ss.totalParts(),
		NumPartsProcessed: len(ss.parts),
		SessionEndpoints: boxapi.SessionEndpoints{
			UploadPart: base,
			Commit:     base + "/commit",
			Abort:      base,
			ListParts:  base + "/parts",
			Status:     base,
			LogEvent:   base + "/log",
		},
	}
}

// createSession starts a chunked upload of a new file.
func (s *Server) createSession(w http.ResponseWriter, r *http.Request) {
	var req boxapi.CreateSessionRequest
	if e := readJSON(r, &req); e != nil {
		writeError(w, e)
		return
	}
	if e := checkNewFileSession(req); e != nil {
		writeError(w, e)
		return
	}
	s.startSession(w, &session{folderID: req.FolderID, fileName: req.FileName, fileSize: req.FileSize, base: uploadBase(r)})
}

// createVersionSession starts a chunked upload of a new version.
func (s *Server) createVersionSession(w http.ResponseWriter, r *http.Request) {
	var req boxapi.CreateSessionRequest
	if e := readJSON(r, &req); e != nil {
		writeError(w, e)
		return
	}
	if e := checkFileSize(req.FileSize); e != nil {
		writeError(w, e)
		return
	}
	s.startSession(w, &session{fileID: r.PathValue("id"), fileName: req.FileName, fileSize: req.FileSize, base: uploadBase(r)})
}

func checkNewFileSession(req boxapi.CreateSessionRequest) *boxError {
	if req.FolderID == "" {
		return errMissingFolder
	}
	if e := checkFileSize(req.FileSize); e != nil {
		return e
	}
	if req.FileName == "" {
		return errMissingFileName
	}
	return nil
}

// checkFileSize validates a file_size field; 0 is what a missing one decodes to.
func checkFileSize(size int64) *boxError {
	switch {
	case size == 0:
		return errMissingFileSize
	case size < 0:
		return errInvalidFileSize
	}
	return nil
}

// uploadBase is the upload host r came to, as session endpoints name it.
func uploadBase(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host + "/api/2.0"
	}
	return "http://" + r.Host + "/api/2.0"
}

// startSession creates ss after the checks Box makes on creation.
func (s *Server) startSession(w http.ResponseWriter, ss *session) {
	if s.takeUploadConflict(w) {
		return
	}
	if ss.fileSize < s.opts.MinChunkedSize {
		writeError(w, newError(http.StatusBadRequest, "file_size_too_small",
			"File size is less than minimum allowed for this API: %d", s.opts.MinChunkedSize))
		return
	}
	ss.id = strings.ToUpper(randomHex(16))
	ss.partSize = s.opts.PartSize
	ss.expiresAt = time.Now().Add(sessionLifetime)

	s.mu.Lock()
	e := s.checkUpload(ss.upload())
	if e == nil {
		e = s.sessionConflict(ss)
	}
	var out boxapi.UploadSession
	lose := false
	if e == nil {
		s.sessions[ss.id] = ss
		s.stats.SessionsCreated++
		out = s.sessionJSON(ss)
		lose = s.takeLostCreate(ss)
	}
	s.mu.Unlock()
	switch {
	case e != nil:
		writeError(w, e)
	case lose:
		hangUp(w)
	default:
		writeJSON(w, http.StatusCreated, out)
	}
}

// listParts pages through the stored parts; offset and limit count parts.
func (s *Server) listParts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, err1 := intParam(q, "offset", 0)
	limit, err2 := intParam(q, "limit", listPartsDefault)
	switch {
	case err1 != nil || offset < 0 || offset > listOffsetMax:
		writeError(w, newError(http.StatusBadRequest, "bad_request", "offset must be an integer from 0 to %d", listOffsetMax))
		return
	case err2 != nil || limit < 1:
		writeError(w, newError(http.StatusBadRequest, "bad_request", "limit must be a positive integer"))
		return
	}
	limit = min(limit, listPartsMax)

	s.mu.Lock()
	ss, e := s.liveSession(r.PathValue("sid"))
	page := boxapi.UploadParts{Entries: []boxapi.UploadPart{}, Limit: limit, Offset: offset}
	if e == nil {
		page.TotalCount = len(ss.parts)
		for _, p := range ss.parts[min(offset, len(ss.parts)):min(offset+limit, len(ss.parts))] {
			page.Entries = append(page.Entries, p.UploadPart)
		}
	}
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func intParam(q url.Values, name string, def int) (int, error) {
	if v := q.Get(name); v != "" {
		return strconv.Atoi(v)
	}
	return def, nil
}

// getSession is the session's status endpoint.
func (s *Server) getSession(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	ss, e := s.liveSession(r.PathValue("sid"))
	var out boxapi.UploadSession
	if e == nil {
		out = s.sessionJSON(ss)
	}
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// abortSession discards a session and its parts.
func (s *Server) abortSession(w http.ResponseWriter, r *http.Request) {
	ss, e := s.claimSession(r.PathValue("sid"))
	if e != nil {
		writeError(w, e)
		return
	}
	defer ss.finish.Unlock()
	s.mu.Lock()
	parts := s.endSession(ss)
	s.stats.Aborts++
	s.mu.Unlock()
	removeParts(parts)
	w.WriteHeader(http.StatusNoContent)
}
