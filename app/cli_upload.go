package app

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
)

// uploadArgs is a parsed `upload` command line.
type uploadArgs struct {
	req      upload.Request // the one file (--file-id), or the options of each file (--folder-id)
	files    []string
	ifExists upload.IfExists
	parallel int
	json     bool
	verbose  bool
	dryRun   bool  // say what would happen, send nothing
	keepSys  bool  // upload system and temporary files of folders too
	bwlimit  int64 // bytes per second at most, 0 = no cap
}

// ifExistsWords are --if-exists' values.
var ifExistsWords = map[string]upload.IfExists{
	"version": upload.IfExistsVersion, "skip": upload.IfExistsSkip,
	"rename": upload.IfExistsRename, "fail": upload.IfExistsFail,
}

func parseUploadArgs(args []string) (*uploadArgs, error) {
	fs := flag.NewFlagSet("upload", flag.ContinueOnError)
	var a uploadArgs
	var fileID, folderID, ifExists, bwlimit string
	fs.StringVar(&fileID, "file-id", "", "Box file ID or link: upload a new version of it")
	fs.StringVar(&folderID, "folder-id", "", "Box folder ID or link: upload the files into it")
	fs.StringVar(&ifExists, "if-exists", "version", "what to do when the folder has a file of the same name")
	fs.StringVar(&a.req.Name, "name", "", "new name for the Box file")
	fs.IntVar(&a.parallel, "parallel", 0, fmt.Sprintf("parts in flight (1-%d; default: as many as the link rewards)", upload.MaxParallel))
	fs.BoolVar(&a.json, "json", false, "print the uploaded file as JSON on stdout")
	fs.BoolVar(&a.verbose, "verbose", false, "print technical details of a failure")
	fs.BoolVar(&a.dryRun, "dry-run", false, "say what would happen, send nothing")
	fs.BoolVar(&a.keepSys, "keep-system-files", false, "upload .DS_Store, Thumbs.db, ~$ and .tmp files of folders too")
	fs.StringVar(&bwlimit, "bwlimit", "", "cap the upload speed, in bytes per second: 512K, 2M, 1.5G (powers of 1024)")
	fs.BoolVar(&a.req.NoResume, "no-resume", false, "start afresh even if an interrupted upload of this file could go on")
	files, err := parseInterspersed(fs, args)
	policy, known := ifExistsWords[ifExists]
	var bwErr error
	a.bwlimit, bwErr = parseBandwidth(bwlimit)
	switch {
	case err != nil:
		return nil, err
	case bwErr != nil:
		return nil, bwlimitMistake()
	case len(files) == 0 || (len(files) > 1 && (fileID != "" || a.req.Name != "")):
		return nil, oneFileMistake()
	case (fileID == "") == (folderID == ""):
		return nil, noTargetMistake()
	case a.parallel < 0 || a.parallel > upload.MaxParallel: // 0: adaptive
		return nil, parallelMistake()
	case !known:
		return nil, ifExistsMistake()
	}
	a.files, a.ifExists, a.req.Path = files, policy, files[0]
	if fileID != "" {
		a.req.FileID, err = upload.ParseFileID(fileID)
	} else {
		a.req.FolderID, err = upload.ParseFolderID(folderID)
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

func runUpload(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a, err := parseUploadArgs(args)
	if err != nil {
		return reportUsage(err, stdout, stderr)
	}
	env, err := EnvFrom(os.Getenv)
	if err != nil {
		return fail(stderr, err, a.verbose)
	}
	c := connect(env, Settings{Bandwidth: newBandwidth(a.bwlimit)}).client(a.parallel)
	if a.req.FolderID != "" {
		return uploadToFolder(ctx, c, a, stdout, stderr)
	}
	return uploadAndReport(ctx, c, a, stdout, stderr)
}

// uploadAndReport runs the upload, shows progress on a terminal, and prints
// the result (or one sentence saying what went wrong).
func uploadAndReport(ctx context.Context, c *upload.Client, a *uploadArgs, stdout, stderr io.Writer) int {
	// Uploading is all this process does now, and most of its heap is part
	// buffers without pointers: collecting more often costs little and
	// keeps memory near parts in flight × part size, where Go's default
	// would let the heap grow to twice that.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	file, err := uploadWithProgress(ctx, c, a.req, stderr)
	if err != nil {
		return fail(stderr, err, a.verbose)
	}
	if a.json {
		return printJSON(stdout, file)
	}
	fmt.Fprintln(stdout, uploadedSentence(filepath.Base(a.req.Path), file, a.req.FileID != ""))
	return ExitOK
}

// uploadWithProgress uploads req, drawing its progress on stderr when that
// is a terminal.
func uploadWithProgress(ctx context.Context, c *upload.Client, req upload.Request, stderr io.Writer) (*boxapi.File, error) {
	line := newProgressLine(stderr)
	req.Progress = line.show
	req.OnRestart = func(why upload.Kind) {
		line.end()
		fmt.Fprintln(stderr, restartSentence(why))
	}
	defer line.end()
	return c.Upload(ctx, req)
}

// versionID is the ID of the file's current version.
func versionID(f *boxapi.File) string {
	if f.FileVersion != nil {
		return f.FileVersion.ID
	}
	return ""
}

func printJSON(w io.Writer, f *boxapi.File) int {
	out := struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		Size      int64  `json:"size"`
		SHA1      string `json:"sha1"`
		VersionID string `json:"version_id"`
		ETag      string `json:"etag"`
	}{f.ID, f.Name, f.Size, f.SHA1, versionID(f), f.ETag}
	if err := json.NewEncoder(w).Encode(out); err != nil {
		return ExitFailed
	}
	return ExitOK
}

// quoted is name as Go quotes it, for English; other languages put the
// name in their own quotation marks.
func quoted(name string) string { return strconv.Quote(name) }
