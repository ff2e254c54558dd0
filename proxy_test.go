package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elazarl/goproxy"

	"boxuploader/upload/boxtest"
)

// boxHost is the fake Box's name behind the proxy: not this machine's
// (requests to 127.0.0.1 never go through a proxy), so only the proxy,
// which maps it to the fake, can reach it.
const boxHost = "box.test"

// office is the fake Box as an office network shows it: over HTTPS with a
// certificate from a throwaway certificate authority (as a company that
// inspects HTTPS has), through an HTTP CONNECT proxy.
type office struct {
	box    *boxtest.Server
	env    map[string]string // BOX_* for https://box.test:PORT, HTTPS_PROXY, SSL_CERT_FILE
	caFile string            // the authority's certificate, PEM
	ca     *x509.CertPool
	front  string // box.test:PORT
	proxy  string // 127.0.0.1:PORT

	mu       sync.Mutex
	connects []string // the hosts the proxy was asked to CONNECT to
	blocked  bool     // the proxy's policy refuses box.test (403)
}

// newOffice starts the fake Box behind TLS and a proxy that asks for
// user and password when user is not empty.
func newOffice(t *testing.T, user, password string) *office {
	t.Helper()
	o := &office{box: boxtest.NewServer(boxtest.Options{})}
	t.Cleanup(o.box.Close)
	leaf := o.authority(t)
	target, _ := url.Parse(o.box.URL)
	front := httptest.NewUnstartedServer(httputil.NewSingleHostReverseProxy(target))
	front.TLS = &tls.Config{Certificates: []tls.Certificate{leaf}}
	front.Config.ErrorLog = log.New(io.Discard, "", 0) // the untrusting client's handshakes fail on purpose
	front.StartTLS()
	t.Cleanup(front.Close)
	_, port, _ := net.SplitHostPort(front.Listener.Addr().String())
	o.front = net.JoinHostPort(boxHost, port)

	proxy := goproxy.NewProxyHttpServer()
	proxy.Logger = log.New(io.Discard, "", 0)
	proxy.ConnectDial = func(network, addr string) (net.Conn, error) {
		if host, p, _ := net.SplitHostPort(addr); host == boxHost {
			addr = net.JoinHostPort("127.0.0.1", p)
		}
		return net.Dial(network, addr)
	}
	proxy.OnRequest().HandleConnectFunc(func(host string, ctx *goproxy.ProxyCtx) (*goproxy.ConnectAction, string) {
		o.mu.Lock()
		o.connects = append(o.connects, host)
		blocked := o.blocked
		o.mu.Unlock()
		if blocked {
			return &goproxy.ConnectAction{Action: goproxy.ConnectHijack, Hijack: forbid}, host
		}
		if user != "" && ctx.Req.Header.Get("Proxy-Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte(user+":"+password)) {
			return &goproxy.ConnectAction{Action: goproxy.ConnectHijack, Hijack: askForPassword}, host
		}
		return goproxy.OkConnect, host
	})
	ps := httptest.NewServer(proxy)
	t.Cleanup(ps.Close)
	o.proxy = ps.Listener.Addr().String()

	api := "https://" + o.front
	o.env = map[string]string{
		"BOX_API_URL": api + "/2.0", "BOX_UPLOAD_URL": api + "/api/2.0",
		"BOX_AUTH_URL": api + "/oauth2/authorize", "BOX_TOKEN_URL": api + "/oauth2/token", "BOX_REVOKE_URL": api + "/oauth2/revoke",
		"BOX_ACCESS_TOKEN": o.box.NewAccessToken(),
		"HTTPS_PROXY":      "http://" + o.proxy, "SSL_CERT_FILE": o.caFile,
	}
	return o
}

// askForPassword answers a CONNECT as a proxy that wants credentials.
func askForPassword(_ *http.Request, client net.Conn, _ *goproxy.ProxyCtx) {
	client.Write([]byte("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"office\"\r\nContent-Length: 0\r\n\r\n"))
	client.Close()
}

// forbid answers a CONNECT as a proxy whose policy refuses the host.
func forbid(_ *http.Request, client net.Conn, _ *goproxy.ProxyCtx) {
	client.Write([]byte("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"))
	client.Close()
}

// authority makes a throwaway certificate authority, kept as o.caFile, and
// a certificate for box.test that it signed.
func (o *office) authority(t *testing.T) tls.Certificate {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Example Corp inspection CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ = x509.ParseCertificate(caDER)
	o.ca = x509.NewCertPool()
	o.ca.AddCert(ca)
	o.caFile = filepath.Join(t.TempDir(), "company-ca.pem")
	if err := os.WriteFile(o.caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o644); err != nil {
		t.Fatal(err)
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: boxHost}, DNSNames: []string{boxHost},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// connected is the hosts the proxy was asked to CONNECT to.
func (o *office) connected() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.connects...)
}

// browser reaches box.test as a person's browser in that office would:
// through the proxy, trusting the company's authority.
func (o *office) browser() *http.Client {
	proxy, _ := url.Parse("http://" + o.proxy)
	return &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		Proxy:           http.ProxyURL(proxy),
		TLSClientConfig: &tls.Config{RootCAs: o.ca},
	}}
}

func TestOffice_UploadAndSignInThroughTheProxy(t *testing.T) {
	t.Parallel()
	o := newOffice(t, "", "")
	path, sum := writeFile(t, "見積書.xlsx", 3000)
	r := run(t, o.env, "upload", "--json", "--folder-id", "0", path)
	if r.code != 0 || !strings.Contains(r.stdout, sum) {
		t.Fatalf("exit %d, stdout %q, stderr %q; want the file in Box with SHA-1 %s", r.code, r.stdout, r.stderr, sum)
	}
	if hosts := o.connected(); len(hosts) == 0 || hosts[0] != o.front {
		t.Errorf("the proxy was asked to CONNECT to %v, want %s", hosts, o.front)
	}

	if os.Getenv("BOXUPLOADER_REQUIRE_KEYRING") != "1" {
		t.Skip("the sign-in needs the private keyring session of .ci/with-keyring (make test)")
	}
	env := o.env
	delete(env, "BOX_ACCESS_TOKEN")
	env["BOX_CLIENT_ID"], env["BOX_CLIENT_SECRET"], env["HOME"] = "test-client-id", "test-client-secret", t.TempDir()
	before := len(o.connected())
	loginWith(t, env, o.browser())
	if len(o.connected()) <= before+1 { // the browser's own, and the app's token call
		t.Errorf("the sign-in's token call did not go through the proxy: it saw %v", o.connected())
	}
}

func TestOffice_ProxyAsksForAPassword(t *testing.T) {
	t.Parallel()
	o := newOffice(t, "tanaka", "s3cret")
	path, _ := writeFile(t, "report.pdf", 3000)
	o.env["HTTPS_PROXY"] = "http://tanaka:wrong@" + o.proxy
	r := run(t, o.env, "upload", "--folder-id", "0", path)
	if r.code == 0 || !strings.Contains(r.stderr, "The proxy "+o.proxy+" asks for a user name and password") ||
		!strings.Contains(r.stderr, "HTTPS_PROXY=http://USER:PASSWORD@"+o.proxy) {
		t.Errorf("wrong password: exit %d, stderr %q", r.code, r.stderr)
	}
	if st := o.box.Stats(); st.SimpleUploads != 0 {
		t.Errorf("%d uploads reached Box past a proxy that refused", st.SimpleUploads)
	}

	o.env["HTTPS_PROXY"] = "http://tanaka:s3cret@" + o.proxy
	if r := run(t, o.env, "upload", "--folder-id", "0", path); r.code != 0 {
		t.Errorf("right password: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestOffice_ProxyThatRefusesBoxSaysSo(t *testing.T) {
	t.Parallel()
	o := newOffice(t, "", "")
	o.blocked = true
	path, _ := writeFile(t, "report.pdf", 3000)
	began := time.Now()
	r := run(t, o.env, "upload", "--folder-id", "0", path)
	if r.code == 0 || !strings.Contains(r.stderr, "The proxy "+o.proxy+" does not let this app through to Box") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if took := time.Since(began); took > 4*time.Second {
		t.Errorf("took %v: a proxy's refusal is not a network to wait for", took)
	}
}

func TestOffice_NoProxyIsHonoured(t *testing.T) {
	t.Parallel()
	o := newOffice(t, "", "")
	path, _ := writeFile(t, "report.pdf", 3000)
	o.env["NO_PROXY"] = boxHost
	r := run(t, o.env, "upload", "--folder-id", "0", path)
	if hosts := o.connected(); len(hosts) != 0 {
		t.Errorf("with NO_PROXY=%s, the proxy was asked to CONNECT to %v", boxHost, hosts)
	}
	if r.code == 0 {
		t.Error("box.test was reached without the proxy, which alone knows it")
	}
}

func TestOffice_UntrustedCertificateGetsASentence(t *testing.T) {
	t.Parallel()
	o := newOffice(t, "", "")
	path, _ := writeFile(t, "report.pdf", 3000)
	delete(o.env, "SSL_CERT_FILE")
	o.env["SSL_CERT_DIR"] = t.TempDir() // this computer trusts no company authority
	began := time.Now()
	r := run(t, o.env, "upload", "--folder-id", "0", path)
	if r.code == 0 || !strings.Contains(r.stderr, "The connection to Box could not be verified") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if took := time.Since(began); took > 4*time.Second {
		t.Errorf("took %v: an untrusted certificate is not a network to wait for", took)
	}
	if st := o.box.Stats(); st.SimpleUploads != 0 {
		t.Errorf("%d uploads reached Box over a connection that was not verified", st.SimpleUploads)
	}
}
