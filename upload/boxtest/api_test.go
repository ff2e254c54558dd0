package boxtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"boxuploader/upload/boxapi"
	"boxuploader/upload/boxtest"
)

func TestTokenRequired(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	for _, token := range []string{"", "not-a-token"} {
		c.token = token
		for _, url := range []string{c.srv.APIURL + "/users/me", c.srv.UploadURL + "/files/upload_sessions", c.srv.APIURL + "/nowhere"} {
			resp := c.do("GET", url, nil)
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusUnauthorized || len(body) != 0 {
				t.Errorf("GET %s with token %q: %d %q, want 401 and no body", url, token, resp.StatusCode, body)
			}
			const want = `Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."`
			if got := resp.Header.Get("WWW-Authenticate"); got != want {
				t.Errorf("WWW-Authenticate = %q", got)
			}
		}
	}
	if got := c.srv.Stats().Unauthorized; got != 6 {
		t.Errorf("Stats.Unauthorized = %d, want 6", got)
	}
}

func TestUserAndItems(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	folder := c.srv.AddFolder("0", "Docs")
	content := []byte("hello")
	id := c.srv.AddFile(folder, "a.txt", content)
	c.srv.SetUser(func(u *boxapi.User) { u.Name = "Ann" })

	var u boxapi.User
	decode(t, c.do("GET", c.srv.APIURL+"/users/me", nil), http.StatusOK, &u)
	if u.Type != "user" || u.ID != "11446498" || u.Name != "Ann" || u.SpaceUsed != 5 || u.SpaceAmount != 10<<30 || u.MaxUploadSize != 5<<30 || u.Status != "active" {
		t.Errorf("user = %+v", u)
	}

	c.srv.SetLocked(id, true)
	c.srv.SetCanUpload(id, false)
	var f boxapi.File
	decode(t, c.do("GET", c.srv.APIURL+"/files/"+id+"?fields=sha1", nil), http.StatusOK, &f)
	state, _ := c.srv.File(id)
	if f.Type != "file" || f.ID != id || f.Name != "a.txt" || f.Size != 5 || f.SHA1 != sha1Hex(content) || f.ETag != state.ETag ||
		f.FileVersion == nil || f.FileVersion.ID != state.VersionID || f.FileVersion.Type != "file_version" ||
		f.Parent == nil || f.Parent.ID != folder || f.Parent.Name != "Docs" || f.Parent.Type != "folder" ||
		f.ModifiedBy == nil || f.ModifiedBy.Name != "Ann" || f.ContentModifiedAt.IsZero() ||
		f.Lock == nil || f.Lock.Type != "lock" || f.Permissions == nil || f.Permissions.CanUpload {
		t.Errorf("file = %+v", f)
	}

	var d boxapi.Folder
	decode(t, c.do("GET", c.srv.APIURL+"/folders/"+folder, nil), http.StatusOK, &d)
	if d.Type != "folder" || d.ID != folder || d.Name != "Docs" {
		t.Errorf("folder = %+v", d)
	}

	for _, path := range []string{"/files/999", "/files/abc", "/files/" + folder, "/folders/" + id, "/nowhere"} {
		wantError(t, c.do("GET", c.srv.APIURL+path, nil), http.StatusNotFound, "not_found")
	}
	wantError(t, c.do("DELETE", c.srv.APIURL+"/files/"+id, nil), http.StatusMethodNotAllowed, "method_not_allowed")
	wantError(t, c.do("POST", c.srv.UploadURL+"/files/upload_sessions/ABC", nil), http.StatusMethodNotAllowed, "method_not_allowed")
}

func TestPreflight(t *testing.T) {
	t.Parallel()
	c := start(t, boxtest.Options{})
	id := c.srv.AddFile("0", "a.txt", []byte("hello"))
	newFile := func(name string, size int64, parent string) *http.Response {
		return c.do("OPTIONS", c.srv.APIURL+"/files/content", boxapi.PreflightRequest{Name: name, Size: size, Parent: &boxapi.Ref{ID: parent}})
	}
	newVersion := func(id string, size int64) *http.Response {
		return c.do("OPTIONS", c.srv.APIURL+"/files/"+id+"/content", boxapi.PreflightRequest{Name: "a.txt", Size: size})
	}

	var ok struct {
		UploadURL string `json:"upload_url"`
	}
	decode(t, newFile("b.txt", 10, "0"), http.StatusOK, &ok)
	if !strings.HasPrefix(ok.UploadURL, c.srv.NearUploadURL+"/files/content?") {
		t.Errorf("upload_url = %q", ok.UploadURL)
	}
	decode(t, newVersion(id, 10), http.StatusOK, nil)

	e := wantError(t, newFile("a.txt", 10, "0"), http.StatusConflict, "item_name_in_use")
	var conflict struct{ Conflicts boxapi.File }
	if err := json.Unmarshal(e.ContextInfo, &conflict); err != nil || conflict.Conflicts.ID != id || conflict.Conflicts.SHA1 != sha1Hex([]byte("hello")) {
		t.Errorf("context_info = %s (%v)", e.ContextInfo, err)
	}
	wantError(t, newFile("b.txt", 10, "42"), http.StatusNotFound, "not_found")
	wantError(t, newFile("b.txt", 6<<30, "0"), http.StatusForbidden, "file_size_limit_exceeded")
	c.srv.SetUser(func(u *boxapi.User) { u.SpaceAmount = 100 })
	wantError(t, newFile("b.txt", 96, "0"), http.StatusForbidden, "storage_limit_exceeded")
	wantError(t, newVersion("42", 1), http.StatusNotFound, "not_found")
	c.srv.SetCanUpload(id, false)
	wantError(t, newVersion(id, 1), http.StatusForbidden, "access_denied_insufficient_permissions")
	c.srv.SetLocked(id, true)
	wantError(t, newVersion(id, 1), http.StatusForbidden, "access_denied_item_locked")
}
