package widgets

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

func TestMiddleEllipsis(t *testing.T) {
	// fits accepts strings of at most n runes, standing in for a width.
	fits := func(n int) func(string) bool {
		return func(s string) bool { return utf8.RuneCountInString(s) <= n }
	}
	tests := []struct {
		name, in string
		max      int
		want     string
	}{
		{"short untouched", "report.pdf", 20, "report.pdf"},
		{"exactly fits", "report.pdf", 10, "report.pdf"},
		{"keeps start and extension", "quarterly-financial-report-final.mp4", 15, "quarter…nal.mp4"},
		{"end gets the odd character", "abcdefghij.txt", 10, "abcd…j.txt"},
		{"japanese", "とても長いファイル名の動画ファイル.mp4", 10, "とても長…ル.mp4"},
		{"combining accents stay on their letter", "ab" + strings.Repeat("e\u0301", 6), 6, "a…e\u0301e\u0301"},
		{"joined emoji stay whole", "👩\u200d💻👩\u200d💻👩\u200d💻👩\u200d💻.png", 9, "👩\u200d💻👩\u200d💻…ng"},
		{"nothing fits", "report.pdf", 0, "…"},
		{"only the ellipsis fits", "report.pdf", 1, "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MiddleEllipsis(tt.in, fits(tt.max))
			if got != tt.want {
				t.Errorf("MiddleEllipsis(%q, %d runes) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("MiddleEllipsis(%q, %d runes) = %q, not valid UTF-8", tt.in, tt.max, got)
			}
		})
	}
}

func TestMiddleLabel_fitsOnResize(t *testing.T) {
	test.NewTempApp(t)
	name := "holiday-video-from-the-summer-in-portugal-final-cut.mp4"
	label := NewMiddleLabel(name)
	w := test.NewTempWindow(t, label)
	w.SetPadded(false)
	text := test.WidgetRenderer(label).Objects()[0].(*canvas.Text)

	w.Resize(fyne.NewSize(150, 40))
	if !strings.HasPrefix(text.Text, "holi") || !strings.Contains(text.Text, "…") || !strings.HasSuffix(text.Text, ".mp4") {
		t.Errorf("at 150 wide, label shows %q, want the start, an ellipsis and the extension", text.Text)
	}
	if label.AccessibilityLabel() != name {
		t.Errorf("AccessibilityLabel() = %q, want the whole name", label.AccessibilityLabel())
	}

	w.Resize(fyne.NewSize(1000, 40))
	if text.Text != name {
		t.Errorf("at 1000 wide, label shows %q, want the whole name", text.Text)
	}

	label.SetText("short.mp4")
	if text.Text != "short.mp4" {
		t.Errorf("after SetText, label shows %q", text.Text)
	}
	if min := label.MinSize().Width; min > 50 {
		t.Errorf("MinSize().Width = %v: a long name must not widen the window", min)
	}
}
