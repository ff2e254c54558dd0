package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackage_LinuxArchive checks the Linux package that `make package`
// built, named by BOXUPLOADER_PACKAGE (`make package-check` sets it; without
// it the test is skipped, as building the package takes a release build):
// .ci/check-package's checks, then what `make install` does with it, for a
// throwaway HOME: the app lands in ~/.local with its launcher and icon, the
// installed binary runs, and uninstalling removes all three.
func TestPackage_LinuxArchive(t *testing.T) {
	archive := os.Getenv("BOXUPLOADER_PACKAGE")
	if archive == "" {
		t.Skip("BOXUPLOADER_PACKAGE is not set; make package-check sets it")
	}
	if out, err := exec.Command("./.ci/check-package", archive).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}

	home := t.TempDir()
	env := append(os.Environ(), "HOME="+home)
	packageMake := func(target string) {
		t.Helper()
		cmd := exec.Command("./.ci/package-make", archive, target)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", target, err, out)
		}
	}
	bin := filepath.Join(home, ".local/bin/boxuploader")
	desktop := filepath.Join(home, ".local/share/applications/app.boxuploader.Uploader.desktop")
	icon := filepath.Join(home, ".local/share/icons/app.boxuploader.Uploader.png")

	packageMake("user-install")
	entry, err := os.ReadFile(desktop)
	if err != nil {
		t.Fatal(err)
	}
	// The launcher runs the installed binary by its full path (~/.local/bin
	// may not be in PATH), passing it the files it is given.
	if want := "\nExec=" + bin + " %F\n"; !strings.Contains(string(entry), want) {
		t.Errorf("desktop entry lacks %q:\n%s", strings.TrimSpace(want), entry)
	}
	if _, err := os.Stat(icon); err != nil {
		t.Error(err)
	}
	cmd := exec.Command(bin, "help")
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "boxuploader upload") {
		t.Errorf("installed %s help: %v\n%s", bin, err, out)
	}

	packageMake("user-uninstall")
	for _, f := range []string{bin, desktop, icon} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s is still there after user-uninstall (%v)", f, err)
		}
	}
}
