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
	w.forgetOpenTargets()
	w.update()
	if w.lookupTimer != nil && w.lookupTimer.Stop() {
		w.work.Done() // typed on: that look-up never starts
	}
	if text == "" {
		w.preview.Clear()
		return
	}
	seq := w.tgt.seq
	w.work.Add(1)
	w.lookupTimer = time.AfterFunc(w.lookupDelay, func() {
		defer w.work.Done()
		w.ui.do(func() {
			if seq == w.tgt.seq { // else typed on since
				w.lookup(seq, text)
			}
		})
	})
}

// forgetOpenTargets drops where the rows without a target of their own were
// going: until the new target is looked up, nothing can be sent to the old.
func (w *window) forgetOpenTargets() {
	for _, q := range w.rows {
		if !q.chosen && !q.taken && (q.state == widgets.StateWaiting || q.state == widgets.StateUpToDate) {
			if q.folder != nil {
				q.folder.reset(q) // and stops its planning
			} else {
				q.stopPlanning()
			}
			q.target = nil
			q.row.SetTarget("", false)
			q.setState(widgets.StateWaiting, waitingSentence())
		}
	}
}

// targetRef is what a pasted link or ID names: a file, a folder, or (a bare
// ID) either.
type targetRef struct {
	id           string
	file, folder bool
}

// parseTarget reads a Box link or ID.
func parseTarget(text string) (targetRef, error) {
	id, err := upload.ParseFileID(text)
	switch {
	case err == nil:
		_, ferr := upload.ParseFolderID(text)
		return targetRef{id: id, file: true, folder: ferr == nil}, nil // a bare ID is either
	case upload.KindOf(err) == upload.KindFolderLink:
		id, err = upload.ParseFolderID(text)
		return targetRef{id: id, folder: true}, err
	}
	return targetRef{}, err
}

// lookup fetches what the target field names in the background: a Box
// file, or else a Box folder.
func (w *window) lookup(seq int, text string) {
	ref, err := parseTarget(text)
	switch {
	case err != nil:
		w.preview.SetMessage(Explain(err), true)
		return
	case !w.signed:
		w.preview.SetMessage(signInToSeeSentence(), true)
		return
	}
	w.preview.SetBusy(lookingUpSentence(!ref.file))
	client := w.be.client
	w.work.Go(func() {
		ctx, cancel := context.WithTimeout(w.ctx, lookupTimeout)
		defer cancel()
		file, folder, err := resolveTarget(ctx, client, ref)
		w.ui.do(func() {
			if seq != w.tgt.seq {
				return
			}
			if err != nil {
				w.preview.SetMessage(Explain(err), true)
				w.update()
				return
			}
			w.tgt.file, w.tgt.folder = file, folder
			w.showTarget()
			w.applyTarget(w.rows)
		})
	})
}

// resolveTarget looks up what ref names: the file, else the folder (a bare
// ID is tried as a file first).
func resolveTarget(ctx context.Context, client *upload.Client, ref targetRef) (file *boxapi.File, folder *boxapi.Folder, err error) {
	if ref.file {
		file, err = client.GetFile(ctx, ref.id)
	}
	if ref.folder && file == nil && (err == nil || upload.KindOf(err) == upload.KindNotFound) {
		folder, err = client.FolderInfo(ctx, ref.id)
	}
	return file, folder, err
}

// showTarget draws the looked-up target: the folder files are matched in,
// or the file, saying at once when it cannot take an upload (locked,
// view-only) rather than after the bytes are sent.
func (w *window) showTarget() {
	defer w.update()
	if f := w.tgt.folder; f != nil {
		w.preview.SetItem(widgets.Item{
			Icon: theme.FolderIcon(), Title: folderName(*f),
			Lines: []string{folderPath(f), newFilesHereSentence()},
		})
		return
	}
	f := w.tgt.file
	switch {
	case f == nil:
	case fileProblem(f) != "":
		w.preview.SetMessage(fileProblem(f), true)
	default:
		w.preview.SetItem(widgets.Item{Icon: theme.FileIcon(), Title: f.Name, Lines: fileLines(f)})
	}
}
