package app

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-runewidth"
	"golang.org/x/term"

	"boxuploader/upload"
)

// progressLine redraws one status line on a terminal; elsewhere (a pipe, a
// log file) it stays silent so output is not flooded with carriage returns.
type progressLine struct {
	w      io.Writer
	active bool
	width  int // columns drawn last time, to blank what a shorter line leaves
}

func newProgressLine(w io.Writer) *progressLine {
	f, ok := w.(*os.File)
	return &progressLine{w: w, active: ok && term.IsTerminal(int(f.Fd()))}
}

func (p *progressLine) show(pr upload.Progress) {
	if p.active {
		p.draw(progressSentence(pr))
	}
}

func (p *progressLine) draw(s string) {
	// Japanese characters take two columns of a terminal.
	w := runewidth.StringWidth(s)
	fmt.Fprintf(p.w, "\r%s%s", s, strings.Repeat(" ", max(0, p.width-w)))
	p.width = w
}

// end clears the line so the next message starts clean.
func (p *progressLine) end() {
	if p.active && p.width > 0 {
		p.draw("")
		fmt.Fprint(p.w, "\r")
	}
}
