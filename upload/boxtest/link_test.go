package boxtest_test

import (
	"bytes"
	"net/http"
	"sync"
	"testing"
	"time"

	"boxuploader/upload/boxtest"
)

// putAll sends a PUT of size bytes to the bench endpoint from each client
// at once and returns how long they took together and the protocols used.
func putAll(t *testing.T, srv *boxtest.Server, clients []*http.Client, size int) (time.Duration, []string) {
	t.Helper()
	data := randomBytes(size)
	protos := make([]string, len(clients))
	var wg sync.WaitGroup
	began := time.Now()
	for i, c := range clients {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPut, srv.URL+"/bench/put", bytes.NewReader(data))
			resp, err := c.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("status %s", resp.Status)
			}
			protos[i] = resp.Proto
		})
	}
	wg.Wait()
	return time.Since(began), protos
}

// TestLink_CapsEachConnectionAndTheWholeLink: the fake reads no faster
// than its per-connection cap from one connection and than its link cap
// from all of them, and HTTP/2 streams on one connection share its cap.
// Only lower bounds are checked: a busy machine makes things slower, never
// faster.
func TestLink_CapsEachConnectionAndTheWholeLink(t *testing.T) {
	t.Parallel()
	const size = 1 << 20
	cases := []struct {
		name      string
		opts      boxtest.Options
		conns     int  // clients with connections of their own
		shareConn bool // or all requests on one client (HTTP/2: one connection)
		want      time.Duration
		proto     string
	}{
		{"one connection", boxtest.Options{BandwidthPerConn: 4 << 20}, 1, false, 250 * time.Millisecond, "HTTP/1.1"},
		{"link shared by connections", boxtest.Options{BandwidthPerConn: 4 << 20, LinkBandwidth: 4 << 20}, 4, false, time.Second, "HTTP/1.1"},
		{"HTTP/2 streams share their connection", boxtest.Options{TLS: true, BandwidthPerConn: 4 << 20}, 4, true, time.Second, "HTTP/2.0"},
		{"latency per request", boxtest.Options{Latency: 300 * time.Millisecond}, 2, false, 300 * time.Millisecond, "HTTP/1.1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv := boxtest.NewServer(c.opts)
			defer srv.Close()
			clients := make([]*http.Client, c.conns)
			for i := range clients {
				clients[i] = &http.Client{Timeout: waitLimit}
				if c.opts.TLS {
					clients[i] = srv.Client()
				}
				if c.shareConn {
					clients[i] = clients[0]
				}
			}
			took, protos := putAll(t, srv, clients, size)
			if took < c.want*9/10 {
				t.Errorf("took %v, want at least %v", took, c.want)
			}
			for _, p := range protos {
				if p != c.proto {
					t.Errorf("protocol %s, want %s", p, c.proto)
				}
			}
		})
	}
}

// TestLink_SmallHTTP2WindowsCostRoundTrips: with a 64 KiB window and
// 100 ms of latency, 1 MiB on one HTTP/2 stream takes many round trips,
// and over HTTP/1.1 one.
func TestLink_SmallHTTP2WindowsCostRoundTrips(t *testing.T) {
	t.Parallel()
	for _, http1 := range []bool{false, true} {
		srv := boxtest.NewServer(boxtest.Options{TLS: true, HTTP1Only: http1, HTTP2Window: 64 << 10, Latency: 100 * time.Millisecond})
		defer srv.Close()
		took, _ := putAll(t, srv, []*http.Client{srv.Client()}, 1<<20)
		switch {
		case !http1 && took < time.Second:
			t.Errorf("HTTP/2 with 64 KiB windows took %v for 1 MiB, want at least 16 round trips", took)
		case http1 && took > time.Second:
			t.Errorf("HTTP/1.1 took %v for 1 MiB, want a few round trips", took)
		}
	}
}
