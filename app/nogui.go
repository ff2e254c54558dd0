//go:build nogui

package app

import (
	"fmt"
	"io"

	"fyne.io/fyne/v2/lang"
)

// This file replaces the window in the command-line build (go build -tags
// nogui): a program without cgo or OpenGL, for servers and scripts.

func runWindow(_ WindowOptions, stderr io.Writer) int {
	fmt.Fprintln(stderr, lang.L("This is the command-line build of Box Uploader: it has no window. Run '{{.Name}} help' for what it can do.", data{"Name": Name}))
	return ExitBadInput
}

// hasDisplay is false: this build has no window to show, so the demo runs
// in the terminal.
func hasDisplay() bool { return false }
