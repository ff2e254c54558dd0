package auth_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"boxuploader/auth"
	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// signedIn returns a store holding a fresh token pair from box.
func signedIn(box *boxtest.Server) *auth.MemoryStore {
	a, r := box.NewTokenPair()
	store := &auth.MemoryStore{}
	store.Save(&oauth2.Token{AccessToken: a, RefreshToken: r, Expiry: time.Now().Add(time.Hour)})
	return store
}

func TestSource_UploadOutlivesItsAccessToken(t *testing.T) {
	t.Parallel()
	// The smallest chunked upload, in 24 parts of 2 MiB: requests remain
	// after each expiry.
	box := boxtest.NewServer(boxtest.Options{BandwidthPerConn: 40 << 20, PartSize: 2 << 20})
	defer box.Close()
	fileID := box.AddFile("0", "Film.mov", []byte("v1"))
	store := signedIn(box)
	savesBefore := store.Saves()
	src := auth.NewSource(configFor(box), store)
	path := filepath.Join(t.TempDir(), "film.mov")
	size := int64(upload.ChunkedThreshold)
	if _, err := boxtest.WriteRandomFile(path, size); err != nil {
		t.Fatal(err)
	}

	// The access token dies three times while 4 parts are in flight, each
	// time with more parts still to send. Part arrivals count the 401s and
	// their retries (up to 4 of each after an expiry): 10 apart, no retry
	// can meet the next expiry and be refused a second time.
	const expiries = 3
	for _, n := range []int{3, 13, 23} {
		box.ExpireTokensAtPart(n)
	}
	c := &upload.Client{APIURL: box.APIURL, UploadURL: box.UploadURL, Tokens: src, Parallel: 4}
	f, err := c.Upload(testContext(t), upload.Request{Path: path, FileID: fileID})
	if err != nil {
		t.Fatal(err)
	}
	st := box.Stats()
	if st.ReusedRefreshTokens != 0 {
		t.Errorf("%d refresh tokens reused: a rotated one was lost", st.ReusedRefreshTokens)
	}
	if st.Refreshes != expiries {
		t.Errorf("%d refreshes for %d expiries with 4 parts in flight, want one each", st.Refreshes, expiries)
	}
	if saves := store.Saves() - savesBefore; saves != st.Refreshes {
		t.Errorf("%d saves for %d refreshes: every rotated pair must be saved", saves, st.Refreshes)
	}
	if got, _ := box.File(fileID); got.SHA1 != f.SHA1 || got.Size != size {
		t.Errorf("Box holds %+v", got)
	}
	// The saved pair is the live one: a later start can go on with it.
	later := auth.NewSource(configFor(box), store)
	box.ExpireAccessTokens()
	if _, err := later.Refresh(testContext(t), "dead"); err != nil {
		t.Errorf("the saved refresh token does not work: %v", err)
	}
}

func TestSource_ConcurrentRefusalsShareOneRefresh(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	store := signedIn(box)
	src := auth.NewSource(configFor(box), store)
	ctx := testContext(t)
	stale, err := src.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	got := make([]string, 32)
	for i := range got {
		wg.Go(func() {
			tok, err := src.Refresh(ctx, stale)
			if err != nil {
				t.Error(err)
			}
			got[i] = tok
		})
	}
	wg.Wait()
	for _, tok := range got {
		if tok != got[0] || tok == stale {
			t.Fatalf("callers got different or stale tokens: %v", got)
		}
	}
	if n := box.Stats().Refreshes; n != 1 {
		t.Errorf("%d refreshes for 32 concurrent refusals, want 1", n)
	}
}

func TestSource_RenewsBeforeExpiry(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	a, r := box.NewTokenPair()
	store := &auth.MemoryStore{}
	store.Save(&oauth2.Token{AccessToken: a, RefreshToken: r, Expiry: time.Now().Add(10 * time.Second)})
	tok, err := auth.NewSource(configFor(box), store).Token(testContext(t))
	if err != nil || tok == a {
		t.Fatalf("got %q, %v: a token about to expire must be renewed first", tok, err)
	}
	if saved, _ := store.Load(); saved.AccessToken != tok {
		t.Error("the renewed token was handed out without being saved")
	}
}

func TestSource_DeadRefreshTokenMeansSignInAgain(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	store := signedIn(box)
	tok, _ := store.Load()
	// The refresh token is used somewhere else (another copy of the app
	// with its own store), which kills it here.
	elsewhere := &auth.MemoryStore{}
	elsewhere.Save(tok)
	if _, err := auth.NewSource(configFor(box), elsewhere).Refresh(testContext(t), tok.AccessToken); err != nil {
		t.Fatal(err)
	}
	_, err := auth.NewSource(configFor(box), store).Refresh(testContext(t), tok.AccessToken)
	if !errors.Is(err, auth.ErrSignInAgain) {
		t.Fatalf("got %v, want ErrSignInAgain", err)
	}
	if _, err := store.Load(); !errors.Is(err, auth.ErrNotSignedIn) {
		t.Error("the dead tokens were kept")
	}
}

func TestSource_NotSignedIn(t *testing.T) {
	_, err := auth.NewSource(auth.Config{ClientID: "x", ClientSecret: "y"}, &auth.MemoryStore{}).Token(testContext(t))
	if !errors.Is(err, auth.ErrNotSignedIn) {
		t.Errorf("got %v, want ErrNotSignedIn", err)
	}
}

func TestLogout_RevokesAtBox(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	store := signedIn(box)
	tok, _ := store.Load()
	if err := auth.Logout(testContext(t), configFor(box), store); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Load(); !errors.Is(err, auth.ErrNotSignedIn) {
		t.Error("tokens still stored after sign-out")
	}
	if status := getStatus(t, box.APIURL+"/users/me", tok.AccessToken); status != http.StatusUnauthorized {
		t.Errorf("the access token still gets %d after sign-out", status)
	}
	if status := refreshStatus(t, box, tok.RefreshToken); status != http.StatusBadRequest {
		t.Errorf("the refresh token still gets %d after sign-out", status)
	}
}

func refreshStatus(t *testing.T, box *boxtest.Server, refresh string) int {
	t.Helper()
	form := url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {refresh},
		"client_id": {"test-client-id"}, "client_secret": {"test-client-secret"},
	}
	resp, err := httpClient.Post(box.TokenURL, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func TestLogout_OfflineStillSignsOutLocally(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	store := signedIn(box)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + ln.Addr().String() + "/oauth2/revoke"
	ln.Close() // nothing listens there any more
	cfg := configFor(box)
	cfg.RevokeURL = dead
	if err := auth.Logout(testContext(t), cfg, store); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Load(); !errors.Is(err, auth.ErrNotSignedIn) {
		t.Error("tokens still stored after an offline sign-out")
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// TestSource_RefreshOutlivesItsCaller: Box rotates the refresh token as
// soon as it answers, so a renewal whose caller gave up (Cancel, another
// part failing) must still save the new pair, or the sign-in is lost.
func TestSource_RefreshOutlivesItsCaller(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	store := signedIn(box)
	before, _ := store.Load()
	ctx, cancel := context.WithCancel(testContext(t))
	cancel()
	auth.NewSource(configFor(box), store).Refresh(ctx, before.AccessToken)
	after, err := store.Load()
	if err != nil || after.RefreshToken == before.RefreshToken {
		t.Fatalf("store holds %+v (%v): the renewal must finish and be saved", after, err)
	}
	if _, err := auth.NewSource(configFor(box), store).Refresh(testContext(t), after.AccessToken); err != nil {
		t.Errorf("the saved pair does not work: %v", err)
	}
}
