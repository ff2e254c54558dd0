package widgets

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// BoxEntry is one line of a BoxBrowser: a Box folder or file, already
// phrased by the app.
type BoxEntry struct {
	ID     string
	Name   string
	Folder bool
	// Detail is the line under the name, such as "52 KB · modified 12 May
	// 2026 by Tanaka"; for a search hit, where it lives.
	Detail string
}

// Crumb is one folder of the path shown above the list, All Files first.
type Crumb struct {
	ID, Name string
}

// BoxBrowser shows a Box folder, as Box's web app does: the folders above
// it (each can be opened), its folders first and then its files with their
// size and when and by whom they were modified, and a search field. A tap
// opens a folder or selects a file; the buttons below pick the selected
// file or the folder shown. It stays smooth with tens of thousands of
// entries (a virtualised list).
//
// Create it with NewBoxBrowser and use it on Fyne's goroutine. It knows
// nothing of Box: the app answers OnOpen and OnSearch with ShowFolder,
// AppendEntries and ShowResults.
type BoxBrowser struct {
	widget.BaseWidget

	// OnOpen asks for the folder id (from a line or from the path).
	OnOpen func(id string)
	// OnSearch asks for the files whose name contains query, within the
	// folder shown if within is set.
	OnSearch func(query string, within bool)
	// OnPickFile and OnPickFolder hand out the person's choice. A nil one
	// hides its button: a browser that only chooses folders, say.
	OnPickFile   func(BoxEntry)
	OnPickFolder func(Crumb)
	// OnPaste is given what the person pasted or typed in the link field
	// (a Box link or ID) and pressed Enter; nil hides the field.
	OnPaste func(text string)

	path     []Crumb
	entries  []BoxEntry
	selected int // index in entries, -1 when nothing is
	message  string
	busy     bool
	results  bool // the entries are search hits

	list *widget.List
}

// NewBoxBrowser returns an empty browser.
func NewBoxBrowser() *BoxBrowser {
	b := &BoxBrowser{selected: -1}
	b.ExtendBaseWidget(b)
	return b
}

// ShowFolder shows the folder at the end of path with its first entries
// (more may follow with AppendEntries).
func (b *BoxBrowser) ShowFolder(path []Crumb, entries []BoxEntry) {
	b.path, b.entries, b.selected, b.results, b.busy, b.message = path, entries, -1, false, false, ""
	b.refreshList()
}

// AppendEntries adds entries of the folder shown, as its next pages arrive.
func (b *BoxBrowser) AppendEntries(entries []BoxEntry) {
	b.entries = append(b.entries, entries...)
	b.refreshList()
}

// ShowResults shows search hits in place of the folder's entries.
func (b *BoxBrowser) ShowResults(entries []BoxEntry) {
	b.entries, b.selected, b.results, b.busy, b.message = entries, -1, true, false, ""
	b.refreshList()
}

// SetBusy says the browser is waiting for Box, with text such as
// "Loading…"; SetMessage says something instead of the entries, such as
// an error or "No files found". "" clears either.
func (b *BoxBrowser) SetBusy(text string) {
	b.busy, b.message = text != "", text
	b.Refresh()
}

// SetMessage shows text above the list (see SetBusy).
func (b *BoxBrowser) SetMessage(text string) {
	b.busy, b.message = false, text
	b.Refresh()
}

// Entries returns the entries shown.
func (b *BoxBrowser) Entries() []BoxEntry { return b.entries }

// Tap taps the i-th entry, as a person would: a folder opens, a file is
// selected.
func (b *BoxBrowser) Tap(i int) {
	if i < 0 || i >= len(b.entries) {
		return
	}
	if e := b.entries[i]; e.Folder {
		b.open(e.ID)
		return
	}
	b.selected = i
	b.Refresh()
}

func (b *BoxBrowser) open(id string) {
	if b.OnOpen != nil {
		b.OnOpen(id)
	}
}

func (b *BoxBrowser) refreshList() {
	if b.list != nil {
		b.list.UnselectAll()
		b.list.ScrollToTop()
	}
	b.Refresh()
}

// current is the folder shown.
func (b *BoxBrowser) current() (Crumb, bool) {
	if len(b.path) == 0 {
		return Crumb{}, false
	}
	return b.path[len(b.path)-1], true
}

// CreateRenderer is a private method to Fyne which links this widget to its renderer.
func (b *BoxBrowser) CreateRenderer() fyne.WidgetRenderer {
	crumbs := container.NewHBox()
	up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() {
		if len(b.path) > 1 {
			b.open(b.path[len(b.path)-2].ID)
		}
	})
	search := widget.NewEntry()
	search.SetPlaceHolder(lang.L("Search files by name"))
	within := widget.NewCheck(lang.L("Only in this folder"), nil)
	search.OnSubmitted = func(q string) {
		if q != "" && b.OnSearch != nil {
			b.OnSearch(q, within.Checked)
		}
	}
	link := widget.NewEntry()
	link.SetPlaceHolder(lang.L("Paste a Box folder or file link (or its ID)"))
	link.OnSubmitted = func(text string) {
		if text != "" && b.OnPaste != nil {
			b.OnPaste(text)
		}
	}
	b.list = b.newList()
	message := &widget.Label{Wrapping: fyne.TextWrapWord}
	activity := widget.NewActivity()
	pickFile := widget.NewButton(lang.L("Choose this file"), func() {
		if b.selected >= 0 && b.OnPickFile != nil {
			b.OnPickFile(b.entries[b.selected])
		}
	})
	pickFile.Importance = widget.HighImportance
	pickFolder := widget.NewButton(lang.L("Choose this folder"), func() {
		if c, ok := b.current(); ok && b.OnPickFolder != nil {
			b.OnPickFolder(c)
		}
	})
	top := container.NewVBox(link, container.NewBorder(nil, nil, up, nil, container.NewHScroll(crumbs)),
		container.NewBorder(nil, nil, nil, within, search),
		container.NewBorder(nil, nil, activity, nil, message))
	bottom := container.NewHBox(layout.NewSpacer(), pickFolder, pickFile)
	// In this order, Tab goes from the top down, as the eye does.
	content := container.New(layout.NewBorderLayout(top, bottom, nil, nil), top, b.list, bottom)
	return newStateRenderer(content, func() {
		b.drawCrumbs(crumbs)
		up.Disable()
		if len(b.path) > 1 && !b.results {
			up.Enable()
		}
		message.Text, message.Hidden = b.message, b.message == ""
		activity.Hidden = !b.busy
		if b.busy {
			activity.Start()
		} else {
			activity.Stop()
		}
		link.Hidden = b.OnPaste == nil
		pickFile.Hidden = b.OnPickFile == nil
		pickFile.Disable()
		if b.selected >= 0 {
			pickFile.Enable()
		}
		_, inFolder := b.current()
		pickFolder.Hidden = b.OnPickFolder == nil || b.results || !inFolder
		b.list.Refresh()
	})
}

// drawCrumbs lays the path out as buttons, the folder shown in bold.
func (b *BoxBrowser) drawCrumbs(crumbs *fyne.Container) {
	crumbs.RemoveAll()
	if b.results {
		crumbs.Add(widget.NewLabelWithStyle(lang.L("Search results"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		return
	}
	for i, c := range b.path {
		if i > 0 {
			crumbs.Add(widget.NewLabel("/"))
		}
		if i == len(b.path)-1 {
			crumbs.Add(widget.NewLabelWithStyle(c.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			continue
		}
		id := c.ID
		link := widget.NewButton(c.Name, func() { b.open(id) })
		link.Importance = widget.LowImportance
		crumbs.Add(link)
	}
}

func (b *BoxBrowser) newList() *widget.List {
	l := widget.NewList(
		func() int { return len(b.entries) },
		func() fyne.CanvasObject {
			name := NewMiddleLabel("")
			detail := &widget.Label{Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}
			return container.NewBorder(nil, nil, widget.NewIcon(theme.FileIcon()), nil, container.NewVBox(name, detail))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(b.entries) {
				return
			}
			e := b.entries[i]
			row := o.(*fyne.Container)
			texts := row.Objects[0].(*fyne.Container)
			icon := row.Objects[1].(*widget.Icon)
			if e.Folder {
				icon.SetResource(theme.FolderIcon())
			} else {
				icon.SetResource(theme.FileIcon())
			}
			name := texts.Objects[0].(*MiddleLabel)
			name.Text = e.Name
			name.Refresh()
			detail := texts.Objects[1].(*widget.Label)
			detail.SetText(e.Detail)
			detail.Hidden = e.Detail == ""
		})
	l.OnSelected = func(i widget.ListItemID) {
		if i < len(b.entries) && b.entries[i].Folder {
			l.UnselectAll() // it opens instead
		}
		b.Tap(i)
	}
	return l
}
