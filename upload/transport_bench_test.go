package upload_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// BenchmarkPartTransports measures what carries parts best to a Box that
// offers HTTP/2 with the small flow-control windows of a conservative
// server (64 KiB), over a link of 40 ms, 20 MB/s per connection and
// 100 MB/s in all: HTTP/1.1 with a connection per part (what the engine
// does), HTTP/2 with a connection per part, and HTTP/2 with every part on
// one connection (what Go does by default). Each uploads for at most 8 s,
// 8 parts in flight; the figures are what Box confirmed per second and
// what left for it (parts not finished included: with HTTP/2's small
// windows none may finish). make bench runs it; it is not part of the
// tests.
func BenchmarkPartTransports(b *testing.B) {
	path := filepath.Join(b.TempDir(), "file.bin")
	if _, err := boxtest.WriteRandomFile(path, 400_000_000); err != nil {
		b.Fatal(err)
	}
	opts := boxtest.Options{
		TLS: true, HTTP2Window: 64 << 10, Latency: 40 * time.Millisecond,
		BandwidthPerConn: 20_000_000, LinkBandwidth: 100_000_000,
	}
	for _, v := range []struct {
		name string
		rt   func(roots *x509.CertPool) http.RoundTripper
	}{
		{"HTTP1.1-connection-per-part", func(roots *x509.CertPool) http.RoundTripper {
			tr := upload.NewHTTPClient().Transport.(*http.Transport).Clone()
			tr.TLSClientConfig = &tls.Config{RootCAs: roots}
			return tr
		}},
		{"HTTP2-connection-per-part", func(roots *x509.CertPool) http.RoundTripper {
			return &lanes{new: func() http.RoundTripper { return http2Transport(roots) }}
		}},
		{"HTTP2-one-connection", func(roots *x509.CertPool) http.RoundTripper { return http2Transport(roots) }},
	} {
		b.Run(v.name, func(b *testing.B) {
			for range b.N {
				box := boxtest.NewServer(opts)
				roots := x509.NewCertPool()
				roots.AddCert(box.Certificate())
				c := &upload.Client{
					APIURL: box.APIURL, UploadURL: box.UploadURL, HTTP: &http.Client{Transport: v.rt(roots)},
					Tokens: upload.StaticToken(box.NewAccessToken()), Parallel: 8,
				}
				ctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
				var last upload.Progress
				began := time.Now()
				c.Upload(ctx, upload.Request{Path: path, FolderID: "0", Progress: func(p upload.Progress) { last = p }})
				took := time.Since(began).Seconds()
				cancel()
				box.Close()
				b.ReportMetric(float64(last.Confirmed)/took/1e6, "MB/s-confirmed")
				b.ReportMetric(float64(last.Sent)/took/1e6, "MB/s-sent")
				if box.Stats().HTTP2Requests > 0 != (v.name != "HTTP1.1-connection-per-part") {
					b.Errorf("%d requests over HTTP/2", box.Stats().HTTP2Requests)
				}
			}
		})
	}
}

func http2Transport(roots *x509.CertPool) *http.Transport {
	return &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, ForceAttemptHTTP2: true}
}

// lanes sends each request on the transport (the connection) with the
// fewest requests in flight, making transports as needed.
type lanes struct {
	new  func() http.RoundTripper
	mu   sync.Mutex
	all  []http.RoundTripper
	busy []int
}

func (l *lanes) RoundTrip(req *http.Request) (*http.Response, error) {
	l.mu.Lock()
	i := 0
	for j := range l.all {
		if l.busy[j] < l.busy[i] {
			i = j
		}
	}
	if len(l.all) == 0 || l.busy[i] > 0 {
		l.all, l.busy = append(l.all, l.new()), append(l.busy, 0)
		i = len(l.all) - 1
	}
	l.busy[i]++
	rt := l.all[i]
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.busy[i]--
		l.mu.Unlock()
	}()
	return rt.RoundTrip(req)
}
