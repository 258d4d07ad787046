package hsds

import (
	"fmt"

	"trellis/data"
)

// testID makes a deterministic UUID for record n of a kind.
func testID(kind, n int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", kind, n)
}

func num(f float64) *float64 { return &f }

// generated builds a directory of n services, each with an organization
// (shared by ten services), a location with an address, phones, languages,
// a schedule, a service area, a cost option, a required document, a
// category and translations into Spanish and Somali.
func generated(n int) Directory {
	var d Directory
	d.Taxonomies = append(d.Taxonomies, data.Taxonomy{ID: testID(1, 0), Name: "Trellis test categories", Description: "Categories for tests", URI: "https://example.org/taxonomy", Version: "1"})
	for i := 0; i < 5; i++ {
		parent := ""
		if i > 0 {
			parent = testID(2, 0)
		}
		d.TaxonomyTerms = append(d.TaxonomyTerms, data.TaxonomyTerm{ID: testID(2, i), Code: fmt.Sprintf("C%d", i), Name: fmt.Sprintf("Category %d", i),
			Description: "A test category", ParentID: parent, Taxonomy: "trellis", Language: "en", TaxonomyID: testID(1, 0), TermURI: "https://example.org/term"})
	}
	langs := []string{"en", "es", "so", "vi", "zh-Hant"}
	for i := 0; i < n; i++ {
		if i%10 == 0 {
			d.Organizations = append(d.Organizations, data.Organization{ID: testID(3, i/10), Name: fmt.Sprintf("Organization %d", i/10),
				Description: "Runs family services", Email: "info@example.org", Website: "https://example.org", YearIncorporated: num(1990 + float64(i%30))})
		}
		svc := testID(4, i)
		loc := testID(5, i)
		sal := testID(6, i)
		d.Services = append(d.Services, data.Service{ID: svc, OrganizationID: testID(3, i/10), Name: fmt.Sprintf("Service %d for families", i),
			Description: "Home visiting for families with young children", URL: "https://example.org/s", Email: "svc@example.org",
			Status: data.ServiceActive, EligibilityDescription: "Families with children under 5", MinimumAge: num(0), MaximumAge: num(5),
			AssuredDate: "2026-10-01", LastModified: "2026-10-01T12:00:00Z", ApplicationProcess: "Call us", Fees: "none", Source: "test county"})
		d.Translations = append(d.Translations,
			data.ServiceTranslation{ID: testID(7, 2*i), ServiceID: svc, Language: "es", Name: fmt.Sprintf("Servicio %d para familias", i), Description: "Visitas al hogar", EligibilityDescription: "Familias con niños menores de 5"},
			data.ServiceTranslation{ID: testID(7, 2*i+1), ServiceID: svc, Language: "so", Name: fmt.Sprintf("Adeeg %d", i)})
		d.Locations = append(d.Locations, data.Location{ID: loc, LocationType: "physical", OrganizationID: testID(3, i/10), Name: fmt.Sprintf("Center %d", i),
			Latitude: num(47.5 + float64(i%100)/1000), Longitude: num(-122.3), Transportation: "Bus 7"})
		d.Addresses = append(d.Addresses, data.Address{ID: testID(8, i), LocationID: loc, Address1: fmt.Sprintf("%d Main St", i+1), City: "Seattle",
			StateProvince: "WA", PostalCode: "98118", Country: "US", AddressType: "physical"})
		d.ServiceAtLocations = append(d.ServiceAtLocations, data.ServiceAtLocation{ID: sal, ServiceID: svc, LocationID: loc, Description: "Main site"})
		d.Phones = append(d.Phones,
			data.Phone{ID: testID(9, 2*i), ServiceID: svc, Number: "206-555-0100", Extension: num(float64(i % 900)), Type: "voice"},
			data.Phone{ID: testID(9, 2*i+1), LocationID: loc, Number: "206-555-0199", Type: "text", Description: "Front desk"})
		d.Languages = append(d.Languages,
			data.Language{ID: testID(10, 3*i), ServiceID: svc, Name: "English", Code: "en"},
			data.Language{ID: testID(10, 3*i+1), ServiceID: svc, Name: "Other", Code: langs[i%len(langs)]},
			data.Language{ID: testID(10, 3*i+2), PhoneID: testID(9, 2*i), ServiceID: svc, Name: "Spanish", Code: "es", Note: "Interpreter on the line"})
		d.Schedules = append(d.Schedules, data.Schedule{ID: testID(11, i), ServiceID: svc, Freq: "WEEKLY", ByDay: "MO,TU,WE", OpensAt: "09:00", ClosesAt: "17:00", Interval: num(1), Description: "Weekdays"})
		d.ServiceAreas = append(d.ServiceAreas, data.ServiceArea{ID: testID(12, i), ServiceID: svc, Name: "South Seattle 98118", Description: "ZIP 98118 and 98108"})
		d.CostOptions = append(d.CostOptions, data.CostOption{ID: testID(13, i), ServiceID: svc, Option: "Free", Currency: "USD", Amount: num(0)})
		d.RequiredDocuments = append(d.RequiredDocuments, data.RequiredDocument{ID: testID(14, i), ServiceID: svc, Document: "Proof of address", URI: "https://example.org/doc"})
		d.Attributes = append(d.Attributes, data.Attribute{ID: testID(15, i), LinkID: svc, TaxonomyTermID: testID(2, 1+i%4), LinkType: "category", LinkEntity: "service"})
	}
	return d
}

// filled gives every empty field of every record of d a value of its
// kind (valid for the HSDS schemas), so that round trips and schema checks
// cover every column. References that Import checks are left as they are.
func filled(d Directory) Directory {
	checked := map[string]bool{}
	for _, t := range tables {
		for _, r := range t.refs {
			checked[t.name+"."+r.field] = true
		}
	}
	fixed := map[string]string{
		"status": data.ServiceActive, "location_type": "physical", "address_type": "postal", "country": "US",
		"wkst": "MO", "freq": "MONTHLY", "language": "es", "code": "es", "link_entity": "service",
		"email": "someone@example.org", "assurer_email": "checker@example.org", "last_modified": "2026-01-02T03:04:05Z",
		"url": "https://example.org/u", "website": "https://example.org/w", "uri": "https://example.org/i",
		"logo": "https://example.org/logo.png", "schedule_link": "https://example.org/s", "term_uri": "https://example.org/t",
		"assured_date": "2026-01-02", "valid_from": "2026-01-01", "valid_to": "2026-12-31", "dtstart": "2026-01-05", "until": "2026-12-28",
	}
	for _, t := range tables {
		s := t.records(&d)
		for i := 0; i < s.Len(); i++ {
			rec := s.Index(i)
			for k, c := range t.cols {
				if c.get(rec) != "" || checked[t.name+"."+c.name] {
					continue
				}
				switch v, ok := fixed[c.name]; {
				case c.number:
					c.setText(rec, fmt.Sprintf("%d.5", k+i))
				case ok:
					c.setText(rec, v)
				case c.name == "id" || len(c.name) > 3 && c.name[len(c.name)-3:] == "_id":
					c.setText(rec, testID(99, 1000*k+i))
				default:
					c.setText(rec, fmt.Sprintf("%s %s %d", t.name, c.name, i))
				}
			}
		}
	}
	return d
}
