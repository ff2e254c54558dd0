//go:build !windows

package upload

// heldByAnotherProgram is always false here: on Linux and macOS a program
// that holds a file open does not keep others from reading it.
func heldByAnotherProgram(error) bool { return false }
