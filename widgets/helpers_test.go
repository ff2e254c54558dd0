package widgets

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"boxuploader/widgets/widgettest"
)

// buttons returns the labels of the buttons a person can see in o.
func buttons(o fyne.CanvasObject) []string {
	var labels []string
	for _, obj := range widgettest.Shown(o) {
		if b, ok := obj.(*widget.Button); ok {
			labels = append(labels, b.Text)
		}
	}
	return labels
}

// button returns the button labelled text that a person can see in o.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, obj := range widgettest.Shown(o) {
		if b, ok := obj.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q among %q", text, buttons(o))
	return nil
}

// isShown reports whether a person can see an object of type T in o.
func isShown[T fyne.CanvasObject](o fyne.CanvasObject) bool {
	return len(shownOf[T](o)) > 0
}

// shownOf returns the objects of type T a person can see in o.
func shownOf[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	for _, obj := range widgettest.Shown(o) {
		if t, ok := obj.(T); ok {
			out = append(out, t)
		}
	}
	return out
}

// counter returns a callback and a pointer to the number of times it was called.
func counter() (func(), *int) {
	n := 0
	return func() { n++ }, &n
}

// texts returns the texts a person can read in o.
func texts(o fyne.CanvasObject) []string {
	var shownTexts []string
	for _, obj := range widgettest.Shown(o) {
		if t, ok := obj.(*canvas.Text); ok && t.Text != "" {
			shownTexts = append(shownTexts, t.Text)
		}
	}
	return shownTexts
}

// reads reports whether a person can read text in o, wrapped or not.
func reads(o fyne.CanvasObject, text string) bool {
	return strings.Contains(strings.Join(texts(o), " "), text)
}

// assertMarkup compares what w shows with testdata/name, after laying w out
// again as Fyne's drivers do whenever sizes change (the test canvas does not).
func assertMarkup(t *testing.T, w fyne.Window, name string) {
	t.Helper()
	w.Content().Refresh()
	test.AssertRendersToMarkup(t, name, w.Canvas())
}
