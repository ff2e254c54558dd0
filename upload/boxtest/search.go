package boxtest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"path"
	"slices"
	"strings"
)

// Box's limits for GET /search.
const (
	defaultSearchLimit = 30
	maxSearchLimit     = 200
	maxSearchOffset    = 10000
)

// searchPage is GET /search's answer.
type searchPage struct {
	Type       string                       `json:"type"`
	TotalCount int                          `json:"total_count"`
	Limit      int                          `json:"limit"`
	Offset     int                          `json:"offset"`
	Entries    []map[string]json.RawMessage `json:"entries"`
}

// searchQuery is what a GET /search asks for.
type searchQuery struct {
	key        string          // nameKey of the query
	typ        string          // "", "file" or "folder"
	extensions map[string]bool // lower case, without the dot; nil = any
	byName     bool            // content_types allows matching names
	ancestors  []string
	trash      string // trash_content
	fields     fieldSet
	limit      int
	offset     int
}

// search answers GET /search. The fake's index is always up to date and
// only holds names: query matches an item whose name contains it, compared
// as Box compares names (nameKey). Box's own index lags by minutes and also
// tokenises, matches content and understands AND/OR/NOT and quotes; the
// fake does none of that.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	sq, e := parseSearch(r)
	if e != nil {
		writeError(w, e)
		return
	}
	s.mu.Lock()
	for _, id := range sq.ancestors {
		if _, e = s.liveFolder(id); e != nil {
			break
		}
	}
	page := searchPage{Type: "search_results_items", Limit: sq.limit, Offset: sq.offset, Entries: []map[string]json.RawMessage{}}
	if e == nil {
		hits := s.entries(
			func(d *folder) bool { return sq.matchFolder(s, d) },
			func(f *file) bool { return sq.matchFile(s, f) })
		// Box ranks by relevance: whole-name matches first here, then Box's
		// folder order, which keeps pages stable.
		slices.SortStableFunc(hits, func(a, b entry) int {
			return cmp.Compare(sq.rank(a), sq.rank(b))
		})
		page.TotalCount = len(hits)
		for _, en := range hits[min(sq.offset, len(hits)):min(sq.offset+sq.limit, len(hits))] {
			it := s.entryItem(en)
			if sq.fields["path_collection"] {
				it.PathCollection = s.pathTo(en.parentID())
			}
			page.Entries = append(page.Entries, project(it, sq.fields))
		}
	}
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func parseSearch(r *http.Request) (searchQuery, *boxError) {
	q := r.URL.Query()
	sq := searchQuery{
		key:    nameKey(strings.TrimSpace(q.Get("query"))),
		typ:    q.Get("type"),
		byName: true,
		trash:  q.Get("trash_content"),
		fields: parseFields(q),
	}
	if sq.key == "" {
		// Box also accepts mdfilters instead; the fake has no metadata.
		return sq, newError(http.StatusBadRequest, "missing_parameter", "Please provide at least the query or mdfilters query parameter in a search")
	}
	if sq.typ != "" && sq.typ != "file" && sq.typ != "folder" && sq.typ != "web_link" {
		return sq, invalidParam("invalid_parameter", "type", "Invalid value '%s' for 'type'", sq.typ)
	}
	if sq.trash == "" {
		sq.trash = "non_trashed_only"
	}
	if sq.trash != "non_trashed_only" {
		// Listing the trash is not what the uploader does; refuse rather than
		// pretend.
		return sq, invalidParam("invalid_parameter", "trash_content", "The fake only searches outside the trash")
	}
	if v := q.Get("content_types"); v != "" {
		sq.byName = false
		for ct := range strings.SplitSeq(v, ",") {
			switch ct {
			case "name":
				sq.byName = true
			case "description", "file_content", "comments", "tags":
			default:
				return sq, invalidParam("invalid_parameter", "content_types", "Invalid value '%s' for 'content_types'", ct)
			}
		}
	}
	if v := q.Get("file_extensions"); v != "" {
		sq.extensions = map[string]bool{}
		for ext := range strings.SplitSeq(v, ",") {
			sq.extensions[strings.ToLower(strings.TrimPrefix(ext, "."))] = true
		}
	}
	if v := q.Get("ancestor_folder_ids"); v != "" {
		sq.ancestors = strings.Split(v, ",")
	}
	var e *boxError
	if sq.limit, e = queryInt(q, "invalid_parameter", "limit", defaultSearchLimit, maxSearchLimit); e != nil {
		return sq, e
	}
	if sq.limit == 0 {
		return sq, invalidParam("invalid_parameter", "limit", "Invalid value '0'. 'limit' must be at least 1")
	}
	if sq.offset, e = queryInt(q, "invalid_parameter", "offset", 0, maxSearchOffset); e != nil {
		return sq, e
	}
	return sq, nil
}

func (sq searchQuery) matchName(name string) bool {
	return sq.byName && strings.Contains(nameKey(name), sq.key)
}

// within reports whether folder id is, or is inside, one of the
// ancestor folders. s.mu must be held.
func (sq searchQuery) within(s *Server, id string) bool {
	if len(sq.ancestors) == 0 {
		return true
	}
	for d := s.folders[id]; d != nil; d = s.folders[d.parentID] {
		if slices.Contains(sq.ancestors, d.id) {
			return true
		}
	}
	return false
}

func (sq searchQuery) matchFolder(s *Server, d *folder) bool {
	return (sq.typ == "" || sq.typ == "folder") && sq.extensions == nil &&
		sq.matchName(d.name) && sq.within(s, d.parentID)
}

func (sq searchQuery) matchFile(s *Server, f *file) bool {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(f.name), "."))
	return (sq.typ == "" || sq.typ == "file") && (sq.extensions == nil || sq.extensions[ext]) &&
		sq.matchName(f.name) && sq.within(s, f.parentID)
}

// rank orders hits: the whole name first, then names that start with the
// query, then the rest.
func (sq searchQuery) rank(e entry) int {
	switch {
	case e.key == sq.key:
		return 0
	case strings.HasPrefix(e.key, sq.key):
		return 1
	}
	return 2
}
