package upload

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Some requests cannot get through however long one waits: an office
// proxy that wants a user name and password, a certificate this computer
// does not trust (a company network inspecting HTTPS with its own root
// certificate). They fail at once with a Kind of their own, not as a
// network to wait for.

// ProxyError is a proxy's refusal to open a connection to Box.
type ProxyError struct {
	Proxy  string // host:port of the proxy
	Status int    // its answer to CONNECT, such as 407
}

func (e *ProxyError) Error() string {
	return fmt.Sprintf("proxy %s refused to connect: %d %s", e.Proxy, e.Status, http.StatusText(e.Status))
}

// Kind is KindProxyAuth for a proxy that wants credentials (407),
// KindProxyRefused for its other refusals (4xx: its policy, or a host it
// does not know), and KindNetwork for what may pass later (a timeout,
// too many requests, 5xx: it could not reach Box either).
func (e *ProxyError) Kind() Kind {
	switch {
	case e.Status == http.StatusProxyAuthRequired:
		return KindProxyAuth
	case e.Status == http.StatusRequestTimeout || e.Status == http.StatusTooManyRequests || e.Status >= 500:
		return KindNetwork
	}
	return KindProxyRefused
}

// ProxyConnectResponse is for http.Transport.OnProxyConnectResponse: it
// turns a proxy's refusal to CONNECT into a *ProxyError.
func ProxyConnectResponse(_ context.Context, proxy *url.URL, _ *http.Request, resp *http.Response) error {
	if resp.StatusCode == http.StatusOK {
		return nil
	}
	return &ProxyError{Proxy: proxy.Host, Status: resp.StatusCode}
}

// refusalKind is the Kind of a request that no retry will get through, or
// KindUnknown.
func refusalKind(err error) Kind {
	var pe *ProxyError
	var ce *tls.CertificateVerificationError
	switch {
	case errors.As(err, &pe) && pe.Kind() != KindNetwork:
		return pe.Kind()
	case errors.As(err, &ce):
		return KindUntrustedCertificate
	}
	return KindUnknown
}

// refusalError is a request that no retry will get through.
type refusalError struct {
	op   string
	kind Kind
	err  error
}

func (e *refusalError) Error() string { return e.op + ": " + e.err.Error() }
func (e *refusalError) Kind() Kind    { return e.kind }
func (e *refusalError) Unwrap() error { return e.err }

// refusal is err as a refusalError of op, or nil if retrying may help.
func refusal(op string, err error) error {
	if k := refusalKind(err); k != KindUnknown {
		return &refusalError{op: op, kind: k, err: err}
	}
	return nil
}
