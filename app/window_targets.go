//go:build !nogui

package app

import (
	"context"
	"path/filepath"
	"strings"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
	"boxuploader/widgets"
)

// rowTarget is where one queued file goes in Box.
type rowTarget struct {
	folder   *boxapi.Folder // where it goes: the Box file's folder, or the folder of a new file
	file     *boxapi.File   // the Box file it becomes a new version of; nil = a new file
	name     string         // a new file's name in Box
	upToDate bool           // file already holds these bytes
	last     bool           // remembered from this file's last upload
	problem  string         // why it cannot go there; "" when it can
}

// ready says whether the row can be uploaded to its target now.
func (t *rowTarget) ready() bool { return t != nil && t.problem == "" && !t.upToDate }

// resolved is the outcome of finding a row's target in the background.
type resolved struct {
	target *rowTarget
	err    error
}

// matchInFolder finds, for each row, the file of the same name in the Box
// folder id (a new version), or makes it a new file there. The folder is
// listed once for all the rows; a file is hashed only when a same-named
// Box file has its size.
func (w *window) matchInFolder(rows []*queued, id string) {
	if len(rows) == 0 {
		return
	}
	locals := make([]upload.Local, len(rows))
	for i, q := range rows {
		q.resolving++
		q.row.SetTarget(lookingUpSentence(true), false)
		locals[i] = upload.Local{Path: q.path, Size: q.size}
	}
	seqs := resolving(rows)
	client := w.be.client
	w.work.Go(func() {
		ctx, cancel := context.WithTimeout(w.ctx, lookupTimeout)
		defer cancel()
		out := make([]resolved, len(rows))
		folder, err := client.FolderInfo(ctx, id)
		var items []boxapi.Item
		if err == nil {
			items, err = client.FolderItems(ctx, id)
		}
		if err == nil {
			for i, d := range upload.Plan(locals, items, upload.IfExistsVersion, upload.FileSHA1) {
				out[i].target, out[i].err = fromDecision(folder, d)
			}
		}
		w.ui.do(func() {
			for i, q := range rows {
				if out[i].target == nil {
					out[i].err = err
				}
				w.setRowTarget(q, seqs[i], out[i])
			}
		})
	})
}

// fromDecision is the target that the plan's decision d gives.
func fromDecision(folder *boxapi.Folder, d upload.Decision) (*rowTarget, error) {
	t := &rowTarget{folder: folder, name: d.Name}
	switch d.Action {
	case upload.ActionFailed:
		return nil, d.Err
	case upload.ActionNameTaken:
		t.problem = nameIsAFolderSentence(d.Name)
	case upload.ActionUpdate, upload.ActionUnchanged:
		t.file = fileOfItem(d.Existing, folder)
		t.upToDate = d.Action == upload.ActionUnchanged
		t.problem = fileProblem(t.file)
	default:
		if folder.Permissions != nil && !folder.Permissions.CanUpload {
			t.problem = viewOnlySentence("")
		}
	}
	return t, nil
}

// toFile makes the Box file id the row's target (a new version of it).
func (w *window) toFile(q *queued, id string, last bool) {
	q.resolving++
	q.row.SetTarget(lookingUpSentence(false), false)
	seq := q.resolving
	client := w.be.client
	path, size := q.path, q.size
	w.work.Go(func() {
		ctx, cancel := context.WithTimeout(w.ctx, lookupTimeout)
		defer cancel()
		r := resolved{}
		file, err := client.GetFile(ctx, id)
		var folder *boxapi.Folder
		if err == nil && file.Parent != nil {
			folder, err = client.FolderInfo(ctx, file.Parent.ID)
		}
		if err == nil {
			r.target = &rowTarget{folder: folder, file: file, last: last, problem: fileProblem(file)}
			r.target.upToDate, err = sameContent(path, size, file)
		}
		r.err = err
		w.ui.do(func() {
			if last && upload.KindOf(err) == upload.KindNotFound && seq == q.resolving {
				// Where it went last time is gone (deleted, in the trash):
				// the window's target applies again.
				q.chosen = false
				forget(w.prefs, q.path)
				w.applyTarget([]*queued{q})
				return
			}
			w.setRowTarget(q, seq, r)
		})
	})
}

// sameContent says whether the local file holds f's current bytes,
// hashing it only when the sizes are equal.
func sameContent(path string, size int64, f *boxapi.File) (bool, error) {
	if f.Size != size || f.SHA1 == "" {
		return false, nil
	}
	sum, err := upload.FileSHA1(path)
	return err == nil && strings.EqualFold(sum, f.SHA1), err
}

// fileProblem says why no new version of f can be uploaded, or "".
func fileProblem(f *boxapi.File) string {
	switch {
	case f.Lock != nil:
		return lockedSentence(f.Name)
	case f.Permissions != nil && !f.Permissions.CanUpload:
		return viewOnlySentence(f.Name)
	}
	return ""
}

// fileOfItem is a folder item as the Box file it is.
func fileOfItem(it *boxapi.Item, folder *boxapi.Folder) *boxapi.File {
	return &boxapi.File{
		Type: it.Type, ID: it.ID, ETag: it.ETag, Name: it.Name, Size: it.Size, SHA1: it.SHA1,
		FileVersion: it.FileVersion, ModifiedAt: it.ModifiedAt, ContentModifiedAt: it.ModifiedAt,
		ModifiedBy: it.ModifiedBy, Lock: it.Lock, Permissions: it.Permissions,
		Parent: &boxapi.Folder{Type: "folder", ID: folder.ID, Name: folder.Name},
	}
}

// resolving notes the look-up under way for each row, so that an answer
// that a newer choice overtook is dropped.
func resolving(rows []*queued) []int {
	seqs := make([]int, len(rows))
	for i, q := range rows {
		seqs[i] = q.resolving
	}
	return seqs
}

// setRowTarget shows the target found for q, unless a newer choice was made
// meanwhile or the row no longer waits.
func (w *window) setRowTarget(q *queued, seq int, r resolved) {
	if seq != q.resolving || (q.state != widgets.StateWaiting && q.state != widgets.StateUpToDate) {
		return
	}
	defer w.update()
	if r.err != nil {
		q.target = nil
		q.row.SetTarget(Explain(r.err), true)
		return
	}
	q.target = r.target
	t := r.target
	if t.problem != "" {
		q.row.SetTarget(t.problem, true)
	} else {
		q.row.SetTarget(targetLine(t.folder, t.file, t.name, t.last), renamed(q, t))
	}
	switch {
	case t.upToDate:
		q.setState(widgets.StateUpToDate, upToDateSentence())
	default:
		q.setState(widgets.StateWaiting, waitingSentence())
	}
}

// renamed says whether the row replaces a Box file of another name or
// type, which the person should notice before anything is sent.
func renamed(q *queued, t *rowTarget) bool {
	return t.file != nil && upload.NameKey(t.file.Name) != upload.NameKey(filepath.Base(q.path))
}

// applyTarget gives the rows that have no target of their own the window's
// target: one file waiting and a Box file chosen → a new version of it;
// otherwise each file is matched by name in the chosen folder (or the
// chosen file's folder), and each folder goes into it.
func (w *window) applyTarget(rows []*queued) {
	var open []*queued
	for _, q := range rows {
		if !q.chosen && !q.taken && (q.state == widgets.StateWaiting || q.state == widgets.StateUpToDate) {
			open = append(open, q)
		}
	}
	switch {
	case len(open) == 0:
	case w.tgt.file != nil && len(open) == 1 && open[0].folder == nil:
		w.toFile(open[0], w.tgt.file.ID, false)
	case w.tgt.file != nil && w.tgt.file.Parent != nil:
		w.intoFolder(open, w.tgt.file.Parent.ID)
	case w.tgt.folder != nil:
		w.intoFolder(open, w.tgt.folder.ID)
	}
}
