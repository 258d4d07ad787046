// Package widgetmap tells end-to-end tests where the app's widgets are on
// screen, so that they can drive the real binary with real mouse clicks and
// key presses (X events) instead of calling its code.
//
// With TRELLIS_WIDGET_MAP=FILE in its environment the app writes FILE
// (JSON, a Map) each time it receives SIGUSR1: every object shown in the
// window and its dialogs and pop-ups, with its kind, its text and its
// rectangle in pixels from the window's top-left corner. Nothing is written
// without the variable, and the map changes nothing on screen.
package widgetmap

import (
	"encoding/json"
	"os"
	"os/signal"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	_ "unsafe" // for go:linkname

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// EnvVar names the file the map is written to.
const EnvVar = "TRELLIS_WIDGET_MAP"

// Rect is a rectangle in pixels from the window's top-left corner.
type Rect struct {
	X, Y, W, H int
}

// Empty says the rectangle covers no pixel.
func (r Rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// Center is the middle pixel of r.
func (r Rect) Center() (x, y int) { return r.X + r.W/2, r.Y + r.H/2 }

// Object is one object shown.
type Object struct {
	// Kind is its Go type, such as "*widget.Button", "*ui.choice" or
	// "*canvas.Text".
	Kind string `json:"kind"`
	// Text is what it says: a text's or button's text, an entry's typed
	// text, a drop-down's chosen option, a card's title.
	Text string `json:"text,omitempty"`
	// PlaceHolder is an entry's or drop-down's placeholder.
	PlaceHolder string `json:"placeholder,omitempty"`
	// Field is the label of the form row it is in, if any.
	Field string `json:"field,omitempty"`
	// Layer is 0 for the window's content, then 1, 2… for its overlays
	// (dialogs, drop-down lists) from the bottom one up.
	Layer int `json:"layer"`
	// Rect is where it is; Visible is the part of it not scrolled out of
	// sight.
	Rect    Rect `json:"rect"`
	Visible Rect `json:"visible"`
	// Importance is a button's or label's widget.Importance.
	Importance int `json:"importance,omitempty"`
	// Focused says it has the keyboard focus; Disabled that it is disabled.
	Focused  bool `json:"focused,omitempty"`
	Disabled bool `json:"disabled,omitempty"`
}

// Map is what a window shows.
type Map struct {
	// Seq counts the maps written by this process, from 1.
	Seq int `json:"seq"`
	// Title is the window's title; Scale the pixels per Fyne unit.
	Title string  `json:"title"`
	Scale float32 `json:"scale"`
	// Width and Height are the window's content size in pixels.
	Width   int      `json:"width"`
	Height  int      `json:"height"`
	Objects []Object `json:"objects"`
}

// Serve writes the map of win to path each time the process receives
// SIGUSR1, until the process ends. It returns at once.
func Serve(win fyne.Window, path string) {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGUSR1)
	go func() {
		seq := 0
		for range sig {
			seq++
			var m Map
			fyne.DoAndWait(func() { m = Of(win) })
			m.Seq = seq
			_ = write(path, m) // the test waits for the next map and says so
		}
	}()
}

// write writes m to path whole (a reader never sees half a map).
func write(path string, m Map) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".widgetmap-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Of maps what win shows. It must run on the UI goroutine.
func Of(win fyne.Window) Map {
	c := win.Canvas()
	scale := c.Scale()
	m := Map{Title: win.Title(), Scale: scale}
	size := c.Size()
	m.Width, m.Height = px(size.Width, scale), px(size.Height, scale)
	w := walker{m: &m, scale: scale, focused: c.Focused(), labels: map[fyne.CanvasObject]string{}}
	whole := box{0, 0, size.Width, size.Height}
	if content := c.Content(); content != nil {
		w.walk(content, fyne.Position{}, whole, 0, "")
	}
	for i, o := range c.Overlays().List() {
		w.walk(o, fyne.Position{}, whole, i+1, "")
	}
	return m
}

// box is a rectangle in Fyne units.
type box struct{ x, y, w, h float32 }

func (b box) intersect(o box) box {
	x0, y0 := max(b.x, o.x), max(b.y, o.y)
	x1, y1 := min(b.x+b.w, o.x+o.w), min(b.y+b.h, o.y+o.h)
	return box{x0, y0, max(0, x1-x0), max(0, y1-y0)}
}

func px(v, scale float32) int { return int(v*scale + 0.5) }

type walker struct {
	m       *Map
	scale   float32
	focused fyne.Focusable
	labels  map[fyne.CanvasObject]string // form rows' widgets, by label
}

func (w *walker) rect(b box) Rect {
	return Rect{px(b.x, w.scale), px(b.y, w.scale), px(b.w, w.scale), px(b.h, w.scale)}
}

// walk records o, at origin (its parent's top-left corner), and what is in
// it; clip is the part of the window not scrolled away, field the label of
// the form row o is in.
func (w *walker) walk(o fyne.CanvasObject, origin fyne.Position, clip box, layer int, field string) {
	if o == nil || !o.Visible() {
		return
	}
	if l, ok := w.labels[o]; ok {
		field = l
	}
	pos := origin.Add(o.Position())
	size := o.Size()
	self := box{pos.X, pos.Y, size.Width, size.Height}
	if text, place, ok := texts(o); ok {
		obj := Object{
			Kind: reflect.TypeOf(o).String(), Text: text, PlaceHolder: place, Field: field, Layer: layer,
			Rect: w.rect(self), Visible: w.rect(self.intersect(clip)),
		}
		if f, ok := o.(fyne.Focusable); ok && w.focused != nil && f == w.focused {
			obj.Focused = true
		}
		if d, ok := o.(fyne.Disableable); ok {
			obj.Disabled = d.Disabled()
		}
		obj.Importance = importance(o)
		w.m.Objects = append(w.m.Objects, obj)
	}
	if _, ok := o.(*container.Scroll); ok {
		clip = clip.intersect(self)
	}
	switch v := o.(type) {
	case *fyne.Container:
		if isFormLayout(v.Layout) {
			for i := 0; i+1 < len(v.Objects); i += 2 {
				if text, _, ok := texts(v.Objects[i]); ok && text != "" {
					w.labels[v.Objects[i+1]] = strings.TrimSpace(text)
				}
			}
		}
		for _, c := range v.Objects {
			w.walk(c, pos, clip, layer, field)
		}
	case fyne.Widget:
		for o, l := range formLabels(v) {
			w.labels[o] = l
		}
		r := rendererOf(v)
		if r == nil {
			return
		}
		for _, c := range r.Objects() {
			w.walk(c, pos, clip, layer, field)
		}
	}
}

// isFormLayout says l lays out a form: labels and their fields in pairs.
// A layout wrapping another (as the app's mirrored layout for
// right-to-left languages wraps Fyne's) is looked into.
func isFormLayout(l fyne.Layout) bool {
	if l == nil {
		return false
	}
	return formLayoutValue(reflect.ValueOf(l), 3)
}

func formLayoutValue(v reflect.Value, depth int) bool {
	if v.Type().String() == "*layout.formLayout" {
		return true
	}
	if depth == 0 {
		return false
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return false
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return false
	}
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); f.Kind() == reflect.Interface && !f.IsNil() && formLayoutValue(f.Elem(), depth-1) {
			return true
		}
	}
	return false
}

// formLabels maps the widgets of a form's rows to their labels.
func formLabels(o fyne.Widget) map[fyne.CanvasObject]string {
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	items := v.Elem().FieldByName("Items")
	if !items.IsValid() || items.Kind() != reflect.Slice {
		return nil
	}
	var out map[fyne.CanvasObject]string
	for i := 0; i < items.Len(); i++ {
		it, ok := items.Index(i).Interface().(*widget.FormItem)
		if !ok || it == nil || it.Widget == nil {
			continue
		}
		if out == nil {
			out = map[fyne.CanvasObject]string{}
		}
		out[it.Widget] = strings.TrimSpace(it.Text)
	}
	return out
}

// texts is what an object says, if it is a widget or a text: its text
// and placeholder. Containers and shapes give false.
func texts(o fyne.CanvasObject) (text, placeholder string, ok bool) {
	if t, isText := o.(*canvas.Text); isText {
		return t.Text, "", true
	}
	if _, isWidget := o.(fyne.Widget); !isWidget {
		return "", "", false
	}
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return "", "", true
	}
	e := v.Elem()
	for _, name := range []string{"Text", "Selected", "Title"} {
		if f := e.FieldByName(name); f.IsValid() && f.Kind() == reflect.String {
			text = f.String()
			break
		}
	}
	if f := e.FieldByName("PlaceHolder"); f.IsValid() && f.Kind() == reflect.String {
		placeholder = f.String()
	}
	return text, placeholder, true
}

// importance is the Importance field of a widget (0 if it has none).
func importance(o fyne.CanvasObject) int {
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return 0
	}
	if f := v.Elem().FieldByName("Importance"); f.IsValid() && f.CanInt() {
		return int(f.Int())
	}
	return 0
}

// rendererOf is the renderer Fyne keeps for a widget (made if there is
// none yet). Fyne gives it out only to its test package, which would
// replace the app's driver, so the map reaches its cache by name.
//
//go:linkname rendererOf fyne.io/fyne/v2/internal/cache.Renderer
func rendererOf(wid fyne.Widget) fyne.WidgetRenderer
