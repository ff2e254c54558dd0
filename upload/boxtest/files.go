package boxtest

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"boxuploader/upload/boxapi"
)

const rootFolderID = "0"

// Version is one version of a file.
type Version struct {
	ID         string
	SHA1       string // lowercase hex
	Size       int64
	ModifiedBy string // the name of who uploaded it; "" is the account's user
}

// FileState is a snapshot of a file, as returned by Server.File.
type FileState struct {
	ID, Name, ParentID    string
	Size                  int64
	SHA1, ETag, VersionID string // of the current version
	ContentModifiedAt     time.Time
	Versions              []Version // oldest first; the last is the current one
}

type folder struct {
	id, name, parentID string // parentID is "" for All Files
	canUpload, trashed bool
	modifiedAt         time.Time
	// ownerMaxUploadSize is the folder owner's per-file limit when it is
	// not the signed-in user's (SetFolderMaxUploadSize); 0 = the user's.
	ownerMaxUploadSize int64
}

type file struct {
	id, name, parentID            string
	etag                          int64
	versions                      []Version // oldest first, never empty
	modifiedAt, contentModifiedAt time.Time
	lockID                        string // "" when unlocked
	canUpload                     bool
	trashed                       bool
}

func (f *file) current() Version { return f.versions[len(f.versions)-1] }

func (f *file) etagString() string { return strconv.FormatInt(f.etag, 10) }

func defaultUser() boxapi.User {
	return boxapi.User{
		Type:          "user",
		ID:            "11446498",
		Name:          "Demo User",
		Login:         "demo@example.com",
		SpaceAmount:   10 << 30,
		MaxUploadSize: 5 << 30,
		Status:        "active",
	}
}

// SetUser lets fn change the user, e.g. its name, login, space_amount or
// max_upload_size. space_used is always computed from the files.
func (s *Server) SetUser(fn func(u *boxapi.User)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(&s.user)
}

// AddFolder creates a folder and returns its ID. It panics if parentID is
// not a folder or already holds an item with that name.
func (s *Server) AddFolder(parentID, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustFolder(parentID)
	if s.nameTaken(parentID, name) != nil {
		panic(fmt.Sprintf("boxtest: folder %s already holds an item named %q", parentID, name))
	}
	return s.addFolder(parentID, name, time.Now()).id
}

// AddFile creates a file (version 1) with the given content and returns its
// ID. Only the content's size and SHA-1 are kept. It panics if folderID is
// not a folder or already holds an item with that name.
func (s *Server) AddFile(folderID, name string, content []byte) string {
	sum := sha1.Sum(content)
	return s.AddFileInfo(folderID, name, int64(len(content)), hex.EncodeToString(sum[:]))
}

// AddFileInfo is AddFile for content that only exists as a size and a SHA-1
// (hex), such as large demo files. It also panics if sha1hex is malformed.
func (s *Server) AddFileInfo(folderID, name string, size int64, sha1hex string) string {
	if b, err := hex.DecodeString(sha1hex); err != nil || len(b) != sha1.Size {
		panic(fmt.Sprintf("boxtest: %q is not a hex SHA-1", sha1hex))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustFolder(folderID)
	if s.nameTaken(folderID, name) != nil {
		panic(fmt.Sprintf("boxtest: folder %s already holds an item named %q", folderID, name))
	}
	f := s.writeContent(upload{folderID: folderID, name: name, size: size}, strings.ToLower(sha1hex), time.Time{})
	return f.id
}

// File returns a snapshot of the file with the given ID.
func (s *Server) File(id string) (FileState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[id]
	if f == nil {
		return FileState{}, false
	}
	cur := f.current()
	return FileState{
		ID:                f.id,
		Name:              f.name,
		ParentID:          f.parentID,
		Size:              cur.Size,
		SHA1:              cur.SHA1,
		ETag:              f.etagString(),
		VersionID:         cur.ID,
		ContentModifiedAt: f.contentModifiedAt,
		Versions:          append([]Version(nil), f.versions...),
	}, true
}

// ModifyRemotely simulates someone else uploading a new version of the file:
// same size, new random content hash, new version and etag. It panics if id
// is not a file.
func (s *Server) ModifyRemotely(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.mustFile(id)
	s.writeContent(upload{fileID: id, size: f.current().Size}, randomHex(sha1.Size), time.Time{})
}

// SetLocked locks or unlocks a file. Uploads to a locked file get 403
// access_denied_item_locked. It panics if id is not a file.
func (s *Server) SetLocked(id string, locked bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.mustFile(id)
	switch {
	case locked && f.lockID == "":
		f.lockID = s.newID()
	case !locked:
		f.lockID = ""
	}
}

// SetCanUpload grants or withdraws the right to upload new versions of a
// file: without it uploads get 403 access_denied_insufficient_permissions,
// and GET shows permissions.can_upload false. It panics if id is not a file.
func (s *Server) SetCanUpload(id string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustFile(id).canUpload = ok
}

// SetFolderCanUpload is SetCanUpload for new files in a folder. It panics if
// id is not a folder.
func (s *Server) SetFolderCanUpload(id string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustFolder(id).canUpload = ok
}

// mustFolder and mustFile look up an item a test refers to; a missing one
// is a bug in the test. s.mu must be held.
func (s *Server) mustFolder(id string) *folder {
	d := s.folders[id]
	if d == nil {
		panic("boxtest: no folder " + id)
	}
	return d
}

func (s *Server) mustFile(id string) *file {
	f := s.files[id]
	if f == nil {
		panic("boxtest: no file " + id)
	}
	return f
}

// fileNamed returns the file in the folder whose name Box deems the same
// as name (see nameKey), or nil; trashed files free their names. s.mu must
// be held.
func (s *Server) fileNamed(folderID, name string) *file {
	for _, f := range s.files {
		if f.parentID == folderID && !f.trashed && sameName(f.name, name) {
			return f
		}
	}
	return nil
}

// spaceUsed is the sum of the current file sizes. s.mu must be held.
func (s *Server) spaceUsed() int64 {
	var n int64
	for _, f := range s.files {
		n += f.current().Size
	}
	return n
}

// upload describes what an upload writes: a new version of an existing
// file, or a new file in a folder.
type upload struct {
	fileID   string // the file to version; "" for a new file
	folderID string // the new file's folder (unused for a version)
	name     string // the resulting name; "" keeps a version's current name
	size     int64
	ifMatch  string // etag the client expects the file to have; "" = none
}

// checkUpload applies the checks Box makes on every upload entry point
// (preflight, session creation, simple upload, commit) in Box's order.
// s.mu must be held.
func (s *Server) checkUpload(u upload) *boxError {
	if u.name != "" && !validName(u.name) {
		return newError(http.StatusBadRequest, "item_name_invalid", "Item name invalid")
	}
	var parentID string
	var canUpload, locked bool
	if u.fileID != "" {
		f, e := s.liveFile(u.fileID)
		if e != nil {
			return e
		}
		if u.ifMatch != "" && strings.Trim(u.ifMatch, `"`) != f.etagString() {
			return errPreconditionFail
		}
		parentID, canUpload, locked = f.parentID, f.canUpload, f.lockID != ""
	} else {
		d, e := s.liveFolder(u.folderID)
		if e != nil {
			return e
		}
		parentID, canUpload = d.id, d.canUpload
	}
	switch {
	case locked:
		return errLocked
	case !canUpload:
		return errNoPermission
	case u.size > s.maxUploadSize(parentID):
		return errFileTooBig
	case s.spaceUsed()+u.size > s.user.SpaceAmount:
		return errStorageFull
	}
	if u.name != "" {
		if other := s.fileNamed(parentID, u.name); other != nil && other.id != u.fileID {
			return nameInUse(s.fileJSON(other))
		}
		if d := s.folderNamed(parentID, u.name); d != nil {
			return nameInUse(folderMini(d))
		}
	}
	return nil
}

// validName applies Box's rules for item names, as its spec (FileRequest,
// FolderRequest) states them: at most 255 characters, no "/" or "\\", no
// non-printable ASCII, no trailing space, not "." or "..". A leading space
// is allowed.
func validName(name string) bool {
	return utf8.RuneCountInString(name) <= 255 && name != "." && name != ".." &&
		!strings.HasSuffix(name, " ") && !strings.ContainsAny(name, `/\`) &&
		!strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// writeContent records a successful upload of content with the given
// SHA-1 as a new file or a new version, and returns the file. A zero
// contentModifiedAt means now. s.mu must be held and u must have passed
// checkUpload.
func (s *Server) writeContent(u upload, sha1hex string, contentModifiedAt time.Time) *file {
	now := time.Now()
	if contentModifiedAt.IsZero() {
		contentModifiedAt = now
	}
	f := s.files[u.fileID]
	if f == nil {
		f = &file{id: s.newID(), name: u.name, parentID: u.folderID, canUpload: true}
		s.files[f.id] = f
	} else {
		f.etag++
		if u.name != "" {
			f.name = u.name
		}
	}
	f.versions = append(f.versions, Version{ID: s.newID(), SHA1: sha1hex, Size: u.size})
	f.modifiedAt, f.contentModifiedAt = now, contentModifiedAt
	return f
}

func (s *Server) userMini() *boxapi.UserMini {
	return &boxapi.UserMini{Type: "user", ID: s.user.ID, Name: s.user.Name, Login: s.user.Login}
}

// fileJSON is the full representation of f. s.mu must be held.
func (s *Server) fileJSON(f *file) boxapi.File {
	cur := f.current()
	out := boxapi.File{
		Type:              "file",
		ID:                f.id,
		ETag:              f.etagString(),
		Name:              f.name,
		Size:              cur.Size,
		SHA1:              cur.SHA1,
		FileVersion:       &boxapi.FileVersion{Type: "file_version", ID: cur.ID, SHA1: cur.SHA1},
		VersionNumber:     strconv.Itoa(len(f.versions)),
		Parent:            folderJSON(s.folders[f.parentID]),
		ModifiedAt:        boxapi.Time{Time: f.modifiedAt},
		ContentModifiedAt: boxapi.Time{Time: f.contentModifiedAt},
		ModifiedBy:        s.author(cur),
		Permissions:       &boxapi.Permissions{CanUpload: f.canUpload},
	}
	if f.lockID != "" {
		out.Lock = &boxapi.Lock{Type: "lock", ID: f.lockID, CreatedBy: s.userMini()}
	}
	return out
}

func folderJSON(d *folder) *boxapi.Folder {
	return &boxapi.Folder{Type: "folder", ID: d.id, Name: d.name, ETag: "0"}
}

func (s *Server) getUser(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	u := s.user
	u.SpaceUsed = s.spaceUsed()
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, u)
}

// getFile ignores ?fields= and always sends the full representation, a
// superset of what any fields list asks for.
func (s *Server) getFile(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	f, e := s.liveFile(r.PathValue("id"))
	var out boxapi.File
	if e == nil {
		out = s.fileJSON(f)
	}
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// preflightNewFile answers OPTIONS /files/content: would this new file be
// accepted?
func (s *Server) preflightNewFile(w http.ResponseWriter, r *http.Request) {
	var req boxapi.PreflightRequest
	if e := readJSON(r, &req); e != nil {
		writeError(w, e)
		return
	}
	if req.Parent == nil || req.Parent.ID == "" {
		writeError(w, newError(http.StatusBadRequest, "bad_request", "parent.id is required"))
		return
	}
	if req.Name == "" {
		writeError(w, newError(http.StatusBadRequest, "bad_request", "name is required"))
		return
	}
	s.preflight(w, upload{folderID: req.Parent.ID, name: req.Name, size: req.Size})
}

// preflightNewVersion answers OPTIONS /files/{id}/content.
func (s *Server) preflightNewVersion(w http.ResponseWriter, r *http.Request) {
	if e := s.versionPreflightRefusal.Load(); e != nil {
		writeError(w, e)
		return
	}
	var req boxapi.PreflightRequest
	if e := readJSON(r, &req); e != nil {
		writeError(w, e)
		return
	}
	s.preflight(w, upload{fileID: r.PathValue("id"), name: req.Name, size: req.Size})
}

func (s *Server) preflight(w http.ResponseWriter, u upload) {
	s.mu.Lock()
	e := s.checkUpload(u)
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{
		"upload_url":   s.NearUploadURL + "/files/content?upload_session_id=" + randomHex(8),
		"upload_token": randomHex(16),
	})
}
