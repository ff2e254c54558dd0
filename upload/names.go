package upload

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxNameLength is the most characters Box accepts in a file name.
const MaxNameLength = 255

// BoxName returns name as Box should receive it: in Unicode NFC. Names
// from macOS arrive decomposed (NFD), and Box shows a decomposed "が" as
// "か" followed by a loose dakuten.
func BoxName(name string) string { return norm.NFC.String(name) }

// CheckName tells whether Box accepts name for a file, with KindBadName if
// not. Box's spec (FileRequest and FolderRequest name) refuses names over
// 255 characters, with "/" or "\", with non-printable ASCII, with a
// trailing space, and "." and "..". A leading space, or another Unicode
// space at either end, is accepted.
func CheckName(name string) error {
	var why string
	switch {
	case name == "":
		why = "is empty"
	case utf8.RuneCountInString(name) > MaxNameLength:
		why = fmt.Sprintf("is longer than %d characters", MaxNameLength)
	case strings.ContainsAny(name, `/\`):
		why = `contains "/" or "\"`
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		why = "contains a control character"
	case strings.HasSuffix(name, " "):
		why = "ends with a space"
	case name == "." || name == "..":
		why = `is "." or ".."`
	default:
		return nil
	}
	return &NameError{Name: name, Why: why}
}

// NameError is a file name Box would refuse.
type NameError struct {
	Name string
	Why  string
}

func (e *NameError) Error() string {
	return fmt.Sprintf("box does not accept the name %q: it %s", e.Name, e.Why)
}

// Kind is KindBadName.
func (e *NameError) Kind() Kind { return KindBadName }
