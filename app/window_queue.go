//go:build !nogui

package app

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
	"boxuploader/widgets"
)

// queued is one file in the window's queue.
type queued struct {
	path   string
	size   int64
	row    *widgets.TransferRow
	state  widgets.State
	cancel context.CancelFunc // set while it uploads
}

func (q *queued) setState(s widgets.State, text string) {
	q.state = s
	q.row.SetState(s, text)
}

// addFile queues path, or shows on its row why it cannot be uploaded.
func (w *window) addFile(path string) {
	for _, r := range w.rows {
		if r.path == path && r.state == widgets.StateWaiting {
			return // already waiting
		}
	}
	size, err := upload.CheckFile(path)
	q := &queued{path: path, size: size}
	if err != nil {
		q.row = widgets.NewTransferRow(filepath.Base(path), "")
		q.setState(widgets.StateRefused, Explain(err))
		q.row.SetDetails(err.Error())
	} else {
		q.row = widgets.NewTransferRow(filepath.Base(path), formatSize(size))
		q.setState(widgets.StateWaiting, waitingSentence())
		q.row.OnCancel = func() { w.cancelRow(q) }
	}
	q.row.OnRemove = func() { w.removeRow(q) }
	w.rows = append(w.rows, q)
	w.queueBox.Add(q.row)
	w.update()
}

func (w *window) cancelRow(q *queued) {
	if q.cancel != nil {
		q.cancel() // the run marks it Cancelled once the session is aborted
		return
	}
	if q.state == widgets.StateWaiting {
		q.setState(widgets.StateCancelled, cancelledSentence())
		w.update()
	}
}

func (w *window) removeRow(q *queued) {
	for i, r := range w.rows {
		if r == q {
			w.rows = append(w.rows[:i], w.rows[i+1:]...)
			break
		}
	}
	w.queueBox.Remove(q.row)
	w.update()
}

func (w *window) clearFinished() {
	for _, r := range append([]*queued(nil), w.rows...) {
		if r.state != widgets.StateWaiting && r.cancel == nil {
			w.removeRow(r)
		}
	}
}

// startUpload confirms a replacement, then uploads every waiting file in
// turn to the current target.
func (w *window) startUpload() {
	if w.running || !w.tgt.ready(w.toFolder) {
		return
	}
	var waiting []*queued
	for _, r := range w.rows {
		if r.state == widgets.StateWaiting {
			waiting = append(waiting, r)
		}
	}
	if len(waiting) == 0 {
		return
	}
	if w.toFolder {
		w.run(waiting, "", w.tgt.folder.ID, w.tgt.folder.Name, "")
		return
	}
	f := w.tgt.file
	title, text := replaceSentences(f, filepath.Base(waiting[0].path), len(waiting))
	confirm := dialog.NewConfirm(title, text, func(ok bool) {
		if ok {
			w.run(waiting, f.ID, "", f.Name, f.ETag)
		}
	}, w.win)
	confirm.SetConfirmText(lang.L("Replace"))
	confirm.Show()
}

// run uploads rows one after the other. For a replacement, each upload
// must find the version the person saw (etag) or the one the previous row
// made: anything else means someone else changed the file meanwhile.
func (w *window) run(rows []*queued, fileID, folderID, targetName, etag string) {
	w.running = true
	w.update()
	client := w.be.uploads
	client.Parallel = parallelFrom(w.prefs) // no upload runs now
	w.work.Go(func() {
		for _, q := range rows {
			file, err := w.uploadRow(client, q, fileID, folderID, etag)
			if file != nil && fileID != "" {
				etag = file.ETag
			}
			w.ui.do(func() { w.finishRow(q, targetName, file, err) })
		}
		w.ui.do(w.runFinished)
	})
}

func (w *window) uploadRow(c *upload.Client, q *queued, fileID, folderID, etag string) (*boxapi.File, error) {
	ctx, cancel := context.WithCancel(w.ctx)
	defer cancel()
	w.ui.doAndWait(func() {
		if q.state != widgets.StateWaiting { // cancelled while waiting
			cancel()
			return
		}
		q.cancel = cancel
		q.setState(widgets.StateUploading, uploadingSentence())
	})
	if ctx.Err() != nil {
		return nil, upload.ErrCanceled
	}
	return c.Upload(ctx, upload.Request{
		Path: q.path, FileID: fileID, FolderID: folderID, ETag: etag,
		Progress: func(p upload.Progress) { w.ui.do(func() { w.showProgress(q, p) }) },
	})
}

func (w *window) showProgress(q *queued, p upload.Progress) {
	if q.cancel == nil {
		return
	}
	switch {
	case p.WaitingForNetwork:
		if q.state != widgets.StateWaitingNetwork {
			q.setState(widgets.StateWaitingNetwork, noNetworkSentence())
		}
	case p.Phase == upload.PhaseUploading:
		if q.state != widgets.StateUploading {
			q.setState(widgets.StateUploading, uploadingSentence())
		}
	case p.Phase == upload.PhaseFinishing:
		if q.state != widgets.StateFinishing {
			q.setState(widgets.StateFinishing, finishingSentence())
		}
	}
	frac := 0.0
	if p.Total > 0 {
		frac = float64(p.Sent) / float64(p.Total)
	}
	q.row.SetProgress(frac, fmt.Sprintf("%d%%", int(frac*100)), formatRate(p.Rate), formatETA(p.Total-p.Sent, p.Rate))
}

func (w *window) finishRow(q *queued, targetName string, file *boxapi.File, err error) {
	q.cancel = nil
	entry := historyEntry{File: filepath.Base(q.path), Target: targetName, When: time.Now()}
	switch {
	case err == nil:
		text := rowUploadedSentence(file)
		id := file.ID
		q.row.OnOpen = func() { w.openInBox(id) }
		q.setState(widgets.StateDone, text)
		entry.ID, entry.OK, entry.Target, entry.Result = file.ID, true, file.Name, text
		if w.tgt.file != nil && w.tgt.file.ID == file.ID {
			w.tgt.file = file
			w.showTarget()
		}
	case upload.KindOf(err) == upload.KindCanceled:
		q.setState(widgets.StateCancelled, cancelledSentence())
		entry.Result = cancelledSentence()
	default:
		q.setState(widgets.StateFailed, failedSentence(err))
		q.row.SetDetails(err.Error())
		entry.Result = Explain(err)
	}
	w.showHistory(addHistory(w.prefs, entry))
}

func (w *window) runFinished() {
	w.running = false
	w.update()
	if w.quit {
		w.win.Close()
	}
}
