package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"trellis/data"
)

func spr(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// generatedService is what families' referrals need to know of a service.
type generatedService struct {
	id   string
	kind string
}

// directory writes the taxonomy, opts.Services services and the
// organizations and locations that offer them.
func (g *generator) directory(ctx context.Context) error {
	if g.opts.Services == 0 {
		return nil
	}
	terms, err := g.taxonomy()
	if err != nil {
		return err
	}
	// About four services per organization, each with one or two sites.
	type org struct {
		id   string
		locs []string
		area []int // indexes into zips of its sites
	}
	orgs := make([]org, max(1, g.opts.Services/4))
	for i := range orgs {
		o := data.Organization{ID: g.newID()}
		o.Name = pick(g, orgWords) + " " + pick(g, orgSuffixes)
		o.Description = o.Name + " serves families with young children across Cedar County."
		slug := strings.ToLower(strings.NewReplacer(" ", "-", "'", "").Replace(o.Name))
		o.Website = spr("https://%s-%d.example.org", slug, i+1)
		o.Email = spr("info@%s-%d.example.org", slug, i+1)
		o.TaxStatus = "501(c)(3)"
		if err := g.tx.Insert(&o); err != nil {
			return err
		}
		g.sum.Organizations++
		orgs[i].id = o.ID
		for range g.between(1, 2) {
			z := g.rng.IntN(len(zips))
			l := data.Location{ID: g.newID(), LocationType: "physical", OrganizationID: o.ID,
				Name:     o.Name + " – " + zips[z].area,
				Latitude: ptr(47.38 + g.rng.Float64()*0.15), Longitude: ptr(-122.32 + g.rng.Float64()*0.2)}
			if g.chance(0.3) {
				l.Transportation = "On bus routes 150 and 160; free parking."
			}
			if err := g.tx.Insert(&l); err != nil {
				return err
			}
			a := data.Address{ID: g.newID(), LocationID: l.ID,
				Address1: spr("%d %s", g.between(100, 39999), pick(g, streets)), City: zips[z].area,
				StateProvince: "WA", PostalCode: zips[z].code, Country: "US", AddressType: "physical"}
			if err := g.tx.Insert(&a); err != nil {
				return err
			}
			g.sum.Locations++
			orgs[i].locs = append(orgs[i].locs, l.ID)
			orgs[i].area = append(orgs[i].area, z)
		}
	}
	for i := 0; i < g.opts.Services; i++ {
		o := &orgs[g.rng.IntN(len(orgs))]
		site := g.rng.IntN(len(o.locs))
		if err := g.service(pick(g, serviceKinds), o.id, o.locs[site], o.area[site], terms); err != nil {
			return err
		}
		if err := g.step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// taxonomy writes the demo categories and returns their ids by code.
func (g *generator) taxonomy() (map[string]string, error) {
	tax := data.Taxonomy{ID: g.newID(), Name: "Trellis early childhood categories",
		Description: "Categories of services for families with children from birth to five.", Version: "1"}
	if err := g.tx.Insert(&tax); err != nil {
		return nil, err
	}
	ids := map[string]string{}
	for _, t := range taxonomyTerms {
		term := data.TaxonomyTerm{ID: g.newID(), Code: t[0], Name: t[1], ParentID: ids[t[2]],
			Taxonomy: tax.Name, TaxonomyID: tax.ID, Language: "en"}
		if err := g.tx.Insert(&term); err != nil {
			return nil, err
		}
		ids[t[0]] = term.ID
	}
	return ids, nil
}

// service writes one service of kind k at a site, with its phone,
// languages, schedule, service area, cost, categories and translations.
func (g *generator) service(k serviceKind, orgID, locID string, z int, terms map[string]string) error {
	assured := g.today.AddDays(-g.between(0, 400))
	s := data.Service{ID: g.newID(), OrganizationID: orgID, Name: k.name + " – " + zips[z].area,
		Description: k.desc, Status: data.ServiceActive, EligibilityDescription: eligibility("en", k.minAge, k.maxAge),
		MinimumAge: ptr(k.minAge), MaximumAge: ptr(k.maxAge), WaitTime: k.waitTime,
		InterpretationServices: "Phone interpreters for any language; ask when you call.",
		ApplicationProcess:     pick(g, []string{"Call or text to schedule an intake.", "A navigator can send a referral with the family's consent.", "Walk in during open hours."}),
		AssuredDate:            assured.String(), Source: "demo", LastModified: assured.Time().Format(time.RFC3339)}
	switch g.weighted([]int{94, 3, 3}) {
	case 1:
		s.Status = data.ServiceInactive
	case 2:
		s.Status = data.ServiceTemporarilyClosed
		s.Alert = "Closed for renovation; call for the temporary site."
	}
	if k.cost == "sliding" {
		s.FeesDescription = "Sliding scale by income; Apple Health (Medicaid) accepted; no one turned away for inability to pay."
	}
	if err := g.tx.Insert(&s); err != nil {
		return err
	}
	g.sum.Services++
	sal := data.ServiceAtLocation{ID: g.newID(), ServiceID: s.ID, LocationID: locID}
	if err := g.tx.Insert(&sal); err != nil {
		return err
	}
	ph := data.Phone{ID: g.newID(), ServiceID: s.ID, Number: spr("(253) 555-01%02d", g.rng.IntN(100)),
		Type: "voice", Description: "Intake line"}
	if err := g.tx.Insert(&ph); err != nil {
		return err
	}

	// Languages: English and one to three others, sometimes only another.
	offered := []string{"en"}
	for range g.weighted([]int{25, 40, 25, 10}) {
		l := offeredLanguages[g.weighted(offeredWeights)]
		if !slices.Contains(offered, l) {
			offered = append(offered, l)
		}
	}
	for _, code := range offered {
		l := data.Language{ID: g.newID(), ServiceID: s.ID, Code: code, Name: languageNames[code]}
		if err := g.tx.Insert(&l); err != nil {
			return err
		}
		g.byLang[code] = append(g.byLang[code], len(g.services))
	}
	g.services = append(g.services, generatedService{id: s.ID, kind: k.kind})

	sch := data.Schedule{ID: g.newID(), ServiceID: s.ID, Freq: "WEEKLY", WKST: "MO"}
	if k.weekly {
		day := pick(g, []struct{ code, name string }{{"TU", "Tuesdays"}, {"WE", "Wednesdays"}, {"TH", "Thursdays"}, {"SA", "Saturdays"}})
		sch.ByDay, sch.OpensAt, sch.ClosesAt = day.code, "10:00", "11:30"
		sch.Description = day.name + ", 10 to 11:30 am"
	} else {
		sch.ByDay, sch.OpensAt, sch.ClosesAt = "MO,TU,WE,TH,FR", "08:30", "17:00"
		sch.Description = "Monday to Friday, 8:30 am to 5 pm"
	}
	if err := g.tx.Insert(&sch); err != nil {
		return err
	}

	// Most services serve a few ZIP codes around their site; the rest the
	// whole county.
	area := data.ServiceArea{ID: g.newID(), ServiceID: s.ID}
	if g.chance(0.6) {
		codes := []string{zips[z].code}
		for range g.between(1, 4) {
			if c := pick(g, zips).code; !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
		area.Name = zips[z].area + " and nearby"
		area.Description = "ZIP codes " + strings.Join(codes, ", ")
	} else {
		area.Name = "All of Cedar County"
		area.Description = "Families living anywhere in the county."
	}
	if err := g.tx.Insert(&area); err != nil {
		return err
	}

	if g.chance(0.92) {
		c := data.CostOption{ID: g.newID(), ServiceID: s.ID, Currency: "USD"}
		switch k.cost {
		case "free":
			c.Option, c.Amount = "Free", ptr(0)
		case "sliding":
			c.Option, c.AmountDescription = "Sliding scale fee", "$0 to $40 a visit depending on income"
		default:
			c.Option, c.Amount, c.AmountDescription = "Per session", ptr(float64(5*g.between(5, 24))), "Apple Health (Medicaid) accepted"
		}
		if err := g.tx.Insert(&c); err != nil {
			return err
		}
	}
	if g.chance(0.3) {
		d := data.RequiredDocument{ID: g.newID(), ServiceID: s.ID,
			Document: pick(g, []string{"Proof of address", "Child's immunization record", "Proof of income (for the sliding scale)"})}
		if err := g.tx.Insert(&d); err != nil {
			return err
		}
	}
	for _, code := range k.terms {
		a := data.Attribute{ID: g.newID(), LinkID: s.ID, TaxonomyTermID: terms[code],
			LinkType: "service", LinkEntity: "service"}
		if err := g.tx.Insert(&a); err != nil {
			return err
		}
	}

	// Translations into the directory's languages: always Spanish, and
	// most of the others.
	for i, lang := range translationLanguages {
		if i > 0 && !g.chance(0.7) {
			continue
		}
		tr := k.tr[lang]
		t := data.ServiceTranslation{ID: g.newID(), ServiceID: s.ID, Language: lang,
			Name: tr[0] + " – " + zips[z].area, Description: tr[1], EligibilityDescription: eligibility(lang, k.minAge, k.maxAge)}
		if err := g.tx.Insert(&t); err != nil {
			return err
		}
		g.sum.Translations++
	}
	return nil
}
