// Package e2e holds the end-to-end tests of the desktop app: they build
// cmd/navigator and cmd/navctl, start the app in its own virtual X screen
// (Xvfb), drive it with real mouse clicks and key presses (xdotool), and
// check what it wrote with navctl and what it shows with screenshots.
//
// They skip when Xvfb, xdotool or ImageMagick's import are not installed
// (scripts/test.sh installs them). Screenshots are kept in
// $TRELLIS_E2E_SHOTS, or in a new folder under the system's temporary
// folder; each test prints where.
package e2e
