package boxtest_test

import (
	"net/http"
	"testing"
	"time"

	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
)

func TestSimpleUpload(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	folder := c.srv.AddFolder("0", "Docs")
	id := c.srv.AddFile(folder, "a.txt", []byte("old"))
	content := randomBytes(5000)
	upload := func(url string, attrs boxapi.Attributes, fileFirst bool, headers ...string) *http.Response {
		body, contentType := multipartBody(t, attrs, content, fileFirst)
		return c.do("POST", url, body, append([]string{"Content-Type", contentType}, headers...)...)
	}
	versionURL := c.srv.UploadURL + "/files/" + id + "/content"
	newURL := c.srv.UploadURL + "/files/content"

	modified := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	var files boxapi.Files
	decode(t, upload(versionURL, boxapi.Attributes{Name: "a.txt", ContentModifiedAt: boxapi.Time{Time: modified}}, false,
		"Content-MD5", sha1Hex(content), "If-Match", "0"), http.StatusOK, &files)
	if f := files.Entries[0]; files.TotalCount != 1 || f.ID != id || f.SHA1 != sha1Hex(content) || f.Size != 5000 || f.ETag != "1" || !f.ContentModifiedAt.Equal(modified) {
		t.Errorf("version = %+v", f)
	}
	if f, _ := c.srv.File(id); len(f.Versions) != 2 {
		t.Errorf("file = %+v", f)
	}

	decode(t, upload(newURL, boxapi.Attributes{Name: "b.txt", Parent: &boxapi.Ref{ID: folder}}, false), http.StatusCreated, &files)
	if f, ok := c.srv.File(files.Entries[0].ID); !ok || f.Name != "b.txt" || f.ParentID != folder || f.SHA1 != sha1Hex(content) {
		t.Errorf("new file = %+v", f)
	}

	wantError(t, upload(versionURL, boxapi.Attributes{Name: "a.txt"}, true), http.StatusBadRequest, "metadata_after_file_contents")
	wantError(t, upload(versionURL, boxapi.Attributes{Name: "a.txt"}, false, "Content-MD5", sha1Hex(content[1:])), http.StatusBadRequest, "bad_digest")
	wantError(t, upload(versionURL, boxapi.Attributes{Name: "a.txt"}, false, "If-Match", "0"), http.StatusPreconditionFailed, "precondition_failed")
	wantError(t, upload(versionURL, boxapi.Attributes{Name: "b.txt"}, false), http.StatusConflict, "item_name_in_use")
	wantError(t, upload(newURL, boxapi.Attributes{Name: "c.txt"}, false), http.StatusBadRequest, "bad_request")
	wantError(t, upload(newURL, boxapi.Attributes{Name: "b.txt", Parent: &boxapi.Ref{ID: folder}}, false), http.StatusConflict, "item_name_in_use")
	wantError(t, upload(newURL, boxapi.Attributes{Name: "c.txt", Parent: &boxapi.Ref{ID: "77"}}, false), http.StatusNotFound, "not_found")
	c.srv.SetUser(func(u *boxapi.User) { u.MaxUploadSize = 4999 })
	wantError(t, upload(versionURL, boxapi.Attributes{Name: "a.txt"}, false), http.StatusForbidden, "file_size_limit_exceeded")
	wantError(t, c.do("POST", versionURL, []byte("raw")), http.StatusBadRequest, "bad_request")

	if f, _ := c.srv.File(id); len(f.Versions) != 2 || f.SHA1 != sha1Hex(content) {
		t.Errorf("rejected uploads changed the file: %+v", f)
	}
	if st := c.srv.Stats(); st.SimpleUploads != 11 {
		t.Errorf("Stats.SimpleUploads = %d, want 11", st.SimpleUploads)
	}
}
