package boxtest_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
)

// noRedirect shows the authorization endpoint's redirect instead of following it.
var noRedirect = &http.Client{
	Timeout:       waitLimit,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

func authorize(t *testing.T, srv *boxtest.Server, params url.Values) *http.Response {
	t.Helper()
	resp, err := noRedirect.Get(srv.AuthURL + "?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func authParams(redirect string) url.Values {
	return url.Values{"response_type": {"code"}, "client_id": {"test-client-id"}, "redirect_uri": {redirect}, "state": {"xyz"}}
}

// postForm posts to an OAuth endpoint with the default client credentials.
func postForm(t *testing.T, endpoint string, form url.Values) *http.Response {
	t.Helper()
	if !form.Has("client_id") {
		form.Set("client_id", "test-client-id")
		form.Set("client_secret", "test-client-secret")
	}
	resp, err := httpClient.PostForm(endpoint, form)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func wantOAuthError(t *testing.T, resp *http.Response, code, description string) {
	t.Helper()
	var e boxapi.OAuthError
	decode(t, resp, http.StatusBadRequest, &e)
	if e.Error != code || (description != "" && e.ErrorDescription != description) {
		t.Errorf("OAuth error = %+v, want %s %q", e, code, description)
	}
}

// apiStatus is the status of GET /users/me with token.
func apiStatus(t *testing.T, srv *boxtest.Server, token string) int {
	t.Helper()
	c := &client{t: t, srv: srv, token: token}
	return c.do("GET", srv.APIURL+"/users/me", nil).StatusCode
}

func TestOAuthFlow(t *testing.T) {
	t.Parallel()
	srv := boxtest.NewServer(boxtest.Options{})
	defer srv.Close()

	resp := authorize(t, srv, authParams("http://127.0.0.1:53682/callback?x=1"))
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || loc.Host != "127.0.0.1:53682" || loc.Path != "/callback" ||
		loc.Query().Get("state") != "xyz" || loc.Query().Get("x") != "1" || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: %d %s", resp.StatusCode, loc)
	}
	code := loc.Query().Get("code")

	var tok boxapi.Token
	decode(t, postForm(t, srv.TokenURL, url.Values{"grant_type": {"authorization_code"}, "code": {code}}), http.StatusOK, &tok)
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.TokenType != "bearer" || tok.ExpiresIn != 3600 {
		t.Fatalf("token = %+v", tok)
	}
	if s := apiStatus(t, srv, tok.AccessToken); s != http.StatusOK {
		t.Errorf("new access token: %d", s)
	}
	wantOAuthError(t, postForm(t, srv.TokenURL, url.Values{"grant_type": {"authorization_code"}, "code": {code}}),
		"invalid_grant", "Auth code doesn't exist or is invalid for the client")

	var next boxapi.Token
	decode(t, postForm(t, srv.TokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}), http.StatusOK, &next)
	if next.AccessToken == tok.AccessToken || next.RefreshToken == tok.RefreshToken || next.RefreshToken == "" {
		t.Fatalf("refresh did not rotate: %+v", next)
	}
	if s := apiStatus(t, srv, tok.AccessToken); s != http.StatusUnauthorized {
		t.Errorf("old access token after refresh: %d", s)
	}
	if s := apiStatus(t, srv, next.AccessToken); s != http.StatusOK {
		t.Errorf("refreshed access token: %d", s)
	}
	wantOAuthError(t, postForm(t, srv.TokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}),
		"invalid_grant", "Invalid refresh token")
	if st := srv.Stats(); st.Refreshes != 1 || st.ReusedRefreshTokens != 1 {
		t.Errorf("stats = %+v", st)
	}

	// Revoking the refresh token kills its access token too.
	resp = postForm(t, srv.RevokeURL, url.Values{"token": {next.RefreshToken}})
	if body, _ := io.ReadAll(resp.Body); resp.StatusCode != http.StatusOK || len(body) != 0 {
		t.Errorf("revoke: %d %q", resp.StatusCode, body)
	}
	if s := apiStatus(t, srv, next.AccessToken); s != http.StatusUnauthorized {
		t.Errorf("access token after revoke: %d", s)
	}
	wantOAuthError(t, postForm(t, srv.TokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {next.RefreshToken}}), "invalid_grant", "")
}

func TestOAuthErrors(t *testing.T) {
	t.Parallel()
	srv := boxtest.NewServer(boxtest.Options{ClientID: "id", ClientSecret: "secret"})
	defer srv.Close()

	params := authParams("http://localhost:1234/cb")
	for name, bad := range map[string]func(url.Values){
		"client_id":     func(v url.Values) { v.Set("client_id", "other") },
		"https":         func(v url.Values) { v.Set("redirect_uri", "https://localhost:1234/cb") },
		"remote host":   func(v url.Values) { v.Set("redirect_uri", "http://example.com:1234/cb") },
		"response_type": func(v url.Values) { v.Set("response_type", "token") },
	} {
		p := url.Values{}
		for k, v := range params {
			p[k] = v
		}
		p.Set("client_id", "id")
		bad(p)
		resp := authorize(t, srv, p)
		if resp.StatusCode != http.StatusBadRequest || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", name, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}

	srv.DenyConsent(true)
	params.Set("client_id", "id")
	loc, _ := url.Parse(authorize(t, srv, params).Header.Get("Location"))
	if q := loc.Query(); q.Get("error") != "access_denied" || q.Get("error_description") == "" || q.Get("state") != "xyz" || q.Has("code") {
		t.Errorf("denied redirect: %s", loc)
	}

	creds := func(v url.Values) url.Values {
		v.Set("client_id", "id")
		v.Set("client_secret", "secret")
		return v
	}
	wantOAuthError(t, postForm(t, srv.TokenURL, url.Values{"client_id": {"id"}, "client_secret": {"wrong"}, "grant_type": {"refresh_token"}}),
		"invalid_client", "The client credentials are invalid")
	wantOAuthError(t, postForm(t, srv.TokenURL, creds(url.Values{"grant_type": {"password"}})), "unsupported_grant_type", "")
	wantOAuthError(t, postForm(t, srv.TokenURL, creds(url.Values{"grant_type": {"authorization_code"}, "code": {"nope"}})), "invalid_grant", "")
	wantOAuthError(t, postForm(t, srv.TokenURL, creds(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"nope"}})), "invalid_grant", "")
	if st := srv.Stats(); st.ReusedRefreshTokens != 0 {
		t.Errorf("an unknown refresh token counted as reuse")
	}
}

func TestExpireAccessTokens(t *testing.T) {
	t.Parallel()
	srv := boxtest.NewServer(boxtest.Options{})
	defer srv.Close()
	access, refresh := srv.NewTokenPair()
	srv.ExpireAccessTokens()
	if s := apiStatus(t, srv, access); s != http.StatusUnauthorized {
		t.Errorf("expired access token: %d", s)
	}
	var tok boxapi.Token
	decode(t, postForm(t, srv.TokenURL, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}), http.StatusOK, &tok)
	if s := apiStatus(t, srv, tok.AccessToken); s != http.StatusOK {
		t.Errorf("token minted after ExpireAccessTokens: %d", s)
	}
	if s := apiStatus(t, srv, srv.NewAccessToken()); s != http.StatusOK {
		t.Errorf("NewAccessToken after ExpireAccessTokens: %d", s)
	}
}
