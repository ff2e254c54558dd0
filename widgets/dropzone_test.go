package widgets

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestDropZone(t *testing.T) {
	test.NewTempApp(t)
	choose, chosen := counter()
	zone := NewDropZone(choose)
	chooseFolder, folders := counter()
	zone.OnChooseFolder = chooseFolder
	w := test.NewTempWindow(t, zone)
	w.Resize(fyne.NewSize(400, 260))

	zone.SetHint("Folders can't be uploaded")
	assertMarkup(t, w, "dropzone.xml")

	test.Tap(button(t, zone, "Choose file…"))
	if *chosen != 1 {
		t.Fatalf("tapping the button called OnChoose %d times, want 1", *chosen)
	}
	test.Tap(button(t, zone, "Choose folder…"))
	if *folders != 1 || *chosen != 1 {
		t.Fatalf("tapping Choose folder… called OnChooseFolder %d times and OnChoose %d, want 1 and 1", *folders, *chosen)
	}
	test.Tap(zone)
	if *chosen != 2 {
		t.Fatalf("tapping the zone called OnChoose %d times in all, want 2", *chosen)
	}

	// The button is the first thing the keyboard reaches; Space presses it.
	w.Canvas().FocusNext()
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if *chosen != 3 {
		t.Fatalf("Space on the focused button called OnChoose %d times in all, want 3", *chosen)
	}

	zone.SetHint("")
	if reads(zone, "Folders can't be uploaded") {
		t.Error("the hint still shows after SetHint(\"\")")
	}
	if zone.MinSize().Height < dropZoneMinHeight {
		t.Errorf("MinSize().Height = %v, want at least %v", zone.MinSize().Height, dropZoneMinHeight)
	}
}

func TestDropZone_NoFolderButtonWithoutItsCallback(t *testing.T) {
	test.NewTempApp(t)
	zone := NewDropZone(func() {})
	test.NewTempWindow(t, zone)
	if reads(zone, "Choose folder…") {
		t.Error("Choose folder… shows without OnChooseFolder")
	}
}

func TestDropZone_followsTheme(t *testing.T) {
	test.NewTempApp(t)
	zone := NewDropZone(nil)
	test.NewTempWindow(t, zone)
	border := test.WidgetRenderer(zone).Objects()[0].(*fyne.Container).Objects[0].(*canvas.Rectangle)

	th := test.NewTheme()
	test.ApplyTheme(t, th)
	if got, want := border.FillColor, themeColor(th, theme.ColorNameInputBackground); got != want {
		t.Errorf("after a theme change, the zone is filled with %v, want %v", got, want)
	}
}
