// Package app wires the uploader together for people: the command line and
// the window. It owns every sentence a person reads (messages.go and the
// translations).
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"fyne.io/fyne/v2/lang"

	"boxuploader/upload"
)

// Exit codes of the command line.
const (
	ExitOK       = 0
	ExitFailed   = 1   // Box or the network refused or failed
	ExitBadInput = 2   // the command line, the file or the ID is wrong
	ExitCanceled = 130 // interrupted (as shells report Ctrl-C)
)

// Name is the command's name in help texts.
const Name = "boxuploader"

// Main runs the command line with args (without the program name) and
// returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	useTranslations() // before anything is said, in the window or here
	if len(args) == 0 || !isCommand(args[0]) {
		if cmd, ok := mistypedCommand(args); ok {
			fmt.Fprintln(stderr, unknownCommand(cmd))
			return ExitBadInput
		}
		opts, err := parseWindowArgs(args, nil)
		if err != nil {
			return reportUsage(err, stdout, stderr)
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
	case "demo":
		return runDemoCommand(ctx, args[1:], stdout, stderr)
	case "ls":
		return runLs(ctx, args[1:], stdout, stderr)
	}
	usage(stdout) // help, -h, --help
	return ExitOK
}

// commands are the command-line verbs; anything else opens the window.
var commands = []string{"upload", "ls", "login", "whoami", "logout", "demo", "help", "-h", "-help", "--help"}

func isCommand(s string) bool { return slices.Contains(commands, s) }

// mistypedCommand returns the first argument when it is no file and looks
// like a command ("uplaod"), so that a typo does not open the window.
func mistypedCommand(args []string) (string, bool) {
	if len(args) == 0 {
		return "", false
	}
	a := args[0]
	if a == "" || strings.ContainsAny(a, `./\:`) || strings.HasPrefix(a, "-") {
		return "", false
	}
	for _, r := range a {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_') {
			return "", false
		}
	}
	if _, err := os.Stat(a); err == nil {
		return "", false // a file named like a word
	}
	return a, true
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
  {{.Command}} upload --file-id ID|LINK [--name NEW] [--parallel N] [--bwlimit SPEED] [--json] [--no-resume] [--verbose] FILE
  {{.Command}} upload --folder-id ID|LINK [--if-exists version|skip|rename|fail] [--name NAME]
         [--dry-run] [--keep-system-files] [--parallel N] [--bwlimit SPEED] [--json] [--no-resume] [--verbose] FILE|FOLDER...
                             each file into the folder: a new version of the file of
                             the same name there (or as --if-exists says), else a new file;
                             a FOLDER becomes a Box folder of its name, only what changed goes up
  {{.Command}} ls ID|LINK [--json]    list a Box folder (0 is All Files)
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
HTTPS_PROXY and NO_PROXY (a proxy, http://user:password@host:port; on Windows
and macOS the system's proxy settings otherwise).
`, data{"Command": Name}))
}

// parseInterspersed parses args with fs, taking options after the file
// names too, as people type them, and returns the file names.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard) // mistakes are said in one sentence by reportUsage
	var files []string
	for rest := args; ; {
		if err := fs.Parse(rest); errors.Is(err, flag.ErrHelp) {
			return nil, err
		} else if err != nil {
			return nil, flagMistake(err)
		}
		if fs.NArg() == 0 {
			return files, nil
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
}

// reportUsage says what is wrong with a command line (or prints the help
// it asked for) and returns the exit code.
func reportUsage(err error, stdout, stderr io.Writer) int {
	var ue usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		usage(stdout)
		return ExitOK
	case errors.As(err, &ue):
		usageMistake(stderr, ue)
		return ExitBadInput
	}
	return fail(stderr, err, false)
}

// usageMistake prints a mistake on the command line, and where to read how
// to use it.
func usageMistake(stderr io.Writer, ue usageError) {
	fmt.Fprintln(stderr, usageMistakeSentence(ue.msg))
}

// usageError is a mistake on the command line, said as a sentence.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// fail prints the sentence for err (and, if verbose, the technical detail)
// and returns the exit code for it.
func fail(stderr io.Writer, err error, verbose bool) int {
	fmt.Fprintln(stderr, cliExplain(err))
	if verbose {
		printDetails(stderr, err)
	}
	return exitCode(err)
}

// printDetails prints the technical side of err, for support.
func printDetails(stderr io.Writer, err error) {
	fmt.Fprintln(stderr, lang.L("Details:"), err)
}

// exitCode is the command's exit code after err.
func exitCode(err error) int {
	switch upload.KindOf(err) {
	case upload.KindCanceled:
		return ExitCanceled
	case upload.KindFileMissing, upload.KindNotAFile, upload.KindUnreadable, upload.KindInUse, upload.KindEmptyFile,
		upload.KindBadFileID, upload.KindBadFolderID, upload.KindFolderLink, upload.KindFileLink,
		upload.KindSharedLink, upload.KindInsecureURL, upload.KindBadURL:
		return ExitBadInput
	}
	return ExitFailed
}

// WindowOptions is what the command line hands the window.
type WindowOptions struct {
	Demo     bool
	FileID   string   // a Box file ID or link to fill in
	FolderID string   // or a folder ID or link
	Files    []string // local files to queue
}

// parseWindowArgs reads `[--file-id ID | --folder-id ID] [FILE...]`, and
// the options that more adds.
func parseWindowArgs(args []string, more func(*flag.FlagSet)) (WindowOptions, error) {
	fs := flag.NewFlagSet(Name, flag.ContinueOnError)
	var o WindowOptions
	fs.StringVar(&o.FileID, "file-id", "", "Box file ID or link to replace")
	fs.StringVar(&o.FolderID, "folder-id", "", "Box folder ID or link to add to")
	if more != nil {
		more(fs)
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return o, err
	}
	o.Files = files
	if o.FileID != "" && o.FolderID != "" {
		return o, bothTargetsMistake()
	}
	return o, nil
}
