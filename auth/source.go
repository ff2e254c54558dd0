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

	mu      sync.Mutex // held across a renewal: refreshes never overlap
	tok     *oauth2.Token
	unsaved bool // tok was renewed but the store refused it
}

// refreshTimeout bounds one renewal, which ignores its caller's context.
const refreshTimeout = 30 * time.Second

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
	if s.tok.AccessToken != "" && time.Until(s.tok.Expiry) > expiryMargin && !s.unsaved {
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
	if s.tok.AccessToken != rejected && s.tok.AccessToken != "" && !s.unsaved {
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
	if t, err := s.store.Load(); err == nil && t.RefreshToken != s.tok.RefreshToken && !s.unsaved {
		s.tok = t
		if time.Until(t.Expiry) > expiryMargin {
			return t.AccessToken, nil
		}
	}
	if s.unsaved {
		// Renewed earlier, but the keyring refused it: the pair is live
		// only here. Save it before it is used.
		return s.saveLocked(s.tok)
	}
	if err := s.cfg.check(); err != nil {
		return "", err
	}
	// Box rotates the refresh token as soon as it answers: a renewal cut
	// short by the caller giving up would lose the new one. It runs to its
	// end on its own clock.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), refreshTimeout)
	defer cancel()
	rctx = context.WithValue(rctx, oauth2.HTTPClient, s.cfg.httpClient())
	old := s.tok.RefreshToken
	nt, err := s.cfg.oauth2("").TokenSource(rctx, &oauth2.Token{RefreshToken: old}).Token()
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.ErrorCode == "invalid_grant" {
			// Unless another copy of the app just saved a newer pair, the
			// sign-in is dead.
			if t, lerr := s.store.Load(); lerr == nil && t.RefreshToken != old {
				s.tok = t
				return t.AccessToken, nil
			}
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
	return s.saveLocked(nt)
}

// saveLocked saves the renewed pair and hands out its access token; if
// the store refuses, the pair is kept here (the old refresh token is dead)
// and saving is tried again before any use.
func (s *Source) saveLocked(t *oauth2.Token) (string, error) {
	s.tok = t
	if err := s.store.Save(t); err != nil {
		s.unsaved = true
		return "", err
	}
	s.unsaved = false
	return t.AccessToken, nil
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
