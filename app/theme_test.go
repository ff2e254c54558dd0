//go:build !nogui

package app

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	h.see("ここにファイルやフォルダーをドロップ")
	if f, err := os.Create(filepath.Join("..", "artifacts", "window-ja-test-capture.png")); err == nil {
		png.Encode(f, a)
		f.Close()
	}
}

// ink adds up how far each pixel of r is from the background colour (the
// top-left pixel): about how much text is painted there, anti-aliasing
// included.
func ink(img image.Image, r image.Rectangle) (sum int) {
	bg := color.GrayModel.Convert(img.At(img.Bounds().Min.X, img.Bounds().Min.Y)).(color.Gray).Y
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g := color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
			sum += max(int(g), int(bg)) - min(int(g), int(bg))
		}
	}
	return sum
}

// inkBounds is the smallest rectangle holding all of img's ink.
func inkBounds(img image.Image) image.Rectangle {
	var r image.Rectangle
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if ink(img, image.Rect(x, y, x+1, y+1)) > 0 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// TestTheme_BoldJapanese checks that bold Japanese is drawn bold, as bold
// Latin is: the same words take clearly more ink in bold than in regular
// (a regular cut drawn for bold text, as before, takes the same), rare
// kanji are drawn in bold too, and bold Latin beside Japanese in one label
// is still exactly Fyne's bold.
func TestTheme_BoldJapanese(t *testing.T) {
	const words = "四半期報告書の写し"
	all := image.Rect(0, 0, 300, 60)
	regular := ink(capture(t, newTheme(), words, fyne.TextStyle{}), all)
	for _, style := range []fyne.TextStyle{{Bold: true}, {Bold: true, Italic: true}} {
		bold := ink(capture(t, newTheme(), words, style), all)
		t.Logf("style %+v: ink %d, regular %d (×%.2f)", style, bold, regular, float64(bold)/float64(regular))
		if bold*10 < regular*13 {
			t.Errorf("style %+v: bold Japanese takes %d ink against %d in regular: not drawn bold", style, bold, regular)
		}
	}

	// Kanji that BIZ UDPGothic lacks (JIS X 0212) come from VL PGothic in
	// the bold cut: drawn, not boxes, as in regular text.
	bold := fyne.TextStyle{Bold: true}
	if samePixels(capture(t, newTheme(), "丄丅丌 2026.pdf", bold), capture(t, newTheme(), "乁乄义 2026.pdf", bold)) {
		t.Error("rare kanji draw the same in bold: the glyphs are missing from the bold cut")
	}

	mixed := capture(t, newTheme(), "Report 報告書", bold)
	latin := capture(t, theme.DefaultTheme(), "Report", bold)
	r := inkBounds(latin).Inset(-1)
	if r.Empty() {
		t.Fatal("Fyne's bold Latin draws nothing")
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if mixed.At(x, y) != latin.At(x, y) {
				t.Fatalf("bold Latin beside Japanese differs from Fyne's bold at (%d,%d)", x, y)
			}
		}
	}
	if ink(mixed, image.Rect(r.Max.X, 0, 300, 60)) == 0 {
		t.Error("the Japanese after the bold Latin is not drawn")
	}

	// Both weights, Japanese and Latin, for a person to look at.
	keepBothWeights(t, "japanese-bold", 320, "四半期報告書 Quarterly report.pdf", "ファイルをアップロードしました")
}

// TestTheme_DrawsArrow checks that "→" (the queue rows' "→ 営業部 / 2026 /
// 見積書.xlsx: …", the history's "file → target") and the space after it
// are drawn, in regular and in bold. Fyne's Noto Sans lacks the Arrows
// block: Fyne then takes "→" from its symbol font, and the space after it
// too, as a space stays in the run of the text before it; that font has no
// space, so it drew an unknown glyph (�) there. Both cuts have the arrows
// (and a space), so the arrow is drawn as itself and the space as nothing.
func TestTheme_DrawsArrow(t *testing.T) {
	all := image.Rect(0, 0, 300, 60)
	for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
		arrow := capture(t, newTheme(), "→", style)
		// U+E000 is a private-use character no font has: an unknown glyph.
		if samePixels(arrow, capture(t, newTheme(), "\ue000", style)) {
			t.Errorf("style %+v: → is drawn as an unknown glyph", style)
		}
		if samePixels(arrow, capture(t, newTheme(), "←", style)) {
			t.Errorf("style %+v: → and ← draw the same: the arrows are missing", style)
		}
		for _, text := range []string{"→ ", "report.pdf → "} {
			with := ink(capture(t, newTheme(), text, style), all)
			without := ink(capture(t, newTheme(), strings.TrimSuffix(text, " "), style), all)
			if with != without {
				t.Errorf("style %+v: the space after → in %q is drawn (ink %d, %d without it): an unknown glyph",
					style, text, with, without)
			}
		}
	}
	if t.Failed() {
		return
	}
	// Both weights, for a person to look at.
	keepBothWeights(t, "arrow", 360, "→ 営業部 / 2026 / 見積書.xlsx: new version", "report.pdf → Box / Sales   ← ↑ ↓ ⇒ ⇔")
}

// keepBothWeights draws each line in the app's theme, regular then bold,
// in a window width wide, and keeps it as artifacts/name.png.
func keepBothWeights(t *testing.T, name string, width float32, lines ...string) {
	test.NewTempApp(t).Settings().SetTheme(newTheme())
	box := container.NewVBox()
	for _, l := range lines {
		box.Add(widget.NewLabel(l))
		box.Add(widget.NewLabelWithStyle(l, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	w := test.NewTempWindow(t, box)
	w.Resize(fyne.NewSize(width, 160))
	os.MkdirAll("../artifacts", 0o755)
	if f, err := os.Create(filepath.Join("..", "artifacts", name+".png")); err == nil {
		png.Encode(f, w.Canvas().Capture())
		f.Close()
	}
}
