package upload

import (
	"fmt"
	"io/fs"
	"syscall"
	"testing"
)

// TestFileError_HeldByAnotherProgram: Windows' two ways of refusing a file
// that another program holds make KindInUse, whether opening or reading
// failed; other refusals stay KindUnreadable. It runs where GOOS is
// windows: .ci/check-windows runs it under Wine.
func TestFileError_HeldByAnotherProgram(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want Kind
	}{
		{"open: sharing violation", &fs.PathError{Op: "open", Path: `C:\a.csv`, Err: errorSharingViolation}, KindInUse},
		{"read: lock violation", &fs.PathError{Op: "read", Path: `C:\a.csv`, Err: errorLockViolation}, KindInUse},
		{"open: access denied", &fs.PathError{Op: "open", Path: `C:\a.csv`, Err: syscall.ERROR_ACCESS_DENIED}, KindUnreadable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := fmt.Errorf("upload: %w", &FileError{kind: KindUnreadable, Path: `C:\a.csv`, Err: tc.err})
			if got := KindOf(err); got != tc.want {
				t.Errorf("KindOf(%v) = %d, want %d", err, got, tc.want)
			}
		})
	}
}
