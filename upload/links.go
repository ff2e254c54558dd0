package upload

import (
	"net"
	"net/url"
	"strings"
)

// ParseFileID accepts a Box file ID or a Box file link as people paste it
// (https://app.box.com/file/123, https://acme.app.box.com/files/123?s=…,
// the old …/files/0/f/456/1/f_123 form) and returns the file ID.
func ParseFileID(s string) (string, error) {
	return parseID(s, true)
}

// ParseFolderID accepts a Box folder ID ("0" is the root) or a Box folder
// link (https://app.box.com/folder/123) and returns the folder ID.
func ParseFolderID(s string) (string, error) {
	return parseID(s, false)
}

func parseID(s string, wantFile bool) (string, error) {
	s = strings.TrimSpace(s)
	bad := KindBadFolderID
	if wantFile {
		bad = KindBadFileID
	}
	if isDigits(s) {
		if wantFile && s == "0" {
			return "", &InputError{kind: KindFolderLink, Input: s}
		}
		return s, nil
	}
	raw := s
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || !isBoxHost(u.Hostname()) {
		return "", &InputError{kind: bad, Input: s}
	}
	kind, id := idInPath(u.Path)
	switch {
	case kind == "s":
		return "", &InputError{kind: KindSharedLink, Input: s}
	case kind == "file" && wantFile, kind == "folder" && !wantFile:
		return id, nil
	case kind == "folder":
		return "", &InputError{kind: KindFolderLink, Input: s}
	case kind == "file":
		return "", &InputError{kind: KindFileLink, Input: s}
	}
	return "", &InputError{kind: bad, Input: s}
}

// idInPath finds what a Box web path points at: "file" or "folder" and its
// ID, or "s" for a shared link.
func idInPath(path string) (kind, id string) {
	segs := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	// Old-style web paths end in f_<file id> or d_<folder id>.
	if n := len(segs); n > 0 {
		last := segs[n-1]
		if rest, ok := strings.CutPrefix(last, "f_"); ok && isDigits(rest) {
			return "file", rest
		}
		if rest, ok := strings.CutPrefix(last, "d_"); ok && isDigits(rest) {
			return "folder", rest
		}
	}
	for i, seg := range segs {
		switch seg {
		case "s", "v":
			return "s", ""
		case "files":
			// The old web app showed folders as /files/0/f/<folder id>.
			if i+3 < len(segs) && segs[i+1] == "0" && segs[i+2] == "f" && isDigits(segs[i+3]) {
				return "folder", segs[i+3]
			}
			fallthrough
		case "file", "folder", "folders":
			if i+1 < len(segs) && isDigits(segs[i+1]) {
				return strings.TrimSuffix(seg, "s"), segs[i+1]
			}
		}
	}
	return "", ""
}

func isBoxHost(h string) bool {
	h = strings.ToLower(h)
	return h == "box.com" || strings.HasSuffix(h, ".box.com") || strings.HasSuffix(h, ".boxcloud.com")
}

func isDigits(s string) bool {
	if s == "" || len(s) > 30 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// CheckBaseURL refuses a server address that would send tokens in clear
// text to another machine: https anywhere, plain http only to loopback.
func CheckBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return &InputError{kind: KindBadURL, Input: raw}
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return &InputError{kind: KindInsecureURL, Input: raw}
	}
	return &InputError{kind: KindBadURL, Input: raw}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
