package upload

import (
	"errors"
	"slices"
	"testing"

	"boxuploader/upload/boxapi"
)

func TestNameKey_ComparesNamesAsBoxDoes(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"Report.PDF", "report.pdf", true},
		{"ＲＥＰＯＲＴ.pdf", "report.pdf", true},       // full-width letters
		{"ｶﾞｲﾄﾞ.txt", "ガイド.txt", true},           // half-width katakana
		{"か\u3099いと\u3099.txt", "がいど.txt", true}, // decomposed (as macOS writes names) and composed
		{"STRASSE.txt", "straße.txt", true},
		{"見積書.xlsx", "見積書 .xlsx", false},
		{"report.pdf", "report.pdf.pdf", false},
	} {
		if got := NameKey(tc.a) == NameKey(tc.b); got != tc.same {
			t.Errorf("NameKey(%q) == NameKey(%q) is %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

func TestPlan_MatchesEachFileByName(t *testing.T) {
	folder := []boxapi.Item{
		{Type: "file", ID: "1", Name: "見積書.xlsx", Size: 100, SHA1: "AAAA"},
		{Type: "file", ID: "2", Name: "Report.pdf", Size: 200, SHA1: "bbbb"},
		{Type: "file", ID: "3", Name: "minutes.docx", Size: 300, SHA1: "cccc"},
		{Type: "folder", ID: "4", Name: "Photos"},
		{Type: "file", ID: "5", Name: "notes (1).txt", Size: 1, SHA1: "dddd"},
		{Type: "file", ID: "6", Name: "notes.txt", Size: 1, SHA1: "eeee"},
	}
	sums := map[string]string{"/a/見積書.xlsx": "aaaa", "/a/report.pdf": "ffff", "/a/notes.txt": "eeee"}
	type want struct {
		action   Action
		name     string
		existing string
	}
	for _, tc := range []struct {
		what     string
		ifExists IfExists
		locals   []Local
		want     []want
		hashed   []string
	}{
		{
			what: "new, changed, identical", ifExists: IfExistsVersion,
			locals: []Local{{Path: "/a/new.txt", Size: 5}, {Path: "/a/見積書.xlsx", Size: 100}, {Path: "/a/MINUTES.docx", Size: 301}, {Path: "/a/report.pdf", Size: 200}},
			want: []want{
				{ActionCreate, "new.txt", ""},
				{ActionUnchanged, "見積書.xlsx", "1"},
				{ActionUpdate, "MINUTES.docx", "3"},
				{ActionUpdate, "report.pdf", "2"},
			},
			hashed: []string{"/a/見積書.xlsx", "/a/report.pdf"}, // not minutes: its size differs
		},
		{
			what: "a folder has the name", ifExists: IfExistsVersion,
			locals: []Local{{Path: "/b/photos", Size: 5}},
			want:   []want{{ActionNameTaken, "photos", "4"}},
		},
		{
			what: "skip", ifExists: IfExistsSkip,
			locals: []Local{{Path: "/a/report.pdf", Size: 7}, {Path: "/a/other.pdf", Size: 7}},
			want:   []want{{ActionSkip, "report.pdf", "2"}, {ActionCreate, "other.pdf", ""}},
		},
		{
			what: "fail", ifExists: IfExistsFail,
			locals: []Local{{Path: "/a/report.pdf", Size: 7}},
			want:   []want{{ActionNameTaken, "report.pdf", "2"}},
		},
		{
			what: "keep both", ifExists: IfExistsRename,
			locals: []Local{{Path: "/a/notes.txt", Size: 1}, {Path: "/b/Notes.txt", Size: 1}, {Path: "/b/photos", Size: 1}},
			want:   []want{{ActionCreate, "notes (2).txt", ""}, {ActionCreate, "Notes (3).txt", ""}, {ActionCreate, "photos (1)", ""}},
		},
		{
			what: "the same name twice in one batch", ifExists: IfExistsVersion,
			locals: []Local{{Path: "/a/plan.txt", Size: 1}, {Path: "/b/Plan.txt", Size: 2}},
			want:   []want{{ActionCreate, "plan.txt", ""}, {ActionNameTaken, "Plan.txt", ""}},
		},
	} {
		t.Run(tc.what, func(t *testing.T) {
			var hashed []string
			hash := func(p string) (string, error) { hashed = append(hashed, p); return sums[p], nil }
			got := Plan(tc.locals, folder, tc.ifExists, hash)
			for i, w := range tc.want {
				g := got[i]
				id := ""
				if g.Existing != nil {
					id = g.Existing.ID
				}
				if g.Action != w.action || g.Name != w.name || id != w.existing {
					t.Errorf("%s: got action %d, name %q, existing %q; want %d, %q, %q",
						tc.locals[i].Path, g.Action, g.Name, id, w.action, w.name, w.existing)
				}
			}
			if !slices.Equal(hashed, tc.hashed) {
				t.Errorf("hashed %q, want %q (only same-named files of the same size)", hashed, tc.hashed)
			}
		})
	}
}

func TestPlan_UnreadableFileFailsAlone(t *testing.T) {
	folder := []boxapi.Item{{Type: "file", ID: "1", Name: "a.txt", Size: 3, SHA1: "x"}}
	broken := errors.New("permission denied")
	got := Plan([]Local{{Path: "/a.txt", Size: 3}, {Path: "/b.txt", Size: 3}}, folder, IfExistsVersion,
		func(string) (string, error) { return "", broken })
	if got[0].Action != ActionFailed || !errors.Is(got[0].Err, broken) || got[1].Action != ActionCreate {
		t.Errorf("got %+v", got)
	}
}

func TestFreeName_AsBoxKeepsBoth(t *testing.T) {
	taken := map[string]bool{"report (1).pdf": true}
	for name, want := range map[string]string{
		"report.pdf":     "report (2).pdf",
		".profile":       ".profile (1)",
		"README":         "README (1)",
		"archive.tar.gz": "archive.tar (1).gz",
	} {
		if got := FreeName(name, func(n string) bool { return taken[n] }); got != want {
			t.Errorf("FreeName(%q) = %q, want %q", name, got, want)
		}
	}
}
