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
// it stands (done, failed, sending) and a short status. Only the lines in
// view are drawn, so it stays smooth with tens of thousands of files; the
// app keeps the items and calls Refresh when they change.
//
// Create it with NewFileList and use it on Fyne's goroutine.
type FileList struct {
	widget.BaseWidget

	item func(i int) FileItem
	list *widget.List
	line float32 // a line's height, with the space between lines
}

// NewFileList returns a list of length() lines, line i showing item(i).
func NewFileList(length func() int, item func(i int) FileItem) *FileList {
	l := &FileList{item: item}
	l.list = widget.NewList(length, l.newLine, l.updateLine)
	l.list.HideSeparators = true
	l.ExtendBaseWidget(l)
	l.line = l.newLine().MinSize().Height + l.Theme().Size(theme.SizeNamePadding)
	return l
}

func (l *FileList) newLine() fyne.CanvasObject {
	icon := widget.NewIcon(nil)
	name := NewMiddleLabel("")
	status := widget.NewLabel("")
	status.SizeName = theme.SizeNameCaptionText
	return container.NewBorder(nil, nil, icon, status, name)
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
	status.SetText(it.Status)
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
