#!/usr/bin/env bash
# Runs every check CI runs: formatting, go vet, every test, and the race
# detector over the packages where goroutines share state (the store, the
# clock, sync). Installs what it needs on Debian/Ubuntu when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

need_go
# Fyne's cgo build of cmd/navigator (go vet builds it) needs OpenGL and X11/Wayland headers.
need_apt_packages gcc libc6-dev pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev
# The end-to-end tests (cmd/navigator/e2e) run the app in a virtual X screen,
# drive it with real clicks and key presses, and take screenshots.
need_apt_packages xvfb xdotool imagemagick x11-utils

step "gofmt"
unformatted=$(gofmt -l cmd data sync ui translations assets 2>/dev/null || true)
if [ -n "$unformatted" ]; then
	echo "These files are not gofmt-formatted:" >&2
	echo "$unformatted" >&2
	exit 1
fi

step "go vet"
go vet ./...

step "go test"
go test -count=1 -timeout 30m ./...

# The race detector multiplies CPU time about ten times, so it runs where
# concurrency lives: the store (writer + reader pool, OnWrite hooks), the
# clock and sync (server handlers, client, simulation). The ui tests run on
# Fyne's test driver, whose fyne.Do runs callbacks on the calling goroutine,
# so the detector reports Fyne's own dialog internals there, not ours.
step "go test -race (store, clock, sync)"
go test -race -count=1 -timeout 30m ./data/store/... ./data/hlc/... ./sync/...
