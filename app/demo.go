package app

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2/lang"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// demoSize is big enough for a chunked upload (several parts in parallel)
// and small enough to take seconds.
const demoSize = 120_000_000

// runDemo uploads a generated file as a new version of a file in a fake Box
// running inside this process, and says what happened at each step.
func runDemo(ctx context.Context, stdout, stderr io.Writer) int {
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	fileID := box.AddFile("0", "Project video.mp4", []byte("version 1"))

	dir, err := os.MkdirTemp("", "boxuploader-demo-")
	if err != nil {
		return fail(stderr, err, true)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "Project video.mp4")
	sum, err := writeRandomFile(path, demoSize)
	if err != nil {
		return fail(stderr, err, true)
	}
	fmt.Fprintln(stdout, lang.L("Demo: a fake Box is running at {{.URL}}.", data{"URL": box.URL}))
	fmt.Fprintln(stdout, lang.L("Uploading {{.File}} ({{.Size}}) as a new version of Box file {{.ID}}…",
		data{"File": filepath.Base(path), "Size": formatSize(demoSize), "ID": fileID}))

	c := &upload.Client{APIURL: box.APIURL, UploadURL: box.UploadURL, Tokens: upload.StaticToken(box.NewAccessToken())}
	code := uploadAndReport(ctx, c, &uploadArgs{req: upload.Request{Path: path, FileID: fileID}}, stdout, stderr)
	if code != ExitOK {
		return code
	}
	f, _ := box.File(fileID)
	n := len(f.Versions)
	d := data{"Count": n, "Name": f.Name, "SHA1": sum}
	if f.SHA1 == sum {
		fmt.Fprintln(stdout, lang.N("The fake Box now holds {{.Count}} versions of {{.Name}}; the newest one's SHA-1 matches the local file's ({{.SHA1}}).", n, d))
	} else {
		fmt.Fprintln(stdout, lang.N("The fake Box now holds {{.Count}} versions of {{.Name}}; the newest one's SHA-1 DOES NOT match the local file's ({{.SHA1}}).", n, d))
	}
	return code
}

// writeRandomFile fills path with size pseudo-random bytes and returns their SHA-1.
func writeRandomFile(path string, size int64) (string, error) {
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha1.New()
	rng := rand.NewChaCha8([32]byte{1})
	if _, err := io.CopyN(io.MultiWriter(f, h), rng, size); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), f.Close()
}
