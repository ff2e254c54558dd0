//go:build !nogui

package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2/theme"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
	"boxuploader/widgets"
)

// lookupTimeout bounds a look-up at Box that the person waits for.
const lookupTimeout = 30 * time.Second

// targetChanged starts looking up what the target field names, once the
// person has stopped typing for a moment.
func (w *window) targetChanged(text string) {
	w.tgt = targetState{seq: w.tgt.seq + 1}
	w.update()
	if w.lookupTimer != nil && w.lookupTimer.Stop() {
		w.work.Done() // typed on: that look-up never starts
	}
	if text == "" {
		w.preview.Clear()
		return
	}
	parse := upload.ParseFileID
	if w.toFolder {
		parse = upload.ParseFolderID
	}
	id, err := parse(text)
	seq := w.tgt.seq
	w.work.Add(1)
	w.lookupTimer = time.AfterFunc(w.lookupDelay, func() {
		defer w.work.Done()
		w.ui.do(func() {
			switch {
			case seq != w.tgt.seq: // changed since
			case err != nil:
				w.preview.SetMessage(Explain(err), true)
			default:
				w.tgt.id = id
				w.lookup(seq, id)
			}
		})
	})
}

// lookup fetches the target's details in the background.
func (w *window) lookup(seq int, id string) {
	if !w.signed {
		w.preview.SetMessage(signInToSeeSentence(), true)
		return
	}
	toFolder := w.toFolder
	w.preview.SetBusy(lookingUpSentence(toFolder))
	client := w.be.client
	w.work.Go(func() {
		ctx, cancel := context.WithTimeout(w.ctx, lookupTimeout)
		defer cancel()
		var set func()
		var err error
		if toFolder {
			var folder *boxapi.Folder
			folder, err = client.GetFolder(ctx, id)
			set = func() { w.tgt.folder = folder }
		} else {
			var file *boxapi.File
			file, err = client.GetFile(ctx, id)
			set = func() { w.tgt.file = file }
		}
		w.ui.do(func() {
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
	if f := w.tgt.folder; w.toFolder && f != nil {
		w.preview.SetItem(widgets.Item{
			Icon: theme.FolderIcon(), Title: f.Name,
			Lines: []string{newFilesHereSentence()},
		})
		return
	}
	f := w.tgt.file
	switch {
	case f == nil:
	case f.Lock != nil:
		w.tgt.file = nil
		w.preview.SetMessage(lockedSentence(f.Name), true)
	case f.Permissions != nil && !f.Permissions.CanUpload:
		w.tgt.file = nil
		w.preview.SetMessage(viewOnlySentence(f.Name), true)
	default:
		w.preview.SetItem(widgets.Item{Icon: theme.FileIcon(), Title: f.Name, Lines: fileLines(f)})
	}
}
