package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// expiryMargin renews a token this long before Box would refuse it, so a
// part upload does not start with a token about to die.
const expiryMargin = time.Minute

// Source hands out access tokens for the signed-in account and renews them.
// Box's refresh tokens are single-use: each renewal returns a new pair, the
// old refresh token dies, and the new pair is saved to the store before the
// new access token is handed out. One renewal runs at a time; callers that
// saw the same refused token share it. Safe for concurrent use.
//
// Source satisfies upload.TokenSource.
type Source struct {
	cfg   Config
	store TokenStore

	mu  sync.Mutex // held across a renewal: refreshes never overlap
	tok *oauth2.Token
}

// NewSource returns a Source for the account whose tokens are in store.
func NewSource(cfg Config, store TokenStore) *Source {
	return &Source{cfg: cfg, store: store}
}

// Token returns a valid access token, renewing it when it is about to expire.
func (s *Source) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.loadLocked(); err != nil {
		return "", err
	}
	if s.tok.AccessToken != "" && time.Until(s.tok.Expiry) > expiryMargin {
		return s.tok.AccessToken, nil
	}
	return s.refreshLocked(ctx)
}

// Refresh renews the tokens after Box refused rejected. If another caller
// already renewed them, it returns the new access token without a second
// renewal.
func (s *Source) Refresh(ctx context.Context, rejected string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.loadLocked(); err != nil {
		return "", err
	}
	if s.tok.AccessToken != rejected && s.tok.AccessToken != "" {
		return s.tok.AccessToken, nil
	}
	return s.refreshLocked(ctx)
}

func (s *Source) loadLocked() error {
	if s.tok != nil {
		return nil
	}
	t, err := s.store.Load()
	if err != nil {
		return err
	}
	s.tok = t
	return nil
}

func (s *Source) refreshLocked(ctx context.Context) (string, error) {
	// Another copy of the app may have renewed the pair meanwhile: its
	// refresh token is the live one.
	if t, err := s.store.Load(); err == nil && t.RefreshToken != s.tok.RefreshToken {
		s.tok = t
		if time.Until(t.Expiry) > expiryMargin {
			return t.AccessToken, nil
		}
	}
	if err := s.cfg.check(); err != nil {
		return "", err
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, s.cfg.httpClient())
	old := s.tok.RefreshToken
	nt, err := s.cfg.oauth2("").TokenSource(ctx, &oauth2.Token{RefreshToken: old}).Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.ErrorCode == "invalid_grant" {
			s.tok = nil
			if derr := s.store.Delete(); derr != nil {
				return "", derr
			}
			return "", ErrSignInAgain
		}
		return "", fmt.Errorf("renew Box sign-in: %w", redact(err))
	}
	if nt.RefreshToken == "" {
		nt.RefreshToken = old // Box always rotates; never lose the live one
	}
	if err := s.store.Save(nt); err != nil {
		// Not saved means not usable: the old refresh token is already dead,
		// and a new one that only lives in memory would be lost on exit.
		s.tok = nil
		return "", err
	}
	s.tok = nt
	return nt.AccessToken, nil
}

// redact keeps an OAuth error's code and drops the rest (a token endpoint
// error body is never shown, and never logged).
func redact(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return fmt.Errorf("token endpoint answered %d %s", re.Response.StatusCode, re.ErrorCode)
	}
	return err
}
