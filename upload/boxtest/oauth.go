package boxtest

import (
	"crypto/rand"
	"fmt"
	"html"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"boxuploader/upload/boxapi"
)

// authCodeLifetime is how long Box accepts an authorization code.
const authCodeLifetime = 30 * time.Second

// grant is an access token and, unless minted by NewAccessToken, the refresh
// token issued with it. Refreshing or revoking either kills both.
type grant struct {
	access, refresh string
	expires         time.Time // of the access token
}

type authState struct {
	byAccess    map[string]*grant
	byRefresh   map[string]*grant
	usedRefresh map[string]bool      // exchanged refresh tokens, to count reuse
	codes       map[string]time.Time // authorization code → expiry
	denyConsent bool
}

func newAuthState() authState {
	return authState{
		byAccess:    map[string]*grant{},
		byRefresh:   map[string]*grant{},
		usedRefresh: map[string]bool{},
		codes:       map[string]time.Time{},
	}
}

// NewAccessToken mints a valid access token without a refresh token, like
// a Box developer token.
func (s *Server) NewAccessToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newGrant(false).access
}

// NewTokenPair mints a valid access token and its refresh token, as a
// completed OAuth flow would.
func (s *Server) NewTokenPair() (access, refresh string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.newGrant(true)
	return g.access, g.refresh
}

// ExpireAccessTokens makes every access token issued so far answer 401, as
// if its hour were up. Refresh tokens keep working.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for _, g := range s.auth.byAccess {
		g.expires = now
	}
}

// DenyConsent makes the authorization endpoint redirect with
// error=access_denied, as when the user clicks "Deny", until called with false.
func (s *Server) DenyConsent(deny bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.auth.denyConsent = deny
}

// newGrant mints tokens. s.mu must be held.
func (s *Server) newGrant(withRefresh bool) *grant {
	g := &grant{access: rand.Text(), expires: time.Now().Add(s.opts.AccessTokenLifetime)}
	s.auth.byAccess[g.access] = g
	if withRefresh {
		g.refresh = rand.Text()
		s.auth.byRefresh[g.refresh] = g
	}
	return g
}

// dropGrant invalidates both tokens of g. s.mu must be held.
func (s *Server) dropGrant(g *grant) {
	delete(s.auth.byAccess, g.access)
	delete(s.auth.byRefresh, g.refresh)
}

// authorized reports whether r carries a live access token.
func (s *Server) authorized(r *http.Request) bool {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.auth.byAccess[token]
	return g != nil && time.Now().Before(g.expires)
}

// unauthorized answers like Box does for a bad token: no body, the reason
// in WWW-Authenticate.
func (s *Server) unauthorized(w http.ResponseWriter) {
	s.mu.Lock()
	s.stats.Unauthorized++
	s.mu.Unlock()
	w.Header().Set("WWW-Authenticate", `Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."`)
	w.WriteHeader(http.StatusUnauthorized)
}

// authorize is the consent page. It approves at once (or denies, see
// DenyConsent) and redirects back to the client's loopback listener.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != s.opts.ClientID {
		errorPage(w, "invalid_client: The client ID is not valid.")
		return
	}
	if q.Get("response_type") != "code" {
		errorPage(w, "unsupported_response_type: The response type must be code.")
		return
	}
	redirect, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || !isLoopback(redirect) {
		errorPage(w, "redirect_uri_mismatch: The redirect URI must be an http loopback address.")
		return
	}

	v := redirect.Query()
	s.mu.Lock()
	if s.auth.denyConsent {
		v.Set("error", "access_denied")
		v.Set("error_description", "The user denied access to your application")
	} else {
		code := rand.Text()
		s.auth.codes[code] = time.Now().Add(authCodeLifetime)
		v.Set("code", code)
	}
	s.mu.Unlock()
	if state := q.Get("state"); state != "" {
		v.Set("state", state)
	}
	redirect.RawQuery = v.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

// isLoopback applies Box's exception to its HTTPS rule: plain http is
// allowed for loopback redirect URIs, on any port.
func isLoopback(u *url.URL) bool {
	host := u.Hostname()
	return u.Scheme == "http" && (host == "127.0.0.1" || host == "localhost")
}

// errorPage is what Box's authorization endpoint shows for a bad request:
// a page for the user, not a redirect.
func errorPage(w http.ResponseWriter, message string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html><head><title>Box | Error</title></head><body><h1>Error</h1><p>%s</p></body></html>\n",
		html.EscapeString(message))
}

// token exchanges an authorization code or a refresh token for a new pair.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if !s.clientAuthenticated(w, r) {
		return
	}
	s.mu.Lock()
	g, oerr := s.grantFor(r.PostForm)
	var tok boxapi.Token
	if g != nil {
		tok = boxapi.Token{
			AccessToken:  g.access,
			ExpiresIn:    int64(math.Ceil(s.opts.AccessTokenLifetime.Seconds())),
			TokenType:    "bearer",
			RefreshToken: g.refresh,
		}
	}
	s.mu.Unlock()
	if oerr != nil {
		writeJSON(w, http.StatusBadRequest, oerr)
		return
	}
	writeJSON(w, http.StatusOK, tok)
}

// grantFor carries out the grant a token request asks for. s.mu must be held.
func (s *Server) grantFor(form url.Values) (*grant, *boxapi.OAuthError) {
	switch form.Get("grant_type") {
	case "authorization_code":
		return s.exchangeCode(form.Get("code"))
	case "refresh_token":
		return s.refresh(form.Get("refresh_token"))
	case "":
		return nil, &boxapi.OAuthError{Error: "invalid_request", ErrorDescription: "Invalid grant_type parameter or parameter missing"}
	default:
		return nil, &boxapi.OAuthError{Error: "unsupported_grant_type", ErrorDescription: "Grant type is not supported"}
	}
}

func invalidGrant(description string) *boxapi.OAuthError {
	return &boxapi.OAuthError{Error: "invalid_grant", ErrorDescription: description}
}

// exchangeCode redeems a single-use authorization code. s.mu must be held.
func (s *Server) exchangeCode(code string) (*grant, *boxapi.OAuthError) {
	expires, ok := s.auth.codes[code]
	delete(s.auth.codes, code)
	switch {
	case !ok:
		return nil, invalidGrant("Auth code doesn't exist or is invalid for the client")
	case !time.Now().Before(expires):
		return nil, invalidGrant("The authorization code has expired")
	}
	return s.newGrant(true), nil
}

// refresh rotates a pair: the refresh token is single use, and using it
// also kills the access token issued with it. s.mu must be held.
func (s *Server) refresh(token string) (*grant, *boxapi.OAuthError) {
	old := s.auth.byRefresh[token]
	if old == nil {
		if s.auth.usedRefresh[token] {
			s.stats.ReusedRefreshTokens++
		}
		return nil, invalidGrant("Invalid refresh token")
	}
	s.dropGrant(old)
	s.auth.usedRefresh[token] = true
	s.stats.Refreshes++
	return s.newGrant(true), nil
}

// revoke kills a token and the other token of its pair. Like RFC 7009 it
// succeeds for unknown tokens too.
func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	if !s.clientAuthenticated(w, r) {
		return
	}
	token := r.PostForm.Get("token")
	s.mu.Lock()
	g := s.auth.byAccess[token]
	if g == nil {
		g = s.auth.byRefresh[token]
	}
	if g != nil {
		s.dropGrant(g)
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// clientAuthenticated parses the form of a token or revoke request and
// checks the client credentials in it; Box wants them in the body, not in
// an Authorization header. When it returns false it has answered.
func (s *Server) clientAuthenticated(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, "invalid_request", "The request body could not be parsed")
		return false
	}
	if r.PostForm.Get("client_id") != s.opts.ClientID || r.PostForm.Get("client_secret") != s.opts.ClientSecret {
		writeOAuthError(w, "invalid_client", "The client credentials are invalid")
		return false
	}
	return true
}

func writeOAuthError(w http.ResponseWriter, code, description string) {
	writeJSON(w, http.StatusBadRequest, boxapi.OAuthError{Error: code, ErrorDescription: description})
}
