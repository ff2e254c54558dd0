//go:build !nogui

package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
	"boxuploader/widgets"
)

// targetChanged starts looking up what the target field names, once the
// person has stopped typing for a moment.
func (w *window) targetChanged(text string) {
	w.tgt = targetState{seq: w.tgt.seq + 1}
	w.update()
	seq := w.tgt.seq
	if text == "" {
		w.preview.Clear()
		return
	}
	parse := upload.ParseFileID
	if w.folderMode() {
		parse = upload.ParseFolderID
	}
	id, err := parse(text)
	delay := w.lookupDelay
	w.goWork(func() {
		time.Sleep(delay)
		runOnMain(func() {
			if seq != w.tgt.seq {
				return // typed on since
			}
			if err != nil {
				w.preview.SetMessage(Explain(err), true)
				return
			}
			w.tgt.id = id
			w.lookup(seq, id)
		})
	})
}

// lookup fetches the target's details in the background.
func (w *window) lookup(seq int, id string) {
	if !w.signed {
		w.preview.SetMessage(lang.L("Sign in to Box to see this file."), true)
		return
	}
	folderMode := w.folderMode()
	if folderMode {
		w.preview.SetBusy(lang.L("Looking up the folder…"))
	} else {
		w.preview.SetBusy(lang.L("Looking up the file…"))
	}
	client := w.be.client
	w.goWork(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		var set func()
		var err error
		if folderMode {
			var folder *boxapi.Folder
			folder, err = client.GetFolder(ctx, id)
			set = func() { w.tgt.folder = folder }
		} else {
			var file *boxapi.File
			file, err = client.GetFile(ctx, id)
			set = func() { w.tgt.file = file }
		}
		runOnMain(func() {
			if seq != w.tgt.seq {
				return
			}
			if err != nil {
				w.preview.SetMessage(Explain(err), true)
				w.update()
				return
			}
			set()
			w.showTarget()
		})
	})
}

// showTarget draws the looked-up target, and says at once when it cannot
// take an upload (locked, view-only) rather than after the bytes are sent.
func (w *window) showTarget() {
	defer w.update()
	if f := w.tgt.folder; w.folderMode() && f != nil {
		w.preview.SetItem(widgets.Item{Icon: theme.FolderIcon(), Title: f.Name,
			Lines: []string{lang.L("New files are added to this folder.")}})
		return
	}
	f := w.tgt.file
	if f == nil {
		return
	}
	switch {
	case f.Lock != nil:
		w.tgt.file = nil
		w.preview.SetMessage(lang.L("“{{.Name}}” is locked in Box, so no new version can be added. Ask the person who locked it to unlock it.", data{"Name": f.Name}), true)
		return
	case f.Permissions != nil && !f.Permissions.CanUpload:
		w.tgt.file = nil
		w.preview.SetMessage(lang.L("You can see “{{.Name}}” but not upload new versions of it. Ask its owner for editor access.", data{"Name": f.Name}), true)
		return
	}
	d := data{"Size": formatSize(f.Size), "When": formatTime(f.ContentModifiedAt.Time), "Who": modifiedBy(f)}
	modified := lang.L("{{.Size}} · modified {{.When}}", d)
	if d["Who"] != "" {
		modified = lang.L("{{.Size}} · modified {{.When}} by {{.Who}}", d)
	}
	lines := []string{modified}
	if f.Parent != nil && f.Parent.Name != "" {
		lines = append(lines, lang.L("in folder {{.Folder}}", data{"Folder": f.Parent.Name}))
	}
	if f.VersionNumber != "" {
		lines = append(lines, lang.L("current version: {{.Version}}", data{"Version": f.VersionNumber}))
	}
	w.preview.SetItem(widgets.Item{Icon: theme.FileIcon(), Title: f.Name, Lines: lines})
}
