package upload

import (
	"errors"
	"syscall"
)

// What Windows answers when another program holds a file: opened letting
// no one else open it (Excel does this with a CSV file), or its bytes
// locked (database programs do).
const (
	errorSharingViolation syscall.Errno = 32 // ERROR_SHARING_VIOLATION
	errorLockViolation    syscall.Errno = 33 // ERROR_LOCK_VIOLATION
)

// heldByAnotherProgram says whether err is Windows refusing a file because
// another program holds it.
func heldByAnotherProgram(err error) bool {
	return errors.Is(err, errorSharingViolation) || errors.Is(err, errorLockViolation)
}
