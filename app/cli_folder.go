package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"sync"

	"golang.org/x/sync/errgroup"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
)

// folderResult is one line of `upload --folder-id --json`: what became of
// one local file.
type folderResult struct {
	Path      string `json:"path"`
	Action    string `json:"action"` // created, updated, unchanged, skipped, refused or failed; planned-create or planned-update with --dry-run
	ID        string `json:"id,omitempty"`
	Name      string `json:"name,omitempty"`
	Size      int64  `json:"size,omitempty"`
	SHA1      string `json:"sha1,omitempty"`
	VersionID string `json:"version_id,omitempty"`
	ETag      string `json:"etag,omitempty"`
	Error     string `json:"error,omitempty"`
	Reason    string `json:"reason,omitempty"` // why it is skipped or refused

	err  error        // the failure behind Error
	file *boxapi.File // what Box holds now, after an upload
}

// uploadToFolder places each file in the folder, matched by name against
// the folder's files (listed once), several at a time under one budget of
// parts in flight (--parallel), and reports each as it ends: `--json` one
// object per file and line, else one sentence each. Every file is tried;
// the exit code is 0 only if none failed.
func uploadToFolder(ctx context.Context, c *upload.Client, a *uploadArgs, stdout, stderr io.Writer) int {
	defer debug.SetGCPercent(debug.SetGCPercent(10)) // as uploadAndReport
	items, err := c.FolderItems(ctx, a.req.FolderID)
	if err != nil {
		return fail(stderr, err, a.verbose)
	}
	b := newBatch(a, stdout, stderr)
	var locals []upload.Local
	var dirs []string
	for _, p := range a.files {
		if isDir(p) {
			dirs = append(dirs, p)
			continue
		}
		size, err := upload.CheckFile(p)
		if err != nil {
			b.report(failedResult(p, err))
			continue
		}
		locals = append(locals, upload.Local{Path: p, Size: size, Name: a.req.Name})
	}
	c.Budget = upload.NewBudget(a.parallel)
	decisions := upload.Plan(locals, items, a.ifExists, upload.FileSHA1)
	if a.dryRun {
		for _, d := range decisions {
			b.report(plannedResult(d))
		}
	} else {
		var g errgroup.Group
		g.SetLimit(c.Budget.Size())
		for _, d := range decisions {
			g.Go(func() error {
				b.report(place(ctx, c, a, d, b.progress(d.Local.Path)))
				return nil
			})
		}
		g.Wait()
	}
	for _, dir := range dirs {
		uploadTree(ctx, c, a, dir, b)
	}
	b.line.end()
	return b.code
}

// batch reports the files of one `upload --folder-id` as they end, under
// one progress line for them all.
type batch struct {
	a              *uploadArgs
	stdout, stderr io.Writer
	mu             sync.Mutex
	line           *progressLine
	files          map[string]upload.Progress // by file
	code           int                        // the exit code so far
}

func newBatch(a *uploadArgs, stdout, stderr io.Writer) *batch {
	return &batch{a: a, stdout: stdout, stderr: stderr, line: newProgressLine(stderr), files: map[string]upload.Progress{}}
}

// progress is the progress callback of the file called key: the line
// shows every file's bytes added up.
func (b *batch) progress(key string) func(upload.Progress) {
	return func(p upload.Progress) {
		b.mu.Lock()
		defer b.mu.Unlock()
		b.files[key] = p
		var all upload.Progress
		all.Phase = upload.PhaseFinishing
		for _, f := range b.files {
			all.Sent, all.Total, all.Rate = all.Sent+f.Sent, all.Total+f.Total, all.Rate+f.Rate
			all.WaitingForNetwork = all.WaitingForNetwork || f.WaitingForNetwork
			if f.Phase == upload.PhaseUploading || f.Phase == upload.PhasePreparing {
				all.Phase = upload.PhaseUploading
			}
		}
		b.line.show(all)
	}
}

// report prints what became of one file, and notes a failure's exit code.
func (b *batch) report(r folderResult) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.line.end()
	if r.err != nil && b.code == ExitOK {
		b.code = exitCode(r.err)
	}
	if b.a.json {
		json.NewEncoder(b.stdout).Encode(r)
		return
	}
	if r.err != nil {
		fmt.Fprintln(b.stderr, fileFailedSentence(r.Path, r.err))
		if b.a.verbose {
			printDetails(b.stderr, r.err)
		}
		return
	}
	fmt.Fprintln(b.stdout, folderResultSentence(r))
}

// place carries out one decision of the plan.
func place(ctx context.Context, c *upload.Client, a *uploadArgs, d upload.Decision, progress func(upload.Progress)) folderResult {
	req := a.req
	req.Path, req.Name = d.Local.Path, ""
	switch d.Action {
	case upload.ActionUnchanged:
		r := itemResult(d.Local.Path, "unchanged", d.Existing)
		r.Size, r.SHA1 = d.Local.Size, d.SHA1
		return r
	case upload.ActionSkip:
		return itemResult(d.Local.Path, "skipped", d.Existing)
	case upload.ActionNameTaken:
		return failedResult(d.Local.Path, upload.ErrNameTaken)
	case upload.ActionFailed:
		return failedResult(d.Local.Path, d.Err)
	case upload.ActionUpdate:
		req.FolderID, req.FileID, req.ETag = "", d.Existing.ID, d.Existing.ETag
	case upload.ActionCreate:
		req.Name = d.Name
	}
	req.Progress = progress
	f, err := c.Upload(ctx, req)
	if err != nil {
		return failedResult(d.Local.Path, err)
	}
	action := "created"
	if d.Action == upload.ActionUpdate {
		action = "updated"
	}
	return folderResult{
		Path: d.Local.Path, Action: action, ID: f.ID, Name: f.Name, Size: f.Size,
		SHA1: f.SHA1, VersionID: versionID(f), ETag: f.ETag, file: f,
	}
}

func itemResult(path, action string, it *boxapi.Item) folderResult {
	r := folderResult{Path: path, Action: action, ID: it.ID, Name: it.Name, Size: it.Size, SHA1: it.SHA1, ETag: it.ETag}
	if it.FileVersion != nil {
		r.VersionID = it.FileVersion.ID
	}
	return r
}

func failedResult(path string, err error) folderResult {
	return folderResult{Path: path, Action: "failed", Error: Explain(err), err: err}
}
