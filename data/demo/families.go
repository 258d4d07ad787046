package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"trellis/data"
)

// families writes opts.Families households with everything that happens to
// them.
func (g *generator) families(ctx context.Context) error {
	weights := make([]int, len(cultures))
	for i, c := range cultures {
		weights[i] = c.weight
	}
	for i := 0; i < g.opts.Families; i++ {
		c := &cultures[g.weighted(weights)]
		if err := g.family(c, i); err != nil {
			return err
		}
		if err := g.step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// child is a generated child, for screenings and referrals.
type child struct {
	id    string
	birth data.Date
}

func (g *generator) family(c *culture, n int) error {
	nm := &c.roman
	if g.chance(c.nativeShare) {
		nm = &c.native
	}
	// Enrolled up to three years ago, more of them recently.
	enrolledDays := g.between(0, 3*365)
	if g.chance(0.5) {
		enrolledDays /= 3
	}
	enrolled := g.daysAgo(enrolledDays)
	navigator := g.opts.Navigator
	if navigator == "" {
		navigator = pick(g, navigators)
	}
	family := pick(g, nm.family)
	zip := pick(g, zips)
	h := data.Household{
		ID:           g.newID(),
		Name:         nm.household(family),
		HomeLanguage: c.lang,
		Phone:        fmt.Sprintf("%s-555-01%02d", pick(g, []string{"206", "253", "425"}), g.rng.IntN(100)),
		Address:      fmt.Sprintf("%d %s", g.between(100, 39999), pick(g, streets)),
		ZIP:          zip.code,
		ContactTimes: pick(g, contactTimes),
		Navigator:    navigator,
		Organization: navigatorOrgs[n%len(navigatorOrgs)],
		Notes:        pick(g, familyNotes),
		CreatedAt:    enrolled,
	}
	if c.lang != "en" {
		h.InterpreterNeeded = g.chance(0.6)
		if len(c.other) > 0 && g.chance(0.7) {
			h.OtherLanguages = []string{c.other[0]}
			if len(c.other) > 1 && g.chance(0.3) {
				h.OtherLanguages = append(h.OtherLanguages, c.other[1])
			}
		}
	}
	h.ContactMethod = data.ContactMethods[g.weighted([]int{45, 35, 5, 15})]
	if g.chance(0.35) {
		h.Email = fmt.Sprintf("family%05d@example.org", n+1)
	}
	if !g.chance(0.1) {
		h.ConsentContact, h.ConsentContactOn, h.ConsentContactBy = true, data.DateOf(enrolled), navigator
	}
	if h.ConsentContact && g.chance(0.8) {
		h.ConsentShare, h.ConsentShareOn, h.ConsentShareBy = true, data.DateOf(enrolled), navigator
	}
	if g.chance(0.55) {
		h.RaceEthnicity = pick(g, c.ethnicity)
	}
	if err := g.tx.AddHousehold(&h); err != nil {
		return err
	}
	g.sum.Families++

	// Caregivers: usually the mother, often a second parent or a grandparent.
	first := data.Member{ID: g.newID(), HouseholdID: h.ID, Role: data.RoleCaregiver}
	switch g.weighted([]int{82, 10, 6, 2}) {
	case 0:
		first.Relationship, first.GivenName = "mother", pick(g, nm.female)
	case 1:
		first.Relationship, first.GivenName = "father", pick(g, nm.male)
	case 2:
		first.Relationship, first.GivenName = "grandparent", pick(g, nm.female)
	default:
		first.Relationship, first.GivenName = "foster_parent", pick(g, nm.female)
	}
	first.FamilyName = g.surname(c, nm, family, first.Relationship != "father")
	caregivers := []data.Member{first}
	if g.chance(0.55) {
		second := data.Member{ID: g.newID(), HouseholdID: h.ID, Role: data.RoleCaregiver}
		if first.Relationship == "father" {
			second.Relationship, second.GivenName = "grandparent", pick(g, nm.female)
		} else {
			second.Relationship, second.GivenName = "father", pick(g, nm.male)
		}
		second.FamilyName = g.surname(c, nm, family, second.Relationship != "father")
		caregivers = append(caregivers, second)
	}
	for i := range caregivers {
		if err := g.tx.AddMember(&caregivers[i]); err != nil {
			return err
		}
		g.sum.Caregivers++
	}

	// One to three children under six.
	var kids []child
	for range 1 + g.weighted([]int{55, 33, 12}) {
		ageDays := g.between(3, 6*365-1)
		birth := g.today.AddDays(-ageDays)
		m := data.Member{ID: g.newID(), HouseholdID: h.ID, Role: data.RoleChild, BirthDate: birth, FamilyName: family}
		if g.chance(0.5) {
			m.GivenName = pick(g, nm.girls)
		} else {
			m.GivenName = pick(g, nm.boys)
		}
		if c.lang != "en" && g.chance(0.1) {
			m.Language = "en" // an older child who prefers English
		}
		if err := g.tx.AddMember(&m); err != nil {
			return err
		}
		g.sum.Children++
		kids = append(kids, child{m.ID, birth})
	}

	if err := g.contacts(&h, enrolledDays); err != nil {
		return err
	}
	if err := g.screenings(&h, kids, enrolledDays); err != nil {
		return err
	}
	return g.referrals(&h, kids, enrolledDays)
}

// surname returns a caregiver's family name. Women of cultures where they
// keep their own name get another surname (or, with patronymic names,
// their own father's name).
func (g *generator) surname(c *culture, nm *names, family string, woman bool) string {
	if !woman {
		return family
	}
	if c.keepsName && g.chance(0.8) {
		family = pick(g, nm.family)
	}
	if nm.femaleSurname != nil {
		return nm.femaleSurname(family)
	}
	return family
}

var contactNotes = map[string][]string{
	data.KindHomeVisit: {"Home visit: reviewed ASQ results together, family asked about speech.",
		"Brought diapers and a list of playgroups near home.", "Met both parents; baby sleeping better."},
	data.KindPhone: {"Called to check on the referral; no answer, left message.", "Talked about the waitlist and next steps.",
		"Mother asked about transportation to appointments."},
	data.KindText:  {"Texted reminder about Thursday group.", "Sent clinic address and phone number.", "Confirmed visit time."},
	data.KindGroup: {"Attended parent-child playgroup.", "Came to the Circle of Security group session."},
	data.KindEvent: {"Met at the community resource fair.", "Signed up at the library story time."},
}

func (g *generator) contacts(h *data.Household, enrolledDays int) error {
	for range g.between(1, 4) {
		kind := data.ContactKinds[g.weighted([]int{30, 35, 20, 10, 5})]
		lang := h.HomeLanguage
		if g.chance(0.15) {
			lang = "en"
		}
		at := g.daysAgo(g.between(0, enrolledDays))
		ct := data.Contact{ID: g.newID(), HouseholdID: h.ID, At: at, Kind: kind, Language: lang,
			Notes: pick(g, contactNotes[kind]), Navigator: h.Navigator}
		if err := g.tx.AddContact(&ct); err != nil {
			return err
		}
		g.sum.Contacts++
	}
	return nil
}

func (g *generator) screenings(h *data.Household, kids []child, enrolledDays int) error {
	for _, k := range kids {
		for range g.weighted([]int{30, 50, 20}) {
			ageDays := k.birth.DaysUntil(g.today)
			if ageDays < 60 {
				break
			}
			since := min(enrolledDays, ageDays-60)
			on := g.today.AddDays(-g.between(0, since))
			ageMonths := data.AgeInMonths(k.birth, on)
			s := data.Screening{ID: g.newID(), HouseholdID: h.ID, ChildID: k.id, On: on,
				Language: h.HomeLanguage, Navigator: h.Navigator}
			s.Outcome = data.ScreeningOutcomes[g.weighted([]int{65, 20, 15})]
			switch {
			case ageMonths >= 16 && ageMonths <= 30 && g.chance(0.4):
				s.Tool = data.ToolMCHATRF
				// M-CHAT-R total: 0-2 low risk, 3-7 medium, 8-20 high.
				score := map[string][2]int{data.OutcomeNoConcerns: {0, 2}, data.OutcomeMonitor: {3, 7}, data.OutcomeRefer: {8, 14}}[s.Outcome]
				s.Score = ptr(float64(g.between(score[0], score[1])))
			case g.chance(0.5):
				s.Tool = data.ToolASQSE2
				score := map[string][2]int{data.OutcomeNoConcerns: {0, 45}, data.OutcomeMonitor: {50, 75}, data.OutcomeRefer: {80, 160}}[s.Outcome]
				s.Score = ptr(float64(5 * (g.between(score[0], score[1]) / 5)))
			default:
				s.Tool = data.ToolASQ3
			}
			if s.Outcome != data.OutcomeNoConcerns {
				s.Notes = "Discussed results with the family and next steps."
			}
			if err := g.tx.AddScreening(&s); err != nil {
				return err
			}
			g.sum.Screenings++
		}
	}
	return nil
}

// reasons for referral by service kind.
var referralReasons = map[string][]string{
	"iecmh":     {"ASQ:SE-2 above cutoff; parent worried about tantrums and sleep.", "Mother reports low mood since the birth.", "Child witnessed family violence; parent asks for support."},
	"ei":        {"ASQ-3 communication score below cutoff.", "Not walking at 18 months.", "M-CHAT-R/F medium risk; follow-up interview recommended."},
	"home":      {"First-time parent asks for home visits.", "Family isolated after moving; wants regular support."},
	"group":     {"Family wants to meet other parents who speak the same language.", "Parent asks for ideas for play at home."},
	"basic":     {"Family needs diapers and formula.", "Behind on rent; at risk of eviction.", "Needs winter clothes for the children."},
	"health":    {"No pediatrician yet; child due for vaccines.", "Needs dental check-up."},
	"childcare": {"Parent starting work; needs child care.", "Looking for a preschool with a home-language classroom."},
}

// referrals writes two to eight referrals of the family (five on average)
// with plausible status histories, and follow-ups.
func (g *generator) referrals(h *data.Household, kids []child, enrolledDays int) error {
	for range g.between(2, 8) {
		svc := g.serviceFor(h.HomeLanguage)
		created := g.daysAgo(g.between(0, enrolledDays))
		r := data.Referral{ID: g.newID(), HouseholdID: h.ID, ServiceID: svc.id, CreatedAt: created,
			Navigator: h.Navigator, Reason: pick(g, referralReasons[svc.kind])}
		r.Priority = data.ReferralPriorities[g.weighted([]int{80, 15, 5})]
		if g.chance(0.75) {
			r.ChildID = pick(g, kids).id
		}
		path := g.statusPath(created)
		if err := g.tx.Insert(&r); err != nil {
			return err
		}
		g.sum.Referrals++
		// Each status after the first names the one it followed.
		prev := ""
		for _, step := range path {
			e := data.ReferralEvent{ID: g.newID(), ReferralID: r.ID, HouseholdID: h.ID, Status: step.status,
				At: step.at, By: h.Navigator, Note: step.note, PrevID: prev}
			if err := g.tx.Insert(&e); err != nil {
				return err
			}
			prev = e.ID
			g.sum.ReferralEvents++
		}
		last := path[len(path)-1]
		if !data.ClosedStatus(last.status) && g.chance(0.5) {
			if err := g.followUp(h, r.ID, last.at); err != nil {
				return err
			}
		}
	}
	if g.chance(0.3) {
		return g.followUp(h, "", g.daysAgo(g.between(0, enrolledDays)))
	}
	return nil
}

// followUp schedules a follow-up after since: some overdue, some due
// today, some ahead; older ones are mostly done.
func (g *generator) followUp(h *data.Household, referralID string, since time.Time) error {
	var due data.Date
	switch g.weighted([]int{25, 10, 45, 20}) {
	case 0: // overdue
		due = g.today.AddDays(-g.between(1, 21))
	case 1:
		due = g.today
	case 2:
		due = g.today.AddDays(g.between(1, 30))
	default: // long past, usually done
		due = data.DateOf(since).AddDays(g.between(3, 14))
		if due.After(g.today) {
			due = g.today
		}
	}
	f := data.FollowUp{ID: g.newID(), HouseholdID: h.ID, ReferralID: referralID, Due: due, Navigator: h.Navigator, CreatedAt: since}
	if referralID != "" {
		f.Note = pick(g, []string{"Call the family: did the provider reach them?", "Check whether the intake appointment happened.",
			"Ask the provider for an update.", "Help family complete the intake forms."})
	} else {
		f.Note = pick(g, []string{"Check in about housing.", "Re-screen with ASQ-3 at next age interval.", "Invite to the next playgroup."})
	}
	if due.Before(g.today.AddDays(-21)) && g.chance(0.85) {
		f.DoneAt, f.DoneBy = due.Time().Add(time.Duration(g.between(9, 17))*time.Hour), h.Navigator
	}
	if err := g.tx.AddFollowUp(&f); err != nil {
		return err
	}
	g.sum.FollowUps++
	return nil
}

// statusStep is one generated entry of a referral's history.
type statusStep struct {
	status string
	at     time.Time
	note   string
}

// statusPath makes a referral's history from its creation: requested,
// then usually accepted and started, sometimes put on hold, rejected,
// cancelled or failed, never later than now. The first step is the
// creation (requested, or draft).
func (g *generator) statusPath(created time.Time) []statusStep {
	if g.chance(0.04) {
		return []statusStep{{data.StatusDraft, created, "Drafted; waiting for the family's consent to share."}}
	}
	path := []statusStep{{data.StatusRequested, created, "Sent referral with the family's consent."}}
	at := created
	next := func(minDays, maxDays int, status, note string) bool {
		t := at.Add(time.Duration(g.between(minDays*24, maxDays*24))*time.Hour + time.Duration(g.between(0, 3599))*time.Second)
		if !t.Before(g.now) {
			return false
		}
		at = t
		path = append(path, statusStep{status, at, note})
		return true
	}
	switch g.weighted([]int{74, 8, 8, 10}) {
	case 1:
		next(2, 20, data.StatusRejected, pick(g, []string{"Provider: outside service area.", "Provider: child not eligible by age.", "Provider: no openings for this program."}))
		return path
	case 2:
		next(1, 30, data.StatusCancelled, pick(g, []string{"Family moved out of the county.", "Family decided not to continue.", "Found services on their own."}))
		return path
	case 3:
		if next(3, 20, data.StatusAccepted, "Provider accepted; intake being scheduled.") {
			next(10, 60, data.StatusFailed, pick(g, []string{"Provider could not reach the family after three tries.", "Family missed intake twice."}))
		}
		return path
	}
	if !next(1, 14, data.StatusAccepted, "Provider accepted the referral.") {
		return path
	}
	if g.chance(0.12) {
		if !next(3, 20, data.StatusOnHold, pick(g, []string{"Waitlist: about six weeks.", "Family travelling; paused."})) {
			return path
		}
	}
	if !next(4, 45, data.StatusInProgress, pick(g, []string{"Intake done; services started.", "First session held.", "First home visit done."})) {
		return path
	}
	if g.chance(0.5) {
		next(30, 200, data.StatusCompleted, pick(g, []string{"Services completed; family satisfied.", "Graduated from the program."}))
	}
	return path
}

// serviceFor picks a service to refer a family to, usually one offered in
// the family's home language.
func (g *generator) serviceFor(lang string) *generatedService {
	base, _, _ := strings.Cut(lang, "-")
	if idx := g.byLang[base]; len(idx) > 0 && g.chance(0.8) {
		return &g.services[pick(g, idx)]
	}
	return &g.services[g.rng.IntN(len(g.services))]
}
