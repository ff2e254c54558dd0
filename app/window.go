//go:build !nogui

package app

import (
	"context"
	"net/url"
	"os"
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

// demoTitle is the window's title in demo mode.
func demoTitle() string { return lang.L("Box Uploader — Demo") }

// uiThread runs functions on Fyne's goroutine: every result of background
// work reaches the widgets through it, never directly. Tests give the
// window their own, because Fyne's test driver runs f at once on the
// calling goroutine.
type uiThread struct {
	do, doAndWait func(f func())
}

// fyneThread is Fyne's goroutine in the running app.
var fyneThread = uiThread{do: fyne.Do, doAndWait: fyne.DoAndWait}

// window is the app's one window and everything it shows. Its fields are
// only touched on Fyne's goroutine; uploads and look-ups run in goroutines
// of their own and come back through fyne.Do.
type window struct {
	app   fyne.App
	win   fyne.Window
	prefs fyne.Preferences
	be    *backend
	ui    uiThread

	// ctx lives as long as the window: closing it cancels every look-up,
	// upload and sign-in still running.
	ctx   context.Context
	close context.CancelFunc
	work  sync.WaitGroup // background goroutines, waited for in tests

	banner    *widgets.Banner
	account   *widgets.AccountBadge
	setup     *fyne.Container // "no Box app configured" explanation
	drop      *widgets.DropZone
	target    *widget.Entry
	preview   *widgets.TargetPreview
	uploadBtn *widget.Button
	another   *widget.Button
	retryBtn  *widget.Button
	queueBox  *fyne.Container
	history   *widget.Label

	// The batch under way, and its overall progress under the queue.
	batch        []*queued
	overall      *fyne.Container
	overallBar   *widget.ProgressBar
	overallText  *widget.Label
	overallPaint throttle
	overallRate  rateMeter

	rows    []*queued
	tgt     targetState
	signed  bool
	user    *boxapi.User
	running bool
	quit    bool // close the window once the run has stopped
	title   string
	behind  bool // the window is not in front: a batch that ends says so in a notification
	signIn  context.CancelFunc

	// chooseFile and chooseFolder show the file and folder dialogs; tests
	// replace them.
	chooseFile, chooseFolder func(onChosen func(path string))
	// lookupDelay lets typing settle before a look-up; tests shorten it.
	lookupDelay time.Duration
	lookupTimer *time.Timer     // the look-up waiting for typing to settle
	resumeBox   *fyne.Container // interrupted uploads, offered at start
}

// targetState is what the target field currently points at: a Box
// folder, where files are matched by name, or a Box file.
type targetState struct {
	seq    int // bumped at each change; stale look-ups are dropped
	file   *boxapi.File
	folder *boxapi.Folder
}

// newWindow builds the window, whose results come back through ui; run it
// with ShowAndRun.
func newWindow(a fyne.App, be *backend, opts WindowOptions, ui uiThread) *window {
	w := &window{app: a, prefs: a.Preferences(), be: be, ui: ui, lookupDelay: 400 * time.Millisecond}
	be.bw.set(int64(w.prefs.Int(PrefBWLimit)))
	w.ctx, w.close = context.WithCancel(context.Background())
	a.Settings().SetTheme(newTheme())
	w.title = "Box Uploader" // the product's name, in every language
	if be.demo != nil {
		w.title = demoTitle()
	}
	w.win = a.NewWindow(w.title)
	a.Lifecycle().SetOnExitedForeground(func() { w.behind = true })
	a.Lifecycle().SetOnEnteredForeground(func() { w.behind = false })
	w.chooseFile, w.chooseFolder = w.showFileDialog, w.showFolderDialog
	w.build()
	w.win.SetOnDropped(w.dropped)
	w.win.SetCloseIntercept(w.closeRequested)
	w.win.SetOnClosed(w.close)
	w.win.Resize(fyne.NewSize(820, 720))

	w.addFiles(opts.Files...)
	switch {
	case opts.FolderID != "":
		w.target.SetText(folderURL(opts.FolderID))
	case opts.FileID != "":
		w.target.SetText(opts.FileID)
	case be.demo != nil:
		w.target.SetText(folderURL(be.demoTree.TeamProjects))
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
		w.banner = widgets.NewBanner(demoBannerSentence())
		top.Add(w.banner)
	}
	top.Add(container.NewBorder(nil, nil, heading, w.account))
	w.setup = container.NewVBox()
	top.Add(w.setup)

	w.drop = widgets.NewDropZone(func() { w.chooseFile(w.addFile) })
	w.drop.OnChooseFolder = func() { w.chooseFolder(w.addFile) }

	browse := widget.NewButtonWithIcon(lang.L("Choose in Box…"), theme.FolderOpenIcon(), func() {
		w.showBrowser(lang.L("Choose where your files go in Box"),
			func(id string) { w.target.SetText(fileURL(id)) },
			func(id string) { w.target.SetText(folderURL(id)) })
	})
	w.target = widget.NewEntry()
	w.target.SetPlaceHolder(lang.L("Or paste a Box folder or file link (or its ID)"))
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
	w.retryBtn = widget.NewButton(lang.L("Try again all"), w.retryAll)
	w.queueBox = container.NewVBox()
	w.overallBar = widget.NewProgressBar()
	w.overallText = &widget.Label{Wrapping: fyne.TextWrapWord}
	w.overall = container.NewPadded(container.NewVBox(w.overallBar, w.overallText))
	w.overall.Hide()
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
		step(lang.L("1. The files on this computer")), w.drop, w.queueBox,
		step(lang.L("2. Where it goes in Box")), container.New(layout.NewBorderLayout(nil, nil, browse, nil), browse, w.target), w.preview,
		widget.NewAccordion(widget.NewAccordionItem(lang.L("Recent uploads"), w.history)),
	)
	settings := widget.NewButtonWithIcon(lang.L("Settings"), theme.SettingsIcon(), w.showSettings)
	settings.Importance = widget.LowImportance
	// The actions stay in view below the scrolling steps.
	actions := container.NewPadded(container.NewHBox(settings, layout.NewSpacer(), w.retryBtn, w.another, w.uploadBtn))
	w.win.SetContent(container.NewBorder(top, container.NewVBox(widget.NewSeparator(), w.overall, actions), nil, nil,
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
	pending := loadPending(w.prefs)
	for _, p := range pending {
		w.offerToFinish(p)
	}
	if w.be.client.StateDir == "" {
		return
	}
	for _, in := range upload.ListInterrupted(w.be.client.StateDir) {
		if inPending(pending, in.Path) {
			continue // it goes on when its folder is finished
		}
		text := widget.NewLabel(interruptedSentence(in))
		text.Wrapping = fyne.TextWrapWord
		var card *widget.Card
		resume := widget.NewButton(lang.L("Resume"), func() {
			w.resumeBox.Remove(card)
			w.resume(in)
		})
		resume.Importance = widget.HighImportance
		discard := widget.NewButton(lang.L("Discard"), func() {
			w.resumeBox.Remove(card)
			client := w.be.client
			w.work.Go(func() {
				ctx, cancel := context.WithTimeout(w.ctx, lookupTimeout)
				defer cancel()
				client.Discard(ctx, in)
			})
		})
		card = widget.NewCard("", "", container.NewBorder(nil, nil, nil, container.NewHBox(discard, resume), text))
		w.resumeBox.Add(card)
	}
}

// addFile queues the file at path (see addFiles).
func (w *window) addFile(path string) { w.addFiles(path) }

// resume queues the file of an interrupted upload to where it was going,
// so that the upload goes on where it stopped.
func (w *window) resume(in upload.Interrupted) {
	before := len(w.rows)
	w.addFiles(in.Path)
	if len(w.rows) == before {
		return
	}
	q := w.rows[len(w.rows)-1]
	q.chosen = true
	if in.FolderID != "" {
		w.intoFolder([]*queued{q}, in.FolderID)
	} else {
		w.toFile(q, in.FileID, false)
	}
}

// dropped queues what was dropped on the window.
func (w *window) dropped(_ fyne.Position, uris []fyne.URI) {
	paths := make([]string, len(uris))
	for i, u := range uris {
		paths[i] = u.Path()
	}
	w.addFiles(paths...)
}

// update enables what can be done now.
func (w *window) update() {
	ready, files, waiting, finished, failed := 0, 0, 0, 0, 0
	for _, q := range w.rows {
		switch {
		case q.ready():
			ready++
			files += q.files()
			waiting++
		case q.state == widgets.StateWaiting:
			waiting++
		case q.state == widgets.StateFailed:
			failed++
			finished++
		case q.state != widgets.StateUploading && q.state != widgets.StateWaitingNetwork && q.state != widgets.StateFinishing:
			finished++
		}
	}
	if ready > 0 && w.signed && !w.running {
		w.uploadBtn.Enable()
	} else {
		w.uploadBtn.Disable()
	}
	label := lang.L("Upload")
	if files > 1 {
		label = lang.N("Upload {{.Count}} files", files, data{"Count": files})
	}
	w.uploadBtn.SetText(label)
	show(w.another, finished > 0 && waiting == 0 && !w.running)
	show(w.retryBtn, failed > 1 && !w.running)
}

// show shows o if cond holds, else hides it.
func show(o fyne.CanvasObject, cond bool) {
	if cond {
		o.Show()
	} else {
		o.Hide()
	}
}

func (w *window) showFileDialog(onChosen func(string)) {
	w.showAtHome(dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		onChosen(r.URI().Path())
	}, w.win))
}

func (w *window) showFolderDialog(onChosen func(string)) {
	w.showAtHome(dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		onChosen(u.Path())
	}, w.win))
}

// showAtHome shows the file or folder dialog d in the person's home folder.
func (w *window) showAtHome(d *dialog.FileDialog) {
	if home, err := os.UserHomeDir(); err == nil {
		if l, err := storage.ListerForURI(storage.NewFileURI(home)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(760, 520))
	d.Show()
}

// fileURL is where a Box file opens in the browser; folderURL a folder.
func fileURL(id string) string   { return "https://app.box.com/file/" + id }
func folderURL(id string) string { return "https://app.box.com/folder/" + id }

// openInBox opens link, a Box file's or folder's page, in the browser.
func (w *window) openInBox(link string) {
	if w.be.demo != nil {
		dialog.ShowInformation(lang.L("Demo"), demoOpenSentence(), w.win)
		return
	}
	u, _ := url.Parse(link)
	w.app.OpenURL(u)
}

// closeRequested asks before stopping uploads in progress.
func (w *window) closeRequested() {
	if !w.running {
		w.win.Close()
		return
	}
	dialog.ShowConfirm(lang.L("Stop uploading?"), stopUploadingSentence(),
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
			r.stopPlanning()
			r.setState(widgets.StateCancelled, cancelledSentence())
		}
	}
}
