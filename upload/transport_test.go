package upload_test

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"testing"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// TestUpload_HTTP2OfferedPartsKeepConnectionsOfTheirOwn: Box's hosts offer
// HTTP/2 over TLS, where one stalled part or one small window would hold
// every part on the connection; the engine's client speaks HTTP/1.1, a
// connection per part in flight.
func TestUpload_HTTP2OfferedPartsKeepConnectionsOfTheirOwn(t *testing.T) {
	t.Parallel()
	f := newFixture(t, boxtest.Options{TLS: true})
	roots := x509.NewCertPool()
	roots.AddCert(f.box.Certificate())
	tr := upload.NewHTTPClient().Transport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: roots}
	f.client.HTTP = &http.Client{Transport: tr}
	f.client.Parallel = 3
	lf := sharedFile(t, bigSize)
	got, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FileID: f.fileID})
	if err != nil {
		t.Fatal(err)
	}
	f.assertNewVersion(t, got, lf)
	if st := f.box.Stats(); st.HTTP2Requests != 0 || st.MostPartsInFlight > 3 {
		t.Errorf("%d requests over HTTP/2, up to %d parts at once; want none, and at most 3", st.HTTP2Requests, st.MostPartsInFlight)
	}
}

// TestBudget_BoxSaying429HalvesTheFlights: an adaptive budget lets fewer
// parts fly once Box answered 429; a pinned one stays.
func TestBudget_BoxSaying429HalvesTheFlights(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ pin, want int }{{0, upload.MinParallel}, {3, 3}} {
		f := newFixture(t, boxtest.Options{})
		f.client.Budget = upload.NewBudget(c.pin)
		lf := sharedFile(t, 3_000)
		f.box.RateLimit(2, 0)
		if _, err := f.client.Upload(f.ctx, upload.Request{Path: lf.path, FolderID: "0"}); err != nil {
			t.Fatal(err)
		}
		if got := f.client.Budget.Limit(); got != c.want {
			t.Errorf("NewBudget(%d) after two 429s lets %d parts fly, want %d", c.pin, got, c.want)
		}
	}
}
