package boxtest

import (
	"crypto/sha1"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"time"
)

// Faults that real networks and a busy Box produce beyond errors: a part
// that stops moving, a part Box says arrived corrupted, a name another
// upload holds for a moment, a session that already exists.

// noteUserAgent records a request's User-Agent among Stats.UserAgents.
func (s *Server) noteUserAgent(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ua := r.UserAgent(); !slices.Contains(s.stats.UserAgents, ua) {
		s.stats.UserAgents = append(s.stats.UserAgents, ua)
	}
}

// StallPart makes the n-th part upload from now (1 is the next) stop: the
// server reads about half its body, then neither reads on nor answers, as a
// half-open connection after a Wi-Fi change does, until the client hangs up
// or the server closes. Nothing is stored.
func (s *Server) StallPart(n int) { s.addPartFault(n, partStalls) }

// CorruptPart makes the n-th part upload from now (1 is the next) answer
// 400 digest_mismatch although its digest was right, as Box does now and
// then for a part damaged on the way. Nothing is stored. Like FailPart's,
// the fault passes to the next part upload when this one is refused for
// another reason.
func (s *Server) CorruptPart(n int) { s.addPartFault(n, partCorrupt) }

// stallPart reads half the body, then waits for the client to give up.
func (s *Server) stallPart(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.stats.StalledParts++
	s.mu.Unlock()
	io.CopyN(io.Discard, r.Body, max(r.ContentLength/2, 0))
	select {
	case <-r.Context().Done():
	case <-s.closing:
	}
	hangUp(w)
}

// corruptPart reads the whole part, then claims its bytes did not match
// the digest: Box's "Actual" is the digest of bytes that are not the ones
// sent.
func (s *Server) corruptPart(w http.ResponseWriter, req partRequest, sp spooled) {
	os.Remove(sp.path)
	s.mu.Lock()
	s.stats.CorruptedParts++
	s.mu.Unlock()
	damaged := sha1.Sum(append(sp.sum[:], 0xff))
	writeError(w, digestMismatch(damaged, req.digest))
}

// ReserveName makes the next n session creations or simple uploads answer
// 409 name_temporarily_reserved, as Box does while another upload of the
// same name is being processed.
func (s *Server) ReserveName(n int) { s.addUploadConflict("name_temporarily_reserved", n) }

// BlockOperations makes the next n session creations or simple uploads
// answer 409 operation_blocked_temporary, as Box does while another
// operation on the item holds it for a moment.
func (s *Server) BlockOperations(n int) { s.addUploadConflict("operation_blocked_temporary", n) }

// ConflictUploads makes the next n session creations or simple uploads
// answer Box's plain 409 conflict, which is not temporary.
func (s *Server) ConflictUploads(n int) { s.addUploadConflict("conflict", n) }

// uploadConflict is n answers of 409 code still to give.
type uploadConflict struct {
	code string
	n    int
}

var conflictMessages = map[string]string{
	"name_temporarily_reserved":   "The item name is temporarily reserved by another upload; try again in a moment",
	"operation_blocked_temporary": "The operation is blocked by another operation in progress; try again in a moment",
	"conflict":                    "A conflict stopped the operation",
}

// addUploadConflict queues n answers 409 code, after those already queued.
func (s *Server) addUploadConflict(code string, n int) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.conflicts = append(s.faults.conflicts, uploadConflict{code: code, n: n})
}

// takeUploadConflict answers a session creation or simple upload with the
// next queued 409, if any, and reports whether it did.
func (s *Server) takeUploadConflict(w http.ResponseWriter) bool {
	var e *boxError
	s.mu.Lock()
	if f := &s.faults; len(f.conflicts) > 0 {
		c := &f.conflicts[0]
		e = newError(http.StatusConflict, c.code, "%s", conflictMessages[c.code])
		if c.n--; c.n <= 0 {
			f.conflicts = f.conflicts[1:]
		}
	}
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
	}
	return e != nil
}

// StallPartAnswer makes the n-th part upload from now (1 is the next) store
// the part, then send the answer's status, headers and half its body, and
// stop there, as a connection that goes half-open while Box answers does,
// until the client hangs up or the server closes. A retry of the part meets
// 416 range_overlaps_existing_part.
func (s *Server) StallPartAnswer(n int) { s.addPartFault(n, partStallsAnswer) }

// StallUploadAnswers makes the next n simple uploads that succeed store the
// file, then stall halfway through the answer's body, as StallPartAnswer.
func (s *Server) StallUploadAnswers(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.stalledAnswers = n
}

// takeStalledAnswer reports whether a simple upload that just succeeded
// must stall in its answer. s.mu must be held.
func (s *Server) takeStalledAnswer() bool {
	due := s.faults.stalledAnswers > 0
	if due {
		s.faults.stalledAnswers--
	}
	return due
}

// stallAnswer sends status, the headers and half of v as JSON, then
// neither sends more nor ends until the client hangs up or the server
// closes.
func (s *Server) stallAnswer(w http.ResponseWriter, r *http.Request, status int, v any) {
	s.mu.Lock()
	s.stats.StalledAnswers++
	s.mu.Unlock()
	b, _ := json.Marshal(v) // plain structs: they always encode
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b[:len(b)/2])
	http.NewResponseController(w).Flush()
	select {
	case <-r.Context().Done():
	case <-s.closing:
	}
	hangUp(w)
}

// LoseSessionCreate makes the next upload session creation take effect and
// then hang up without answering, as when the 201 is lost on the way. The
// session it created makes a second creation for the same target answer
// 409 session_conflict naming it, until it is committed or aborted.
func (s *Server) LoseSessionCreate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.loseCreate = true
}

// takeLostCreate reports whether the creation of ss must hang up, marking
// ss exclusive. s.mu must be held.
func (s *Server) takeLostCreate(ss *session) bool {
	lose := s.faults.loseCreate
	s.faults.loseCreate = false
	ss.exclusive = ss.exclusive || lose
	return lose
}

// OpenForeignSession opens an upload session for a new version of the file
// that someone else started a day ago, and returns its ID: creating another
// session for the file answers 409 session_conflict naming it. It panics if
// id is not a file.
func (s *Server) OpenForeignSession(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.mustFile(id)
	ss := &session{
		id: "F0" + randomHex(15), fileID: id, fileSize: max(f.current().Size, s.opts.MinChunkedSize),
		partSize: s.opts.PartSize, expiresAt: time.Now().Add(sessionLifetime - 24*time.Hour), exclusive: true,
	}
	s.sessions[ss.id] = ss
	return ss.id
}

// sessionConflict is the 409 for creating ss while an exclusive session
// for the same target is open, or nil. s.mu must be held.
func (s *Server) sessionConflict(ss *session) *boxError {
	for _, o := range s.sessions {
		same := o.fileID == ss.fileID && (ss.fileID != "" || o.folderID == ss.folderID && o.fileName == ss.fileName)
		if o.exclusive && same && time.Now().Before(o.expiresAt) {
			e := newError(http.StatusConflict, "session_conflict", "An upload session for this item is already in progress")
			e.context = map[string]any{"session": s.sessionJSON(o)}
			return e
		}
	}
	return nil
}

// SetFolderMaxUploadSize gives a folder an owner whose per-file limit is
// n bytes, smaller (or larger) than the signed-in user's: new files in it
// and new versions of its files over n get 403 file_size_limit_exceeded.
// 0 removes the owner's limit. It panics if id is not a folder.
func (s *Server) SetFolderMaxUploadSize(id string, n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustFolder(id).ownerMaxUploadSize = n
}

// maxUploadSize is the per-file limit for uploads into the folder: its
// owner's when set, else the signed-in user's. s.mu must be held.
func (s *Server) maxUploadSize(folderID string) int64 {
	if d := s.folders[folderID]; d != nil && d.ownerMaxUploadSize > 0 {
		return d.ownerMaxUploadSize
	}
	return s.user.MaxUploadSize
}

// NearHostDown makes the upload host that preflights name (NearUploadURL)
// unreachable while the API and the default upload host still answer, as
// when a regional upload server is out of reach: every request to it has
// its connection cut before any answer.
func (s *Server) NearHostDown(down bool) { s.nearDown.Store(down) }

// RefuseVersionPreflights makes every new-version preflight
// (OPTIONS /files/{id}/content, which Box's spec does not list) answer
// status with code (none when ""), as a Box without that check would. A
// status of 0 restores the check.
func (s *Server) RefuseVersionPreflights(status int, code string) {
	if status == 0 {
		s.versionPreflightRefusal.Store(nil)
		return
	}
	s.versionPreflightRefusal.Store(&boxError{status: status, code: code, message: http.StatusText(status)})
}
