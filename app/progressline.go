package app

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2/lang"

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
	w := columns(s)
	pad := max(0, p.width-w)
	fmt.Fprintf(p.w, "\r%s%s", s, strings.Repeat(" ", pad))
	p.width = w
}

// columns is how many terminal columns s takes: two for each wide (CJK)
// character, one for the others.
func columns(s string) int {
	n := utf8.RuneCountInString(s)
	for _, r := range s {
		if wide(r) {
			n++
		}
	}
	return n
}

// wide reports whether terminals draw r two columns wide: the East Asian
// wide and full-width ranges that Japanese text uses.
func wide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F, // Hangul Jamo
		r >= 0x2E80 && r <= 0x303E, // CJK radicals, punctuation
		r >= 0x3041 && r <= 0x33FF, // kana, CJK symbols
		r >= 0x3400 && r <= 0x4DBF, // CJK extension A
		r >= 0x4E00 && r <= 0x9FFF, // CJK ideographs
		r >= 0xA000 && r <= 0xA4CF, // Yi
		r >= 0xAC00 && r <= 0xD7A3, // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60, // full-width forms
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
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
		return lang.L("Waiting for network… (the upload goes on when Box can be reached again)")
	}
	switch pr.Phase {
	case upload.PhasePreparing:
		return lang.L("Preparing…")
	case upload.PhaseFinishing:
		return lang.L("Finishing: Box is assembling the file…")
	case upload.PhaseDone:
		return lang.L("Uploaded.")
	}
	pct := 0
	if pr.Total > 0 {
		pct = int(pr.Sent * 100 / pr.Total)
	}
	s := lang.L("Uploading {{.Percent}}  {{.Sent}} of {{.Total}}  {{.Speed}}", data{"Percent": fmt.Sprintf("%3d%%", pct),
		"Sent": formatSize(pr.Sent), "Total": formatSize(pr.Total), "Speed": formatRate(pr.Rate)})
	if eta := formatETA(pr.Total-pr.Sent, pr.Rate); eta != "" {
		s += "  " + eta
	}
	return s
}
