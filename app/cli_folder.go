package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
)

// folderResult is one line of `upload --folder-id --json`: what became of
// one local file.
type folderResult struct {
	Path      string `json:"path"`
	Action    string `json:"action"` // created, updated, unchanged, skipped or failed
	ID        string `json:"id,omitempty"`
	Name      string `json:"name,omitempty"`
	Size      int64  `json:"size,omitempty"`
	SHA1      string `json:"sha1,omitempty"`
	VersionID string `json:"version_id,omitempty"`
	ETag      string `json:"etag,omitempty"`
	Error     string `json:"error,omitempty"`

	err  error        // the failure behind Error
	file *boxapi.File // what Box holds now, after an upload
}

// uploadToFolder places each file in the folder, matched by name against
// the folder's files (listed once), and reports each: `--json` one object
// per file and line, else one sentence each. Every file is tried; the exit
// code is 0 only if none failed.
func uploadToFolder(ctx context.Context, c *upload.Client, a *uploadArgs, stdout, stderr io.Writer) int {
	defer debug.SetGCPercent(debug.SetGCPercent(10)) // as uploadAndReport
	items, err := c.FolderItems(ctx, a.req.FolderID)
	if err != nil {
		return fail(stderr, err, a.verbose)
	}
	var locals []upload.Local
	var results []folderResult
	for _, p := range a.files {
		size, err := upload.CheckFile(p)
		if err != nil {
			results = append(results, failedResult(p, err))
			continue
		}
		locals = append(locals, upload.Local{Path: p, Size: size, Name: a.req.Name})
	}
	for _, d := range upload.Plan(locals, items, a.ifExists, fileSHA1) {
		results = append(results, place(ctx, c, a, d, stderr))
		if ctx.Err() != nil {
			break
		}
	}
	code := ExitOK
	for _, r := range results {
		report(r, a, stdout, stderr)
		if r.err != nil && code == ExitOK {
			code = exitCode(r.err)
		}
	}
	return code
}

// place carries out one decision of the plan.
func place(ctx context.Context, c *upload.Client, a *uploadArgs, d upload.Decision, stderr io.Writer) folderResult {
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
	f, err := uploadWithProgress(ctx, c, req, stderr)
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

// report prints what became of one file.
func report(r folderResult, a *uploadArgs, stdout, stderr io.Writer) {
	if a.json {
		json.NewEncoder(stdout).Encode(r)
		return
	}
	if r.err != nil {
		fmt.Fprintln(stderr, fileFailedSentence(r.Path, r.err))
		if a.verbose {
			printDetails(stderr, r.err)
		}
		return
	}
	fmt.Fprintln(stdout, folderResultSentence(r))
}
