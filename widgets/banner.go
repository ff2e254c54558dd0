package widgets

import (
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Banner is a full-width strip on a warning-tinted background, with an
// information icon and a text, for what applies to the whole window (such
// as the demo mode). The text wraps rather than widen the window.
//
// Create it with NewBanner and use it on Fyne's goroutine.
type Banner struct {
	widget.BaseWidget

	text string
}

// NewBanner returns a banner showing text.
func NewBanner(text string) *Banner {
	b := &Banner{text: text}
	b.ExtendBaseWidget(b)
	return b
}

// SetText changes the banner's text.
func (b *Banner) SetText(text string) {
	b.text = text
	b.Refresh()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (b *Banner) CreateRenderer() fyne.WidgetRenderer {
	background := &canvas.Rectangle{StrokeWidth: 1}
	text := &widget.Label{Wrapping: fyne.TextWrapWord}
	content := container.NewStack(background, container.NewPadded(
		container.NewBorder(nil, nil, widget.NewIcon(theme.InfoIcon()), nil, text)))
	return newStateRenderer(content, func() {
		th := b.Theme()
		warning := themeColor(th, theme.ColorNameWarning)
		// A tint rather than the full warning colour: white on the default
		// orange is hard to read, the ordinary text on a tint is not.
		background.FillColor = translucent(warning, 0x40)
		background.StrokeColor = warning
		background.CornerRadius = th.Size(theme.SizeNameInputRadius)
		text.Text = b.text
		text.Wrapping = wrapping(b.text)
	})
}

// wrapping is how a label of text wraps: at spaces, unless the text is
// mostly Japanese or Chinese, which has none between words: a space around
// a Latin word ("デモ用の Box に…") would be the only place to break, and
// the line would end there, half empty.
func wrapping(text string) fyne.TextWrap {
	cjk, other := 0, 0
	for _, r := range text {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana):
			cjk++
		case unicode.IsLetter(r):
			other++
		}
	}
	if cjk > other {
		return fyne.TextWrapBreak
	}
	return fyne.TextWrapWord
}
