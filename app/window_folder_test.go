//go:build !nogui

package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// projectTree makes a local folder Project: two files (one under 資料), an
// empty folder, a .DS_Store and a name Box refuses. It returns the folder
// and each file's SHA-1 by its path in Box.
func projectTree(t *testing.T) (dir string, sums map[string]string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "Project")
	sums = map[string]string{}
	for _, f := range []struct {
		path string
		size int64
	}{{"資料/見積書.xlsx", 30_000}, {"readme.txt", 1200}, {".DS_Store", 600}, {"draft ", 100}} {
		p := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		sum, err := boxtest.WriteRandomFile(p, f.size)
		if err != nil {
			t.Fatal(err)
		}
		sums["Project/"+f.path] = sum
	}
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, sums
}

// boxTree is what the Box folder id holds, recursively: each file's SHA-1
// and each folder ("/" at the end) by path.
func boxTree(t *testing.T, c *upload.Client, id, prefix string) map[string]string {
	t.Helper()
	items, err := c.FolderItems(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, it := range items {
		if it.Type == "folder" {
			out[prefix+it.Name+"/"] = ""
			for k, v := range boxTree(t, c, it.ID, prefix+it.Name+"/") {
				out[k] = v
			}
			continue
		}
		out[prefix+it.Name] = it.SHA1
	}
	return out
}

func TestWindow_FolderShowsItsPlanThenUploadsOnlyWhatChanged(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	into := h.box.AddFolder("0", "Projects 2027")
	dir, sums := projectTree(t)
	h.drop(dir)
	ui(func() { h.w.target.SetText(folderURL(into)) })
	h.settle()
	h.see("Project", "→ Projects 2027: new folder “Project”",
		"2 new files, 3 new folders, 1 left out, 1 cannot be uploaded", "4 files in this folder", "[Upload 2 files]")

	h.tap("Upload 2 files")
	h.see("Upload to Box?", "“Project” into Projects 2027: 2 new files, 3 new folders, 1 left out, 1 cannot be uploaded.")
	h.tap("Upload")
	h.settle()
	h.see("Uploaded: 2 new files, 3 new folders, 1 left out, 1 cannot be uploaded", "[Open in Box]",
		"Left out: it is a system or temporary file (Settings can include those).", "Box does not accept this name")
	want := map[string]string{
		"Project/": "", "Project/資料/": "", "Project/empty/": "",
		"Project/資料/見積書.xlsx": sums["Project/資料/見積書.xlsx"], "Project/readme.txt": sums["Project/readme.txt"],
	}
	if got := boxTree(t, h.w.be.client, into, ""); !equalMaps(got, want) {
		t.Errorf("Box holds %v, want %v", got, want)
	}

	// The same folder again: nothing to send, and nothing is.
	before := h.box.Stats()
	h.drop(dir)
	h.see("Everything in this folder is already in Box: nothing to send.")
	var canUpload bool
	ui(func() { canUpload = !h.w.uploadBtn.Disabled() })
	if canUpload {
		t.Error("Upload is enabled for a folder Box already holds")
	}

	// One file changed: only it goes, as a new version.
	sum, err := boxtest.WriteRandomFile(filepath.Join(dir, "readme.txt"), 1300)
	if err != nil {
		t.Fatal(err)
	}
	ui(func() { h.w.clearFinished() })
	h.drop(dir)
	h.see("1 new version, 1 already up to date, 1 left out, 1 cannot be uploaded")
	h.tap("Upload")
	h.tap("Upload")
	h.settle()
	h.see("Uploaded: 1 new version, 1 already up to date, 1 left out, 1 cannot be uploaded")
	after := h.box.Stats()
	if sent := after.SimpleUploads - before.SimpleUploads + after.SessionsCreated - before.SessionsCreated; sent != 1 {
		t.Errorf("%d uploads for one changed file", sent)
	}
	if got := boxTree(t, h.w.be.client, into, "")["Project/readme.txt"]; got != sum {
		t.Errorf("Box holds readme.txt with SHA-1 %s, want the changed file's %s", got, sum)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !strings.EqualFold(v, w) {
			return false
		}
	}
	return true
}

func TestWindow_FolderKeepsSystemFilesWhenTheSettingSaysSo(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	into := h.box.AddFolder("0", "Projects 2027")
	dir, _ := projectTree(t)
	ui(func() { h.w.prefs.SetBool(PrefKeepSystemFiles, true) })
	h.drop(dir)
	ui(func() { h.w.target.SetText(folderURL(into)) })
	h.settle()
	h.see("3 new files, 3 new folders, 1 cannot be uploaded")
}

func TestWindow_CancelAFolderLeavesNoHalfVersion(t *testing.T) {
	h := newHarness(t, boxtest.Options{BandwidthPerConn: 5 << 20}, WindowOptions{})
	into := h.box.AddFolder("0", "Films")
	dir := filepath.Dir(writeFileIn(t, "Rushes", "take1.mov", 60_000_000))
	h.drop(dir)
	ui(func() { h.w.target.SetText(folderURL(into)) })
	h.settle()
	h.tap("Upload")
	h.tap("Upload")
	h.waitForSession()
	h.waitUntil("the overall progress", func() bool { return h.w.overall.Visible() })
	h.see("of 60 MB — 0 of 1 file", "Uploading: 0 of 1 file")
	h.tap("Cancel")
	h.settle()
	h.see("Cancelled after 0 of 1 file; no Box file was half-replaced.")
	if st := h.box.Stats(); st.Aborts != 1 || st.OpenSessions != 0 || st.Commits != 0 {
		t.Errorf("stats %+v: the session must be aborted at Box, nothing committed", st)
	}
	if got := boxTree(t, h.w.be.client, into, ""); len(got) != 1 {
		t.Errorf("Box holds %v after a cancel, want only the empty folder Rushes", got)
	}
	var pending []pendingFolder
	ui(func() { pending = loadPending(h.w.prefs) })
	if len(pending) != 0 {
		t.Errorf("a cancelled folder is offered to finish at the next start: %v", pending)
	}
}

func TestWindow_OffersToFinishAnInterruptedFolder(t *testing.T) {
	box := boxtest.NewServer(boxtest.Options{})
	t.Cleanup(box.Close)
	be := testBackend(t, box)
	into := box.AddFolder("0", "Projects 2027")
	dir, sums := projectTree(t)
	// The app stopped while it uploaded the folder: the folder and one file
	// of it reached Box.
	project := box.AddFolder(into, "Project")
	box.AddFileInfo(project, "readme.txt", 1200, sums["Project/readme.txt"])
	h := openOn(t, be, box, WindowOptions{})
	ui(func() { addPending(h.w.prefs, pendingFolder{Path: dir, FolderID: into}); h.w.showInterrupted() })
	h.see("The upload of the folder “Project” did not finish. Finish it now?", "[Finish]", "[Discard]")
	h.tap("Finish")
	h.settle()
	h.see("→ Projects 2027 / Project: the files are matched by name", "1 new file, 2 new folders, 1 already up to date")
	h.tap("Upload")
	h.tap("Upload")
	h.settle()
	h.see("Uploaded: 1 new file, 2 new folders, 1 already up to date")
	if got := boxTree(t, be.client, into, "")["Project/資料/見積書.xlsx"]; !strings.EqualFold(got, sums["Project/資料/見積書.xlsx"]) {
		t.Errorf("見積書.xlsx in Box has SHA-1 %q, want %s", got, sums["Project/資料/見積書.xlsx"])
	}
	var pending []pendingFolder
	ui(func() { pending = loadPending(h.w.prefs) })
	if len(pending) != 0 {
		t.Errorf("a finished folder is still pending: %v", pending)
	}
}

func TestWindow_TitleShowsProgressAndANotificationTheEnd(t *testing.T) {
	h := slowUploadUnderWay(t)
	h.waitUntil("the progress in the title", func() bool {
		return strings.HasSuffix(h.w.win.Title(), "% — Box Uploader — Demo")
	})
	h.tap("Cancel")
	h.settle()
	if got := h.w.win.Title(); got != "Box Uploader — Demo" {
		t.Errorf("after the batch, the title is %q", got)
	}

	// Behind other windows, the end of a batch is said in a notification.
	into := h.box.AddFolder("0", "Invoices 2027")
	path, _ := writeFile(t, "March.pdf", 2000)
	ui(func() {
		h.w.app.Lifecycle().(interface{ OnExitedForeground() func() }).OnExitedForeground()()
		h.w.target.SetText(folderURL(into))
	})
	h.drop(path)
	test.AssertNotificationSent(t, fyne.NewNotification("Upload finished", "1 file is in Box."), func() {
		h.tap("Upload")
		h.settle()
	})
}

func TestWindow_FolderFileEditedAfterThePlanIsSentAnyway(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	into := h.box.AddFolder("0", "Projects 2027")
	dir, _ := projectTree(t)
	h.drop(dir)
	ui(func() { h.w.target.SetText(folderURL(into)) })
	h.settle()
	h.tap("Upload 2 files")
	h.tap("Upload")
	h.settle()

	// readme.txt changed: planned as its one new version. Then 見積書.xlsx
	// is saved again, after the plan and before Upload.
	if _, err := boxtest.WriteRandomFile(filepath.Join(dir, "readme.txt"), 1300); err != nil {
		t.Fatal(err)
	}
	ui(func() { h.w.clearFinished() })
	h.drop(dir)
	h.see("1 new version, 1 already up to date")
	sum, err := boxtest.WriteRandomFile(filepath.Join(dir, "資料", "見積書.xlsx"), 31_000)
	if err != nil {
		t.Fatal(err)
	}
	h.tap("Upload")
	h.tap("Upload")
	h.settle()
	h.see("Uploaded: 2 new versions")
	if got := boxTree(t, h.w.be.client, into, "")["Project/資料/見積書.xlsx"]; !strings.EqualFold(got, sum) {
		t.Errorf("Box holds 見積書.xlsx with SHA-1 %s, want the file as saved after the plan, %s", got, sum)
	}
}

func TestWindow_FolderTryAgainSendsWhatFailedAndCountsRight(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	into := h.box.AddFolder("0", "Projects 2027")
	docs := h.box.AddFolder(h.box.AddFolder(into, "Project"), "資料")
	h.box.SetFolderMaxUploadSize(docs, 10_000) // 見積書.xlsx is 30 KB
	dir, sums := projectTree(t)
	h.drop(dir)
	ui(func() { h.w.target.SetText(folderURL(into)) })
	h.settle()
	h.see("2 new files, 1 new folder, 1 left out, 1 cannot be uploaded")
	h.tap("Upload 2 files")
	h.tap("Upload")
	h.settle()
	h.see("1 file could not be uploaded", "larger than Box allows", "[Try again]")

	h.box.SetFolderMaxUploadSize(docs, 1<<40)
	h.tap("Try again")
	h.settle()
	h.see("1 new file, 1 already up to date")
	var sent, size int64
	ui(func() { sent, size = h.w.rows[0].sent, h.w.rows[0].size })
	if sent != 0 || size != 30_000 {
		t.Errorf("before the second try, the row counts %d of %d bytes sent; want 0 of 30000", sent, size)
	}
	h.tap("Upload")
	h.tap("Upload")
	h.settle()
	h.see("Uploaded: 1 new file, 1 already up to date")
	if got := boxTree(t, h.w.be.client, into, "")["Project/資料/見積書.xlsx"]; !strings.EqualFold(got, sums["Project/資料/見積書.xlsx"]) {
		t.Errorf("Box holds 見積書.xlsx with SHA-1 %q, want %s", got, sums["Project/資料/見積書.xlsx"])
	}
}

func TestWindow_FolderWaitingInTheBatchKeepsItsPlan(t *testing.T) {
	h := newHarness(t, boxtest.Options{BandwidthPerConn: 5 << 20}, WindowOptions{})
	into := h.box.AddFolder("0", "Projects 2027")
	ui(func() { h.w.prefs.SetInt(PrefParallel, 1) }) // the folder waits for the film
	film, _ := writeFile(t, "film.mov", 30_000_000)
	dir, _ := projectTree(t)
	h.drop(film, dir)
	ui(func() { h.w.target.SetText(folderURL(into)) })
	h.settle()
	h.tap("Upload 3 files")
	h.tap("Upload")
	h.waitUntil("the film on its way", func() bool { return h.w.rows[0].sent > 0 })
	// Dropping a file, or another target, looks up where the waiting rows
	// go: not those the batch has taken.
	other, _ := writeFile(t, "notes.txt", 100)
	var changeShown, planned bool
	ui(func() {
		h.w.dropped(fyne.Position{}, []fyne.URI{uri(other)})
		folder := h.w.rows[1]
		changeShown, planned = folder.row.OnChange != nil, folder.folder.plan != nil && folder.target != nil
	})
	if !planned {
		t.Error("the folder waiting in the batch lost its plan")
	}
	if changeShown {
		t.Error("Change… shows on a folder the batch has taken")
	}
	h.settle()
	h.see("Uploaded: 2 new files, 3 new folders, 1 left out, 1 cannot be uploaded")
}
