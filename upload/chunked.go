package upload

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"net/url"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"boxuploader/upload/boxapi"
)

// session is one chunked upload in progress.
type session struct {
	c       *Client
	l       *local
	t       target
	s       *boxapi.UploadSession
	rep     *reporter
	parts   []boxapi.UploadPart         // indexed by part number
	stored  map[int64]boxapi.UploadPart // parts Box holds from before an interruption, by offset
	journal *journal
	sum     string // the whole file's SHA-1 (hex), set once the commit is sent
}

// uploadChunked goes on with an interrupted session when it can, else
// creates one; then sends the parts Box lacks and commits. When the
// network is what failed, the session and its journal are kept so that the
// upload can go on later; any other failure discards them.
func (c *Client) uploadChunked(ctx context.Context, l *local, t target, rep *reporter, j *journal, req Request) (*boxapi.File, error) {
	var (
		s      *boxapi.UploadSession
		stored map[int64]boxapi.UploadPart
	)
	if st, ok := j.load(); ok {
		c.ownSessions.Store(st.Session.ID, true)
		var why Kind
		if st.SHA1 != "" && !req.NoResume && st.sameFile(l) {
			// The last run got as far as committing: it may have gone through.
			if f, ok := c.committed(ctx, target{fileID: st.FileID, folderID: st.FolderID, name: st.Name, etag: st.ETag}, st.SHA1); ok {
				j.remove()
				rep.confirm(l.size, false)
				return f, nil
			}
		}
		if req.NoResume {
			(&session{c: c, s: &st.Session}).abort(ctx)
		} else {
			var err error
			if s, stored, why, err = c.resume(ctx, st, l); err != nil {
				return nil, err
			}
		}
		if s == nil {
			j.remove()
			if why != KindUnknown && req.OnRestart != nil {
				req.OnRestart(why)
			}
		}
	}
	if s == nil {
		var err error
		if s, err = c.createSession(ctx, l, t, rep); err != nil {
			return nil, err
		}
	}
	st := journalState{
		Path: l.path, Size: l.size, ModTime: l.modTime, FileID: t.fileID, FolderID: t.folderID,
		Name: t.name, ETag: t.etag, Session: *s,
	}
	for _, p := range stored {
		st.Parts = append(st.Parts, p)
	}
	if j.start(st) != nil {
		j = nil // the upload goes on; it just cannot be resumed
	}
	u := &session{c: c, l: l, t: t, s: s, rep: rep, stored: stored, journal: j}
	file, err := u.run(ctx)
	if err != nil && u.sum != "" {
		// The commit was sent: Box may have applied it, or may yet. Look
		// before discarding anything, even when the person cancelled.
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		f, ok := c.committed(lctx, t, u.sum)
		cancel()
		if ok {
			// Box holds our bytes. The session is spent, or (our bytes were
			// already there) still open: discard it either way.
			file, err = f, nil
			u.abort(ctx)
		}
	}
	switch k := KindOf(err); {
	case err == nil:
		j.remove()
	case k == KindNetwork && j != nil, k == KindServerError && u.sum != "" && j != nil:
		// Box is out of reach, or still assembling the file: keep the
		// session for a later run, which checks whether the commit landed.
		j.flush()
	default:
		u.abort(ctx)
		j.remove()
	}
	return file, err
}

// createSession asks Box first (preflight) whether it takes the upload and
// on which host, then opens the session there.
func (c *Client) createSession(ctx context.Context, l *local, t target, rep *reporter) (*boxapi.UploadSession, error) {
	if err := c.preflight(ctx, l.size, t, rep); err != nil {
		return nil, err
	}
	started := time.Now()
	var s *boxapi.UploadSession
	err := c.onUploadHost(t, func(base string, failFast bool) error {
		var err error
		s, err = c.openSession(ctx, l, t, started, call{rep: rep, failFast: failFast, url: base})
		return err
	})
	return s, err
}

// openSession creates the session on the upload host cl.url.
func (c *Client) openSession(ctx context.Context, l *local, t target, started time.Time, cl call) (*boxapi.UploadSession, error) {
	body := boxapi.CreateSessionRequest{FileSize: l.size, FileName: t.name}
	cl.method = http.MethodPost
	cl.op = "create upload session in folder " + t.folderID
	if t.fileID != "" {
		cl.url = fmt.Sprintf("%s/files/%s/upload_sessions", cl.url, url.PathEscape(t.fileID))
		cl.op = "create upload session for file " + t.fileID
	} else {
		cl.url += "/files/upload_sessions"
		body.FolderID = t.folderID
	}
	var s boxapi.UploadSession
	if _, err := c.sendJSON(ctx, cl, body, &s); err != nil {
		var ok bool
		if s, ok = c.ourSession(err, l.size, started); !ok {
			return nil, err
		}
	}
	if err := checkSession(&s, l.size); err != nil {
		return nil, &BadResponseError{Op: cl.op, Status: http.StatusCreated, Err: err}
	}
	c.ownSessions.Store(s.ID, true)
	return &s, nil
}

// ourSession recovers the session a 409 session_conflict names when it is
// ours. One this client created or found in a journal is ours by its ID
// (parts it holds are recognised as ours one by one, by their SHA-1).
// Failing that, one whose creation's answer was lost: Box dates sessions
// by their expiry, seven days after creation, so one created while we
// were asking (by Box's clock, from its Date header, when it sends one),
// for our size and with no part yet, is the one we asked for. Any other
// belongs to an upload elsewhere, which fails clearly.
func (c *Client) ourSession(err error, size int64, started time.Time) (boxapi.UploadSession, bool) {
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "session_conflict" {
		return boxapi.UploadSession{}, false
	}
	var ci struct {
		Session boxapi.UploadSession `json:"session"`
	}
	if json.Unmarshal(ae.ContextInfo, &ci) != nil || ci.Session.ID == "" {
		return boxapi.UploadSession{}, false
	}
	s := ci.Session
	if checkSession(&s, size) != nil {
		return boxapi.UploadSession{}, false
	}
	if _, known := c.ownSessions.Load(s.ID); known {
		return s, true
	}
	created := s.SessionExpiresAt.Add(-sessionLifetime)
	if !ae.date.IsZero() {
		created = created.Add(-time.Until(ae.date)) // on our clock
	}
	const slack = time.Minute // the Date header's rounding, the answer's time on the way
	fresh := created.After(started.Add(-slack)) && created.Before(time.Now().Add(slack))
	if !fresh || s.NumPartsProcessed != 0 {
		return boxapi.UploadSession{}, false
	}
	return s, true
}

// sessionLifetime is how long Box keeps an upload session.
const sessionLifetime = 7 * 24 * time.Hour

// checkSession refuses a session we could not follow exactly.
func checkSession(s *boxapi.UploadSession, size int64) error {
	e := s.SessionEndpoints
	switch {
	case s.PartSize <= 0:
		return fmt.Errorf("part_size %d", s.PartSize)
	case e.UploadPart == "" || e.Commit == "" || e.Abort == "" || e.ListParts == "":
		return errors.New("session endpoints missing")
	case s.TotalParts != 0 && int64(s.TotalParts) != (size+s.PartSize-1)/s.PartSize:
		return fmt.Errorf("total_parts %d does not fit part_size %d", s.TotalParts, s.PartSize)
	}
	return nil
}

func (u *session) numParts() int { return int((u.l.size + u.s.PartSize - 1) / u.s.PartSize) }

// run uploads every part and commits.
func (u *session) run(ctx context.Context) (*boxapi.File, error) {
	n := u.numParts()
	u.parts = make([]boxapi.UploadPart, n)
	u.rep.setParts(n)
	u.rep.setPhase(PhaseUploading)
	sum, err := u.sendParts(ctx)
	if err != nil {
		return nil, err
	}
	if err := u.l.unchanged(); err != nil {
		return nil, err
	}
	u.rep.setPhase(PhaseFinishing)
	u.sum = hex.EncodeToString(sum)
	u.journal.committing(u.sum)
	return u.commit(ctx, sum)
}

// job is one part read from the file, waiting for a worker.
type job struct {
	index  int
	offset int64
	data   []byte
	sum    [sha1.Size]byte // of data: hashed by the worker before the part flies
}

// sendParts reads the file once, in order, feeding the whole-file SHA-1 as
// it goes, and hands each part to a worker, which sends it when the budget
// lets one more part fly. The reader stays a part ahead of the parts in
// flight, so that a part landing makes room for one already read: memory
// is (parts in flight + 1) × part_size, whatever the file size.
func (u *session) sendParts(ctx context.Context) ([]byte, error) {
	b := u.c.budget()
	g, gctx := errgroup.WithContext(ctx)
	jobs := make(chan job)
	whole := sha1.New()
	g.Go(func() error {
		defer close(jobs)
		return u.readParts(gctx, b, whole, jobs)
	})
	for range min(b.Size()+1, u.numParts()) {
		g.Go(func() error {
			for j := range jobs {
				err := u.flyPart(gctx, b, j)
				b.give(j.data)
				if err != nil {
					return err
				}
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return nil, canceled(ctx)
		}
		return nil, err
	}
	return whole.Sum(nil), nil
}

// readParts reads the parts in order into buffers from b, adds them to
// whole, and hands those Box lacks to the workers.
func (u *session) readParts(ctx context.Context, b *Budget, whole hash.Hash, jobs chan<- job) error {
	for i := range u.numParts() {
		buf, err := b.take(ctx, u.s.PartSize)
		if err != nil {
			return err
		}
		off := int64(i) * u.s.PartSize
		data := buf[:min(u.s.PartSize, u.l.size-off)]
		began := time.Now()
		if _, err := u.l.f.ReadAt(data, off); err != nil {
			kind := KindUnreadable
			if errors.Is(err, io.EOF) {
				kind = KindChangedLocally // shorter than when we started
			}
			b.give(buf)
			return &FileError{kind: kind, Path: u.l.path, Err: err}
		}
		whole.Write(data)
		b.read(int64(len(data)), time.Since(began))
		if p, ok := u.stored[off]; ok {
			// Box has this part from before the interruption: it is ours
			// only if the file still holds the same bytes there.
			sum := sha1.Sum(data)
			b.give(buf)
			if !sameSHA1(hex.EncodeToString(sum[:]), p.SHA1) {
				return &FileError{kind: KindChangedLocally, Path: u.l.path, Err: errors.New("a part already uploaded has changed")}
			}
			u.parts[i] = p
			u.rep.confirm(p.Size, true)
			continue
		}
		select {
		case jobs <- job{index: i, offset: off, data: data}:
		case <-ctx.Done():
			b.give(buf)
			return canceled(ctx)
		}
	}
	return nil
}

// flyPart hashes one part, then sends it once the budget lets it fly.
// Hashing here, while other parts fly, keeps it off the reader (which
// hashes the whole file) and out of the flight's time.
func (u *session) flyPart(ctx context.Context, b *Budget, j job) error {
	j.sum = sha1.Sum(j.data)
	f, err := b.fly(ctx)
	if err != nil {
		return err
	}
	part, err := u.sendPart(ctx, j, b)
	if err != nil {
		b.land(f, 0)
		return err
	}
	b.land(f, part.Size)
	u.parts[j.index] = part
	u.journal.confirm(part)
	u.rep.confirm(part.Size, true)
	return nil
}

// sendPart uploads one part. A part Box says arrived damaged
// (digest_mismatch) is read again from the file and resent, a few times,
// in the same session.
func (u *session) sendPart(ctx context.Context, j job, b *Budget) (boxapi.UploadPart, error) {
	sum := j.sum
	retries := u.c.Retry.withDefaults().DigestRetries
	for try := 0; ; try++ {
		part, err := u.putPart(ctx, j, sum, b)
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != "digest_mismatch" || try >= retries {
			return part, err
		}
		if err := u.reread(j, sum); err != nil {
			return boxapi.UploadPart{}, err
		}
	}
}

// reread reads a part's bytes from the file again. Other bytes than those
// hashed mean the file changed, not the network.
func (u *session) reread(j job, sum [sha1.Size]byte) error {
	if _, err := u.l.f.ReadAt(j.data, j.offset); err != nil {
		return &FileError{kind: KindUnreadable, Path: u.l.path, Err: err}
	}
	if sha1.Sum(j.data) != sum {
		return &FileError{kind: KindChangedLocally, Path: u.l.path, Err: errors.New("a part read again differs")}
	}
	return nil
}

// putPart sends one part once (do retries what the network and Box's
// temporary answers need). When Box says the range is already stored (a
// part whose earlier answer was lost), the stored part is ours if its
// SHA-1 is ours.
func (u *session) putPart(ctx context.Context, j job, sum [sha1.Size]byte, b *Budget) (boxapi.UploadPart, error) {
	hexSum := hex.EncodeToString(sum[:])
	last := j.offset + int64(len(j.data)) - 1
	h := http.Header{}
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", j.offset, last, u.l.size))
	h.Set("Digest", "sha="+base64.StdEncoding.EncodeToString(sum[:]))
	op := fmt.Sprintf("upload part %d of %d", j.index+1, u.numParts())

	counter := u.rep.counter()
	defer u.rep.release(counter)
	resp, err := u.c.do(ctx, call{
		op: op, method: http.MethodPut, url: u.s.SessionEndpoints.UploadPart,
		header: h, length: int64(len(j.data)), counter: counter, rep: u.rep, congested: b.congested,
		body: func() io.Reader { return bytes.NewReader(j.data) },
	})
	if err != nil {
		if stored, ok := u.storedPart(ctx, err, j.offset); ok && sameSHA1(stored.SHA1, hexSum) && stored.Size == int64(len(j.data)) {
			return stored, nil
		}
		return boxapi.UploadPart{}, err
	}
	var up boxapi.UploadedPart
	if err := decode(op, resp, &up); err != nil {
		return boxapi.UploadPart{}, err
	}
	p := up.Part
	if p.Offset != j.offset || p.Size != int64(len(j.data)) || !sameSHA1(p.SHA1, hexSum) || p.PartID == "" {
		return boxapi.UploadPart{}, &BadResponseError{
			Op: op, Status: resp.StatusCode,
			Err: fmt.Errorf("box recorded offset %d size %d sha1 %s", p.Offset, p.Size, p.SHA1),
		}
	}
	return p, nil
}

// storedPart returns the part Box already holds at offset when err says the
// range overlaps one: from the error's context_info, else from list parts.
func (u *session) storedPart(ctx context.Context, err error, offset int64) (boxapi.UploadPart, bool) {
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "range_overlaps_existing_part" {
		return boxapi.UploadPart{}, false
	}
	var ci boxapi.ConflictingPart
	if json.Unmarshal(ae.ContextInfo, &ci) == nil && ci.ConflictingPart.PartID != "" && ci.ConflictingPart.Offset == offset {
		return ci.ConflictingPart, true
	}
	parts, lerr := u.listParts(ctx)
	if lerr != nil {
		return boxapi.UploadPart{}, false
	}
	i := slices.IndexFunc(parts, func(p boxapi.UploadPart) bool { return p.Offset == offset })
	if i < 0 {
		return boxapi.UploadPart{}, false
	}
	return parts[i], true
}

// listParts pages through every part Box holds for the session.
func (u *session) listParts(ctx context.Context) ([]boxapi.UploadPart, error) {
	const limit = 1000
	var all []boxapi.UploadPart
	for {
		var page boxapi.UploadParts
		q := fmt.Sprintf("%s?offset=%d&limit=%d", u.s.SessionEndpoints.ListParts, len(all), limit)
		if err := u.c.getJSON(ctx, "list uploaded parts", q, &page); err != nil {
			return nil, err
		}
		all = append(all, page.Entries...)
		if len(page.Entries) == 0 || len(all) >= page.TotalCount {
			return all, nil
		}
	}
}

// commit asks Box to assemble the parts into the new version. It sits out
// 202 "still processing" answers and, for up to PartsMismatchPatience, the
// parts_mismatch Box gives while the last parts settle; before reporting
// any failure it checks whether Box applied the commit anyway (a lost
// answer).
func (u *session) commit(ctx context.Context, sum []byte) (*boxapi.File, error) {
	p := u.c.Retry.withDefaults()
	payload, err := json.Marshal(boxapi.CommitRequest{
		Parts:      u.parts,
		Attributes: &boxapi.Attributes{Name: u.t.name, ContentModifiedAt: boxapi.Time{Time: u.l.modTime}},
	})
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("Digest", "sha="+base64.StdEncoding.EncodeToString(sum))
	h.Set("Content-Type", "application/json")
	if u.t.fileID != "" && u.t.etag != "" {
		h.Set("If-Match", u.t.etag)
	}
	const op = "commit upload session"
	var accepted, mismatches int
	var firstMismatch time.Time
	for {
		resp, err := u.c.do(ctx, call{
			op: op, method: http.MethodPost, url: u.s.SessionEndpoints.Commit, header: h, rep: u.rep,
			body: func() io.Reader { return bytes.NewReader(payload) }, length: int64(len(payload)),
		})
		var ae *APIError
		switch {
		case KindOf(err) == KindCanceled:
			return nil, err
		case err == nil && resp.StatusCode == http.StatusAccepted:
			accepted++
			if err := u.waitAccepted(ctx, resp, accepted, p); err != nil {
				return nil, err
			}
			continue
		case err == nil:
			var files boxapi.Files
			if err := decode(op, resp, &files); err != nil {
				return nil, err
			}
			return fileOf(op, &files)
		case errors.As(err, &ae) && ae.Code == "parts_mismatch":
			if mismatches++; mismatches == 1 {
				firstMismatch = time.Now()
			}
			if time.Since(firstMismatch) < p.PartsMismatchPatience {
				if err := sleep(ctx, p.backoff(mismatches)); err != nil {
					return nil, err
				}
				continue
			}
		}
		if f, ok := u.c.committed(ctx, u.t, hex.EncodeToString(sum)); ok {
			return f, nil
		}
		return nil, err
	}
}

// waitAccepted sits out Box's 202 "still processing" answer number n to a
// commit, as long as its Retry-After says (capped), or says Box has been
// processing for too long.
func (u *session) waitAccepted(ctx context.Context, resp *http.Response, n int, p RetryPolicy) error {
	resp.Body.Close()
	if n > p.CommitWaits {
		return &kindError{KindServerError, fmt.Sprintf("box is still processing the upload after %d checks", n)}
	}
	wait := p.DefaultCommit
	if ra := parseRetryAfter(resp.Header.Get("Retry-After")); ra > 0 {
		wait = min(ra, p.MaxRetryAfter)
	}
	return sleep(ctx, wait)
}

// abort discards the session at Box. It runs after the caller's context may
// have ended, so it gets a short one of its own.
func (u *session) abort(ctx context.Context) {
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	resp, err := u.c.do(actx, call{op: "abort upload session", method: http.MethodDelete, url: u.s.SessionEndpoints.Abort})
	if err == nil {
		resp.Body.Close()
	}
}
