package upload

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"boxuploader/upload/boxapi"
)

// A local folder becomes a Box folder of the same name: PlanTree matches it
// against Box level by level (one paged listing per Box folder that
// exists, none under a folder still to be made) and decides every file
// with Plan; ApplyTree carries the plan out.

// ErrSymlink is why a symbolic link is left out: links are not followed.
var ErrSymlink = errors.New("symbolic link: not followed")

// ErrSystemFile is why a system or temporary file is left out (see
// IsSystemFile and TreeOptions.KeepSystemFiles).
var ErrSystemFile = errors.New("system or temporary file")

// TreeAction is what a tree plan does with one local file or folder.
type TreeAction int

const (
	TreeCreate    TreeAction = iota // a new file in Box
	TreeUpdate                      // a new version of Existing
	TreeUnchanged                   // Existing already holds these bytes: nothing is sent
	TreeNewFolder                   // a folder to create in Box
	TreeFolder                      // a folder Box already has (Existing)
	TreeSkipped                     // left out on purpose; Err says why (ErrSymlink, ErrSystemFile, ErrNameTaken under IfExistsSkip, not a regular file)
	TreeRefused                     // cannot go to Box; Err says why (a *NameError, an empty file, ErrNameTaken)
	TreeFailed                      // could not be read, or the upload failed; Err says why
)

var treeActionNames = [...]string{"create", "update", "unchanged", "new-folder", "folder", "skipped", "refused", "failed"}

// String is the action's name for logs and JSON: "create", "update",
// "unchanged", "new-folder", "folder", "skipped", "refused" or "failed".
func (a TreeAction) String() string {
	if a < 0 || int(a) >= len(treeActionNames) {
		return fmt.Sprintf("TreeAction(%d)", int(a))
	}
	return treeActionNames[a]
}

// TreeOptions say how PlanTree treats what it finds.
type TreeOptions struct {
	// KeepSystemFiles uploads the files IsSystemFile leaves out by default.
	KeepSystemFiles bool
	// IfExists is what a file does whose name a Box item that it cannot
	// become a version of already has (as for Plan); the zero value makes
	// same-named files new versions.
	IfExists IfExists
}

// TreeEntry is one local file or folder of a tree plan.
type TreeEntry struct {
	Path     string       // the local path
	BoxPath  string       // where it goes, "/"-separated below the Box folder the tree goes into: "Project/資料/見積書.xlsx"
	Name     string       // its name in Box (NFC; a free name under IfExistsRename)
	Dir      bool         // a folder
	Action   TreeAction   // what happens to it
	Err      error        // why it is skipped, refused or failed
	Size     int64        // a file's size
	SHA1     string       // the local file's SHA-1, when deciding needed it (and after it was uploaded)
	Existing *boxapi.Item // the Box file it updates or equals, or the Box folder it goes into
	Parent   int          // the index in TreePlan.Entries of the folder it is in; -1 for the tree's root
}

// TreeCounts sum up a tree plan.
type TreeCounts struct {
	NewFiles    int   // files to create
	NewVersions int   // files to send as new versions
	Unchanged   int   // files Box already holds
	NewFolders  int   // folders to create
	Folders     int   // folders Box already has
	Skipped     int   // left out on purpose (system files, symbolic links…)
	Refused     int   // cannot go to Box (names Box refuses, empty files, names taken)
	Failed      int   // could not be read
	Bytes       int64 // what is to be sent: the sizes of new files and new versions
}

// String is the counts for logs and tests; app/ makes the sentences people read.
func (n TreeCounts) String() string {
	return fmt.Sprintf("%d new files, %d new versions, %d unchanged, %d new folders, %d skipped, %d refused, %d failed",
		n.NewFiles, n.NewVersions, n.Unchanged, n.NewFolders, n.Skipped, n.Refused, n.Failed)
}

// TreePlan is what uploading a local folder into a Box folder will do.
// Entries list the root first and every folder before what it holds.
type TreePlan struct {
	Dir      string // the local folder (absolute)
	ParentID string // the Box folder it goes into
	Options  TreeOptions
	Entries  []TreeEntry
	Counts   TreeCounts
}

// IsSystemFile reports whether a file of that name is one that systems and
// programs leave behind rather than people's work: .DS_Store, Thumbs.db,
// desktop.ini, Office lock files (~$…) and *.tmp.
func IsSystemFile(name string) bool {
	lower := strings.ToLower(name)
	switch lower {
	case ".ds_store", "thumbs.db", "desktop.ini":
		return true
	}
	return strings.HasPrefix(name, "~$") || strings.HasSuffix(lower, ".tmp")
}

// dirTask is one local folder to match against its Box folder.
type dirTask struct {
	index   int    // its entry; -1 for the Box folder the tree goes into
	local   string // the local directory
	boxPath string
	boxID   string        // "" = the Box folder is still to be made: nothing to list
	only    []fs.DirEntry // what to plan instead of the directory's entries (the tree's root)
}

// dirPlan is a planned folder's content, or why it could not be read.
type dirPlan struct {
	entries []TreeEntry
	err     error
}

// PlanTree decides what uploading the local folder dir into the Box folder
// parentID does, sending nothing: dir becomes the Box folder of its name
// there (found, or to be made), recursively. Box is listed once per Box
// folder that exists (paged), several folders at a time; files are hashed
// only when a same-named Box file has the same size. Symbolic links inside
// dir are not followed. What cannot be read locally is a TreeFailed entry;
// an error is returned only when Box cannot be listed or ctx ends.
func (c *Client) PlanTree(ctx context.Context, dir, parentID string, opts TreeOptions) (*TreePlan, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, &FileError{kind: fileErrorKind(err), Path: abs, Err: err}
	}
	p := &TreePlan{Dir: abs, ParentID: parentID, Options: opts}
	level := []dirTask{{index: -1, local: filepath.Dir(abs), boxID: parentID, only: []fs.DirEntry{fs.FileInfoToDirEntry(st)}}}
	for len(level) > 0 {
		plans := make([]dirPlan, len(level))
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(c.parallel())
		for i, t := range level {
			g.Go(func() (err error) {
				plans[i], err = c.planDir(gctx, t, opts)
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
		level = p.add(level, plans)
	}
	p.Counts = countTree(p.Entries)
	return p, nil
}

func fileErrorKind(err error) Kind {
	if errors.Is(err, fs.ErrNotExist) {
		return KindFileMissing
	}
	return KindUnreadable
}

// add appends the planned content of a level's folders and returns the
// next level: the folders found or to be made in them.
func (p *TreePlan) add(level []dirTask, plans []dirPlan) []dirTask {
	var next []dirTask
	for i, t := range level {
		if plans[i].err != nil {
			p.Entries[t.index].Action, p.Entries[t.index].Err = TreeFailed, plans[i].err
			continue
		}
		base := len(p.Entries)
		p.Entries = append(p.Entries, plans[i].entries...)
		for j, e := range plans[i].entries {
			if e.Action != TreeNewFolder && e.Action != TreeFolder {
				continue
			}
			nt := dirTask{index: base + j, local: e.Path, boxPath: e.BoxPath}
			if e.Existing != nil {
				nt.boxID = e.Existing.ID
			}
			next = append(next, nt)
		}
	}
	return next
}

// planDir decides the content of one local folder against its Box folder.
func (c *Client) planDir(ctx context.Context, t dirTask, opts TreeOptions) (dirPlan, error) {
	des := t.only
	if des == nil {
		var err error
		if des, err = os.ReadDir(t.local); err != nil {
			return dirPlan{err: &FileError{kind: KindUnreadable, Path: t.local, Err: err}}, nil
		}
	}
	var items []boxapi.Item
	if t.boxID != "" {
		var err error
		if items, err = c.FolderItems(ctx, t.boxID); err != nil {
			return dirPlan{}, fmt.Errorf("plan %s: %w", t.local, err)
		}
	}
	out := make([]TreeEntry, len(des))
	for i, de := range des {
		out[i] = classify(t, de, opts)
	}
	items = placeFolders(out, items)
	decideFiles(out, items, t.boxPath, opts.IfExists)
	return dirPlan{entries: out}, nil
}

// classify is what can be told of one local entry without Box: left out,
// refused, failed, or a file or folder to match (TreeCreate, TreeNewFolder).
func classify(t dirTask, de fs.DirEntry, opts TreeOptions) TreeEntry {
	name := BoxName(de.Name())
	e := TreeEntry{
		Path: filepath.Join(t.local, de.Name()), BoxPath: boxJoin(t.boxPath, name),
		Name: name, Dir: de.IsDir(), Parent: t.index,
	}
	nameErr := CheckName(name)
	switch typ := de.Type(); {
	case typ&fs.ModeSymlink != 0:
		e.Action, e.Err = TreeSkipped, ErrSymlink
	case !e.Dir && !opts.KeepSystemFiles && IsSystemFile(name):
		e.Action, e.Err = TreeSkipped, ErrSystemFile
	case nameErr != nil:
		e.Action, e.Err = TreeRefused, nameErr
	case e.Dir:
		e.Action = TreeNewFolder
	case !typ.IsRegular():
		e.Action, e.Err = TreeSkipped, &FileError{kind: KindNotAFile, Path: e.Path}
	default:
		size, err := CheckFile(e.Path) // opened once: unreadable files show in the plan
		e.Size = size
		switch {
		case err == nil:
			e.Action = TreeCreate
		case KindOf(err) == KindEmptyFile:
			e.Action, e.Err = TreeRefused, err
		default:
			e.Action, e.Err = TreeFailed, err
		}
	}
	return e
}

func boxJoin(dir, name string) string {
	if dir == "" {
		return name
	}
	return dir + "/" + name
}

// placeFolders matches the folders among out to the Box items of their
// folder: a Box folder of the name is theirs, a Box file of the name
// refuses them, and two local folders Box would deem one name refuse the
// second. It returns items with the folders still to be made added, so that
// files cannot take their names.
func placeFolders(out []TreeEntry, items []boxapi.Item) []boxapi.Item {
	byKey := make(map[string]*boxapi.Item, len(items))
	for i := range items {
		byKey[NameKey(items[i].Name)] = &items[i]
	}
	claimed := map[string]bool{}
	var made []boxapi.Item
	for i := range out {
		e := &out[i]
		if e.Action != TreeNewFolder {
			continue
		}
		key := NameKey(e.Name)
		it := byKey[key]
		switch {
		case claimed[key]:
			e.Action, e.Err = TreeRefused, ErrNameTaken
		case it == nil:
			made = append(made, boxapi.Item{Type: "folder", Name: e.Name})
		case it.Type == "folder":
			e.Action, e.Existing = TreeFolder, copyItem(it)
		default:
			e.Action, e.Err, e.Existing = TreeRefused, ErrNameTaken, copyItem(it)
		}
		claimed[key] = true
	}
	return append(items, made...)
}

// copyItem keeps one item, not the whole listing it is part of.
func copyItem(it *boxapi.Item) *boxapi.Item {
	if it == nil {
		return nil
	}
	cp := *it
	return &cp
}

// decideFiles decides the files among out (TreeCreate so far) with Plan
// against the items of their Box folder.
func decideFiles(out []TreeEntry, items []boxapi.Item, boxDir string, ifExists IfExists) {
	var locals []Local
	var at []int
	for i, e := range out {
		if !e.Dir && e.Action == TreeCreate {
			locals = append(locals, Local{Path: e.Path, Size: e.Size, Name: e.Name})
			at = append(at, i)
		}
	}
	for j, d := range Plan(locals, items, ifExists, FileSHA1) {
		fromDecision(&out[at[j]], d, boxDir)
	}
}

// fromDecision records Plan's decision for a file in its entry.
func fromDecision(e *TreeEntry, d Decision, boxDir string) {
	e.Name, e.BoxPath, e.SHA1, e.Err = d.Name, boxJoin(boxDir, d.Name), d.SHA1, d.Err
	e.Existing = copyItem(d.Existing)
	switch d.Action {
	case ActionCreate:
		e.Action = TreeCreate
	case ActionUpdate:
		e.Action = TreeUpdate
	case ActionUnchanged:
		e.Action = TreeUnchanged
	case ActionSkip:
		e.Action, e.Err = TreeSkipped, ErrNameTaken
	case ActionNameTaken:
		e.Action, e.Err = TreeRefused, ErrNameTaken
	default:
		e.Action = TreeFailed
	}
}

// FileSHA1 is the SHA-1 of the file at path, in hex, as Box shows it.
func FileSHA1(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", &FileError{kind: fileErrorKind(err), Path: path, Err: err}
	}
	defer f.Close()
	h := sha1.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", &FileError{kind: KindUnreadable, Path: path, Err: err}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func countTree(entries []TreeEntry) TreeCounts {
	var n TreeCounts
	for _, e := range entries {
		switch e.Action {
		case TreeCreate:
			n.NewFiles++
			n.Bytes += e.Size
		case TreeUpdate:
			n.NewVersions++
			n.Bytes += e.Size
		case TreeUnchanged:
			n.Unchanged++
		case TreeNewFolder:
			n.NewFolders++
		case TreeFolder:
			n.Folders++
		case TreeSkipped:
			n.Skipped++
		case TreeRefused:
			n.Refused++
		case TreeFailed:
			n.Failed++
		}
	}
	return n
}

// TreeResult is what became of one entry of a tree plan.
type TreeResult struct {
	Index int       // the entry's index in TreePlan.Entries
	Entry TreeEntry // the entry as carried out: Action is what was done (TreeFailed with Err when it failed; TreeFolder for a folder someone made meanwhile)
	// File is Box's record of an uploaded file (TreeCreate, TreeUpdate).
	File *boxapi.File
	// FolderID is the Box folder of a folder entry that was made or found.
	FolderID string
}

// ApplyOptions are the callbacks of ApplyTree.
type ApplyOptions struct {
	// OnResult, if set, is told once about every entry as it ends (left
	// out, refused and unchanged ones included), one call at a time; it
	// must not block for long.
	OnResult func(TreeResult)
	// Progress, if set, gets each uploaded file's progress, as
	// Request.Progress does, with the entry's index.
	Progress func(index int, p Progress)
}

// treeRun is one ApplyTree.
type treeRun struct {
	c        *Client
	opts     ApplyOptions
	parentID string
	ifExists IfExists
	entries  []TreeEntry // a copy of the plan's, updated as carried out
	ids      []string    // each folder entry's Box folder ID, once it has one
	children [][]int     // the entries each folder entry holds

	mu    sync.Mutex // one OnResult at a time; guards bad and first
	bad   int
	first error
}

// ApplyTree carries out a tree plan: it makes the missing folders top-down
// (a folder someone made meanwhile is used, and what goes into it is
// decided again against its listing), then uploads the files several at a
// time under c.Budget, which it sets from c.Parallel when nil (so a Client
// without a Budget must not be shared with concurrent calls). A file that
// fails fails alone; a folder that cannot be made fails what it holds.
// Memory does not grow with the files' sizes. When ctx ends, uploads stop,
// no half-made version is left and the remaining entries end as failed.
// It returns an error of KindCanceled then, else an error naming how many
// entries were refused or failed, else nil.
func (c *Client) ApplyTree(ctx context.Context, p *TreePlan, opts ApplyOptions) error {
	if c.Budget == nil {
		c.Budget = NewBudget(c.Parallel)
	}
	r := &treeRun{
		c: c, opts: opts, parentID: p.ParentID, ifExists: p.Options.IfExists,
		entries: slices.Clone(p.Entries), ids: make([]string, len(p.Entries)),
		children: make([][]int, len(p.Entries)),
	}
	for i, e := range r.entries {
		if e.Parent >= 0 {
			r.children[e.Parent] = append(r.children[e.Parent], i)
		}
	}
	r.makeFolders(ctx)
	r.sendFiles(ctx)
	switch {
	case ctx.Err() != nil:
		return canceled(ctx)
	case r.bad > 0:
		return fmt.Errorf("%d of %d items of %s were not uploaded; the first: %w", r.bad, len(r.entries), p.Dir, r.first)
	}
	return nil
}

// makeFolders makes the folder entries level by level, the folders of one
// level several at a time, and reports every folder entry.
func (r *treeRun) makeFolders(ctx context.Context) {
	depth := make([]int, len(r.entries))
	var levels [][]int
	for i, e := range r.entries {
		if !e.Dir {
			continue
		}
		if e.Parent >= 0 {
			depth[i] = depth[e.Parent] + 1
		}
		if depth[i] == len(levels) {
			levels = append(levels, nil)
		}
		levels[depth[i]] = append(levels[depth[i]], i)
	}
	for _, level := range levels {
		var g errgroup.Group
		g.SetLimit(r.c.parallel())
		for _, i := range level {
			g.Go(func() error {
				r.makeFolder(ctx, i)
				return nil
			})
		}
		g.Wait()
	}
}

// makeFolder makes (or finds) the Box folder of entry i.
func (r *treeRun) makeFolder(ctx context.Context, i int) {
	e := &r.entries[i]
	switch e.Action {
	case TreeFolder:
		r.ids[i] = e.Existing.ID
	case TreeNewFolder:
		parent, err := r.parentOf(ctx, i)
		if err != nil {
			r.fail(i, err)
			return
		}
		f, err := r.c.CreateFolder(ctx, parent, e.Name)
		if err == nil {
			r.ids[i] = f.ID
			break
		}
		it, ok := Conflict(err)
		if !ok || it.Type != "folder" {
			r.fail(i, err)
			return
		}
		// Someone made it meanwhile: it is ours, and what goes into it is
		// matched against what it holds.
		e.Action, e.Existing, r.ids[i] = TreeFolder, it, it.ID
		if err := r.replan(ctx, i); err != nil {
			r.fail(i, err)
			return
		}
	}
	r.report(i, TreeResult{FolderID: r.ids[i]})
}

// replan decides again the files planned into folder i, which was to be
// made but turned out to exist: against its listing, as PlanTree would
// have. The folders in it find themselves when they are made.
func (r *treeRun) replan(ctx context.Context, i int) error {
	items, err := r.c.FolderItems(ctx, r.ids[i])
	if err != nil {
		return err
	}
	var locals []Local
	var at []int
	for _, j := range r.children[i] { // only this folder's goroutine touches them now
		switch e := r.entries[j]; {
		case e.Dir && e.Action == TreeNewFolder:
			items = append(items, boxapi.Item{Type: "folder", Name: e.Name})
		case !e.Dir && e.Action == TreeCreate:
			locals = append(locals, Local{Path: e.Path, Size: e.Size, Name: e.Name})
			at = append(at, j)
		}
	}
	for k, d := range Plan(locals, items, r.ifExists, FileSHA1) {
		fromDecision(&r.entries[at[k]], d, r.entries[i].BoxPath)
	}
	return nil
}

// parentOf is the Box folder that entry i goes into, or why there is none.
func (r *treeRun) parentOf(ctx context.Context, i int) (string, error) {
	if ctx.Err() != nil {
		return "", canceled(ctx)
	}
	p := r.entries[i].Parent
	if p < 0 {
		return r.parentID, nil
	}
	if r.ids[p] == "" {
		return "", fmt.Errorf("box folder %s: %w", r.entries[p].BoxPath, r.entries[p].Err)
	}
	return r.ids[p], nil
}

// sendFiles uploads the files, as many at a time as the budget has parts,
// and reports every file entry.
func (r *treeRun) sendFiles(ctx context.Context) {
	var g errgroup.Group
	g.SetLimit(r.c.Budget.Size())
	for i := range r.entries {
		switch e := r.entries[i]; {
		case e.Dir:
		case e.Action == TreeCreate || e.Action == TreeUpdate:
			g.Go(func() error {
				r.send(ctx, i)
				return nil
			})
		default:
			r.report(i, TreeResult{})
		}
	}
	g.Wait()
}

// send uploads the file of entry i.
func (r *treeRun) send(ctx context.Context, i int) {
	e := &r.entries[i]
	parent, err := r.parentOf(ctx, i)
	if err != nil {
		r.fail(i, err)
		return
	}
	req := Request{Path: e.Path, FolderID: parent, Name: e.Name}
	if e.Action == TreeUpdate {
		req = Request{Path: e.Path, FileID: e.Existing.ID, ETag: e.Existing.ETag}
	}
	if r.opts.Progress != nil {
		req.Progress = func(p Progress) { r.opts.Progress(i, p) }
	}
	f, err := r.c.Upload(ctx, req)
	if err != nil {
		r.fail(i, err)
		return
	}
	e.SHA1 = f.SHA1
	r.report(i, TreeResult{File: f})
}

func (r *treeRun) fail(i int, err error) {
	r.entries[i].Action, r.entries[i].Err = TreeFailed, err
	r.report(i, TreeResult{})
}

// report tells OnResult what became of entry i.
func (r *treeRun) report(i int, res TreeResult) {
	res.Index, res.Entry = i, r.entries[i]
	r.mu.Lock()
	defer r.mu.Unlock()
	if a := res.Entry.Action; a == TreeRefused || a == TreeFailed {
		r.bad++
		if r.first == nil {
			r.first = fmt.Errorf("%s: %w", res.Entry.Path, res.Entry.Err)
		}
	}
	if r.opts.OnResult != nil {
		r.opts.OnResult(res)
	}
}
