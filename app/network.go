package app

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mattn/go-ieproxy"
	"golang.org/x/time/rate"
)

// How the app reaches Box from an office network: through which proxy, at
// what speed at most. Both are built into the one HTTP client of a
// connection (withHTTP), so uploads, look-ups and the sign-in's token calls
// all follow them; the sign-in's loopback listener is a server and never
// goes through a proxy.

// The proxy modes of Network.Proxy.
const (
	proxySystem = "system" // the system's settings: HTTPS_PROXY and the like, and on Windows and macOS the OS's (a PAC file too)
	proxyNone   = "none"   // straight to Box
	proxyManual = "manual" // Network.ProxyHost
)

// Network is how the app reaches Box. The zero value uses the system's
// proxy settings and sends as fast as the line allows.
type Network struct {
	Proxy         string // proxySystem ("" too), proxyNone or proxyManual
	ProxyHost     string // host:port of the manual proxy
	ProxyUser     string // its user name, if it asks for one
	ProxyPassword string // its password: from the keyring, never from preferences
}

// proxyFunc chooses the proxy of each request, as http.Transport.Proxy.
// This machine's own addresses are never reached through a proxy.
func (n Network) proxyFunc() func(*http.Request) (*url.URL, error) {
	switch n.Proxy {
	case proxyNone:
		return nil
	case proxyManual:
		u := &url.URL{Scheme: "http", Host: n.ProxyHost}
		if n.ProxyUser != "" {
			u.User = url.UserPassword(n.ProxyUser, n.ProxyPassword)
		}
		return func(r *http.Request) (*url.URL, error) {
			if isLoopback(r.URL.Hostname()) {
				return nil, nil
			}
			return u, nil
		}
	}
	system := ieproxy.GetProxyFunc() // on Linux: the environment, as http.ProxyFromEnvironment
	return func(r *http.Request) (*url.URL, error) {
		if isLoopback(r.URL.Hostname()) { // a PAC file may send even those to a proxy
			return nil, nil
		}
		u, err := system(r)
		if u != nil && u.Scheme == "" { // a PAC file's "PROXY host:port"
			u = &url.URL{Scheme: "http", Host: u.Host, User: u.User}
		}
		return u, err
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// bandwidth caps the upload speed of everything a connection sends, all
// requests in flight together: a sustained rate, with bursts of a tenth of
// a second at most. Changing it applies to requests already sending.
type bandwidth struct {
	lim *rate.Limiter
}

// newBandwidth caps at bps bytes per second; 0 is no cap.
func newBandwidth(bps int64) *bandwidth {
	b := &bandwidth{lim: rate.NewLimiter(rate.Inf, 0)}
	b.set(bps)
	return b
}

// set changes the cap to bps bytes per second; 0 is no cap.
func (b *bandwidth) set(bps int64) {
	if bps <= 0 {
		b.lim.SetLimit(rate.Inf)
		return
	}
	b.lim.SetBurst(int(max(bps/10, 1)))
	b.lim.SetLimit(rate.Limit(bps))
}

// transport sends the request bodies of base's requests within the cap.
func (b *bandwidth) transport(base http.RoundTripper) http.RoundTripper {
	return limitedTransport{base: base, b: b}
}

type limitedTransport struct {
	base http.RoundTripper
	b    *bandwidth
}

func (t limitedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return t.base.RoundTrip(r)
	}
	limited := *r // a RoundTripper must not change the request it is given
	limited.Body = &limitedBody{ReadCloser: r.Body, lim: t.b.lim, ctx: r.Context()}
	if r.GetBody != nil { // a body sent again (the connection closed under it) is capped too
		limited.GetBody = func() (io.ReadCloser, error) {
			body, err := r.GetBody()
			if err != nil {
				return nil, err
			}
			return &limitedBody{ReadCloser: body, lim: t.b.lim, ctx: r.Context()}, nil
		}
	}
	return t.base.RoundTrip(&limited)
}

// limitedBody reads a request body no faster than lim allows.
type limitedBody struct {
	io.ReadCloser
	lim *rate.Limiter
	ctx context.Context
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.lim.Limit() == rate.Inf {
		return l.ReadCloser.Read(p)
	}
	n, err := l.ReadCloser.Read(p[:min(len(p), max(l.lim.Burst(), 1))])
	for left := n; left > 0 && l.lim.Limit() != rate.Inf; {
		step := min(left, max(l.lim.Burst(), 1))
		if werr := l.lim.WaitN(l.ctx, step); werr != nil {
			if step > l.lim.Burst() && l.ctx.Err() == nil {
				continue // the cap was lowered while it waited: again, in smaller steps
			}
			return n, werr
		}
		left -= step
	}
	return n, err
}

// parseBandwidth reads a speed as rclone's --bwlimit does: bytes per
// second, with K, M or G for powers of 1024 ("2M" is 2 MiB/s); "0" or
// "off" is no cap.
func parseBandwidth(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "off") {
		return 0, nil
	}
	unit := int64(1)
	switch strings.ToUpper(s[len(s)-1:]) {
	case "K":
		unit = 1 << 10
	case "M":
		unit = 1 << 20
	case "G":
		unit = 1 << 30
	}
	if unit > 1 {
		s = s[:len(s)-1]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f >= 0 && f*float64(unit) < 1<<50) { // NaN and Inf too
		return 0, fmt.Errorf("not a speed: %q", s)
	}
	return int64(f * float64(unit)), nil
}
