package store

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/language"

	"trellis/data"
	"trellis/data/textsearch"
)

// DirectoryLanguage is the language of the directory's own records (HSDS
// holds one language per record); other languages live in translations.
const DirectoryLanguage = "en"

// DirectoryQuery is a search of the service directory. Zero fields do not
// filter.
type DirectoryQuery struct {
	Text            string // words to find in names, descriptions, categories
	Language        string // only services offered in this language (BCP 47)
	AgeMonths       int    // only services for a child of this age; -1 for any
	Area            string // a ZIP code, or words of a service area's name
	Cost            string // data.CostFree, CostSlidingScale or CostFee
	Category        string // a taxonomy term id; its narrower terms match too
	DisplayLanguage string // show names and descriptions in this language when translated
	// AlsoIn, when set (and not the display language), asks for each
	// service's text in this language too (ServiceSummary.Also): the
	// family's language beside the navigator's.
	AlsoIn          string
	IncludeInactive bool // also show inactive, defunct and closed services
	Offset, Limit   int
}

// AnyAge is the AgeMonths of a DirectoryQuery that does not filter by age.
const AnyAge = -1

// ServiceSummary is what a directory list shows for each service.
type ServiceSummary struct {
	ID          string
	Name        string
	Description string
	Eligibility string
	Language    string // the language Name is in
	// Untranslated lists the parts of the text not translated into the
	// display language, given in English (see ServiceText).
	Untranslated []string
	// Also is the text in DirectoryQuery.AlsoIn, if asked for.
	Also         *ServiceText
	Organization string
	Status       string
	Languages    []string // codes of the languages the service is offered in
	MinimumAge   *float64 // years
	MaximumAge   *float64
	Cost         string   // derived cost class
	Categories   []string // taxonomy term names
	Source       string
	AssuredDate  string
}

// ServicePage is one page of a directory search.
type ServicePage struct {
	Total int
	Items []ServiceSummary
}

// directoryIndex keeps the directory's searchable text and filter facts in
// memory; it is rebuilt when the directory generation changes.
type directoryIndex struct {
	store    *Store
	mu       sync.Mutex
	gen      string
	services []serviceEntry // sorted by folded name
	terms    []data.TaxonomyTerm
}

type serviceEntry struct {
	svc          data.Service
	org          string
	doc          textsearch.Doc
	sort         string
	langs        []string // BCP 47 codes as given
	bases        map[string]bool
	areaZIPs     map[string]bool
	areaDoc      textsearch.Doc
	terms        map[string]bool // term ids, with their ancestors
	termNames    []string
	cost         string
	translations map[string]data.ServiceTranslation // by language tag
}

var zipInText = regexp.MustCompile(`\b[0-9]{5}\b`)

func (ix *directoryIndex) current(ctx context.Context) (*directoryIndex, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	gen, err := ix.store.generation(ctx, groupDirectory)
	if err != nil {
		return nil, err
	}
	if ix.services != nil && gen == ix.gen {
		return ix, nil
	}
	if err := ix.load(ctx); err != nil {
		return nil, err
	}
	ix.gen = gen
	return ix, nil
}

func (ix *directoryIndex) load(ctx context.Context) error {
	s := ix.store
	services, err := list[data.Service](ctx, s, s.r, `FROM dir_services t WHERE t.deleted = 0`)
	if err != nil {
		return err
	}
	orgs, err := list[data.Organization](ctx, s, s.r, `FROM dir_organizations t WHERE t.deleted = 0`)
	if err != nil {
		return err
	}
	orgName := map[string]string{}
	for _, o := range orgs {
		orgName[o.ID] = o.Name
	}
	entries := make([]serviceEntry, len(services))
	byID := make(map[string]*serviceEntry, len(services))
	for i, svc := range services {
		entries[i] = serviceEntry{svc: svc, org: orgName[svc.OrganizationID], bases: map[string]bool{},
			areaZIPs: map[string]bool{}, terms: map[string]bool{}, translations: map[string]data.ServiceTranslation{}}
		byID[svc.ID] = &entries[i]
	}
	trs, err := list[data.ServiceTranslation](ctx, s, s.r, `FROM dir_service_translations t WHERE t.deleted = 0`)
	if err != nil {
		return err
	}
	for _, t := range trs {
		if e := byID[t.ServiceID]; e != nil {
			e.translations[t.Language] = t
		}
	}
	langs, err := list[data.Language](ctx, s, s.r, `FROM dir_languages t WHERE t.deleted = 0 AND t.service_id != '' ORDER BY t.id`)
	if err != nil {
		return err
	}
	for _, l := range langs {
		e := byID[l.ServiceID]
		if e == nil || l.Code == "" {
			continue
		}
		e.langs = append(e.langs, l.Code)
		e.bases[baseLanguage(l.Code)] = true
	}
	areas, err := list[data.ServiceArea](ctx, s, s.r, `FROM dir_service_areas t WHERE t.deleted = 0`)
	if err != nil {
		return err
	}
	areaText := map[string][]string{}
	for _, a := range areas {
		e := byID[a.ServiceID]
		if e == nil {
			continue
		}
		for _, z := range zipInText.FindAllString(a.Name+" "+a.Description+" "+a.Extent, -1) {
			e.areaZIPs[z] = true
		}
		areaText[a.ServiceID] = append(areaText[a.ServiceID], a.Name, a.Description)
	}
	costs, err := list[data.CostOption](ctx, s, s.r, `FROM dir_cost_options t WHERE t.deleted = 0`)
	if err != nil {
		return err
	}
	costsBy := map[string][]data.CostOption{}
	for _, c := range costs {
		costsBy[c.ServiceID] = append(costsBy[c.ServiceID], c)
	}
	terms, err := list[data.TaxonomyTerm](ctx, s, s.r, `FROM dir_taxonomy_terms t WHERE t.deleted = 0`)
	if err != nil {
		return err
	}
	termByID := map[string]data.TaxonomyTerm{}
	for _, t := range terms {
		termByID[t.ID] = t
	}
	attrs, err := list[data.Attribute](ctx, s, s.r, `FROM dir_attributes t WHERE t.deleted = 0 AND t.taxonomy_term_id != ''`)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for _, a := range attrs {
		e := byID[a.LinkID]
		t, ok := termByID[a.TaxonomyTermID]
		if e == nil || !ok {
			continue
		}
		e.termNames = append(e.termNames, t.Name)
		// The term and every broader term it sits under.
		for id, depth := t.ID, 0; id != "" && depth < 16; depth++ {
			e.terms[id] = true
			used[id] = true
			id = termByID[id].ParentID
		}
	}
	for i := range entries {
		e := &entries[i]
		e.cost = costClass(costsBy[e.svc.ID])
		names := []string{e.svc.Name, e.svc.AlternateName}
		descs := []string{e.svc.Description, e.svc.EligibilityDescription}
		for _, t := range e.translations {
			names = append(names, t.Name)
			descs = append(descs, t.Description, t.EligibilityDescription)
		}
		fields := append(names, e.org)
		fields = append(fields, e.termNames...)
		fields = append(fields, descs...)
		e.doc = textsearch.NewDoc(fields...)
		e.areaDoc = textsearch.NewDoc(areaText[e.svc.ID]...)
		e.sort = textsearch.Fold(e.svc.Name) + "\x00" + e.svc.ID
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].sort < entries[j].sort })
	ix.terms = ix.terms[:0]
	for _, t := range terms {
		if used[t.ID] {
			ix.terms = append(ix.terms, t)
		}
	}
	sort.Slice(ix.terms, func(i, j int) bool { return ix.terms[i].Name < ix.terms[j].Name })
	ix.services = entries
	return nil
}

// costClass derives a service's cost class from its HSDS cost options: any
// option that mentions a sliding scale makes it sliding-scale; otherwise
// any amount above zero makes it a fee; options that all cost zero make it
// free; no options leave it unknown.
func costClass(opts []data.CostOption) string {
	if len(opts) == 0 {
		return data.CostUnknown
	}
	fee, free := false, false
	for _, o := range opts {
		if strings.Contains(textsearch.Fold(o.Option+" "+o.AmountDescription), "sliding") {
			return data.CostSlidingScale
		}
		switch {
		case o.Amount != nil && *o.Amount > 0:
			fee = true
		case o.Amount != nil && *o.Amount == 0:
			free = true
		}
	}
	switch {
	case fee:
		return data.CostFee
	case free:
		return data.CostFree
	}
	return data.CostUnknown
}

// baseLanguage returns the base language of a tag ("zh-Hant" → "zh"), or
// the folded tag itself if it does not parse.
func baseLanguage(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return strings.ToLower(tag)
	}
	b, _ := t.Base()
	return b.String()
}

// readableAs reports whether text written in the language tagged have can
// be shown to a reader of want: the same base language in the same script,
// explicit or implied ("zh" and "zh-CN" are Simplified Chinese, "zh-TW"
// and "zh-HK" Traditional), so a zh-Hant reader is never handed Simplified
// text as if it were theirs. Spoken languages (what a service offers) are
// compared by base language alone.
func readableAs(have, want string) bool {
	h, err1 := language.Parse(have)
	w, err2 := language.Parse(want)
	if err1 != nil || err2 != nil {
		return strings.EqualFold(have, want)
	}
	hb, _ := h.Base()
	wb, _ := w.Base()
	hs, _ := h.Script()
	ws, _ := w.Script()
	return hb == wb && hs == ws
}

// SearchServices searches the directory.
func (s *Store) SearchServices(ctx context.Context, q DirectoryQuery) (ServicePage, error) {
	ix, err := s.directory.current(ctx)
	if err != nil {
		return ServicePage{}, err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	text := textsearch.ParseQuery(q.Text)
	wantBase := ""
	if q.Language != "" {
		wantBase = baseLanguage(q.Language)
	}
	area := strings.TrimSpace(q.Area)
	isZIP := zipInText.MatchString(area) && len(area) <= 10
	areaQuery := textsearch.ParseQuery(area)
	type hit struct {
		e     *serviceEntry
		score int
	}
	var hits []hit
	for i := range ix.services {
		e := &ix.services[i]
		if !q.IncludeInactive && e.svc.Status != data.ServiceActive {
			continue
		}
		if wantBase != "" && !e.bases[wantBase] {
			continue
		}
		if q.AgeMonths >= 0 && !e.svc.ServesAgeMonths(q.AgeMonths) {
			continue
		}
		if q.Cost != "" && e.cost != q.Cost {
			continue
		}
		if q.Category != "" && !e.terms[q.Category] {
			continue
		}
		if area != "" {
			if isZIP {
				// A service with no ZIP codes in its areas serves everyone.
				if len(e.areaZIPs) > 0 && !e.areaZIPs[area[:5]] {
					continue
				}
			} else if ok, _ := areaQuery.Match(e.areaDoc); !ok {
				continue
			}
		}
		ok, score := text.Match(e.doc)
		if !ok {
			continue
		}
		hits = append(hits, hit{e, score})
	}
	if !text.Empty() {
		sort.SliceStable(hits, func(a, b int) bool { return hits[a].score > hits[b].score })
	}
	page := ServicePage{Total: len(hits)}
	for _, h := range window(hits, q.Offset, q.Limit) {
		page.Items = append(page.Items, h.e.summary(q.DisplayLanguage, q.AlsoIn))
	}
	return page, nil
}

// translation returns the service's translation into lang, matching the
// exact tag first and then the base language.
func (e *serviceEntry) translation(lang string) (data.ServiceTranslation, bool) {
	if lang == "" || baseLanguage(lang) == DirectoryLanguage {
		return data.ServiceTranslation{}, false
	}
	if t, ok := e.translations[lang]; ok {
		return t, true
	}
	for tag, t := range e.translations {
		if readableAs(tag, lang) {
			return t, true
		}
	}
	return data.ServiceTranslation{}, false
}

func (e *serviceEntry) summary(lang, also string) ServiceSummary {
	in := serviceText(e.svc, lang, e.translation)
	sum := ServiceSummary{ID: e.svc.ID, Name: in.Name, Description: in.Description,
		Eligibility: in.Eligibility, Language: in.Language, Untranslated: in.Untranslated,
		Organization: e.org, Status: e.svc.Status, Languages: e.langs, MinimumAge: e.svc.MinimumAge,
		MaximumAge: e.svc.MaximumAge, Cost: e.cost, Categories: e.termNames, Source: e.svc.Source,
		AssuredDate: e.svc.AssuredDate}
	if also != "" && baseLanguage(also) != baseLanguage(lang) {
		t := serviceText(e.svc, also, e.translation)
		sum.Also = &t
	}
	return sum
}

// The parts of a service's text that are translated, as named in
// ServiceText.Untranslated.
const (
	PartName        = "name"
	PartDescription = "description"
	PartEligibility = "eligibility"
)

// ServiceText is a service's name, description and eligibility in one
// language, as far as the directory has them translated.
type ServiceText struct {
	Name, Description, Eligibility string
	// Language is the language Name is in: the one asked for, or
	// DirectoryLanguage when the service has no translation into it.
	Language string
	// Untranslated lists the parts (PartName, ...) the directory has in
	// English but not in the language asked for, which are given in
	// English instead; none when English was asked for.
	Untranslated []string
}

// serviceText is svc's text in lang, from its translation (found by
// translation) where there is one, part by part, else in English.
func serviceText(svc data.Service, lang string, translation func(string) (data.ServiceTranslation, bool)) ServiceText {
	out := ServiceText{Name: svc.Name, Description: svc.Description, Eligibility: svc.EligibilityDescription, Language: DirectoryLanguage}
	t, ok := translation(lang)
	if ok && t.Name != "" {
		out.Name, out.Language = t.Name, t.Language
		if t.Description != "" {
			out.Description = t.Description
		}
		if t.EligibilityDescription != "" {
			out.Eligibility = t.EligibilityDescription
		}
	}
	if lang == "" || baseLanguage(lang) == DirectoryLanguage {
		return out
	}
	for _, p := range []struct {
		part, english, translated string
	}{{PartName, svc.Name, t.Name}, {PartDescription, svc.Description, t.Description}, {PartEligibility, svc.EligibilityDescription, t.EligibilityDescription}} {
		if p.english != "" && (!ok || t.Name == "" || p.translated == "") {
			out.Untranslated = append(out.Untranslated, p.part)
		}
	}
	return out
}

// Categories lists the taxonomy terms that at least one service is
// tagged with (or that are broader than such a term), by name.
func (s *Store) Categories(ctx context.Context) ([]data.TaxonomyTerm, error) {
	ix, err := s.directory.current(ctx)
	if err != nil {
		return nil, err
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return append([]data.TaxonomyTerm(nil), ix.terms...), nil
}

// ServiceDetail is everything the directory knows about one service.
type ServiceDetail struct {
	Service           data.Service
	Organization      data.Organization
	Translations      []data.ServiceTranslation
	Locations         []LocationDetail
	Phones            []data.Phone
	Languages         []data.Language
	Schedules         []data.Schedule
	ServiceAreas      []data.ServiceArea
	CostOptions       []data.CostOption
	RequiredDocuments []data.RequiredDocument
	Categories        []data.TaxonomyTerm
	Cost              string // derived cost class
}

// LocationDetail is a location where a service is offered, with its
// addresses.
type LocationDetail struct {
	Location  data.Location
	Addresses []data.Address
}

// Translated returns the service's name, description and eligibility in
// lang, and the language they are actually in (DirectoryLanguage when
// there is no translation).
func (d *ServiceDetail) Translated(lang string) (name, description, eligibility, in string) {
	t := d.TextIn(lang)
	return t.Name, t.Description, t.Eligibility, t.Language
}

// TextIn returns the service's text in lang, saying which parts are not
// translated into it.
func (d *ServiceDetail) TextIn(lang string) ServiceText {
	e := serviceEntry{translations: map[string]data.ServiceTranslation{}}
	for _, t := range d.Translations {
		e.translations[t.Language] = t
	}
	return serviceText(d.Service, lang, e.translation)
}

// Service reads everything about one service.
func (s *Store) Service(ctx context.Context, id string) (ServiceDetail, error) {
	var d ServiceDetail
	var err error
	if d.Service, err = get[data.Service](ctx, s, s.r, id); err != nil {
		return d, err
	}
	if d.Service.OrganizationID != "" {
		if d.Organization, err = get[data.Organization](ctx, s, s.r, d.Service.OrganizationID); err != nil && !isNotFound(err) {
			return d, err
		}
	}
	bySvc := `FROM %s t WHERE t.service_id = ? AND t.deleted = 0 ORDER BY t.id`
	if d.Translations, err = list[data.ServiceTranslation](ctx, s, s.r, sprintf(bySvc, "dir_service_translations"), id); err != nil {
		return d, err
	}
	if d.Phones, err = list[data.Phone](ctx, s, s.r, sprintf(bySvc, "dir_phones"), id); err != nil {
		return d, err
	}
	if d.Languages, err = list[data.Language](ctx, s, s.r, sprintf(bySvc, "dir_languages"), id); err != nil {
		return d, err
	}
	if d.Schedules, err = list[data.Schedule](ctx, s, s.r, sprintf(bySvc, "dir_schedules"), id); err != nil {
		return d, err
	}
	if d.ServiceAreas, err = list[data.ServiceArea](ctx, s, s.r, sprintf(bySvc, "dir_service_areas"), id); err != nil {
		return d, err
	}
	if d.CostOptions, err = list[data.CostOption](ctx, s, s.r, sprintf(bySvc, "dir_cost_options"), id); err != nil {
		return d, err
	}
	d.Cost = costClass(d.CostOptions)
	if d.RequiredDocuments, err = list[data.RequiredDocument](ctx, s, s.r, sprintf(bySvc, "dir_required_documents"), id); err != nil {
		return d, err
	}
	if d.Categories, err = list[data.TaxonomyTerm](ctx, s, s.r, `FROM dir_taxonomy_terms t
		JOIN dir_attributes a ON a.taxonomy_term_id = t.id AND a.deleted = 0
		WHERE a.link_id = ? AND t.deleted = 0 ORDER BY t.name`, id); err != nil {
		return d, err
	}
	locs, err := list[data.Location](ctx, s, s.r, `FROM dir_locations t
		JOIN dir_service_at_locations sal ON sal.location_id = t.id AND sal.deleted = 0
		WHERE sal.service_id = ? AND t.deleted = 0 ORDER BY t.name`, id)
	if err != nil {
		return d, err
	}
	for _, l := range locs {
		addrs, err := list[data.Address](ctx, s, s.r, `FROM dir_addresses t WHERE t.location_id = ? AND t.deleted = 0 ORDER BY t.id`, l.ID)
		if err != nil {
			return d, err
		}
		d.Locations = append(d.Locations, LocationDetail{Location: l, Addresses: addrs})
		// Phones and schedules of the location apply to the service there.
		lp, err := list[data.Phone](ctx, s, s.r, `FROM dir_phones t WHERE t.location_id = ? AND t.service_id = '' AND t.deleted = 0 ORDER BY t.id`, l.ID)
		if err != nil {
			return d, err
		}
		d.Phones = append(d.Phones, lp...)
		ls, err := list[data.Schedule](ctx, s, s.r, `FROM dir_schedules t WHERE t.location_id = ? AND t.service_id = '' AND t.deleted = 0 ORDER BY t.id`, l.ID)
		if err != nil {
			return d, err
		}
		d.Schedules = append(d.Schedules, ls...)
	}
	return d, nil
}
