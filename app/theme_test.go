//go:build !nogui

package app

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"boxuploader/upload/boxtest"
)

// capture draws text in a label with the given theme.
func capture(t *testing.T, th fyne.Theme, text string, style fyne.TextStyle) image.Image {
	t.Helper()
	test.NewTempApp(t).Settings().SetTheme(th)
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, style)
	w := test.NewTempWindow(t, l)
	w.Resize(fyne.NewSize(300, 60))
	return w.Canvas().Capture()
}

func samePixels(a, b image.Image) bool {
	var x, y bytes.Buffer
	png.Encode(&x, a)
	png.Encode(&y, b)
	return bytes.Equal(x.Bytes(), y.Bytes())
}

// TestTheme_DrawsJapanese checks that Japanese is drawn with real glyphs:
// a font that lacks them draws every character as the same box, so two
// different words would look alike.
func TestTheme_DrawsJapanese(t *testing.T) {
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}} {
		a := capture(t, newTheme(), "報告書 2026.pdf", style)
		b := capture(t, newTheme(), "議事録 2026.pdf", style)
		if samePixels(a, b) {
			t.Errorf("style %+v: two different Japanese names draw the same: the glyphs are missing", style)
		}
	}
	if t.Failed() {
		return
	}
	// Without the bundled glyphs this machine draws boxes (unless it has a
	// Japanese font of its own), which is what the theme is for.
	if samePixels(capture(t, theme.DefaultTheme(), "報告書 2026.pdf", fyne.TextStyle{}),
		capture(t, theme.DefaultTheme(), "議事録 2026.pdf", fyne.TextStyle{})) {
		t.Log("Fyne's own theme draws boxes for Japanese here: the bundled font is what makes it readable")
	}
	img := capture(t, newTheme(), "報告書 2026.pdf", fyne.TextStyle{})
	os.MkdirAll("../artifacts", 0o755)
	if f, err := os.Create(filepath.Join("..", "artifacts", "japanese-label.png")); err == nil {
		png.Encode(f, img)
		f.Close()
	}
}

// TestTheme_LatinKeepsFynesFont checks that the Japanese glyphs change
// nothing else: Latin text is drawn exactly as with Fyne's own theme.
func TestTheme_LatinKeepsFynesFont(t *testing.T) {
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}} {
		ours := capture(t, newTheme(), "Quarterly report (final).pdf", style)
		fynes := capture(t, theme.DefaultTheme(), "Quarterly report (final).pdf", style)
		if !samePixels(ours, fynes) {
			t.Errorf("style %+v: Latin text is drawn differently from Fyne's own font", style)
		}
	}
}

// TestWindow_JapaneseWindowDrawsJapaneseNames renders the main window in
// Japanese with a Japanese file name queued, then with another name of the
// same length: if the glyphs were missing, both would be the same row of
// boxes and the two captures identical.
func TestWindow_JapaneseWindowDrawsJapaneseNames(t *testing.T) {
	useLocale(t, "ja_JP.UTF-8")
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	shot := func(name string) image.Image {
		path, _ := writeFile(t, name, 1000)
		var img image.Image
		ui(func() {
			h.w.addFile(path)
			// A window of Fyne's test helper paints (the harness's does not).
			shown := test.NewTempWindow(t, h.w.win.Content())
			shown.Resize(fyne.NewSize(820, 900))
			img = shown.Canvas().Capture()
			h.w.removeRow(h.w.rows[len(h.w.rows)-1])
		})
		return img
	}
	a, b := shot("四半期報告書.pdf"), shot("議事録の写し.pdf")
	if samePixels(a, b) {
		t.Fatal("two Japanese file names draw the same in the window: the glyphs are missing")
	}
	h.see("ここにファイルをドロップ")
	if f, err := os.Create(filepath.Join("..", "artifacts", "window-ja-test-capture.png")); err == nil {
		png.Encode(f, a)
		f.Close()
	}
}
