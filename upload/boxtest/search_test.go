package boxtest_test

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
)

// search gets one page of search results.
func (c *client) search(q url.Values) boxapi.Items {
	c.t.Helper()
	var page boxapi.Items
	decode(c.t, c.do("GET", c.srv.APIURL+"/search?"+q.Encode(), nil), http.StatusOK, &page)
	return page
}

// path renders a path_collection as "All Files / 営業部 / 2026".
func path(pc *boxapi.PathCollection) string {
	if pc == nil {
		return "<none>"
	}
	var parts []string
	for _, f := range pc.Entries {
		parts = append(parts, f.Name)
	}
	return strings.Join(parts, " / ")
}

func TestSearch_JapaneseNameWithPath(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	demo := c.srv.AddDemoTree()

	page := c.search(url.Values{"query": {"見積書"}, "type": {"file"}, "content_types": {"name"}, "fields": {"name,path_collection,modified_by"}})
	if page.TotalCount != 2 || len(page.Entries) != 2 {
		t.Fatalf("見積書: %d hits %v, want the two files (not the trashed 古い見積書.xlsx)", page.TotalCount, names(page.Entries))
	}
	got := map[string]string{}
	for _, e := range page.Entries {
		got[e.ID] = e.Name + " in " + path(e.PathCollection)
	}
	want := map[string]string{
		demo.Estimate2026: "見積書.xlsx in All Files / 営業部 / 2026",
		demo.Estimate2025: "見積書.xlsx in All Files / 営業部 / 2025",
	}
	if !maps.Equal(got, want) {
		t.Errorf("hits %v, want %v", got, want)
	}
	if e := page.Entries[0]; e.PathCollection.TotalCount != 3 || e.PathCollection.Entries[0].ID != "0" || e.ModifiedBy == nil || e.ModifiedBy.Name != "田中 太郎" {
		t.Errorf("first hit %+v", e)
	}

	// Without path_collection in fields, none is sent.
	if page := c.search(url.Values{"query": {"見積書"}, "fields": {"name"}}); page.Entries[0].PathCollection != nil {
		t.Errorf("path_collection sent unasked")
	}
}

func TestSearch_Filters(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	demo := c.srv.AddDemoTree()
	ids := func(q url.Values) []string {
		var out []string
		for _, e := range c.search(q).Entries {
			out = append(out, e.ID)
		}
		slices.Sort(out)
		return out
	}
	sorted := func(s ...string) []string { return slices.Sorted(slices.Values(s)) }

	for _, tc := range []struct {
		q    url.Values
		want []string
	}{
		{url.Values{"query": {"見積書"}, "ancestor_folder_ids": {demo.Sales2026}}, []string{demo.Estimate2026}},
		{url.Values{"query": {"見積書"}, "ancestor_folder_ids": {demo.Sales}}, sorted(demo.Estimate2026, demo.Estimate2025)},
		{url.Values{"query": {"見積書"}, "ancestor_folder_ids": {demo.Sales2025 + "," + demo.Marketing}}, []string{demo.Estimate2025}},
		{url.Values{"query": {"見積書"}, "ancestor_folder_ids": {demo.Marketing}}, nil},
		// Full-width and half-width forms are one name.
		{url.Values{"query": {"レポート"}}, []string{demo.Report}},
		{url.Values{"query": {"ＰＲＯＪＥＣＴ VIDEO"}}, []string{demo.ProjectVideo}},
		{url.Values{"query": {"2026"}, "type": {"folder"}, "ancestor_folder_ids": {demo.Sales}}, []string{demo.Sales2026}},
		{url.Values{"query": {"project"}, "type": {"folder"}}, []string{demo.TeamProjects}},
		{url.Values{"query": {"規程集"}, "type": {"file"}}, nil},
		{url.Values{"query": {"規程集"}}, []string{demo.Rules}},
		{url.Values{"query": {"就業"}, "file_extensions": {"pdf,docx"}}, []string{demo.Regulation}},
		{url.Values{"query": {"見積書"}, "content_types": {"description,file_content"}}, nil},
	} {
		if got := ids(tc.q); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.q.Encode(), got, tc.want)
		}
	}
}

func TestSearch_Paging(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	demo := c.srv.AddDemoTree()

	seen := map[string]bool{}
	for offset := 0; offset < demo.ArchiveFiles; offset += 200 {
		page := c.search(url.Values{"query": {"scan"}, "type": {"file"}, "ancestor_folder_ids": {demo.Archive}, "limit": {"200"}, "offset": {strconv.Itoa(offset)}})
		if page.TotalCount != demo.ArchiveFiles || page.Limit != 200 || page.Offset != offset || len(page.Entries) != 200 {
			t.Fatalf("offset %d: total %d limit %d offset %d, %d entries", offset, page.TotalCount, page.Limit, page.Offset, len(page.Entries))
		}
		for _, e := range page.Entries {
			seen[e.ID] = true
		}
	}
	if len(seen) != demo.ArchiveFiles {
		t.Errorf("%d distinct hits over all pages, want %d", len(seen), demo.ArchiveFiles)
	}
	if page := c.search(url.Values{"query": {"scan"}}); len(page.Entries) != 30 || page.Limit != 30 {
		t.Errorf("default page: %d entries, limit %d; want 30", len(page.Entries), page.Limit)
	}
}

func TestSearch_Errors(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	wantError(t, c.do("GET", c.srv.APIURL+"/search", nil), http.StatusBadRequest, "missing_parameter")
	wantError(t, c.do("GET", c.srv.APIURL+"/search?query=%20", nil), http.StatusBadRequest, "missing_parameter")
	for _, q := range []string{"limit=201", "limit=x", "offset=10001", "type=album", "content_types=names", "trash_content=trashed_only"} {
		wantError(t, c.do("GET", c.srv.APIURL+"/search?query=a&"+q, nil), http.StatusBadRequest, "invalid_parameter")
	}
	wantError(t, c.do("GET", c.srv.APIURL+"/search?query=a&ancestor_folder_ids=0,999", nil), http.StatusNotFound, "not_found")
	var page struct {
		Type    string        `json:"type"`
		Entries []boxapi.Item `json:"entries"`
		Total   int           `json:"total_count"`
	}
	decode(t, c.do("GET", c.srv.APIURL+"/search?query=nothing", nil), http.StatusOK, &page)
	if page.Type != "search_results_items" || page.Entries == nil || page.Total != 0 {
		t.Errorf("no hits: %+v", page)
	}
}
