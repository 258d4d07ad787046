package data

import (
	"strings"
	"time"
)

// WorkforceRoles are the roles of people on the training roster.
var WorkforceRoles = []string{"navigator", "parent_educator", "provider", "supervisor", "other"}

// The voluntary demographics a person on the roster may give; "" is "not
// given". They are counted only in suppressed figures (data/report).
var (
	Genders         = []string{"woman", "man", "another_gender"}
	RaceEthnicities = []string{"american_indian_alaska_native", "asian", "black", "hispanic_latino",
		"middle_eastern_north_african", "native_hawaiian_pacific_islander", "white", "multiracial", "another_race"}
	AgeGroups = []string{"under_25", "25_34", "35_44", "45_54", "55_64", "65_over"}
)

// TrainingPerson is one person on the workforce roster: a navigator,
// parent educator, provider or supervisor who attends trainings or
// reflective practice. Languages and demographics are given voluntarily.
type TrainingPerson struct {
	ID           string `db:"id"`
	Name         string `db:"name"`
	Role         string `db:"role"`
	Organization string `db:"organization"`
	// Account is the person's user name on the county server, if any:
	// reflective notes go to the account of a participant's supervisor.
	Account string `db:"account"`
	// SupervisorID is the roster id of the person's own supervisor ("" for none).
	SupervisorID  string   `db:"supervisor_id"`
	Languages     []string `db:"languages"` // BCP 47 tags, voluntary
	Gender        string   `db:"gender"`
	RaceEthnicity string   `db:"race_ethnicity"`
	AgeGroup      string   `db:"age_group"`
}

// Validate checks every field of p.
func (p *TrainingPerson) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	p.Organization = strings.TrimSpace(p.Organization)
	p.Account = strings.TrimSpace(p.Account)
	for i, l := range p.Languages {
		p.Languages[i] = canonicalOrSame(l)
	}
	c := Checker{Kind: "person"}
	c.Required("name", p.Name, MaxName)
	c.Choice("role", p.Role, false, WorkforceRoles...)
	c.Required("organization", p.Organization, MaxName)
	c.MaxLen("account", p.Account, MaxName)
	c.ID("supervisor_id", p.SupervisorID, false)
	if p.SupervisorID != "" && p.SupervisorID == p.ID {
		c.Add("supervisor_id", CodeInvalidChoice, p.SupervisorID)
	}
	c.Languages("languages", p.Languages)
	c.Choice("gender", p.Gender, true, Genders...)
	c.Choice("race_ethnicity", p.RaceEthnicity, true, RaceEthnicities...)
	c.Choice("age_group", p.AgeGroup, true, AgeGroups...)
	return c.Err()
}

// MaxSessionMinutes is the longest a training or a reflective session may
// last: a full day.
const MaxSessionMinutes = 24 * 60

// Training is one training session a trainer gave.
type Training struct {
	ID       string `db:"id"`
	Topic    string `db:"topic"`
	On       Date   `db:"held_on"`
	Minutes  int    `db:"minutes"`  // how long it lasted
	Language string `db:"language"` // the language it was given in
	Trainer  string `db:"trainer"`
	// MaterialIDs are the training materials it used.
	MaterialIDs []string `db:"material_ids"`
}

// Hours is how long the training lasted, in hours.
func (t *Training) Hours() float64 { return float64(t.Minutes) / 60 }

// Validate checks every field of t.
func (t *Training) Validate(now time.Time) error {
	t.Topic = strings.TrimSpace(t.Topic)
	t.Trainer = strings.TrimSpace(t.Trainer)
	t.Language = canonicalOrSame(t.Language)
	c := Checker{Kind: "training", Now: now}
	c.Required("topic", t.Topic, MaxName)
	c.PastDate("held_on", t.On, true)
	if t.Minutes <= 0 || t.Minutes > MaxSessionMinutes {
		c.Add("minutes", CodeOutOfRange, "")
	}
	c.Required("language", t.Language, 35)
	c.Language("language", t.Language)
	c.Required("trainer", t.Trainer, MaxName)
	for _, id := range t.MaterialIDs {
		c.ID("material_ids", id, true)
	}
	return c.Err()
}

// TrainingAttendance records that a person on the roster attended a
// training. It is never changed; a mistake is deleted.
type TrainingAttendance struct {
	ID         string `db:"id"`
	TrainingID string `db:"training_id"`
	PersonID   string `db:"person_id"`
	// Organization is the one the person worked for when they attended:
	// the figures count them there even after they move.
	Organization string `db:"organization"`
}

// Validate checks every field of a.
func (a *TrainingAttendance) Validate() error {
	c := Checker{Kind: "attendance"}
	c.ID("training_id", a.TrainingID, true)
	c.ID("person_id", a.PersonID, true)
	c.MaxLen("organization", a.Organization, MaxName)
	return c.Err()
}
