package upload

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"boxuploader/upload/boxapi"
)

// NameKey is the form under which Box compares names within a folder:
// case-insensitive, and Unicode-normalised so that full-width and
// half-width letters, and composed and decomposed Japanese (が and か+゛),
// are the same name. Box's 409 conflicts stay the final word: this only
// predicts them.
func NameKey(name string) string {
	return cases.Fold().String(norm.NFKC.String(name))
}

// IfExists is what happens to a local file when the Box folder already has
// an item of the same name.
type IfExists int

const (
	// IfExistsVersion uploads it as a new version of the Box file (as rclone
	// copy and Box Drive do); identical content makes no version.
	IfExistsVersion IfExists = iota
	// IfExistsSkip leaves the Box file as it is.
	IfExistsSkip
	// IfExistsRename keeps both: the upload gets a free name, "report (1).pdf".
	IfExistsRename
	// IfExistsFail refuses the file.
	IfExistsFail
)

// Action is what the plan does with one local file.
type Action int

const (
	ActionCreate    Action = iota // a new file in the folder, named Decision.Name
	ActionUpdate                  // a new version of Decision.Existing
	ActionUnchanged               // Decision.Existing already holds these bytes: nothing is sent
	ActionSkip                    // the name is taken and IfExistsSkip says leave it
	ActionNameTaken               // the name is taken (IfExistsFail, or by a folder or another file of the batch)
	ActionFailed                  // the local file could not be read (Decision.Err)
)

// Local is a local file to place in a Box folder.
type Local struct {
	Path string
	Size int64
	Name string // the name it gets in Box; "" = the file's own name
}

// ErrNameTaken says the name is taken in the folder and the file was not
// uploaded (IfExistsFail, or the name is a folder's or another file's of
// the same batch).
var ErrNameTaken error = &kindError{KindNameInUse, "an item of that name is already in the folder"}

// Decision is the plan for one local file.
type Decision struct {
	Local    Local
	Action   Action
	Name     string       // the name the file has in Box
	Existing *boxapi.Item // the Box item of the same name, if any
	SHA1     string       // the local file's SHA-1, when it was needed
	Err      error        // why ActionFailed
}

// Plan decides, for each local file, what uploading it into a Box folder
// holding items does: matched by name as Box compares names, a same-named
// Box file with the same size is compared by SHA-1 (hash is called only
// then) and left alone when equal. It calls nothing at Box: the caller
// lists the folder once.
func Plan(locals []Local, items []boxapi.Item, ifExists IfExists, hash func(path string) (string, error)) []Decision {
	taken := make(map[string]*boxapi.Item, len(items))
	for i := range items {
		taken[NameKey(items[i].Name)] = &items[i]
	}
	batch := map[string]bool{} // names this batch already gives out
	out := make([]Decision, len(locals))
	for i, l := range locals {
		d := decide(l, taken, batch, ifExists, hash)
		if d.Action == ActionCreate || d.Action == ActionUpdate || d.Action == ActionUnchanged {
			batch[NameKey(d.Name)] = true
		}
		out[i] = d
	}
	return out
}

func decide(l Local, taken map[string]*boxapi.Item, batch map[string]bool, ifExists IfExists, hash func(string) (string, error)) Decision {
	d := Decision{Local: l, Name: l.Name}
	if d.Name == "" {
		d.Name = path.Base(strings.ReplaceAll(l.Path, `\`, "/"))
	}
	key := NameKey(d.Name)
	d.Existing = taken[key]
	switch {
	case batch[key]:
		d.Existing = nil
		return nameTaken(d, ifExists, taken, batch)
	case d.Existing == nil:
		d.Action = ActionCreate
		return d
	case d.Existing.Type != "file" || ifExists != IfExistsVersion:
		return nameTaken(d, ifExists, taken, batch)
	}
	d.Action = ActionUpdate
	if d.Existing.Size != l.Size || d.Existing.SHA1 == "" {
		return d
	}
	sum, err := hash(l.Path)
	if err != nil {
		d.Action, d.Err = ActionFailed, err
		return d
	}
	d.SHA1 = sum
	if strings.EqualFold(sum, d.Existing.SHA1) {
		d.Action = ActionUnchanged
	}
	return d
}

// nameTaken decides for a file whose name is taken by something it cannot
// (or must not) become a version of.
func nameTaken(d Decision, ifExists IfExists, taken map[string]*boxapi.Item, batch map[string]bool) Decision {
	switch ifExists {
	case IfExistsRename:
		d.Name = FreeName(d.Name, func(n string) bool { k := NameKey(n); return taken[k] != nil || batch[k] })
		d.Action, d.Existing = ActionCreate, nil
	case IfExistsSkip:
		d.Action = ActionSkip
	default:
		d.Action = ActionNameTaken
	}
	return d
}

// FreeName is the name Box's "keep both" gives a copy of name: "report
// (1).pdf", "report (2).pdf"… the first that taken says is free.
func FreeName(name string, taken func(string) bool) string {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if stem == "" { // ".profile": the whole name is the stem
		stem, ext = name, ""
	}
	for n := 1; ; n++ {
		if c := fmt.Sprintf("%s (%d)%s", stem, n, ext); !taken(c) {
			return c
		}
	}
}

// Conflict returns the item that Box says already has the name, when err
// is Box's 409 item_name_in_use naming it (context_info.conflicts, an
// object or a list of one).
func Conflict(err error) (*boxapi.Item, bool) {
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != "item_name_in_use" {
		return nil, false
	}
	var ci boxapi.Conflicts
	if json.Unmarshal(ae.ContextInfo, &ci) != nil {
		return nil, false
	}
	var one boxapi.Item
	if json.Unmarshal(ci.Conflicts, &one) == nil && one.ID != "" {
		return &one, true
	}
	var many []boxapi.Item
	if json.Unmarshal(ci.Conflicts, &many) == nil && len(many) > 0 && many[0].ID != "" {
		return &many[0], true
	}
	return nil, false
}
