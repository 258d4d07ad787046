// Package ui is Trellis's desktop app: one window with a sidebar of screens
// (Today, Families, Directory, Referrals, Materials, Settings), built on the
// local store. Each screen is a type in its own file that owns its widgets.
// Every string shown comes from the translations package, so the language
// can change while the app runs: the window's content is rebuilt.
package ui

import (
	"context"
	"net/url"
	"sync"
	"time"
	"trellis/sync/client"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	fynetheme "fyne.io/fyne/v2/theme"

	"trellis/assets"
	"trellis/data"
	"trellis/data/registry"
	"trellis/data/store"
	"trellis/translations"
	"trellis/ui/dialogs"
	"trellis/ui/fonts"
	apptheme "trellis/ui/theme"
)

// Setting keys the app keeps in the store's local settings.
const (
	SettingLanguage     = "ui_language"
	SettingNavigator    = "navigator_name"
	SettingOrganization = "organization"
	// SettingNavigatorPhone is the number families reach the navigator
	// at, printed on the referral summary.
	SettingNavigatorPhone = "navigator_phone"
	SettingThemeMode      = "theme_mode"
	SettingTextScale      = "text_scale"
)

// Screen names, as used by Options.Screen and the --screen flag.
const (
	ScreenFirstRun  = "firstrun"
	ScreenToday     = "today"
	ScreenFamilies  = "families"
	ScreenFamily    = "family"
	ScreenDirectory = "directory"
	ScreenReferrals = "referrals"
	ScreenMaterials = "materials"
	ScreenSettings  = "settings"
	// ScreenConflicts is Today with the conflicts view open (conflicts
	// to decide and changes the county server refused).
	ScreenConflicts = "conflicts"
)

// Options configure Create.
type Options struct {
	// SystemLanguage is the UI language to use when none has been chosen
	// yet (usually translations.Match of the system locale).
	SystemLanguage string
	// Language, if set, is the UI language for this run, whatever was saved.
	Language string
	// Screen, if set, is the screen to open first (one of the Screen
	// constants); "family" opens the most recently opened family.
	Screen string
	// Background runs work off the UI goroutine; nil means a new goroutine.
	// Tests run it inline so that each step finishes before the next.
	Background func(work func())
	// Reopen opens the store in dir again after a restore; nil means
	// store.Open with the codec of the store being replaced.
	Reopen func(dir string) (*store.Store, error)
	// SyncTimer, if set, times the automatic sync (tests fire it
	// themselves); nil means the system clock.
	SyncTimer client.Timer
}

// Shell is the app's one window: a sidebar of screens and the chosen screen.
type Shell struct {
	app   fyne.App
	win   fyne.Window
	st    *store.Store
	loc   *translations.Localizer
	theme *apptheme.Theme

	tabs     *container.AppTabs
	sidebar  []sidebarItem // the screens of the sidebar, in its order (tabs' items)
	todayScr *TodayScreen
	families *FamiliesScreen
	dir      *DirectoryScreen
	refs     *ReferralsScreen
	mats     *MaterialsScreen
	settings *SettingsScreen
	inbox    *InboxScreen // a provider's referrals (only for the provider role)
	firstRun *FirstRunScreen

	dialogs   []dialog.Dialog // open dialogs, newest last, for Esc
	dialogsMu sync.Mutex      // guards dialogs: a test reads them from its own goroutine
	// dialogKeys are what Enter and Esc do in an open dialog, when it says
	// (see setDialogKeys); other dialogs close on Esc.
	dialogKeys map[dialog.Dialog]dialogKeys
	direction  *direction // lays texts out right to left in such a language (direction.go)
	opts       Options
	draft      firstRunDraft  // typed on the first-run screen, kept across a language switch
	busy       sync.WaitGroup // long work under way (waited for before quitting and by tests)

	syncMu     sync.Mutex       // held while a sync runs (automatic or Sync now)
	syncStatus client.Status    // what the last automatic sync found
	syncRun    *client.Activity // the automatic sync under way (nil: none)
	// syncStopping says the user asked the sync under way to stop.
	syncStopping bool
	stopSync     func() // stops the automatic sync and waits for it

	// after runs f on the UI goroutine once d has passed, unless the
	// function it returns is called first (tests replace it).
	after func(d time.Duration, f func()) (stop func())
	// openURL opens a link or file with the computer's program for it
	// (tests replace it).
	openURL func(*url.URL) error
}

// Create builds the app's window on st. The caller shows it.
func Create(a fyne.App, st *store.Store, opts Options) *Shell {
	s := &Shell{app: a, theme: apptheme.New(), opts: opts, after: afterFunc, openURL: a.OpenURL}
	s.attachStore(st)
	s.win = a.NewWindow("Trellis")
	s.win.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	s.win.Resize(fyne.NewSize(1100, 720))
	s.win.SetOnClosed(s.StopSync)

	lang := opts.Language
	if lang == "" {
		lang = s.setting(SettingLanguage)
	}
	if lang == "" {
		lang = opts.SystemLanguage
	}
	s.loc = translations.New(lang)
	s.theme.SetMode(apptheme.Mode(s.setting(SettingThemeMode)))
	if f, ok := parseScale(s.setting(SettingTextScale)); ok {
		s.theme.SetTextScale(f)
	}
	s.applyFont()
	s.theme.Apply(a)

	s.addShortcuts()
	s.build(opts.Screen)
	if s.todayScr == nil {
		s.warmUp()
	}
	s.startAutoSync(st)
	return s
}

// attachStore makes st the store the app shows, refreshing the visible
// screen whenever something is written.
func (s *Shell) attachStore(st *store.Store) {
	s.st = st
	st.OnWrite(func() {
		fyne.Do(func() {
			if s.st == st {
				s.refreshVisible()
			}
		})
	})
	if s.tabs != nil || s.firstRun != nil {
		s.startAutoSync(st) // a restore replaced the store; Create starts the first
	}
}

// startAutoSync syncs st in the background from now until the window
// closes (or another store replaces it).
func (s *Shell) startAutoSync(st *store.Store) {
	s.StopSync()
	if s.syncRun != nil {
		s.setSyncActivity(nil) // the stopped loop's last word went to the old store
	}
	lock := func() func() {
		s.syncMu.Lock()
		return s.syncMu.Unlock
	}
	a := client.NewScheduler(st, s.opts.SyncTimer, lock, func(status client.Status) {
		fyne.Do(func() {
			if s.st == st {
				s.syncStatus = status
				s.refreshSyncViews()
			}
		})
	})
	a.Activity = func(act *client.Activity) {
		fyne.Do(func() {
			if s.st == st {
				s.setSyncActivity(act)
			}
		})
	}
	st.OnWrite(a.Written)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.Run(ctx)
	}()
	s.stopSync = func() {
		cancel()
		<-done
	}
}

// StopSync stops the automatic sync, waiting for a sync under way to stop.
func (s *Shell) StopSync() {
	if s.stopSync != nil {
		s.stopSync()
		s.stopSync = nil
	}
}

// refreshSyncViews shows a new sync status where it appears.
func (s *Shell) refreshSyncViews() {
	if s.tabs == nil {
		return
	}
	if s.visible() == ScreenToday {
		s.todayScr.refresh()
	}
	if s.settings != nil && s.settings.sync != nil {
		s.settings.sync.refresh()
	}
}

// background runs work off the UI goroutine (store queries, never widgets)
// and then, on the UI goroutine, the function it returns (if any).
func (s *Shell) background(work func() (apply func())) {
	s.busy.Add(1)
	run := s.opts.Background
	if run == nil {
		run = func(f func()) { go f() }
	}
	run(func() {
		defer s.busy.Done()
		if apply := work(); apply != nil {
			fyne.DoAndWait(apply)
		}
	})
}

// WaitFirstScreen blocks until the first screen's data has been shown
// (Today's lists), or returns at once on the first-run screen. It must not
// be called on the UI goroutine.
func (s *Shell) WaitFirstScreen() {
	var ch chan struct{}
	fyne.DoAndWait(func() {
		if s.todayScr != nil {
			ch = s.todayScr.loaded
		}
	})
	if ch != nil {
		<-ch
	}
}

// warmUp builds the store's family and directory search indexes off the UI
// goroutine, so that the first search on those screens answers at once. It
// runs once Today has loaded, so as not to slow the first screen down.
func (s *Shell) warmUp() {
	st := s.st
	s.background(func() func() {
		ctx := context.Background()
		_, _ = st.SearchFamilies(ctx, "", 0, 1)
		_, _ = st.SearchServices(ctx, store.DirectoryQuery{AgeMonths: store.AnyAge, Limit: 1})
		return nil
	})
}

// WaitIdle blocks until no background work is under way (data loading,
// index warm-up, demo data, backups).
func (s *Shell) WaitIdle() { s.busy.Wait() }

// reopen opens the store in dir again (after a restore).
func (s *Shell) reopen(dir string, old *store.Store) (*store.Store, error) {
	if s.opts.Reopen != nil {
		return s.opts.Reopen(dir)
	}
	return store.Open(dir, store.Options{Codec: old.Codec()})
}

// Window returns the app's window.
func (s *Shell) Window() fyne.Window { return s.win }

// Localizer returns the localizer of the current UI language.
func (s *Shell) Localizer() *translations.Localizer { return s.loc }

// T is the current language's message id, filled in with data.
//
// In a right-to-left language every text put into the message (a name, an
// address, a date) is isolated (bidi.Isolate), so that it is laid out as
// one unit in its own direction: "Nguyen (3)" in an Arabic sentence keeps
// its "(3)". The marks are removed when the text is put in display order.
func (s *Shell) T(id string, data ...map[string]any) string {
	if s.rtl() {
		data = isolateArgs(data)
	}
	return s.loc.T(id, data...)
}

func (s *Shell) ctx() context.Context { return context.Background() }

func (s *Shell) setting(key string) string {
	v, err := s.st.Setting(s.ctx(), key)
	if err != nil {
		return ""
	}
	return v
}

// today is the store's current calendar day.
func (s *Shell) today() data.Date { return data.DateOf(s.st.Now()) }

// navigator is the name of the person using the app.
func (s *Shell) navigator() string { return s.setting(SettingNavigator) }

func (s *Shell) applyFont() {
	s.theme.SetFont(fonts.For(s.loc.Language()))
	s.theme.SetBoldFont(fonts.Bold(s.loc.Language()))
}

// build makes every screen anew in the current language and shows the one
// named (or Today). With no navigator name yet, the first-run screen shows.
func (s *Shell) build(screen string) {
	s.closeDialogs()
	s.direction = newDirection(s.rtl())
	s.win.SetTitle(s.T("app.title"))
	if s.navigator() == "" || screen == ScreenFirstRun {
		s.firstRun = newFirstRunScreen(s)
		s.win.SetContent(s.firstRun.content)
		s.applyDirection(s.firstRun.content)
		return
	}
	s.firstRun = nil
	s.todayScr = newTodayScreen(s)
	s.families = newFamiliesScreen(s)
	s.dir = newDirectoryScreen(s)
	s.refs = newReferralsScreen(s)
	s.mats = newMaterialsScreen(s)
	s.settings = newSettingsScreen(s)
	s.sidebar = []sidebarItem{
		{ScreenToday, "nav.today", fynetheme.HomeIcon(), s.todayScr},
		{ScreenFamilies, "nav.families", fynetheme.AccountIcon(), s.families},
		{ScreenDirectory, "nav.directory", fynetheme.SearchIcon(), s.dir},
		{ScreenReferrals, "nav.referrals", fynetheme.MailForwardIcon(), s.refs},
		{ScreenMaterials, "nav.materials", fynetheme.DocumentIcon(), s.mats},
		{ScreenSettings, "nav.settings", fynetheme.SettingsIcon(), s.settings},
	}
	s.inbox = nil
	if s.role() == registry.RoleProvider {
		// A provider holds no family: its inbox, the directory, settings.
		s.inbox = newInboxScreen(s)
		s.sidebar = []sidebarItem{
			{ScreenInbox, "nav.inbox", fynetheme.MailForwardIcon(), s.inbox},
			{ScreenDirectory, "nav.directory", fynetheme.SearchIcon(), s.dir},
			{ScreenSettings, "nav.settings", fynetheme.SettingsIcon(), s.settings},
		}
		if screen != ScreenDirectory && screen != ScreenSettings {
			screen = ScreenInbox
		}
	}
	items := make([]*container.TabItem, len(s.sidebar))
	for i, it := range s.sidebar {
		items[i] = container.NewTabItemWithIcon(s.T(it.label), it.icon, it.scr.view())
	}
	s.tabs = container.NewAppTabs(items...)
	s.tabs.SetTabLocation(s.sidebarSide())
	s.tabs.OnSelected = func(*container.TabItem) { s.refreshVisible() }
	s.win.SetContent(s.tabs)
	s.Show(screen)
}

// role is the county server role this profile is enrolled with ("" if
// not enrolled).
func (s *Shell) role() string {
	d, ok, err := s.st.SyncDevice(s.ctx())
	if err != nil || !ok {
		return ""
	}
	return d.Role
}

// screen is one screen of the sidebar.
type screen interface {
	view() fyne.CanvasObject // what the sidebar shows for it
	refresh()                // reloads what it shows from the store, when it is shown
}

// sidebarItem is one entry of the sidebar: a screen, its name (a Screen
// constant) and its label's message id and icon.
type sidebarItem struct {
	name, label string
	icon        fyne.Resource
	scr         screen
}

// selectTab shows the sidebar's screen of the given name.
func (s *Shell) selectTab(name string) {
	for i, it := range s.sidebar {
		if it.name == name {
			s.tabs.SelectIndex(i)
			return
		}
	}
}

// visible names the sidebar screen shown.
func (s *Shell) visible() string {
	if s.tabs == nil {
		return ScreenFirstRun
	}
	return s.sidebar[s.tabs.SelectedIndex()].name
}

// Show selects the named screen (Today if the name is unknown); "family"
// opens the most recently opened family (or the first by name).
func (s *Shell) Show(screen string) {
	if s.inbox != nil {
		s.selectTab(ScreenInbox)
		s.selectTab(screen)
		return
	}
	s.selectTab(ScreenToday)
	s.selectTab(screen)
	if screen == ScreenFamily {
		s.selectTab(ScreenFamilies)
		if recent, err := s.st.RecentFamilies(s.ctx(), 1); err == nil && len(recent) > 0 {
			s.families.open(recent[0].ID)
		} else if first, err := s.st.SearchFamilies(s.ctx(), "", 0, 1); err == nil && len(first.Items) > 0 {
			s.families.open(first.Items[0].ID)
		}
	}
	s.refreshVisible()
	if screen == ScreenConflicts {
		s.showConflicts()
	}
}

// refreshVisible reloads the screen on show from the store.
func (s *Shell) refreshVisible() {
	if s.tabs != nil {
		s.sidebar[s.tabs.SelectedIndex()].scr.refresh()
	}
	s.applyDirection(s.win.Content())
}

// SetLanguage switches the UI language at once, keeping the screen shown,
// and remembers the choice.
func (s *Shell) SetLanguage(tag string) {
	s.loc = translations.New(tag)
	if err := s.st.SetSetting(s.ctx(), SettingLanguage, s.loc.Language()); err != nil {
		s.showError(err)
	}
	s.applyFont()
	s.theme.Apply(s.app)
	screen := ScreenSettings
	if s.firstRun != nil {
		screen = ScreenFirstRun
	}
	s.build(screen)
}

// finishFirstRun leaves the first-run screen for Today.
func (s *Shell) finishFirstRun() {
	s.build(ScreenToday)
}

// openFamily shows a family's page on the Families screen.
func (s *Shell) openFamily(id string) {
	s.selectTab(ScreenFamilies)
	s.families.open(id)
}

// referFromDirectory shows the directory ready to refer the family (or one
// child): the language filter preset to the family's home language. A
// family that has not agreed to share its information is asked first.
func (s *Shell) referFromDirectory(h data.Household, childID string) {
	s.withShareConsent(h.ID, func(h data.Household) {
		s.selectTab(ScreenDirectory)
		s.dir.startReferral(h, childID)
	})
}

// focusSearch puts the cursor in the search box of the screen shown (the
// family search on screens without one).
func (s *Shell) focusSearch() {
	if s.tabs == nil {
		return
	}
	switch s.visible() {
	case ScreenDirectory:
		s.win.Canvas().Focus(s.dir.search)
	case ScreenReferrals:
		s.win.Canvas().Focus(s.refs.search)
	default:
		s.selectTab(ScreenFamilies)
		if s.families.page != nil {
			s.families.showList()
		}
		s.win.Canvas().Focus(s.families.search)
	}
}

// newFamily opens the new-family form from anywhere.
func (s *Shell) newFamily() {
	if s.tabs == nil {
		return
	}
	s.selectTab(ScreenFamilies)
	s.families.newFamily()
}

func (s *Shell) addShortcuts() {
	c := s.win.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { s.focusSearch() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { s.newFamily() })
	c.SetOnTypedKey(s.typedKey)
}

// showError tells the user in plain words what went wrong.
func (s *Shell) showError(err error) {
	s.showDialog(dialogs.NewError(s.loc, err, s.win))
}

// showDialog shows d and remembers it so that Esc closes it.
func (s *Shell) showDialog(d dialog.Dialog) {
	d.Show()
	s.rememberDialog(d)
}

// rememberDialog lets Esc close d, which is already shown, and in a
// right-to-left language lays it out right to left (see directDialog).
// d joins the open dialogs once laid out, so whoever finds it there finds
// it ready.
func (s *Shell) rememberDialog(d dialog.Dialog) {
	d.SetOnClosed(func() { s.forgetDialog(d) })
	s.directDialog()
	s.dialogsMu.Lock()
	s.dialogs = append(s.dialogs, d)
	s.dialogsMu.Unlock()
}

func (s *Shell) forgetDialog(d dialog.Dialog) {
	s.dialogsMu.Lock()
	defer s.dialogsMu.Unlock()
	delete(s.dialogKeys, d)
	for i, o := range s.dialogs {
		if o == d {
			s.dialogs = append(s.dialogs[:i], s.dialogs[i+1:]...)
			return
		}
	}
}

// topDialog is the newest open dialog, or nil.
func (s *Shell) topDialog() dialog.Dialog {
	s.dialogsMu.Lock()
	defer s.dialogsMu.Unlock()
	if n := len(s.dialogs); n > 0 {
		return s.dialogs[n-1]
	}
	return nil
}

// closeTopDialog closes the newest open dialog as its Cancel would (a
// form with typing in it asks first), and reports whether one was open.
func (s *Shell) closeTopDialog() bool {
	d := s.topDialog()
	if d == nil {
		return false
	}
	if k := s.keysOf(d); k.cancel != nil {
		k.cancel()
	} else {
		d.Hide()
	}
	return true
}

func (s *Shell) closeDialogs() {
	for d := s.topDialog(); d != nil; d = s.topDialog() {
		d.Hide() // calls OnClosed, which forgets d
		s.forgetDialog(d)
	}
}

// afterFunc runs f on the UI goroutine once d has passed, unless stopped.
func afterFunc(d time.Duration, f func()) (stop func()) {
	t := time.AfterFunc(d, func() { fyne.Do(f) })
	return func() { t.Stop() }
}

// since is how long ago t was, for "no update for N days".
func daysSince(now, t time.Time) int {
	return int(now.Sub(t).Hours() / 24)
}
