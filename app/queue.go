//go:build !nogui

package app

import (
	"context"
	"fmt"
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
	q := &queued{path: path, size: size, row: widgets.NewTransferRow(baseName(path), formatSize(size))}
	if err != nil {
		q.row = widgets.NewTransferRow(baseName(path), "")
		q.setState(widgets.StateRefused, Explain(err))
		q.row.SetDetails(err.Error())
	} else {
		q.setState(widgets.StateWaiting, lang.L("Waiting"))
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
		q.setState(widgets.StateCancelled, lang.L("Cancelled"))
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
	if w.running || !w.tgt.ready(w.folderMode()) {
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
	if w.folderMode() {
		w.run(waiting, "", w.tgt.folder.ID, w.tgt.folder.Name, "")
		return
	}
	f := w.tgt.file
	n := len(waiting)
	d := data{"File": baseName(waiting[0].path), "Name": f.Name, "Count": n,
		"When": formatTime(f.ContentModifiedAt.Time), "Who": modifiedBy(f)}
	what := lang.L("“{{.File}}” becomes the new version of “{{.Name}}”.", d)
	if n > 1 {
		what = lang.N("The {{.Count}} files become, one after the other, new versions of “{{.Name}}”.", n, d)
	}
	kept := lang.L("The version in Box now (modified {{.When}}) stays in the file's version history.", d)
	if d["Who"] != "" {
		kept = lang.L("The version in Box now (modified {{.When}} by {{.Who}}) stays in the file's version history.", d)
	}
	confirm := dialog.NewConfirm(lang.L("Replace “{{.Name}}” in Box?", d), what+"\n\n"+kept, func(ok bool) {
		if ok {
			w.run(waiting, f.ID, "", f.Name, f.ETag)
		}
	}, w.win)
	confirm.SetConfirmText(lang.L("Replace"))
	confirm.Show()
}

// modifiedBy is the name of who last modified f, or "".
func modifiedBy(f *boxapi.File) string {
	if f.ModifiedBy == nil {
		return ""
	}
	return f.ModifiedBy.Name
}

// run uploads rows one after the other. For a replacement, each upload
// must find the version the person saw (etag) or the one the previous row
// made: anything else means someone else changed the file meanwhile.
func (w *window) run(rows []*queued, fileID, folderID, targetName, etag string) {
	w.running = true
	w.runDone = make(chan struct{})
	w.update()
	client := *w.be.client
	client.Parallel = w.prefs.IntWithFallback(PrefParallel, upload.DefaultParallel)
	client.ProgressInterval = 100 * time.Millisecond // at most ~10 updates a second
	done := w.runDone
	w.goWork(func() {
		defer close(done)
		for _, q := range rows {
			file, err := w.uploadRow(&client, q, fileID, folderID, etag)
			if file != nil && fileID != "" {
				etag = file.ETag
			}
			runOnMain(func() { w.finishRow(q, targetName, file, err) })
		}
		runOnMain(w.runFinished)
	})
}

func (w *window) uploadRow(c *upload.Client, q *queued, fileID, folderID, etag string) (*boxapi.File, error) {
	ctx, cancel := context.WithCancel(context.Background())
	stop := make(chan struct{})
	runOnMain(func() {
		if q.state != widgets.StateWaiting { // cancelled while waiting
			cancel()
		}
		q.cancel = cancel
		close(stop)
	})
	<-stop
	defer cancel()
	if ctx.Err() != nil {
		return nil, upload.ErrCanceled
	}
	runOnMain(func() { q.setState(widgets.StateUploading, lang.L("Uploading")) })
	return c.Upload(ctx, upload.Request{Path: q.path, FileID: fileID, FolderID: folderID, ETag: etag,
		Progress: func(p upload.Progress) { runOnMain(func() { w.showProgress(q, p) }) }})
}

func (w *window) showProgress(q *queued, p upload.Progress) {
	if q.cancel == nil {
		return
	}
	switch {
	case p.WaitingForNetwork:
		if q.state != widgets.StateWaitingNetwork {
			q.setState(widgets.StateWaitingNetwork, lang.L("Waiting for network…"))
		}
	case p.Phase == upload.PhaseUploading:
		if q.state != widgets.StateUploading {
			q.setState(widgets.StateUploading, lang.L("Uploading"))
		}
	case p.Phase == upload.PhaseFinishing:
		if q.state != widgets.StateFinishing {
			q.setState(widgets.StateFinishing, lang.L("Finishing: Box is putting the file together…"))
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
	entry := historyEntry{File: baseName(q.path), Target: targetName, When: time.Now()}
	switch {
	case err == nil:
		text := lang.L("Uploaded as a new file")
		if file.VersionNumber != "" && file.VersionNumber != "1" {
			text = lang.L("Uploaded — version {{.Version}}", data{"Version": file.VersionNumber})
		}
		id := file.ID
		q.row.OnOpen = func() { w.openInBox(id) }
		q.setState(widgets.StateDone, text)
		entry.ID, entry.OK, entry.Target, entry.Result = file.ID, true, file.Name, text
		if w.tgt.file != nil && w.tgt.file.ID == file.ID {
			w.tgt.file = file
			w.showTarget()
		}
	case upload.KindOf(err) == upload.KindCanceled:
		q.setState(widgets.StateCancelled, lang.L("Cancelled — nothing was changed in Box"))
		entry.Result = lang.L("Cancelled")
	default:
		q.setState(widgets.StateFailed, lang.L("Failed: {{.Reason}}", data{"Reason": Explain(err)}))
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

func (w *window) showHistory(h []historyEntry) {
	if len(h) == 0 {
		w.history.SetText(lang.L("Nothing uploaded yet."))
		return
	}
	text := ""
	for _, e := range h {
		text += lang.L("{{.When}}  {{.File}} → {{.Target}}: {{.Result}}",
			data{"When": formatTime(e.When), "File": e.File, "Target": e.Target, "Result": e.Result}) + "\n"
	}
	w.history.SetText(text)
}
