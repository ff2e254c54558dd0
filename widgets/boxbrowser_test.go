package widgets

import (
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestBoxBrowser_OpensFoldersAndPicksAFile(t *testing.T) {
	test.NewTempApp(t)
	b := NewBoxBrowser()
	var opened []string
	var picked BoxEntry
	var pickedFolder Crumb
	b.OnOpen = func(id string) { opened = append(opened, id) }
	b.OnPickFile = func(e BoxEntry) { picked = e }
	b.OnPickFolder = func(c Crumb) { pickedFolder = c }
	w := test.NewTempWindow(t, b)
	w.Resize(fyne.NewSize(700, 500))

	entries := []BoxEntry{{ID: "7", Name: "2026", Folder: true}, {ID: "8", Name: "見積書.xlsx", Detail: "52 KB · modified 12 May 2026 by 田中"}}
	for i := range 10_000 { // a big folder pages in and stays one list
		entries = append(entries, BoxEntry{ID: fmt.Sprint(100 + i), Name: fmt.Sprintf("scan-%05d.pdf", i)})
	}
	b.ShowFolder([]Crumb{{"0", "All Files"}, {"5", "営業部"}}, entries[:1000])
	b.AppendEntries(entries[1000:])
	if n := len(b.Entries()); n != len(entries) {
		t.Fatalf("%d entries, want %d", n, len(entries))
	}
	if !reads(b, "営業部") || !slices.Contains(buttons(b), "All Files") {
		t.Errorf("the path reads %q, buttons %q: want All Files (a button) / 営業部", texts(b), buttons(b))
	}
	if button(t, b, "Choose this file").Disabled() == false {
		t.Error("Choose this file is enabled before a file is selected")
	}

	b.Tap(0) // a folder opens
	test.Tap(button(t, b, "All Files"))
	if !slices.Equal(opened, []string{"7", "0"}) {
		t.Errorf("opened %q, want the folder 2026, then All Files", opened)
	}
	b.Tap(1) // a file is selected, then chosen
	test.Tap(button(t, b, "Choose this file"))
	if picked.ID != "8" {
		t.Errorf("picked %+v, want 見積書.xlsx", picked)
	}
	test.Tap(button(t, b, "Choose this folder"))
	if pickedFolder.ID != "5" {
		t.Errorf("picked folder %+v, want 営業部", pickedFolder)
	}
}

func TestBoxBrowser_Search(t *testing.T) {
	test.NewTempApp(t)
	b := NewBoxBrowser()
	var query string
	var within bool
	b.OnSearch = func(q string, in bool) { query, within = q, in }
	b.OnPickFile = func(BoxEntry) {}
	test.NewTempWindow(t, b).Resize(fyne.NewSize(700, 500))
	b.ShowFolder([]Crumb{{"0", "All Files"}}, nil)
	for _, o := range shownOf[*widget.Entry](b) {
		test.Type(o, "見積書")
		o.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	}
	if query != "見積書" || within {
		t.Errorf("searched %q (within: %v), want 見積書 everywhere", query, within)
	}
	b.ShowResults([]BoxEntry{{ID: "8", Name: "見積書.xlsx", Detail: "All Files / 営業部 / 2026"}, {ID: "9", Name: "見積書.xlsx", Detail: "All Files / 営業部 / 2025"}})
	if !reads(b, "Search results") || slices.Contains(buttons(b), "Choose this folder") {
		t.Errorf("results read %q with buttons %q", texts(b), buttons(b))
	}
}
