package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// stateRenderer draws a widget made of stock parts. Before every refresh it
// calls update, which copies the widget's state into the parts and reads the
// theme's colours again: Fyne refreshes every widget when the theme or its
// light/dark variant changes, so that is all it takes to follow it.
type stateRenderer struct {
	fyne.WidgetRenderer
	update func()
}

func newStateRenderer(content fyne.CanvasObject, update func()) fyne.WidgetRenderer {
	update()
	return &stateRenderer{widget.NewSimpleRenderer(content), update}
}

func (r *stateRenderer) Refresh() {
	r.update()
	r.WidgetRenderer.Refresh()
}

// themeColor returns the colour th gives name in the variant in use.
func themeColor(th fyne.Theme, name fyne.ThemeColorName) color.Color {
	return th.Color(name, fyne.CurrentApp().Settings().ThemeVariant())
}

// translucent returns c with its opacity scaled to alpha/255. A translucent
// accent over the window's background stays light in the light variant and
// dark in the dark one, so the theme's ordinary text colour stays readable
// on it.
func translucent(c color.Color, alpha uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = uint8(uint16(n.A) * uint16(alpha) / 255)
	return n
}

// paintPanel gives r the look of the rounded panels around cards and rows:
// an outline without fill, because a filled panel hides the default light
// theme's buttons, whose colour is all but that of input backgrounds.
func paintPanel(r *canvas.Rectangle, th fyne.Theme) {
	r.FillColor = color.Transparent
	r.StrokeColor = themeColor(th, theme.ColorNameInputBorder)
	r.StrokeWidth = 1
	r.CornerRadius = th.Size(theme.SizeNameInputRadius)
}

// bigIcon returns an image of res at least size × size: widget.Icon keeps
// to the inline icon size, too small for an icon meant to be seen at once.
func bigIcon(res fyne.Resource, size float32) *canvas.Image {
	img := canvas.NewImageFromResource(res)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(size))
	return img
}

// call calls f if it is set: callbacks are optional fields.
func call(f func()) {
	if f != nil {
		f()
	}
}
