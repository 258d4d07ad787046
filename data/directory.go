package data

import "strings"

// The service directory follows the Open Referral Human Services Data
// Specification (HSDS) 3.0: field names and meanings are HSDS's, so that a
// county directory can be imported and exported without loss. Every record
// has an HSDS id (a UUID). Ages are in years, as in HSDS.

// Service statuses (HSDS service.status).
const (
	ServiceActive            = "active"
	ServiceInactive          = "inactive"
	ServiceDefunct           = "defunct"
	ServiceTemporarilyClosed = "temporarily closed"
)

// Organization is an HSDS organization: the provider that runs services.
type Organization struct {
	ID                   string   `db:"id"`
	Name                 string   `db:"name"`
	AlternateName        string   `db:"alternate_name"`
	Description          string   `db:"description"`
	Email                string   `db:"email"`
	Website              string   `db:"website"`
	TaxStatus            string   `db:"tax_status"`
	TaxID                string   `db:"tax_id"`
	YearIncorporated     *float64 `db:"year_incorporated"`
	LegalStatus          string   `db:"legal_status"`
	Logo                 string   `db:"logo"`
	URI                  string   `db:"uri"`
	ParentOrganizationID string   `db:"parent_organization_id"`
}

// Validate checks the fields HSDS requires.
func (o *Organization) Validate() error {
	c := Checker{Kind: "organization"}
	c.ID("id", o.ID, true)
	c.Required("name", o.Name, MaxName)
	c.MaxLen("description", o.Description, MaxNote)
	c.ID("parent_organization_id", o.ParentOrganizationID, false)
	return c.Err()
}

// Service is an HSDS service: what a family can be referred to.
type Service struct {
	ID                     string   `db:"id"`
	OrganizationID         string   `db:"organization_id"`
	ProgramID              string   `db:"program_id"`
	Name                   string   `db:"name"`
	AlternateName          string   `db:"alternate_name"`
	Description            string   `db:"description"`
	URL                    string   `db:"url"`
	Email                  string   `db:"email"`
	Status                 string   `db:"status"`
	InterpretationServices string   `db:"interpretation_services"`
	ApplicationProcess     string   `db:"application_process"`
	FeesDescription        string   `db:"fees_description"`
	WaitTime               string   `db:"wait_time"`
	Fees                   string   `db:"fees"`
	Accreditations         string   `db:"accreditations"`
	EligibilityDescription string   `db:"eligibility_description"`
	MinimumAge             *float64 `db:"minimum_age"`  // years
	MaximumAge             *float64 `db:"maximum_age"`  // years
	AssuredDate            string   `db:"assured_date"` // when the record was last verified
	AssurerEmail           string   `db:"assurer_email"`
	Licenses               string   `db:"licenses"`
	Alert                  string   `db:"alert"`
	LastModified           string   `db:"last_modified"`
	// Source says where the record came from: an imported file's name, the
	// county server, or "demo".
	Source string `db:"source"`
}

// Validate checks the fields HSDS requires.
func (s *Service) Validate() error {
	s.Name = strings.TrimSpace(s.Name)
	c := Checker{Kind: "service"}
	c.ID("id", s.ID, true)
	c.ID("organization_id", s.OrganizationID, false)
	c.Required("name", s.Name, MaxName)
	c.Choice("status", s.Status, false, ServiceActive, ServiceInactive, ServiceDefunct, ServiceTemporarilyClosed)
	c.MaxLen("description", s.Description, MaxNote)
	c.MaxLen("eligibility_description", s.EligibilityDescription, MaxNote)
	if s.MinimumAge != nil && (*s.MinimumAge < 0 || *s.MinimumAge > 130) {
		c.Add("minimum_age", CodeOutOfRange, "")
	}
	if s.MaximumAge != nil && (*s.MaximumAge < 0 || *s.MaximumAge > 130) {
		c.Add("maximum_age", CodeOutOfRange, "")
	}
	return c.Err()
}

// ServesAgeMonths reports whether a child of the given age in months is
// within the service's age eligibility. HSDS ages are in years; a whole
// maximum age includes that whole year ("up to 5" serves a child of 5
// years and 11 months).
func (s *Service) ServesAgeMonths(months int) bool {
	if s.MinimumAge != nil && float64(months) < *s.MinimumAge*12 {
		return false
	}
	if max := s.MaximumAge; max != nil {
		limit := *max * 12
		if *max == float64(int(*max)) {
			limit += 11
		}
		if float64(months) > limit {
			return false
		}
	}
	return true
}

// ServiceTranslation is a service's name, description and eligibility in
// one language other than the record's own. HSDS holds one language per
// record; Trellis keeps the others here.
type ServiceTranslation struct {
	ID                     string `db:"id"`
	ServiceID              string `db:"service_id"`
	Language               string `db:"language"`
	Name                   string `db:"name"`
	Description            string `db:"description"`
	EligibilityDescription string `db:"eligibility_description"`
}

// Validate checks every field of t.
func (t *ServiceTranslation) Validate() error {
	t.Language = canonicalOrSame(t.Language)
	c := Checker{Kind: "service translation"}
	c.ID("service_id", t.ServiceID, true)
	c.Required("language", t.Language, 35)
	c.Language("language", t.Language)
	c.MaxLen("name", t.Name, MaxName)
	c.MaxLen("description", t.Description, MaxNote)
	c.MaxLen("eligibility_description", t.EligibilityDescription, MaxNote)
	return c.Err()
}

// Location is an HSDS location: where services are delivered.
type Location struct {
	ID                     string   `db:"id"`
	LocationType           string   `db:"location_type"` // physical, postal, virtual
	URL                    string   `db:"url"`
	OrganizationID         string   `db:"organization_id"`
	Name                   string   `db:"name"`
	AlternateName          string   `db:"alternate_name"`
	Description            string   `db:"description"`
	Transportation         string   `db:"transportation"`
	Latitude               *float64 `db:"latitude"`
	Longitude              *float64 `db:"longitude"`
	ExternalIdentifier     string   `db:"external_identifier"`
	ExternalIdentifierType string   `db:"external_identifier_type"`
}

// Validate checks the fields HSDS requires.
func (l *Location) Validate() error {
	c := Checker{Kind: "location"}
	c.ID("id", l.ID, true)
	c.Choice("location_type", l.LocationType, false, "physical", "postal", "virtual")
	c.ID("organization_id", l.OrganizationID, false)
	return c.Err()
}

// Address is an HSDS address of a location.
type Address struct {
	ID            string `db:"id"`
	LocationID    string `db:"location_id"`
	Attention     string `db:"attention"`
	Address1      string `db:"address_1"`
	Address2      string `db:"address_2"`
	City          string `db:"city"`
	Region        string `db:"region"`
	StateProvince string `db:"state_province"`
	PostalCode    string `db:"postal_code"`
	Country       string `db:"country"`
	AddressType   string `db:"address_type"`
}

// Validate checks the fields HSDS requires.
func (a *Address) Validate() error {
	c := Checker{Kind: "address"}
	c.ID("id", a.ID, true)
	c.ID("location_id", a.LocationID, true)
	c.Required("address_1", a.Address1, MaxShort)
	c.Required("city", a.City, MaxName)
	c.Required("state_province", a.StateProvince, MaxName)
	c.Required("postal_code", a.PostalCode, 20)
	c.Required("country", a.Country, 2)
	c.Choice("address_type", a.AddressType, false, "physical", "postal", "virtual")
	return c.Err()
}

// ServiceAtLocation is HSDS's link between a service and a location.
type ServiceAtLocation struct {
	ID          string `db:"id"`
	ServiceID   string `db:"service_id"`
	LocationID  string `db:"location_id"`
	Description string `db:"description"`
}

// Phone is an HSDS phone number of a service, location or organization.
type Phone struct {
	ID                  string   `db:"id"`
	LocationID          string   `db:"location_id"`
	ServiceID           string   `db:"service_id"`
	OrganizationID      string   `db:"organization_id"`
	ContactID           string   `db:"contact_id"`
	ServiceAtLocationID string   `db:"service_at_location_id"`
	Number              string   `db:"number"`
	Extension           *float64 `db:"extension"`
	Type                string   `db:"type"`
	Description         string   `db:"description"`
}

// Language is an HSDS language in which a service, location or phone line
// is offered. Code is a BCP 47 / ISO 639 code.
type Language struct {
	ID         string `db:"id"`
	ServiceID  string `db:"service_id"`
	LocationID string `db:"location_id"`
	PhoneID    string `db:"phone_id"`
	Name       string `db:"name"`
	Code       string `db:"code"`
	Note       string `db:"note"`
}

// Schedule is an HSDS schedule: when a service or location is open,
// following iCalendar recurrence rules.
type Schedule struct {
	ID                  string   `db:"id"`
	ServiceID           string   `db:"service_id"`
	LocationID          string   `db:"location_id"`
	ServiceAtLocationID string   `db:"service_at_location_id"`
	ValidFrom           string   `db:"valid_from"`
	ValidTo             string   `db:"valid_to"`
	DTStart             string   `db:"dtstart"`
	Timezone            *float64 `db:"timezone"`
	Until               string   `db:"until"`
	Count               *float64 `db:"count"`
	WKST                string   `db:"wkst"`
	Freq                string   `db:"freq"`
	Interval            *float64 `db:"interval"`
	ByDay               string   `db:"byday"`
	ByWeekNo            string   `db:"byweekno"`
	ByMonthDay          string   `db:"bymonthday"`
	ByYearDay           string   `db:"byyearday"`
	Description         string   `db:"description"`
	OpensAt             string   `db:"opens_at"`
	ClosesAt            string   `db:"closes_at"`
	ScheduleLink        string   `db:"schedule_link"`
	AttendingType       string   `db:"attending_type"`
	Notes               string   `db:"notes"`
}

// ServiceArea is an HSDS service area: where a service's clients may live.
// Trellis matches a family's ZIP code against the ZIP codes written in an
// area's name, description or extent.
type ServiceArea struct {
	ID          string `db:"id"`
	ServiceID   string `db:"service_id"`
	Name        string `db:"name"`
	Description string `db:"description"`
	Extent      string `db:"extent"`
	ExtentType  string `db:"extent_type"`
	URI         string `db:"uri"`
}

// CostOption is an HSDS cost option of a service.
type CostOption struct {
	ID                string   `db:"id"`
	ServiceID         string   `db:"service_id"`
	ValidFrom         string   `db:"valid_from"`
	ValidTo           string   `db:"valid_to"`
	Option            string   `db:"option"`
	Currency          string   `db:"currency"`
	Amount            *float64 `db:"amount"`
	AmountDescription string   `db:"amount_description"`
}

// RequiredDocument is an HSDS required document: what to bring.
type RequiredDocument struct {
	ID        string `db:"id"`
	ServiceID string `db:"service_id"`
	Document  string `db:"document"`
	URI       string `db:"uri"`
}

// Taxonomy is an HSDS taxonomy: a published vocabulary of terms.
type Taxonomy struct {
	ID          string `db:"id"`
	Name        string `db:"name"`
	Description string `db:"description"`
	URI         string `db:"uri"`
	Version     string `db:"version"`
}

// TaxonomyTerm is an HSDS taxonomy term: a category of service.
type TaxonomyTerm struct {
	ID          string `db:"id"`
	Code        string `db:"code"`
	Name        string `db:"name"`
	Description string `db:"description"`
	ParentID    string `db:"parent_id"`
	Taxonomy    string `db:"taxonomy"`
	Language    string `db:"language"`
	TaxonomyID  string `db:"taxonomy_id"`
	TermURI     string `db:"term_uri"`
}

// Attribute is an HSDS attribute: it tags a record (LinkType/LinkID) with a
// taxonomy term, which is how services get their categories.
type Attribute struct {
	ID             string `db:"id"`
	LinkID         string `db:"link_id"`
	TaxonomyTermID string `db:"taxonomy_term_id"`
	LinkType       string `db:"link_type"`
	LinkEntity     string `db:"link_entity"`
	Value          string `db:"value"`
}

// Cost classes used by the directory's cost filter. They are derived from a
// service's cost options.
const (
	CostFree         = "free"
	CostSlidingScale = "sliding_scale"
	CostFee          = "fee"
	CostUnknown      = ""
)
