#!/usr/bin/env bash
# Builds the Linux package of the desktop app (a .tar.xz with the binary,
# the icon and the desktop file; `make user-install` inside it installs it).
# The app's id, name, version and icon come from FyneApp.toml at the top of
# the repository (cmd/navigator/FyneApp.toml links to it).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

need_go
need_apt_packages gcc libc6-dev pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev
if ! command -v fyne >/dev/null 2>&1; then
	step "installing the fyne packaging tool"
	go install fyne.io/tools/cmd/fyne@v1.7.4
	export PATH="$(go env GOPATH)/bin:$PATH"
fi
step "packaging Trellis for Linux"
fyne package -os linux --release --src cmd/navigator --icon "$PWD/assets/icon.png"
ls -l Trellis.tar.xz
