// Package boxapi holds the JSON shapes of Box's API objects that the uploader
// and the fake Box (boxtest) exchange. It has no behaviour beyond encoding.
package boxapi

import (
	"encoding/json"
	"time"
)

// TimeLayout is how Box writes timestamps: RFC 3339 with an offset and no
// fractional seconds (Box's own clients strip them before sending).
const TimeLayout = "2006-01-02T15:04:05Z07:00"

// Time is a timestamp that encodes the way Box expects. The zero value
// encodes as null.
type Time struct{ time.Time }

// MarshalJSON writes t in TimeLayout, or null when t is zero.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.UTC().Truncate(time.Second).Format(TimeLayout))
}

// UnmarshalJSON reads an RFC 3339 timestamp (fractional seconds allowed) or null.
func (t *Time) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		t.Time = time.Time{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		t.Time = time.Time{}
		return nil
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

// CreateSessionRequest is the body of POST /files/upload_sessions (FolderID,
// FileSize and FileName all required) and of POST /files/{id}/upload_sessions
// (FileSize required, FileName optional: it renames the file).
type CreateSessionRequest struct {
	FolderID string `json:"folder_id,omitempty"`
	FileSize int64  `json:"file_size"`
	FileName string `json:"file_name,omitempty"`
}

// SessionEndpoints are the URLs a client must use once a session exists.
type SessionEndpoints struct {
	UploadPart string `json:"upload_part"`
	Commit     string `json:"commit"`
	Abort      string `json:"abort"`
	ListParts  string `json:"list_parts"`
	Status     string `json:"status"`
	LogEvent   string `json:"log_event"`
}

// UploadSession is Box's answer to creating (or getting) an upload session.
type UploadSession struct {
	ID                string           `json:"id"`
	Type              string           `json:"type"`
	SessionExpiresAt  Time             `json:"session_expires_at"`
	PartSize          int64            `json:"part_size"`
	TotalParts        int              `json:"total_parts"`
	NumPartsProcessed int              `json:"num_parts_processed"`
	SessionEndpoints  SessionEndpoints `json:"session_endpoints"`
}

// UploadPart describes one stored part. SHA1 is lowercase hex.
type UploadPart struct {
	PartID string `json:"part_id"`
	Offset int64  `json:"offset"`
	Size   int64  `json:"size"`
	SHA1   string `json:"sha1"`
}

// UploadedPart is the body of a 200 answer to a part upload.
type UploadedPart struct {
	Part UploadPart `json:"part"`
}

// UploadParts is a page of GET {list_parts}. Offset and Limit count items, not bytes.
type UploadParts struct {
	Entries    []UploadPart `json:"entries"`
	Limit      int          `json:"limit"`
	Offset     int          `json:"offset"`
	TotalCount int          `json:"total_count"`
}

// Attributes are the file attributes sent with a simple upload or a commit.
type Attributes struct {
	Name              string `json:"name,omitempty"`
	Parent            *Ref   `json:"parent,omitempty"`
	ContentModifiedAt Time   `json:"content_modified_at"`
}

// Ref points at an item by ID.
type Ref struct {
	ID string `json:"id"`
}

// CommitRequest is the body of POST {commit}: every part, sorted by offset.
type CommitRequest struct {
	Parts      []UploadPart `json:"parts"`
	Attributes *Attributes  `json:"attributes,omitempty"`
}

// PreflightRequest is the body of OPTIONS /files/content (Parent set) and
// OPTIONS /files/{id}/content (Parent nil).
type PreflightRequest struct {
	Name   string `json:"name,omitempty"`
	Size   int64  `json:"size"`
	Parent *Ref   `json:"parent,omitempty"`
}

// FileVersion identifies one version of a file.
type FileVersion struct {
	Type string `json:"type"`
	ID   string `json:"id"`
	SHA1 string `json:"sha1"`
}

// Folder is a folder (mini or full). PathCollection and Permissions are
// sent by GET /folders/{id}, not in mini folders.
type Folder struct {
	Type           string          `json:"type"`
	ID             string          `json:"id"`
	Name           string          `json:"name"`
	ETag           string          `json:"etag,omitempty"`
	PathCollection *PathCollection `json:"path_collection,omitempty"`
	Permissions    *Permissions    `json:"permissions,omitempty"`
}

// PathCollection is the chain of folders above an item, All Files first.
type PathCollection struct {
	TotalCount int      `json:"total_count"`
	Entries    []Folder `json:"entries"`
}

// Item is one entry of a folder's items or of search results: a file, a
// folder or a web link (Type). Box sends only the fields the request asked
// for (fields=…), so every other field may be empty.
type Item struct {
	Type           string          `json:"type"`
	ID             string          `json:"id"`
	Name           string          `json:"name,omitempty"`
	ETag           string          `json:"etag,omitempty"`
	Size           int64           `json:"size,omitempty"`
	SHA1           string          `json:"sha1,omitempty"` // files only
	FileVersion    *FileVersion    `json:"file_version,omitempty"`
	ModifiedAt     Time            `json:"modified_at"`
	ModifiedBy     *UserMini       `json:"modified_by,omitempty"`
	Lock           *Lock           `json:"lock,omitempty"`
	PathCollection *PathCollection `json:"path_collection,omitempty"`
	Permissions    *Permissions    `json:"permissions,omitempty"`
}

// Items is a page of GET /folders/{id}/items or GET /search. Offset paging
// fills TotalCount, Offset and Limit; marker paging (usemarker=true) fills
// NextMarker instead, empty on the last page.
type Items struct {
	TotalCount int    `json:"total_count,omitempty"`
	Entries    []Item `json:"entries"`
	Offset     int    `json:"offset,omitempty"`
	Limit      int    `json:"limit"`
	NextMarker string `json:"next_marker,omitempty"`
}

// CreateFolderRequest is the body of POST /folders.
type CreateFolderRequest struct {
	Name   string `json:"name"`
	Parent Ref    `json:"parent"`
}

// Conflicts is the context_info of a 409 item_name_in_use: the item that
// already has the name (Box sends one, or a list of one).
type Conflicts struct {
	Conflicts json.RawMessage `json:"conflicts"`
}

// UserMini is a user as embedded in other objects.
type UserMini struct {
	Type  string `json:"type"`
	ID    string `json:"id"`
	Name  string `json:"name"`
	Login string `json:"login"`
}

// Lock is present on a locked file.
type Lock struct {
	Type                string    `json:"type"`
	ID                  string    `json:"id"`
	CreatedBy           *UserMini `json:"created_by,omitempty"`
	IsDownloadPrevented bool      `json:"is_download_prevented"`
}

// Permissions says what the current user may do with an item.
type Permissions struct {
	CanUpload bool `json:"can_upload"`
}

// File is a Box file. Pointers are nil when Box did not send the field.
type File struct {
	Type              string       `json:"type"`
	ID                string       `json:"id"`
	ETag              string       `json:"etag"`
	Name              string       `json:"name"`
	Size              int64        `json:"size"`
	SHA1              string       `json:"sha1"`
	FileVersion       *FileVersion `json:"file_version,omitempty"`
	VersionNumber     string       `json:"version_number,omitempty"` // "1" for the first version
	Parent            *Folder      `json:"parent,omitempty"`
	ModifiedAt        Time         `json:"modified_at"`
	ContentModifiedAt Time         `json:"content_modified_at"`
	ModifiedBy        *UserMini    `json:"modified_by,omitempty"`
	Lock              *Lock        `json:"lock,omitempty"`
	Permissions       *Permissions `json:"permissions,omitempty"`
}

// Files is the answer to a commit or a simple upload.
type Files struct {
	TotalCount int    `json:"total_count"`
	Entries    []File `json:"entries"`
}

// User is GET /users/me.
type User struct {
	Type          string `json:"type"`
	ID            string `json:"id"`
	Name          string `json:"name"`
	Login         string `json:"login"`
	SpaceAmount   int64  `json:"space_amount"`
	SpaceUsed     int64  `json:"space_used"`
	MaxUploadSize int64  `json:"max_upload_size"`
	Status        string `json:"status"`
}

// Error is Box's client error body.
type Error struct {
	Type        string          `json:"type"`
	Status      int             `json:"status"`
	Code        string          `json:"code"`
	Message     string          `json:"message"`
	ContextInfo json.RawMessage `json:"context_info,omitempty"`
	HelpURL     string          `json:"help_url,omitempty"`
	RequestID   string          `json:"request_id"`
}

// ConflictingPart is the context_info of a 416 range_overlaps_existing_part.
type ConflictingPart struct {
	ConflictingPart UploadPart `json:"conflicting_part"`
}

// Token is the OAuth 2.0 token endpoint's answer.
type Token struct {
	AccessToken  string `json:"access_token"`
	ExpiresIn    int64  `json:"expires_in"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token"`
}

// OAuthError is the token endpoint's error body.
type OAuthError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
}
