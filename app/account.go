package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"

	"fyne.io/fyne/v2/lang"

	"boxuploader/auth"
	"boxuploader/upload"
)

// AppID is the app's reverse-DNS identity: the keyring service name, and
// (later) Fyne's app ID and preferences folder.
const AppID = "app.boxuploader.Uploader"

// keyringUser names the one keyring entry the app uses within AppID.
const keyringUser = "box-account"

// tokenStore is where the signed-in account's tokens live: the OS keyring.
func tokenStore() auth.TokenStore {
	return auth.KeyringStore{Service: AppID, User: keyringUser}
}

// authConfig is the Box app to sign in with: BOX_CLIENT_ID/BOX_CLIENT_SECRET
// override what a release build carries.
func authConfig(env Env, getenv func(string) string) auth.Config {
	cfg := auth.Config{ClientID: auth.BuiltinClientID, ClientSecret: auth.BuiltinClientSecret,
		AuthURL: env.AuthURL, TokenURL: env.TokenURL, RevokeURL: env.RevokeURL, Pages: browserPages()}
	if id, secret := getenv("BOX_CLIENT_ID"), getenv("BOX_CLIENT_SECRET"); id != "" || secret != "" {
		cfg.ClientID, cfg.ClientSecret = id, secret
	}
	return cfg
}

// browserPages are the browser tab's words after the sign-in, in the
// person's language.
func browserPages() *auth.Pages {
	return &auth.Pages{
		SignedIn: auth.Page{Title: lang.L("You are signed in"), Text: lang.L("You can go back to the app and close this tab.")},
		Denied:   auth.Page{Title: lang.L("Access not granted"), Text: lang.L("The app was not given access to your Box account. Go back to the app if you want to try again.")},
		Refused:  auth.Page{Title: lang.L("Sign-in refused"), Text: lang.L("This answer does not belong to the sign-in the app started. Go back to the app and sign in again.")},
		Failed:   auth.Page{Title: lang.L("Sign-in failed"), Text: lang.L("Box did not complete the sign-in. Go back to the app and try again.")},
		Finished: auth.Page{Title: lang.L("This sign-in is already finished"), Text: lang.L("You can close this tab.")},
	}
}

// tokens is the developer token when BOX_ACCESS_TOKEN is set, else the
// signed-in account.
func tokens(env Env, cfg auth.Config, store auth.TokenStore) upload.TokenSource {
	if env.AccessToken != "" {
		return upload.StaticToken(env.AccessToken)
	}
	return auth.NewSource(cfg, store)
}

func runLogin(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	noBrowser := false
	switch {
	case len(args) == 1 && args[0] == "--no-browser":
		noBrowser = true
	case len(args) != 0:
		fmt.Fprintln(stderr, lang.L("Usage: {{.Command}} login [--no-browser]", data{"Command": Name}))
		return ExitBadInput
	}
	env, err := EnvFrom(os.Getenv)
	if err != nil {
		return fail(stderr, err, false)
	}
	cfg := authConfig(env, os.Getenv)
	show := func(u string) {
		if noBrowser {
			fmt.Fprintln(stdout, u) // the address alone on its line, for scripts
			return
		}
		fmt.Fprintln(stderr, lang.L("Opening your browser to sign in to Box. If it does not open, go to this address:"))
		fmt.Fprintln(stderr, u)
		if err := openBrowser(u); err != nil {
			fmt.Fprintln(stderr, lang.L("(The browser could not be opened; copy the address above into it.)"))
		}
	}
	store := tokenStore()
	if _, err := auth.Login(ctx, cfg, store, show); err != nil {
		return fail(stderr, err, false)
	}
	c := &upload.Client{APIURL: env.APIURL, UploadURL: env.UploadURL, Tokens: auth.NewSource(cfg, store)}
	u, err := c.CurrentUser(ctx)
	if err != nil {
		fmt.Fprintln(stdout, lang.L("Signed in."))
		return ExitOK
	}
	fmt.Fprintln(stdout, signedInAs(u.Name, u.Login))
	return ExitOK
}

// signedInAs says who is signed in.
func signedInAs(name, email string) string {
	return lang.L("Signed in as {{.Name}} ({{.Email}})", data{"Name": name, "Email": email})
}

func runWhoami(ctx context.Context, stdout, stderr io.Writer) int {
	env, err := EnvFrom(os.Getenv)
	if err != nil {
		return fail(stderr, err, false)
	}
	cfg := authConfig(env, os.Getenv)
	c := &upload.Client{APIURL: env.APIURL, UploadURL: env.UploadURL, Tokens: tokens(env, cfg, tokenStore())}
	u, err := c.CurrentUser(ctx)
	if err != nil {
		return fail(stderr, err, false)
	}
	fmt.Fprintln(stdout, signedInAs(u.Name, u.Login))
	fmt.Fprintln(stdout, lang.L("Box storage: {{.Used}} of {{.Total}} used; largest file allowed: {{.MaxFile}}",
		data{"Used": formatSize(u.SpaceUsed), "Total": formatSize(u.SpaceAmount), "MaxFile": formatSize(u.MaxUploadSize)}))
	return ExitOK
}

func runLogout(ctx context.Context, stdout, stderr io.Writer) int {
	env, err := EnvFrom(os.Getenv)
	if err != nil {
		return fail(stderr, err, false)
	}
	if err := auth.Logout(ctx, authConfig(env, os.Getenv), tokenStore()); err != nil {
		return fail(stderr, err, false)
	}
	fmt.Fprintln(stdout, lang.L("Signed out. Your Box sign-in was removed from this computer."))
	return ExitOK
}

// openBrowser opens u in the person's browser.
func openBrowser(u string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", u)
	case "darwin":
		cmd = exec.Command("open", u)
	default:
		cmd = exec.Command("xdg-open", u)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reap it; its exit status says nothing useful
	return nil
}

// isNotSignedIn tells the errors that mean "sign in (again)".
func isNotSignedIn(err error) bool {
	return errors.Is(err, auth.ErrNotSignedIn) || errors.Is(err, auth.ErrSignInAgain)
}

// cliHint is what the command line adds to a sentence: the command or
// variable that fixes it.
func cliHint(err error) string {
	switch {
	case errors.Is(err, auth.ErrNoClient):
		return lang.L("Set BOX_CLIENT_ID and BOX_CLIENT_SECRET.")
	case isNotSignedIn(err), upload.KindOf(err) == upload.KindSignInNeeded:
		return lang.L("Run '{{.Command}} login'.", data{"Command": Name})
	}
	return ""
}

// authSentence phrases the errors of sign-in and of the keyring, or returns
// false when err is not one of them.
func authSentence(err error) (string, bool) {
	var ke *auth.KeyringError
	var pe *auth.PortError
	switch {
	case errors.Is(err, auth.ErrNotSignedIn):
		return lang.L("You are not signed in to Box. Sign in first."), true
	case errors.Is(err, auth.ErrSignInAgain):
		return lang.L("Your Box sign-in has expired or was withdrawn. Sign in again."), true
	case errors.Is(err, auth.ErrNoClient):
		return lang.L("No Box app is set up for signing in. Ask your administrator for the app's client ID and secret."), true
	case errors.Is(err, auth.ErrAccessDenied):
		return lang.L("Access to Box was not granted in the browser, so you are not signed in."), true
	case errors.Is(err, auth.ErrStateMismatch):
		return lang.L("The browser came back with an answer that does not belong to this sign-in, so it was refused. Sign in again."), true
	case errors.Is(err, auth.ErrLoginTimeout):
		return lang.L("No answer came from the browser in time. Sign in again, and finish in the browser within a few minutes."), true
	case errors.As(err, &pe):
		return lang.L("Another program is using port {{.Port}}, which the sign-in needs. Close it, or change the sign-in port setting.", data{"Port": pe.Port}), true
	case errors.As(err, &ke):
		return lang.L("Your computer's keyring, where the app keeps your Box sign-in, is not available. Unlock it (or start it) and try again."), true
	}
	return "", false
}
