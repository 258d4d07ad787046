package ui

import (
	"reflect"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/ui/bidi"
)

// Right-to-left layout (Arabic). Fyne has no bidi layout of its own: it
// shapes each run right to left but places runs left to right in string
// order, and aligns labels to the left. So, when the UI language is written
// right to left, every text shown goes through bidi.Display once, labels are
// aligned to the right and the sidebar sits on the right. Left-to-right
// languages are left untouched.

// rtl reports whether the UI language is written right to left.
func (s *Shell) rtl() bool { return bidi.IsRTL(s.loc.Language()) }

// isolateArgs returns message arguments with every text isolated, each
// line by itself (Display orders each line on its own).
func isolateArgs(data []map[string]any) []map[string]any {
	out := make([]map[string]any, len(data))
	for i, args := range data {
		out[i] = make(map[string]any, len(args))
		for k, v := range args {
			if text, ok := v.(string); ok {
				v = isolate(text)
			}
			out[i][k] = v
		}
	}
	return out
}

// isolate marks each line of text to be laid out as one unit in its own
// direction within a line of the other direction.
func isolate(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = bidi.Isolate(l)
	}
	return strings.Join(lines, "\n")
}

// isolated is isolate in a right-to-left UI language, and text unchanged
// in a left-to-right one.
func (s *Shell) isolated(text string) string {
	if !s.rtl() {
		return text
	}
	return isolate(text)
}

// display returns text ready to be shown in the UI language's direction.
// Screens use it for text they set on widgets the direction pass cannot
// reach (list rows, which Fyne makes as they scroll into view).
func (s *Shell) display(text string) string {
	if !s.rtl() {
		return text
	}
	return bidi.Display(text, true)
}

// setLine shows text in a one-line label. In a right-to-left UI the text
// is cut to the label's width at its logical end first (with "…") and then
// put in display order: Fyne's own truncation would cut the visual right,
// which is where an Arabic sentence begins.
func (s *Shell) setLine(l *widget.Label, text string) {
	if !s.rtl() {
		l.SetText(text)
		return
	}
	l.SetText(bidi.Display(fitLogical(text, l), true))
}

// setText shows text in a label that may wrap, in the UI language's
// direction (the direction pass reaches labels only when a screen is shown).
func (s *Shell) setText(l *widget.Label, text string) {
	l.SetText(text)
	s.applyDirection(l)
}

// fitLogical cuts text at its end so that it fits the label's width, or
// returns it whole when it fits, the label does not truncate or has not been
// laid out yet.
func fitLogical(text string, l *widget.Label) string {
	width := l.Size().Width - 2*fynetheme.InnerPadding()
	if l.Truncation == fyne.TextTruncateOff || width <= 0 || strings.Contains(text, "\n") {
		return text
	}
	size := fynetheme.TextSize()
	if fyne.MeasureText(text, size, l.TextStyle).Width <= width {
		return text
	}
	r := []rune(text)
	lo, hi := 0, len(r)
	for lo < hi { // the longest start that fits with the ellipsis
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(string(r[:mid])+"…", size, l.TextStyle).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return strings.TrimRight(string(r[:lo]), " ") + "…"
}

// displayed reports whether text is already in display order: Display
// starts every text it reorders with a right-to-left mark.
func displayed(text string) bool { return strings.HasPrefix(text, "\u200f") }

// leading is the alignment of the start of a line in the UI language.
func (s *Shell) leading() fyne.TextAlign {
	if s.rtl() {
		return fyne.TextAlignTrailing
	}
	return fyne.TextAlignLeading
}

// sidebarSide puts the sidebar where the UI language's lines start.
func (s *Shell) sidebarSide() container.TabLocation {
	if s.rtl() {
		return container.TabLocationTrailing
	}
	return container.TabLocationLeading
}

// direction lays out the texts of a right-to-left UI language (see
// above): it remembers which texts it has put in display order, so that
// a pass can run again after every refresh, and which wrapping labels
// wait for a width to be broken into lines. A Shell makes a new one
// whenever it builds its screens.
type direction struct {
	rtl   bool
	shown map[shownKey]string // texts put in display order
	// unbroken holds the logical text of wrapping labels put in order
	// whole before they had a width, to be broken into lines later.
	unbroken map[fyne.CanvasObject]string
	changed  bool // the last pass changed a text
}

func newDirection(rtl bool) *direction {
	return &direction{rtl: rtl, shown: map[shownKey]string{}}
}

// applyDirection lays out every text under o in the UI language's
// direction (nothing in a left-to-right one).
func (s *Shell) applyDirection(o fyne.CanvasObject) { s.direction.apply(o) }

// shownKey names one text of one widget that the direction pass has set.
type shownKey struct {
	obj   any
	field string
}

// apply lays out every text under o for a right-to-left UI
// language: each text is put in display order once (a text already put
// in order is recognised and left alone, so the pass can run after every
// refresh) and left-aligned labels become right-aligned.
func (d *direction) apply(o fyne.CanvasObject) {
	if d == nil || !d.rtl || o == nil {
		return
	}
	d.changed = false
	d.walk(o)
	if d.changed {
		o.Refresh() // lays containers out again for the texts' new sizes
	}
}

// walk is apply's walk over the widget tree.
func (d *direction) walk(o fyne.CanvasObject) {
	if o == nil {
		return
	}
	switch w := o.(type) {
	case *fyne.Container:
		for _, c := range w.Objects {
			d.walk(c)
		}
	case *container.Scroll:
		d.walk(w.Content)
	case *container.Split:
		d.walk(w.Leading)
		d.walk(w.Trailing)
	case *container.AppTabs:
		for _, it := range w.Items {
			if d.reorder(it, "text", &it.Text) {
				w.Refresh()
			}
			d.walk(it.Content)
		}
	case *widget.Label:
		d.label(w)
	case *widget.RichText:
		d.richText(w)
	case *widget.Button:
		if d.reorder(w, "text", &w.Text) {
			w.Refresh()
		}
	case *widget.Check:
		if d.reorder(w, "text", &w.Text) {
			w.Refresh()
		}
	case *check:
		if d.reorder(w, "text", &w.Text) {
			w.Refresh()
		}
	case *widget.Entry:
		if d.reorder(w, "placeholder", &w.PlaceHolder) {
			w.Refresh()
		}
	case *textEntry:
		if d.reorder(w, "placeholder", &w.PlaceHolder) {
			w.Refresh()
		}
		w.setRTL(true)
	case *widget.Select:
		d.selectOptions(w)
	case *choice:
		d.selectOptions(&w.Select)
	case *widget.Card:
		changed := d.reorder(w, "title", &w.Title)
		changed = d.reorder(w, "subtitle", &w.Subtitle) || changed
		if changed {
			w.Refresh()
		}
		d.walk(w.Content)
	case *widget.Form:
		changed := false
		for _, it := range w.Items {
			changed = d.reorder(it, "text", &it.Text) || changed
			changed = d.reorder(it, "hint", &it.HintText) || changed
			d.walk(it.Widget)
		}
		if changed {
			w.Refresh()
		}
	case *widget.Accordion:
		for _, it := range w.Items {
			d.reorder(it, "title", &it.Title)
			d.walk(it.Detail)
		}
		w.Refresh()
	}
}

// reorder puts *text in display order unless the pass already did, and
// reports whether it changed it.
func (d *direction) reorder(obj any, field string, text *string) bool {
	return d.reorderDir(obj, field, text, func(string) bool { return true })
}

// reorderAuto is reorder for content: the text takes its direction from
// its first letter, right to left when it has none.
func (d *direction) reorderAuto(obj any, field string, text *string) bool {
	return d.reorderDir(obj, field, text, func(line string) bool { return bidi.StartsRTL(line, true) })
}

// reorderDir is reorder with the direction of the text decided by rtl.
func (d *direction) reorderDir(obj any, field string, text *string, rtl func(string) bool) bool {
	key := shownKey{obj, field}
	if *text == "" || d.shown[key] == *text {
		return false
	}
	if displayed(*text) { // set through setLine or display already
		d.shown[key] = *text
		return false
	}
	shown := bidi.Display(*text, rtl(*text))
	d.shown[key] = shown
	if shown == *text {
		return false
	}
	*text = shown
	d.changed = true
	return true
}

// label right-aligns a label and orders its text. A wrapping label
// whose text takes more than one line, or mixes Arabic with Latin words,
// is broken into lines here, at its current width, so that each line can
// be put in order by itself (Fyne would wrap the reordered text: the
// sentences of an Arabic paragraph, reordered around their punctuation,
// would be read from the wrong line).
func (d *direction) label(l *widget.Label) {
	changed := false
	if l.Alignment == fyne.TextAlignLeading {
		l.Alignment = fyne.TextAlignTrailing
		changed = true
	}
	key := shownKey{l, "text"}
	if displayed(l.Text) {
		d.shown[key] = l.Text
	}
	width := l.Size().Width - 2*fynetheme.InnerPadding()
	wraps := l.Wrapping != fyne.TextWrapOff
	text := l.Text
	if logical, ok := d.unbroken[l]; ok && text == d.shown[key] && wraps && width > 0 {
		// Ordered whole before it had a width: break it into lines now.
		text = logical
	}
	if text != "" && d.shown[key] != text {
		var lines []string
		if wraps && width > 0 {
			lines = wrapWords(text, width, l.TextStyle)
		}
		delete(d.unbroken, l)
		if len(lines) > 1 || len(lines) == 1 && mixesDirections(text) {
			for i, line := range lines {
				lines[i] = bidi.Display(line, true)
			}
			l.Wrapping = fyne.TextWrapOff
			text = strings.Join(lines, "\n")
		} else {
			if wraps && width <= 0 {
				// Not laid out yet (a screen not shown yet, a label just
				// made visible): right for one line; a later pass breaks
				// it into lines once it has its width.
				if d.unbroken == nil {
					d.unbroken = map[fyne.CanvasObject]string{}
				}
				d.unbroken[l] = text
			}
			text = bidi.Display(text, true)
		}
		d.shown[key] = text
		if text != l.Text {
			l.Text = text
			changed = true
		}
	}
	if changed {
		d.changed = true
		l.Refresh()
	}
}

// selectOptions right-aligns a Select and puts its options (the chosen one
// too) in display order. Callers read a Select by SelectedIndex, which the
// reordering keeps.
func (d *direction) selectOptions(w *widget.Select) {
	changed := d.reorder(w, "placeholder", &w.PlaceHolder)
	if w.Alignment == fyne.TextAlignLeading {
		w.Alignment = fyne.TextAlignTrailing
		changed = true
	}
	for i, o := range w.Options {
		if o == "" || displayed(o) {
			continue
		}
		shown := bidi.Display(o, true)
		if shown == o {
			continue
		}
		if w.Selected == o {
			w.Selected = shown
		}
		w.Options[i] = shown
		changed = true
	}
	if changed {
		d.changed = true
		w.Refresh()
	}
}

// mixesDirections reports whether text has both right-to-left letters and
// left-to-right letters or digits, the case Fyne lays out wrongly.
func mixesDirections(text string) bool {
	return bidi.VisualOrder(text, true) != bidi.Display(text, true) &&
		strings.ContainsFunc(text, func(r rune) bool { return r < 0x0590 && (r >= '0' && r <= '9' || r >= 'A' && r <= 'z') })
}

// wrapWords breaks text into lines no wider than width (a word longer than
// the width gets a line of its own), keeping existing line breaks.
func wrapWords(text string, width float32, style fyne.TextStyle) []string {
	size := fynetheme.TextSize()
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			try := word
			if line != "" {
				try = line + " " + word
			}
			if line != "" && fyne.MeasureText(try, size, style).Width > width {
				lines = append(lines, line)
				line = word
				continue
			}
			line = try
		}
		lines = append(lines, line)
	}
	return lines
}

// richText right-aligns the paragraphs of rich text (Markdown views)
// and orders the text of each segment.
//
// Each paragraph takes its direction from its first letter (as HTML's
// dir="auto"): an English service description reads left to right, its
// full stop at its end. Lists become paragraphs that start with their
// bullet, for Fyne draws a list's bullets on the left.
func (d *direction) richText(r *widget.RichText) {
	changed := false
	var segs []widget.RichTextSegment
	for _, seg := range r.Segments {
		if l, ok := seg.(*widget.ListSegment); ok {
			segs = append(segs, listParagraphs(l, 0)...)
			changed = true
			continue
		}
		segs = append(segs, seg)
	}
	r.Segments = segs
	for _, seg := range r.Segments {
		texts := []widget.RichTextSegment{seg}
		if p, ok := seg.(*widget.ParagraphSegment); ok {
			texts = p.Texts
		}
		for _, seg := range texts {
			t, ok := seg.(*widget.TextSegment)
			if !ok {
				continue
			}
			if t.Style.Alignment == fyne.TextAlignLeading {
				t.Style.Alignment = fyne.TextAlignTrailing
				changed = true
			}
			changed = d.reorderAuto(t, "text", &t.Text) || changed
		}
	}
	if changed {
		d.changed = true
		r.Refresh()
	}
}

// listParagraphs turns the items of a Markdown list into right-aligned
// paragraphs in display order, each with its bullet or number at its
// right (Fyne draws a list's bullets on the left). An item takes its
// direction from its first letter.
func listParagraphs(l *widget.ListSegment, depth int) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	n := l.StartNumber()
	for _, it := range l.Items {
		if sub, ok := it.(*widget.ListSegment); ok {
			out = append(out, listParagraphs(sub, depth+1)...)
			continue
		}
		mark := "•"
		if l.Ordered {
			mark = strconv.Itoa(n) + "."
			n++
		}
		text := segmentText(it)
		style := widget.RichTextStyleParagraph
		style.Alignment = fyne.TextAlignTrailing
		out = append(out, &widget.TextSegment{
			// "\u200f" tells the direction pass the text is in display
			// order already; "\u200e" keeps the space beside the mark
			// (Fyne would put it at the far side of an Arabic word).
			Text:  "\u200f" + bidi.Display(text, bidi.StartsRTL(text, true)) + "\u200e " + mark + strings.Repeat("  ", depth) + "\u200e",
			Style: style,
		})
	}
	return out
}

// segmentText is the text of a Markdown segment and of the segments in it.
func segmentText(seg widget.RichTextSegment) string {
	if p, ok := seg.(*widget.ParagraphSegment); ok {
		var b strings.Builder
		for _, t := range p.Texts {
			b.WriteString(segmentText(t))
		}
		return b.String()
	}
	return seg.Textual()
}

// directDialog lays out the dialog on top of the window right to left in
// a right-to-left language: its content (labels, forms, rows of buttons)
// like any screen, its buttons from the right, and its title at its right
// edge, in display order.
// Fyne's dialog keeps its bold title label as the last object of its
// content and never sizes it (the text is drawn from its left corner), so
// the label is given the dialog's width here. Other overlays (menus, file
// choosers) are left alone.
func (s *Shell) directDialog() { s.direction.dialog(s.win.Canvas()) }

// dialog is directDialog for the dialog on top of canvas c.
func (d *direction) dialog(cv fyne.Canvas) {
	if d == nil || !d.rtl {
		return
	}
	pop, ok := overlayPopUp(cv.Overlays().Top())
	if !ok {
		return
	}
	c, ok := pop.Content.(*fyne.Container)
	if !ok || len(c.Objects) != 5 {
		return
	}
	title, ok := c.Objects[4].(*widget.Label)
	if !ok || !title.TextStyle.Bold || title.Text == "" {
		return
	}
	// The row of buttons reads from the right: the dialog's own action
	// first, at the right, as in the app's other rows.
	if buttons, ok := c.Objects[3].(*fyne.Container); ok {
		mirrorIf(true, buttons).Refresh()
	}
	d.apply(c)
	d.label(title)
	title.Resize(fyne.NewSize(c.Size().Width-fynetheme.Padding(), title.MinSize().Height))
}

// overlayPopUp returns the pop-up shown in a canvas overlay. Fyne 2.8
// wraps a pop-up in an overlay container of an internal package, whose
// exported Content field holds it; an overlay of another kind gives false.
func overlayPopUp(o fyne.CanvasObject) (*widget.PopUp, bool) {
	if pop, ok := o.(*widget.PopUp); ok {
		return pop, true
	}
	v := reflect.ValueOf(o)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil, false
	}
	f := v.Elem().FieldByName("Content")
	if !f.IsValid() || !f.CanInterface() {
		return nil, false
	}
	pop, ok := f.Interface().(*widget.PopUp)
	return pop, ok
}
