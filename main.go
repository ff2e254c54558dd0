// Command boxuploader uploads large files to Box, as a new version of an
// existing Box file or as a new file in a folder.
package main

import (
	"os"

	"boxuploader/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
