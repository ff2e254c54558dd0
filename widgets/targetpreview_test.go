package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestTargetPreview(t *testing.T) {
	test.NewTempApp(t)
	preview := NewTargetPreview()
	// In a box, as in the window, so that it is no taller than it needs.
	w := test.NewTempWindow(t, container.NewVBox(preview))
	w.Resize(fyne.NewSize(320, 200))

	if preview.Visible() {
		t.Error("a new preview shows")
	}

	preview.SetBusy("Looking up the file…")
	if !reads(preview, "Looking up the file…") || !isShown[*widget.Activity](preview) {
		t.Errorf("busy preview reads %q, want the text and an activity indicator", texts(preview))
	}

	preview.SetItem(Item{
		Icon:  theme.FolderIcon(),
		Title: "A very long Box file name that goes on and on well past the edge.mov",
		Lines: []string{"52 MB · modified 3 Nov 2026 14:02 by Ana", "in folder Videos"},
	})
	if isShown[*widget.Activity](preview) {
		t.Error("the activity indicator still shows with an item")
	}
	if preview.MinSize().Width > 320 {
		t.Errorf("MinSize().Width = %v: a long title must not widen the window", preview.MinSize().Width)
	}
	assertMarkup(t, w, "targetpreview/item.xml")

	preview.SetMessage("This link points to nothing Box knows.", true)
	assertMarkup(t, w, "targetpreview/error.xml")

	preview.Clear()
	if preview.Visible() {
		t.Error("the preview still shows after Clear")
	}
}
