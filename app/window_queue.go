//go:build !nogui

package app

import (
	"context"
	"errors"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2/lang"
	"golang.org/x/sync/errgroup"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
	"boxuploader/widgets"
)

// queued is one file or folder in the window's queue.
type queued struct {
	path   string
	size   int64      // a file's size; a folder's bytes to send
	sent   int64      // bytes sent so far
	folder *folderRow // set for a folder
	row    *widgets.TransferRow
	state  widgets.State
	cancel context.CancelFunc // set while it uploads

	target    *rowTarget // where it goes, once found
	chosen    bool       // it has a target of its own (Change…, remembered): the window's does not apply
	resolving int        // bumped at each look-up of its target; older answers are dropped
	force     bool       // upload even though Box holds the same bytes
	taken     bool       // in the batch under way: its target no longer changes
}

func (q *queued) setState(s widgets.State, text string) {
	q.state = s
	q.row.SetState(s, text)
}

// ready says whether q can be uploaded now.
func (q *queued) ready() bool {
	if q.folder != nil {
		return q.state == widgets.StateWaiting && q.target.ready() && q.folder.plan != nil
	}
	return q.state == widgets.StateWaiting && q.target.ready() ||
		q.force && q.state == widgets.StateWaiting && q.target != nil && q.target.problem == ""
}

// files is how many files uploading q sends.
func (q *queued) files() int {
	if q.folder != nil {
		return q.folder.files
	}
	return 1
}

// stopPlanning ends the look-up of q's target under way, if any: its
// answer no longer matters.
func (q *queued) stopPlanning() {
	q.resolving++
	if q.folder != nil && q.folder.stopPlan != nil {
		q.folder.stopPlan()
		q.folder.stopPlan = nil
	}
}

// request is q's upload to its target.
func (q *queued) request() upload.Request {
	t := q.target
	if t.file != nil {
		return upload.Request{Path: q.path, FileID: t.file.ID, ETag: t.file.ETag}
	}
	r := upload.Request{Path: q.path, FolderID: t.folder.ID}
	if t.name != filepath.Base(q.path) {
		r.Name = t.name
	}
	return r
}

// addFiles queues paths (or shows on a row why one cannot be uploaded) and
// finds where each goes: where it went last time, else the window's target.
func (w *window) addFiles(paths ...string) {
	var added []*queued
	for _, path := range paths {
		if q := w.addRow(path); q != nil {
			added = append(added, q)
		}
	}
	for _, q := range added {
		if last, ok := rememberedTarget(w.prefs, q.path); ok {
			q.chosen = true
			w.toFile(q, last.ID, true)
		}
	}
	w.applyTarget(w.rows)
	w.update()
}

// addRow adds a row for path, or returns nil if it is already waiting.
func (w *window) addRow(path string) *queued {
	for _, r := range w.rows {
		if r.path == path && r.state == widgets.StateWaiting {
			return nil
		}
	}
	if isDir(path) {
		q := w.addFolderRow(path)
		q.row.OnRemove = func() { w.removeRow(q) }
		w.rows = append(w.rows, q)
		w.queueBox.Add(q.row)
		return q
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
		q.row.OnRetry = func() { w.retry(q) }
		w.allowChange(q, true)
		q.row.OnForce = func() {
			q.force = true
			q.setState(widgets.StateWaiting, waitingSentence())
			w.update()
		}
	}
	q.row.OnRemove = func() { w.removeRow(q) }
	w.rows = append(w.rows, q)
	w.queueBox.Add(q.row)
	return q
}

// allowChange shows or hides q's Change… button: a row the batch under
// way has taken keeps its target.
func (w *window) allowChange(q *queued, allow bool) {
	switch {
	case !allow:
		q.row.OnChange = nil
	case q.folder != nil:
		q.row.OnChange = func() { w.changeFolderTarget(q) }
	default:
		q.row.OnChange = func() { w.changeTarget(q) }
	}
	q.row.Refresh()
}

// waitAgain puts a failed row back to waiting, before its target is looked
// up again.
func waitAgain(q *queued) {
	if q.state == widgets.StateFailed {
		q.setState(widgets.StateWaiting, waitingSentence())
		q.row.SetDetails("")
	}
}

// changeTarget lets the person choose in Box where q goes: a file (a new
// version of it) or a folder (matched there by name).
func (w *window) changeTarget(q *queued) {
	waitAgain(q)
	w.showBrowser(lang.L("Where should “{{.File}}” go?", data{"File": filepath.Base(q.path)}),
		func(id string) {
			q.chosen = true
			w.toFile(q, id, false)
		},
		func(id string) {
			q.chosen = true
			w.matchInFolder([]*queued{q}, id)
		})
}

// retry puts a failed row back in the queue, its target looked up again
// (the Box file may have changed since).
func (w *window) retry(q *queued) {
	if q.state != widgets.StateFailed {
		return
	}
	waitAgain(q)
	t := q.target
	if q.folder != nil {
		q.folder.reset(q) // compared with Box again: what failed may be there now
	}
	switch {
	case q.folder != nil && q.chosen && t != nil:
		w.planFolder(q, t.folder.ID)
	case q.chosen && t != nil && t.file != nil:
		w.toFile(q, t.file.ID, t.last)
	case q.chosen && t != nil:
		w.intoFolder([]*queued{q}, t.folder.ID)
	default:
		w.applyTarget([]*queued{q})
	}
	w.update()
}

// retryAll puts every failed row back in the queue.
func (w *window) retryAll() {
	for _, q := range w.rows {
		w.retry(q)
	}
}

func (w *window) cancelRow(q *queued) {
	if q.cancel != nil {
		q.cancel() // the run marks it Cancelled once the session is aborted
		return
	}
	if q.state == widgets.StateWaiting || q.state == widgets.StateUpToDate {
		q.stopPlanning()
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

// readyRows are the rows to upload now. A Box file gets at most one of
// them: a second row aiming at it is told so and stays.
func (w *window) readyRows() []*queued {
	var rows []*queued
	seen := map[string]bool{}
	for _, q := range w.rows {
		if !q.ready() {
			continue
		}
		if f := q.target.file; f != nil {
			if seen[f.ID] {
				q.row.SetTarget(sameTargetSentence(f.Name), true)
				continue
			}
			seen[f.ID] = true
		}
		rows = append(rows, q)
	}
	return rows
}

// startUpload asks before anything replaces a Box file, then uploads the
// rows that are ready.
func (w *window) startUpload() {
	if w.running {
		return
	}
	rows := w.readyRows()
	if len(rows) == 0 {
		return
	}
	w.confirmUpload(rows, func() { w.run(rows) })
}

// run uploads rows, several at a time under one budget of parts in flight
// (the Parts sent at once setting): small files go side by side, a big one
// shares the budget with them.
func (w *window) run(rows []*queued) {
	w.running = true
	w.batch = rows
	w.overallRate = rateMeter{}
	for _, q := range rows {
		q.taken = true
		w.allowChange(q, false)
	}
	w.update()
	client := w.be.uploads // no upload runs now
	client.Parallel = parallelFrom(w.prefs)
	client.Budget = upload.NewBudget(client.Parallel)
	asked := &nameChoice{}
	w.work.Go(func() {
		var g errgroup.Group
		g.SetLimit(client.Budget.Size())
		for _, q := range rows {
			g.Go(func() error {
				if q.folder != nil {
					err := w.uploadFolder(client, q)
					w.ui.do(func() { w.finishFolder(q, err) })
					return nil
				}
				file, err := w.uploadRow(client, q, nil)
				if upload.KindOf(err) == upload.KindNameInUse {
					var req *upload.Request
					if req, err = w.nameTaken(client, q, err, asked); req != nil {
						file, err = w.uploadRow(client, q, req)
					}
				}
				w.ui.do(func() { w.finishRow(q, file, err) })
				return nil
			})
		}
		g.Wait()
		w.ui.do(w.runFinished)
	})
}

// uploadRow uploads q to its target, or as again says after a first try.
func (w *window) uploadRow(c *upload.Client, q *queued, again *upload.Request) (*boxapi.File, error) {
	ctx, cancel := context.WithCancel(w.ctx)
	defer cancel()
	var req upload.Request
	w.ui.doAndWait(func() {
		if q.state != widgets.StateWaiting && q.state != widgets.StateUploading { // cancelled meanwhile
			cancel()
			return
		}
		q.cancel = cancel
		req = q.request()
		if again != nil {
			req = *again
		}
		q.setState(widgets.StateUploading, uploadingSentence())
	})
	if ctx.Err() != nil {
		return nil, upload.ErrCanceled
	}
	return w.send(ctx, c, q, req)
}

// send uploads req, showing its progress on q's row.
func (w *window) send(ctx context.Context, c *upload.Client, q *queued, req upload.Request) (*boxapi.File, error) {
	req.Progress = func(p upload.Progress) { w.ui.do(func() { w.showProgress(q, p) }) }
	return c.Upload(ctx, req)
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
	q.sent = p.Sent
	q.row.SetProgress(frac, formatPercent(frac), formatRate(p.Rate), formatETA(p.Total-p.Sent, p.Rate))
	w.showOverall()
}

func (w *window) finishRow(q *queued, file *boxapi.File, err error) {
	q.cancel, q.taken = nil, false
	w.allowChange(q, true)
	entry := historyEntry{File: filepath.Base(q.path), Target: targetName(q.target), When: time.Now()}
	switch {
	case err == nil:
		text := rowUploadedSentence(file)
		id := file.ID
		q.sent = q.size
		q.row.OnOpen = func() { w.openInBox(fileURL(id)) }
		q.setState(widgets.StateDone, text)
		entry.ID, entry.OK, entry.Target, entry.Result = file.ID, true, file.Name, text
		remember(w.prefs, q.path, file)
		if w.tgt.file != nil && w.tgt.file.ID == file.ID {
			w.tgt.file = file
			w.showTarget()
		}
	case errors.Is(err, errSkipped):
		q.setState(widgets.StateCancelled, skippedSentence())
		entry.Result = skippedSentence()
	case upload.KindOf(err) == upload.KindCanceled:
		q.setState(widgets.StateCancelled, cancelledSentence())
		entry.Result = cancelledSentence()
	default:
		q.setState(widgets.StateFailed, failedSentence(err))
		q.row.SetDetails(err.Error())
		entry.Result = Explain(err)
	}
	w.showHistory(addHistory(w.prefs, entry))
	w.showOverall()
}

// targetName is the name of where t goes, for the history.
func targetName(t *rowTarget) string {
	switch {
	case t == nil:
		return ""
	case t.file != nil:
		return t.file.Name
	}
	return t.name
}

func (w *window) runFinished() {
	w.batchEnded()
	w.running, w.batch = false, nil
	w.overall.Hide()
	w.update()
	if w.quit {
		w.win.Close()
	}
}
