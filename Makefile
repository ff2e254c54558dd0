# The front door. Each target installs what it needs first.
GO ?= go
APP := boxuploader

.PHONY: deps demo run test lint bench build

deps: ## Debian packages for cgo/GL, Xvfb, the keyring
	@./.ci/install-deps

demo: deps ## the window on a pretend Box inside the app (terminal demo without a display)
	$(GO) run . demo

run: deps ## the app against real Box
	$(GO) run .

build: deps
	$(GO) build -o $(APP) .

test: deps ## every test, race detector on, inside a private D-Bus session with a real gnome-keyring
	BOXUPLOADER_REQUIRE_DISPLAY=1 ./.ci/with-keyring $(GO) test -race -count=1 ./...

lint: deps ## go vet and staticcheck (pinned in go.mod)
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

bench: deps ## 1 GiB through the fake Box vs a bare curl PUT; prints ratios and peak RSS
	./.ci/bench
