#!/usr/bin/env bash
# Runs every check CI runs: formatting, go vet, and the tests (with the race
# detector). Installs what it needs on Debian/Ubuntu when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

need_go
# Fyne's cgo build of cmd/navigator (go vet builds it) needs OpenGL and X11/Wayland headers.
need_apt_packages gcc libc6-dev pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev

step "gofmt"
unformatted=$(gofmt -l cmd data sync ui translations assets 2>/dev/null || true)
if [ -n "$unformatted" ]; then
	echo "These files are not gofmt-formatted:" >&2
	echo "$unformatted" >&2
	exit 1
fi

step "go vet"
go vet ./...

step "go test -race"
go test -race -count=1 ./...
