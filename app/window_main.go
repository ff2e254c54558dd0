//go:build !nogui

package app

import (
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"boxuploader/assets"
	"boxuploader/upload"
)

// realBackend connects to the Box the BOX_* variables name (real Box by
// default), with the Box app from the environment, the build or the
// settings, in that order.
func realBackend(p fyne.Preferences) *backend {
	env, _ := EnvFrom(os.Getenv) // checked before the window opens
	cfg := authConfig(env, os.Getenv)
	if os.Getenv("BOX_CLIENT_ID") == "" && p.String(PrefClientID) != "" {
		cfg.ClientID, cfg.ClientSecret = p.String(PrefClientID), p.String(PrefClientSecret)
	}
	cfg.RedirectPort = p.Int(PrefRedirectPort)
	return newBackend(env, cfg, p.IntWithFallback(PrefParallel, upload.DefaultParallel))
}

// runWindow opens the window and returns its exit code once it is closed.
func runWindow(opts WindowOptions, stderr io.Writer) (code int) {
	if _, err := EnvFrom(os.Getenv); err != nil {
		return fail(stderr, err, false)
	}
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(assets.Icon)
	var be *backend
	if opts.Demo {
		be = newDemoBackend(a.Preferences().IntWithFallback(PrefParallel, upload.DefaultParallel))
	} else {
		be = realBackend(a.Preferences())
	}
	w := newWindow(a, be, opts)
	defer func() { w.be.close() }()
	// Fyne panics when the graphics system cannot start (no display, no
	// OpenGL): say so in a sentence rather than a stack trace.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(stderr, lang.L("The window could not be opened: this computer's display or graphics are not available. The command line still works (run '{{.Command}} help').", data{"Command": Name}))
			code = ExitFailed
		}
	}()
	w.win.ShowAndRun()
	return ExitOK
}

// windowOrConsoleDemo opens the demo window, or runs the console demo where
// no window can be shown (or --console asks for it).
func windowOrConsoleDemo(args []string, stdout, stderr io.Writer, console bool) int {
	if console || !hasDisplay() {
		if !console {
			fmt.Fprintln(stderr, lang.L("No display here: running the demo in the terminal instead."))
		}
		return runDemo(interruptContext(), stdout, stderr)
	}
	opts, err := parseWindowArgs(args, stderr)
	if err != nil {
		return ExitBadInput
	}
	opts.Demo = true
	return runWindow(opts, stderr)
}
