package app

import (
	"errors"
	"flag"
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

// parseWindowArgs reads `[--file-id ID | --folder-id ID] [FILE...]`.
func parseWindowArgs(args []string, stderr io.Writer) (WindowOptions, error) {
	fs := flag.NewFlagSet(Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // mistakes are said in one sentence by the caller
	var o WindowOptions
	fs.StringVar(&o.FileID, "file-id", "", "Box file ID or link to replace")
	fs.StringVar(&o.FolderID, "folder-id", "", "Box folder ID or link to add to")
	for rest := args; ; {
		if err := fs.Parse(rest); errors.Is(err, flag.ErrHelp) {
			usage(stderr)
			return o, err
		} else if err != nil {
			return o, flagMistake(err)
		}
		if fs.NArg() == 0 {
			break
		}
		o.Files = append(o.Files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if o.FileID != "" && o.FolderID != "" {
		return o, usageError{lang.L("Give either --file-id or --folder-id, not both")}
	}
	return o, nil
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
