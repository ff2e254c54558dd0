package boxtest_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
)

func TestAddDemoTree(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	began := time.Now()
	demo := c.srv.AddDemoTree()
	// It must not slow the demo's start: 100 ms is the budget without -race.
	if took := time.Since(began); took > time.Second {
		t.Errorf("AddDemoTree took %v", took)
	}

	other := boxtest.NewServer(boxtest.Options{})
	defer other.Close()
	if again := other.AddDemoTree(); again != demo {
		t.Errorf("a second server's tree %+v differs from %+v", again, demo)
	}

	video, ok := c.srv.File(demo.ProjectVideo)
	if !ok || video.Name != "Project video.mp4" || video.ParentID != demo.TeamProjects || video.Size != 48_213_450 {
		t.Errorf("Project video.mp4 = %+v", video)
	}

	var f boxapi.File
	decode(t, c.do("GET", c.srv.APIURL+"/files/"+demo.Estimate2026, nil), http.StatusOK, &f)
	if f.Name != "見積書.xlsx" || f.VersionNumber != "4" || f.ModifiedBy == nil || f.ModifiedBy.Name != "田中 太郎" ||
		f.Parent == nil || f.Parent.Name != "2026" || f.ModifiedAt.Year() != 2026 {
		t.Errorf("見積書.xlsx = %+v", f)
	}
	if st, _ := c.srv.File(demo.Estimate2026); len(st.Versions) != 4 || st.Versions[0].ModifiedBy != "佐藤 花子" {
		t.Errorf("versions %+v", st.Versions)
	}
	decode(t, c.do("GET", c.srv.APIURL+"/files/"+demo.Contract, nil), http.StatusOK, &f)
	if f.Lock == nil {
		t.Errorf("契約書.pdf is not locked")
	}
	var d boxapi.Folder
	decode(t, c.do("GET", c.srv.APIURL+"/folders/"+demo.Rules, nil), http.StatusOK, &d)
	if d.Name != "規程集" || d.Permissions == nil || d.Permissions.CanUpload {
		t.Errorf("規程集 = %+v", d)
	}

	if page := c.items("0", url.Values{"fields": {"name"}}); !slices.Equal(names(page.Entries), []string{"Archive 2019–2024", "Invoices", "Marketing", "Team projects", "営業部", "規程集"}) {
		t.Errorf("All Files holds %v", names(page.Entries))
	}
	if page := c.items(demo.Sales2026, url.Values{"fields": {"name"}}); !slices.Equal(names(page.Entries), []string{"ﾚﾎﾟｰﾄ.docx", "見積書.xlsx", "請求書_2026-04.pdf"}) {
		t.Errorf("営業部/2026 holds %v (the trashed 古い見積書.xlsx must not show)", names(page.Entries))
	}
	if page := c.items(demo.Archive, url.Values{"limit": {"1000"}}); page.TotalCount != demo.ArchiveFiles || demo.ArchiveFiles != 5000 {
		t.Errorf("Archive: total_count %d, ArchiveFiles %d", page.TotalCount, demo.ArchiveFiles)
	}
}

func TestAddVersionInfo(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	id := c.srv.AddFile("0", "a.txt", []byte("one"))
	at := time.Date(2026, 5, 12, 8, 0, 0, 0, time.UTC)
	v := c.srv.AddVersionInfo(id, 3, sha1Hex([]byte("two")), "田中 太郎", at)

	var f boxapi.File
	decode(t, c.do("GET", c.srv.APIURL+"/files/"+id, nil), http.StatusOK, &f)
	if f.FileVersion == nil || f.FileVersion.ID != v || f.SHA1 != sha1Hex([]byte("two")) || f.ETag != "1" || f.VersionNumber != "2" ||
		f.ModifiedBy == nil || f.ModifiedBy.Name != "田中 太郎" || !f.ModifiedAt.Equal(at) || !f.ContentModifiedAt.Equal(at) {
		t.Errorf("file = %+v", f)
	}
}

func BenchmarkAddDemoTree(b *testing.B) {
	for b.Loop() {
		srv := boxtest.NewServer(boxtest.Options{})
		srv.AddDemoTree()
		srv.Close()
	}
}
