package boxtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"boxuploader/upload/boxapi"
)

const helpURL = "https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/"

// boxError is an answer in Box's client error format. Handlers and checks
// return it instead of writing, so one check can serve several endpoints.
type boxError struct {
	status  int
	code    string
	message string
	context any // encoded as context_info; nil when Box sends none
}

func newError(status int, code, format string, args ...any) *boxError {
	return &boxError{status: status, code: code, message: fmt.Sprintf(format, args...)}
}

// Errors without details. They are never modified, so sharing them is safe.
var (
	errNotFound          = newError(http.StatusNotFound, "not_found", "Not Found")
	errMethodNotAllowed  = newError(http.StatusMethodNotAllowed, "method_not_allowed", "Method Not Allowed")
	errSessionExpired    = newError(http.StatusGone, "session_expired", "The upload session has expired")
	errLocked            = newError(http.StatusForbidden, "access_denied_item_locked", "Access denied - item is locked")
	errNoPermission      = newError(http.StatusForbidden, "access_denied_insufficient_permissions", "Access denied - insufficient permission")
	errFileTooBig        = newError(http.StatusForbidden, "file_size_limit_exceeded", "File size exceeds the folder owner's file size limit")
	errStorageFull       = newError(http.StatusForbidden, "storage_limit_exceeded", "Account storage limit reached")
	errPreconditionFail  = newError(http.StatusPreconditionFailed, "precondition_failed", "The resource has been modified. Please retrieve the resource again and retry")
	errLengthRequired    = newError(http.StatusLengthRequired, "length_required", "Content-Length header is required")
	errInvalidDigest     = newError(http.StatusBadRequest, "invalid_digest", "Digest header is missing or invalid; expected sha=<base64 SHA-1>")
	errIncompleteBody    = newError(http.StatusBadRequest, "bad_request", "The request body ended early")
	errInvalidJSONBody   = newError(http.StatusBadRequest, "bad_request", "Could not parse JSON request body")
	errInternal          = newError(http.StatusInternalServerError, "internal_server_error", "Internal Server Error")
	errMissingFolder     = newError(http.StatusBadRequest, "missing_destination", "folder_id is required")
	errMissingFileSize   = newError(http.StatusBadRequest, "missing_file_size", "file_size is required")
	errInvalidFileSize   = newError(http.StatusBadRequest, "invalid_file_size", "file_size must be positive")
	errMissingFileName   = newError(http.StatusBadRequest, "missing_file_name", "file_name is required")
	errNotMultipart      = newError(http.StatusBadRequest, "bad_request", "Request must be multipart/form-data")
	errAttributesMissing = newError(http.StatusBadRequest, "bad_request", "The first form field must be attributes")
	errFileMissing       = newError(http.StatusBadRequest, "bad_request", "No file contents in the request")
	errMetadataAfterFile = newError(http.StatusBadRequest, "metadata_after_file_contents", "Metadata after file contents; attributes must come first")
)

// serverError is the answer of an injected failure with the given status.
func serverError(status int) *boxError {
	code := map[int]string{
		http.StatusInternalServerError: "internal_server_error",
		http.StatusBadGateway:          "bad_gateway",
		http.StatusServiceUnavailable:  "unavailable",
		http.StatusGatewayTimeout:      "gateway_timeout",
	}[status]
	if code == "" {
		code = strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
	}
	return newError(status, code, "%s", http.StatusText(status))
}

// nameInUse is the 409 for a name clash; Box puts the existing item in
// context_info.conflicts: for uploads a single object, as Box's own web
// uploader reads it; for POST /folders a list of them.
func nameInUse(conflicts any) *boxError {
	e := newError(http.StatusConflict, "item_name_in_use", "Item with the same name already exists")
	e.context = map[string]any{"conflicts": conflicts}
	return e
}

// writeError sends e as Box does, echoing the request ID set by serve.
func writeError(w http.ResponseWriter, e *boxError) {
	body := boxapi.Error{
		Type:      "error",
		Status:    e.status,
		Code:      e.code,
		Message:   e.message,
		HelpURL:   helpURL,
		RequestID: w.Header().Get("box-request-id"),
	}
	if e.context != nil {
		// The context values are plain structs and maps; they always encode.
		body.ContextInfo, _ = json.Marshal(e.context)
	}
	writeJSON(w, e.status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// readJSON decodes a small JSON request body into v.
func readJSON(r *http.Request, v any) *boxError {
	const maxJSONBody = 32 << 20 // a commit listing 10000 parts is about 1 MB
	if err := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody)).Decode(v); err != nil {
		return errInvalidJSONBody
	}
	return nil
}
