package widgets

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestFileList_TenThousandFilesDrawOnlyTheLinesInView(t *testing.T) {
	test.NewTempApp(t)
	items := make([]FileItem, 10_000)
	for i := range items {
		items[i] = FileItem{Name: fmt.Sprintf("資料/file%05d.txt", i), State: StateWaiting, Status: "New file"}
	}
	items[1] = FileItem{Name: "bad name ", State: StateRefused, Status: "Box does not accept this name"}
	asked := map[int]bool{}
	l := NewFileList(func() int { return len(items) }, func(i int) FileItem { asked[i] = true; return items[i] })
	w := test.NewTempWindow(t, l)
	w.Resize(fyne.NewSize(500, l.MinSize().Height))

	lines := len(shownOf[*MiddleLabel](l))
	if lines == 0 || lines > 2*fileListRows {
		t.Errorf("%d lines drawn for 10,000 files, want about %d (those in view)", lines, fileListRows)
	}
	if len(asked) > 3*fileListRows {
		t.Errorf("%d items read to draw the list, want only those in view", len(asked))
	}
	if !reads(l, "資料/file00000.txt") || !reads(l, "New file") {
		t.Errorf("the first line does not show; the list reads %q", texts(l))
	}
	refused := 0
	for _, label := range shownOf[*widget.Label](l) {
		if label.Text == "Box does not accept this name" {
			refused++
			if label.Importance != widget.DangerImportance {
				t.Errorf("a refused file's reason is in %v, want the error colour", label.Importance)
			}
		}
	}
	if refused != 1 {
		t.Errorf("the refused file's reason shows %d times, want once", refused)
	}

	items[0].State, items[0].Status = StateDone, "Uploaded as a new version"
	l.Refresh()
	if !reads(l, "Uploaded as a new version") {
		t.Errorf("after Refresh, the changed line does not show its new status in full; the list reads %q", texts(l))
	}
	l.list.ScrollToBottom()
	if !reads(l, "資料/file09999.txt") {
		t.Errorf("scrolled to the bottom, the last file does not show; the list reads %q", texts(l))
	}
}

func TestTransferRow_Extra(t *testing.T) {
	test.NewTempApp(t)
	r := NewTransferRow("Project", "")
	test.NewTempWindow(t, r)
	r.SetExtra(widget.NewLabel("the folder's files"))
	if !reads(r, "the folder's files") {
		t.Error("SetExtra's object does not show")
	}
	r.SetExtra(nil)
	if reads(r, "the folder's files") {
		t.Error("SetExtra(nil) still shows the old object")
	}
}

func TestFileList_ALongStatusLeavesRoomForTheName(t *testing.T) {
	test.NewTempApp(t)
	long := strings.Repeat("Box does not accept this name, for a long reason. ", 6)
	items := []FileItem{{Name: "Project/draft.txt", State: StateRefused, Status: long}}
	l := NewFileList(func() int { return len(items) }, func(i int) FileItem { return items[i] })
	selected := -1
	l.OnSelected = func(i int) { selected = i }
	w := test.NewTempWindow(t, l)
	w.Resize(fyne.NewSize(500, l.MinSize().Height))

	names := shownOf[*MiddleLabel](l)
	if len(names) != 1 || names[0].Size().Width < 500*(1-statusShare)-60 {
		t.Fatalf("the name gets %v of a 500 wide list next to a long status", names[0].Size())
	}
	l.list.Select(0)
	if selected != 0 {
		t.Errorf("selecting the line called OnSelected(%d), want 0", selected)
	}
}
