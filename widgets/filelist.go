package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// fileListRows is how many rows a FileList shows without scrolling.
const fileListRows = 8

// FileItem is one line of a FileList: a file's name (or path), where it
// stands, and a short status.
type FileItem struct {
	Name   string
	State  State
	Status string
}

// FileList lists the files of a folder upload, each with an icon for where
// it stands (done, failed, sending) and a status, cut short when it does not
// fit: selecting a line calls OnSelected, to show all of it. Only the lines
// in view are drawn, so it stays smooth with tens of thousands of files;
// the app keeps the items and calls Refresh when they change.
//
// Create it with NewFileList and use it on Fyne's goroutine.
type FileList struct {
	widget.BaseWidget

	// OnSelected is called with the index of the line the person selects.
	OnSelected func(i int)

	item func(i int) FileItem
	list *widget.List
	line float32 // a line's height, with the space between lines
}

// NewFileList returns a list of length() lines, line i showing item(i).
func NewFileList(length func() int, item func(i int) FileItem) *FileList {
	l := &FileList{item: item}
	l.list = widget.NewList(length, l.newLine, l.updateLine)
	l.list.HideSeparators = true
	l.list.OnSelected = func(i widget.ListItemID) {
		l.list.Unselect(i)
		if l.OnSelected != nil {
			l.OnSelected(i)
		}
	}
	l.ExtendBaseWidget(l)
	l.line = l.newLine().MinSize().Height + l.Theme().Size(theme.SizeNamePadding)
	return l
}

func (l *FileList) newLine() fyne.CanvasObject {
	icon := widget.NewIcon(nil)
	name := NewMiddleLabel("")
	status := &widget.Label{SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}
	probe := &widget.Label{SizeName: theme.SizeNameCaptionText}
	return container.New(&fileLineLayout{probe}, name, icon, status)
}

// fileLineLayout lays out a line: the icon, then the name, then the status
// at the right, which takes at most statusShare of the width.
type fileLineLayout struct {
	probe *widget.Label // measures the status as it would be drawn in full
}

// statusShare is the most of a line's width that its status takes.
const statusShare = 0.45

func (l *fileLineLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	name, icon, status := objects[0], objects[1], objects[2].(*widget.Label)
	iconSize := icon.MinSize()
	pad := theme.Padding()
	if l.probe.Text != status.Text {
		l.probe.SetText(status.Text)
	}
	// A truncated label cuts text at its minimum width exactly: a hair more.
	statusWidth := min(l.probe.MinSize().Width+1, size.Width*statusShare)
	icon.Resize(iconSize)
	icon.Move(fyne.NewPos(0, (size.Height-iconSize.Height)/2))
	status.Resize(fyne.NewSize(statusWidth, size.Height))
	status.Move(fyne.NewPos(size.Width-statusWidth, 0))
	nameX := iconSize.Width + pad
	name.Resize(fyne.NewSize(max(0, size.Width-statusWidth-nameX-pad), size.Height))
	name.Move(fyne.NewPos(nameX, 0))
}

func (*fileLineLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	var h float32
	for _, o := range objects {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(objects[1].MinSize().Width+4*theme.Padding(), h)
}

func (l *FileList) updateLine(i widget.ListItemID, o fyne.CanvasObject) {
	it := l.item(i)
	c := o.(*fyne.Container)
	name, icon, status := c.Objects[0].(*MiddleLabel), c.Objects[1].(*widget.Icon), c.Objects[2].(*widget.Label)
	name.SetText(it.Name)
	icon.SetResource(stateIcon(it.State))
	status.Importance = widget.MediumImportance
	if it.State.failed() {
		status.Importance = widget.DangerImportance
	}
	status.Text = it.Status
	c.Layout.Layout(c.Objects, c.Size()) // the status's width follows its text
	status.Refresh()
}

// stateIcon is the small icon of a line in state s.
func stateIcon(s State) fyne.Resource {
	switch {
	case s.failed():
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	case s == StateDone || s == StateUpToDate:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case s.sending():
		return theme.UploadIcon()
	case s == StateCancelled:
		return theme.CancelIcon()
	}
	return theme.FileIcon()
}

// MinSize is a few lines high, whatever the number of files.
func (l *FileList) MinSize() fyne.Size {
	return fyne.NewSize(l.list.MinSize().Width, l.line*fileListRows)
}

// Refresh draws the lines in view again, from the items as they are now.
func (l *FileList) Refresh() {
	l.list.Refresh()
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (l *FileList) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(l.list)
}
