package app

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"boxuploader/auth"
	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// This file is the one place that reads the environment and the settings
// and builds what talks to Box: the command line and the window both get
// their clients here.

// AppID is the app's reverse-DNS identity: the keyring service name, Fyne's
// app ID and its preferences folder.
const AppID = "app.boxuploader.Uploader"

// keyringUser names the one keyring entry the app uses within AppID.
const keyringUser = "box-account"

// Env is the server configuration read from BOX_* environment variables.
type Env struct {
	APIURL, UploadURL, AuthURL, TokenURL, RevokeURL string
	AccessToken                                     string // a developer token, used as is
	ClientID, ClientSecret                          string // the Box app to sign in with, if set
}

// EnvFrom reads the BOX_* variables through getenv, filling Box's defaults,
// and refuses addresses that would send tokens in clear text.
func EnvFrom(getenv func(string) string) (Env, error) {
	pick := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	e := Env{
		APIURL:       pick("BOX_API_URL", upload.DefaultAPIURL),
		UploadURL:    pick("BOX_UPLOAD_URL", upload.DefaultUploadURL),
		AuthURL:      pick("BOX_AUTH_URL", auth.DefaultAuthURL),
		TokenURL:     pick("BOX_TOKEN_URL", auth.DefaultTokenURL),
		RevokeURL:    pick("BOX_REVOKE_URL", auth.DefaultRevokeURL),
		AccessToken:  strings.TrimSpace(getenv("BOX_ACCESS_TOKEN")),
		ClientID:     getenv("BOX_CLIENT_ID"),
		ClientSecret: getenv("BOX_CLIENT_SECRET"),
	}
	for _, u := range []string{e.APIURL, e.UploadURL, e.AuthURL, e.TokenURL, e.RevokeURL} {
		if err := upload.CheckBaseURL(u); err != nil {
			return Env{}, err
		}
	}
	return e, nil
}

// Settings are what the person chose in the window's Settings (the
// command line has none but --bwlimit: zero values, the system's proxy).
type Settings struct {
	ClientID, ClientSecret string     // the organisation's Box app
	RedirectPort           int        // fixed sign-in port, 0 = any free one
	Network                Network    // the proxy
	Bandwidth              *bandwidth // the cap on upload speed, shared by the connections made with it; nil = none
}

// connection is one Box and the way in: its addresses, the Box app to sign
// in with, and where the sign-in is kept.
type connection struct {
	env      Env
	cfg      auth.Config
	store    auth.TokenStore
	http     *http.Client // uploads and look-ups; the sign-in shares its transport
	stateDir string       // where interrupted uploads are remembered; "" = nowhere
	network  Network
}

// signInTimeout bounds each of the sign-in's own calls (a token, a
// revocation): small answers that a stalled connection must not hold up.
const signInTimeout = time.Minute

// withHTTP gives c one HTTP transport for everything it sends to Box:
// uploads, look-ups, and the sign-in's token and revoke calls, which get
// an overall timeout of their own. It goes through the proxy of s.Network
// and within s.Bandwidth.
func (c connection) withHTTP(s Settings) connection {
	c.http = upload.NewHTTPClient()
	t := c.http.Transport.(*http.Transport)
	t.Proxy = s.Network.proxyFunc()
	t.OnProxyConnectResponse = upload.ProxyConnectResponse
	if s.Bandwidth != nil {
		c.http.Transport = s.Bandwidth.transport(t)
	}
	c.cfg.HTTP = &http.Client{Transport: c.http.Transport, Timeout: signInTimeout}
	c.network = s.Network
	return c
}

// connect is the Box that env names, signing in with the Box app from the
// environment, the build or the settings, in that order, and the account
// in the OS keyring.
func connect(env Env, s Settings) connection {
	cfg := auth.Config{
		ClientID: auth.BuiltinClientID, ClientSecret: auth.BuiltinClientSecret,
		AuthURL: env.AuthURL, TokenURL: env.TokenURL, RevokeURL: env.RevokeURL,
		RedirectPort: s.RedirectPort, Pages: browserPages(),
	}
	switch {
	case env.ClientID != "" || env.ClientSecret != "":
		cfg.ClientID, cfg.ClientSecret = env.ClientID, env.ClientSecret
	case s.ClientID != "":
		cfg.ClientID, cfg.ClientSecret = s.ClientID, s.ClientSecret
	}
	return connection{env: env, cfg: cfg, store: auth.KeyringStore{Service: AppID, User: keyringUser}, stateDir: stateDir()}.withHTTP(s)
}

// connectDemo is the pretend Box running in this process, with a demo user
// signed in (kept in memory only), within s's bandwidth.
func connectDemo(box *boxtest.Server, s Settings) connection {
	env := Env{APIURL: box.APIURL, UploadURL: box.UploadURL, AuthURL: box.AuthURL, TokenURL: box.TokenURL, RevokeURL: box.RevokeURL}
	store := &auth.MemoryStore{}
	access, refresh := box.NewTokenPair()
	store.Save(&oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(time.Hour)})
	cfg := auth.Config{
		ClientID: "test-client-id", ClientSecret: "test-client-secret",
		AuthURL: box.AuthURL, TokenURL: box.TokenURL, RevokeURL: box.RevokeURL, Pages: browserPages(),
	}
	return connection{env: env, cfg: cfg, store: store}.withHTTP(Settings{Network: Network{Proxy: proxyNone}, Bandwidth: s.Bandwidth})
}

// client talks to this Box with parallel parts in flight (0 = the default).
func (c connection) client(parallel int) *upload.Client {
	return &upload.Client{
		APIURL: c.env.APIURL, UploadURL: c.env.UploadURL, Tokens: c.tokens(),
		HTTP: c.http, Parallel: parallel, StateDir: c.stateDir,
	}
}

// tokens is the developer token when BOX_ACCESS_TOKEN is set, else the
// signed-in account.
func (c connection) tokens() upload.TokenSource {
	if c.env.AccessToken != "" {
		return upload.StaticToken(c.env.AccessToken)
	}
	return auth.NewSource(c.cfg, c.store)
}

// canSignIn says whether a Box app is configured (or a token given), so
// that signing in can work at all.
func (c connection) canSignIn() bool {
	return c.env.AccessToken != "" || (c.cfg.ClientID != "" && c.cfg.ClientSecret != "")
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
