//go:build !nogui

package app

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"boxuploader/upload/boxapi"
)

// confirmUpload asks before rows replace Box files, naming them; a Box file
// of another name or type than the person's file is pointed out first, and
// then Replace is not the default. A folder's plan is always shown first.
// Files that only add new files need no question.
func (w *window) confirmUpload(rows []*queued, onOK func()) {
	var versions []*boxapi.File
	var first string // the local file of the first version
	var warnings, folders []string
	for _, q := range rows {
		if q.folder != nil {
			folders = append(folders, folderConfirmLine(filepath.Base(q.path), q.target.folder, q.folder.plan.Counts))
			continue
		}
		if f := q.target.file; f != nil {
			if len(versions) == 0 {
				first = filepath.Base(q.path)
			}
			versions = append(versions, f)
			if renamed(q, q.target) {
				warnings = append(warnings, otherFileSentence(filepath.Base(q.path), f.Name))
			}
		}
	}
	if len(folders) > 0 {
		w.confirmFolders(folders, rows, versions, first, warnings, onOK)
		return
	}
	if len(versions) == 0 {
		onOK()
		return
	}
	title, text := confirmSentences(len(rows), versions, first)
	w.ask(title, text, lang.L("Replace"), warnings, onOK)
}

// ask asks before sending: title, text and the button that goes on, which
// is the default unless warnings point something out first; then Cancel
// is, and the button is red.
func (w *window) ask(title, text, goOn string, warnings []string, onOK func()) {
	if len(warnings) == 0 {
		d := dialog.NewConfirm(title, text, func(ok bool) {
			if ok {
				onOK()
			}
		}, w.win)
		d.SetConfirmText(goOn)
		d.SetDismissText(lang.L("Cancel"))
		d.Resize(fyne.NewSize(560, 0))
		d.Show()
		return
	}
	warning := &widget.Label{Text: strings.Join(warnings, "\n"), Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}
	body := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
	var d *dialog.CustomDialog
	cancel := widget.NewButton(lang.L("Cancel"), func() { d.Hide() })
	cancel.Importance = widget.HighImportance
	proceed := widget.NewButton(goOn, func() { d.Hide(); onOK() })
	proceed.Importance = widget.DangerImportance
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(warning, body), w.win)
	d.SetButtons([]fyne.CanvasObject{proceed, layout.NewSpacer(), cancel})
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	w.win.Canvas().Focus(cancel)
}

// confirmFolders shows what uploading folders will do, each on its line,
// then what the other rows do, and asks to go on.
func (w *window) confirmFolders(lines []string, rows []*queued, versions []*boxapi.File, first string, warnings []string, onOK func()) {
	text := strings.Join(lines, "\n")
	switch files := len(rows) - len(lines); {
	case len(versions) > 0:
		_, more := confirmSentences(files, versions, first)
		text += "\n\n" + more
	case files > 0:
		text += "\n\n" + lang.N("{{.New}} new files.", files, data{"New": files})
	}
	w.ask(lang.L("Upload to Box?"), text, lang.L("Upload"), warnings, onOK)
}
