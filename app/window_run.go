//go:build !nogui

package app

import (
	"fmt"
	"io"
	"os"
	"runtime"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"boxuploader/assets"
)

// runWindow opens the window and returns its exit code once it is closed.
func runWindow(opts WindowOptions, stderr io.Writer) (code int) {
	env, err := EnvFrom(os.Getenv)
	if err != nil {
		return fail(stderr, err, false)
	}
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(assets.Icon)
	var be *backend
	if opts.Demo {
		be = newDemoBackend()
	} else {
		be = realBackend(env, a.Preferences(), nil)
	}
	w := newWindow(a, be, opts, fyneThread)
	defer func() { w.be.close() }()
	// Fyne panics when the graphics system cannot start (no display, no
	// OpenGL): say so in a sentence rather than a stack trace.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintln(stderr, noWindowSentence())
			code = ExitFailed
		}
	}()
	w.win.ShowAndRun()
	return ExitOK
}

// realBackend connects to the Box that env names (real Box by default),
// with the Box app from the environment, the build or the settings, within
// bw (a new cap from the settings when nil).
func realBackend(env Env, p fyne.Preferences, bw *bandwidth) *backend {
	if bw == nil {
		bw = newBandwidth(int64(p.Int(PrefBWLimit)))
	}
	s := withProxyPassword(settingsFrom(p))
	s.Bandwidth = bw
	return newBackend(connect(env, s), bw)
}

// hasDisplay tells whether a window can be opened here.
func hasDisplay() bool {
	switch runtime.GOOS {
	case "windows", "darwin", "android", "ios":
		return true
	}
	return os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != ""
}
