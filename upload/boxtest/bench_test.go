package boxtest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"boxuploader/upload/boxtest"
)

func TestBenchPutWithLatencyAndBandwidth(t *testing.T) {
	t.Parallel()
	const size = 100 << 10
	srv := boxtest.NewServer(boxtest.Options{Latency: 50 * time.Millisecond, BandwidthPerConn: 1 << 20})
	defer srv.Close()
	data := randomBytes(size)

	req, _ := http.NewRequest("PUT", srv.URL+"/bench/put", bytes.NewReader(data))
	began := time.Now()
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	elapsed := time.Since(began)
	var got struct {
		SHA1 string `json:"sha1"`
		Size int64  `json:"size"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	if got.SHA1 != sha1Hex(data) || got.Size != size {
		t.Errorf("answer = %+v", got)
	}
	// 50 ms of latency plus 100 KiB at 1 MiB/s.
	if want := 50*time.Millisecond + time.Second*size/(1<<20); elapsed < want {
		t.Errorf("took %v, want at least %v", elapsed, want)
	}
}
