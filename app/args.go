package app

import (
	"errors"
	"flag"
	"io"

	"fyne.io/fyne/v2/lang"
)

// WindowOptions is what the command line hands the window.
type WindowOptions struct {
	Demo     bool
	FileID   string   // a Box file ID or link to fill in
	FolderID string   // or a folder ID or link
	Files    []string // local files to queue
}

// parseWindowArgs reads `[--file-id ID | --folder-id ID] [FILE...]`.
func parseWindowArgs(args []string, stderr io.Writer) (WindowOptions, error) {
	fs := flag.NewFlagSet(Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // mistakes are said in one sentence by the caller
	var o WindowOptions
	fs.StringVar(&o.FileID, "file-id", "", "Box file ID or link to replace")
	fs.StringVar(&o.FolderID, "folder-id", "", "Box folder ID or link to add to")
	for rest := args; ; {
		if err := fs.Parse(rest); errors.Is(err, flag.ErrHelp) {
			usage(stderr)
			return o, err
		} else if err != nil {
			return o, flagMistake(err)
		}
		if fs.NArg() == 0 {
			break
		}
		o.Files = append(o.Files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if o.FileID != "" && o.FolderID != "" {
		return o, usageError{lang.L("Give either --file-id or --folder-id, not both")}
	}
	return o, nil
}
