//go:build !nogui

package app

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
	"boxuploader/widgets"
)

// A dropped or chosen folder is one row of the queue: it goes into a Box
// folder as the Box folder of its name, and before anything is sent its
// plan (what is new, changed, up to date, left out, refused) shows on the
// row, with the list of its files under it.

// folderRow is what a queued folder holds besides what every row does.
type folderRow struct {
	plan     *upload.TreePlan
	stamps   []stamp            // each file's size and time as the plan saw them
	planning string             // the Box folder being planned into, until the plan comes
	stopPlan context.CancelFunc // ends the planning under way
	shown    []int              // the entries the list shows, problems first
	lines    []widgets.FileItem // each entry's line, by entry index
	sent     []int64            // each file's bytes sent so far
	files    int                // files to send
	done     int                // files sent, or that ended otherwise
	result   upload.TreeCounts  // what was done
	boxID    string             // the Box folder it became
	list     *widgets.FileList
	item     *widget.AccordionItem
	offline  map[int]bool // the files waiting for the network
	paint    throttle
	rate     rateMeter
}

// addFolderRow adds a row for the folder at path, to be planned once its
// target is known.
func (w *window) addFolderRow(path string) *queued {
	f := &folderRow{}
	q := &queued{path: path, folder: f}
	q.row = widgets.NewTransferRow(filepath.Base(path), "")
	q.setState(widgets.StateWaiting, waitingSentence())
	q.row.OnCancel = func() { w.cancelRow(q) }
	q.row.OnRetry = func() { w.retry(q) }
	w.allowChange(q, true)
	f.list = widgets.NewFileList(func() int { return len(f.shown) }, func(i int) widgets.FileItem { return f.lines[f.shown[i]] })
	f.list.OnSelected = func(i int) { // a status cut short, in full
		it := f.lines[f.shown[i]]
		dialog.ShowInformation(it.Name, it.Status, w.win)
	}
	f.item = widget.NewAccordionItem("", f.list)
	return q
}

// changeFolderTarget lets the person choose the Box folder q goes into.
func (w *window) changeFolderTarget(q *queued) {
	waitAgain(q)
	w.showBrowser(lang.L("Where should “{{.File}}” go?", data{"File": filepath.Base(q.path)}), nil,
		func(id string) {
			q.chosen = true
			w.planFolder(q, id)
		})
}

// intoFolder sends rows into the Box folder id: files are matched there by
// name, folders planned against the Box folder of their name (unless they
// are, or are being, already).
func (w *window) intoFolder(rows []*queued, id string) {
	var files []*queued
	for _, q := range rows {
		switch f := q.folder; {
		case f == nil:
			files = append(files, q)
		case f.planning == id, f.plan != nil && f.plan.ParentID == id:
		default:
			w.planFolder(q, id)
		}
	}
	w.matchInFolder(files, id)
}

// planFolder compares q's folder with what the Box folder id holds: one
// listing per Box folder, files hashed only when sizes match.
func (w *window) planFolder(q *queued, id string) {
	f := q.folder
	f.reset(q)
	seq := q.resolving
	q.row.SetTarget(lookingAtFolderSentence(), false)
	ctx, cancel := context.WithCancel(w.ctx)
	f.stopPlan, f.planning = cancel, id
	client, path, opts := w.be.client, q.path, upload.TreeOptions{KeepSystemFiles: w.prefs.Bool(PrefKeepSystemFiles)}
	w.work.Go(func() {
		defer cancel()
		folder, err := client.FolderInfo(ctx, id)
		var plan *upload.TreePlan
		var stamps []stamp
		if err == nil {
			plan, err = client.PlanTree(ctx, path, id, opts)
		}
		if err == nil {
			stamps = stampsOf(plan)
		}
		w.ui.do(func() { w.setFolderPlan(q, seq, folder, plan, stamps, err) })
	})
}

// stamp is what tells that a file changed since the plan: its size and
// modification time.
type stamp struct {
	size int64
	mod  time.Time
}

// stampsOf reads the stamps of plan's files.
func stampsOf(plan *upload.TreePlan) []stamp {
	stamps := make([]stamp, len(plan.Entries))
	for i, e := range plan.Entries {
		if fi, err := os.Stat(e.Path); err == nil && !e.Dir {
			stamps[i] = stamp{fi.Size(), fi.ModTime()}
		}
	}
	return stamps
}

// changedSince says whether a file of plan is not as stamps saw it.
func changedSince(plan *upload.TreePlan, stamps []stamp) bool {
	for i, s := range stampsOf(plan) {
		if s != stamps[i] {
			return true
		}
	}
	return false
}

// reset forgets q's plan, stopping the planning under way.
func (f *folderRow) reset(q *queued) {
	q.stopPlanning()
	f.plan, f.shown, f.lines, f.planning = nil, nil, nil, ""
	q.size, q.sent, f.rate = 0, 0, rateMeter{}
	q.row.SetExtra(nil)
	q.row.SetDetails("")
}

// setFolderPlan shows what uploading q will do, unless a newer choice was
// made meanwhile or the row no longer waits.
func (w *window) setFolderPlan(q *queued, seq int, parent *boxapi.Folder, plan *upload.TreePlan, stamps []stamp, err error) {
	if seq != q.resolving || (q.state != widgets.StateWaiting && q.state != widgets.StateUpToDate) {
		return
	}
	defer w.update()
	f := q.folder
	f.stopPlan, f.planning = nil, ""
	if err != nil {
		q.target = nil
		q.row.SetTarget(Explain(err), true)
		return
	}
	root := plan.Entries[0]
	q.target = &rowTarget{folder: parent, name: root.Name}
	switch {
	case root.Action == upload.TreeRefused || root.Action == upload.TreeFailed:
		q.target.problem = Explain(root.Err)
	case parent.Permissions != nil && !parent.Permissions.CanUpload:
		q.target.problem = viewOnlySentence("")
	}
	if q.target.problem != "" {
		q.row.SetTarget(q.target.problem, true)
		return
	}
	q.row.SetTarget(folderTargetLine(parent, root.Name, root.Action == upload.TreeFolder), false)
	f.setPlan(plan)
	f.stamps = stamps
	q.size = plan.Counts.Bytes
	q.row.SetExtra(widget.NewAccordion(f.item))
	if f.files == 0 && plan.Counts.NewFolders == 0 {
		q.target.upToDate = true
		q.setState(widgets.StateUpToDate, folderUpToDateSentence())
		return
	}
	q.setState(widgets.StateWaiting, planSummary(plan.Counts))
}

// setPlan fills the list from plan: what cannot go first, then what is
// sent, then what is up to date, then what is left out.
func (f *folderRow) setPlan(plan *upload.TreePlan) {
	f.plan = plan
	f.lines = make([]widgets.FileItem, len(plan.Entries))
	f.sent = make([]int64, len(plan.Entries))
	f.offline = map[int]bool{}
	f.shown = f.shown[:0]
	f.files, f.done, f.result = plan.Counts.NewFiles+plan.Counts.NewVersions, 0, upload.TreeCounts{}
	for i, e := range plan.Entries {
		f.lines[i] = plannedLine(e)
		if !e.Dir || e.Action == upload.TreeRefused || e.Action == upload.TreeFailed {
			f.shown = append(f.shown, i)
		}
	}
	rank := func(a upload.TreeAction) int {
		switch a {
		case upload.TreeRefused, upload.TreeFailed:
			return 0
		case upload.TreeCreate, upload.TreeUpdate:
			return 1
		case upload.TreeUnchanged:
			return 2
		}
		return 3
	}
	slices.SortStableFunc(f.shown, func(a, b int) int { return rank(plan.Entries[a].Action) - rank(plan.Entries[b].Action) })
	f.item.Title = folderFilesTitle(len(f.shown))
	f.item.Open = plan.Counts.Refused+plan.Counts.Failed > 0
	f.list.Refresh()
}

// plannedLine is an entry's line before anything is sent.
func plannedLine(e upload.TreeEntry) widgets.FileItem {
	it := widgets.FileItem{Name: e.BoxPath, State: widgets.StateWaiting}
	switch e.Action {
	case upload.TreeUnchanged:
		it.State = widgets.StateUpToDate
	case upload.TreeSkipped:
		it.State = widgets.StateCancelled
		it.Status = leftOutSentence(skipReason(e.Err, false))
		return it
	case upload.TreeRefused:
		it.State, it.Status = widgets.StateRefused, Explain(e.Err)
		if upload.KindOf(e.Err) == upload.KindBadName {
			it.Status = badNameInFolderSentence()
		}
		return it
	case upload.TreeFailed:
		it.State, it.Status = widgets.StateFailed, Explain(e.Err)
		return it
	}
	it.Status = entryPlannedSentence(e.Action)
	return it
}

// uploadFolder carries out q's plan: folders made, files sent under c's
// budget, each entry's line following along.
func (w *window) uploadFolder(c *upload.Client, q *queued) error {
	ctx, cancel := context.WithCancel(w.ctx)
	defer cancel()
	var plan *upload.TreePlan
	var stamps []stamp
	w.ui.doAndWait(func() {
		if q.state != widgets.StateWaiting || q.folder.plan == nil { // cancelled meanwhile
			cancel()
			return
		}
		q.cancel, plan, stamps = cancel, q.folder.plan, q.folder.stamps
		q.setState(widgets.StateUploading, folderUploadingSentence(0, q.folder.files))
		addPending(w.prefs, pendingFolder{Path: q.path, FolderID: plan.ParentID})
	})
	if ctx.Err() != nil {
		return upload.ErrCanceled
	}
	if changedSince(plan, stamps) { // edited since the plan: decided again, or it would be missed
		fresh, err := c.PlanTree(ctx, plan.Dir, plan.ParentID, plan.Options)
		if err != nil {
			return err
		}
		plan = fresh
		w.ui.doAndWait(func() {
			q.folder.setPlan(fresh)
			q.size = fresh.Counts.Bytes
		})
	}
	return c.ApplyTree(ctx, plan, upload.ApplyOptions{
		OnResult: func(r upload.TreeResult) { w.ui.do(func() { w.folderResult(q, r) }) },
		Progress: func(i int, p upload.Progress) { w.ui.do(func() { w.folderProgress(q, i, p) }) },
	})
}

// folderResult shows what became of one entry of q.
func (w *window) folderResult(q *queued, r upload.TreeResult) {
	f, e := q.folder, r.Entry
	if r.Index == 0 {
		f.boxID = r.FolderID
	}
	planned := f.plan.Entries[r.Index]
	sends := !planned.Dir && isSent(planned.Action)
	switch {
	case isSent(e.Action):
		f.lines[r.Index] = widgets.FileItem{Name: e.BoxPath, State: widgets.StateDone, Status: entryUploadedSentence(e.Action)}
		q.sent += planned.Size - f.sent[r.Index]
		f.sent[r.Index] = planned.Size
	case upload.KindOf(e.Err) == upload.KindCanceled:
		f.lines[r.Index].State, f.lines[r.Index].Status = widgets.StateCancelled, cancelledSentence()
	default: // failed, or decided again (a folder someone made meanwhile)
		f.lines[r.Index] = plannedLine(e)
	}
	if sends && !isSent(e.Action) { // nothing more of it will be sent
		q.size -= planned.Size
		q.sent -= f.sent[r.Index]
		f.sent[r.Index] = 0
	}
	delete(f.offline, r.Index)
	if sends {
		f.done++
	}
	f.result = addCount(f.result, e)
	w.paintFolder(q)
}

// isSent says whether a tree action sends a file.
func isSent(a upload.TreeAction) bool { return a == upload.TreeCreate || a == upload.TreeUpdate }

// addCount counts one entry as carried out.
func addCount(n upload.TreeCounts, e upload.TreeEntry) upload.TreeCounts {
	switch e.Action {
	case upload.TreeCreate:
		n.NewFiles++
	case upload.TreeUpdate:
		n.NewVersions++
	case upload.TreeUnchanged:
		n.Unchanged++
	case upload.TreeNewFolder:
		n.NewFolders++
	case upload.TreeSkipped:
		n.Skipped++
	case upload.TreeRefused:
		n.Refused++
	case upload.TreeFailed:
		if upload.KindOf(e.Err) != upload.KindCanceled {
			n.Failed++
		}
	}
	return n
}

// folderProgress shows the bytes sent of one file of q.
func (w *window) folderProgress(q *queued, i int, p upload.Progress) {
	f := q.folder
	if q.cancel == nil || f.lines[i].State == widgets.StateDone {
		return
	}
	q.sent += p.Sent - f.sent[i]
	f.sent[i] = p.Sent
	if p.WaitingForNetwork {
		f.offline[i] = true
	} else {
		delete(f.offline, i)
	}
	if f.lines[i].State == widgets.StateWaiting {
		f.lines[i].State, f.lines[i].Status = widgets.StateUploading, uploadingSentence()
	}
	w.paintFolder(q)
}

// paintFolder shows q's progress, at most every tenth of a second.
func (w *window) paintFolder(q *queued) {
	f := q.folder
	w.throttled(&f.paint, func() {
		if q.cancel == nil { // ended meanwhile
			return
		}
		f.rate.add(time.Now(), q.sent)
		rate := f.rate.rate()
		if len(f.offline) > 0 {
			q.setState(widgets.StateWaitingNetwork, noNetworkSentence())
		} else {
			q.setState(widgets.StateUploading, folderUploadingSentence(f.done, f.files))
		}
		frac := 0.0
		if q.size > 0 {
			frac = float64(q.sent) / float64(q.size)
		}
		speed := ""
		if rate > 0 {
			speed = formatRate(rate)
		}
		q.row.SetProgress(frac, formatPercent(frac), speed, formatETA(q.size-q.sent, rate))
		f.list.Refresh()
		w.showOverall()
	})
}

// finishFolder shows how q's upload ended.
func (w *window) finishFolder(q *queued, err error) {
	f := q.folder
	q.cancel, q.taken = nil, false
	w.allowChange(q, true)
	entry := historyEntry{File: filepath.Base(q.path), When: time.Now()}
	if q.target != nil {
		entry.Target = q.target.folder.Name
	}
	switch {
	case upload.KindOf(err) == upload.KindCanceled:
		q.setState(widgets.StateCancelled, folderCancelledSentence(f.result.NewFiles+f.result.NewVersions, f.files))
		entry.Result = cancelledSentence()
	case f.result.Failed > 0 || err != nil && f.result.Refused == 0:
		q.setState(widgets.StateFailed, folderFailedSentence(max(1, f.result.Failed)))
		q.row.SetDetails(err.Error())
		entry.Result = Explain(err)
	default: // done, what Box refuses said in the list
		text := folderDoneSentence(f.result)
		if id := f.boxID; id != "" {
			q.row.OnOpen = func() { w.openInBox(folderURL(id)) }
		}
		q.setState(widgets.StateDone, text)
		entry.ID, entry.OK, entry.Result = f.boxID, true, text
	}
	if !(w.quit && upload.KindOf(err) == upload.KindCanceled) {
		removePending(w.prefs, q.path) // stopped by closing the window: offered again at start
	}
	f.item.Open = f.item.Open || f.result.Refused+f.result.Failed > 0
	f.list.Refresh()
	w.showHistory(addHistory(w.prefs, entry))
	w.showOverall()
}

// PrefPendingFolders lists the folder uploads that started and did not
// end: after a crash, or when the window was closed during one, the app
// offers to finish them.
const PrefPendingFolders = "folders.pending"

// pendingFolder is a folder upload that did not end: where from and where
// to, never a token.
type pendingFolder struct {
	Path     string `json:"path"`
	FolderID string `json:"folder_id"` // the Box folder it goes into
}

func loadPending(p fyne.Preferences) []pendingFolder {
	var l []pendingFolder
	if json.Unmarshal([]byte(p.String(PrefPendingFolders)), &l) != nil {
		return nil
	}
	return l
}

func storePending(p fyne.Preferences, l []pendingFolder) {
	if b, err := json.Marshal(l); err == nil {
		p.SetString(PrefPendingFolders, string(b))
	}
}

// addPending notes that the upload of f started.
func addPending(p fyne.Preferences, f pendingFolder) {
	l := slices.DeleteFunc(loadPending(p), func(o pendingFolder) bool { return o.Path == f.Path })
	storePending(p, append(l, f))
}

// removePending notes that the upload of the folder at path ended.
func removePending(p fyne.Preferences, path string) {
	storePending(p, slices.DeleteFunc(loadPending(p), func(o pendingFolder) bool { return o.Path == path }))
}

// inPending says whether the file at path is in one of the folders l.
func inPending(l []pendingFolder, path string) bool {
	for _, f := range l {
		if rel, err := filepath.Rel(f.Path, path); err == nil && filepath.IsLocal(rel) {
			return true
		}
	}
	return false
}

// offerToFinish shows a card that offers to finish the folder upload f:
// its plan again, which sends only what Box does not hold yet.
func (w *window) offerToFinish(f pendingFolder) {
	text := &widget.Label{Text: interruptedFolderSentence(f.Path), Wrapping: fyne.TextWrapWord}
	var card *widget.Card
	finish := widget.NewButton(lang.L("Finish"), func() {
		w.resumeBox.Remove(card)
		if q := w.addRow(f.Path); q != nil {
			q.chosen = true
			w.intoFolder([]*queued{q}, f.FolderID)
			w.update()
		}
	})
	finish.Importance = widget.HighImportance
	discard := widget.NewButton(lang.L("Discard"), func() {
		w.resumeBox.Remove(card)
		removePending(w.prefs, f.Path)
	})
	card = widget.NewCard("", "", container.NewBorder(nil, nil, nil, container.NewHBox(discard, finish), text))
	w.resumeBox.Add(card)
}
