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
// then Replace is not the default. Rows that only add new files need no
// question.
func (w *window) confirmUpload(rows []*queued, onOK func()) {
	var versions []*boxapi.File
	var first string // the local file of the first version
	var warnings []string
	for _, q := range rows {
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
	if len(versions) == 0 {
		onOK()
		return
	}
	title, text := confirmSentences(len(rows), versions, first)
	if len(warnings) == 0 {
		d := dialog.NewConfirm(title, text, func(ok bool) {
			if ok {
				onOK()
			}
		}, w.win)
		d.SetConfirmText(lang.L("Replace"))
		d.Show()
		return
	}
	warning := &widget.Label{Text: strings.Join(warnings, "\n"), Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance}
	body := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
	var d *dialog.CustomDialog
	cancel := widget.NewButton(lang.L("Cancel"), func() { d.Hide() })
	cancel.Importance = widget.HighImportance
	replace := widget.NewButton(lang.L("Replace"), func() { d.Hide(); onOK() })
	replace.Importance = widget.DangerImportance
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(warning, body), w.win)
	d.SetButtons([]fyne.CanvasObject{replace, layout.NewSpacer(), cancel})
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
	w.win.Canvas().Focus(cancel)
}
