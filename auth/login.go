package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// LoginTimeout is how long Login waits for the browser when the caller's
// context has no deadline.
const LoginTimeout = 5 * time.Minute

// Errors a sign-in can end with.
var (
	ErrAccessDenied  = errors.New("access to Box was not granted in the browser")
	ErrStateMismatch = errors.New("the browser came back with an answer to another sign-in")
	ErrLoginTimeout  = errors.New("no answer from the browser in time")
)

// PortError says the fixed redirect port is taken by another program.
type PortError struct {
	Port int
	Err  error
}

func (e *PortError) Error() string { return fmt.Sprintf("port %d: %v", e.Port, e.Err) }

func (e *PortError) Unwrap() error { return e.Err }

// Login signs in through the browser: it listens on 127.0.0.1, calls show
// with the address the person must open (the caller opens the browser and
// also shows the address, since opening a browser can silently fail), waits
// for Box to send the browser back, checks the state, exchanges the code at
// once (Box codes live 30 s) and saves the tokens to store.
func Login(ctx context.Context, cfg Config, store TokenStore, show func(authURL string)) (*oauth2.Token, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, LoginTimeout)
		defer cancel()
	}
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", cfg.RedirectPort))
	if err != nil {
		return nil, &PortError{Port: cfg.RedirectPort, Err: err}
	}
	redirect := fmt.Sprintf("http://127.0.0.1:%d/callback", ln.Addr().(*net.TCPAddr).Port)
	conf := cfg.oauth2(redirect)
	state, err := randomState()
	if err != nil {
		ln.Close()
		return nil, err
	}

	results := make(chan loginResult, 1)
	srv := &http.Server{
		Handler:           callbackHandler(ctx, cfg, conf, state, results),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go srv.Serve(ln)
	// One use only: the listener goes with the first answer, once the
	// browser has its page.
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		if srv.Shutdown(sctx) != nil {
			srv.Close()
		}
	}()

	show(conf.AuthCodeURL(state))
	select {
	case r := <-results:
		if r.err != nil {
			return nil, r.err
		}
		if err := store.Save(r.tok); err != nil {
			revoke(context.WithoutCancel(ctx), cfg, r.tok.RefreshToken)
			return nil, err
		}
		return r.tok, nil
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, ErrLoginTimeout
		}
		return nil, ctx.Err()
	}
}

type loginResult struct {
	tok *oauth2.Token
	err error
}

// callbackHandler answers the browser's return: the first request to
// /callback decides the outcome; anything after it is told to close the tab.
func callbackHandler(ctx context.Context, cfg Config, conf *oauth2.Config, state string, results chan<- loginResult) http.Handler {
	mux := http.NewServeMux()
	answered := make(chan struct{}, 1)
	pages := EnglishPages
	if cfg.Pages != nil {
		pages = *cfg.Pages
	}
	mux.HandleFunc("GET /callback", func(w http.ResponseWriter, r *http.Request) {
		select {
		case answered <- struct{}{}:
		default:
			page(w, http.StatusGone, pages.Finished)
			return
		}
		q := r.URL.Query()
		var res loginResult
		switch {
		case subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1:
			res.err = ErrStateMismatch
			page(w, http.StatusBadRequest, pages.Refused)
		case q.Get("error") != "":
			res.err = ErrAccessDenied
			page(w, http.StatusOK, pages.Denied)
		case q.Get("code") == "":
			res.err = errors.New("the browser came back without an authorization code")
			page(w, http.StatusBadRequest, pages.Failed)
		default:
			xctx := context.WithValue(ctx, oauth2.HTTPClient, cfg.httpClient())
			tok, err := conf.Exchange(xctx, q.Get("code"))
			if err != nil {
				res.err = fmt.Errorf("exchange the authorization code: %w", redact(err))
				page(w, http.StatusBadGateway, pages.Failed)
			} else {
				res.tok = tok
				page(w, http.StatusOK, pages.SignedIn)
			}
		}
		if f, ok := w.(http.Flusher); ok {
			f.Flush() // the page reaches the browser before Login returns
		}
		results <- res
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	return mux
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;display:flex;min-height:90vh;align-items:center;justify-content:center;background:#f4f6f8;color:#222}
main{background:#fff;padding:2.5em 3em;border-radius:12px;box-shadow:0 2px 12px #0002;max-width:32em;text-align:center}
h1{font-size:1.4em;margin:0 0 .6em}</style></head>
<body><main><h1>{{.Title}}</h1><p>{{.Text}}</p></main></body></html>
`))

// Page is what the browser tab says after the sign-in.
type Page struct{ Title, Text string }

// Pages are the browser tab's words for each outcome, in the person's
// language: the app passes its translations in Config.Pages.
type Pages struct {
	SignedIn, Denied, Refused, Failed, Finished Page
}

// EnglishPages are the pages when Config.Pages is nil.
var EnglishPages = Pages{
	SignedIn: Page{"You are signed in", "You can go back to the app and close this tab."},
	Denied:   Page{"Access not granted", "The app was not given access to your Box account. Go back to the app if you want to try again."},
	Refused:  Page{"Sign-in refused", "This answer does not belong to the sign-in the app started. Go back to the app and sign in again."},
	Failed:   Page{"Sign-in failed", "Box did not complete the sign-in. Go back to the app and try again."},
	Finished: Page{"This sign-in is already finished", "You can close this tab."},
}

func page(w http.ResponseWriter, status int, p Page) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	pageTemplate.Execute(w, p)
}

func randomState() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Logout revokes the tokens at Box and deletes them from store. Offline,
// the revocation fails and the local sign-out still happens.
func Logout(ctx context.Context, cfg Config, store TokenStore) error {
	tok, err := store.Load()
	if errors.Is(err, ErrNotSignedIn) {
		return nil
	}
	if err != nil {
		return err
	}
	revoke(ctx, cfg, tok.RefreshToken)
	return store.Delete()
}

// revoke asks Box to kill token (and the other token of its pair); errors
// are ignored because there is nothing more a caller could do.
func revoke(ctx context.Context, cfg Config, token string) {
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	form := url.Values{"client_id": {cfg.ClientID}, "client_secret": {cfg.ClientSecret}, "token": {token}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.revokeURL(), strings.NewReader(form.Encode()))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, err := cfg.httpClient().Do(req); err == nil {
		resp.Body.Close()
	}
}
