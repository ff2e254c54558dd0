package boxtest_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
)

// items gets one page of a folder's items.
func (c *client) items(folderID string, query url.Values) boxapi.Items {
	c.t.Helper()
	var page boxapi.Items
	decode(c.t, c.do("GET", c.srv.APIURL+"/folders/"+folderID+"/items?"+query.Encode(), nil), http.StatusOK, &page)
	return page
}

// names lists the entries' names.
func names(entries []boxapi.Item) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Name)
	}
	return out
}

func TestGetFolder_PathCollectionAndPermissions(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	sales := c.srv.AddFolder("0", "営業部")
	y2026 := c.srv.AddFolder(sales, "2026")
	c.srv.SetFolderCanUpload(y2026, false)

	var d boxapi.Folder
	decode(t, c.do("GET", c.srv.APIURL+"/folders/"+y2026, nil), http.StatusOK, &d)
	if d.Type != "folder" || d.ID != y2026 || d.Name != "2026" || d.Permissions == nil || d.Permissions.CanUpload {
		t.Errorf("folder = %+v", d)
	}
	pc := d.PathCollection
	if pc == nil || pc.TotalCount != 2 || len(pc.Entries) != 2 ||
		pc.Entries[0].ID != "0" || pc.Entries[0].Name != "All Files" || pc.Entries[1].ID != sales || pc.Entries[1].Name != "営業部" {
		t.Errorf("path_collection = %+v", pc)
	}

	var root boxapi.Folder
	decode(t, c.do("GET", c.srv.APIURL+"/folders/0", nil), http.StatusOK, &root)
	if root.ID != "0" || root.Name != "All Files" || root.PathCollection == nil || root.PathCollection.TotalCount != 0 ||
		root.Permissions == nil || !root.Permissions.CanUpload {
		t.Errorf("All Files = %+v", root)
	}
	wantError(t, c.do("GET", c.srv.APIURL+"/folders/12345", nil), http.StatusNotFound, "not_found")
	wantError(t, c.do("GET", c.srv.APIURL+"/folders/12345/items", nil), http.StatusNotFound, "not_found")
}

// bigFolder makes a folder of n files and two subfolders.
func bigFolder(c *client, n int) (id string, all []string) {
	id = c.srv.AddFolder("0", "Big")
	all = append(all, c.srv.AddFolder(id, "zz sub"), c.srv.AddFolder(id, "AA sub"))
	for i := range n {
		all = append(all, c.srv.AddFile(id, fmt.Sprintf("file %05d.txt", i), []byte{byte(i)}))
	}
	return id, all
}

// checkAll checks that pages covered every item once, folders first.
func checkAll(t *testing.T, got []boxapi.Item, want []string) {
	t.Helper()
	var ids []string
	for _, e := range got {
		ids = append(ids, e.ID)
	}
	if len(ids) != len(want) || len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(want) {
		t.Fatalf("%d items, %d distinct, want %d", len(ids), len(slices.Compact(slices.Sorted(slices.Values(ids)))), len(want))
	}
	if got[0].Type != "folder" || got[0].Name != "AA sub" || got[1].Name != "zz sub" || got[2].Name != "file 00000.txt" || got[len(got)-1].Name != fmt.Sprintf("file %05d.txt", len(want)-3) {
		t.Errorf("order: %v … %v", names(got[:3]), got[len(got)-1].Name)
	}
}

func TestFolderItems_OffsetPaging(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	id, want := bigFolder(c, 2500)

	var got []boxapi.Item
	for offset := 0; ; {
		page := c.items(id, url.Values{"offset": {fmt.Sprint(offset)}, "limit": {"1000"}, "fields": {"name"}})
		if page.TotalCount != len(want) || page.Offset != offset || page.Limit != 1000 || page.NextMarker != "" {
			t.Fatalf("page at %d: total_count %d offset %d limit %d next_marker %q", offset, page.TotalCount, page.Offset, page.Limit, page.NextMarker)
		}
		got = append(got, page.Entries...)
		if offset += len(page.Entries); len(page.Entries) == 0 || offset >= page.TotalCount {
			break
		}
	}
	checkAll(t, got, want)

	if page := c.items(id, nil); len(page.Entries) != 100 || page.Limit != 100 {
		t.Errorf("default page: %d entries, limit %d; want 100", len(page.Entries), page.Limit)
	}
	if page := c.items(id, url.Values{"offset": {"5000"}}); len(page.Entries) != 0 || page.TotalCount != len(want) {
		t.Errorf("past the end: %+v", page)
	}
}

func TestFolderItems_MarkerPaging(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	id, want := bigFolder(c, 2500)

	var got []boxapi.Item
	q := url.Values{"usemarker": {"true"}, "limit": {"1000"}, "fields": {"name"}}
	for pages := 1; ; pages++ {
		resp := c.do("GET", c.srv.APIURL+"/folders/"+id+"/items?"+q.Encode(), nil)
		var raw map[string]json.RawMessage
		decode(t, resp, http.StatusOK, &raw)
		if _, ok := raw["total_count"]; ok {
			t.Errorf("marker page %d has total_count", pages)
		}
		var page boxapi.Items
		b, _ := json.Marshal(raw)
		json.Unmarshal(b, &page)
		got = append(got, page.Entries...)
		if page.NextMarker == "" {
			if pages != 3 {
				t.Errorf("%d pages, want 3", pages)
			}
			break
		}
		if pages == 1 {
			// Someone adds a file that sorts before the marker: the next
			// page neither repeats nor skips anything.
			c.srv.AddFile(id, "file 00000a.txt", nil)
		}
		q.Set("marker", page.NextMarker)
	}
	checkAll(t, got, want)

	wantError(t, c.do("GET", c.srv.APIURL+"/folders/"+id+"/items?marker=abc", nil), http.StatusBadRequest, "bad_request")
	wantError(t, c.do("GET", c.srv.APIURL+"/folders/"+id+"/items?usemarker=true&marker=%25%25", nil), http.StatusBadRequest, "bad_request")
}

func TestFolderItems_Limits(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	for _, q := range []string{"limit=1001", "limit=0", "limit=ten", "offset=-1", "usemarker=true&limit=5000"} {
		e := wantError(t, c.do("GET", c.srv.APIURL+"/folders/0/items?"+q, nil), http.StatusBadRequest, "bad_request")
		if !strings.Contains(string(e.ContextInfo), "invalid_parameter") {
			t.Errorf("%s: context_info %s", q, e.ContextInfo)
		}
	}
	if page := c.items("0", url.Values{"limit": {"1000"}}); page.Limit != 1000 {
		t.Errorf("limit 1000: %+v", page)
	}
}

func TestFolderItems_Fields(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	docs := c.srv.AddFolder("0", "Docs")
	c.srv.AddFile("0", "a.txt", []byte("hello"))

	keys := func(query string) []string {
		var page struct{ Entries []map[string]any }
		decode(t, c.do("GET", c.srv.APIURL+"/folders/0/items?"+query, nil), http.StatusOK, &page)
		var out []string
		for _, e := range page.Entries {
			out = append(out, fmt.Sprintf("%v %v", e["type"], slices.Sorted(maps.Keys(e))))
		}
		return out
	}
	for query, want := range map[string][]string{
		"":                                  {"folder [etag id name type]", "file [etag file_version id name sha1 type]"},
		"fields=name,size":                  {"folder [id name type]", "file [id name size type]"},
		"fields=sha1,modified_at,nonsense":  {"folder [id modified_at type]", "file [id modified_at sha1 type]"},
		"fields=permissions,modified_by,id": {"folder [id modified_by permissions type]", "file [id modified_by permissions type]"},
	} {
		if got := keys(query); !slices.Equal(got, want) {
			t.Errorf("%q: keys %v, want %v", query, got, want)
		}
	}
	page := c.items("0", url.Values{"fields": {"name,size,sha1,modified_by"}})
	if e := page.Entries[1]; e.Name != "a.txt" || e.Size != 5 || e.SHA1 != sha1Hex([]byte("hello")) || e.ModifiedBy == nil || e.ModifiedBy.Name != "Demo User" {
		t.Errorf("file entry %+v", e)
	}
	if e := page.Entries[0]; e.ID != docs || e.Type != "folder" {
		t.Errorf("folder entry %+v", e)
	}
}

func TestCreateFolder(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	parent := c.srv.AddFolder("0", "Projects")
	fileID := c.srv.AddFile(parent, "Report.pdf", []byte("x"))
	create := func(parentID, name string) *http.Response {
		return c.do("POST", c.srv.APIURL+"/folders", boxapi.CreateFolderRequest{Name: name, Parent: boxapi.Ref{ID: parentID}})
	}

	var d boxapi.Folder
	decode(t, create(parent, "Docs"), http.StatusCreated, &d)
	if d.Type != "folder" || d.ID == "" || d.Name != "Docs" || d.PathCollection == nil || d.PathCollection.TotalCount != 2 ||
		d.PathCollection.Entries[1].ID != parent || d.Permissions == nil || !d.Permissions.CanUpload {
		t.Errorf("created %+v", d)
	}
	if page := c.items(parent, url.Values{"fields": {"name"}}); !slices.Equal(names(page.Entries), []string{"Docs", "Report.pdf"}) {
		t.Errorf("parent holds %v", names(page.Entries))
	}

	// Taken names, as Box compares them: case, width and composition aside.
	for name, wantID := range map[string]string{"docs": d.ID, "ＤＯＣＳ": d.ID, "REPORT.PDF": fileID, "Ｒｅｐｏｒｔ.pdf": fileID} {
		e := wantError(t, create(parent, name), http.StatusConflict, "item_name_in_use")
		var ci struct{ Conflicts []boxapi.Item }
		if err := json.Unmarshal(e.ContextInfo, &ci); err != nil || len(ci.Conflicts) != 1 || ci.Conflicts[0].ID != wantID {
			t.Errorf("%q: context_info %s, want conflicts [%s]", name, e.ContextInfo, wantID)
		}
	}
	kana := c.srv.AddFolder(parent, "データ") // composed
	e := wantError(t, create(parent, "テ\u3099ータ"), http.StatusConflict, "item_name_in_use")
	if !strings.Contains(string(e.ContextInfo), kana) {
		t.Errorf("decomposed データ: context_info %s", e.ContextInfo)
	}

	for _, tc := range []struct{ name, code string }{
		{"", "bad_request"},
		{strings.Repeat("a", 256), "item_name_too_long"},
		{"a/b", "item_name_invalid"},
		{`a\b`, "item_name_invalid"},
		{"trailing ", "item_name_invalid"},
		{".", "item_name_invalid"},
		{"..", "item_name_invalid"},
		{"tab\there", "item_name_invalid"},
	} {
		wantError(t, create(parent, tc.name), http.StatusBadRequest, tc.code)
	}
	decode(t, create(parent, strings.Repeat("書", 255)), http.StatusCreated, nil)
	decode(t, create(parent, " leading"), http.StatusCreated, nil) // Box's spec forbids only trailing spaces
	wantError(t, create("", "x"), http.StatusBadRequest, "bad_request")
	wantError(t, c.do("POST", c.srv.APIURL+"/folders", []byte("{")), http.StatusBadRequest, "bad_request")
	wantError(t, create("999", "x"), http.StatusNotFound, "not_found")

	c.srv.SetFolderCanUpload(parent, false)
	wantError(t, create(parent, "New"), http.StatusForbidden, "access_denied_insufficient_permissions")
}

func TestUpload_NamesComparedAsBox(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	id := c.srv.AddFile("0", "見積書.xlsx", []byte("x"))
	c.srv.AddFolder("0", "Specs")
	preflight := func(name string) *http.Response {
		return c.do("OPTIONS", c.srv.APIURL+"/files/content", boxapi.PreflightRequest{Name: name, Size: 1, Parent: &boxapi.Ref{ID: "0"}})
	}
	for _, name := range []string{"見積書.XLSX", "見積書.ｘｌｓｘ"} {
		e := wantError(t, preflight(name), http.StatusConflict, "item_name_in_use")
		if !strings.Contains(string(e.ContextInfo), id) {
			t.Errorf("%q: conflicts %s, want file %s", name, e.ContextInfo, id)
		}
	}
	wantError(t, preflight("specs"), http.StatusConflict, "item_name_in_use")
	decode(t, preflight("見積書 (1).xlsx"), http.StatusOK, nil)
}

func TestTrash(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	folder := c.srv.AddFolder("0", "Old")
	inner := c.srv.AddFolder(folder, "Inner")
	deep := c.srv.AddFile(inner, "deep.txt", []byte("d"))
	file := c.srv.AddFile("0", "note.txt", []byte("n"))
	keep := c.srv.AddFile("0", "keep.txt", []byte("k"))

	c.srv.Trash(file)
	c.srv.Trash(folder)
	if page := c.items("0", url.Values{"fields": {"name"}}); page.TotalCount != 1 || page.Entries[0].ID != keep {
		t.Errorf("All Files lists %v", names(page.Entries))
	}
	for _, path := range []string{"/files/" + file, "/files/" + deep, "/folders/" + folder, "/folders/" + inner, "/folders/" + inner + "/items"} {
		wantError(t, c.do("GET", c.srv.APIURL+path, nil), http.StatusNotFound, "trashed")
	}
	var found boxapi.Items
	decode(t, c.do("GET", c.srv.APIURL+"/search?query=txt", nil), http.StatusOK, &found)
	if found.TotalCount != 1 || found.Entries[0].ID != keep {
		t.Errorf("search finds %v", names(found.Entries))
	}
	wantError(t, c.do("GET", c.srv.APIURL+"/search?query=deep&ancestor_folder_ids="+inner, nil), http.StatusNotFound, "trashed")

	// Trashed names are free again; uploads to trashed items are refused.
	decode(t, c.do("POST", c.srv.APIURL+"/folders", boxapi.CreateFolderRequest{Name: "Old", Parent: boxapi.Ref{ID: "0"}}), http.StatusCreated, nil)
	decode(t, c.do("OPTIONS", c.srv.APIURL+"/files/content", boxapi.PreflightRequest{Name: "note.txt", Size: 1, Parent: &boxapi.Ref{ID: "0"}}), http.StatusOK, nil)
	wantError(t, c.do("OPTIONS", c.srv.APIURL+"/files/"+deep+"/content", boxapi.PreflightRequest{Name: "deep.txt", Size: 1}), http.StatusNotFound, "trashed")
	wantError(t, c.do("OPTIONS", c.srv.APIURL+"/files/content", boxapi.PreflightRequest{Name: "x.txt", Size: 1, Parent: &boxapi.Ref{ID: inner}}), http.StatusNotFound, "trashed")
}
