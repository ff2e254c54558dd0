package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/zalando/go-keyring"
	"golang.org/x/oauth2"
)

// TokenStore keeps the signed-in account's tokens between runs.
type TokenStore interface {
	// Load returns the stored tokens, or ErrNotSignedIn.
	Load() (*oauth2.Token, error)
	Save(*oauth2.Token) error
	// Delete forgets the tokens; deleting nothing is not an error.
	Delete() error
}

// ErrNotSignedIn says no tokens are stored: the person has to sign in.
var ErrNotSignedIn = errors.New("not signed in to Box")

// ErrSignInAgain says Box no longer accepts the stored sign-in (the refresh
// token expired, was revoked or was used elsewhere). The dead tokens have
// been deleted.
var ErrSignInAgain = errors.New("the Box sign-in has expired")

// KeyringError says the OS keyring could not be used (no Secret Service,
// locked, refused). Tokens are never written anywhere else instead.
type KeyringError struct {
	Op  string
	Err error
}

func (e *KeyringError) Error() string { return "keyring " + e.Op + ": " + e.Err.Error() }

func (e *KeyringError) Unwrap() error { return e.Err }

// stored is what a later start needs, kept small: Windows' credential
// store holds 2,560 bytes.
type stored struct {
	Access  string `json:"a"`
	Refresh string `json:"r"`
	Expiry  int64  `json:"e"`
}

// maxStored is Windows' limit on a credential's secret.
const maxStored = 2560

func encodeToken(t *oauth2.Token) (string, error) {
	b, err := json.Marshal(stored{Access: t.AccessToken, Refresh: t.RefreshToken, Expiry: t.Expiry.Unix()})
	if err != nil {
		return "", err
	}
	if len(b) > maxStored {
		return "", fmt.Errorf("tokens take %d bytes, more than the %d a keyring entry holds everywhere", len(b), maxStored)
	}
	return string(b), nil
}

func decodeToken(s string) (*oauth2.Token, error) {
	var st stored
	if err := json.Unmarshal([]byte(s), &st); err != nil || st.Refresh == "" {
		return nil, ErrNotSignedIn // unreadable entry: treat as signed out
	}
	return &oauth2.Token{
		AccessToken: st.Access, RefreshToken: st.Refresh, TokenType: "Bearer",
		Expiry: time.Unix(st.Expiry, 0),
	}, nil
}

// KeyringStore keeps tokens in the OS keyring (Secret Service on Linux,
// Keychain on macOS, Credential Manager on Windows).
type KeyringStore struct {
	Service string        // the app ID
	User    string        // the entry's name within Service
	Timeout time.Duration // a keyring waiting for an unlock prompt must not hang the app; 0 = 20 s
}

// keyringCall runs f with a time limit: a Secret Service that waits for a
// password prompt nobody sees would otherwise block forever.
func (k KeyringStore) keyringCall(op string, f func() error) error {
	timeout := k.Timeout
	if timeout <= 0 {
		timeout = 20 * time.Second
	}
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(timeout):
		return &KeyringError{Op: op, Err: errors.New("no answer from the keyring")}
	}
}

// Load reads the tokens.
func (k KeyringStore) Load() (*oauth2.Token, error) {
	var s string
	err := k.keyringCall("read", func() (err error) {
		s, err = keyring.Get(k.Service, k.User)
		return err
	})
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return nil, ErrNotSignedIn
	case err != nil:
		return nil, asKeyringError("read", err)
	}
	return decodeToken(s)
}

// Save writes the tokens, replacing any.
func (k KeyringStore) Save(t *oauth2.Token) error {
	s, err := encodeToken(t)
	if err != nil {
		return &KeyringError{Op: "write", Err: err}
	}
	return asKeyringError("write", k.keyringCall("write", func() error { return keyring.Set(k.Service, k.User, s) }))
}

// Delete removes the tokens.
func (k KeyringStore) Delete() error {
	err := k.keyringCall("delete", func() error { return keyring.Delete(k.Service, k.User) })
	if errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return asKeyringError("delete", err)
}

// Secret reads a secret other than tokens kept in the entry (a proxy's
// password): "" when there is none.
func (k KeyringStore) Secret() (string, error) {
	var s string
	err := k.keyringCall("read", func() (err error) {
		s, err = keyring.Get(k.Service, k.User)
		return err
	})
	if errors.Is(err, keyring.ErrNotFound) {
		return "", nil
	}
	return s, asKeyringError("read", err)
}

// SetSecret keeps secret in the entry; "" removes it.
func (k KeyringStore) SetSecret(secret string) error {
	if secret == "" {
		return k.Delete()
	}
	return asKeyringError("write", k.keyringCall("write", func() error { return keyring.Set(k.Service, k.User, secret) }))
}

func asKeyringError(op string, err error) error {
	if err == nil {
		return nil
	}
	var ke *KeyringError
	if errors.As(err, &ke) {
		return err
	}
	return &KeyringError{Op: op, Err: err}
}

// MemoryStore keeps tokens in memory only (tests, the demo).
type MemoryStore struct {
	mu    sync.Mutex
	token *oauth2.Token
	saves int
}

// Load returns the tokens or ErrNotSignedIn.
func (m *MemoryStore) Load() (*oauth2.Token, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.token == nil {
		return nil, ErrNotSignedIn
	}
	t := *m.token
	return &t, nil
}

// Save keeps a copy of t.
func (m *MemoryStore) Save(t *oauth2.Token) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := *t
	m.token = &c
	m.saves++
	return nil
}

// Delete forgets the tokens.
func (m *MemoryStore) Delete() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.token = nil
	return nil
}

// Saves counts the Save calls, for tests that check every rotation is kept.
func (m *MemoryStore) Saves() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.saves
}
