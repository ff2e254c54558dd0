package boxtest

import (
	"cmp"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"boxuploader/upload/boxapi"
)

// byteRange is a parsed Content-Range: bytes first-last/total.
type byteRange struct{ first, last, total int64 }

func (b byteRange) length() int64 { return b.last - b.first + 1 }

func parseContentRange(header string) (byteRange, bool) {
	spec, ok := strings.CutPrefix(header, "bytes ")
	if !ok {
		return byteRange{}, false
	}
	span, total, ok1 := strings.Cut(spec, "/")
	first, last, ok2 := strings.Cut(span, "-")
	if !ok1 || !ok2 {
		return byteRange{}, false
	}
	var b byteRange
	var err1, err2, err3 error
	b.first, err1 = strconv.ParseInt(first, 10, 64)
	b.last, err2 = strconv.ParseInt(last, 10, 64)
	b.total, err3 = strconv.ParseInt(total, 10, 64)
	valid := err1 == nil && err2 == nil && err3 == nil && b.first >= 0 && b.last >= b.first && b.total > 0
	return b, valid
}

// checkRange validates a part's Content-Range against the session: it must
// be the whole of one part, every part but the last exactly part_size long.
func (ss *session) checkRange(header string, contentLength int64) (byteRange, *boxError) {
	b, ok := parseContentRange(header)
	var e *boxError
	bad := func(format string, args ...any) {
		e = newError(http.StatusRequestedRangeNotSatisfiable, "requested_range_not_satisfiable", format, args...)
	}
	switch {
	case !ok:
		bad("Content-Range must be \"bytes <first>-<last>/<total>\", got %q", header)
	case b.total != ss.fileSize:
		bad("Content-Range total %d does not match the session's file_size %d", b.total, ss.fileSize)
	case b.first%ss.partSize != 0:
		bad("Part offset %d is not a multiple of part_size %d", b.first, ss.partSize)
	case b.last >= b.total:
		bad("Part range %d-%d ends past the end of the file (%d bytes)", b.first, b.last, b.total)
	case b.last == b.total-1 && b.length() <= ss.partSize:
		// The final part may be shorter than part_size.
	case b.length() != ss.partSize:
		bad("Part size %d must be part_size %d; only the final part may be shorter", b.length(), ss.partSize)
	}
	if e == nil && b.length() != contentLength {
		bad("Content-Range length %d does not match Content-Length %d", b.length(), contentLength)
	}
	return b, e
}

// overlap returns the 416 for a range that overlaps a stored part, counting
// it, or nil. s.mu must be held.
func (s *Server) overlap(ss *session, b byteRange) *boxError {
	for _, p := range ss.parts {
		if p.Offset <= b.last && b.first < p.Offset+p.Size {
			s.stats.OverlapConflicts++
			e := newError(http.StatusRequestedRangeNotSatisfiable, "range_overlaps_existing_part",
				"Part range overlaps a part that was already uploaded")
			e.context = boxapi.ConflictingPart{ConflictingPart: p.UploadPart}
			return e
		}
	}
	return nil
}

// parseDigest reads the SHA-1 from an RFC 3230 Digest header, which Box
// requires as sha=<base64> (legacy SDKs send SHA=).
func parseDigest(header string) (sum [sha1.Size]byte, ok bool) {
	for d := range strings.SplitSeq(header, ",") {
		alg, value, found := strings.Cut(strings.TrimSpace(d), "=")
		if !found || !strings.EqualFold(alg, "sha") {
			continue
		}
		b, err := base64.StdEncoding.DecodeString(value)
		if err != nil || len(b) != sha1.Size {
			return sum, false
		}
		copy(sum[:], b)
		return sum, true
	}
	return sum, false
}

func digestMismatch(actual, expected [sha1.Size]byte) *boxError {
	return newError(http.StatusBadRequest, "digest_mismatch", "File digest was incorrect. Actual: %s Expected: %s",
		base64.StdEncoding.EncodeToString(actual[:]), base64.StdEncoding.EncodeToString(expected[:]))
}

// uploadPart stores one part. Everything that can be checked from the
// headers is checked before the body is read; the overlap check is
// repeated before storing because parts arrive in parallel.
func (s *Server) uploadPart(w http.ResponseWriter, r *http.Request) {
	defer s.partsInFlight.enter(r)()
	defer s.uploadsInFlight.enter(r)()
	r.Body = countingBody{ReadCloser: r.Body, n: &s.partBytes}
	fault := s.takePartFault()
	switch fault {
	case partResets:
		resetPart(w, r)
		return
	case partStalls:
		s.stallPart(w, r)
		return
	}
	// A fault that replaces a success, on an upload refused for another
	// reason, passes to the next part upload instead of vanishing.
	fired := false
	defer func() {
		if !fired {
			s.passOnPartFault(fault)
		}
	}()
	req, e := s.admitPart(r)
	if e != nil {
		writeError(w, e)
		return
	}
	sp, err := s.spool(r.Body)
	if err != nil {
		writeError(w, bodyError(err))
		return
	}
	if sp.sum != req.digest {
		os.Remove(sp.path)
		writeError(w, digestMismatch(sp.sum, req.digest))
		return
	}
	switch fault {
	case partCorrupt:
		fired = true
		s.corruptPart(w, req, sp)
		return
	case partFails:
		fired = true
		os.Remove(sp.path)
		writeError(w, errInternal)
		return
	}
	part, e := s.storePart(req, sp)
	if e != nil {
		os.Remove(sp.path)
		writeError(w, e)
		return
	}
	fired = true
	defer func() {
		// Answer first: the client goes on while the part is hashed.
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		s.hashAhead(req.ss)
	}()
	switch fault {
	case partFailsStored:
		writeError(w, errInternal)
	case partStallsAnswer:
		s.stallAnswer(w, r, http.StatusOK, boxapi.UploadedPart{Part: part})
	default:
		writeJSON(w, http.StatusOK, boxapi.UploadedPart{Part: part})
	}
}

// gauge counts requests of a kind in flight and remembers the most at
// once. A request is in flight from when it is handled until its answer
// reaches the client.
type gauge struct{ now, most atomic.Int64 }

// enter counts r in until the function it returns is called and r's
// answer has reached the client.
func (g *gauge) enter(r *http.Request) (done func()) {
	now := g.now.Add(1)
	for {
		if most := g.most.Load(); now <= most || g.most.CompareAndSwap(most, now) {
			break
		}
	}
	return func() { afterAnswered(r, func() { g.now.Add(-1) }) }
}

// partRequest is a part upload whose headers passed the checks.
type partRequest struct {
	ss     *session
	rng    byteRange
	digest [sha1.Size]byte
}

// admitPart checks a part upload's session and headers, in Box's order.
func (s *Server) admitPart(r *http.Request) (partRequest, *boxError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, e := s.liveSession(r.PathValue("sid"))
	if e != nil {
		return partRequest{}, e
	}
	if r.ContentLength < 0 {
		return partRequest{}, errLengthRequired
	}
	rng, e := ss.checkRange(r.Header.Get("Content-Range"), r.ContentLength)
	if e != nil {
		return partRequest{}, e
	}
	digest, ok := parseDigest(r.Header.Get("Digest"))
	if !ok {
		return partRequest{}, errInvalidDigest
	}
	if e := s.overlap(ss, rng); e != nil {
		return partRequest{}, e
	}
	return partRequest{ss: ss, rng: rng, digest: digest}, nil
}

// storePart records a verified part, unless the session ended or another
// upload of the same range won the race meanwhile.
func (s *Server) storePart(req partRequest, sp spooled) (boxapi.UploadPart, *boxError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss := req.ss
	if _, e := s.liveSession(ss.id); e != nil {
		return boxapi.UploadPart{}, e
	}
	if e := s.overlap(ss, req.rng); e != nil {
		return boxapi.UploadPart{}, e
	}
	part := storedPart{
		UploadPart: boxapi.UploadPart{PartID: ss.newPartID(), Offset: req.rng.first, Size: req.rng.length(), SHA1: sp.hex()},
		path:       sp.path,
	}
	i, _ := slices.BinarySearchFunc(ss.parts, part.Offset, func(p storedPart, offset int64) int {
		return cmp.Compare(p.Offset, offset)
	})
	ss.parts = slices.Insert(ss.parts, i, part)
	s.stats.PartsStored++
	return part.UploadPart, nil
}

// newPartID returns a part ID unused in the session. s.mu must be held.
func (ss *session) newPartID() string {
	for {
		id := strings.ToUpper(randomHex(4))
		if !slices.ContainsFunc(ss.parts, func(p storedPart) bool { return p.PartID == id }) {
			return id
		}
	}
}
