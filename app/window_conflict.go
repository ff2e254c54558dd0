//go:build !nogui

package app

import (
	"errors"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"boxuploader/upload"
)

// errSkipped says the person chose to skip a file whose name was taken.
var errSkipped = errors.New("skipped: the name is taken in the folder")

// What the person chose to do with a file whose name is taken.
const (
	chooseVersion  = iota + 1 // upload it as a new version of the Box file of that name
	chooseKeepBoth            // upload it under a free name, "report (1).pdf"
	chooseSkip                // leave it
)

// nameChoice is the choice made for a taken name during one run, and
// whether it holds for every file of the run. Files upload side by side:
// one question at a time.
type nameChoice struct {
	mu     sync.Mutex
	choice int
	forAll bool
}

// nameTaken is the upload to make now that Box said that q's name is taken
// in its folder (a file of that name came since the folder was listed): as
// the person chooses, a new version of that file, the file under a free
// name, or none (nil, errSkipped). Box's 409 is the final word on names.
func (w *window) nameTaken(c *upload.Client, q *queued, err error, asked *nameChoice) (*upload.Request, error) {
	existing, ok := upload.Conflict(err)
	if !ok {
		return nil, err
	}
	asked.mu.Lock()
	if !asked.forAll {
		asked.choice, asked.forAll = w.askName(q, existing.Name)
	}
	choice := asked.choice
	asked.mu.Unlock()
	var req upload.Request
	w.ui.doAndWait(func() { req = q.request() })
	switch choice {
	case chooseVersion:
		req.FolderID, req.Name, req.FileID = "", "", existing.ID
	case chooseKeepBoth:
		items, err := c.FolderItems(w.ctx, req.FolderID)
		if err != nil {
			return nil, err
		}
		taken := map[string]bool{}
		for _, it := range items {
			taken[upload.NameKey(it.Name)] = true
		}
		name := req.Name
		if name == "" {
			name = filepath.Base(req.Path)
		}
		req.Name = upload.FreeName(name, func(n string) bool { return taken[upload.NameKey(n)] })
	default:
		return nil, errSkipped
	}
	return &req, nil
}

// askName asks what to do with q, whose name Box says is taken by name,
// and waits for the answer (skip, if the window closes first).
func (w *window) askName(q *queued, name string) (choice int, forAll bool) {
	answer := make(chan int, 1)
	all := widget.NewCheck(lang.L("Do the same for the other files of this upload"), nil)
	w.ui.doAndWait(func() {
		var d *dialog.CustomDialog
		pick := func(c int) func() {
			return func() {
				forAll = all.Checked
				answer <- c
				d.Hide()
			}
		}
		version := widget.NewButton(lang.L("Upload as a new version"), pick(chooseVersion))
		version.Importance = widget.HighImportance
		both := widget.NewButton(lang.L("Keep both"), pick(chooseKeepBoth))
		skip := widget.NewButton(lang.L("Skip"), pick(chooseSkip))
		text := &widget.Label{Text: nameTakenSentence(filepath.Base(q.path), name), Wrapping: fyne.TextWrapWord}
		d = dialog.NewCustomWithoutButtons(lang.L("The name is taken"), container.NewVBox(text, all), w.win)
		d.SetButtons([]fyne.CanvasObject{skip, both, version})
		d.Resize(fyne.NewSize(560, 0))
		d.Show()
	})
	select {
	case choice = <-answer:
	case <-w.ctx.Done():
		choice = chooseSkip
	}
	return choice, forAll
}
