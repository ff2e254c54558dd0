// Package upload sends local files to Box: as a new version of an existing
// file or as a new file in a folder, through Box's chunked upload sessions
// for big files and the simple upload for small ones. It is a plain Go
// library: no GUI, no sign-in logic (a TokenSource is handed in).
package upload

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Default base URLs of Box's two API hosts.
const (
	DefaultAPIURL    = "https://api.box.com/2.0"
	DefaultUploadURL = "https://upload.box.com/api/2.0"
)

// Parallelism bounds: Box's guide recommends 3–5 parts in flight.
const (
	DefaultParallel = 4
	MaxParallel     = 16
)

// TokenSource hands out Box access tokens.
//
// Refresh is called after Box refused the token rejected with 401. It must
// return a token different from rejected or an error, and it must be safe for
// concurrent use: callers that saw the same rejected token share one refresh.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
	Refresh(ctx context.Context, rejected string) (string, error)
}

// StaticToken is a token used as is (a developer token): it cannot be
// refreshed, so a 401 ends the upload with KindSignInNeeded.
type StaticToken string

// Token returns the token.
func (t StaticToken) Token(context.Context) (string, error) { return string(t), nil }

// Refresh always fails: a developer token cannot be renewed.
func (t StaticToken) Refresh(context.Context, string) (string, error) {
	return "", &kindError{KindSignInNeeded, "the access token was refused and cannot be renewed"}
}

// RetryPolicy says how long to keep trying when Box or the network fails.
type RetryPolicy struct {
	MinDelay        time.Duration // first backoff delay
	MaxDelay        time.Duration // backoff cap
	Attempts        int           // tries of one request that Box answered 429 or 5xx
	NetworkPatience time.Duration // how long one request keeps retrying network errors once Box was reached
	ConnectPatience time.Duration // the same before Box was ever reached in this upload: fail fast when offline
	MaxRetryAfter   time.Duration // cap on a Retry-After that Box asks for
	CommitWaits     int           // how many 202 "still processing" answers a commit sits out
	DefaultCommit   time.Duration // wait after a 202 without Retry-After
	// StallTimeout is how long a request may go without a byte moving
	// (sent or received) before its connection is dropped and it is tried
	// again on a new one.
	StallTimeout time.Duration
	// PartsMismatchPatience is how long a commit sits out Box's
	// parts_mismatch, which it answers while the last parts settle.
	PartsMismatchPatience time.Duration
	// DigestRetries is how many times a part Box says arrived corrupted
	// (digest_mismatch) is read again from the file and resent.
	DigestRetries int
}

// DefaultRetry is used for every zero field of Client.Retry.
var DefaultRetry = RetryPolicy{
	MinDelay:        500 * time.Millisecond,
	MaxDelay:        30 * time.Second,
	Attempts:        8,
	NetworkPatience: 10 * time.Minute,
	ConnectPatience: 5 * time.Second,
	MaxRetryAfter:   2 * time.Minute,
	CommitWaits:     100,
	DefaultCommit:   5 * time.Second,

	StallTimeout:          time.Minute,
	PartsMismatchPatience: 2 * time.Minute,
	DigestRetries:         3,
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetry
	pick := func(v, def time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return def
	}
	p.MinDelay = pick(p.MinDelay, d.MinDelay)
	p.MaxDelay = pick(p.MaxDelay, d.MaxDelay)
	p.NetworkPatience = pick(p.NetworkPatience, d.NetworkPatience)
	p.ConnectPatience = pick(p.ConnectPatience, min(d.ConnectPatience, p.NetworkPatience))
	p.MaxRetryAfter = pick(p.MaxRetryAfter, d.MaxRetryAfter)
	p.DefaultCommit = pick(p.DefaultCommit, d.DefaultCommit)
	p.StallTimeout = pick(p.StallTimeout, d.StallTimeout)
	p.PartsMismatchPatience = pick(p.PartsMismatchPatience, d.PartsMismatchPatience)
	if p.DigestRetries <= 0 {
		p.DigestRetries = d.DigestRetries
	}
	if p.Attempts <= 0 {
		p.Attempts = d.Attempts
	}
	if p.CommitWaits <= 0 {
		p.CommitWaits = d.CommitWaits
	}
	return p
}

// backoff is the delay before retry number n (1-based), with ±25% jitter so
// parallel parts do not retry in lockstep.
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.MinDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	return time.Duration(float64(d) * (0.75 + rand.Float64()/2))
}

// Client talks to Box. Its zero fields take defaults; it is safe for
// concurrent use once built.
type Client struct {
	APIURL    string       // "" = DefaultAPIURL
	UploadURL string       // "" = DefaultUploadURL
	HTTP      *http.Client // nil = NewHTTPClient's (shared by every Client)
	Tokens    TokenSource
	// Parallel pins the parts in flight of each upload (capped at
	// MaxParallel); 0 lets each find how many the link rewards (see
	// Budget). Listings and folder creations go Parallel at a time
	// (DefaultParallel for 0).
	Parallel int
	// Budget, when set, is the limit of parts in flight shared with the
	// client's other uploads running at the same time (a queue of files),
	// in place of one per upload.
	Budget *Budget
	Retry  RetryPolicy // zero fields = DefaultRetry
	// ProgressInterval is the least time between two progress callbacks
	// (the final one is always delivered); 0 = 100 ms.
	ProgressInterval time.Duration
	// StateDir is where chunked uploads keep what they need to resume after
	// an interruption; "" = they are not resumable.
	StateDir string

	hostsOnce sync.Once
	hostCache *hostCache // upload hosts learned from preflights
	// ownSessions holds the IDs of the upload sessions this client created
	// or found in its journals: a 409 session_conflict naming one is ours.
	ownSessions sync.Map
}

// hosts is the client's upload host cache, made on first use so that the
// zero Client works.
func (c *Client) hosts() *hostCache {
	c.hostsOnce.Do(func() { c.hostCache = &hostCache{} })
	return c.hostCache
}

func (c *Client) apiURL() string { return strings.TrimSuffix(orDefault(c.APIURL, DefaultAPIURL), "/") }

func (c *Client) uploadURL() string {
	return strings.TrimSuffix(orDefault(c.UploadURL, DefaultUploadURL), "/")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (c *Client) parallel() int {
	switch {
	case c.Parallel <= 0:
		return DefaultParallel
	case c.Parallel > MaxParallel:
		return MaxParallel
	}
	return c.Parallel
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return defaultHTTP()
}

// call is one logical request, sent as many times as retries need.
type call struct {
	op      string
	method  string
	url     string
	header  http.Header
	body    func() io.Reader // a fresh body for each attempt; nil = none
	length  int64            // body length, sent as Content-Length
	counter *atomic.Int64    // counts body bytes as they leave, reset on retry
	rep     *reporter        // told while the network is down; may be nil
	// failFast gives up on network failures after ConnectPatience even
	// once Box was reached: for a host that has somewhere else to fall
	// back to.
	failFast bool
	// congested, if set, is told when Box answers 429 or the connection
	// stalls: too much is in flight.
	congested func()
}

// do sends c until Box answers 2xx, retrying what may succeed later: 401 once
// after a token refresh, 429, 5xx and Box's temporary 409s with backoff
// (honouring Retry-After), network errors for up to NetworkPatience, and
// stalled connections (a fresh one each time) up to Attempts times. The
// answer's body is read whole before do returns (a stall while reading it
// is a stalled attempt); the caller closes it all the same.
func (c *Client) do(ctx context.Context, cl call) (*http.Response, error) {
	r := &retrier{c: c, cl: cl, p: c.Retry.withDefaults()}
	// net/http may go on reading a request body after Do returns (Box can
	// answer 401 or 5xx before reading it all). The caller reuses the bytes
	// behind the body once do returns, so wait until every body is closed.
	defer r.bodies.Wait()
	defer r.networkBack()
	for {
		if err := r.ensureToken(ctx); err != nil {
			return nil, err
		}
		resp, err := c.send(ctx, cl, r.token, &r.bodies, &r.readErr)
		if ctx.Err() != nil {
			if resp != nil {
				resp.Body.Close()
			}
			return nil, canceled(ctx)
		}
		if err != nil {
			if err := r.failed(ctx, err); err != nil {
				return nil, err
			}
			continue
		}
		r.answered()
		if resp.StatusCode < 300 {
			return resp, nil
		}
		if err := r.refused(ctx, resp); err != nil {
			return nil, err
		}
	}
}

// retrier is the state of one call's retries: the token in use and what
// failed so far.
type retrier struct {
	c           *Client
	cl          call
	p           RetryPolicy
	token       string
	refreshed   bool
	apiFailures int
	stalls      int
	netSince    time.Time
	netFailures int
	readErr     bodyError
	bodies      sync.WaitGroup
}

// ensureToken gets a token when there is none, sitting out network
// failures of the token source.
func (r *retrier) ensureToken(ctx context.Context) error {
	for r.token == "" {
		t, err := r.c.Tokens.Token(ctx)
		var ne net.Error
		switch {
		case err == nil:
			r.token = t
		case errors.As(err, &ne) && ctx.Err() == nil:
			if err := r.waitForNetwork(ctx, err); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s: %w", r.cl.op, err)
		}
	}
	return nil
}

// failed decides about a request that got no answer: the local file
// failed, the connection stalled (retried at once on a fresh connection,
// without saying the network is down: other parts may be moving), or the
// network failed (retried with backoff for a while).
func (r *retrier) failed(ctx context.Context, err error) error {
	if rerr := r.readErr.get(); rerr != nil {
		return &FileError{kind: KindUnreadable, Err: rerr}
	}
	// Connections opened before a network change may be half-open too.
	r.c.httpClient().CloseIdleConnections()
	if errors.Is(err, errStalled) {
		r.congested()
		r.stalls++
		if r.stalls >= r.p.Attempts {
			return &NetworkError{Op: r.cl.op, Err: err}
		}
		return sleep(ctx, r.p.backoff(1))
	}
	return r.waitForNetwork(ctx, err)
}

// waitForNetwork sits out a network failure (of a request, or of the
// token source renewing the token), or says the network is gone, or that
// waiting cannot help (a proxy wants a password, an untrusted certificate).
func (r *retrier) waitForNetwork(ctx context.Context, err error) error {
	if rerr := refusal(r.cl.op, err); rerr != nil {
		return rerr
	}
	if r.netSince.IsZero() {
		r.netSince = time.Now()
	}
	if r.netFailures == 0 {
		r.cl.rep.networkDown()
	}
	r.netFailures++
	patience := r.p.ConnectPatience
	if r.cl.rep.reachedBox() && !r.cl.failFast {
		patience = r.p.NetworkPatience // a dropped network, likely to come back
	}
	if time.Since(r.netSince) > patience {
		return &NetworkError{Op: r.cl.op, Err: err}
	}
	return sleep(ctx, r.p.backoff(r.netFailures))
}

// answered records that Box answered: the network is back.
func (r *retrier) answered() {
	r.networkBack()
	r.cl.rep.reached()
	r.netSince, r.netFailures = time.Time{}, 0
}

func (r *retrier) networkBack() {
	if r.netFailures > 0 {
		r.cl.rep.networkBack()
		r.netFailures = 0
	}
}

func (r *retrier) congested() {
	if r.cl.congested != nil {
		r.cl.congested()
	}
}

// refused decides about an answer outside 2xx: nil means try again.
func (r *retrier) refused(ctx context.Context, resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	apiErr := newAPIError(r.cl.op, resp, body)
	switch {
	case resp.StatusCode == http.StatusUnauthorized && !r.refreshed:
		fresh, err := r.c.Tokens.Refresh(ctx, r.token)
		var ne net.Error
		switch {
		case err == nil:
			r.refreshed, r.token = true, fresh
		case errors.As(err, &ne) && ctx.Err() == nil:
			// Renewing needs the network too: wait, then ask Box again.
			return r.waitForNetwork(ctx, err)
		default:
			return fmt.Errorf("%s: %w", r.cl.op, err)
		}
		return nil
	case apiErr.retryable() && r.apiFailures+1 < r.p.Attempts:
		if resp.StatusCode == http.StatusTooManyRequests {
			r.congested()
		}
		r.apiFailures++
		wait := r.p.backoff(r.apiFailures)
		if apiErr.RetryAfter > 0 {
			wait = min(apiErr.RetryAfter, r.p.MaxRetryAfter)
		}
		return sleep(ctx, wait)
	}
	return apiErr
}

// send makes one attempt, under a watchdog that drops the connection when
// nothing moves for StallTimeout.
func (c *Client) send(ctx context.Context, cl call, token string, bodies *sync.WaitGroup, readErr *bodyError) (*http.Response, error) {
	actx, wd := watch(ctx, c.Retry.withDefaults().StallTimeout)
	if rep := cl.rep; rep != nil {
		// A connection made means Box is reachable from here: a later
		// failure is a dropped network, worth waiting for.
		actx = httptrace.WithClientTrace(actx, &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { rep.reached() }})
	}
	req, err := http.NewRequestWithContext(actx, cl.method, cl.url, nil)
	if err != nil {
		wd.stop()
		return nil, err
	}
	for k, v := range cl.header {
		req.Header[k] = v
	}
	if cl.body != nil {
		newBody := func() io.ReadCloser {
			r := cl.body()
			if cl.counter != nil {
				cl.counter.Store(0)
				r = &countingReader{r: r, n: cl.counter, rep: cl.rep}
			}
			bodies.Add(1)
			return &trackedBody{Reader: r, done: bodies.Done, readErr: readErr, wd: wd}
		}
		req.Body = newBody()
		req.ContentLength = cl.length
		// A fresh body lets net/http resend on a stale keep-alive connection.
		req.GetBody = func() (io.ReadCloser, error) { return newBody(), nil }
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("User-Agent", userAgent())
	resp, err := c.httpClient().Do(req)
	if err == nil {
		// Box's answers are small JSON: read them here, under the same
		// watch, so that an answer that stops halfway is one more stalled
		// attempt and not a strange answer.
		wd.touch()
		err = readAnswer(resp, wd)
	}
	if err != nil {
		if wd.stalled(actx) && ctx.Err() == nil {
			err = fmt.Errorf("%w after %v", errStalled, wd.limit)
		}
		wd.stop()
		return nil, err
	}
	wd.stop()
	return resp, nil
}

// maxAnswer caps how much of an answer is read: a part list of 1000
// entries or a folder page is far smaller.
const maxAnswer = 16 << 20

// readAnswer reads resp's body whole (up to maxAnswer), telling wd of
// each byte, and puts the bytes back as the body.
func readAnswer(resp *http.Response, wd *watchdog) error {
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(&watchedReader{r: resp.Body, w: wd}, maxAnswer))
	if err != nil {
		return fmt.Errorf("read the answer (status %d): %w", resp.StatusCode, err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return nil
}

// getJSON fetches url and decodes the answer into v.
func (c *Client) getJSON(ctx context.Context, op, url string, v any) error {
	resp, err := c.do(ctx, call{op: op, method: http.MethodGet, url: url})
	if err != nil {
		return err
	}
	return decode(op, resp, v)
}

// sendJSON sends v as JSON with cl (its op, method, url, and header, rep
// and failFast if set) and decodes the answer into out (nil: ignore it).
func (c *Client) sendJSON(ctx context.Context, cl call, v, out any) (*http.Response, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	cl.header = cl.header.Clone()
	if cl.header == nil {
		cl.header = http.Header{}
	}
	cl.header.Set("Content-Type", "application/json")
	cl.body = func() io.Reader { return bytes.NewReader(b) }
	cl.length = int64(len(b))
	resp, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	if out == nil {
		resp.Body.Close()
		return resp, nil
	}
	return resp, decode(cl.op, resp, out)
}

// decode reads a 2xx JSON answer; anything else is a BadResponseError.
func decode(op string, resp *http.Response, v any) error {
	defer resp.Body.Close()
	ct := resp.Header.Get("Content-Type")
	dec := json.NewDecoder(resp.Body)
	if err := dec.Decode(v); err != nil {
		return &BadResponseError{Op: op, Status: resp.StatusCode, ContentType: ct, Err: err}
	}
	return nil
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return canceled(ctx)
	}
}

func canceled(ctx context.Context) error {
	return fmt.Errorf("%w: %w", ErrCanceled, context.Cause(ctx))
}

type countingReader struct {
	r   io.Reader
	n   *atomic.Int64
	rep *reporter // nudged, so that progress moves while a part is sent, not only when one ends
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	if c.rep != nil {
		c.rep.poke()
	}
	return n, err
}

// trackedBody tells, through done, when net/http has closed it: only
// then are the bytes it reads free for reuse.
type trackedBody struct {
	io.Reader
	once    sync.Once
	done    func()
	readErr *bodyError // where a failure to read the bytes (the local disk) is kept
	wd      *watchdog  // told of every byte that leaves
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.Reader.Read(p)
	if n > 0 {
		b.wd.touch()
	}
	if err != nil && err != io.EOF {
		b.readErr.set(err)
	}
	return n, err
}

// bodyError keeps the first error reading a request body.
type bodyError struct {
	mu  sync.Mutex
	err error
}

func (e *bodyError) set(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.err == nil {
		e.err = err
	}
}

func (e *bodyError) get() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err
}

func (b *trackedBody) Close() error {
	b.once.Do(b.done)
	return nil
}

var errNoEntries = errors.New("answer has no file entry")
