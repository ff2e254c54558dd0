//go:build !nogui

package app

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
	"boxuploader/widgets"
	"boxuploader/widgets/widgettest"
)

// browser returns the Box browser the window shows.
func (h *harness) browser() *widgets.BoxBrowser {
	h.t.Helper()
	var b *widgets.BoxBrowser
	ui(func() {
		for _, o := range widgettest.OnCanvas(h.w.win.Canvas()) {
			if v, ok := o.(*widgets.BoxBrowser); ok && b == nil {
				b = v
			}
		}
	})
	if b == nil {
		h.t.Fatal("no Box browser is open")
	}
	return b
}

// open taps the browser's entry called name and waits for what follows.
func (h *harness) open(name string) {
	h.t.Helper()
	b := h.browser()
	ui(func() {
		i := slices.IndexFunc(b.Entries(), func(e widgets.BoxEntry) bool { return e.Name == name })
		if i < 0 {
			h.t.Fatalf("the browser lists no %q: %v", name, b.Entries())
		}
		b.Tap(i)
	})
	h.settle()
}

// useFolder makes the window's target the Box folder id.
func (h *harness) useFolder(id string) {
	ui(func() { h.w.target.SetText(folderURL(id)) })
	h.settle()
}

// writeText writes a local file with content, named name.
func writeText(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWindow_BrowseIntoAFolderAndPickAFile(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	tree := h.w.be.demoTree
	h.tap("Choose in Box…")
	h.settle()
	h.see("All Files", "営業部", "Team projects", "Archive 2019–2024")
	h.open("営業部")
	h.open("2026")
	h.see("営業部", "2026", "見積書.xlsx", "53 KB · modified", "by 田中 太郎")
	if got := h.browser().Entries(); slices.ContainsFunc(got, func(e widgets.BoxEntry) bool { return e.Name == "古い見積書.xlsx" }) {
		t.Errorf("the trashed file is listed: %v", got)
	}
	h.open("見積書.xlsx")
	h.tap("Choose this file")
	h.settle()
	var text string
	ui(func() { text = h.w.target.Text })
	if text != fileURL(tree.Estimate2026) {
		t.Errorf("the target field holds %q, want the link of 営業部/2026/見積書.xlsx", text)
	}
	h.see("in folder 2026")

	// It opens where it was left, and stays smooth in a folder of 5,000.
	h.tap("Choose in Box…")
	h.settle()
	h.see("見積書.xlsx")
	b := h.browser()
	ui(func() { b.OnOpen(tree.Archive) })
	h.settle()
	if n := len(h.browser().Entries()); n != 5000 {
		t.Errorf("the archive lists %d entries, want 5000", n)
	}
}

func TestWindow_SearchFindsAFileByAJapaneseName(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	h.tap("Choose in Box…")
	h.settle()
	b := h.browser()
	ui(func() { b.OnSearch("見積書", false) })
	h.settle()
	var hits []widgets.BoxEntry
	ui(func() { hits = b.Entries() })
	var where []string
	for _, e := range hits {
		if e.Name == "見積書.xlsx" {
			where = append(where, e.Detail)
		}
	}
	slices.Sort(where)
	if !slices.Equal(where, []string{"All Files / 営業部 / 2025", "All Files / 営業部 / 2026"}) {
		t.Errorf("見積書.xlsx found in %q, want both years, told apart by their paths", where)
	}
	h.see("Search results")
}

func TestWindow_FilesOntoAFolderMatchByName(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	tree := h.w.be.demoTree
	quote, quoteSum := writeFile(t, "見積書.xlsx", 60_000)
	report, reportSum := writeFile(t, "レポート.docx", 9_000) // Box has it as ﾚﾎﾟｰﾄ.docx (half-width)
	minutes, minutesSum := writeFile(t, "議事録.docx", 7_000)
	h.useFolder(tree.Sales2026)
	h.drop(quote, report, minutes)
	h.see("→ 営業部 / 2026 / 見積書.xlsx: new version after the one of", "by 田中 太郎",
		"→ 営業部 / 2026 / ﾚﾎﾟｰﾄ.docx: new version", "→ 営業部 / 2026: new file “議事録.docx”", "[Upload 3 files]")
	h.tap("Upload 3 files")
	h.see("Upload 3 files to Box?", "New versions of 2 Box files: 見積書.xlsx, ﾚﾎﾟｰﾄ.docx.", "1 new file.")
	h.tap("Replace")
	h.settle()
	for id, sum := range map[string]string{tree.Estimate2026: quoteSum, tree.Report: reportSum} {
		if st, _ := h.box.File(id); st.SHA1 != sum {
			t.Errorf("Box file %s (%s) holds %s, want %s", id, st.Name, st.SHA1, sum)
		}
	}
	if st, _ := h.box.File(tree.Estimate2026); len(st.Versions) != 5 {
		t.Errorf("見積書.xlsx has %d versions, want 5", len(st.Versions))
	}
	var newID string
	ui(func() { newID = h.w.rows[2].target.folder.ID })
	items, _ := h.w.be.client.FolderItems(h.w.ctx, newID)
	i := slices.IndexFunc(items, func(it boxapi.Item) bool { return it.Name == "議事録.docx" })
	if i < 0 || items[i].SHA1 != minutesSum {
		t.Errorf("議事録.docx is not in 営業部/2026 with its SHA-1: %v", items)
	}
	h.see("Uploaded — version 5", "Uploaded as a new file")
}

func TestWindow_IdenticalFileMakesNoVersion(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	folder := h.box.AddFolder("0", "Same")
	id := h.box.AddFile(folder, "minutes.txt", []byte("the same words"))
	h.useFolder(folder)
	h.drop(writeText(t, "minutes.txt", "the same words"))
	h.see("Already up to date in Box: nothing to send.", "[Upload anyway]")
	var disabled bool
	ui(func() { disabled = h.w.uploadBtn.Disabled() })
	if !disabled {
		t.Error("Upload is enabled for a file already up to date")
	}
	h.tap("Upload anyway") // the person insists
	h.tap("Upload")
	h.tap("Replace")
	h.settle()
	if st, _ := h.box.File(id); len(st.Versions) != 2 {
		t.Errorf("%d versions after Upload anyway, want 2", len(st.Versions))
	}
}

func TestWindow_WarnsBeforeReplacingAFileOfAnotherType(t *testing.T) {
	h := onDemoVideo(t, boxtest.Options{})
	h.drop(writeText(t, "契約書.pdf", "a contract"))
	h.tap("Upload")
	h.see("Careful: “契約書.pdf” would replace “Project video.mp4”, a file of another name and another type.")
	ui(func() {
		if b, ok := h.w.win.Canvas().Focused().(*widget.Button); !ok || b.Text != "Cancel" {
			t.Errorf("the focused button is %v, want Cancel", h.w.win.Canvas().Focused())
		}
	})
	h.tap("Cancel")
	if st, _ := h.box.File(h.w.be.demoFileID); len(st.Versions) != 1 {
		t.Errorf("the video has %d versions after Cancel", len(st.Versions))
	}
}

func TestWindow_NameTakenMeanwhile(t *testing.T) {
	for _, tc := range []struct {
		choice   string
		versions int    // of the namesake someone added
		newName  string // the name ours gets, if it is added
		status   string
	}{
		{"Upload as a new version", 2, "", "Uploaded — version 2"},
		{"Keep both", 1, "notes (1).txt", "Uploaded as a new file"},
		{"Skip", 1, "", "Skipped — nothing was changed in Box"},
	} {
		t.Run(tc.choice, func(t *testing.T) {
			h := newHarness(t, boxtest.Options{}, WindowOptions{})
			folder := h.box.AddFolder("0", "Shared")
			h.useFolder(folder)
			h.drop(writeText(t, "notes.txt", "mine"))
			h.see("→ Shared: new file “notes.txt”")
			theirs := h.box.AddFile(folder, "Notes.TXT", []byte("theirs")) // someone is quicker
			h.tap("Upload")
			h.waitUntil("the question", func() bool { return strings.Contains(h.texts(), "The name is taken") })
			h.see("Box already has a file called “Notes.TXT” where “notes.txt” was going")
			h.tap(tc.choice)
			h.settle()
			h.see(tc.status)
			if st, _ := h.box.File(theirs); len(st.Versions) != tc.versions {
				t.Errorf("their file has %d versions, want %d", len(st.Versions), tc.versions)
			}
			items, _ := h.w.be.client.FolderItems(h.w.ctx, folder)
			if tc.newName != "" && !slices.ContainsFunc(items, func(it boxapi.Item) bool { return it.Name == tc.newName }) {
				t.Errorf("no %q in the folder: %v", tc.newName, items)
			}
		})
	}
}

func TestWindow_RemembersWhereAFileWent(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	folder := h.box.AddFolder("0", "Reports")
	path := writeText(t, "weekly.txt", "week 1")
	h.useFolder(folder)
	h.drop(path)
	h.tap("Upload")
	h.settle()
	h.see("Uploaded as a new file")

	// Next week: the target field points elsewhere, yet the file goes back
	// where it went, as a new version.
	ui(func() { h.w.clearFinished() })
	h.useFolder("0")
	os.WriteFile(path, []byte("week 2"), 0o600)
	h.drop(path)
	h.see("Last time: → Reports / weekly.txt: new version")
	h.tap("Upload")
	h.tap("Replace")
	h.settle()
	h.see("Uploaded — version 2")

	// Once that Box file is in the trash, the window's target applies again.
	var id string
	ui(func() { id = h.w.rows[len(h.w.rows)-1].target.file.ID })
	h.box.Trash(id)
	ui(func() { h.w.clearFinished() })
	h.drop(path)
	h.see("→ All Files: new file “weekly.txt”")
}

func TestWindow_TryAgainAfterAFailure(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	folder := h.box.AddFolder("0", "Drafts")
	id := h.box.AddFile(folder, "plan.txt", []byte("v1"))
	h.useFolder(folder)
	h.drop(writeText(t, "plan.txt", "v2"))
	h.box.SetLocked(id, true) // locked after the list was read
	h.tap("Upload")
	h.tap("Replace")
	h.settle()
	h.see("Failed:", "locked", "[Try again]")
	h.box.SetLocked(id, false)
	h.tap("Try again")
	h.settle()
	h.tap("Upload")
	h.tap("Replace")
	h.settle()
	h.see("Uploaded — version 2")
}

func TestWindow_SeveralFilesUploadAtOnce(t *testing.T) {
	h := newHarness(t, boxtest.Options{BandwidthPerConn: 1 << 20}, WindowOptions{})
	folder := h.box.AddFolder("0", "Photos 2026")
	var paths []string
	for _, name := range []string{"a.jpg", "b.jpg", "c.jpg"} {
		p, _ := writeFile(t, name, 2_000_000)
		paths = append(paths, p)
	}
	h.useFolder(folder)
	h.drop(paths...)
	h.tap("Upload 3 files")
	h.waitUntil("two rows uploading side by side", func() bool {
		n := 0
		for _, q := range h.w.rows {
			if q.state == widgets.StateUploading {
				n++
			}
		}
		return n >= 2
	})
	h.settle()
	h.see("Uploaded as a new file")
	if items, _ := h.w.be.client.FolderItems(h.w.ctx, folder); len(items) != 3 {
		t.Errorf("the folder holds %d files, want 3", len(items))
	}
}

func TestWindow_ChangeARowByPastingALink(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	h.drop(writeText(t, "quote.xlsx", "numbers"))
	h.tap("Change…")
	h.settle()
	b := h.browser()
	ui(func() { b.OnPaste("https://app.box.com/file/" + h.w.be.demoTree.Estimate2026 + "?s=abc") })
	h.settle()
	h.see("→ 営業部 / 2026 / 見積書.xlsx: new version")
	ui(func() {
		if q := h.w.rows[0]; !q.chosen || q.target.file.ID != h.w.be.demoTree.Estimate2026 {
			t.Errorf("the row goes to %+v, want 見積書.xlsx chosen for it", q.target)
		}
	})
}

func TestWindow_NothingGoesToTheOldTargetWhileTheNewOneIsLookedUp(t *testing.T) {
	h := newHarness(t, boxtest.Options{}, WindowOptions{})
	a, b := h.box.AddFolder("0", "Old place"), h.box.AddFolder("0", "New place")
	h.useFolder(a)
	h.drop(writeText(t, "memo.txt", "hello"))
	h.see("→ Old place: new file “memo.txt”")
	ui(func() {
		h.w.target.SetText(folderURL(b)) // the person changes their mind…
		if !h.w.uploadBtn.Disabled() {   // …and presses Upload at once
			t.Error("Upload is enabled while the new target is being looked up")
		}
	})
	h.settle()
	h.see("→ New place: new file “memo.txt”")
}
