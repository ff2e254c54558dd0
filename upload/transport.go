package upload

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// Version is the app's version as Box sees it in the User-Agent. Empty:
// the main module's version from the build, or "dev".
var Version = ""

var userAgent = sync.OnceValue(func() string {
	v := Version
	if bi, ok := debug.ReadBuildInfo(); v == "" && ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	if v == "" {
		v = "dev"
	}
	return fmt.Sprintf("boxuploader/%s (%s; %s)", v, runtime.GOOS, runtime.GOARCH)
})

// NewHTTPClient returns the HTTP client uploads use when Client.HTTP is
// nil: no overall timeout (a part may take minutes on a slow line), but
// bounded dialing and TLS handshakes, TCP keep-alives so a dead peer is
// noticed, and idle connections closed after a while so that none is
// reused after the network under it changed. Waits for an answer have no
// timeout here: the Client's watchdog ends them after its
// Retry.StallTimeout without progress, whatever that is set to. It
// speaks HTTP/1.1: each part in flight has a connection of its own, so one
// stalled connection holds up one part, not all of them.
func NewHTTPClient() *http.Client {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   15 * time.Second,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   MaxParallel + 4,
		TLSNextProto:          map[string]func(string, *tls.Conn) http.RoundTripper{}, // no HTTP/2
	}}
}

var defaultHTTP = sync.OnceValue(NewHTTPClient)

// errStalled is the cause of an attempt the watchdog ended.
var errStalled = errors.New("no progress: the connection stalled")

// watchdog ends an attempt whose bytes stop moving: a request body that is
// not read on, an answer that does not come, an answer's body that stops.
// A half-open connection (Wi-Fi changed, laptop slept) fails no read or
// write; only time tells.
type watchdog struct {
	start   time.Time
	last    atomic.Int64 // time of the last progress, as nanoseconds since start
	limit   time.Duration
	mu      sync.Mutex // guards timer: check may run before AfterFunc returns
	timer   *time.Timer
	stopped atomic.Bool
	cancel  context.CancelCauseFunc
}

// watch returns a context for one attempt that the watchdog cancels with
// errStalled after limit without progress. stop releases both.
func watch(ctx context.Context, limit time.Duration) (context.Context, *watchdog) {
	actx, cancel := context.WithCancelCause(ctx)
	w := &watchdog{start: time.Now(), limit: limit, cancel: cancel}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.timer = time.AfterFunc(limit, w.check)
	return actx, w
}

// touch records progress.
func (w *watchdog) touch() { w.last.Store(int64(time.Since(w.start))) }

func (w *watchdog) check() {
	if w.stopped.Load() {
		return
	}
	idle := time.Since(w.start) - time.Duration(w.last.Load())
	if idle >= w.limit {
		w.cancel(errStalled)
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.timer.Reset(w.limit - idle)
}

// stop ends the watch and the attempt's context.
func (w *watchdog) stop() {
	w.stopped.Store(true)
	w.mu.Lock()
	w.timer.Stop()
	w.mu.Unlock()
	w.cancel(context.Canceled)
}

// stalled tells whether the watchdog ended the attempt.
func (w *watchdog) stalled(actx context.Context) bool {
	return errors.Is(context.Cause(actx), errStalled)
}

// watchedReader is an answer's body: reading it is progress.
type watchedReader struct {
	r io.Reader
	w *watchdog
}

func (b *watchedReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if n > 0 {
		b.w.touch()
	}
	return n, err
}
