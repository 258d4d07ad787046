package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	fynetheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"trellis/data"
	"trellis/data/store"
)

// servicePageSize is how many services one directory query fetches.
const servicePageSize = 100

// ageBuckets are the child ages the age filter offers, in months: under
// one, then each year to five (the middle of each year).
var ageBuckets = []int{6, 18, 30, 42, 54, 66}

// referralTarget is the family (and child) the directory is referring, if
// the navigator came from a family's Refer button.
type referralTarget struct {
	household data.Household
	childID   string
	child     string
}

// DirectoryScreen searches the service directory as the navigator types,
// with filters for language, child's age, ZIP or area, cost and category,
// shows a service's details, and refers a family from there.
type DirectoryScreen struct {
	sh      *Shell
	content fyne.CanvasObject

	search   *textEntry
	language *choice
	age      *choice
	area     *textEntry
	cost     *choice
	category *choice
	filters  *fyne.Container
	count    *widget.Label
	list     *widget.List

	banner     *fyne.Container
	bannerText *widget.Label
	target     *referralTarget

	detail    *widget.RichText
	detailBox *fyne.Container
	referBtn  *widget.Button
	selected  *store.ServiceDetail

	referForm *referralForm // the referral form last opened
	loaded    bool          // a search has been shown

	results pagedResults[store.ServiceSummary]
}

func newDirectoryScreen(sh *Shell) *DirectoryScreen {
	d := &DirectoryScreen{sh: sh}
	d.search = newTextEntry()
	d.search.SetPlaceHolder(sh.T("directory.search_hint"))
	d.search.OnChanged = func(string) { d.runSearch() }

	d.language = newLanguageChoice(sh, true)
	d.language.PlaceHolder = sh.T("directory.any_language")
	d.language.OnChanged = func(string) { d.runSearch() }

	d.age = d.newAgeChoice(nil)

	d.area = newTextEntry()
	d.area.SetPlaceHolder(sh.T("directory.area_hint"))
	d.area.OnChanged = func(string) { d.runSearch() }

	d.cost = newChoice(sh.loc, "cost.", []string{data.CostFree, data.CostSlidingScale, data.CostFee}, true)
	d.cost.PlaceHolder = sh.T("directory.any_cost")
	d.cost.OnChanged = func(string) { d.runSearch() }

	d.category = newChoiceOf(sh.loc, []string{""}, []string{sh.T("choice.none")})
	d.category.PlaceHolder = sh.T("directory.any_category")
	d.category.OnChanged = func(string) { d.runSearch() }

	d.count = widget.NewLabel("")
	d.list = widget.NewList(func() int { return d.results.total },
		func() fyne.CanvasObject {
			return sh.mirror(container.NewBorder(nil, nil, nil, widget.NewButton(sh.T("directory.refer"), nil), newTwoLineRow(sh)))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			row := o.(*fyne.Container)
			texts := row.Objects[0].(*fyne.Container)
			refer := row.Objects[1].(*widget.Button)
			svc, ok := d.results.item(i)
			if !ok {
				return
			}
			setTwoLineRow(sh, texts, svc.Name, d.summaryLine(svc))
			if d.target != nil {
				refer.Show()
				id := svc.ID
				refer.OnTapped = func() { d.referTo(id) }
			} else {
				refer.Hide()
			}
		})
	d.list.OnSelected = func(i widget.ListItemID) {
		if svc, ok := d.results.item(i); ok {
			d.showService(svc.ID)
		}
	}

	d.bannerText = widget.NewLabel("")
	d.bannerText.Importance = widget.HighImportance
	stop := widget.NewButtonWithIcon(sh.T("directory.stop_referring"), fynetheme.CancelIcon(), d.stopReferral)
	d.banner = sh.mirror(container.NewBorder(nil, nil, nil, stop, d.bannerText))
	d.banner.Hide()

	d.detail = widget.NewRichText()
	d.detail.Wrapping = fyne.TextWrapWord
	d.referBtn = widget.NewButtonWithIcon(sh.T("directory.refer"), fynetheme.MailForwardIcon(), func() {
		if d.selected != nil {
			d.referTo(d.selected.Service.ID)
		}
	})
	d.referBtn.Importance = widget.HighImportance
	d.referBtn.Hide()
	hint := widget.NewLabel(sh.T("directory.pick_service"))
	hint.Wrapping = fyne.TextWrapWord
	d.detailBox = container.NewBorder(nil, sh.mirror(container.NewHBox(d.referBtn)), nil, nil, container.NewVScroll(container.NewVBox(hint)))

	d.filters = sh.mirror(container.NewGridWithColumns(3, d.language, d.age, d.area, d.cost, d.category))
	top := container.NewVBox(d.banner, sh.mirror(container.NewBorder(nil, nil, nil, d.count, d.search)), d.filters)
	split := sh.hsplit(d.list, d.detailBox, 0.5)
	d.content = container.NewBorder(top, nil, nil, nil, split)
	return d
}

// newAgeChoice builds the age filter; with a child, its first option is
// that child's own age.
func (d *DirectoryScreen) newAgeChoice(child *data.Member) *choice {
	sh := d.sh
	codes, labels := []string{""}, []string{sh.T("choice.none")}
	if child != nil {
		m := child.AgeMonths(sh.today())
		codes = append(codes, strconv.Itoa(m))
		labels = append(labels, sh.T("directory.child_age", map[string]any{"Name": child.GivenName, "Age": sh.loc.Age(m)}))
	}
	for i, m := range ageBuckets {
		codes = append(codes, strconv.Itoa(m))
		labels = append(labels, sh.T(fmt.Sprintf("directory.age_%d", i)))
	}
	c := newChoiceOf(sh.loc, codes, labels)
	c.PlaceHolder = sh.T("directory.any_age")
	c.OnChanged = func(string) { d.runSearch() }
	return c
}

func (d *DirectoryScreen) summaryLine(s store.ServiceSummary) string {
	sh := d.sh
	parts := []string{s.Organization}
	if mark := sh.englishOnlyMark(d.contentLanguage(), s.Language); mark != "" {
		parts = append([]string{mark}, parts...)
	}
	var langs []string
	for _, l := range s.Languages {
		langs = append(langs, sh.languageName(l))
	}
	if len(langs) > 0 {
		parts = append(parts, strings.Join(langs, ", "))
	}
	if s.Cost != "" {
		parts = append(parts, sh.T("cost."+s.Cost))
	}
	return strings.Join(parts, " · ")
}

// buildQuery reads the search box and filters.
func (d *DirectoryScreen) buildQuery() store.DirectoryQuery {
	q := store.DirectoryQuery{
		Text:            d.search.Text,
		Language:        d.language.code(),
		AgeMonths:       store.AnyAge,
		Area:            d.area.Text,
		Cost:            d.cost.code(),
		Category:        d.category.code(),
		DisplayLanguage: d.contentLanguage(),
	}
	if m, err := strconv.Atoi(d.age.code()); err == nil {
		q.AgeMonths = m
	}
	return q
}

// runSearch shows the services matching the search and filters.
func (d *DirectoryScreen) runSearch() {
	if d.list == nil {
		return // still being built
	}
	sh := d.sh
	q := d.buildQuery()
	q.Limit = servicePageSize
	res, err := sh.st.SearchServices(sh.ctx(), q)
	if err != nil {
		sh.showError(err)
		return
	}
	d.showResults(q, res)
}

// showResults puts the first page of a search in the list.
func (d *DirectoryScreen) showResults(q store.DirectoryQuery, res store.ServicePage) {
	sh := d.sh
	d.loaded = true
	d.results.reset(servicePageSize, res.Total, res.Items, func(offset, limit int) ([]store.ServiceSummary, error) {
		q.Offset, q.Limit = offset, limit
		page, err := sh.st.SearchServices(sh.ctx(), q)
		return page.Items, err
	})
	sh.setLine(d.count, sh.loc.N("directory.count", res.Total, nil))
	d.list.UnselectAll()
	d.list.Refresh()
	d.list.ScrollToTop()
}

// view is what the sidebar shows for the screen.
func (d *DirectoryScreen) view() fyne.CanvasObject { return d.content }

// refresh reruns the search (the directory may have been imported or
// synced since).
func (d *DirectoryScreen) refresh() {
	if d.loaded {
		d.runSearch()
		return
	}
	// The first search builds the store's index: off the UI goroutine.
	st, q := d.sh.st, d.buildQuery()
	q.Limit = servicePageSize
	d.sh.background(func() func() {
		res, err := st.SearchServices(context.Background(), q)
		var terms []data.TaxonomyTerm
		if err == nil {
			terms, err = st.Categories(context.Background())
		}
		return func() {
			switch {
			case d.sh.st != st:
			case err != nil:
				d.sh.showError(err)
			default:
				d.setCategories(terms)
				if !d.loaded {
					d.showResults(q, res)
				}
			}
		}
	})
}

// setCategories offers the directory's categories in the category filter.
func (d *DirectoryScreen) setCategories(terms []data.TaxonomyTerm) {
	codes, labels := []string{""}, []string{d.sh.T("choice.none")}
	for _, t := range terms {
		codes, labels = append(codes, t.ID), append(labels, t.Name)
	}
	chosen := d.category.code()
	d.category.setOptions(codes, labels)
	onChange := d.category.OnChanged
	d.category.OnChanged = nil
	if chosen == "" {
		d.category.ClearSelected()
	} else {
		d.category.setCode(chosen)
	}
	d.category.OnChanged = onChange
	d.category.Refresh()
}

// showService shows everything about one service beside the list.
func (d *DirectoryScreen) showService(id string) {
	sh := d.sh
	det, err := sh.st.Service(sh.ctx(), id)
	if err != nil {
		sh.showError(err)
		return
	}
	d.selected = &det
	d.detail.ParseMarkdown(serviceMarkdown(sh, &det, d.contentLanguage()))
	d.detailBox.Objects[0] = container.NewVScroll(d.detail)
	d.detailBox.Refresh()
	if d.target != nil {
		d.referBtn.Show()
	} else {
		d.referBtn.Hide()
	}
	sh.applyDirection(d.detailBox)
}

// startReferral prepares the directory to refer household (one child, if
// childID is set): the language filter is preset to the family's home
// language and the age filter to the child's age.
func (d *DirectoryScreen) startReferral(h data.Household, childID string) {
	sh := d.sh
	t := &referralTarget{household: h, childID: childID}
	var child *data.Member
	if childID != "" {
		if m, err := store.Get[data.Member](sh.ctx(), sh.st, childID); err == nil {
			child = &m
			t.child = m.DisplayName()
		}
	}
	d.target = t
	if child != nil {
		d.bannerText.SetText(sh.T("directory.referring_child", map[string]any{"Family": h.Name, "Child": t.child}))
	} else {
		d.bannerText.SetText(sh.T("directory.referring", map[string]any{"Family": h.Name}))
	}
	d.banner.Show()
	// Preset the filters without running a search for each.
	list := d.list
	d.list = nil
	d.language.setCode(h.HomeLanguage)
	newAge := d.newAgeChoice(child)
	d.replaceAgeChoice(newAge)
	if child != nil {
		newAge.SetSelectedIndex(1)
	}
	d.list = list
	d.runSearch()
	if d.selected != nil {
		d.referBtn.Show()
	}
	sh.applyDirection(d.content)
}

// replaceAgeChoice swaps the age filter in the filter row.
func (d *DirectoryScreen) replaceAgeChoice(c *choice) {
	for i, o := range d.filters.Objects {
		if o == d.age {
			d.filters.Objects[i] = c
		}
	}
	d.age = c
	d.filters.Refresh()
}

// stopReferral leaves referral mode.
func (d *DirectoryScreen) stopReferral() {
	d.target = nil
	d.banner.Hide()
	d.referBtn.Hide()
	d.list.Refresh()
}

// referTo opens the referral form for the target family and a service.
func (d *DirectoryScreen) referTo(serviceID string) {
	if d.target == nil {
		return
	}
	t := d.target
	// Consent is asked again here: it may have been withdrawn (on this
	// laptop or by a sync) since the referral started.
	d.sh.withShareConsent(t.household.ID, func(h data.Household) {
		t.household = h
		d.referForm = showReferralForm(d.sh, h, t.childID, serviceID, func(referralID string) {
			d.stopReferral()
			d.sh.openFamily(h.ID)
		})
	})
}
