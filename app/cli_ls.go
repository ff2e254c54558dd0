package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"boxuploader/upload"
	"boxuploader/upload/boxapi"
)

// lsItem is one line of `ls --json`.
type lsItem struct {
	Type       string `json:"type"`
	ID         string `json:"id"`
	Name       string `json:"name"`
	Size       *int64 `json:"size,omitempty"` // files only
	ModifiedAt string `json:"modified_at,omitempty"`
	SHA1       string `json:"sha1,omitempty"`
}

// runLs lists a Box folder's items: `ls ID|LINK [--json]`.
func runLs(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	asJSON := false
	var folder string
	for _, a := range args {
		switch {
		case a == "--json":
			asJSON = true
		case folder == "":
			folder = a
		default:
			folder = ""
		}
	}
	if folder == "" {
		usageMistake(stderr, lsMistake())
		return ExitBadInput
	}
	id, err := upload.ParseFolderID(folder)
	if err != nil {
		return fail(stderr, err, false)
	}
	conn, err := cliConnection()
	if err != nil {
		return fail(stderr, err, false)
	}
	err = conn.client(0).ListFolder(ctx, id, func(items []boxapi.Item) error {
		for _, it := range items {
			if asJSON {
				json.NewEncoder(stdout).Encode(lsLine(it))
			} else {
				fmt.Fprintln(stdout, itemLine(it))
			}
		}
		return nil
	})
	if err != nil {
		return fail(stderr, err, false)
	}
	return ExitOK
}

func lsLine(it boxapi.Item) lsItem {
	l := lsItem{Type: it.Type, ID: it.ID, Name: it.Name}
	if !it.ModifiedAt.IsZero() {
		l.ModifiedAt = it.ModifiedAt.UTC().Format(boxapi.TimeLayout)
	}
	if it.Type == "file" {
		size := it.Size
		l.Size, l.SHA1 = &size, it.SHA1
	}
	return l
}
