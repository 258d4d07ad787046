#!/usr/bin/env bash
# Takes a PNG of every screen of the desktop app, in English and in two
# non-Latin languages (Arabic, right to left, and Traditional Chinese), by
# running the real app under Xvfb on a demo store.
#
#   bash scripts/screenshots.sh [OUT_DIR]      # default: screenshots/
#
# LANGS and SCREENS (space-separated) narrow what is taken.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

need_go
need_apt_packages gcc libc6-dev pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev xvfb imagemagick

out="${1:-screenshots}"
langs="${LANGS:-en ar zh-Hant}"
screens="${SCREENS:-firstrun today families family directory referrals materials settings}"
mkdir -p "$out" bin
work=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
	[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

step "building navigator and navctl"
go build -o bin/navigator ./cmd/navigator
go build -o bin/navctl ./cmd/navctl

step "making a demo store"
bin/navctl --data "$work/store" demo --families 2000 --services 800 --seed 1 >/dev/null 2>&1

# A free display number.
display=90
while [ -e "/tmp/.X11-unix/X$display" ] || [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
Xvfb ":$display" -screen 0 1100x720x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
export DISPLAY=":$display"
export XDG_RUNTIME_DIR="$work/xdg"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

for lang in $langs; do
	for screen in $screens; do
		step "$lang $screen"
		bin/navigator --data "$work/store" --name "Ana Navigator" --lang "$lang" --screen "$screen" >/dev/null 2>&1 &
		app_pid=$!
		sleep "${WAIT:-6}" # start-up, then the screen's data loading off the UI goroutine
		import -window root "$out/$lang-$screen.png"
		kill "$app_pid" 2>/dev/null || true
		wait "$app_pid" 2>/dev/null || true
		app_pid=""
	done
done
echo
echo "Screenshots in $out/:"
ls "$out"
