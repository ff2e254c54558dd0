package boxtest

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
)

// spooled is a request body saved to disk.
type spooled struct {
	path string
	size int64
	sum  [sha1.Size]byte
}

func (sp spooled) hex() string { return hexSum(sp.sum) }

// hexSum formats a SHA-1 the way Box's JSON carries it: lowercase hex.
func hexSum(sum [sha1.Size]byte) string { return hex.EncodeToString(sum[:]) }

// spool streams r into a new file in the spool directory while hashing it,
// so no body is ever held in memory. On error nothing is left on disk; a
// request body cut short fails with io.ErrUnexpectedEOF.
func (s *Server) spool(r io.Reader) (spooled, error) {
	f, err := os.CreateTemp(s.dir, "body-")
	if err != nil {
		return spooled{}, err
	}
	h := sha1.New()
	n, err := io.CopyBuffer(io.MultiWriter(f, h), r, make([]byte, 256<<10))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return spooled{}, err
	}
	sp := spooled{path: f.Name(), size: n}
	h.Sum(sp.sum[:0])
	return sp, nil
}

// digest reads r to its end, hashing it, and keeps nothing: for bodies
// of which only the hash and size matter (simple uploads).
func digest(r io.Reader) (spooled, error) {
	h := sha1.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return spooled{}, err
	}
	sp := spooled{size: n}
	h.Sum(sp.sum[:0])
	return sp, nil
}

// bodyError is the answer when spooling a request body failed: the
// client's fault (it hung up or sent less than it announced) unless the
// spool file itself failed.
func bodyError(err error) *boxError {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return errInternal
	}
	return errIncompleteBody
}

// benchPut does the work of a part upload without any of the protocol, so
// a benchmark can compare a client against a bare `curl -T` to this server.
func (s *Server) benchPut(w http.ResponseWriter, r *http.Request) {
	sp, err := s.spool(r.Body)
	if err != nil {
		writeError(w, bodyError(err))
		return
	}
	os.Remove(sp.path)
	writeJSON(w, http.StatusOK, map[string]any{"sha1": sp.hex(), "size": sp.size})
}

// benchStats answers the server's Stats, for a benchmark that runs the
// fake as a process of its own.
func (s *Server) benchStats(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Stats())
}

// hangUp closes the client's connection without answering, as a network
// failure or a crashed front end would.
func hangUp(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2): aborting the handler resets the stream.
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}
