package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

const (
	dropZoneMinHeight = 150
	dropZoneIconSize  = 64
)

var _ fyne.Tappable = (*DropZone)(nil)

// DropZone is the large area people drop files and folders on, with
// "Choose file…" and "Choose folder…" buttons for those who would rather
// pick one. Fyne delivers drops to the window only, so the window handles
// them; the zone is what people aim at.
//
// Create it with NewDropZone and use it on Fyne's goroutine.
type DropZone struct {
	widget.BaseWidget

	// OnChoose is called when the person asks to choose a file: with the
	// button, from the keyboard too, or by clicking anywhere in the zone.
	OnChoose func()
	// OnChooseFolder is called by the "Choose folder…" button, shown only
	// when it is set.
	OnChooseFolder func()

	hint string
}

// NewDropZone returns a drop zone that calls onChoose to choose a file.
func NewDropZone(onChoose func()) *DropZone {
	d := &DropZone{OnChoose: onChoose}
	d.ExtendBaseWidget(d)
	return d
}

// SetHint shows text in small print under the button, or nothing if text is
// empty.
func (d *DropZone) SetHint(text string) {
	d.hint = text
	d.Refresh()
}

// Tapped calls OnChoose: people new to drag and drop click the zone itself.
func (d *DropZone) Tapped(*fyne.PointEvent) {
	call(d.OnChoose)
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (d *DropZone) CreateRenderer() fyne.WidgetRenderer {
	border := &canvas.Rectangle{StrokeWidth: 2}
	border.SetMinSize(fyne.NewSize(0, dropZoneMinHeight))
	icon := bigIcon(theme.NewPrimaryThemedResource(theme.UploadIcon()), dropZoneIconSize)
	title := &widget.Label{
		Text:      lang.L("Drop files or folders here"),
		Alignment: fyne.TextAlignCenter,
		Wrapping:  fyne.TextWrapWord,
		SizeName:  theme.SizeNameSubHeadingText,
		TextStyle: fyne.TextStyle{Bold: true},
	}
	orText := widget.NewLabelWithStyle(lang.L("or"), fyne.TextAlignCenter, fyne.TextStyle{})
	choose := widget.NewButtonWithIcon(lang.L("Choose file…"), theme.FileIcon(), func() { call(d.OnChoose) })
	choose.Importance = widget.HighImportance
	chooseFolder := widget.NewButtonWithIcon(lang.L("Choose folder…"), theme.FolderIcon(), func() { call(d.OnChooseFolder) })
	hint := &widget.Label{Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText}

	// The labels wrap, rather than widen the window, in long translations;
	// the spacers centre the lot vertically.
	content := container.NewStack(border, container.NewPadded(container.NewVBox(
		layout.NewSpacer(), icon, title, orText, container.NewCenter(container.NewHBox(choose, chooseFolder)), hint, layout.NewSpacer())))
	return newStateRenderer(content, func() {
		th := d.Theme()
		border.FillColor = themeColor(th, theme.ColorNameInputBackground)
		border.StrokeColor = translucent(themeColor(th, theme.ColorNamePrimary), 0x80)
		border.CornerRadius = th.Size(theme.SizeNameInputRadius)
		hint.Text = d.hint
		hint.Hidden = d.hint == ""
		chooseFolder.Hidden = d.OnChooseFolder == nil
	})
}
