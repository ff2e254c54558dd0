//go:build !nogui

package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"boxuploader/upload/boxtest"
)

// TestWindow_KeyboardOnlyWalkThrough does the whole flow without a mouse:
// Tab to "Choose file…" and press Space, Tab to the link field and type,
// Enter to upload, Tab to "Replace" in the confirmation and press Space.
func TestWindow_KeyboardOnlyWalkThrough(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	path, sum := writeFile(t, "minutes.pdf", 4000)
	ui(func() { h.w.chooseFile = func(onChosen func(string)) { onChosen(path) } }) // the dialog's choice
	c := h.w.win.Canvas()

	// focusOn tabs until the focused widget satisfies is, as a person would.
	focusOn := func(what string, is func(fyne.Focusable) bool) {
		t.Helper()
		ui(func() {
			for range 30 {
				c.FocusNext()
				if f := c.Focused(); f != nil && is(f) {
					return
				}
			}
			t.Fatalf("Tab never reaches %s", what)
		})
	}
	button := func(text string) func(fyne.Focusable) bool {
		return func(f fyne.Focusable) bool { b, ok := f.(*widget.Button); return ok && b.Text == text }
	}
	press := func(name fyne.KeyName) { ui(func() { c.Focused().TypedKey(&fyne.KeyEvent{Name: name}) }) }

	focusOn("Choose file…", button("Choose file…"))
	press(fyne.KeySpace)
	focusOn("the link field", func(f fyne.Focusable) bool { return f == h.w.target })
	ui(func() {
		h.w.target.SetText("")
		test.Type(h.w.target, h.w.be.demoFileID)
	})
	h.settle() // the preview looks the file up
	press(fyne.KeyReturn)
	h.see("Replace “Project video.mp4” in Box?")
	focusOn("Replace", button("Replace"))
	press(fyne.KeySpace)
	h.settle()
	h.see("Uploaded — version 2")
	if st, _ := h.box.File(h.w.be.demoFileID); st.SHA1 != sum {
		t.Errorf("Box holds %s, want %s", st.SHA1, sum)
	}
}

// TestWindow_FitsSmallScreens checks the window can shrink to a small
// laptop's screen (1366×768 less the desktop's bars): the steps scroll,
// long names are shortened, nothing forces it wider or taller.
func TestWindow_FitsSmallScreens(t *testing.T) {
	for _, locale := range []string{"en_US.UTF-8", "ja_JP.UTF-8"} {
		useLocale(t, locale)
		long, _ := writeFile(t, "Annual general meeting of the shareholders — minutes, final version approved by the board (2026).pdf", 1000)
		h := newHarness(t, boxtest.Options{}, WindowOptions{Files: []string{long}})
		ui(func() {
			if min := h.w.win.Content().MinSize(); min.Width > 720 || min.Height > 600 {
				t.Errorf("%s: the window cannot be smaller than %v", locale, min)
			}
		})
	}
}
