package boxtest

import (
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"boxuploader/upload/boxapi"
)

// Stats counts what the server has seen since it started.
type Stats struct {
	PartUploads         int      // part PUT requests received
	PartsStored         int      // parts stored
	Commits             int      // commit requests received
	Aborts              int      // sessions discarded by an abort request
	SessionsCreated     int      // upload sessions created
	OpenSessions        int      // sessions neither committed nor aborted (expired ones included)
	Refreshes           int      // successful refresh_token grants
	ReusedRefreshTokens int      // refresh attempts with an already-used refresh token
	Unauthorized        int      // 401 answers
	OverlapConflicts    int      // 416 range_overlaps_existing_part answers
	SimpleUploads       int      // simple upload requests received
	PartBytes           int64    // bytes of part bodies received, whether stored, refused or cut off
	MostPartsInFlight   int      // the most part PUTs in flight at once (from being handled until answered)
	MostUploadsInFlight int      // the most part PUTs and simple uploads in flight at once
	HTTP2Requests       int      // requests that came over HTTP/2
	DefaultHostUploads  int      // requests to UploadURL's host (sessions, parts, simple uploads)
	NearUploads         int      // requests to NearUploadURL's host
	StalledParts        int      // part uploads that StallPart left hanging
	CorruptedParts      int      // part uploads that CorruptPart refused
	StalledAnswers      int      // answers that StallPartAnswer or StallUploadAnswers left hanging
	UserAgents          []string // the distinct User-Agent headers of requests to the API and upload hosts
}

// Stats returns the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.stats
	st.OpenSessions = len(s.sessions)
	st.PartBytes = s.partBytes.Load()
	st.MostPartsInFlight = int(s.partsInFlight.most.Load())
	st.MostUploadsInFlight = int(s.uploadsInFlight.most.Load())
	st.UserAgents = slices.Clone(s.stats.UserAgents)
	return st
}

// NetworkDown makes the server unreachable, as a lost network would: while
// down, every request's connection is cut before any answer.
func (s *Server) NetworkDown(down bool) { s.down.Store(down) }

// OnCutOff calls f after each request the down network cuts off, with the
// number cut off so far, on that request's goroutine: a test can bring the
// network back after n tries, without depending on timing.
func (s *Server) OnCutOff(f func(n int)) { s.onCutOff.Store(&f) }

// OnCommit calls f once each commit request has been answered (the answer
// flushed to the client), with the number of commit requests so far, on
// that request's goroutine: a test can act after Box answered the n-th
// commit without depending on timing.
func (s *Server) OnCommit(f func(n int)) { s.onCommit.Store(&f) }

// cutOff hangs up on a request while the network is down.
func (s *Server) cutOff(w http.ResponseWriter) {
	n := s.cutOffs.Add(1)
	if f := s.onCutOff.Load(); f != nil {
		(*f)(int(n))
	}
	hangUp(w)
}

// countingBody counts the bytes read from a part body into n.
type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b countingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

// partFault is what an injected fault does to one part upload; the zero
// value is none.
type partFault int

const (
	partFails        partFault = iota + 1 // answer 500 instead of storing
	partFailsStored                       // store, then answer 500
	partResets                            // read half the body, then hang up
	partStalls                            // read half the body, then neither read nor answer
	partCorrupt                           // read the body, then answer digest_mismatch
	partStallsAnswer                      // store, then send half the answer's body and stop
)

type faultState struct {
	parts            map[int]partFault // keyed by the part PUT's Stats.PartUploads number
	rateLimited      int               // requests left to answer 429
	retryAfter       int
	serverErrors     int // requests left to answer errorStatus
	errorStatus      int
	commitsAccepted  int // commits left to answer 202
	commitRetryAfter int
	commitMismatches int              // commits left to answer parts_mismatch
	loseCommit       bool             // hang up after the next successful commit
	partArrivals     int              // part PUTs seen before authentication
	expireAtPart     map[int]bool     // keyed by partArrivals
	downAtPart       int              // partArrivals at which the network goes down; 0 = never
	conflicts        []uploadConflict // 409s for creations and simple uploads, in order
	stalledAnswers   int              // simple uploads left to store, then stall in the answer's body
	loseCreate       bool             // hang up after the next session creation
}

// CutNetworkAtPart takes the network down (see NetworkDown) when the n-th
// part upload from now (1 is the next) arrives: that part and everything
// after it are cut off until NetworkDown(false).
func (s *Server) CutNetworkAtPart(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.downAtPart = s.faults.partArrivals + n
}

// ExpireTokensAtPart makes every access token expire when the n-th part
// upload from now (1 is the next) arrives, before it is authenticated: that
// part, and whatever follows with the old token, gets 401. Unlike calling
// ExpireAccessTokens from a progress callback, it does not depend on timing.
func (s *Server) ExpireTokensAtPart(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.expireAtPart == nil {
		s.faults.expireAtPart = map[int]bool{}
	}
	s.faults.expireAtPart[s.faults.partArrivals+n] = true
}

// partArrived counts a part upload before authentication, and expires the
// tokens or cuts the network when ExpireTokensAtPart or CutNetworkAtPart
// asked for it.
func (s *Server) partArrived(r *http.Request) {
	s.noteUserAgent(r) // every Box API request passes here
	if r.Method != http.MethodPut || !strings.HasPrefix(r.URL.Path, "/api/2.0/files/upload_sessions/") {
		return
	}
	s.mu.Lock()
	s.faults.partArrivals++
	due := s.faults.expireAtPart[s.faults.partArrivals]
	if s.faults.partArrivals == s.faults.downAtPart {
		s.down.Store(true)
	}
	s.mu.Unlock()
	if due {
		s.ExpireAccessTokens()
	}
}

// FailPart makes the n-th part upload from now (1 is the next) answer 500
// internal_server_error. If stored, the part is stored first, so a retry of
// it gets 416 range_overlaps_existing_part. The fault only replaces a
// success: a part refused for another reason (an overlap, a bad digest)
// gets its usual answer and the fault passes to the next part upload.
func (s *Server) FailPart(n int, stored bool) {
	fault := partFails
	if stored {
		fault = partFailsStored
	}
	s.addPartFault(n, fault)
}

// ResetPart makes the n-th part upload from now (1 is the next) read about
// half its body and then close the connection without answering. Nothing
// is stored.
func (s *Server) ResetPart(n int) { s.addPartFault(n, partResets) }

func (s *Server) addPartFault(n int, fault partFault) {
	if n < 1 {
		panic("boxtest: part faults count from 1")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults.parts == nil {
		s.faults.parts = map[int]partFault{}
	}
	s.faults.parts[s.stats.PartUploads+n] = fault
}

// passOnPartFault arms fault for the next part upload (or the first one
// after it that has none): the upload it was meant for was refused before
// the fault could act.
func (s *Server) passOnPartFault(fault partFault) {
	if fault == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.stats.PartUploads + 1
	for s.faults.parts[n] != 0 {
		n++
	}
	if s.faults.parts == nil {
		s.faults.parts = map[int]partFault{}
	}
	s.faults.parts[n] = fault
}

// takePartFault counts a part upload and returns the fault armed for it.
func (s *Server) takePartFault() partFault {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stats.PartUploads++
	fault := s.faults.parts[s.stats.PartUploads]
	delete(s.faults.parts, s.stats.PartUploads)
	return fault
}

// RateLimit makes the next n requests to the API and upload hosts answer
// 429 rate_limit_exceeded with Retry-After: retryAfter (seconds). Injected
// request faults come before authentication, like a gateway's.
func (s *Server) RateLimit(n, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.rateLimited, s.faults.retryAfter = n, retryAfter
}

// ServerErrors makes the next n requests to the API and upload hosts answer
// status (such as 500, 502 or 503) with Box's error body. Pending RateLimit
// answers go first.
func (s *Server) ServerErrors(n, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.serverErrors, s.faults.errorStatus = n, status
}

// CommitAccepted makes the next times well-formed commit requests (live
// session, JSON body, Digest header) answer 202 with Retry-After: retryAfter
// and no body, committing nothing, as Box does while it is still processing
// parts.
func (s *Server) CommitAccepted(times, retryAfter int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.commitsAccepted, s.faults.commitRetryAfter = times, retryAfter
}

// CommitPartsMismatch makes the next times well-formed commit requests
// answer 400 parts_mismatch, committing nothing, as Box sometimes
// does right after the last part arrived. Pending CommitAccepted answers go
// first.
func (s *Server) CommitPartsMismatch(times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.commitMismatches = times
}

// LoseCommit makes the next successful commit take full effect and then
// close the connection without answering, as when the 201 is lost on the
// way. Commits that fail answer normally and leave the fault armed.
func (s *Server) LoseCommit() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults.loseCommit = true
}

// takeLostCommit reports whether a commit that just succeeded must hang
// up, disarming the fault. s.mu must be held.
func (s *Server) takeLostCommit() bool {
	lose := s.faults.loseCommit
	s.faults.loseCommit = false
	return lose
}

// injectRequestFault answers the request with a pending 429 or 5xx, if any,
// and reports whether it did.
func (s *Server) injectRequestFault(w http.ResponseWriter) bool {
	s.mu.Lock()
	var e *boxError
	retryAfter := 0
	switch f := &s.faults; {
	case f.rateLimited > 0:
		f.rateLimited--
		e = newError(http.StatusTooManyRequests, "rate_limit_exceeded", "Request rate limit exceeded, please try again later")
		retryAfter = f.retryAfter
	case f.serverErrors > 0:
		f.serverErrors--
		e = serverError(f.errorStatus)
	}
	s.mu.Unlock()
	if e == nil {
		return false
	}
	if retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	}
	writeError(w, e)
	return true
}

// injectCommitFault answers a commit with a pending 202 or parts_mismatch,
// if any, and reports whether it did. listed are the parts the commit names.
func (s *Server) injectCommitFault(w http.ResponseWriter, listed []boxapi.UploadPart) bool {
	s.mu.Lock()
	f := &s.faults
	accepted := f.commitsAccepted > 0
	mismatch := !accepted && f.commitMismatches > 0
	switch {
	case accepted:
		f.commitsAccepted--
	case mismatch:
		f.commitMismatches--
	}
	retryAfter := f.commitRetryAfter
	s.mu.Unlock()

	switch {
	case accepted:
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
		w.WriteHeader(http.StatusAccepted)
	case mismatch:
		// Box names the part it could not find; the last one is the one
		// most likely still in flight on its side.
		var last boxapi.UploadPart
		if len(listed) > 0 {
			last = listed[len(listed)-1]
		}
		writeError(w, partsMismatch(last))
	default:
		return false
	}
	return true
}

// resetPart reads about half the body, then hangs up.
func resetPart(w http.ResponseWriter, r *http.Request) {
	io.CopyN(io.Discard, r.Body, max(r.ContentLength/2, 0))
	hangUp(w)
}
