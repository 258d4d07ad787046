package ui

import (
	"context"
	"strings"
	"testing"
	"trellis/data/registry"
	"trellis/sync/synctest"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"trellis/data/store"
)

// enrolAs records an enrolment with the given role, as sync.Enroll does
// with the county server's answer.
func enrolAs(t *testing.T, st *store.Store, role string) {
	t.Helper()
	write(t, st, func(tx *store.Tx) error {
		return tx.Enroll(store.SyncDevice{ServerURL: "https://county.example", DeviceID: "d1", Token: "t", OrgID: "o", OrgName: "Harbor", User: "ana", Role: role})
	})
}

// enrolledShell is the app on an enrolled store, with no automatic sync
// (its timer never fires), which would otherwise try the made-up server
// and update the screen from its own goroutine.
func enrolledShell(t *testing.T, st *store.Store, lang string) *Shell {
	t.Helper()
	return newTestShellWith(t, st, Options{Language: lang, Background: inline, SyncTimer: synctest.NewTimer().Start})
}

// On a navigator's laptop the Materials screen says that what is written
// there stays on the laptop; a trainer's, or a laptop not enrolled, says
// nothing.
func TestMaterialsSayTheyStayOnANavigatorsLaptop(t *testing.T) {
	for _, c := range []struct {
		role string // "-": not enrolled
		says bool
	}{{"-", false}, {registry.RoleTrainer, false}, {"", false}, {registry.RoleNavigator, true}} {
		st := openTestStore(t)
		if c.role != "-" {
			enrolAs(t, st, c.role)
		}
		sh := enrolledShell(t, st, "en")
		sh.Show(ScreenMaterials)
		var visible bool
		var text string
		fyne.DoAndWait(func() { visible, text = sh.mats.localOnly.Visible(), sh.mats.localOnly.Text })
		if visible != c.says {
			t.Errorf("role %q: the stays-on-this-laptop note visible %v, want %v", c.role, visible, c.says)
		}
		if !strings.Contains(text, "materials you write here stay on this laptop") {
			t.Errorf("the note says %q", text)
		}
	}
}

// On a navigator's laptop, importing a directory asks first, since the
// county server will refuse the records; Cancel imports nothing.
func TestDirectoryImportAsksFirstOnANavigatorsLaptop(t *testing.T) {
	for _, role := range []string{registry.RoleTrainer, registry.RoleNavigator} {
		st := openTestStore(t)
		enrolAs(t, st, role)
		sh := enrolledShell(t, st, "en")
		sh.Show(ScreenSettings)
		imported := 0
		fyne.DoAndWait(func() { sh.askIfLocalOnly(func() { imported++ }) })
		if role == registry.RoleTrainer {
			if imported != 1 || sh.topDialog() != nil {
				t.Fatalf("a trainer's import: ran %d times, dialog %T", imported, sh.topDialog())
			}
			continue
		}
		ask, ok := sh.topDialog().(*dialog.ConfirmDialog)
		if !ok || imported != 0 {
			t.Fatalf("a navigator's import ran %d times without asking (dialog %T)", imported, sh.topDialog())
		}
		labels, _ := texts(overlayContent(t, sh))
		if all := strings.Join(labels, "\n"); !strings.Contains(all, "What you import will stay on this laptop") {
			t.Fatalf("the question says:\n%s", all)
		}
		ask.Dismiss() // Cancel
		if imported != 0 {
			t.Fatal("Cancel imported")
		}
		fyne.DoAndWait(func() { sh.askIfLocalOnly(func() { imported++ }) })
		sh.topDialog().(*dialog.ConfirmDialog).Confirm()
		if imported != 1 {
			t.Fatalf("Import anyway ran the import %d times", imported)
		}
		if n, _ := st.PendingChanges(context.Background(), 0); n != 0 {
			t.Fatalf("asking wrote %d changes", n)
		}
	}
}

// overlayContent is the content of the dialog on top of the window.
func overlayContent(t *testing.T, sh *Shell) fyne.CanvasObject {
	t.Helper()
	pop, ok := overlayPopUp(sh.win.Canvas().Overlays().Top())
	if !ok {
		t.Fatal("no dialog shown")
	}
	return pop.Content
}

// In Arabic the note, a paragraph of two sentences taking two lines, reads
// from its first line: each line is put in display order by itself (Fyne
// would otherwise wrap the reordered paragraph and start with its end).
func TestArabicNoteReadsFromItsFirstLine(t *testing.T) {
	st := openTestStore(t)
	enrolAs(t, st, registry.RoleNavigator)
	sh := enrolledShell(t, st, "ar")
	sh.Show(ScreenMaterials)
	var text string
	fyne.DoAndWait(func() { text = sh.mats.localOnly.Text })
	lines := strings.Split(text, "\n")
	if len(lines) < 2 {
		t.Fatalf("the note is not broken into lines: %q", text)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "\u200f") {
			t.Errorf("line %q is not in display order", l)
		}
	}
	if !strings.Contains(lines[0], "هذا الحاسوب مسجّل بحساب مرشد") || !strings.Contains(lines[len(lines)-1], "والمسؤولون") {
		t.Errorf("the note does not read from its first line:\n%s", strings.Join(lines, "\n"))
	}
}

// A wrapping label given its text before it is laid out is put in display
// order whole at once (right for one line), then broken into lines by the
// first pass that finds it laid out.
func TestArabicLabelOrderedBeforeLayoutIsBrokenLater(t *testing.T) {
	sh := newTestShell(t, openTestStore(t), "ar")
	l := wrappedLabel("")
	var first, later string
	fyne.DoAndWait(func() {
		sh.setText(l, "هذا الحاسوب مسجّل بحساب مرشد. المواد التي تكتبها هنا تبقى على هذا الحاسوب. لا يستطيع مشاركة المواد إلا المدرّبون.")
		first = l.Text
		l.Resize(fyne.NewSize(260, 200))
		sh.applyDirection(l)
		later = l.Text
	})
	if !strings.HasPrefix(first, "\u200f") || strings.Contains(first, "\n") {
		t.Errorf("before layout the text is not ordered whole: %q", first)
	}
	lines := strings.Split(later, "\n")
	if len(lines) < 2 || !strings.Contains(lines[0], "هذا الحاسوب") {
		t.Errorf("once laid out the text is not broken into lines from its start: %q", later)
	}
}
