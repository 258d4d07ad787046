package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

// familyPageSize is how many families one store query fetches for the list;
// the list asks for more pages as it scrolls.
const familyPageSize = 100

// FamiliesScreen finds families as the navigator types, over a list that
// only builds the rows on screen, and opens a family's page.
type FamiliesScreen struct {
	sh      *Shell
	content fyne.CanvasObject
	body    *fyne.Container // the list view or a family's page

	listView fyne.CanvasObject
	search   *textEntry
	count    *widget.Label
	list     *widget.List
	newBtn   *button
	scope    *scopeCheck // mine or the whole organization
	empty    *emptyState // shown instead of the list while there are no families

	query   string
	loaded  bool // a search has been shown
	results pagedResults[store.FamilySummary]

	page *FamilyPage    // the family shown, if any
	form *householdForm // the new-family form last opened
}

func newFamiliesScreen(sh *Shell) *FamiliesScreen {
	s := &FamiliesScreen{sh: sh}
	s.search = newTextEntry()
	s.search.SetPlaceHolder(sh.T("families.search_hint"))
	s.search.OnChanged = s.runSearch
	s.search.OnSubmitted = func(q string) {
		s.runSearch(q)
		sh.toResults(s.list, s.results.total)
	}
	s.count = widget.NewLabel("")
	s.newBtn = newButtonWithIcon(sh.T("families.new"), fynetheme.ContentAddIcon(), s.newFamily)
	s.newBtn.Importance = widget.HighImportance

	s.list = widget.NewList(func() int { return s.results.total },
		func() fyne.CanvasObject { return newTwoLineRow(sh) },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if f, ok := s.results.item(i); ok {
				setTwoLineRow(sh, o.(*fyne.Container), f.Name, s.summaryLine(f))
			} else {
				setTwoLineRow(sh, o.(*fyne.Container), "", "")
			}
		})
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if f, ok := s.results.item(i); ok {
			s.open(f.ID)
		}
	}
	s.scope = newScopeCheck(sh, func() { s.runSearch(s.query) })
	top := sh.mirror(container.NewBorder(nil, nil, nil, sh.mirror(container.NewHBox(s.scope.box, s.count, s.newBtn)), s.search))
	s.empty = newEmptyState(sh)
	s.listView = container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, container.NewVBox(s.empty.content)))
	s.body = container.NewStack(s.listView)
	s.content = s.body
	return s
}

// summaryLine is the second line of a family's row: children with ages,
// home language, ZIP.
func (s *FamiliesScreen) summaryLine(f store.FamilySummary) string {
	sh := s.sh
	var kids []string
	for _, c := range f.Children {
		age := sh.loc.Age(-1)
		if !c.BirthDate.IsZero() {
			m := data.AgeInMonths(c.BirthDate, sh.today())
			age = sh.loc.Age(m)
		}
		kids = append(kids, sh.T("families.child_age", map[string]any{"Name": c.Name, "Age": age}))
	}
	parts := []string{}
	if len(kids) > 0 {
		parts = append(parts, strings.Join(kids, ", "))
	}
	if f.HomeLanguage != "" {
		lang := sh.languageName(f.HomeLanguage)
		if f.InterpreterNeeded {
			lang = sh.T("families.needs_interpreter", map[string]any{"Language": lang})
		}
		parts = append(parts, lang)
	}
	if f.ZIP != "" {
		parts = append(parts, f.ZIP)
	}
	return strings.Join(parts, " · ")
}

// runSearch shows the families matching q: it fetches the first page and
// lets the list fetch the rest as it scrolls.
func (s *FamiliesScreen) runSearch(q string) {
	sh := s.sh
	s.scope.sync()
	res, err := sh.st.SearchCaseload(sh.ctx(), sh.caseloadOf(), q, 0, familyPageSize)
	if err != nil {
		sh.showError(err)
		return
	}
	s.showResults(q, res)
}

// showResults puts the first page of a search in the list.
func (s *FamiliesScreen) showResults(q string, res store.FamilyPage) {
	sh := s.sh
	s.loaded = true
	s.query = q
	nav := sh.caseloadOf()
	s.results.reset(familyPageSize, res.Total, res.Items, func(offset, limit int) ([]store.FamilySummary, error) {
		page, err := sh.st.SearchCaseload(sh.ctx(), nav, q, offset, limit)
		return page.Items, err
	})
	sh.setLine(s.count, sh.loc.N("families.count", res.Total, nil))
	none := res.Total == 0 && strings.TrimSpace(q) == ""
	switch {
	case none && nav != "" && s.orgHasFamilies():
		// None of the organization's families is assigned to the navigator.
		s.empty.showText(sh, sh.T("caseload.none_mine"))
	default:
		s.empty.show(sh, sh.T("empty.no_families"), false, none)
	}
	showIf(s.list, !none)
	s.list.Refresh()
	s.list.ScrollToTop()
}

// view is what the sidebar shows for the screen.
func (s *FamiliesScreen) view() fyne.CanvasObject { return s.content }

// refresh reloads the list, or the family shown.
func (s *FamiliesScreen) refresh() {
	if s.page != nil {
		s.page.refresh()
		return
	}
	if s.loaded {
		s.runSearch(s.query)
		return
	}
	// The first search builds the store's index: off the UI goroutine.
	s.scope.sync()
	st, q, nav := s.sh.st, s.query, s.sh.caseloadOf()
	s.sh.background(func() func() {
		res, err := st.SearchCaseload(context.Background(), nav, q, 0, familyPageSize)
		return func() {
			switch {
			case s.loaded || s.sh.st != st:
			case err != nil:
				s.sh.showError(err)
			default:
				s.showResults(q, res)
			}
		}
	})
}

// open shows a family's page and remembers it as recently opened.
func (s *FamiliesScreen) open(id string) {
	sh := s.sh
	if err := sh.st.MarkOpened(sh.ctx(), id); err != nil {
		sh.showError(err)
		return
	}
	s.page = newFamilyPage(sh, id, s.showList)
	s.body.Objects = []fyne.CanvasObject{s.page.content}
	s.body.Refresh()
	s.page.refresh()
}

// showList goes back from a family's page to the list.
func (s *FamiliesScreen) showList() {
	s.page = nil
	s.body.Objects = []fyne.CanvasObject{s.listView}
	s.body.Refresh()
	s.runSearch(s.query)
}

// newFamily opens the form for a new family; saving it opens its page.
func (s *FamiliesScreen) newFamily() {
	s.form = showHouseholdForm(s.sh, nil, func(id string) { s.open(id) })
}

// orgHasFamilies reports whether the organization has any family at all
// (a new user is then offered to add the first one).
func (s *FamiliesScreen) orgHasFamilies() bool {
	c, err := s.sh.st.Count(s.sh.ctx())
	return err == nil && c.Families > 0
}
