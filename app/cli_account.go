package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"

	"boxuploader/auth"
)

// cliConnection is the Box the BOX_* variables name, for the command line.
func cliConnection() (connection, error) {
	env, err := EnvFrom(os.Getenv)
	if err != nil {
		return connection{}, err
	}
	return connect(env, Settings{}), nil
}

func runLogin(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("login", flag.ContinueOnError)
	noBrowser := fs.Bool("no-browser", false, "print the sign-in address instead of opening the browser")
	if rest, err := parseInterspersed(fs, args); err != nil || len(rest) > 0 {
		fmt.Fprintln(stderr, loginUsageSentence())
		return ExitBadInput
	}
	conn, err := cliConnection()
	if err != nil {
		return fail(stderr, err, false)
	}
	show := func(u string) {
		if *noBrowser {
			fmt.Fprintln(stdout, u) // the address alone on its line, for scripts
			return
		}
		fmt.Fprintln(stderr, openingBrowserSentence())
		fmt.Fprintln(stderr, u)
		if err := openBrowser(u); err != nil {
			fmt.Fprintln(stderr, noBrowserSentence())
		}
	}
	if _, err := auth.Login(ctx, conn.cfg, conn.store, show); err != nil {
		return fail(stderr, err, false)
	}
	conn.env.AccessToken = "" // who has just signed in, not a developer token
	u, err := conn.client(0).CurrentUser(ctx)
	if err != nil {
		fmt.Fprintln(stdout, signedInSentence())
		return ExitOK
	}
	fmt.Fprintln(stdout, signedInAs(u.Name, u.Login))
	return ExitOK
}

func runWhoami(ctx context.Context, stdout, stderr io.Writer) int {
	conn, err := cliConnection()
	if err != nil {
		return fail(stderr, err, false)
	}
	u, err := conn.client(0).CurrentUser(ctx)
	if err != nil {
		return fail(stderr, err, false)
	}
	fmt.Fprintln(stdout, signedInAs(u.Name, u.Login))
	fmt.Fprintln(stdout, storageSentence(u))
	return ExitOK
}

func runLogout(ctx context.Context, stdout, stderr io.Writer) int {
	conn, err := cliConnection()
	if err != nil {
		return fail(stderr, err, false)
	}
	if err := auth.Logout(ctx, conn.cfg, conn.store); err != nil {
		return fail(stderr, err, false)
	}
	fmt.Fprintln(stdout, signedOutSentence())
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
