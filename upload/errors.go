package upload

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"boxuploader/upload/boxapi"
)

// Kind classifies a failure by what a person has to do about it. The GUI and
// the command line turn a Kind into a sentence; upload never does.
type Kind int

// The kinds of failure an upload can end with.
const (
	KindUnknown              Kind = iota
	KindCanceled                  // the user stopped it
	KindFileMissing               // the local file does not exist
	KindNotAFile                  // the local path is a folder or a device
	KindUnreadable                // the local file cannot be read
	KindInUse                     // another program holds the local file open and lets no one read it (Windows)
	KindEmptyFile                 // the local file has no bytes
	KindChangedLocally            // the local file changed while it was uploaded
	KindBadFileID                 // not a Box file ID or file link
	KindBadFolderID               // not a Box folder ID or folder link
	KindFolderLink                // a folder link where a file was expected
	KindFileLink                  // a file link where a folder was expected
	KindSharedLink                // a shared link (…/s/…), which does not name the file
	KindInsecureURL               // plain http to a host that is not this machine
	KindBadURL                    // a server address that is not a URL
	KindNotFound                  // the Box file or folder does not exist or is not visible
	KindNoPermission              // the user may not upload there
	KindLocked                    // the Box file is locked
	KindStorageFull               // the account has no room
	KindFileTooLarge              // bigger than the per-file limit of the folder owner's account
	KindNameInUse                 // a new file's name is taken in the folder
	KindChangedRemotely           // the Box file got a new version since the user chose it
	KindSessionExpired            // the upload session is gone at Box
	KindSignInNeeded              // Box refused the access token and it cannot be refreshed
	KindRateLimited               // Box kept answering 429
	KindServerError               // Box kept failing (5xx, a temporary 409 that lasted, parts it kept damaging)
	KindNetwork                   // Box could not be reached
	KindBadResponse               // the server answered something that is not Box's API
	KindBadName                   // a name Box does not accept (too long, a slash, spaces at an end, "." or "..")
	KindUploadInProgress          // Box holds another unfinished upload of this file, not ours
	KindProxyAuth                 // the proxy wants a user name and password (or others than those given)
	KindUntrustedCertificate      // the connection's certificate is not one this computer trusts
	KindProxyRefused              // the proxy does not let the app through to Box (its policy, or an address it does not know)
)

// Kinded is implemented by every error of this package that carries a Kind.
type Kinded interface {
	error
	Kind() Kind
}

// KindOf returns the Kind of the first error in err's chain that has one,
// recognises cancellation and network failures, and is KindUnknown otherwise.
func KindOf(err error) Kind {
	if err == nil {
		return KindUnknown
	}
	if errors.Is(err, ErrCanceled) || errors.Is(err, context.Canceled) {
		return KindCanceled
	}
	var k Kinded
	if errors.As(err, &k) {
		return k.Kind()
	}
	if k := refusalKind(err); k != KindUnknown {
		return k
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return KindNetwork
	}
	return KindUnknown
}

// ErrCanceled is returned (wrapped) when the caller's context stops an upload.
var ErrCanceled = errors.New("upload cancelled")

// APIError is any answer from Box outside 2xx.
type APIError struct {
	Op          string          // what we were doing, e.g. "commit upload session"
	Status      int             // HTTP status
	Code        string          // Box's error code, e.g. "item_name_in_use"
	Message     string          // Box's message
	RequestID   string          // for Box support
	ContextInfo json.RawMessage // Box's context_info, if any
	RetryAfter  time.Duration   // from Retry-After, if any

	date time.Time // Box's clock when it answered (the Date header), if any
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: box answered %d", e.Op, e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, " (%s)", e.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request %s]", e.RequestID)
	}
	return b.String()
}

// Kind classifies the answer: status first, then Box's code (Box's code list
// is not exhaustive, so the status decides when the code is unknown).
func (e *APIError) Kind() Kind {
	switch e.Status {
	case http.StatusBadRequest:
		switch e.Code {
		case "item_name_invalid", "item_name_too_long":
			return KindBadName
		case "digest_mismatch", "parts_mismatch":
			// Sent again or waited out already: Box keeps damaging the
			// bytes or cannot assemble them.
			return KindServerError
		}
	case http.StatusUnauthorized:
		return KindSignInNeeded
	case http.StatusForbidden:
		switch e.Code {
		case "access_denied_item_locked":
			return KindLocked
		case "storage_limit_exceeded":
			return KindStorageFull
		case "file_size_limit_exceeded":
			return KindFileTooLarge
		}
		return KindNoPermission
	case http.StatusNotFound:
		return KindNotFound
	case http.StatusConflict:
		switch e.Code {
		case "item_name_in_use":
			return KindNameInUse
		case "session_conflict":
			return KindUploadInProgress
		case "name_temporarily_reserved", "operation_blocked_temporary":
			return KindServerError // still held after the retries
		}
	case http.StatusGone:
		return KindSessionExpired
	case http.StatusPreconditionFailed:
		return KindChangedRemotely
	case http.StatusRequestEntityTooLarge:
		return KindFileTooLarge
	case http.StatusTooManyRequests:
		return KindRateLimited
	}
	if e.Status >= 500 {
		return KindServerError
	}
	return KindUnknown
}

// retryable reports whether the same request may succeed later.
func (e *APIError) retryable() bool {
	switch {
	case e.Status == http.StatusTooManyRequests, e.Status >= 500:
		return true
	case e.Status == http.StatusConflict:
		// Another operation holds the item or its name for a moment. Box's
		// plain "conflict" is not temporary.
		return e.Code == "operation_blocked_temporary" || e.Code == "name_temporarily_reserved"
	}
	return false
}

// newAPIError decodes Box's error body, tolerating an empty or non-JSON one.
func newAPIError(op string, resp *http.Response, body []byte) *APIError {
	e := &APIError{Op: op, Status: resp.StatusCode, RequestID: resp.Header.Get("box-request-id")}
	var be boxapi.Error
	if json.Unmarshal(body, &be) == nil {
		e.Code, e.Message, e.ContextInfo = be.Code, be.Message, be.ContextInfo
		if be.RequestID != "" {
			e.RequestID = be.RequestID
		}
	}
	e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"))
	e.date, _ = http.ParseTime(resp.Header.Get("Date"))
	return e
}

// parseRetryAfter reads a Retry-After header in seconds or as an HTTP date.
func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	var secs int
	if _, err := fmt.Sscanf(v, "%d", &secs); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

// FileError is a problem with the local file.
type FileError struct {
	kind Kind
	Path string
	Err  error
}

func (e *FileError) Error() string {
	what := map[Kind]string{
		KindFileMissing:    "file does not exist",
		KindNotAFile:       "not a regular file",
		KindUnreadable:     "cannot read file",
		KindEmptyFile:      "file is empty",
		KindChangedLocally: "file changed while it was being uploaded",
	}[e.kind]
	if e.Err != nil {
		return fmt.Sprintf("%s %s: %v", what, e.Path, e.Err)
	}
	return fmt.Sprintf("%s: %s", what, e.Path)
}

// Kind is one of the local-file kinds: a file that cannot be read because
// another program holds it (Excel, on Windows) is KindInUse.
func (e *FileError) Kind() Kind {
	if e.kind == KindUnreadable && heldByAnotherProgram(e.Err) {
		return KindInUse
	}
	return e.kind
}

func (e *FileError) Unwrap() error { return e.Err }

// InputError is a malformed ID, link or server address.
type InputError struct {
	kind  Kind
	Input string
}

func (e *InputError) Error() string {
	what := map[Kind]string{
		KindBadFileID:   "not a Box file ID or file link",
		KindBadFolderID: "not a Box folder ID or folder link",
		KindFolderLink:  "a link to a Box folder, not a file",
		KindFileLink:    "a link to a Box file, not a folder",
		KindSharedLink:  "a shared link, which does not name the file",
		KindInsecureURL: "plain http is only allowed to this machine",
		KindBadURL:      "not an http(s) address",
	}[e.kind]
	return fmt.Sprintf("%q: %s", e.Input, what)
}

// Kind is one of the input kinds.
func (e *InputError) Kind() Kind { return e.kind }

// BadResponseError is a 2xx answer that is not what Box sends (HTML from a
// proxy, truncated JSON, a missing field).
type BadResponseError struct {
	Op          string
	Status      int
	ContentType string
	Err         error
}

func (e *BadResponseError) Error() string {
	return fmt.Sprintf("%s: unexpected answer (status %d, %s): %v", e.Op, e.Status, e.ContentType, e.Err)
}

// Kind is KindBadResponse.
func (e *BadResponseError) Kind() Kind { return KindBadResponse }

func (e *BadResponseError) Unwrap() error { return e.Err }

// NetworkError is a request that could not reach Box, after retries.
type NetworkError struct {
	Op  string
	Err error
}

func (e *NetworkError) Error() string { return fmt.Sprintf("%s: %v", e.Op, e.Err) }

// Kind is KindNetwork.
func (e *NetworkError) Kind() Kind { return KindNetwork }

func (e *NetworkError) Unwrap() error { return e.Err }

// kindError gives a plain error a Kind.
type kindError struct {
	kind Kind
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Kind() Kind    { return e.kind }
