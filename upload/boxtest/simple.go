package boxtest

import (
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"boxuploader/upload/boxapi"
)

// uploadNewFile is POST /files/content: a new file in one request.
func (s *Server) uploadNewFile(w http.ResponseWriter, r *http.Request) {
	s.simpleUpload(w, r, "")
}

// uploadNewVersion is POST /files/{id}/content: a new version in one request.
func (s *Server) uploadNewVersion(w http.ResponseWriter, r *http.Request) {
	s.simpleUpload(w, r, r.PathValue("id"))
}

// simpleUpload reads the multipart form as a stream: the attributes first,
// then the file, spooled to disk while hashing. fileID is "" for a new file.
func (s *Server) simpleUpload(w http.ResponseWriter, r *http.Request, fileID string) {
	defer s.uploadsInFlight.enter(r)()
	s.mu.Lock()
	s.stats.SimpleUploads++
	s.mu.Unlock()
	if s.takeUploadConflict(w) {
		return
	}

	mr, err := r.MultipartReader()
	if err != nil {
		writeError(w, errNotMultipart)
		return
	}
	attrs, e := readAttributes(mr)
	if e != nil {
		writeError(w, e)
		return
	}
	u := upload{fileID: fileID, name: attrs.Name}
	if fileID == "" {
		if e := requireNewFileAttributes(attrs); e != nil {
			writeError(w, e)
			return
		}
		u.folderID = attrs.Parent.ID
	} else {
		// Box ignores If-Match when there is no file to match.
		u.ifMatch = r.Header.Get("If-Match")
	}
	// Refuse before reading the content what no content could fix.
	s.mu.Lock()
	e = s.checkUpload(u)
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}

	content, err := mr.NextPart()
	if err != nil {
		writeError(w, errFileMissing)
		return
	}
	// Only the hash is kept; the fake serves no downloads.
	sp, err := digest(content)
	if err != nil {
		writeError(w, bodyError(err))
		return
	}
	// Despite its name, Box's Content-MD5 carries the SHA-1 in hex.
	if want := r.Header.Get("Content-MD5"); want != "" && !strings.EqualFold(want, sp.hex()) {
		writeError(w, newError(http.StatusBadRequest, "bad_digest", "The specified Content-MD5 did not match what was received"))
		return
	}

	u.size = sp.size
	s.storeSimple(w, r, u, sp, attrs)
}

// storeSimple writes a simple upload's verified content as the file's new
// version (or the new file), and answers.
func (s *Server) storeSimple(w http.ResponseWriter, r *http.Request, u upload, sp spooled, attrs boxapi.Attributes) {
	s.mu.Lock()
	e := s.checkUpload(u)
	var out boxapi.Files
	stall := false
	if e == nil {
		f := s.writeContent(u, sp.hex(), attrs.ContentModifiedAt.Time)
		out = boxapi.Files{TotalCount: 1, Entries: []boxapi.File{s.fileJSON(f)}}
		stall = s.takeStalledAnswer()
	}
	s.mu.Unlock()
	if e != nil {
		writeError(w, e)
		return
	}
	status := http.StatusOK
	if u.fileID == "" {
		status = http.StatusCreated
	}
	if stall {
		s.stallAnswer(w, r, status, out)
		return
	}
	writeJSON(w, status, out)
}

// readAttributes reads the form's first part, which must be the attributes.
func readAttributes(mr *multipart.Reader) (boxapi.Attributes, *boxError) {
	var attrs boxapi.Attributes
	p, err := mr.NextPart()
	switch {
	case err != nil:
		return attrs, errAttributesMissing
	case p.FormName() == "attributes":
	case p.FileName() != "":
		return attrs, errMetadataAfterFile
	default:
		return attrs, errAttributesMissing
	}
	const maxAttributes = 1 << 20
	if err := json.NewDecoder(io.LimitReader(p, maxAttributes)).Decode(&attrs); err != nil {
		return attrs, newError(http.StatusBadRequest, "bad_request", "attributes is not valid JSON")
	}
	return attrs, nil
}

func requireNewFileAttributes(attrs boxapi.Attributes) *boxError {
	switch {
	case attrs.Name == "":
		return newError(http.StatusBadRequest, "bad_request", "attributes.name is required")
	case attrs.Parent == nil || attrs.Parent.ID == "":
		return newError(http.StatusBadRequest, "bad_request", "attributes.parent.id is required")
	}
	return nil
}
