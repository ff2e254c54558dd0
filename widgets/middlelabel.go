package widgets

import (
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

const (
	ellipsis        = "…"
	zeroWidthJoiner = '\u200d'
)

// MiddleEllipsis shortens s by putting "…" in place of characters from its
// middle until fits accepts it, keeping as much of both ends as fits: the end
// of a file name tells files apart ("…final (2).mov"), so it must stay
// visible. It returns s when s fits, and "…" alone when nothing else does.
//
// It never cuts inside a character: not inside a rune (Japanese and other
// multibyte text), not between a letter and its combining accents (macOS
// hands out names in decomposed form) and not inside emoji joined by
// zero-width joiners.
func MiddleEllipsis(s string, fits func(string) bool) string {
	if fits(s) {
		return s
	}
	starts := characterStarts(s)
	n := len(starts) - 1 // characters in s; starts ends with len(s)
	cut := func(keep int) string {
		head := keep / 2 // the end gets the odd character: it is what tells files apart
		return s[:starts[head]] + ellipsis + s[starts[n-(keep-head)]:]
	}
	// The widths of the candidates grow with the characters kept, so a binary
	// search finds the most that fit. Keeping none always "fits".
	lo, hi := 0, n-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fits(cut(mid)) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return cut(lo)
}

// characterStarts returns the byte offsets at which the characters of s
// start, followed by len(s). A character is a rune with the combining marks
// after it, or emoji glued together by zero-width joiners.
func characterStarts(s string) []int {
	var starts []int
	joined := false
	for i, r := range s {
		if i == 0 || !joined && r != zeroWidthJoiner && !unicode.Is(unicode.M, r) {
			starts = append(starts, i)
		}
		joined = r == zeroWidthJoiner
	}
	return append(starts, len(s))
}

var _ fyne.Accessible = (*MiddleLabel)(nil)

// MiddleLabel is a one-line label that, when it is too narrow for its text,
// cuts the middle out of it (see MiddleEllipsis) instead of the end, so a
// file name keeps its extension. It fits the text again whenever it is
// resized, and asks for no more width than the ellipsis, so a long name never
// widens the window.
//
// Change its fields on Fyne's goroutine and call Refresh, or use SetText.
type MiddleLabel struct {
	widget.BaseWidget

	// Text is the whole text; screen readers are given all of it.
	Text      string
	TextStyle fyne.TextStyle
}

// NewMiddleLabel returns a MiddleLabel showing text.
func NewMiddleLabel(text string) *MiddleLabel {
	l := &MiddleLabel{Text: text}
	l.ExtendBaseWidget(l)
	return l
}

// SetText changes the text and fits it to the label again.
func (l *MiddleLabel) SetText(text string) {
	l.Text = text
	l.Refresh()
}

// AccessibilityLabel returns the whole text, not the shortened one on screen.
func (l *MiddleLabel) AccessibilityLabel() string {
	return l.Text
}

// AccessibilityRole tells assistive technologies that this is text.
func (l *MiddleLabel) AccessibilityRole() fyne.AccessibleRole {
	return fyne.AccessibleRoleText
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (l *MiddleLabel) CreateRenderer() fyne.WidgetRenderer {
	r := &middleLabelRenderer{label: l, text: &canvas.Text{}}
	r.Refresh()
	return r
}

type middleLabelRenderer struct {
	label *MiddleLabel
	text  *canvas.Text
}

// MinSize is that of the ellipsis with the padding a widget.Label has, so
// that the name lines up with the labels around it.
func (r *middleLabelRenderer) MinSize() fyne.Size {
	th := r.label.Theme()
	padding := th.Size(theme.SizeNameInnerPadding) * 2
	size := fyne.MeasureText(ellipsis, th.Size(theme.SizeNameText), r.label.TextStyle)
	return size.AddWidthHeight(padding, padding)
}

func (r *middleLabelRenderer) Layout(size fyne.Size) {
	th := r.label.Theme()
	pad := th.Size(theme.SizeNameInnerPadding)
	width := size.Width - 2*pad
	measure := func(s string) fyne.Size {
		return fyne.MeasureText(s, th.Size(theme.SizeNameText), r.label.TextStyle)
	}
	r.text.Text = MiddleEllipsis(r.label.Text, func(s string) bool { return measure(s).Width <= width })
	r.text.Move(fyne.NewPos(pad, pad))
	r.text.Resize(fyne.NewSize(width, measure(r.text.Text).Height))
}

func (r *middleLabelRenderer) Refresh() {
	th := r.label.Theme()
	r.text.Color = themeColor(th, theme.ColorNameForeground)
	r.text.TextSize = th.Size(theme.SizeNameText)
	r.text.TextStyle = r.label.TextStyle
	r.Layout(r.label.Size())
	r.text.Refresh()
}

func (r *middleLabelRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.text}
}

func (r *middleLabelRenderer) Destroy() {}
