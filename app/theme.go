//go:build !nogui

package app

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"boxuploader/assets"
)

// appTheme is Fyne's theme with Japanese glyphs in front of its text fonts.
// Fyne draws each character with the first font that has it: the bundled
// font has only CJK glyphs, so Latin text keeps Fyne's own font (bold and
// italic included) and Japanese file names and labels are drawn even on a
// machine without any Japanese font. Light and dark variants are Fyne's.
type appTheme struct{ fyne.Theme }

func newTheme() fyne.Theme { return appTheme{theme.DefaultTheme()} }

// Font puts the Japanese glyphs first, except for symbols and monospace
// (technical details, with other line metrics), and except when the person
// chose a font with FYNE_FONT (Fyne then falls back to the system's fonts
// for what it lacks). Bold text (row names, headings, dialog titles) gets
// the bold cut, so its Japanese is as bold as its Latin; bold italic too,
// as no Japanese font here slants.
func (t appTheme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Symbol || s.Monospace || os.Getenv("FYNE_FONT") != "" {
		return t.Theme.Font(s)
	}
	if s.Bold {
		return assets.CJKFontBold
	}
	return assets.CJKFont
}
