package app

import (
	"fmt"
	"io"
	"os"
	"strings"

	"boxuploader/upload"
)

// progressLine redraws one status line on a terminal; elsewhere (a pipe, a
// log file) it stays silent so output is not flooded with carriage returns.
type progressLine struct {
	w      io.Writer
	active bool
	width  int
}

func newProgressLine(w io.Writer) *progressLine {
	f, ok := w.(*os.File)
	if !ok {
		return &progressLine{w: w}
	}
	st, err := f.Stat()
	return &progressLine{w: w, active: err == nil && st.Mode()&os.ModeCharDevice != 0}
}

func (p *progressLine) show(pr upload.Progress) {
	if !p.active {
		return
	}
	p.draw(describeProgress(pr))
}

func (p *progressLine) draw(s string) {
	pad := max(0, p.width-len(s))
	fmt.Fprintf(p.w, "\r%s%s", s, strings.Repeat(" ", pad))
	p.width = len(s)
}

// end clears the line so the next message starts clean.
func (p *progressLine) end() {
	if p.active && p.width > 0 {
		p.draw("")
		fmt.Fprint(p.w, "\r")
	}
}

// describeProgress is the status line's text.
func describeProgress(pr upload.Progress) string {
	if pr.WaitingForNetwork {
		return "Waiting for network… (the upload goes on when Box can be reached again)"
	}
	switch pr.Phase {
	case upload.PhasePreparing:
		return "Preparing…"
	case upload.PhaseFinishing:
		return "Finishing: Box is assembling the file…"
	case upload.PhaseDone:
		return "Uploaded."
	}
	pct := 0
	if pr.Total > 0 {
		pct = int(pr.Sent * 100 / pr.Total)
	}
	s := fmt.Sprintf("Uploading %3d%%  %s of %s  %s", pct, formatSize(pr.Sent), formatSize(pr.Total), formatRate(pr.Rate))
	if eta := formatETA(pr.Total-pr.Sent, pr.Rate); eta != "" {
		s += "  " + eta
	}
	return s
}
