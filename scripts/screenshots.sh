#!/usr/bin/env bash
# Writes a PNG of every screen of the real desktop app in every UI language,
# for a person to look at: the app runs under Xvfb (no screen needed) on a
# demo county, one run per language and screen.
#
#   bash scripts/screenshots.sh [OUT_DIR]        # default: screenshots/
#
# SCREENSHOT_LANGS and SCREENSHOT_SCREENS (space-separated) choose a subset,
# e.g. SCREENSHOT_LANGS="ar am zh-Hant" SCREENSHOT_SCREENS="today family".
# Files are named <lang>-<screen>.png. The screen "directory-problems" is
# Settings importing a directory file with problems (the list of them, in
# the UI language, and the offer to import the rest).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

need_go
need_apt_packages gcc libc6-dev pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev \
	xvfb x11-utils imagemagick

out="${1:-screenshots}"
langs="${SCREENSHOT_LANGS:-en es vi zh-Hans zh-Hant so ru uk ko am ti tl pa ar}"
screens="${SCREENSHOT_SCREENS:-firstrun today families family directory referrals materials settings directory-problems}"
mkdir -p "$out" bin

step "building navctl and the desktop app (the first build of the app takes a few minutes)"
go build -o bin/navctl ./cmd/navctl
go build -o bin/navigator ./cmd/navigator

data="$(mktemp -d)"
xvfb=""
# start_xvfb starts a virtual screen on a display number nobody uses.
start_xvfb() {
	local dn
	for dn in $(seq 90 199); do
		[ -e "/tmp/.X$dn-lock" ] || [ -e "/tmp/.X11-unix/X$dn" ] && continue
		display=":$dn"
		Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
		xvfb=$!
		for _ in $(seq 1 40); do
			[ -e "/tmp/.X11-unix/X$dn" ] && { export DISPLAY="$display"; return; }
			kill -0 "$xvfb" 2>/dev/null || break
			sleep 0.25
		done
	done
	echo "screenshots: could not start Xvfb" >&2
	exit 1
}
app=""
cleanup() {
	[ -n "$app" ] && kill "$app" 2>/dev/null || true
	[ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
	rm -rf "$data"
}
trap cleanup EXIT
start_xvfb

step "demo county in $data"
bin/navctl --data "$data" init --navigator "Ana Navigator" >/dev/null
bin/navctl --data "$data" demo --families 300 --services 150 --seed 7 >/dev/null 2>&1

# A directory file with a problem of each common kind, for
# directory-problems.
cat >"$data/county-directory.json" <<'JSON'
[{"id": "00000004-0000-4000-8000-0000000000a1", "name": "Play and Learn", "status": "closed"},
 {"id": "00000004-0000-4000-8000-0000000000a2", "status": "active", "minimum_age": "two"},
 {"id": "00000004-0000-4000-8000-0000000000a3", "name": "Parent Cafe", "status": "active",
  "organization_id": "00000003-0000-4000-8000-0000000000ff",
  "phones": [{"id": "P-1", "number": "206-555-0100"}]}]
JSON

# shoot writes one screenshot; it fails when the app opens no window.
shoot() {
	local lang=$1 screen=$2 win="" args
	args=(--screen "$screen")
	[ "$screen" = directory-problems ] && args=(--screen settings --import "$data/county-directory.json")
	bin/navigator --data "$data" --lang "$lang" "${args[@]}" >"$data/app.log" 2>&1 &
	app=$!
	for _ in $(seq 1 240); do # up to a minute on a busy machine
		win=$(xwininfo -root -tree 2>/dev/null | awk '/"Trellis"/ {print $1; exit}')
		[ -n "$win" ] && break
		kill -0 "$app" 2>/dev/null || break
		sleep 0.25
	done
	if [ -n "$win" ]; then
		sleep 2 # let it draw
		[ "$screen" = directory-problems ] && sleep 8 # the import runs, then its dialog opens
		import -window "$win" "$out/$lang-$screen.png" || win=""
	fi
	kill "$app" 2>/dev/null || true
	wait "$app" 2>/dev/null || true
	app=""
	[ -n "$win" ]
}

n=0
for lang in $langs; do
	for screen in $screens; do
		ok=""
		for _ in 1 2 3; do
			kill -0 "$xvfb" 2>/dev/null || start_xvfb # something stopped the virtual screen
			if shoot "$lang" "$screen"; then
				ok=1
				break
			fi
			kill "$xvfb" 2>/dev/null || true # start afresh on another display
			wait "$xvfb" 2>/dev/null || true
		done
		if [ -z "$ok" ]; then
			echo "screenshots: the app did not open a window for $lang $screen; its output:" >&2
			cat "$data/app.log" >&2
			exit 1
		fi
		n=$((n + 1))
	done
done
step "wrote $n screenshots to $out/"
