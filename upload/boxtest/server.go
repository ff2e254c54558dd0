// Package boxtest runs a strict, in-process fake of Box's upload API for
// tests and for the uploader's demo mode, in the manner of net/http/httptest.
//
// The fake answers the API host (/2.0), the upload host (/api/2.0) and the
// OAuth endpoints (/oauth2) over real loopback HTTP. It rejects what Box
// rejects, with Box's status codes and error bodies, so a client that works
// against it has been held to Box's rules: aligned part ranges, SHA-1
// digests, exact commit part lists, single-use rotating refresh tokens.
// Fault injection methods make it misbehave the way Box does under load.
//
// Request bodies are never held in memory: parts and simple uploads are
// streamed to files on disk while they are hashed, so multi-gigabyte uploads
// work. Only hashes and sizes are kept for committed content; the fake has
// no download endpoint.
package boxtest

import (
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"boxuploader/upload/boxapi"
)

// Options configures a Server. The zero value gives Box's usual behaviour.
type Options struct {
	// PartSize is the part_size the server dictates to every session;
	// 0 means 8 MiB (8388608), what Box usually picks.
	PartSize int64
	// MinChunkedSize is the smallest file_size an upload session accepts;
	// 0 means 20000000. Smaller sizes get 400 file_size_too_small.
	MinChunkedSize int64
	// Dir is where request bodies are spooled. The server works in a new
	// directory inside it (inside os.TempDir() when empty) that Close removes.
	Dir string
	// ClientID and ClientSecret identify the only OAuth client the server
	// knows; empty means "test-client-id" and "test-client-secret".
	ClientID, ClientSecret string
	// AccessTokenLifetime is how long access tokens work; 0 means 1 hour.
	AccessTokenLifetime time.Duration
	// Latency is how much later than written what the server sends
	// reaches the client: every answer (OAuth and the bench endpoint
	// included) comes that much after its request was read, as over a
	// network with that round trip; HTTP/2 window updates and TLS
	// handshakes are late alike.
	Latency time.Duration
	// BandwidthPerConn caps, in bytes per second, how fast the server reads
	// from each TCP connection (the HTTP/2 streams on one share it); 0
	// means unlimited.
	BandwidthPerConn int64
	// LinkBandwidth caps, in bytes per second, how fast the server reads
	// from all its connections together, both hosts included: the
	// client's line. 0 means unlimited.
	LinkBandwidth int64
	// TLS serves https:// with httptest's certificate (see Certificate),
	// offering HTTP/2 and HTTP/1.1 as Box's hosts do, unless HTTP1Only.
	TLS       bool
	HTTP1Only bool
	// HTTP2Window is the HTTP/2 flow-control window the server grants per
	// connection and per stream, in bytes; 0 means Go's defaults (a few
	// MiB). Small windows (64 KiB) are what conservative servers grant:
	// a stream then carries at most a window per round trip.
	HTTP2Window int
	// ClockSkew is how far the server's clock is ahead of this machine's
	// (negative: behind), as a real Box's and a laptop's differ: it shows
	// in the Date header and in the session_expires_at of sessions.
	ClockSkew time.Duration
}

// Default option values.
const (
	defaultPartSize       = 8 << 20
	defaultMinChunkedSize = 20000000
	defaultClientID       = "test-client-id"
	defaultClientSecret   = "test-client-secret"
	defaultTokenLifetime  = time.Hour
)

// Server is a running fake Box. Create it with NewServer and stop it with
// Close. All methods are safe for concurrent use.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:PORT.
	URL string
	// APIURL is URL + "/2.0", the equivalent of https://api.box.com/2.0.
	APIURL string
	// UploadURL is URL + "/api/2.0", the equivalent of
	// https://upload.box.com/api/2.0.
	UploadURL string
	// AuthURL is the OAuth authorization endpoint, URL + "/oauth2/authorize".
	AuthURL string
	// TokenURL is the OAuth token endpoint, URL + "/oauth2/token".
	TokenURL string
	// RevokeURL is the OAuth revocation endpoint, URL + "/oauth2/revoke".
	RevokeURL string
	// NearUploadURL is a second listener's upload host,
	// http://127.0.0.1:OTHERPORT/api/2.0: the host "near the person" that
	// preflight answers name in upload_url, as Box names upload-las.app.box.com.
	// It serves the upload host's paths only.
	NearUploadURL string

	opts Options
	dir  string // spool directory, removed by Close
	http *httptest.Server
	near *httptest.Server // the upload host that preflights point to
	mux  *http.ServeMux
	// closing is closed when Close starts: stalled requests give up then.
	closing   chan struct{}
	closeOnce sync.Once

	// mu guards everything below. Slow work (reading bodies, hashing,
	// disk I/O) happens outside it.
	mu       sync.Mutex
	nextID   int64
	user     boxapi.User
	folders  map[string]*folder
	files    map[string]*file
	sessions map[string]*session
	auth     authState
	faults   faultState

	down     atomic.Bool // NetworkDown
	nearDown atomic.Bool // NearHostDown
	// versionPreflightRefusal answers every new-version preflight when set.
	versionPreflightRefusal atomic.Pointer[boxError]
	cutOffs                 atomic.Int64 // requests cut off while down
	onCutOff                atomic.Pointer[func(n int)]
	onCommit                atomic.Pointer[func(n int)]
	partBytes               atomic.Int64 // Stats.PartBytes
	partsInFlight           gauge        // part PUTs in flight
	uploadsInFlight         gauge        // part PUTs and simple uploads in flight
	stats                   Stats
}

// NewServer starts a fake Box on 127.0.0.1 with a random port. It panics if
// it cannot create its spool directory, as httptest.NewServer panics when it
// cannot listen.
func NewServer(opts Options) *Server {
	if opts.PartSize <= 0 {
		opts.PartSize = defaultPartSize
	}
	if opts.MinChunkedSize <= 0 {
		opts.MinChunkedSize = defaultMinChunkedSize
	}
	if opts.ClientID == "" {
		opts.ClientID = defaultClientID
	}
	if opts.ClientSecret == "" {
		opts.ClientSecret = defaultClientSecret
	}
	if opts.AccessTokenLifetime <= 0 {
		opts.AccessTokenLifetime = defaultTokenLifetime
	}
	dir, err := os.MkdirTemp(opts.Dir, "boxtest-")
	if err != nil {
		panic("boxtest: creating spool directory: " + err.Error())
	}
	s := &Server{
		opts:     opts,
		dir:      dir,
		nextID:   1000000000,
		user:     defaultUser(),
		folders:  map[string]*folder{rootFolderID: {id: rootFolderID, name: "All Files", canUpload: true}},
		files:    map[string]*file{},
		sessions: map[string]*session{},
		auth:     newAuthState(),
		closing:  make(chan struct{}),
	}
	s.mux = s.routes()
	link := newPacer(opts.LinkBandwidth)
	s.http = s.newHost(s.serveDefault, link)
	s.near = s.newHost(s.serveNear, link)

	// The listeners already exist; setting the URLs before serving means
	// handlers, which read them, never race with these writes.
	scheme := "http://"
	if opts.TLS {
		scheme = "https://"
	}
	s.URL = scheme + s.http.Listener.Addr().String()
	s.APIURL = s.URL + "/2.0"
	s.UploadURL = s.URL + "/api/2.0"
	s.AuthURL = s.URL + "/oauth2/authorize"
	s.TokenURL = s.URL + "/oauth2/token"
	s.RevokeURL = s.URL + "/oauth2/revoke"
	s.NearUploadURL = scheme + s.near.Listener.Addr().String() + "/api/2.0"
	for _, h := range []*httptest.Server{s.http, s.near} {
		if opts.TLS {
			h.StartTLS()
		} else {
			h.Start()
		}
	}
	return s
}

// newHost is one listener of the fake, behind the simulated network.
func (s *Server) newHost(serve http.HandlerFunc, link *pacer) *httptest.Server {
	h := httptest.NewUnstartedServer(serve)
	// Cutting connections on purpose (ResetPart, LoseCommit) and clients
	// hanging up make net/http log; that is noise in test output.
	h.Config.ErrorLog = log.New(io.Discard, "", 0)
	h.Listener = &linkListener{Listener: h.Listener, link: link, perConn: s.opts.BandwidthPerConn, latency: s.opts.Latency}
	h.Config.ConnContext = withConn
	h.EnableHTTP2 = s.opts.TLS && !s.opts.HTTP1Only
	if w := s.opts.HTTP2Window; w > 0 {
		h.Config.HTTP2 = &http.HTTP2Config{MaxReceiveBufferPerConnection: max(w, 64<<10), MaxReceiveBufferPerStream: w}
	}
	return h
}

// Certificate is the certificate the server presents when Options.TLS is
// set (nil otherwise): a client must trust it.
func (s *Server) Certificate() *x509.Certificate { return s.http.Certificate() }

// Client returns an HTTP client that trusts the server's certificate.
func (s *Server) Client() *http.Client { return s.http.Client() }

// Close shuts the server down, waiting for requests in flight, and removes
// every spooled file. Calling it again does nothing. The inspection methods
// keep working after Close.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.near.Close()
	s.http.Close()
	os.RemoveAll(s.dir)
}

func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2.0/users/me", s.getUser)
	mux.HandleFunc("GET /2.0/files/{id}", s.getFile)
	mux.HandleFunc("GET /2.0/folders/{id}", s.getFolder)
	mux.HandleFunc("GET /2.0/folders/{id}/items", s.listItems)
	mux.HandleFunc("POST /2.0/folders", s.createFolder)
	mux.HandleFunc("GET /2.0/search", s.search)
	mux.HandleFunc("OPTIONS /2.0/files/content", s.preflightNewFile)
	mux.HandleFunc("OPTIONS /2.0/files/{id}/content", s.preflightNewVersion)

	mux.HandleFunc("POST /api/2.0/files/upload_sessions", s.createSession)
	mux.HandleFunc("POST /api/2.0/files/{id}/upload_sessions", s.createVersionSession)
	mux.HandleFunc("PUT /api/2.0/files/upload_sessions/{sid}", s.uploadPart)
	mux.HandleFunc("GET /api/2.0/files/upload_sessions/{sid}", s.getSession)
	mux.HandleFunc("DELETE /api/2.0/files/upload_sessions/{sid}", s.abortSession)
	mux.HandleFunc("GET /api/2.0/files/upload_sessions/{sid}/parts", s.listParts)
	mux.HandleFunc("POST /api/2.0/files/upload_sessions/{sid}/commit", s.commitSession)
	mux.HandleFunc("POST /api/2.0/files/content", s.uploadNewFile)
	mux.HandleFunc("POST /api/2.0/files/{id}/content", s.uploadNewVersion)

	mux.HandleFunc("GET /oauth2/authorize", s.authorize)
	mux.HandleFunc("POST /oauth2/token", s.token)
	mux.HandleFunc("POST /oauth2/revoke", s.revoke)

	mux.HandleFunc("PUT /bench/put", s.benchPut)
	mux.HandleFunc("GET /bench/stats", s.benchStats)
	return mux
}

// serve is the front door: simulated network conditions for everything,
// then, for Box API paths, request IDs, injected faults, authentication and
// Box-style 404/405 answers.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor == 2 {
		s.mu.Lock()
		s.stats.HTTP2Requests++
		s.mu.Unlock()
	}
	if s.down.Load() {
		s.cutOff(w)
		return
	}
	if isBoxAPI(r.URL.Path) {
		w.Header().Set("box-request-id", randomHex(8))
		if s.opts.ClockSkew != 0 {
			w.Header().Set("Date", time.Now().Add(s.opts.ClockSkew).UTC().Format(http.TimeFormat))
		}
		if s.injectRequestFault(w) {
			return
		}
		s.partArrived(r)
		if s.down.Load() {
			s.cutOff(w)
			return
		}
		if !s.authorized(r) {
			s.unauthorized(w)
			return
		}
		if _, pattern := s.mux.Handler(r); pattern == "" {
			s.unrouted(w, r)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// serveDefault is the first listener: the API, the default upload host
// and OAuth.
func (s *Server) serveDefault(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/2.0/") {
		s.mu.Lock()
		s.stats.DefaultHostUploads++
		s.mu.Unlock()
	}
	s.serve(w, r)
}

// serveNear is the second upload host: only upload paths, like Box's
// upload hosts, which do not serve the API.
func (s *Server) serveNear(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/api/2.0/") {
		w.Header().Set("box-request-id", randomHex(8))
		writeError(w, errNotFound)
		return
	}
	s.mu.Lock()
	s.stats.NearUploads++
	s.mu.Unlock()
	if s.nearDown.Load() {
		s.cutOff(w)
		return
	}
	s.serve(w, r)
}

func isBoxAPI(path string) bool {
	return strings.HasPrefix(path, "/2.0/") || strings.HasPrefix(path, "/api/2.0/")
}

// unrouted answers a request no route takes, telling a wrong method (405)
// from an unknown path (404) the way Box does, with Box's error body rather
// than ServeMux's plain text.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) {
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodOptions} {
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, pattern := s.mux.Handler(probe); pattern != "" {
			writeError(w, errMethodNotAllowed)
			return
		}
	}
	writeError(w, errNotFound)
}

// newID returns the next item ID. Box IDs are decimal strings. s.mu must be held.
func (s *Server) newID() string {
	id := strconv.FormatInt(s.nextID, 10)
	s.nextID++
	return id
}

// randomHex returns n random bytes as lowercase hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
