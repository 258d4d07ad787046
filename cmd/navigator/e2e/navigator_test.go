package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// directoryJSON is the county's service directory the navigator imports:
// one service in Arabic for children of any age, one in Arabic for 3 to
// 5 year olds and one in Somali, so that the language and age filters
// each leave one out.
const directoryJSON = `[
 {"id": "00000004-0000-4000-8000-00000000e201", "name": "Family Play Group", "status": "active",
  "description": "Play and talk with other parents and their babies.",
  "application_process": "Call to book a place.",
  "minimum_age": 0, "maximum_age": 5,
  "languages": [{"id": "00000004-0000-4000-8000-00000000e2a1", "name": "Arabic", "code": "ar"},
                {"id": "00000004-0000-4000-8000-00000000e2a2", "name": "English", "code": "en"}]},
 {"id": "00000004-0000-4000-8000-00000000e202", "name": "Preschool Speech Clinic", "status": "active",
  "minimum_age": 3, "maximum_age": 5,
  "languages": [{"id": "00000004-0000-4000-8000-00000000e2a3", "name": "Arabic", "code": "ar"}]},
 {"id": "00000004-0000-4000-8000-00000000e203", "name": "Toddler Circle", "status": "active",
  "minimum_age": 0, "maximum_age": 3,
  "languages": [{"id": "00000004-0000-4000-8000-00000000e2a4", "name": "Somali", "code": "so"}]}
]`

const playGroupID = "00000004-0000-4000-8000-00000000e201"

// household is what navctl family show --json says of a family.
type household struct {
	Household struct {
		ID, Name, HomeLanguage string
		ConsentShare           bool
	}
	Members []struct {
		ID, Role, GivenName, BirthDate string
	}
	Contacts []struct {
		Kind, Language string
	}
	Screenings []struct {
		ChildID, Tool, Outcome string
	}
	Referrals []struct {
		ID, ServiceID, ChildID, Status string
	}
	FollowUps []struct {
		ID, Note, Due string
		ReferralID    string
	}
}

// families is navctl family list --json.
type families struct {
	Total int
	Items []struct{ ID, Name, HomeLanguage string }
}

// TestNavigatorFlow is a navigator's first day, in English and in Arabic,
// done with the mouse and keyboard in the real app: first run without
// demo data, the county's directory imported from Settings, a family
// added with its home language, a child, a home visit, a screening that
// says refer, a service found by language and age, the referral, its
// status changed twice, and a follow-up that shows on Today.
func TestNavigatorFlow(t *testing.T) {
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			navigatorFlow(t, lang)
		})
	}
}

func navigatorFlow(t *testing.T, lang string) {
	a := newApp(t, lang)
	home := a.home()
	if err := os.WriteFile(filepath.Join(home, "county.json"), []byte(directoryJSON), 0o644); err != nil {
		t.Fatal(err)
	}
	a.start()

	// First run: name and organization, no demo data.
	a.fill(a.placeholder("firstrun.name_hint"), "Ana Navigator")
	a.fill(a.placeholder("firstrun.org_hint"), "Eastside Family Center")
	a.shot("firstrun")
	a.click(a.msg("firstrun.start"))
	a.wait(a.msg("empty.import"))
	a.shot("today-empty")

	// Settings: import the directory file.
	a.click(a.msg("nav.settings"))
	a.click(a.msg("settings.directory_import_file"))
	a.click(a.text("county"))
	a.shot("file-dialog")
	a.clickOpen()
	a.wait(a.msg("directory.imported", map[string]any{"Services": 3, "Added": 3, "Updated": 0, "Inactive": 0}))
	a.shot("imported")
	a.eventually(func() string {
		var found struct{ Total int }
		a.navctl(&found, "resource", "search")
		if found.Total != 3 {
			return fmt.Sprintf("navctl finds %d services, want the 3 imported", found.Total)
		}
		return ""
	})
	a.shot("imported")

	// A family whose home language is Arabic, consenting to share.
	a.click(a.msg("nav.families"))
	a.click(a.button("families.new"))
	a.fill(a.placeholder("family.name_hint"), "Hassan")
	a.choose(a.field("*ui.choice", "field.home_language"), a.languageName("ar"))
	a.click(a.text(a.loc.T("family.consent_share")))
	a.shot("family-form")
	a.click(a.button("action.save"))
	var fams families
	a.eventually(func() string {
		a.navctl(&fams, "family", "list")
		if fams.Total != 1 || fams.Items[0].HomeLanguage != "ar" {
			return fmt.Sprintf("navctl lists %+v, want one family whose home language is ar", fams.Items)
		}
		return ""
	})
	familyID := fams.Items[0].ID
	show := func() household {
		var h household
		a.navctl(&h, "family", "show", familyID)
		return h
	}

	// A child of 20 months.
	born := time.Now().AddDate(0, -20, 0).Format("2006-01-02")
	a.click(a.button("family.add_child"))
	a.fill(a.field("*ui.textEntry", "field.given_name"), "Lina")
	a.fill(a.field("*ui.textEntry", "field.birth_date"), born)
	a.shot("child-form")
	a.click(a.button("action.save"))
	var h household
	a.eventually(func() string {
		h = show()
		if len(h.Members) != 1 || h.Members[0].GivenName != "Lina" || h.Members[0].BirthDate != born {
			return fmt.Sprintf("the family's members are %+v, want Lina born %s", h.Members, born)
		}
		return ""
	})
	childID := h.Members[0].ID

	// A home visit.
	a.click(a.button("family.log_contact"))
	a.choose(a.field("*ui.choice", "field.kind"), a.loc.T("kind.home_visit"))
	a.click(a.button("action.save"))
	a.eventually(func() string {
		if h = show(); len(h.Contacts) != 1 || h.Contacts[0].Kind != "home_visit" {
			return fmt.Sprintf("the family's contacts are %+v, want one home visit", h.Contacts)
		}
		return ""
	})

	// A screening whose outcome is refer.
	a.click(a.button("family.record_screening"))
	a.choose(a.field("*ui.choice", "field.tool"), a.loc.T("tool.asq3"))
	a.choose(a.field("*ui.choice", "field.outcome"), a.loc.T("outcome.refer"))
	a.shot("screening-form")
	a.click(a.button("action.save"))
	a.eventually(func() string {
		if h = show(); len(h.Screenings) != 1 || h.Screenings[0].Outcome != "refer" || h.Screenings[0].ChildID != childID {
			return fmt.Sprintf("the family's screenings are %+v, want one of Lina that says refer", h.Screenings)
		}
		return ""
	})

	// Refer: the directory, filtered by language and age.
	a.click(a.button("family.refer"))
	a.wait(a.contains("Family Play Group"))
	a.choose(a.placeholder("directory.any_age"), a.loc.T("directory.age_1"))
	a.waitGone(a.contains("Preschool Speech Clinic"))
	a.waitGone(a.contains("Toddler Circle"))
	a.shot("directory-filtered")
	a.clickUntil(a.contains("Family Play Group"), a.blueButton("directory.refer"))
	a.click(a.blueButton("directory.refer"))
	a.fill(a.field("*ui.textEntry", "field.reason"), "Screening says refer")
	a.shot("referral-form")
	a.click(a.button("action.save"))
	var referralID string
	a.eventually(func() string {
		if h = show(); len(h.Referrals) != 1 || h.Referrals[0].ServiceID != playGroupID || h.Referrals[0].Status != "requested" {
			return fmt.Sprintf("the family's referrals are %+v, want one to Family Play Group, requested", h.Referrals)
		}
		referralID = h.Referrals[0].ID
		return ""
	})

	// The referral's status: accepted, then services started.
	a.click(a.msg("nav.referrals"))
	a.clickUntil(a.contains("Family Play Group"), enabled(a.placeholder("referrals.new_status")))
	for _, status := range []string{"accepted", "in-progress"} {
		a.choose(a.placeholder("referrals.new_status"), a.loc.T("status."+status))
		a.shot("status-" + status)
		a.click(a.button("referrals.change_status"))
		a.eventually(func() string {
			if h = show(); len(h.Referrals) != 1 || h.Referrals[0].Status != status {
				return fmt.Sprintf("the family's referrals are %+v, want its status %s", h.Referrals, status)
			}
			return ""
		})
	}

	// A follow-up due today, seen on Today.
	a.click(a.button("family.schedule_followup"))
	today := time.Now().Format("2006-01-02")
	a.fill(a.field("*ui.textEntry", "field.due_on"), today)
	const note = "Call back" // short: the row on Today is cut to its width
	a.fill(a.field("*ui.textEntry", "field.note"), note)
	a.click(a.button("action.save"))
	a.eventually(func() string {
		h = show()
		for _, f := range h.FollowUps {
			if f.Note == note && f.Due == today && f.ReferralID == referralID {
				return ""
			}
		}
		return fmt.Sprintf("the family's follow-ups are %+v, want one of the referral due %s: %q", h.FollowUps, today, note)
	})
	a.click(a.msg("nav.today"))
	a.wait(a.contains(note))
	a.shot("today")
}
