package boxtest

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"time"
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

// sleep waits for d, or until ctx is done; it reports whether the full
// time passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// throttledBody reads a request body no faster than rate bytes per second.
type throttledBody struct {
	io.ReadCloser
	rate  int64
	start time.Time // of the first Read
	n     int64     // bytes read so far
}

func throttle(body io.ReadCloser, rate int64) io.ReadCloser {
	return &throttledBody{ReadCloser: body, rate: rate}
}

func (t *throttledBody) Read(p []byte) (int, error) {
	if t.start.IsZero() {
		t.start = time.Now()
	}
	// Reading in slices of 20 ms worth of bytes keeps the rate smooth
	// instead of letting a large buffer arrive in one burst.
	if limit := max(t.rate/50, 1); int64(len(p)) > limit {
		p = p[:limit]
	}
	n, err := t.ReadCloser.Read(p)
	t.n += int64(n)
	due := t.start.Add(time.Duration(float64(t.n) / float64(t.rate) * float64(time.Second)))
	time.Sleep(time.Until(due))
	return n, err
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
