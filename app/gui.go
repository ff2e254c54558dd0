//go:build !nogui

package app

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
	"boxuploader/widgets"
)

// modeReplace and modeFolder are the target modes, as the radio buttons
// show them (so in the person's language: compare Selected with them, not
// with English).
func modeReplace() string { return lang.L("Replace this Box file (new version)") }
func modeFolder() string  { return lang.L("Add as a new file to a Box folder") }

// folderMode tells whether files go into a folder as new files.
func (w *window) folderMode() bool { return w.mode.Selected == modeFolder() }

// demoTitle is the window's title in demo mode.
func demoTitle() string { return lang.L("Box Uploader — Demo") }

// runOnMain runs f on Fyne's goroutine: every result of background work
// reaches the widgets through it, never directly. Tests swap in a runner
// that serializes, because Fyne's test driver runs f at once on the
// calling goroutine.
var runOnMain = fyne.Do

// window is the app's one window and everything it shows. Its fields are
// only touched on Fyne's goroutine; uploads and look-ups run in goroutines
// of their own and come back through fyne.Do.
type window struct {
	app   fyne.App
	win   fyne.Window
	prefs fyne.Preferences
	be    *backend

	banner    *widgets.Banner
	account   *widgets.AccountBadge
	setup     *fyne.Container // "no Box app configured" explanation
	drop      *widgets.DropZone
	mode      *widget.RadioGroup
	target    *widget.Entry
	preview   *widgets.TargetPreview
	uploadBtn *widget.Button
	another   *widget.Button
	queueBox  *fyne.Container
	history   *widget.Label

	rows    []*queued
	tgt     targetState
	signed  bool
	user    *boxapi.User
	running bool
	quit    bool          // close the window once the run has stopped
	runDone chan struct{} // closed when the current run ends
	signIn  context.CancelFunc

	// chooseFile shows the file dialog; tests replace it.
	chooseFile func(onChosen func(path string))
	// lookupDelay lets typing settle before a look-up; tests shorten it.
	lookupDelay time.Duration
	// networkWait is the first pause before an upload that lost Box goes on.
	networkWait time.Duration
	resumeBox   *fyne.Container // interrupted uploads, offered at start
	work        sync.WaitGroup  // background goroutines, waited for in tests
}

// targetState is what the target field currently points at.
type targetState struct {
	seq    int // bumped at each change; stale look-ups are dropped
	id     string
	file   *boxapi.File
	folder *boxapi.Folder
}

func (t targetState) ready(folderMode bool) bool {
	if folderMode {
		return t.folder != nil
	}
	return t.file != nil
}

// newWindow builds the window; run it with ShowAndRun.
func newWindow(a fyne.App, be *backend, opts WindowOptions) *window {
	w := &window{app: a, prefs: a.Preferences(), be: be, lookupDelay: 400 * time.Millisecond, networkWait: 5 * time.Second}
	a.Settings().SetTheme(newTheme())
	title := "Box Uploader" // the product's name, in every language
	if be.demo != nil {
		title = demoTitle()
	}
	w.win = a.NewWindow(title)
	w.chooseFile = w.showFileDialog
	w.build()
	w.win.SetOnDropped(w.dropped)
	w.win.SetCloseIntercept(w.closeRequested)
	w.win.Resize(fyne.NewSize(820, 720))

	for _, f := range opts.Files {
		w.addFile(f)
	}
	switch {
	case opts.FolderID != "":
		w.mode.SetSelected(modeFolder())
		w.target.SetText(opts.FolderID)
	case opts.FileID != "":
		w.target.SetText(opts.FileID)
	case be.demo != nil:
		w.target.SetText(fileURL(be.demoFileID))
	}
	w.refreshAccount()
	return w
}

func (w *window) build() {
	w.account = widgets.NewAccountBadge()
	w.account.OnSignIn = w.startSignIn
	w.account.OnSignOut = w.signOut
	w.account.OnCancel = func() {
		if w.signIn != nil {
			w.signIn()
		}
	}
	heading := widget.NewLabelWithStyle(lang.L("Upload to Box"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.SizeName = theme.SizeNameSubHeadingText
	top := container.NewVBox()
	if w.be.demo != nil {
		w.banner = widgets.NewBanner(lang.L("Demo: you are signed in to a pretend Box that runs inside this app. Drop any file — nothing leaves this computer."))
		top.Add(w.banner)
	}
	top.Add(container.NewBorder(nil, nil, heading, w.account))
	w.setup = container.NewVBox()
	top.Add(w.setup)

	w.drop = widgets.NewDropZone(func() { w.chooseFile(w.addFile) })

	w.mode = widget.NewRadioGroup([]string{modeReplace(), modeFolder()}, nil)
	w.mode.Required = true
	w.mode.SetSelected(modeReplace())
	w.mode.OnChanged = func(string) { w.targetChanged(w.target.Text) }
	w.target = widget.NewEntry()
	w.target.SetPlaceHolder(lang.L("Paste the Box file's link (or its ID)"))
	w.target.OnChanged = w.targetChanged
	w.target.OnSubmitted = func(string) {
		if !w.uploadBtn.Disabled() {
			w.startUpload()
		}
	}
	w.preview = widgets.NewTargetPreview()

	w.uploadBtn = widget.NewButtonWithIcon(lang.L("Upload"), theme.UploadIcon(), w.startUpload)
	w.uploadBtn.Importance = widget.HighImportance
	w.another = widget.NewButton(lang.L("Upload another…"), func() {
		w.clearFinished()
		w.chooseFile(w.addFile)
	})
	w.queueBox = container.NewVBox()
	w.history = widget.NewLabel("")
	w.history.Wrapping = fyne.TextWrapWord

	step := func(text string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	// The queue sits right under the drop zone: what was just dropped is
	// the first thing people look for.
	w.resumeBox = container.NewVBox()
	body := container.NewVBox(
		w.resumeBox,
		step(lang.L("1. The file on this computer")), w.drop, w.queueBox,
		step(lang.L("2. Where it goes in Box")), w.mode, w.target, w.preview,
		widget.NewAccordion(widget.NewAccordionItem(lang.L("Recent uploads"), w.history)),
	)
	settings := widget.NewButtonWithIcon(lang.L("Settings"), theme.SettingsIcon(), w.showSettings)
	settings.Importance = widget.LowImportance
	// The actions stay in view below the scrolling steps.
	actions := container.NewPadded(container.NewHBox(settings, layout.NewSpacer(), w.another, w.uploadBtn))
	w.win.SetContent(container.NewBorder(top, container.NewVBox(widget.NewSeparator(), actions), nil, nil,
		container.NewVScroll(container.NewPadded(body))))
	w.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { w.chooseFile(w.addFile) })
	w.showHistory(loadHistory(w.prefs))
	w.showInterrupted()
	w.update()
}

// showInterrupted offers to go on with the uploads that stopped before Box
// confirmed them (the app quit or crashed, the network went away).
func (w *window) showInterrupted() {
	w.resumeBox.RemoveAll()
	if w.be.client.StateDir == "" {
		return
	}
	for _, in := range upload.ListInterrupted(w.be.client.StateDir) {
		text := widget.NewLabel(lang.L("The upload of “{{.File}}” was interrupted: {{.Confirmed}} of {{.Size}} are already in Box.",
			data{"File": baseName(in.Path), "Confirmed": formatSize(in.Confirmed), "Size": formatSize(in.Size)}))
		text.Wrapping = fyne.TextWrapWord
		var card *widget.Card
		resume := widget.NewButton(lang.L("Resume"), func() {
			w.resumeBox.Remove(card)
			if in.FolderID != "" {
				w.mode.SetSelected(modeFolder())
				w.target.SetText(in.FolderID)
			} else {
				w.mode.SetSelected(modeReplace())
				w.target.SetText(in.FileID)
			}
			w.addFile(in.Path)
		})
		resume.Importance = widget.HighImportance
		discard := widget.NewButton(lang.L("Discard"), func() {
			w.resumeBox.Remove(card)
			client := w.be.client
			w.goWork(func() {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				client.Discard(ctx, in)
			})
		})
		card = widget.NewCard("", "", container.NewBorder(nil, nil, nil, container.NewHBox(discard, resume), text))
		w.resumeBox.Add(card)
	}
}

// dropped queues what was dropped on the window.
func (w *window) dropped(_ fyne.Position, uris []fyne.URI) {
	for _, u := range uris {
		w.addFile(u.Path())
	}
}

// update enables what can be done now.
func (w *window) update() {
	waiting, finished := 0, 0
	for _, r := range w.rows {
		switch r.state {
		case widgets.StateWaiting:
			waiting++
		case widgets.StateDone, widgets.StateCancelled, widgets.StateFailed, widgets.StateRefused:
			finished++
		}
	}
	ready := waiting > 0 && w.signed && !w.running && w.tgt.ready(w.folderMode())
	if ready {
		w.uploadBtn.Enable()
	} else {
		w.uploadBtn.Disable()
	}
	label := lang.L("Upload")
	if waiting > 1 {
		label = lang.N("Upload {{.Count}} files", waiting, data{"Count": waiting})
	}
	w.uploadBtn.SetText(label)
	if finished > 0 && waiting == 0 && !w.running {
		w.another.Show()
	} else {
		w.another.Hide()
	}
}

func (w *window) showFileDialog(onChosen func(string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		onChosen(r.URI().Path())
	}, w.win)
	if home, err := os.UserHomeDir(); err == nil {
		if l, err := storage.ListerForURI(storage.NewFileURI(home)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// go runs f in a goroutine the window owns.
func (w *window) goWork(f func()) {
	w.work.Add(1)
	go func() {
		defer w.work.Done()
		f()
	}()
}

func (w *window) openInBox(id string) {
	if w.be.demo != nil {
		dialog.ShowInformation(lang.L("Demo"), lang.L("In the demo, the file lives in the pretend Box inside this app, so there is nothing to open in your browser."), w.win)
		return
	}
	u, _ := url.Parse(fileURL(id))
	w.app.OpenURL(u)
}

// closeRequested asks before stopping uploads in progress.
func (w *window) closeRequested() {
	if !w.running {
		w.win.Close()
		return
	}
	dialog.ShowConfirm(lang.L("Stop uploading?"),
		lang.L("An upload is still in progress. If you quit now it stops, and nothing is replaced in Box."),
		func(stop bool) {
			if !stop {
				return
			}
			w.quit = true
			w.cancelAll()
		}, w.win)
}

func (w *window) cancelAll() {
	for _, r := range w.rows {
		if r.cancel != nil {
			r.cancel()
		}
		if r.state == widgets.StateWaiting {
			r.setState(widgets.StateCancelled, lang.L("Cancelled"))
		}
	}
}

func baseName(p string) string { return filepath.Base(p) }
