package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"trellis/translations"
	"trellis/ui/bidi"
	"trellis/ui/widgetmap"
)

// Timeouts are generous: the tests share a busy machine with others.
const (
	waitLong  = 3 * time.Minute  // the app's first window, an import
	waitShort = 90 * time.Second // a dialog, a list refreshed
)

// bins are the binaries under test, built once by TestMain.
var bins struct {
	dir, navigator, navctl string
	skip                   string // why the tests skip ("" when they run)
}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	for _, tool := range []string{"Xvfb", "xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			bins.skip = fmt.Sprintf("end-to-end tests need %s (Debian packages xvfb, xdotool, imagemagick; scripts/test.sh installs them)", tool)
			return m.Run()
		}
	}
	// The binaries are built from the sources below; reading them tells
	// go test's cache to run these tests again when they change (the ui
	// and data packages are compiled into this test binary too).
	root, err := moduleRoot()
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	for _, dir := range []string{"cmd/navigator", "cmd/navctl"} {
		files, _ := filepath.Glob(filepath.Join(root, dir, "*.go"))
		for _, f := range files {
			if _, err := os.ReadFile(f); err != nil {
				fmt.Fprintln(os.Stderr, "e2e:", err)
				return 1
			}
		}
	}
	bins.dir, err = os.MkdirTemp("", "trellis-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(bins.dir)
	bins.navigator = filepath.Join(bins.dir, "navigator")
	bins.navctl = filepath.Join(bins.dir, "navctl")
	for out, pkg := range map[string]string{bins.navigator: "./cmd/navigator", bins.navctl: "./cmd/navctl"} {
		cmd := exec.Command(goTool(), "build", "-o", out, pkg)
		cmd.Dir = root
		if b, err := cmd.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: go build %s: %v\n%s", pkg, err, b)
			return 1
		}
	}
	return m.Run()
}

// goTool is the go command that runs these tests.
func goTool() string {
	if p := filepath.Join(os.Getenv("GOROOT"), "bin", "go"); os.Getenv("GOROOT") != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go"
}

// moduleRoot is the folder of go.mod above this package.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("no go.mod above " + dir)
		}
	}
}

// needX skips the test when the tools are missing.
func needX(t *testing.T) {
	t.Helper()
	if bins.skip != "" {
		t.Skip(bins.skip)
	}
}

// startX starts a virtual screen of its own for t, on a display number
// nobody uses (probing from 100 up, at a place that depends on the
// process, as other test runs share the machine), and returns its name.
func startX(t *testing.T) string {
	t.Helper()
	start := 100 + rand.Intn(800)
	for i := 0; i < 60; i++ {
		n := start + i
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n)); err == nil {
			continue
		}
		cmd := exec.Command("Xvfb", fmt.Sprintf(":%d", n), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting Xvfb: %v", err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		ready := false
		for deadline := time.Now().Add(waitShort); time.Now().Before(deadline); {
			select {
			case <-exited:
				deadline = time.Now() // taken by someone else meanwhile: next number
				continue
			case <-time.After(100 * time.Millisecond):
			}
			if exec.Command("xdpyinfo", "-display", fmt.Sprintf(":%d", n)).Run() == nil || socketUp(n) {
				ready = true
				break
			}
		}
		if !ready {
			cmd.Process.Kill()
			<-exited
			continue
		}
		t.Cleanup(func() {
			cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				<-exited
			}
		})
		return fmt.Sprintf(":%d", n)
	}
	t.Fatalf("could not start Xvfb on any display from :%d", start)
	return ""
}

// socketUp says the X server of display n listens.
func socketUp(n int) bool {
	_, err := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
	return err == nil
}

// shotsDir is the folder a test's screenshots go to, made and printed once.
func shotsDir(t *testing.T) string {
	t.Helper()
	base := os.Getenv("TRELLIS_E2E_SHOTS")
	if base == "" {
		base = filepath.Join(os.TempDir(), "trellis-e2e-shots")
	}
	dir := filepath.Join(base, strings.ReplaceAll(t.Name(), "/", "-"))
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots of %s in %s", t.Name(), dir)
	return dir
}

// app is the navigator app running in its own X screen.
type app struct {
	t       *testing.T
	display string
	data    string // its profile folder
	env     []string
	lang    string
	loc     *translations.Localizer
	shots   string
	nshot   int
	mapPath string
	cmd     *exec.Cmd
	out     *bytes.Buffer
	exited  chan struct{}
	win     string // X window id
	seq     int    // last widget map read
}

// newApp makes a profile folder and an X screen for one test; start runs
// the app on them.
func newApp(t *testing.T, lang string) *app {
	t.Helper()
	needX(t)
	tmp := t.TempDir()
	a := &app{t: t, lang: lang, loc: translations.New(lang), data: filepath.Join(tmp, "profile"), shots: shotsDir(t)}
	a.display = startX(t)
	a.mapPath = filepath.Join(tmp, "widgets.json")
	a.env = append(os.Environ(),
		"DISPLAY="+a.display,
		"FYNE_SCALE=1",
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "config"),
		"XDG_CACHE_HOME="+filepath.Join(tmp, "cache"),
		"TRELLIS_DATA="+a.data,
		"HOME="+filepath.Join(tmp, "home"),
		widgetmap.EnvVar+"="+a.mapPath,
	)
	return a
}

// start runs the app with args and waits for its window.
func (a *app) start(args ...string) {
	a.t.Helper()
	args = append([]string{"--data", a.data, "--lang", a.lang}, args...)
	a.cmd = exec.Command(bins.navigator, args...)
	a.cmd.Env = a.env
	a.cmd.Dir = a.home() // where file dialogs open
	a.out = &bytes.Buffer{}
	a.cmd.Stdout, a.cmd.Stderr = a.out, a.out
	if err := a.cmd.Start(); err != nil {
		a.t.Fatalf("starting navigator: %v", err)
	}
	a.exited = make(chan struct{})
	cmd := a.cmd
	exited := a.exited
	go func() { cmd.Wait(); close(exited) }()
	a.t.Cleanup(a.stop)
	a.seq = 0
	deadline := time.Now().Add(waitLong)
	for a.win == "" {
		select {
		case <-a.exited:
			a.t.Fatalf("navigator exited before showing its window:\n%s", a.out)
		case <-time.After(250 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("navigator showed no window in %v:\n%s", waitLong, a.out)
		}
		out, err := a.xdotool("search", "--onlyvisible", "--pid", strconv.Itoa(a.cmd.Process.Pid))
		if err == nil {
			if f := strings.Fields(out); len(f) > 0 {
				a.win = f[0]
			}
		}
	}
	// The window is mapped; wait until it has drawn something and answers.
	a.snapshot()
}

// stop ends the app (if running) and waits for it.
func (a *app) stop() {
	if a.cmd == nil || a.cmd.Process == nil {
		return
	}
	select {
	case <-a.exited:
	default:
		a.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-a.exited:
		case <-time.After(20 * time.Second):
			a.cmd.Process.Kill()
			<-a.exited
		}
	}
	a.cmd = nil
	a.win = ""
}

// xdotool runs xdotool on the test's screen.
func (a *app) xdotool(args ...string) (string, error) {
	cmd := exec.Command("xdotool", args...)
	cmd.Env = a.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func (a *app) mustX(args ...string) {
	a.t.Helper()
	if out, err := a.xdotool(args...); err != nil {
		a.t.Fatalf("xdotool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// snapshot asks the app where its widgets are and waits for the answer.
func (a *app) snapshot() widgetmap.Map {
	a.t.Helper()
	deadline := time.Now().Add(waitShort)
	for {
		select {
		case <-a.exited:
			a.t.Fatalf("navigator exited:\n%s", a.out)
		default:
		}
		a.cmd.Process.Signal(syscall.SIGUSR1)
		for try := 0; try < 40; try++ {
			time.Sleep(50 * time.Millisecond)
			b, err := os.ReadFile(a.mapPath)
			if err != nil {
				continue
			}
			var m widgetmap.Map
			if json.Unmarshal(b, &m) == nil && m.Seq > a.seq {
				a.seq = m.Seq
				return m
			}
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("navigator wrote no widget map in %v:\n%s", waitShort, a.out)
		}
	}
}

// matcher picks objects of a map.
type matcher struct {
	desc string
	ok   func(o widgetmap.Object) bool
}

// displayed is text as the app shows it: in a right-to-left language the
// app puts texts in display order itself (ui/direction.go).
func (a *app) displayed(text string) []string {
	out := []string{text}
	if bidi.IsRTL(a.lang) {
		out = append(out, bidi.Display(text, true), bidi.Display(text, false))
	}
	return out
}

// clean strips the direction marks the app puts around texts.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u200e', '\u200f', '\u2066', '\u2067', '\u2068', '\u2069', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u061c':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// sameText says shown is text as the app shows it.
func (a *app) sameText(shown, text string) bool {
	shown = clean(shown)
	for _, d := range a.displayed(text) {
		if shown == clean(d) {
			return true
		}
	}
	return false
}

// text matches a text (a label's, a button's, a list row's) saying s.
func (a *app) text(s string) matcher {
	return matcher{fmt.Sprintf("text %q", s), func(o widgetmap.Object) bool {
		return o.Kind == "*canvas.Text" && a.sameText(o.Text, s)
	}}
}

// contains matches a text or label that has s in it (in display order
// too); a label's text is matched whole when the text drawn is cut short.
func (a *app) contains(s string) matcher {
	return matcher{fmt.Sprintf("text with %q", s), func(o widgetmap.Object) bool {
		if o.Kind != "*canvas.Text" && o.Kind != "*widget.Label" {
			return false
		}
		shown := clean(o.Text)
		for _, d := range a.displayed(s) {
			if d = clean(d); d != "" && strings.Contains(shown, d) {
				return true
			}
		}
		return false
	}}
}

// button matches a button saying the message id.
func (a *app) button(id string) matcher {
	label := a.loc.T(id)
	return matcher{fmt.Sprintf("button %q", label), func(o widgetmap.Object) bool {
		return (o.Kind == "*ui.button" || o.Kind == "*widget.Button") && a.sameText(o.Text, label)
	}}
}

// blueButton matches the blue (high importance) button saying the message id.
func (a *app) blueButton(id string) matcher {
	b := a.button(id)
	return matcher{"blue " + b.desc, func(o widgetmap.Object) bool {
		return b.ok(o) && o.Importance == int(widget.HighImportance)
	}}
}

// msg matches a text saying the UI language's message id.
func (a *app) msg(id string, data ...map[string]any) matcher {
	m := a.text(a.loc.T(id, data...))
	m.desc = id + " (" + m.desc + ")"
	return m
}

// kind matches a widget of a Go type (e.g. "*ui.choice") in the form row
// labelled field (a message id; "" for any).
func (a *app) field(kind, fieldID string) matcher {
	label := a.loc.T(fieldID)
	return matcher{fmt.Sprintf("%s in row %q", kind, label), func(o widgetmap.Object) bool {
		return o.Kind == kind && a.sameText(o.Field, label)
	}}
}

// placeholder matches an entry or drop-down whose placeholder is the
// message id.
func (a *app) placeholder(id string) matcher {
	p := a.loc.T(id)
	return matcher{fmt.Sprintf("entry with placeholder %q", p), func(o widgetmap.Object) bool {
		return o.PlaceHolder != "" && a.sameText(o.PlaceHolder, p)
	}}
}

// find returns the objects of m matched, on the top layer that has any
// (a dialog hides what is under it), visible first.
func find(m widgetmap.Map, want matcher) []widgetmap.Object {
	var found []widgetmap.Object
	top := -1
	for _, o := range m.Objects {
		if !want.ok(o) || o.Visible.Empty() {
			continue
		}
		if o.Layer > top {
			top, found = o.Layer, nil
		}
		if o.Layer == top {
			found = append(found, o)
		}
	}
	return found
}

// topLayer is the layer of the dialog or pop-up on top (0: none).
func topLayer(m widgetmap.Map) int {
	top := 0
	for _, o := range m.Objects {
		top = max(top, o.Layer)
	}
	return top
}

// wait waits until the app shows what want matches, and returns it.
func (a *app) wait(want matcher) widgetmap.Object {
	a.t.Helper()
	return a.waitFor(want, waitShort)
}

func (a *app) waitFor(want matcher, timeout time.Duration) widgetmap.Object {
	a.t.Helper()
	var got widgetmap.Object
	a.waitMap(want.desc, timeout, func(m widgetmap.Map) bool {
		if found := find(m, want); len(found) > 0 && found[0].Layer == topLayer(m) {
			got = found[0]
			return true
		}
		return false
	})
	return got
}

// waitMap waits until ok says yes of what the app shows (desc says what
// is awaited) and returns that map.
func (a *app) waitMap(desc string, timeout time.Duration, ok func(widgetmap.Map) bool) widgetmap.Map {
	a.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		m := a.snapshot()
		if ok(m) {
			return m
		}
		if time.Now().After(deadline) {
			name := a.shot("missing")
			a.t.Fatalf("after %v the app does not show %s (screenshot %s); it shows:\n%s", timeout, desc, name, describe(m))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitGone waits until nothing matches want on the top layer.
func (a *app) waitGone(want matcher) {
	a.t.Helper()
	deadline := time.Now().Add(waitShort)
	for {
		m := a.snapshot()
		found := find(m, want)
		if len(found) == 0 || found[0].Layer < topLayer(m) {
			return
		}
		if time.Now().After(deadline) {
			name := a.shot("still-there")
			a.t.Fatalf("after %v the app still shows %s (screenshot %s)", waitShort, want.desc, name)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// describe lists what a map shows, for a failure message.
func describe(m widgetmap.Map) string {
	var b strings.Builder
	for _, o := range m.Objects {
		if o.Visible.Empty() || (o.Text == "" && o.PlaceHolder == "" && o.Field == "") {
			continue
		}
		fmt.Fprintf(&b, "  layer %d %s %q placeholder %q field %q at %v\n", o.Layer, o.Kind, o.Text, o.PlaceHolder, o.Field, o.Visible)
	}
	return b.String()
}

// click moves the mouse onto what want matches (waiting for it) and
// presses the left button there.
func (a *app) click(want matcher) widgetmap.Object {
	a.t.Helper()
	o := a.wait(enabled(want))
	a.clickAt(o.Visible)
	return o
}

// clickUntil clicks what want matches until the app shows what then
// matches (a list row selected by a click may be drawn anew under the
// pointer as its list fills: the click is repeated, as a person would).
func (a *app) clickUntil(want, then matcher) {
	a.t.Helper()
	for try := 1; ; try++ {
		a.click(want)
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			m := a.snapshot()
			if found := find(m, then); len(found) > 0 && found[0].Layer == topLayer(m) {
				return
			}
			time.Sleep(300 * time.Millisecond)
		}
		if try == 3 {
			a.wait(then) // fails, saying what is shown
			return
		}
	}
}

// enabled matches what want matches, when it is not disabled.
func enabled(want matcher) matcher {
	return matcher{want.desc + " (enabled)", func(o widgetmap.Object) bool { return want.ok(o) && !o.Disabled }}
}

// clickAt clicks the middle of r.
func (a *app) clickAt(r widgetmap.Rect) {
	a.t.Helper()
	x, y := r.Center()
	a.mustX("mousemove", "--sync", "--window", a.win, strconv.Itoa(x), strconv.Itoa(y))
	time.Sleep(50 * time.Millisecond) // the pointer's motion event first, as a hand does
	a.mustX("click", "1")
}

// key presses keys, e.g. "ctrl+n", "Tab", "Return".
func (a *app) key(keys ...string) {
	a.t.Helper()
	a.mustX(append([]string{"key", "--delay", "80"}, keys...)...)
}

// typeText types s on the keyboard.
func (a *app) typeText(s string) {
	a.t.Helper()
	a.mustX("type", "--delay", "40", s)
}

// fill clicks the entry want and types s into it, in place of what it
// held.
func (a *app) fill(want matcher, s string) {
	a.t.Helper()
	a.click(want)
	a.key("ctrl+a")
	a.typeText(s)
	a.waitText(want, s)
}

// waitText waits until the widget want holds text s.
func (a *app) waitText(want matcher, s string) {
	a.t.Helper()
	a.wait(matcher{fmt.Sprintf("%s holding %q", want.desc, s), func(o widgetmap.Object) bool {
		return want.ok(o) && (a.sameText(o.Text, s) || clean(o.Text) == clean(s))
	}})
}

// choose opens the drop-down want by a click and clicks its option.
func (a *app) choose(want matcher, option string) {
	a.t.Helper()
	a.click(want)
	opt := a.text(option)
	m := a.wait(matcher{"the drop-down's list, with " + opt.desc, func(o widgetmap.Object) bool { return opt.ok(o) && o.Layer > 0 }})
	a.shot("dropdown-open")
	a.clickAt(m.Visible)
	a.waitText(want, option)
}

// clickOpen presses the blue button of the file dialog on top (Open,
// in the language Fyne shows it).
func (a *app) clickOpen() {
	a.t.Helper()
	a.click(matcher{"the file dialog's confirm button", func(o widgetmap.Object) bool {
		return o.Kind == "*widget.Button" && o.Importance == int(widget.HighImportance) && !o.Disabled
	}})
}

// shot saves a screenshot of the whole screen and returns its path.
func (a *app) shot(name string) string {
	a.nshot++
	path := filepath.Join(a.shots, fmt.Sprintf("%02d-%s.png", a.nshot, name))
	a.capture(path)
	return path
}

// capture writes a screenshot of the whole screen to path.
func (a *app) capture(path string) {
	cmd := exec.Command("import", "-window", "root", path)
	cmd.Env = a.env
	if out, err := cmd.CombinedOutput(); err != nil {
		a.t.Logf("screenshot %s: %v\n%s", path, err, out)
	}
}

// navctl runs navctl --json on the app's profile and decodes its output
// into v.
func (a *app) navctl(v any, args ...string) {
	a.t.Helper()
	cmd := exec.Command(bins.navctl, append([]string{"--data", a.data, "--json"}, args...)...)
	cmd.Env = a.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		a.t.Fatalf("navctl %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	if v != nil {
		if err := json.Unmarshal(out, v); err != nil {
			a.t.Fatalf("navctl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}

// eventually retries check (which reports what is missing, or "") until
// it passes, for the store to catch up with the app.
func (a *app) eventually(check func() string) {
	a.t.Helper()
	deadline := time.Now().Add(waitShort)
	for {
		missing := check()
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			name := a.shot("store")
			a.t.Fatalf("after %v: %s (screenshot %s)", waitShort, missing, name)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// home makes the app's home folder (its file dialogs open there) and
// returns it.
func (a *app) home() string {
	a.t.Helper()
	dir := filepath.Join(filepath.Dir(a.data), "home")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		a.t.Fatal(err)
	}
	return dir
}

// languageName is a language's name as the app's drop-downs show it.
func (a *app) languageName(tag string) string {
	return display.Tags(language.Make(a.lang)).Name(language.Make(tag))
}
