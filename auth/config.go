// Package auth signs a person in to Box with OAuth 2.0 in their browser and
// keeps them signed in: tokens live only in a TokenStore (the OS keyring in
// the app), every rotated token is saved before it is used, and refreshes
// never run concurrently. It is a plain Go library, without GUI.
package auth

import (
	"errors"
	"net/http"
	"strings"

	"golang.org/x/oauth2"
)

// Box's OAuth 2.0 endpoints.
const (
	DefaultAuthURL   = "https://account.box.com/api/oauth2/authorize"
	DefaultTokenURL  = "https://api.box.com/oauth2/token"
	DefaultRevokeURL = "https://api.box.com/oauth2/revoke"
)

// Scope is what the app asks for: read and write all files and folders.
const Scope = "root_readwrite"

// Client credentials built into release binaries with
//
//	-ldflags "-X boxuploader/auth.BuiltinClientID=… -X boxuploader/auth.BuiltinClientSecret=…"
//
// Box does not support PKCE, so a desktop app has to carry its secret.
var (
	BuiltinClientID     string
	BuiltinClientSecret string
)

// Config is a Box app and the server it signs in to.
type Config struct {
	ClientID, ClientSecret       string
	AuthURL, TokenURL, RevokeURL string // "" = Box's
	// RedirectPort is the loopback port of the redirect URI; 0 picks a free
	// one (Box accepts any port for a registered http://127.0.0.1 URI).
	RedirectPort int
	HTTP         *http.Client // nil = http.DefaultClient
	Pages        *Pages       // the browser tab's words after the sign-in; nil = EnglishPages
}

// ErrNoClient says no Box app is configured (no client ID or secret).
var ErrNoClient = errors.New("no Box app is configured: a client ID and secret are needed")

func (c Config) check() error {
	if strings.TrimSpace(c.ClientID) == "" || strings.TrimSpace(c.ClientSecret) == "" {
		return ErrNoClient
	}
	return nil
}

func (c Config) oauth2(redirect string) *oauth2.Config {
	pick := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  redirect,
		Scopes:       []string{Scope},
		Endpoint: oauth2.Endpoint{
			AuthURL:  pick(c.AuthURL, DefaultAuthURL),
			TokenURL: pick(c.TokenURL, DefaultTokenURL),
			// Box wants the credentials in the form body. Auto-detection
			// would try the other style first and could burn a
			// single-use code or refresh token.
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}

func (c Config) revokeURL() string {
	if c.RevokeURL == "" {
		return DefaultRevokeURL
	}
	return c.RevokeURL
}

func (c Config) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}
