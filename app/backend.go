package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"golang.org/x/oauth2"

	"boxuploader/auth"
	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// backend is the Box the window talks to: real Box (or the server the
// BOX_* variables name), or the pretend Box of the demo running inside
// the app.
type backend struct {
	env    Env
	cfg    auth.Config
	store  auth.TokenStore
	client *upload.Client

	demo       *boxtest.Server // non-nil in demo mode
	demoFileID string
}

// newBackend connects to the Box that env names, signing in with the
// account in the keyring (or BOX_ACCESS_TOKEN).
func newBackend(env Env, cfg auth.Config, parallel int) *backend {
	store := tokenStore()
	return &backend{env: env, cfg: cfg, store: store,
		client: &upload.Client{APIURL: env.APIURL, UploadURL: env.UploadURL,
			Tokens: tokens(env, cfg, store), Parallel: parallel, StateDir: stateDir()}}
}

// newDemoBackend starts a pretend Box inside the app, with a demo user
// already signed in and a file to replace.
func newDemoBackend(parallel int) *backend {
	return demoBackend(boxtest.NewServer(boxtest.Options{}), parallel)
}

// demoBackend signs a demo user in to box and adds the file to replace.
func demoBackend(box *boxtest.Server, parallel int) *backend {
	store := &auth.MemoryStore{}
	access, refresh := box.NewTokenPair()
	store.Save(&oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(time.Hour)})
	cfg := auth.Config{ClientID: "test-client-id", ClientSecret: "test-client-secret",
		AuthURL: box.AuthURL, TokenURL: box.TokenURL, RevokeURL: box.RevokeURL, Pages: browserPages()}
	env := Env{APIURL: box.APIURL, UploadURL: box.UploadURL, AuthURL: box.AuthURL, TokenURL: box.TokenURL, RevokeURL: box.RevokeURL}
	folder := box.AddFolder("0", "Team projects")
	return &backend{env: env, cfg: cfg, store: store, demo: box,
		demoFileID: box.AddFileInfo(folder, "Project video.mp4", 48_213_450, "6f1ed002ab5595859014ebf0951522d9b1e6f3a4"),
		client: &upload.Client{APIURL: box.APIURL, UploadURL: box.UploadURL,
			Tokens: auth.NewSource(cfg, store), Parallel: parallel}}
}

func (b *backend) close() {
	if b.demo != nil {
		b.demo.Close()
	}
}

// canSignIn says whether a Box app is configured (or a token given), so
// that signing in can work at all.
func (b *backend) canSignIn() bool {
	return b.demo != nil || b.env.AccessToken != "" || (b.cfg.ClientID != "" && b.cfg.ClientSecret != "")
}

func (b *backend) login(ctx context.Context, show func(string)) error {
	_, err := auth.Login(ctx, b.cfg, b.store, show)
	return err
}

func (b *backend) logout(ctx context.Context) error {
	return auth.Logout(ctx, b.cfg, b.store)
}

// stateDir is where interrupted uploads are remembered, so that they can
// go on after a crash or a lost network.
func stateDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, AppID, "uploads")
}

// fileURL is where a Box file opens in the browser.
func fileURL(id string) string { return fmt.Sprintf("https://app.box.com/file/%s", id) }

// hasDisplay tells whether a window can be opened here.
func hasDisplay() bool {
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "" || !isLinuxLike()
}

func isLinuxLike() bool {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios":
		return false
	}
	return true
}
