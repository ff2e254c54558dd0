package app

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestParseBandwidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{"", 0, false},
		{"off", 0, false},
		{"0", 0, false},
		{"1000", 1000, false},
		{"512K", 512 << 10, false},
		{"2M", 2 << 20, false},
		{"2m", 2 << 20, false},
		{"1.5G", 3 << 29, false},
		{"fast", 0, true},
		{"-1M", 0, true},
		{"M", 0, true},
		{"NaN", 0, true},
		{"Inf", 0, true},
		{"1e20", 0, true},
	} {
		got, err := parseBandwidth(tc.in)
		if got != tc.want || (err != nil) != tc.bad {
			t.Errorf("parseBandwidth(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.bad)
		}
	}
}

func TestNetwork_ManualProxy(t *testing.T) {
	n := Network{Proxy: proxyManual, ProxyHost: "proxy.example.co.jp:8080", ProxyUser: "tanaka", ProxyPassword: "p@ss word"}
	pf := n.proxyFunc()
	req, _ := http.NewRequest(http.MethodGet, "https://upload.box.com/api/2.0/files/content", nil)
	u, err := pf(req)
	if err != nil || u.String() != "http://tanaka:p%40ss%20word@proxy.example.co.jp:8080" {
		t.Errorf("a request to Box goes through %v, %v", u, err)
	}
	local, _ := http.NewRequest(http.MethodGet, "http://127.0.0.1:8080/callback", nil)
	if u, _ := pf(local); u != nil {
		t.Errorf("a request to this machine goes through %v, want no proxy", u)
	}
	if pf := (Network{Proxy: proxyNone}).proxyFunc(); pf != nil {
		t.Error("No proxy still chooses one")
	}
}

// TestBandwidth_HoldsAndChangesWhileUploading sends 12 MiB through a
// connection's HTTP client capped at 2 MiB/s, raises the cap to 4 MiB/s
// once 4 MiB have arrived, and measures the rate of each part from when
// the bytes arrive at the server.
func TestBandwidth_HoldsAndChangesWhileUploading(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: takes 4 s of a capped upload")
	}
	const first, second = 2 << 20, 4 << 20 // bytes per second
	bw := newBandwidth(first)
	type mark struct {
		at  time.Time
		got int64
	}
	var mu sync.Mutex
	var marks []mark
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 32<<10)
		var got int64
		for {
			n, err := r.Body.Read(buf)
			got += int64(n)
			mu.Lock()
			marks = append(marks, mark{time.Now(), got})
			mu.Unlock()
			if got >= 4<<20 && got-int64(n) < 4<<20 {
				bw.set(second) // as Settings does while uploads run
			}
			if err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	client := connection{}.withHTTP(Settings{Bandwidth: bw}).http
	req, _ := http.NewRequest(http.MethodPut, srv.URL, io.LimitReader(zeros{}, 12<<20))
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	mu.Lock()
	defer mu.Unlock()
	rate := func(from, to int64) float64 {
		var a, b *mark
		for i := range marks {
			if a == nil && marks[i].got >= from {
				a = &marks[i]
			}
			if b == nil && marks[i].got >= to {
				b = &marks[i]
			}
		}
		return float64(b.got-a.got) / b.at.Sub(a.at).Seconds()
	}
	// Measured inside each part: a tenth of a second's burst at each end.
	for _, h := range []struct {
		from, to int64
		limit    float64
	}{{1 << 20, 4 << 20, first}, {5 << 20, 12 << 20, second}} {
		if r := rate(h.from, h.to); r < 0.9*h.limit || r > 1.1*h.limit {
			t.Errorf("bytes %d to %d went at %.2f MiB/s, want within 10%% of %.2f MiB/s", h.from, h.to, r/(1<<20), h.limit/(1<<20))
		}
	}
}

// zeros reads as endless zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
