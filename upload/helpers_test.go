package upload_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
)

const mib = 1 << 20

// fastRetry keeps fault tests quick while exercising the same paths.
var fastRetry = upload.RetryPolicy{
	MinDelay:        2 * time.Millisecond,
	MaxDelay:        20 * time.Millisecond,
	NetworkPatience: 5 * time.Second,
	DefaultCommit:   5 * time.Millisecond,
}

// waitLimit bounds every wait in these tests: a hung upload fails its own
// test with a clear message instead of stalling the whole run until go
// test's -timeout kills it.
const waitLimit = 2 * time.Minute

var errWaitLimit = errors.New("test waited too long")

// testContext is for a test's uploads: cancelled when the test ends, and
// after waitLimit, which fails the test (so a test that expects a
// cancellation cannot pass on the deadline instead).
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeoutCause(t.Context(), waitLimit, errWaitLimit)
	t.Cleanup(func() {
		if errors.Is(context.Cause(ctx), errWaitLimit) {
			t.Errorf("still waiting after %v: something hangs", waitLimit)
		}
		cancel()
	})
	return ctx
}

// fixture is a fake Box with one file to replace and a client pointed at it.
type fixture struct {
	box    *boxtest.Server
	client *upload.Client
	fileID string
	ctx    context.Context // for every call that may wait
}

func newFixture(t *testing.T, opts boxtest.Options) *fixture {
	t.Helper()
	box := boxtest.NewServer(opts)
	t.Cleanup(box.Close)
	return &fixture{
		box:    box,
		fileID: box.AddFile("0", "Report.mov", []byte("the first version")),
		client: &upload.Client{
			APIURL: box.APIURL, UploadURL: box.UploadURL,
			Tokens: upload.StaticToken(box.NewAccessToken()), Retry: fastRetry,
		},
		ctx: testContext(t),
	}
}

// assertNewVersion checks that Box holds exactly one more version, made of
// the local file's bytes, and that no session was left open.
func (f *fixture) assertNewVersion(t *testing.T, got *boxapi.File, want localFile) {
	t.Helper()
	st, ok := f.box.File(f.fileID)
	if !ok {
		t.Fatalf("file %s gone", f.fileID)
	}
	if st.SHA1 != want.sha1 || st.Size != want.size {
		t.Errorf("Box holds sha1 %s size %d, want %s %d", st.SHA1, st.Size, want.sha1, want.size)
	}
	if len(st.Versions) != 2 {
		t.Errorf("Box holds %d versions, want 2 (the original and ours)", len(st.Versions))
	}
	if got == nil || got.SHA1 != want.sha1 || got.ID != f.fileID || got.ETag != st.ETag {
		t.Errorf("Upload returned %+v, want file %s with sha1 %s etag %s", got, f.fileID, want.sha1, st.ETag)
	}
	if n := f.box.Stats().OpenSessions; n != 0 {
		t.Errorf("%d upload sessions left open", n)
	}
}

// assertUntouched checks that Box still holds only the original version.
func (f *fixture) assertUntouched(t *testing.T) {
	t.Helper()
	st, _ := f.box.File(f.fileID)
	if len(st.Versions) != 1 {
		t.Errorf("Box holds %d versions, want the original only", len(st.Versions))
	}
	if n := f.box.Stats().OpenSessions; n != 0 {
		t.Errorf("%d upload sessions left open", n)
	}
}

type localFile struct {
	path string
	size int64
	sha1 string
}

// The files of sharedFile, made once per run in one directory: parallel
// tests share them under filesMu and only read them.
var (
	filesMu  sync.Mutex
	files    = map[int64]localFile{}
	filesDir string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "upload-test-")
	if err != nil {
		panic(err)
	}
	filesDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// sharedFile returns a read-only file of size random bytes, made once per run.
func sharedFile(t *testing.T, size int64) localFile {
	t.Helper()
	filesMu.Lock()
	defer filesMu.Unlock()
	if lf, ok := files[size]; ok {
		return lf
	}
	lf := writeFile(t, filepath.Join(filesDir, fmt.Sprintf("shared-%d.bin", size)), size)
	files[size] = lf
	return lf
}

// ownFile returns a file of size random bytes that the test may change: a
// copy of the shared one, which the kernel makes faster than new random
// bytes under -race.
func ownFile(t *testing.T, size int64) localFile {
	t.Helper()
	shared := sharedFile(t, size)
	src, err := os.Open(shared.path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	own := localFile{path: filepath.Join(t.TempDir(), "own.bin"), size: size, sha1: shared.sha1}
	dst, err := os.Create(own.path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
	return own
}

// writeFile (re)writes path with size random bytes.
func writeFile(t *testing.T, path string, size int64) localFile {
	t.Helper()
	sum, err := boxtest.WriteRandomFile(path, size)
	if err != nil {
		t.Fatal(err)
	}
	return localFile{path: path, size: size, sha1: sum}
}

// refreshingTokens is a TokenSource that renews through the fake's OAuth
// token endpoint, one refresh at a time, as the auth package will.
type refreshingTokens struct {
	box       *boxtest.Server
	mu        sync.Mutex
	access    string
	refresh   string
	refreshes int
}

func newRefreshingTokens(box *boxtest.Server) *refreshingTokens {
	a, r := box.NewTokenPair()
	return &refreshingTokens{box: box, access: a, refresh: r}
}

func (s *refreshingTokens) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.access, nil
}

func (s *refreshingTokens) Refresh(ctx context.Context, rejected string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.access != rejected {
		return s.access, nil // someone else already refreshed
	}
	form := url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {s.refresh},
		"client_id": {"test-client-id"}, "client_secret": {"test-client-secret"},
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.box.TokenURL, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tok boxapi.Token
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&tok) != nil {
		return "", fmt.Errorf("refresh: status %d", resp.StatusCode)
	}
	s.access, s.refresh = tok.AccessToken, tok.RefreshToken
	s.refreshes++
	return s.access, nil
}

// progressLog records every progress callback.
type progressLog struct {
	mu    sync.Mutex
	all   []upload.Progress
	onAny func(upload.Progress)
}

func (l *progressLog) record(p upload.Progress) {
	l.mu.Lock()
	l.all = append(l.all, p)
	fn := l.onAny
	l.mu.Unlock()
	if fn != nil {
		fn(p)
	}
}

func (l *progressLog) snapshots() []upload.Progress {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]upload.Progress(nil), l.all...)
}

// envSeed reads BOXUPLOADER_SOAK_SEED, 0 when unset.
func envSeed() uint64 {
	n, _ := strconv.ParseUint(os.Getenv("BOXUPLOADER_SOAK_SEED"), 10, 64)
	return n
}
