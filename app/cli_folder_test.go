package app

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"boxuploader/upload"
	"boxuploader/upload/boxtest"
)

// useFakeBox points the command line at box, with a developer token.
func useFakeBox(t *testing.T, box *boxtest.Server) {
	t.Helper()
	for k, v := range map[string]string{
		"BOX_API_URL": box.APIURL, "BOX_UPLOAD_URL": box.UploadURL, "BOX_AUTH_URL": box.AuthURL,
		"BOX_TOKEN_URL": box.TokenURL, "BOX_REVOKE_URL": box.RevokeURL, "BOX_ACCESS_TOKEN": box.NewAccessToken(),
	} {
		t.Setenv(k, v)
	}
}

// localFiles writes files with the given contents into a new folder.
func localFiles(t *testing.T, contents map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, c := range contents {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// jsonLines runs the command line and decodes each line it prints.
func jsonLines(t *testing.T, args ...string) (lines []map[string]any, code int, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, &out, &errb)
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not a JSON line: %q", sc.Text())
		}
		lines = append(lines, m)
	}
	return lines, code, errb.String()
}

func TestCLI_UploadIntoFolderMatchesEachFileByName(t *testing.T) {
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	useFakeBox(t, box)
	folder := box.AddFolder("0", "営業部")
	same := box.AddFile(folder, "見積書.xlsx", []byte("quote v1"))
	changed := box.AddFile(folder, "Report.PDF", []byte("report v1"))
	dir := localFiles(t, map[string]string{"見積書.xlsx": "quote v1", "report.pdf": "report v2!", "議事録.docx": "minutes"})
	files := []string{filepath.Join(dir, "見積書.xlsx"), filepath.Join(dir, "report.pdf"), filepath.Join(dir, "議事録.docx")}

	lines, code, stderr := jsonLines(t, append([]string{"upload", "--folder-id", "https://app.box.com/folder/" + folder, "--json"}, files...)...)
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want := []struct{ action, id, name string }{{"unchanged", same, "見積書.xlsx"}, {"updated", changed, "Report.PDF"}, {"created", "", "議事録.docx"}}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d: %v", len(lines), len(want), lines)
	}
	// One line per file, in the order they end: find each by its path.
	slices.SortFunc(lines, func(a, b map[string]any) int {
		return slices.Index(files, a["path"].(string)) - slices.Index(files, b["path"].(string))
	})
	for i, w := range want {
		l := lines[i]
		if l["path"] != files[i] || l["action"] != w.action || l["name"] != w.name || (w.id != "" && l["id"] != w.id) {
			t.Errorf("line %d: %v, want action %s, name %s", i, l, w.action, w.name)
		}
	}
	if st, _ := box.File(same); len(st.Versions) != 1 {
		t.Errorf("the identical file got a new version: %d versions", len(st.Versions))
	}
	if st, _ := box.File(changed); len(st.Versions) != 2 || st.SHA1 != lines[1]["sha1"] {
		t.Errorf("Report.PDF: %d versions, SHA-1 %s; want 2 and %v", len(st.Versions), st.SHA1, lines[1]["sha1"])
	}
	if st, ok := box.File(lines[2]["id"].(string)); !ok || st.ParentID != folder || st.Name != "議事録.docx" {
		t.Errorf("the new file: %+v", st)
	}
}

func TestCLI_UploadIntoFolderIfExists(t *testing.T) {
	for _, tc := range []struct {
		ifExists, action, name string
		code, versions         int
	}{
		{"skip", "skipped", "notes.txt", ExitOK, 1},
		{"rename", "created", "notes (1).txt", ExitOK, 1},
		{"fail", "failed", "", ExitFailed, 1},
		{"version", "updated", "notes.txt", ExitOK, 2},
	} {
		t.Run(tc.ifExists, func(t *testing.T) {
			box := boxtest.NewServer(boxtest.Options{})
			defer box.Close()
			useFakeBox(t, box)
			id := box.AddFile("0", "notes.txt", []byte("theirs"))
			dir := localFiles(t, map[string]string{"notes.txt": "mine"})
			lines, code, _ := jsonLines(t, "upload", "--folder-id", "0", "--if-exists", tc.ifExists, "--json", filepath.Join(dir, "notes.txt"))
			if code != tc.code || len(lines) != 1 || lines[0]["action"] != tc.action || (tc.name != "" && lines[0]["name"] != tc.name) {
				t.Errorf("exit %d, %v; want exit %d, action %s, name %q", code, lines, tc.code, tc.action, tc.name)
			}
			if tc.action == "failed" && !strings.Contains(lines[0]["error"].(string), "already in that folder") {
				t.Errorf("the error says %q", lines[0]["error"])
			}
			if st, _ := box.File(id); len(st.Versions) != tc.versions {
				t.Errorf("Box's notes.txt has %d versions, want %d", len(st.Versions), tc.versions)
			}
		})
	}
}

func TestCLI_UploadIntoFolderGoesOnPastAMissingFile(t *testing.T) {
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	useFakeBox(t, box)
	dir := localFiles(t, map[string]string{"here.txt": "here"})
	var out, errb bytes.Buffer
	code := Main([]string{"upload", "--folder-id", "0", filepath.Join(dir, "gone.txt"), filepath.Join(dir, "here.txt")}, &out, &errb)
	if code != ExitBadInput {
		t.Errorf("exit %d, want %d", code, ExitBadInput)
	}
	if !strings.Contains(errb.String(), "gone.txt: That file does not exist any more.") ||
		!strings.Contains(out.String(), `Uploaded here.txt (4 bytes) as the new Box file "here.txt"`) {
		t.Errorf("stdout %q, stderr %q", out.String(), errb.String())
	}
}

func TestCLI_LsListsAFolder(t *testing.T) {
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	useFakeBox(t, box)
	folder := box.AddFolder("0", "営業部")
	box.AddFolder(folder, "2026")
	file := box.AddFile(folder, "見積書.xlsx", []byte("quote"))
	lines, code, stderr := jsonLines(t, "ls", folder, "--json")
	if code != ExitOK || len(lines) != 2 {
		t.Fatalf("exit %d, %v: %s", code, lines, stderr)
	}
	if l := lines[0]; l["type"] != "folder" || l["name"] != "2026" || l["size"] != nil || l["sha1"] != nil {
		t.Errorf("first line %v, want the folder 2026 without size or SHA-1", l)
	}
	if l := lines[1]; l["type"] != "file" || l["id"] != file || l["size"] != 5.0 || l["sha1"] == "" || l["modified_at"] == "" {
		t.Errorf("second line %v, want the file with size, SHA-1 and modified_at", l)
	}
	var out, errb bytes.Buffer
	if code := Main([]string{"ls", folder}, &out, &errb); code != ExitOK || !strings.Contains(out.String(), "2026/") || !strings.Contains(out.String(), "見積書.xlsx  (5 bytes, modified") {
		t.Errorf("exit %d, ls prints %q", code, out.String())
	}
}

func TestCLI_UploadAFolder(t *testing.T) {
	box := boxtest.NewServer(boxtest.Options{})
	defer box.Close()
	useFakeBox(t, box)
	target := box.AddFolder("0", "Projects")
	root := filepath.Join(t.TempDir(), "企画")
	for name, content := range map[string]string{
		"見積書.xlsx": "numbers", "docs/Plan.docx": "plan", "docs/.DS_Store": "junk", "bad ": "refused",
	} {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o700)
		os.WriteFile(p, []byte(content), 0o600)
	}
	os.MkdirAll(filepath.Join(root, "empty"), 0o700)
	actions := func(args ...string) (map[string]map[string]any, int) {
		lines, code, _ := jsonLines(t, append([]string{"upload", "--folder-id", target, "--json"}, args...)...)
		byName := map[string]map[string]any{}
		for _, l := range lines {
			byName[filepath.Base(l["path"].(string))] = l
		}
		return byName, code
	}

	planned, code := actions("--dry-run", root)
	if planned["見積書.xlsx"]["action"] != "planned-create" || planned["Plan.docx"]["action"] != "planned-create" ||
		planned[".DS_Store"]["action"] != "skipped" || planned[".DS_Store"]["reason"] == nil ||
		planned["bad "]["action"] != "refused" || planned["bad "]["reason"] == nil || code == ExitOK {
		t.Errorf("dry run: exit %d, %v", code, planned)
	}
	if items, _ := (&upload.Client{APIURL: box.APIURL, Tokens: upload.StaticToken(box.NewAccessToken())}).FolderItems(t.Context(), target); len(items) != 0 {
		t.Errorf("the dry run made %v", items)
	}

	done, code := actions(root)
	if done["見積書.xlsx"]["action"] != "created" || done["Plan.docx"]["action"] != "created" || code == ExitOK {
		t.Errorf("upload: exit %d, %v", code, done)
	}
	bytesBefore := box.Stats().SimpleUploads
	again, _ := actions(root)
	if again["見積書.xlsx"]["action"] != "unchanged" || again["Plan.docx"]["action"] != "unchanged" || box.Stats().SimpleUploads != bytesBefore {
		t.Errorf("second run: %v, %d uploads more", again, box.Stats().SimpleUploads-bytesBefore)
	}
}
