// Package app wires the uploader together for people: the command line now,
// the window later. It owns every sentence a person reads.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"fyne.io/fyne/v2/lang"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
)

// Exit codes of the command line.
const (
	ExitOK       = 0
	ExitFailed   = 1   // Box or the network refused or failed
	ExitBadInput = 2   // the command line, the file or the ID is wrong
	ExitCanceled = 130 // interrupted (as shells report Ctrl-C)
)

// gcPercent is the garbage collector's target (Go's default is 100).
const gcPercent = 10

// Name is the command's name in help texts.
const Name = "boxuploader"

// Env is the server configuration read from BOX_* environment variables.
type Env struct {
	APIURL, UploadURL, AuthURL, TokenURL, RevokeURL string
	AccessToken                                     string // a developer token, used as is
}

// EnvFrom reads the BOX_* variables through getenv, filling Box's defaults,
// and refuses addresses that would send tokens in clear text.
func EnvFrom(getenv func(string) string) (Env, error) {
	pick := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	e := Env{
		APIURL:      pick("BOX_API_URL", upload.DefaultAPIURL),
		UploadURL:   pick("BOX_UPLOAD_URL", upload.DefaultUploadURL),
		AuthURL:     pick("BOX_AUTH_URL", "https://account.box.com/api/oauth2/authorize"),
		TokenURL:    pick("BOX_TOKEN_URL", "https://api.box.com/oauth2/token"),
		RevokeURL:   pick("BOX_REVOKE_URL", "https://api.box.com/oauth2/revoke"),
		AccessToken: strings.TrimSpace(getenv("BOX_ACCESS_TOKEN")),
	}
	for _, u := range []string{e.APIURL, e.UploadURL, e.AuthURL, e.TokenURL, e.RevokeURL} {
		if err := upload.CheckBaseURL(u); err != nil {
			return Env{}, err
		}
	}
	return e, nil
}

// Main runs the command line with args (without the program name) and
// returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	useTranslations() // before anything is said, in the window or here
	// Most of the heap is part buffers without pointers: collecting more
	// often costs little and keeps memory near parts in flight × part size,
	// where the default would let the heap grow to twice that.
	debug.SetGCPercent(gcPercent)
	if len(args) > 0 && args[0] == "demo" {
		rest, console := withoutFlag(args[1:], "--console")
		return windowOrConsoleDemo(rest, stdout, stderr, console)
	}
	if len(args) == 0 || !isCommand(args[0]) {
		opts, err := parseWindowArgs(args, stderr)
		var ue usageError
		switch {
		case errors.As(err, &ue):
			usageMistake(stderr, ue)
			return ExitBadInput
		case err != nil:
			return ExitBadInput
		}
		return runWindow(opts, stderr)
	}
	ctx := interruptContext()
	switch args[0] {
	case "upload":
		return runUpload(ctx, args[1:], stdout, stderr)
	case "login":
		return runLogin(ctx, args[1:], stdout, stderr)
	case "whoami":
		return runWhoami(ctx, stdout, stderr)
	case "logout":
		return runLogout(ctx, stdout, stderr)
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return ExitOK
	}
	return ExitBadInput
}

// commands are the command-line verbs; anything else opens the window.
var commands = []string{"upload", "login", "whoami", "logout", "help", "-h", "-help", "--help"}

func isCommand(s string) bool { return slices.Contains(commands, s) }

// withoutFlag removes flag from args and says whether it was there.
func withoutFlag(args []string, flag string) ([]string, bool) {
	i := slices.Index(args, flag)
	if i < 0 {
		return args, false
	}
	return slices.Delete(slices.Clone(args), i, i+1), true
}

// interruptContext ends on Ctrl-C or SIGTERM. The program exits soon after,
// so it is never stopped.
func interruptContext() context.Context {
	ctx, _ := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	return ctx
}

func usage(w io.Writer) {
	// One text, so that each language aligns its own columns.
	fmt.Fprint(w, lang.X("cli.usage", `Usage:
  {{.Command}} upload --file-id ID|LINK [--name NEW] [--parallel N] [--json] [--no-resume] [--verbose] FILE
  {{.Command}} upload --folder-id ID|LINK [--name NAME] [--parallel N] [--json] [--no-resume] [--verbose] FILE
  {{.Command}} login [--no-browser]   sign in to Box in your browser (once)
  {{.Command}} whoami                 show the signed-in account
  {{.Command}} logout                 sign out and forget the sign-in
  {{.Command}} demo [--console] [FILE...]
                             try the app with a pretend Box inside it (the window,
                             or with --console an upload in the terminal)
  {{.Command}} [--file-id ID|LINK | --folder-id ID|LINK] [FILE...]
                             open the window, with the target and files filled in

Environment: BOX_ACCESS_TOKEN (a developer token, instead of the signed-in
account), BOX_CLIENT_ID and BOX_CLIENT_SECRET (the Box app to sign in with),
BOX_API_URL, BOX_UPLOAD_URL, BOX_AUTH_URL, BOX_TOKEN_URL, BOX_REVOKE_URL (other
servers; plain http only to this machine).
`, data{"Command": Name}))
}

// usageMistake prints a mistake on the command line, and where to read how
// to use it.
func usageMistake(stderr io.Writer, ue usageError) {
	fmt.Fprintln(stderr, lang.L("{{.Mistake}}. Run '{{.Command}} help' for how to use it.", data{"Mistake": ue.msg, "Command": Name}))
}

// uploadArgs is a parsed `upload` command line.
type uploadArgs struct {
	req      upload.Request
	parallel int
	json     bool
	verbose  bool
}

func parseUploadArgs(args []string, stderr io.Writer) (*uploadArgs, error) {
	fs := flag.NewFlagSet("upload", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // mistakes are said in one sentence below
	var a uploadArgs
	var fileID, folderID string
	fs.StringVar(&fileID, "file-id", "", "Box file ID or link: upload a new version of it")
	fs.StringVar(&folderID, "folder-id", "", "Box folder ID or link: upload a new file into it")
	fs.StringVar(&a.req.Name, "name", "", "new name for the Box file")
	fs.IntVar(&a.parallel, "parallel", upload.DefaultParallel, fmt.Sprintf("parts in flight (1-%d)", upload.MaxParallel))
	fs.BoolVar(&a.json, "json", false, "print the uploaded file as JSON on stdout")
	fs.BoolVar(&a.verbose, "verbose", false, "print technical details of a failure")
	fs.BoolVar(&a.req.NoResume, "no-resume", false, "start afresh even if an interrupted upload of this file could go on")
	// Accept flags after the file name too, as people type them.
	var files []string
	for rest := args; ; {
		if err := fs.Parse(rest); errors.Is(err, flag.ErrHelp) {
			return nil, err
		} else if err != nil {
			return nil, flagMistake(err)
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	switch {
	case len(files) != 1:
		return nil, usageError{lang.L("Give exactly one file to upload")}
	case (fileID == "") == (folderID == ""):
		return nil, usageError{lang.L("Give either --file-id (a new version of a Box file) or --folder-id (a new file in a Box folder)")}
	case a.parallel < 1 || a.parallel > upload.MaxParallel:
		return nil, usageError{lang.L("--parallel must be between 1 and {{.Max}}", data{"Max": upload.MaxParallel})}
	}
	a.req.Path = files[0]
	var err error
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
	a, err := parseUploadArgs(args, stderr)
	var ue usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		usage(stdout)
		return ExitOK
	case errors.As(err, &ue):
		usageMistake(stderr, ue)
		return ExitBadInput
	case err != nil:
		return fail(stderr, err, false)
	}
	env, err := EnvFrom(os.Getenv)
	if err != nil {
		return fail(stderr, err, a.verbose)
	}
	cfg := authConfig(env, os.Getenv)
	c := &upload.Client{APIURL: env.APIURL, UploadURL: env.UploadURL,
		Tokens: tokens(env, cfg, tokenStore()), Parallel: a.parallel, StateDir: stateDir()}
	return uploadAndReport(ctx, c, a, stdout, stderr)
}

// uploadAndReport runs the upload, shows progress on a terminal, and prints
// the result (or one sentence saying what went wrong).
func uploadAndReport(ctx context.Context, c *upload.Client, a *uploadArgs, stdout, stderr io.Writer) int {
	line := newProgressLine(stderr)
	a.req.Progress = line.show
	a.req.OnRestart = func(why upload.Kind) {
		line.end()
		fmt.Fprintln(stderr, restartSentence(why))
	}
	file, err := c.Upload(ctx, a.req)
	line.end()
	if err != nil {
		return fail(stderr, err, a.verbose)
	}
	if a.json {
		return printJSON(stdout, file)
	}
	// Quoted is the name as Go quotes it, for English; other languages
	// put Name in their own quotation marks.
	d := data{"File": filepath.Base(a.req.Path), "Size": formatSize(file.Size), "Name": file.Name,
		"Quoted": strconv.Quote(file.Name), "ID": file.ID, "Version": orUnknown(file.VersionNumber)}
	if a.req.FileID != "" {
		fmt.Fprintln(stdout, lang.L("Uploaded {{.File}} ({{.Size}}): Box file {{.Quoted}} (ID {{.ID}}) is now at version {{.Version}}.", d))
	} else {
		fmt.Fprintln(stdout, lang.L("Uploaded {{.File}} ({{.Size}}) as the new Box file {{.Quoted}} (ID {{.ID}}).", d))
	}
	return ExitOK
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
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

// flagMistake says what the flag package found wrong, as a sentence.
func flagMistake(err error) usageError {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return usageError{lang.L("There is no option {{.Option}}", data{"Option": name})}
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return usageError{lang.L("{{.Option}} needs a value after it", data{"Option": name})}
	}
	if _, rest, ok := strings.Cut(msg, " for flag "); ok {
		name, _, _ := strings.Cut(rest, ":")
		return usageError{lang.L("The value given to {{.Option}} is not right", data{"Option": name})}
	}
	return usageError{lang.L("The command line is not right")}
}

// usageError is a mistake on the command line, said as a sentence.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// fail prints the sentence for err (and, if verbose, the technical detail)
// and returns the exit code for it.
func fail(stderr io.Writer, err error, verbose bool) int {
	if hint := cliHint(err); hint != "" {
		// Japanese runs its sentences together; English puts a space.
		fmt.Fprintln(stderr, lang.X("cli.sentence.hint", "{{.Sentence}} {{.Hint}}", data{"Sentence": Explain(err), "Hint": hint}))
	} else {
		fmt.Fprintln(stderr, Explain(err))
	}
	if verbose {
		fmt.Fprintln(stderr, lang.L("Details:"), err)
	}
	switch upload.KindOf(err) {
	case upload.KindCanceled:
		return ExitCanceled
	case upload.KindFileMissing, upload.KindNotAFile, upload.KindUnreadable, upload.KindEmptyFile,
		upload.KindBadFileID, upload.KindBadFolderID, upload.KindFolderLink, upload.KindFileLink,
		upload.KindSharedLink, upload.KindInsecureURL, upload.KindBadURL:
		return ExitBadInput
	}
	return ExitFailed
}
