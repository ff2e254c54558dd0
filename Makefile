# The front door. Each target installs what it needs first.
GO ?= go
APP := boxuploader

.PHONY: deps demo run test test-short lint vulncheck bench build cli

deps: ## Debian packages for cgo/GL, Xvfb, the keyring
	@./.ci/install-deps

demo: deps ## the window on a pretend Box inside the app (terminal demo without a display)
	$(GO) run . demo

run: deps ## the app against real Box
	$(GO) run .

build: deps
	$(GO) build -o $(APP) .

cli: ## the command-line build: no window, no cgo or OpenGL, one static file (for servers and scripts)
	CGO_ENABLED=0 $(GO) build -tags nogui -o $(APP)-cli .

test: deps ## every test, race detector on, inside a private D-Bus session with a real gnome-keyring
	BOXUPLOADER_REQUIRE_DISPLAY=1 ./.ci/with-keyring $(GO) test -race -count=1 ./...

test-short: deps ## what to run after each change (a few minutes): the same, without soaks and big uploads
	BOXUPLOADER_REQUIRE_DISPLAY=1 ./.ci/with-keyring $(GO) test -short -race -count=1 ./...

lint: deps ## gofumpt, go vet and staticcheck (pinned in go.mod), and the command-line build still builds
	@out=$$($(GO) tool gofumpt -l .); if [ -n "$$out" ]; then echo "gofumpt would change (run: go tool gofumpt -w .):"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	CGO_ENABLED=0 $(GO) vet -tags nogui ./app .

vulncheck: ## known vulnerabilities in the code and its modules (needs vuln.go.dev, which CI cannot reach)
	$(GO) tool govulncheck ./...

bench: deps ## 1 GiB through the fake Box vs a bare curl PUT; prints ratios and peak RSS
	./.ci/bench

# Packages: FyneApp.toml holds the app's name, ID, version and icon.
.PHONY: package package-check install uninstall package-windows check-windows
VERSION = $(shell sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)
PACKAGE = dist/$(APP)-$(VERSION)-linux-$(shell $(GO) env GOARCH).tar.xz

package: deps ## dist/boxuploader-VERSION-linux-ARCH.tar.xz, checked; BOX_CLIENT_ID/BOX_CLIENT_SECRET, if set, are built in
	./.ci/package linux $(PACKAGE)
	./.ci/check-package $(PACKAGE)

package-check: package ## what CI runs: the package, checked, then installed and uninstalled in a throwaway HOME
	BOXUPLOADER_PACKAGE=$(abspath $(PACKAGE)) $(GO) test -count=1 -run '^TestPackage_LinuxArchive$$' .

install: package ## installs the app for you (~/.local, no root): it shows in the desktop's menu
	./.ci/package-make $(PACKAGE) user-install

uninstall: ## removes what `make install` installed
	test -f $(PACKAGE) || $(MAKE) package
	./.ci/package-make $(PACKAGE) user-uninstall

WINDOWS_EXE = dist/$(APP)-$(VERSION)-windows-amd64.exe
WINDOWS_SETUP = dist/BoxUploader-Setup-$(VERSION).exe

package-windows: deps ## the .exe, cross-compiled with MinGW-w64, and dist/BoxUploader-Setup-VERSION.exe (NSIS) that installs it
	./.ci/package windows $(WINDOWS_EXE) $(WINDOWS_SETUP)

check-windows: package-windows ## both under Wine (installed if missing): the command line against the fake Box, the Setup, the window's screenshot
	./.ci/check-windows $(WINDOWS_EXE) $(WINDOWS_SETUP)
