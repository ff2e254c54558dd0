package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// demoSize is big enough for a chunked upload (several parts in parallel)
// and small enough to take seconds.
const demoSize = 120_000_000

// runDemoCommand opens the demo window, or runs the console demo where no
// window can be shown (or --console asks for it).
func runDemoCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var console bool
	opts, err := parseWindowArgs(args, func(fs *flag.FlagSet) {
		fs.BoolVar(&console, "console", false, "run the demo in the terminal")
	})
	if err != nil {
		return reportUsage(err, stdout, stderr)
	}
	if !console && hasDisplay() {
		opts.Demo = true
		return runWindow(opts, stderr)
	}
	if !console {
		fmt.Fprintln(stderr, noDisplaySentence())
	}
	return runDemo(ctx, opts.Files, stdout, stderr)
}

// runDemo uploads the given files (or a generated one) as new versions of a
// file in a fake Box running inside this process, and says what happened
// at each step.
func runDemo(ctx context.Context, files []string, stdout, stderr io.Writer) int {
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	fileID := box.AddFile("0", "Project video.mp4", []byte("version 1"))
	if len(files) == 0 {
		dir, err := os.MkdirTemp("", "boxuploader-demo-")
		if err != nil {
			return fail(stderr, err, true)
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "Project video.mp4")
		if _, err := boxtest.WriteRandomFile(path, demoSize); err != nil {
			return fail(stderr, err, true)
		}
		files = []string{path}
	}
	fmt.Fprintln(stdout, demoRunningSentence(box.URL))
	c := connectDemo(box, Settings{}).client(0)
	for _, path := range files {
		size, err := upload.CheckFile(path)
		if err != nil {
			return fail(stderr, err, false)
		}
		fmt.Fprintln(stdout, demoUploadingSentence(filepath.Base(path), size, fileID))
		if code := uploadAndReport(ctx, c, &uploadArgs{req: upload.Request{Path: path, FileID: fileID}}, stdout, stderr); code != ExitOK {
			return code
		}
		sum, err := upload.FileSHA1(path)
		if err != nil {
			return fail(stderr, err, false)
		}
		f, _ := box.File(fileID)
		fmt.Fprintln(stdout, demoResultSentence(len(f.Versions), f.Name, sum, f.SHA1 == sum))
	}
	return ExitOK
}
