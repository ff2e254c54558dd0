package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

func TestBanner(t *testing.T) {
	test.NewTempApp(t)
	banner := NewBanner("Demo mode")
	w := test.NewTempWindow(t, container.NewVBox(banner))
	w.Resize(fyne.NewSize(300, 100))

	banner.SetText("Demo mode: nothing leaves this computer, uploads go to a pretend Box.")
	if banner.MinSize().Width > 300 {
		t.Errorf("MinSize().Width = %v: the text must wrap rather than widen the window", banner.MinSize().Width)
	}
	assertMarkup(t, w, "banner.xml")
}

func TestWrapping_JapaneseBreaksAnywhere(t *testing.T) {
	if got := wrapping("デモ：このアプリの中で動く、デモ用の Box にサインインしています。"); got != fyne.TextWrapBreak {
		t.Errorf("Japanese wraps with %v, want TextWrapBreak", got)
	}
	if got := wrapping("Demo: you are signed in to a pretend Box that runs inside this app."); got != fyne.TextWrapWord {
		t.Errorf("English wraps with %v, want TextWrapWord", got)
	}
}
