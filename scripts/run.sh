#!/usr/bin/env bash
# The README's run command. On Debian or Ubuntu it installs what is missing
# (Go, and for the desktop app the C compiler and graphics headers Fyne
# needs) and starts Trellis, whose first-run screen asks for the language and
# your name and offers demo data. Without a display it fills the profile
# folder with a demo county the first time and shows it through navctl.
#
#   bash scripts/run.sh [navigator flags, e.g. --lang es]
#
# TRELLIS_DATA chooses the profile folder (default ~/.config/Trellis, where
# the app looks). TRELLIS_DEMO_FAMILIES and TRELLIS_DEMO_SERVICES size the
# navctl demo county (default 2000 and 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

need_go
data="${TRELLIS_DATA:-${XDG_CONFIG_HOME:-$HOME/.config}/Trellis}"
export TRELLIS_DATA="$data"

step "building navctl"
mkdir -p bin
go build -o bin/navctl ./cmd/navctl

if [ -d cmd/navigator ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
	need_apt_packages gcc libc6-dev pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev
	step "starting Trellis (the first build of the desktop app takes a few minutes)"
	# Run from the top of the repository so that Fyne finds FyneApp.toml (its
	# name, icon and the fyne.Do threading declaration). On a new profile the
	# app asks for the language and your name, and offers to load demo data.
	exec go run ./cmd/navigator --data "$data" "$@"
fi
if [ -d cmd/navigator ]; then
	echo "No display (DISPLAY and WAYLAND_DISPLAY are unset), so not starting the desktop app;"
	echo "here is a demo county through navctl instead."
fi

if [ ! -f "$data/trellis.db" ]; then
	step "creating a demo county in $data (first run only)"
	bin/navctl --data "$data" demo --families "${TRELLIS_DEMO_FAMILIES:-2000}" --services "${TRELLIS_DEMO_SERVICES:-1000}"
fi

step "navctl report"
bin/navctl --data "$data" report
step "navctl resource search ninos --language es --age-months 30"
bin/navctl --data "$data" resource search ninos --language es --age-months 30 --limit 5
step "navctl family list nguyen"
bin/navctl --data "$data" family list nguyen --limit 5
echo
echo "More: bin/navctl --data \"$data\" help"
