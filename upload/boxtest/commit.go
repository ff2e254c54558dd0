package boxtest

import (
	"crypto/sha1"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"time"

	"boxuploader/upload/boxapi"
)

// commitSession turns a session's parts into a file version. The parts are
// hashed outside s.mu (it can take a while for gigabytes), with the session
// claimed so no abort or second commit deletes them underneath.
func (s *Server) commitSession(w http.ResponseWriter, r *http.Request) {
	defer s.countCommit(w)()
	ss, e := s.claimSession(r.PathValue("sid"))
	if e != nil {
		writeError(w, e)
		return
	}
	defer ss.finish.Unlock()

	var req boxapi.CommitRequest
	if e := readJSON(r, &req); e != nil {
		writeError(w, e)
		return
	}
	digest, ok := parseDigest(r.Header.Get("Digest"))
	if !ok {
		writeError(w, errInvalidDigest)
		return
	}
	if s.injectCommitFault(w, req.Parts) {
		return
	}
	s.mu.Lock()
	paths, e := ss.matchParts(req.Parts)
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	sum, err := ss.hashRest(paths, req.Parts)
	if err != nil {
		writeError(w, errInternal)
		return
	}
	if sum != digest {
		writeError(w, digestMismatch(sum, digest))
		return
	}

	u := ss.upload()
	var contentModifiedAt time.Time
	if a := req.Attributes; a != nil {
		if a.Name != "" {
			u.name = a.Name
		}
		contentModifiedAt = a.ContentModifiedAt.Time
	}
	if u.fileID != "" {
		u.ifMatch = r.Header.Get("If-Match")
	}
	s.mu.Lock()
	_, e = s.liveSession(ss.id)
	if e == nil {
		e = s.checkUpload(u)
	}
	var out boxapi.Files
	var parts []storedPart
	var lose bool
	if e == nil {
		f := s.writeContent(u, hexSum(sum), contentModifiedAt)
		out = boxapi.Files{TotalCount: 1, Entries: []boxapi.File{s.fileJSON(f)}}
		parts = s.endSession(ss)
		lose = s.takeLostCommit()
	}
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	removeParts(parts)
	if lose {
		hangUp(w)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

// countCommit counts a commit request and returns what to do once it is
// answered: flush the answer and call OnCommit's function, if any.
func (s *Server) countCommit(w http.ResponseWriter) (answered func()) {
	s.mu.Lock()
	s.stats.Commits++
	n := s.stats.Commits
	s.mu.Unlock()
	f := s.onCommit.Load()
	return func() {
		if f != nil {
			http.NewResponseController(w).Flush() // fails harmlessly after a hang-up
			(*f)(n)
		}
	}
}

// matchParts checks that a commit lists exactly the stored parts, sorted
// by offset and tiling the whole file, and returns their spool files in
// order. s.mu must be held.
func (ss *session) matchParts(listed []boxapi.UploadPart) ([]string, *boxError) {
	stored := make(map[string]boxapi.UploadPart, len(ss.parts))
	paths := make(map[string]string, len(ss.parts))
	for _, p := range ss.parts {
		stored[p.PartID], paths[p.PartID] = p.UploadPart, p.path
	}
	ordered := make([]string, 0, len(listed))
	var next int64
	for _, p := range listed {
		if sp, ok := stored[p.PartID]; !ok || sp != p {
			return nil, partsMismatch(p)
		}
		if p.Offset != next {
			return nil, newError(http.StatusBadRequest, "parts_mismatch",
				"Parts must be sorted by offset and leave no gap: expected a part at offset %d, got offset %d", next, p.Offset)
		}
		next += p.Size
		ordered = append(ordered, paths[p.PartID])
	}
	if next != ss.fileSize {
		return nil, newError(http.StatusBadRequest, "parts_mismatch",
			"Parts cover %d of the file's %d bytes", next, ss.fileSize)
	}
	return ordered, nil
}

func partsMismatch(p boxapi.UploadPart) *boxError {
	b, _ := json.Marshal(p)
	return newError(http.StatusBadRequest, "parts_mismatch", "No matching part found on server for %s", b)
}

// hashFiles returns the SHA-1 of the files' contents concatenated.
// hashRest feeds the running hash the parts it has not seen (paths and
// parts in offset order, as matchParts checked) and returns the file's
// SHA-1. ss.finish must be held.
func (ss *session) hashRest(paths []string, parts []boxapi.UploadPart) ([sha1.Size]byte, error) {
	var sum [sha1.Size]byte
	if ss.whole == nil {
		ss.whole = sha1.New()
	}
	for i, p := range parts {
		if p.Offset < ss.hashed {
			continue
		}
		if err := hashFile(ss.whole, paths[i]); err != nil {
			ss.whole, ss.hashed = nil, 0 // half fed: start over next time
			return sum, err
		}
		ss.hashed += p.Size
	}
	ss.whole.Sum(sum[:0])
	return sum, nil
}

// hashAhead feeds the running hash the stored parts that follow what it
// has seen, without a gap, while the upload goes on. It gives way to a
// commit or an abort in progress (they hash or delete the parts).
func (s *Server) hashAhead(ss *session) {
	if !ss.finish.TryLock() {
		return
	}
	defer ss.finish.Unlock()
	s.mu.Lock()
	if _, e := s.liveSession(ss.id); e != nil {
		s.mu.Unlock()
		return
	}
	var next []storedPart
	at := ss.hashed
	for _, p := range ss.parts { // sorted by offset
		if p.Offset == at {
			next = append(next, p)
			at += p.Size
		}
	}
	s.mu.Unlock()
	if ss.whole == nil {
		ss.whole = sha1.New()
	}
	for _, p := range next {
		if hashFile(ss.whole, p.path) != nil {
			ss.whole, ss.hashed = nil, 0 // half fed: the commit hashes it all
			return
		}
		ss.hashed += p.Size
	}
}

func hashFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}
