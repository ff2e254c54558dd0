package upload_test

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// listCounter counts GET …/folders/{id}/items requests per folder: the
// plan must cost Box one paged listing per folder, never one call per file.
type listCounter struct {
	base http.RoundTripper
	mu   sync.Mutex
	n    map[string]int
}

func (l *listCounter) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/items") {
		l.mu.Lock()
		l.n[path.Base(path.Dir(r.URL.Path))]++
		l.mu.Unlock()
	}
	return l.base.RoundTrip(r)
}

// take returns the counts so far and starts again from zero.
func (l *listCounter) take() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := l.n
	l.n = map[string]int{}
	return n
}

// treeFixture is a fake Box with a folder "Uploads" to upload trees into,
// a client that counts listings, and a local folder "Project".
type treeFixture struct {
	*fixture
	lists    *listCounter
	parentID string
	root     string // the local folder to upload
}

func newTreeFixture(t *testing.T) *treeFixture {
	t.Helper()
	f := newFixture(t, boxtest.Options{})
	tr := upload.NewHTTPClient()
	t.Cleanup(tr.CloseIdleConnections)
	lists := &listCounter{base: tr.Transport, n: map[string]int{}}
	f.client.HTTP = &http.Client{Transport: lists}
	f.client.Parallel = 8
	root := filepath.Join(t.TempDir(), "Project")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	return &treeFixture{fixture: f, lists: lists, parentID: f.box.AddFolder("0", "Uploads"), root: root}
}

// write makes the files and folders of tree under the local root: a path
// ending in "/" is a folder, anything else a file with that content.
func (f *treeFixture) write(t *testing.T, tree map[string]string) {
	t.Helper()
	for rel, content := range tree {
		p := filepath.Join(f.root, filepath.FromSlash(rel))
		if strings.HasSuffix(rel, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func (f *treeFixture) plan(t *testing.T, opts upload.TreeOptions) *upload.TreePlan {
	t.Helper()
	p, err := f.client.PlanTree(f.ctx, f.root, f.parentID, opts)
	if err != nil {
		t.Fatalf("PlanTree: %v", err)
	}
	return p
}

// apply carries p out and returns the results by Box path, checking that
// every entry was reported exactly once.
func (f *treeFixture) apply(t *testing.T, p *upload.TreePlan) (map[string]upload.TreeResult, error) {
	t.Helper()
	var mu sync.Mutex
	got := map[string]upload.TreeResult{}
	seen := make([]int, len(p.Entries))
	err := f.client.ApplyTree(f.ctx, p, upload.ApplyOptions{OnResult: func(r upload.TreeResult) {
		mu.Lock()
		defer mu.Unlock()
		seen[r.Index]++
		got[r.Entry.BoxPath] = r
	}})
	for i, n := range seen {
		if n != 1 {
			t.Errorf("entry %d (%s) reported %d times, want once", i, p.Entries[i].BoxPath, n)
		}
	}
	return got, err
}

// boxTree reads what Box holds under the parent folder, by Box path:
// "sha1 size" for a file, "/" for a folder, and the IDs of the files.
func (f *treeFixture) boxTree(t *testing.T) (tree map[string]string, ids map[string]string) {
	t.Helper()
	c := &upload.Client{APIURL: f.box.APIURL, UploadURL: f.box.UploadURL, Tokens: f.client.Tokens, Retry: fastRetry}
	tree, ids = map[string]string{}, map[string]string{}
	var walk func(id, prefix string)
	walk = func(id, prefix string) {
		items, err := c.FolderItems(f.ctx, id)
		if err != nil {
			t.Fatalf("list %s: %v", prefix, err)
		}
		for _, it := range items {
			p := prefix + it.Name
			if it.Type == "folder" {
				tree[p+"/"] = "/"
				walk(it.ID, p+"/")
				continue
			}
			tree[p], ids[p] = fmt.Sprintf("%s %d", it.SHA1, it.Size), it.ID
		}
	}
	walk(f.parentID, "")
	return tree, ids
}

// want is what Box should hold for the local files of tree (by the names
// Box gives them), left-out and refused ones excepted.
func want(tree map[string]string, except ...string) map[string]string {
	out := map[string]string{}
	for rel, content := range tree {
		rel = norm.NFC.String(rel)
		if contains(except, rel) {
			continue
		}
		dirs := strings.Split(strings.TrimSuffix("Project/"+rel, "/"), "/")
		for i := 1; i < len(dirs); i++ {
			out[strings.Join(dirs[:i], "/")+"/"] = "/"
		}
		if strings.HasSuffix(rel, "/") {
			out["Project/"+rel] = "/"
			continue
		}
		out["Project/"+rel] = fmt.Sprintf("%s %d", sha1Hex([]byte(content)), len(content))
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sha1Hex(b []byte) string {
	sum := sha1.Sum(b)
	return hex.EncodeToString(sum[:])
}

// assertSameTree compares Box's tree with the wanted one.
func assertSameTree(t *testing.T, got, want map[string]string) {
	t.Helper()
	for p, w := range want {
		if got[p] != w {
			t.Errorf("Box %s = %q, want %q", p, got[p], w)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("Box holds %s, which it should not", p)
		}
	}
}

// assertVersions checks that every Box file under the parent has n
// versions, except those in more, which have more[path].
func (f *treeFixture) assertVersions(t *testing.T, ids map[string]string, n int, more map[string]int) {
	t.Helper()
	for p, id := range ids {
		st, _ := f.box.File(id)
		w := n
		if m, ok := more[p]; ok {
			w = m
		}
		if len(st.Versions) != w {
			t.Errorf("Box %s has %d versions, want %d", p, len(st.Versions), w)
		}
	}
}

// projectTree is a tree with Japanese and English names, nested and empty
// folders, a name macOS writes decomposed, system files and a name Box
// refuses.
var projectTree = map[string]string{
	"README.md":              "# Project\n",
	"資料/見積書.xlsx":            strings.Repeat("見積", 700),
	"資料/議事録 2026.txt":        "会議の記録\n",
	"資料/か\u3099いよう.txt":      "decomposed name\n", // が in NFD, as macOS writes it
	"docs/guide.md":          "how to\n",
	"docs/deep/深い/notes.txt": "deep\n",
	"empty/":                 "",
	"空のフォルダ/":                "",
	".DS_Store":              "junk",
	"docs/Thumbs.db":         "junk",
	"~$見積書.xlsx":             "lock",
	"資料/build.tmp":           "temp",
	"desktop.ini":            "junk",
	"bad ":                   "a name Box refuses",
}

var projectLeftOut = []string{".DS_Store", "docs/Thumbs.db", "~$見積書.xlsx", "資料/build.tmp", "desktop.ini", "bad "}

func TestTree_UploadsExactlyThenOnlyWhatChanged(t *testing.T) {
	t.Parallel()
	f := newTreeFixture(t)
	f.write(t, projectTree)
	for _, l := range []struct{ name, target string }{{"link.md", "README.md"}, {"linkdir", "docs"}} {
		if err := os.Symlink(l.target, filepath.Join(f.root, l.name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}

	p := f.plan(t, upload.TreeOptions{})
	wantCounts := upload.TreeCounts{NewFiles: 6, NewFolders: 7, Skipped: 7, Refused: 1}
	wantCounts.Bytes = p.Counts.Bytes
	if p.Counts != wantCounts {
		t.Errorf("plan: %v, want %v", p.Counts, wantCounts)
	}
	assertEntries(t, p, map[string]entryWant{
		"Project":              {upload.TreeNewFolder, nil},
		"Project/README.md":    {upload.TreeCreate, nil},
		"Project/資料/がいよう.txt":  {upload.TreeCreate, nil},
		"Project/.DS_Store":    {upload.TreeSkipped, upload.ErrSystemFile},
		"Project/~$見積書.xlsx":   {upload.TreeSkipped, upload.ErrSystemFile},
		"Project/link.md":      {upload.TreeSkipped, upload.ErrSymlink},
		"Project/linkdir":      {upload.TreeSkipped, upload.ErrSymlink},
		"Project/bad ":         {upload.TreeRefused, nil},
		"Project/empty":        {upload.TreeNewFolder, nil},
		"Project/docs/deep/深い": {upload.TreeNewFolder, nil},
	})
	if e := entry(p, "Project/bad "); upload.KindOf(e.Err) != upload.KindBadName {
		t.Errorf(`"bad ": %v, want KindBadName`, e.Err)
	}
	if n := f.lists.take(); len(n) != 1 || n[f.parentID] != 1 {
		t.Errorf("listings %v, want the parent folder's once (nothing under a folder to be made)", n)
	}

	if _, err := f.apply(t, p); err == nil || upload.KindOf(err) != upload.KindBadName {
		t.Errorf("ApplyTree: %v, want the refused name reported", err)
	}
	got, ids := f.boxTree(t)
	assertSameTree(t, got, want(projectTree, projectLeftOut...))
	f.assertVersions(t, ids, 1, nil)

	t.Run("a second run sends nothing", func(t *testing.T) { f.assertNothingSent(t, 6) })
	t.Run("a changed file alone is sent", func(t *testing.T) { f.assertOnlyChangedSent(t, ids) })
}

// assertNothingSent plans and applies the unchanged tree again.
func (f *treeFixture) assertNothingSent(t *testing.T, files int) {
	before := f.box.Stats()
	p := f.plan(t, upload.TreeOptions{})
	if p.Counts.NewFiles+p.Counts.NewVersions+p.Counts.NewFolders != 0 || p.Counts.Unchanged != files {
		t.Errorf("second plan: %v, want %d unchanged and nothing new", p.Counts, files)
	}
	f.apply(t, p)
	after := f.box.Stats()
	if after.PartBytes != before.PartBytes || after.SimpleUploads != before.SimpleUploads || after.SessionsCreated != before.SessionsCreated {
		t.Errorf("a second run sent something: before %+v, after %+v", before, after)
	}
	_, ids := f.boxTree(t)
	f.assertVersions(t, ids, 1, nil)
}

// assertOnlyChangedSent changes one file and checks that it alone goes up,
// as a new version of its Box file.
func (f *treeFixture) assertOnlyChangedSent(t *testing.T, ids map[string]string) {
	changed := "same size, other bytes\n"
	if err := os.WriteFile(filepath.Join(f.root, "docs", "guide.md"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	before := f.box.Stats()
	p := f.plan(t, upload.TreeOptions{})
	if p.Counts.NewVersions != 1 || p.Counts.NewFiles != 0 || p.Counts.Unchanged != 5 {
		t.Errorf("plan after a change: %v, want 1 new version, 5 unchanged", p.Counts)
	}
	f.apply(t, p)
	if st := f.box.Stats(); st.SimpleUploads != before.SimpleUploads+1 {
		t.Errorf("%d uploads, want 1", st.SimpleUploads-before.SimpleUploads)
	}
	tree := map[string]string{}
	for k, v := range projectTree {
		tree[k] = v
	}
	tree["docs/guide.md"] = changed
	got, ids2 := f.boxTree(t)
	assertSameTree(t, got, want(tree, projectLeftOut...))
	if ids2["Project/docs/guide.md"] != ids["Project/docs/guide.md"] {
		t.Errorf("guide.md became a new file, not a new version")
	}
	f.assertVersions(t, ids2, 1, map[string]int{"Project/docs/guide.md": 2})
}

type entryWant struct {
	action upload.TreeAction
	err    error // errors.Is the entry's Err; nil: not checked
}

func entry(p *upload.TreePlan, boxPath string) upload.TreeEntry {
	for _, e := range p.Entries {
		if e.BoxPath == boxPath {
			return e
		}
	}
	return upload.TreeEntry{Action: -1}
}

func assertEntries(t *testing.T, p *upload.TreePlan, want map[string]entryWant) {
	t.Helper()
	for bp, w := range want {
		e := entry(p, bp)
		if e.Action != w.action || (w.err != nil && !errors.Is(e.Err, w.err)) {
			t.Errorf("%s: %v (%v), want %v (%v)", bp, e.Action, e.Err, w.action, w.err)
		}
	}
}

func TestTree_PlanMatchesBoxFolders(t *testing.T) {
	t.Parallel()
	f := newTreeFixture(t)
	local := map[string]string{
		"README.md":       "same\n",
		"notes.txt":       "local notes",
		"sizes.txt":       "longer than Box's",
		"guide":           "a file where Box has a folder",
		"assets/logo.svg": "<svg/>",
		"docs/a.md":       "a",
		"docs/new/b.md":   "b",
		"Docs2/c.md":      "c",
		"docs2/d.md":      "d", // the same name to Box as Docs2
		"KeepMe.tmp":      "temp",
		"資料/Ｒｅｐｏｒｔ.txt":   "full-width", // Box deems it report.txt
	}
	f.write(t, local)
	project := f.box.AddFolder(f.parentID, "project") // Box compares names case-insensitively
	f.box.AddFile(project, "readme.md", []byte("same\n"))
	f.box.AddFile(project, "notes.txt", []byte("box's notes"))
	f.box.AddFile(project, "sizes.txt", []byte("short"))
	f.box.AddFolder(project, "guide")
	f.box.AddFile(project, "assets", []byte("a file where the tree has a folder"))
	docs := f.box.AddFolder(project, "docs")
	f.box.AddFile(docs, "a.md", []byte("a"))
	shiryo := f.box.AddFolder(project, "資料")
	f.box.AddFile(shiryo, "report.TXT", []byte("old"))

	p := f.plan(t, upload.TreeOptions{KeepSystemFiles: true})
	assertEntries(t, p, map[string]entryWant{
		"Project":               {upload.TreeFolder, nil},
		"Project/README.md":     {upload.TreeUnchanged, nil},
		"Project/notes.txt":     {upload.TreeUpdate, nil},
		"Project/sizes.txt":     {upload.TreeUpdate, nil},
		"Project/guide":         {upload.TreeRefused, upload.ErrNameTaken},
		"Project/assets":        {upload.TreeRefused, upload.ErrNameTaken},
		"Project/docs":          {upload.TreeFolder, nil},
		"Project/docs/a.md":     {upload.TreeUnchanged, nil},
		"Project/docs/new":      {upload.TreeNewFolder, nil},
		"Project/docs/new/b.md": {upload.TreeCreate, nil},
		"Project/Docs2":         {upload.TreeNewFolder, nil},
		"Project/docs2":         {upload.TreeRefused, upload.ErrNameTaken},
		"Project/KeepMe.tmp":    {upload.TreeCreate, nil},
		"Project/資料/Ｒｅｐｏｒｔ.txt": {upload.TreeUpdate, nil},
	})
	if e := entry(p, "Project/notes.txt"); e.SHA1 == "" {
		t.Error("notes.txt (same size as Box's) was not hashed")
	}
	if e := entry(p, "Project/sizes.txt"); e.SHA1 != "" {
		t.Error("sizes.txt was hashed although the sizes differ")
	}
	// Listed: the parent, Project, docs and 資料, once each; not the
	// folders still to be made.
	n := f.lists.take()
	if len(n) != 4 || n[f.parentID] != 1 || n[project] != 1 || n[docs] != 1 || n[shiryo] != 1 {
		t.Errorf("listings %v, want the 4 Box folders that exist once each", n)
	}
}

func TestTree_FolderMadeMeanwhileIsReused(t *testing.T) {
	t.Parallel()
	f := newTreeFixture(t)
	f.write(t, projectTree)
	p := f.plan(t, upload.TreeOptions{})
	// Someone makes the folders and puts a file in, between plan and apply.
	project := f.box.AddFolder(f.parentID, "Project")
	docs := f.box.AddFolder(project, "docs")
	guide := f.box.AddFile(docs, "guide.md", []byte(projectTree["docs/guide.md"]))
	readme := f.box.AddFile(project, "README.md", []byte("their readme"))

	results, _ := f.apply(t, p)
	if r := results["Project"]; r.Entry.Action != upload.TreeFolder || r.FolderID != project {
		t.Errorf("Project: %v in %s, want their folder %s reused", r.Entry.Action, r.FolderID, project)
	}
	if r := results["Project/docs/guide.md"]; r.Entry.Action != upload.TreeUnchanged {
		t.Errorf("guide.md: %v %v, want unchanged (Box has the same bytes)", r.Entry.Action, r.Entry.Err)
	}
	if r := results["Project/README.md"]; r.Entry.Action != upload.TreeUpdate || r.File == nil || r.File.ID != readme {
		t.Errorf("README.md: %v %v, want a new version of their file", r.Entry.Action, r.Entry.Err)
	}
	got, ids := f.boxTree(t)
	assertSameTree(t, got, want(projectTree, projectLeftOut...))
	f.assertVersions(t, ids, 1, map[string]int{"Project/README.md": 2})
	if ids["Project/docs/guide.md"] != guide {
		t.Error("guide.md is not their file")
	}
}

func TestTree_UnreadableFileFailsAlone(t *testing.T) {
	t.Parallel()
	f := newTreeFixture(t)
	f.write(t, map[string]string{"a.txt": "a", "b.txt": "b", "c.txt": "c", "sub/d.txt": "d"})
	unreadableDir := os.Getuid() != 0 // root reads everything
	if unreadableDir {
		f.write(t, map[string]string{"locked/e.txt": "e", "f.txt": "f"})
		os.Chmod(filepath.Join(f.root, "locked"), 0)
		os.Chmod(filepath.Join(f.root, "f.txt"), 0)
		t.Cleanup(func() { os.Chmod(filepath.Join(f.root, "locked"), 0o755) })
	}
	p := f.plan(t, upload.TreeOptions{})
	if unreadableDir {
		assertEntries(t, p, map[string]entryWant{
			"Project/locked": {upload.TreeFailed, nil}, "Project/f.txt": {upload.TreeFailed, nil},
		})
	}
	os.Remove(filepath.Join(f.root, "b.txt")) // gone between plan and apply

	results, err := f.apply(t, p)
	if err == nil {
		t.Error("ApplyTree: nil, want an error saying some were not uploaded")
	}
	if r := results["Project/b.txt"]; r.Entry.Action != upload.TreeFailed || upload.KindOf(r.Entry.Err) != upload.KindFileMissing {
		t.Errorf("b.txt: %v %v, want failed: missing", r.Entry.Action, r.Entry.Err)
	}
	got, _ := f.boxTree(t)
	assertSameTree(t, got, want(map[string]string{"a.txt": "a", "c.txt": "c", "sub/d.txt": "d"}))
}

func TestTree_CancelLeavesNoPartialVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads a 60 MB file")
	}
	t.Parallel()
	f := newTreeFixture(t)
	f.write(t, map[string]string{"small-1.txt": "one", "small-2.txt": "two"})
	big := sharedFile(t, 60*mib)
	if err := os.Link(big.path, filepath.Join(f.root, "big.bin")); err != nil {
		copyFile(t, big.path, filepath.Join(f.root, "big.bin"))
	}
	project := f.box.AddFolder(f.parentID, "Project")
	bigID := f.box.AddFile(project, "big.bin", []byte("the version in Box"))

	p := f.plan(t, upload.TreeOptions{})
	if e := entry(p, "Project/big.bin"); e.Action != upload.TreeUpdate {
		t.Fatalf("big.bin: %v, want an update", e.Action)
	}
	ctx, cancel := context.WithCancel(f.ctx)
	defer cancel()
	var once sync.Once
	var mu sync.Mutex
	var bigResult upload.TreeResult
	reported := 0
	err := f.client.ApplyTree(ctx, p, upload.ApplyOptions{
		Progress: func(i int, pr upload.Progress) {
			if p.Entries[i].Name == "big.bin" && pr.Sent > 0 {
				once.Do(cancel)
			}
		},
		OnResult: func(r upload.TreeResult) {
			mu.Lock()
			defer mu.Unlock()
			reported++
			if r.Entry.Name == "big.bin" {
				bigResult = r
			}
		},
	})
	if upload.KindOf(err) != upload.KindCanceled {
		t.Errorf("ApplyTree: %v, want cancelled", err)
	}
	if reported != len(p.Entries) || bigResult.Entry.Action != upload.TreeFailed || upload.KindOf(bigResult.Entry.Err) != upload.KindCanceled {
		t.Errorf("%d of %d entries reported, big.bin %v %v; want all, big.bin cancelled",
			reported, len(p.Entries), bigResult.Entry.Action, bigResult.Entry.Err)
	}
	if st, _ := f.box.File(bigID); len(st.Versions) != 1 {
		t.Errorf("big.bin has %d versions after cancel, want the one it had", len(st.Versions))
	}
	if n := f.box.Stats().OpenSessions; n != 0 {
		t.Errorf("%d upload sessions left open", n)
	}
	// What Box holds is whole: the small files sent before the cancel, and
	// big.bin as it was.
	got, ids := f.boxTree(t)
	whole := want(map[string]string{"small-1.txt": "one", "small-2.txt": "two"})
	whole["Project/big.bin"] = want(map[string]string{"big.bin": "the version in Box"})["Project/big.bin"]
	for p, v := range got {
		if whole[p] != v {
			t.Errorf("Box %s = %q after cancel, want %q", p, v, whole[p])
		}
	}
	f.assertVersions(t, ids, 1, nil)
}

func TestTree_ManySmallFilesFewListings(t *testing.T) {
	if testing.Short() {
		t.Skip("uploads 2,000 files")
	}
	t.Parallel()
	f := newTreeFixture(t)
	tree := map[string]string{}
	for i := range 2000 {
		dir := []string{"", "a/", "a/b/", "c/"}[i%4]
		if i < 1200 {
			dir = "" // one folder of more than one page
		}
		tree[fmt.Sprintf("%sfile-%04d.txt", dir, i)] = fmt.Sprintf("small file %d\n", i)
	}
	f.write(t, tree)

	p := f.plan(t, upload.TreeOptions{})
	if p.Counts.NewFiles != 2000 || p.Counts.NewFolders != 4 {
		t.Fatalf("plan: %v, want 2000 new files in 4 new folders", p.Counts)
	}
	if _, err := f.apply(t, p); err != nil {
		t.Fatalf("ApplyTree: %v", err)
	}
	if n := f.lists.take(); len(n) > 2 { // the parent; at most a re-listing
		t.Errorf("listings while uploading into new folders: %v", n)
	}
	got, ids := f.boxTree(t)
	assertSameTree(t, got, want(tree))
	f.assertVersions(t, ids, 1, nil)

	before := f.box.Stats()
	p = f.plan(t, upload.TreeOptions{})
	if p.Counts.Unchanged != 2000 {
		t.Errorf("second plan: %v, want 2000 unchanged", p.Counts)
	}
	items := map[string]int{} // Box items per folder listed
	for _, e := range p.Entries {
		if e.Parent >= 0 {
			items[p.Entries[e.Parent].Existing.ID]++
		}
	}
	items[f.parentID] = 1
	for id, n := range f.lists.take() {
		if most := int(math.Ceil(float64(items[id]) / 1000)); n > max(most, 1) {
			t.Errorf("folder %s of %d items listed %d times, want %d", id, items[id], n, most)
		}
	}
	f.apply(t, p)
	if st := f.box.Stats(); st.SimpleUploads != before.SimpleUploads || st.PartBytes != before.PartBytes {
		t.Error("the second run sent files")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestTree_SystemFileNames(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		".DS_Store": true, ".ds_store": true, "Thumbs.db": true, "desktop.ini": true, "Desktop.ini": true,
		"~$見積書.xlsx": true, "~$report.docx": true, "build.tmp": true, "BUILD.TMP": true,
		"report.docx": false, "~report.docx": false, "tmp": false, "notes.tmp.txt": false, "見積書.xlsx": false,
	} {
		if got := upload.IsSystemFile(name); got != want {
			t.Errorf("IsSystemFile(%q) = %v, want %v", name, got, want)
		}
	}
	if s := upload.TreeUnchanged.String(); s != "unchanged" {
		t.Errorf("TreeUnchanged is %q", s)
	}
}
