package boxtest

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"hash/fnv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"boxuploader/upload/boxapi"
)

// Box's limits for GET /folders/{id}/items.
const (
	defaultItemsLimit = 100
	maxItemsLimit     = 1000
)

// errTrashed is Box's answer for an item in the trash: it is "unavailable
// for modification" and, like a missing item, a 404.
var errTrashed = newError(http.StatusNotFound, "trashed", "Item is trashed")

// nameKey is the form under which Box compares two names in one folder:
// case-insensitive (the spec says so for folders and for preflight), after
// NFKC, so full-width and half-width forms and composed and decomposed
// kana are one name. The client has its own copy (upload.NameKey); Box's
// 409 stays the final word for both.
func nameKey(name string) string {
	if isASCII(name) {
		// The same for ASCII, and much faster: listings run it over every
		// item in a folder.
		return strings.ToLower(name)
	}
	// A Caser keeps state: one per call, never shared between goroutines.
	return cases.Fold().String(norm.NFKC.String(name))
}

// sameName reports whether Box deems a and b one name (see nameKey),
// without allocating when both are ASCII: name checks run it over every
// item in a folder.
func sameName(a, b string) bool {
	if isASCII(a) && isASCII(b) {
		return strings.EqualFold(a, b)
	}
	return nameKey(a) == nameKey(b)
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Trash moves a file or a folder to the trash, as deleting it in Box does:
// it, and everything in a folder, leaves listings, search and name checks,
// and GET and uploads get 404 trashed. It panics if id is neither, or is
// All Files.
func (s *Server) Trash(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f := s.files[id]; f != nil {
		f.trashed = true
		return
	}
	if d := s.folders[id]; d != nil && id != rootFolderID {
		d.trashed = true
		return
	}
	panic("boxtest: cannot trash " + id)
}

// folderTrashed reports whether the folder or one above it is in the
// trash. s.mu must be held.
func (s *Server) folderTrashed(id string) bool {
	for d := s.folders[id]; d != nil; d = s.folders[d.parentID] {
		if d.trashed {
			return true
		}
	}
	return false
}

func (s *Server) fileTrashed(f *file) bool { return f.trashed || s.folderTrashed(f.parentID) }

// liveFolder and liveFile look up an item a request names: missing is 404
// not_found, in the trash 404 trashed. s.mu must be held.
func (s *Server) liveFolder(id string) (*folder, *boxError) {
	d := s.folders[id]
	switch {
	case d == nil:
		return nil, errNotFound
	case s.folderTrashed(id):
		return nil, errTrashed
	}
	return d, nil
}

func (s *Server) liveFile(id string) (*file, *boxError) {
	f := s.files[id]
	switch {
	case f == nil:
		return nil, errNotFound
	case s.fileTrashed(f):
		return nil, errTrashed
	}
	return f, nil
}

// folderNamed is fileNamed for folders. s.mu must be held.
func (s *Server) folderNamed(parentID, name string) *folder {
	for _, d := range s.folders {
		if d.parentID == parentID && !d.trashed && d.id != rootFolderID && sameName(d.name, name) {
			return d
		}
	}
	return nil
}

// nameTaken returns the 409 for putting an item called name into the
// folder, or nil when the name is free. Files and folders share one set of
// names. s.mu must be held.
func (s *Server) nameTaken(parentID, name string) *boxError {
	if f := s.fileNamed(parentID, name); f != nil {
		return nameInUse(s.fileJSON(f))
	}
	if d := s.folderNamed(parentID, name); d != nil {
		return nameInUse(folderMini(d))
	}
	return nil
}

// folderMini is a folder as Box embeds it in other objects. All Files has
// no etag.
func folderMini(d *folder) *boxapi.Folder {
	out := &boxapi.Folder{Type: "folder", ID: d.id, Name: d.name}
	if d.id != rootFolderID {
		out.ETag = "0"
	}
	return out
}

// pathTo is the path_collection of an item inside folder id: All Files
// first, down to that folder. s.mu must be held.
func (s *Server) pathTo(id string) *boxapi.PathCollection {
	chain := []boxapi.Folder{}
	for d := s.folders[id]; d != nil; d = s.folders[d.parentID] {
		chain = append(chain, *folderMini(d))
	}
	slices.Reverse(chain)
	return &boxapi.PathCollection{TotalCount: len(chain), Entries: chain}
}

// folderFull is GET /folders/{id}'s answer. s.mu must be held.
func (s *Server) folderFull(d *folder) boxapi.Folder {
	out := *folderMini(d)
	out.PathCollection = s.pathTo(d.parentID)
	out.Permissions = &boxapi.Permissions{CanUpload: d.canUpload}
	return out
}

// author is the user who uploaded a version: the account's user unless the
// version was seeded with someone else's name. s.mu must be held.
func (s *Server) author(v Version) *boxapi.UserMini {
	if v.ModifiedBy == "" {
		return s.userMini()
	}
	h := fnv.New32a()
	h.Write([]byte(v.ModifiedBy))
	return &boxapi.UserMini{Type: "user", ID: strconv.FormatUint(uint64(h.Sum32()), 10), Name: v.ModifiedBy}
}

// item is an entry of a listing or of search results, every field filled;
// project cuts it down to what the request asked for. s.mu must be held.
func (s *Server) fileItem(f *file) boxapi.Item {
	cur := f.current()
	it := boxapi.Item{
		Type:        "file",
		ID:          f.id,
		Name:        f.name,
		ETag:        f.etagString(),
		Size:        cur.Size,
		SHA1:        cur.SHA1,
		FileVersion: &boxapi.FileVersion{Type: "file_version", ID: cur.ID, SHA1: cur.SHA1},
		ModifiedAt:  boxapi.Time{Time: f.modifiedAt},
		ModifiedBy:  s.author(cur),
		Permissions: &boxapi.Permissions{CanUpload: f.canUpload},
	}
	if f.lockID != "" {
		it.Lock = &boxapi.Lock{Type: "lock", ID: f.lockID, CreatedBy: s.userMini()}
	}
	return it
}

func (s *Server) folderItem(d *folder) boxapi.Item {
	m := folderMini(d)
	return boxapi.Item{
		Type:        "folder",
		ID:          d.id,
		Name:        d.name,
		ETag:        m.ETag,
		ModifiedAt:  boxapi.Time{Time: d.modifiedAt},
		ModifiedBy:  s.userMini(),
		Permissions: &boxapi.Permissions{CanUpload: d.canUpload},
	}
}

// fieldSet is a request's fields=; nil means none were asked for.
type fieldSet map[string]bool

func parseFields(q url.Values) fieldSet {
	if !q.Has("fields") {
		return nil
	}
	set := fieldSet{}
	for f := range strings.SplitSeq(q.Get("fields"), ",") {
		if f = strings.TrimSpace(f); f != "" {
			set[f] = true
		}
	}
	return set
}

// miniFields are what Box sends of an item when no fields are asked for.
var miniFields = map[string]fieldSet{
	"file":   {"etag": true, "name": true, "sha1": true, "file_version": true},
	"folder": {"etag": true, "name": true},
}

// project keeps type, id and the asked fields of it (Box's mini
// representation when fields is nil). The fake is stricter than Box, which
// adds the mini fields to asked ones: a client must ask for what it reads.
func project(it boxapi.Item, fields fieldSet) map[string]json.RawMessage {
	if fields == nil {
		fields = miniFields[it.Type]
	}
	// Item encodes with Box's names; encoding never fails for it.
	b, _ := json.Marshal(it)
	var all map[string]json.RawMessage
	json.Unmarshal(b, &all)
	for k := range all {
		if k != "type" && k != "id" && !fields[k] {
			delete(all, k)
		}
	}
	return all
}

// entry is a file or folder in a listing, with its sort key.
type entry struct {
	rank int    // 0 folders, 1 files: Box lists folders first
	key  string // nameKey of the name
	id   string
	file *file
	dir  *folder
}

func (e entry) parentID() string {
	if e.file != nil {
		return e.file.parentID
	}
	return e.dir.parentID
}

// compareEntries is Box's order for a folder: by type, folders first, then
// by name; the ID settles ties so that pages never overlap.
func compareEntries(a, b entry) int {
	return cmp.Or(cmp.Compare(a.rank, b.rank), strings.Compare(a.key, b.key),
		cmp.Compare(len(a.id), len(b.id)), strings.Compare(a.id, b.id))
}

// entries returns every item that is not in the trash and for which keep
// says yes, in Box's order. s.mu must be held.
func (s *Server) entries(keepFolder func(*folder) bool, keepFile func(*file) bool) []entry {
	var out []entry
	for _, d := range s.folders {
		if d.id != rootFolderID && keepFolder(d) && !s.folderTrashed(d.id) {
			out = append(out, entry{rank: 0, key: nameKey(d.name), id: d.id, dir: d})
		}
	}
	for _, f := range s.files {
		if keepFile(f) && !s.fileTrashed(f) {
			out = append(out, entry{rank: 1, key: nameKey(f.name), id: f.id, file: f})
		}
	}
	slices.SortFunc(out, compareEntries)
	return out
}

func (s *Server) entryItem(e entry) boxapi.Item {
	if e.file != nil {
		return s.fileItem(e.file)
	}
	return s.folderItem(e.dir)
}

// A marker names the first entry of the next page by its sort key, so that
// marker paging survives items added or removed between pages.
func encodeMarker(e entry) string {
	b, _ := json.Marshal([]string{strconv.Itoa(e.rank), e.key, e.id})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeMarker(m string) (entry, bool) {
	b, err := base64.RawURLEncoding.DecodeString(m)
	var parts []string
	if err != nil || json.Unmarshal(b, &parts) != nil || len(parts) != 3 {
		return entry{}, false
	}
	rank, err := strconv.Atoi(parts[0])
	return entry{rank: rank, key: parts[1], id: parts[2]}, err == nil
}

// invalidParam is a 400 for a query parameter, with the parameter named in
// context_info the way Box details invalid parameters.
func invalidParam(code, name, format string, args ...any) *boxError {
	e := newError(http.StatusBadRequest, code, format, args...)
	e.context = map[string]any{"errors": []map[string]string{{
		"reason": "invalid_parameter", "name": name, "message": e.message,
	}}}
	return e
}

// queryInt reads a non-negative integer query parameter no larger than max
// (max 0: no bound); absent means def.
func queryInt(q url.Values, code, name string, def, max int) (int, *boxError) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	switch {
	case err != nil || n < 0:
		return 0, invalidParam(code, name, "Invalid value '%s'. '%s' must be a non-negative integer", v, name)
	case max > 0 && n > max:
		return 0, invalidParam(code, name, "Invalid value '%s'. '%s' must be less than or equal to %d", v, name, max)
	}
	return n, nil
}

// itemsPage is GET /folders/{id}/items' answer. Offset paging sends
// total_count, offset and order; marker paging sends next_marker (null on
// the last page) instead.
type itemsPage struct {
	TotalCount *int                         `json:"total_count,omitempty"`
	Entries    []map[string]json.RawMessage `json:"entries"`
	Offset     *int                         `json:"offset,omitempty"`
	Limit      int                          `json:"limit"`
	Order      []map[string]string          `json:"order,omitempty"`
	NextMarker *string                      `json:"next_marker,omitempty"`
}

// listItems answers GET /folders/{id}/items.
func (s *Server) listItems(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, e := queryInt(q, "bad_request", "limit", defaultItemsLimit, maxItemsLimit)
	if e == nil && limit == 0 {
		e = invalidParam("bad_request", "limit", "Invalid value '0'. 'limit' must be at least 1")
	}
	offset, e2 := queryInt(q, "bad_request", "offset", 0, 0)
	useMarker := q.Get("usemarker") == "true"
	switch {
	case e != nil:
	case e2 != nil:
		e = e2
	case q.Has("marker") && !useMarker:
		e = invalidParam("bad_request", "marker", "marker requires usemarker=true")
	}
	if e != nil {
		writeError(w, e)
		return
	}
	fields := parseFields(q)

	s.mu.Lock()
	id := r.PathValue("id")
	_, e = s.liveFolder(id)
	var all []entry
	if e == nil {
		all = s.entries(func(d *folder) bool { return d.parentID == id }, func(f *file) bool { return f.parentID == id })
	}
	page := itemsPage{Limit: limit, Entries: []map[string]json.RawMessage{}}
	start := min(offset, len(all))
	if useMarker {
		start = 0
		if m := q.Get("marker"); m != "" {
			at, ok := decodeMarker(m)
			if !ok {
				e = invalidParam("bad_request", "marker", "Invalid marker")
			}
			start, _ = slices.BinarySearchFunc(all, at, compareEntries)
		}
	}
	end := min(start+limit, len(all))
	if e == nil {
		for _, en := range all[start:end] {
			page.Entries = append(page.Entries, project(s.entryItem(en), fields))
		}
	}
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	if useMarker {
		if end < len(all) {
			next := encodeMarker(all[end])
			page.NextMarker = &next
		}
	} else {
		total := len(all)
		page.TotalCount, page.Offset = &total, &offset
		page.Order = []map[string]string{{"by": "type", "direction": "ASC"}, {"by": "name", "direction": "ASC"}}
	}
	writeJSON(w, http.StatusOK, page)
}

// getFolder answers GET /folders/{id} with the full folder. Like getFile it
// ignores fields= and sends a superset of any list.
func (s *Server) getFolder(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	d, e := s.liveFolder(r.PathValue("id"))
	var out boxapi.Folder
	if e == nil {
		out = s.folderFull(d)
	}
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// createFolder answers POST /folders.
func (s *Server) createFolder(w http.ResponseWriter, r *http.Request) {
	var req boxapi.CreateFolderRequest
	if e := readJSON(r, &req); e != nil {
		writeError(w, e)
		return
	}
	var e *boxError
	switch {
	case req.Parent.ID == "":
		e = newError(http.StatusBadRequest, "bad_request", "parent.id is required")
	case req.Name == "":
		e = newError(http.StatusBadRequest, "bad_request", "name is required")
	case utf8.RuneCountInString(req.Name) > 255:
		e = newError(http.StatusBadRequest, "item_name_too_long", "Item name too long")
	case !validName(req.Name):
		e = newError(http.StatusBadRequest, "item_name_invalid", "Item name invalid")
	}
	if e != nil {
		writeError(w, e)
		return
	}
	s.mu.Lock()
	var out boxapi.Folder
	parent, e := s.liveFolder(req.Parent.ID)
	switch {
	case e != nil:
	case !parent.canUpload:
		e = errNoPermission
	default:
		e = s.folderNameTaken(parent.id, req.Name)
	}
	if e == nil {
		d := s.addFolder(parent.id, req.Name, time.Now())
		out = s.folderFull(d)
	}
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusCreated, out)
}

// folderNameTaken is nameTaken for POST /folders, whose 409 lists the
// conflicting items. s.mu must be held.
func (s *Server) folderNameTaken(parentID, name string) *boxError {
	var it boxapi.Item
	if f := s.fileNamed(parentID, name); f != nil {
		it = s.fileItem(f)
	} else if d := s.folderNamed(parentID, name); d != nil {
		it = s.folderItem(d)
	} else {
		return nil
	}
	return nameInUse([]map[string]json.RawMessage{project(it, nil)})
}

// addFolder creates a folder. s.mu must be held; the caller checked the name.
func (s *Server) addFolder(parentID, name string, at time.Time) *folder {
	d := &folder{id: s.newID(), name: name, parentID: parentID, canUpload: true, modifiedAt: at}
	s.folders[d.id] = d
	return d
}
