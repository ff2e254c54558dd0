package app

import (
	"context"
	"errors"
	"fmt"
	"os"

	"boxuploader/upload"
)

// isDir says whether path is a folder (not following a symbolic link to one).
func isDir(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.IsDir()
}

// uploadTree uploads the folder dir into the Box folder of a, as a Box
// folder of the same name: it lists the tree first (one paged listing per
// Box folder), says what it will do, and with --dry-run stops there.
func uploadTree(ctx context.Context, c *upload.Client, a *uploadArgs, dir string, b *batch) {
	plan, err := c.PlanTree(ctx, dir, a.req.FolderID, upload.TreeOptions{KeepSystemFiles: a.keepSys, IfExists: a.ifExists})
	if err != nil {
		b.report(failedResult(dir, err))
		return
	}
	if !a.json {
		b.say(planSentence(dir, plan.Counts, a.dryRun))
	}
	if a.dryRun {
		for _, e := range plan.Entries {
			if r, ok := treeResult(e, true); ok {
				b.report(r)
			}
		}
		return
	}
	c.ApplyTree(ctx, plan, upload.ApplyOptions{
		OnResult: func(res upload.TreeResult) {
			if r, ok := treeResult(res.Entry, false); ok {
				if res.File != nil {
					r.ID, r.Name, r.Size, r.SHA1, r.VersionID, r.ETag, r.file = res.File.ID, res.File.Name,
						res.File.Size, res.File.SHA1, versionID(res.File), res.File.ETag, res.File
				}
				b.report(r)
			}
		},
		Progress: func(i int, p upload.Progress) { b.progress(plan.Entries[i].Path)(p) },
	})
}

// treeResult is the line of one entry of a folder's plan (planned) or of
// its upload; folders have none unless they failed or were refused.
func treeResult(e upload.TreeEntry, planned bool) (folderResult, bool) {
	r := folderResult{Path: e.Path, Name: e.Name, Size: e.Size, SHA1: e.SHA1}
	if e.Existing != nil {
		r.ID = e.Existing.ID
	}
	switch e.Action {
	case upload.TreeCreate, upload.TreeUpdate:
		r.Action = map[bool]string{true: "planned-create", false: "created"}[planned]
		if e.Action == upload.TreeUpdate {
			r.Action = map[bool]string{true: "planned-update", false: "updated"}[planned]
		}
	case upload.TreeUnchanged:
		r.Action = "unchanged"
	case upload.TreeSkipped:
		r.Action = "skipped"
		if !errors.Is(e.Err, upload.ErrNameTaken) {
			r.Reason = skipReason(e.Err, true)
		}
	case upload.TreeRefused:
		r.Action, r.Reason, r.err = "refused", Explain(e.Err), e.Err
	case upload.TreeFailed:
		r.Action, r.Error, r.err = "failed", Explain(e.Err), e.Err
	default:
		return r, false // a folder made or found
	}
	return r, !e.Dir || r.err != nil
}

// plannedResult is the --dry-run line of one file's decision.
func plannedResult(d upload.Decision) folderResult {
	r := folderResult{Path: d.Local.Path, Name: d.Name, Size: d.Local.Size, SHA1: d.SHA1}
	if d.Existing != nil {
		r.ID = d.Existing.ID
	}
	switch d.Action {
	case upload.ActionCreate:
		r.Action = "planned-create"
	case upload.ActionUpdate:
		r.Action = "planned-update"
	case upload.ActionUnchanged:
		r.Action = "unchanged"
	case upload.ActionSkip:
		r.Action = "skipped" // --if-exists skip: the folder has the name
	default:
		err := d.Err
		if err == nil {
			err = upload.ErrNameTaken
		}
		r.Action, r.Reason, r.err = "refused", Explain(err), err
	}
	return r
}

// say prints a sentence about the batch (not about one file).
func (b *batch) say(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.line.end()
	fmt.Fprintln(b.stdout, s)
}

// skipReason says why a file was left out; cli names the command line's
// flag rather than the window's setting.
func skipReason(err error, cli bool) string {
	switch {
	case errors.Is(err, upload.ErrSymlink):
		return symlinkSentence()
	case errors.Is(err, upload.ErrSystemFile):
		return systemFileSentence(cli)
	}
	return Explain(err)
}
