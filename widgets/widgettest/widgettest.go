// Package widgettest finds what a person can see on a Fyne canvas, for the
// tests of the widgets and of the window.
package widgettest

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// Shown returns the objects in o that a person can see, o first: hidden
// objects and everything inside them are left out.
func Shown(o fyne.CanvasObject) []fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	var children []fyne.CanvasObject
	switch o := o.(type) {
	case *fyne.Container:
		children = o.Objects
	case fyne.Widget:
		children = test.WidgetRenderer(o).Objects()
	}
	objects := []fyne.CanvasObject{o}
	for _, child := range children {
		objects = append(objects, Shown(child)...)
	}
	return objects
}

// OnCanvas returns what a person can see on c: its dialogs and pop-ups,
// the top one first, then the window's content.
func OnCanvas(c fyne.Canvas) []fyne.CanvasObject {
	overlays := c.Overlays().List()
	var objects []fyne.CanvasObject
	for i := len(overlays) - 1; i >= 0; i-- {
		objects = append(objects, Shown(overlays[i])...)
	}
	return append(objects, Shown(c.Content())...)
}
