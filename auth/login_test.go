package auth_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"boxuploader/auth"
	"boxuploader/upload/boxtest"
)

// waitLimit bounds every wait in these tests (a sign-in, a request, the
// browser), so that a hang fails the test at hand instead of the whole run.
const waitLimit = time.Minute

// testContext is for calls that may wait: cancelled when the test ends and
// after waitLimit.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), waitLimit)
	t.Cleanup(cancel)
	return ctx
}

// httpClient is for the tests' own requests: http.DefaultClient would wait
// forever for a server that never answers.
var httpClient = &http.Client{Timeout: waitLimit}

func configFor(box *boxtest.Server) auth.Config {
	return auth.Config{
		ClientID: "test-client-id", ClientSecret: "test-client-secret",
		AuthURL: box.AuthURL, TokenURL: box.TokenURL, RevokeURL: box.RevokeURL,
	}
}

// browser plays the person's browser: it opens the address the app shows,
// which Box redirects back to the app's loopback listener, and keeps the
// page the app answered with.
type browser struct {
	mu       sync.Mutex
	opened   string
	page     string
	status   int
	rewrite  func(string) string
	disabled bool
	done     sync.WaitGroup
}

func (b *browser) open(authURL string) {
	b.mu.Lock()
	b.opened = authURL
	b.mu.Unlock()
	if b.disabled {
		return
	}
	if b.rewrite != nil {
		authURL = b.rewrite(authURL)
	}
	b.done.Add(1)
	go func() {
		defer b.done.Done()
		resp, err := httpClient.Get(authURL)
		if err != nil {
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		b.mu.Lock()
		b.page, b.status = string(body), resp.StatusCode
		b.mu.Unlock()
	}()
}

func (b *browser) result() (opened, page string) {
	b.done.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.opened, b.page
}

func TestLogin_EndToEnd(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	store := &auth.MemoryStore{}
	var br browser
	tok, err := auth.Login(testContext(t), configFor(box), store, br.open)
	if err != nil {
		t.Fatal(err)
	}
	opened, page := br.result()
	if !strings.Contains(page, "You are signed in") {
		t.Errorf("browser tab shows %q", page)
	}
	saved, err := store.Load()
	if err != nil || saved.AccessToken != tok.AccessToken || saved.RefreshToken != tok.RefreshToken || saved.RefreshToken == "" {
		t.Errorf("store holds %+v (%v), want the tokens Login returned", saved, err)
	}
	u, _ := url.Parse(opened)
	redirect, _ := url.Parse(u.Query().Get("redirect_uri"))
	if u.Query().Get("state") == "" || redirect.Hostname() != "127.0.0.1" || redirect.Path != "/callback" ||
		u.Query().Get("response_type") != "code" || u.Query().Get("client_id") != "test-client-id" {
		t.Errorf("authorize address %s lacks state, loopback redirect or client", opened)
	}
	if strings.Contains(opened, "test-client-secret") {
		t.Error("the client secret is in the address shown to the person")
	}
	// One use only: the listener is gone once the answer came.
	if c, err := net.DialTimeout("tcp", redirect.Host, time.Second); err == nil {
		c.Close()
		t.Errorf("the loopback listener %s still accepts connections", redirect.Host)
	}
	if status := getStatus(t, box.APIURL+"/users/me", tok.AccessToken); status != http.StatusOK {
		t.Errorf("the new access token gets %d from Box", status)
	}
}

func getStatus(t *testing.T, u, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestLogin_WrongStateRefused(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	store := &auth.MemoryStore{}
	br := browser{rewrite: func(s string) string {
		u, _ := url.Parse(s)
		q := u.Query()
		q.Set("state", "forged-by-another-page")
		u.RawQuery = q.Encode()
		return u.String()
	}}
	_, err := auth.Login(testContext(t), configFor(box), store, br.open)
	if !errors.Is(err, auth.ErrStateMismatch) {
		t.Fatalf("got %v, want ErrStateMismatch", err)
	}
	if _, page := br.result(); !strings.Contains(page, "Sign-in refused") {
		t.Errorf("browser tab shows %q", page)
	}
	if _, err := store.Load(); !errors.Is(err, auth.ErrNotSignedIn) {
		t.Error("tokens stored after a refused sign-in")
	}
}

func TestLogin_DeniedConsent(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	box.DenyConsent(true)
	var br browser
	_, err := auth.Login(testContext(t), configFor(box), &auth.MemoryStore{}, br.open)
	if !errors.Is(err, auth.ErrAccessDenied) {
		t.Fatalf("got %v, want ErrAccessDenied", err)
	}
	if _, page := br.result(); !strings.Contains(page, "not given access") {
		t.Errorf("browser tab shows %q", page)
	}
}

func TestLogin_TimesOutAndCancels(t *testing.T) {
	t.Parallel()
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	br := browser{disabled: true} // the browser never opened
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	if _, err := auth.Login(ctx, configFor(box), &auth.MemoryStore{}, br.open); !errors.Is(err, auth.ErrLoginTimeout) {
		t.Errorf("got %v, want ErrLoginTimeout", err)
	}
	// The person presses Cancel while Login waits for the browser, that is
	// once it has shown the address.
	ctx, cancel = context.WithCancel(testContext(t))
	defer cancel()
	if _, err := auth.Login(ctx, configFor(box), &auth.MemoryStore{}, func(string) { cancel() }); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestLogin_FixedRedirectPort stays serial: it frees a port and listens on
// it again, which a parallel test's listener could take in between.
func TestLogin_FixedRedirectPort(t *testing.T) {
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port

	cfg := configFor(box)
	cfg.RedirectPort = port
	var pe *auth.PortError
	if _, err := auth.Login(testContext(t), cfg, &auth.MemoryStore{}, func(string) {}); !errors.As(err, &pe) {
		t.Fatalf("port in use: got %v, want a PortError", err)
	}
	ln.Close()

	var br browser
	if _, err := auth.Login(testContext(t), cfg, &auth.MemoryStore{}, br.open); err != nil {
		t.Fatal(err)
	}
	if opened, _ := br.result(); !strings.Contains(opened, url.QueryEscape("127.0.0.1:"+strconv.Itoa(port)+"/callback")) {
		t.Errorf("authorize address %s does not use port %d", opened, port)
	}
}

func TestLogin_NoBoxAppConfigured(t *testing.T) {
	_, err := auth.Login(testContext(t), auth.Config{}, &auth.MemoryStore{}, func(string) { t.Error("browser opened") })
	if !errors.Is(err, auth.ErrNoClient) {
		t.Errorf("got %v, want ErrNoClient", err)
	}
}
